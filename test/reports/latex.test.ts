import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { compileFloat, gradient, parseExpr, toLatex, type Expr } from '../../src/expr/index.js';
import { displayLatex, tidy, together } from '../../src/reports/latex.js';

const scope = { variables: ['x', 'y'] };
const P = (s: string) => parseExpr(s, scope);
/** The LaTeX as KaTeX typesets it, as plain text (what a reader sees). */
const rendered = (latex: string) =>
  katex
    .renderToString(latex, { output: 'html', throwOnError: true })
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z]+;/g, ' ');

describe('toLatex: subtraction', () => {
  it('prints a - b, never a + -b', () => {
    expect(toLatex(P('x - 1'))).toBe('x - 1');
    expect(toLatex(P('x + -1'))).toBe('x - 1');
    expect(toLatex(P('(x - y - 1/2)/2'))).toBe('\\frac{x - y - \\frac{1}{2}}{2}');
    expect(toLatex(P('x - 2*y'))).toBe('x - 2 \\, y');
    expect(toLatex(P('x + (-3)*y'))).toBe('x - 3 \\, y');
    expect(toLatex(P('x - (y + 1)'))).toBe('x - \\left(y + 1\\right)');
    expect(toLatex(P('(x^2 - 1)^2'))).toBe('{\\left({x}^{2} - 1\\right)}^{2}');
    expect(toLatex(P('sqrt(2*sqrt(3) - 3)'))).toBe('\\sqrt{2 \\, \\sqrt{3} - 3}');
    expect(toLatex(P('-1*x'))).toBe('-x');
    expect(toLatex(P('x - y/2'))).toMatch(/^x - /);
    for (const s of ['x - 1', '(x - y - 1/2)/2', 'x + (-3)*y', '(x-1)^2 + (y-1)^2', '1 - exp(-(x-2)^2 - y^2)', 'x - 1/2*y']) {
      const text = rendered(toLatex(P(s)));
      expect(text, s).not.toMatch(/\+\s*[−-]/);
    }
  });

  it('prints indexed names as subscripts KaTeX accepts', () => {
    const p = parseExpr('W_0_1 * x1 + w_hidden', { variables: ['W_0_1', 'x1', 'w_hidden'] });
    const s = toLatex(p);
    expect(s).toContain('W_{0,1}');
    expect(s).toContain('x_{1}');
    expect(s).toContain('\\mathit{w\\_hidden}');
    expect(() => katex.renderToString(s, { throwOnError: true })).not.toThrow();
  });
});

/** Random points of [-3, 3]²: the printed form and the original agree (up to rounding) wherever both are defined. */
function sameFunction(a: Expr, b: Expr) {
  const fa = compileFloat([a]);
  const fb = compileFloat([b]);
  const oa = new Float64Array(1);
  const ob = new Float64Array(1);
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return (seed / 2147483647) * 6 - 3;
  };
  for (let k = 0; k < 200; k++) {
    const x = [rnd(), rnd()];
    fa.eval(x, oa);
    fb.eval(x, ob);
    if (!Number.isFinite(oa[0]!)) continue;
    expect(ob[0]!).toBeCloseTo(oa[0]!, 9);
  }
}

describe('display forms of gradients', () => {
  const cases: [string, RegExp][] = [
    // The quotient rule's u'/v − u v'/v² over one denominator: ∂x of (x²+y²)/(1+x²+y²) is 2x/(x²+y²+1)².
    ['(x^2+y^2)/(1+x^2+y^2)', /^\\frac\{2 \\, x\}\{/],
    ['((x-1)^2+(y-1)^2)/(1+(x-1)^2+(y-1)^2)', /^\\frac\{2 \\, x - 2\}\{/],
    // 2 (x² − 1) · 2x: one coefficient, no repeated factor 2.
    ['(x^2 - 1)^2', /^4 \\, \{x\}\^\{3\} - 4 \\, x$/],
    ['1 - exp(-x^2 - y^2)', /^2 \\, x \\, \\exp/],
  ];
  for (const [src, want] of cases) {
    it(`∂x of ${src}`, () => {
      const e = P(src);
      const g = gradient(e, 2)[0]!;
      const s = displayLatex(g);
      expect(s).toMatch(want);
      expect(s).not.toMatch(/\+ -/);
    });
  }

  it('tidy and together are identities', () => {
    for (const src of [
      '(x^2+y^2)/(1+x^2+y^2)',
      '((x-1)^2+(y-1)^2)/(1+(x-1)^2+(y-1)^2)',
      '(x^2 - 1)^2',
      'sin(x)*cos(y)/(2+x^2)',
      '(x+y)^2/((x+y)^2+1)',
      'exp(-x)*(-2)*x*x',
    ]) {
      const e = P(src);
      for (const g of [e, ...gradient(e, 2)]) {
        sameFunction(g, tidy(g));
        const t = together(g);
        if (t) sameFunction(g, t);
      }
    }
  });

  it('tidy merges coefficients, signs and equal factors', () => {
    expect(toLatex(tidy(P('2*(x^2-1)*2*x')))).toBe('4 \\, x \\, \\left({x}^{2} - 1\\right)');
    expect(toLatex(tidy(P('x*x*y')))).toBe('{x}^{2} \\, y');
    expect(toLatex(tidy(P('-(-x)')))).toBe('x');
    expect(toLatex(tidy(P('-x + y')))).toBe('y - x');
    expect(toLatex(tidy(P('(-x)/(1+y^2)')))).toBe('-\\frac{x}{1 + {y}^{2}}');
  });
});
