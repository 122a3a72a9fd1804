import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { ExprError, parseConstant, parseExpr, toText, toLatex, encloseConstant } from '../../src/expr/index.js';

const scope = { variables: ['x', 'y'] };

describe('parseExpr', () => {
  it('reads decimal literals exactly', () => {
    const e = parseConstant('0.1');
    expect(e.kind === 'num' && e.value.equals(Rational.of(1, 10))).toBe(true);
    const n = parseConstant(0.1);
    expect(n.kind === 'num' && n.value.equals(Rational.of(1, 10))).toBe(true);
    const big = parseConstant('2.5e-3');
    expect(big.kind === 'num' && big.value.equals(Rational.of(1, 400))).toBe(true);
  });

  it('round-trips through text', () => {
    for (const s of ['(x+y)^2/((x+y)^2+1)', '1 - exp(-x^2 - y^2)', 'max(x, y, 3)', '-x^2', 'x^(1/3) * sigmoid(-y)', 'log(1 + exp(-2*x*relu(y)))']) {
      const e = parseExpr(s, scope);
      const again = parseExpr(toText(e), scope);
      expect(toText(again)).toBe(toText(e));
    }
  });

  it('unary minus binds weaker than ^ (mathjs semantics)', () => {
    expect(toText(parseExpr('-x^2', scope))).toBe('-x^2');
    expect(toText(parseExpr('(-x)^2', scope))).toBe('(-x)^2');
  });

  it('encloses exact constant strings rigorously', () => {
    const iv = encloseConstant(parseConstant('(3-sqrt(3))/4'));
    const v = (3 - Math.sqrt(3)) / 4;
    expect(iv.lo).toBeLessThanOrEqual(v);
    expect(iv.hi).toBeGreaterThanOrEqual(v);
    expect(iv.hi - iv.lo).toBeLessThan(1e-15);
  });

  it('prints LaTeX', () => {
    expect(toLatex(parseExpr('(x^2+y^2)/(1+x^2+y^2)', scope))).toContain('\\frac');
    expect(toLatex(parseExpr('sqrt(abs(x))', scope))).toBe('\\sqrt{\\left|x\\right|}');
  });

  const errors: [string, RegExp, number | undefined][] = [
    ['x + * y', /syntax error/, 5],
    ['(x + y', /syntax error/, undefined],
    ['x + z', /unknown variable 'z'/, 5],
    ['foo(x)', /unknown function 'foo'/, 1],
    ['exp(x, y)', /exp takes 1 argument/, 1],
    ['x % y', /unsupported operator/, 3],
    ['x(y)', /is a variable, not a function/, 1],
    ['exp', /used without arguments/, 1],
    // mathjs reads '#' as a comment: the rest was ignored without a word
    ['x^2 # + 5', /'#' is not allowed in an expression/, 5],
  ];
  for (const [text, msg, col] of errors) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      try {
        parseExpr(text, scope);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(ExprError);
        expect((err as Error).message).toMatch(msg);
        if (col !== undefined) expect((err as ExprError).column).toBe(col);
      }
    });
  }
});
