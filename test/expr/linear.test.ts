/**
 * Linear structure (issue [10] §2, src/expr/linear.ts): the linear forms a problem's terms use,
 * the change of variables x = X(y, z), and the reduction of an expression to y = W x, which must
 * be an identity (checked here at random points) and must refuse whatever depends on more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import {
  compileFloat,
  formText,
  type FloatEvaluator,
  linearImage,
  linearStructure,
  parseExpr,
  reduceExpr,
  reduceForms,
  rowEchelon,
} from '../../src/expr/index.js';

const parse = (text: string, names: string[]) => parseExpr(text, { variables: names });
const run = (f: FloatEvaluator, x: number[]): number[] => {
  const out = new Float64Array(f.outputs);
  f.eval(x, out);
  return [...out];
};
const q = (s: string) => {
  const [n, d = '1'] = s.split('/');
  return Rational.of(BigInt(n!), BigInt(d));
};

describe('linear forms of the terms', () => {
  it('finds the one form of the Remark-1 family, in reduced row echelon form', () => {
    const names = ['x1', 'x2', 'x3'];
    const s = linearStructure([parse('(x1+x2+x3)^2/((x1+x2+x3)^2+1)', names), parse('(2*x1+2*x2+2*x3+2)^2', names)], 3)!;
    expect(s.W.map((r) => r.map(String))).toEqual([['1', '1', '1']]);
    expect(formText(s.W[0]!, names)).toBe('x1 + x2 + x3');
  });
  it('two forms among three variables; none when the terms use every direction', () => {
    const names = ['x', 'y', 'z'];
    const s = linearStructure([parse('exp(x - y) + z^2', names), parse('sin(2*z) * (y - x)', names)], 3)!;
    expect(s.W.map((r) => r.map(String))).toEqual([
      ['1', '-1', '0'],
      ['0', '0', '1'],
    ]);
    expect(linearStructure([parse('x^2 + y^2', ['x', 'y'])], 2)).toBeNull();
    expect(linearStructure([parse('(x+y)^2 + (x-y)^2', ['x', 'y'])], 2)).toBeNull();
    // x*y is not a function of one linear form: x and y are separate forms.
    expect(linearStructure([parse('(x*y - 1)^2', ['x', 'y'])], 2)).toBeNull();
  });
  it('rowEchelon: independent rows with identity pivot columns, zero rows dropped', () => {
    const r = rowEchelon(
      [
        [q('2'), q('4'), q('0')],
        [q('1'), q('2'), q('0')],
        [q('0'), q('1'), q('3')],
      ],
      3,
    );
    expect(r.W.map((row) => row.map(String))).toEqual([
      ['1', '0', '-6'],
      ['0', '1', '3'],
    ]);
    expect(r.pivots).toEqual([0, 1]);
  });
  it('linearImage: the exact range of each form over a box', () => {
    const img = linearImage([[q('1'), q('-2'), q('1/2')]], [-1, 0, 2], [1, 3, 4]);
    expect(img.lo.map(String)).toEqual(['-6']);
    expect(img.hi.map(String)).toEqual(['3']);
  });
});

describe('reduction to y = W x', () => {
  const names = ['x1', 'x2', 'x3'];
  const terms = ['(x1+x2+x3)^2/((x1+x2+x3)^2+1)', 'log(1 + exp(-(x1+x2+x3-1/2)))'].map((t) => parse(t, names));
  const s = linearStructure(terms, 3)!;
  // A residual-like expression: products of derivatives and of x − P(x) for S = {x1+x2+x3 = -1/2}.
  const proj = (j: string) => `(${j} - (x1+x2+x3+1/2)/3)`;
  const e = parse(
    `(2*(x1+x2+x3)/((x1+x2+x3)^2+1)) * ((x1 - ${proj('x1')}) + (x2 - ${proj('x2')}) + (x3 - ${proj('x3')})) - 5/2*(x1+x2+x3)^2/((x1+x2+x3)^2+1)`,
    names,
  );
  it('is an identity: e(x) = ẽ(W x) at random points', () => {
    const forms = reduceForms([e], s, 0)!;
    expect(forms.length).toBeGreaterThanOrEqual(1);
    const fx = compileFloat([e]);
    const fy = compileFloat(forms);
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })),
        (x) => {
          const y = x[0] + x[1] + x[2];
          const a = run(fx, [...x])[0]!;
          for (const v of run(fy, [y])) expect(Math.abs(v - a)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(a)));
        },
      ),
      { numRuns: 200 },
    );
  });
  it('refuses an expression that depends on more than W x', () => {
    expect(reduceExpr(parse('(x1+x2+x3)^2 + x1', names), s, 0)).toBeNull();
    expect(reduceExpr(parse('(x1 - x2)^2', names), s, 0)).toBeNull();
    expect(reduceForms([parse('x1*x2', names)], s, 0)).toBeNull();
  });
  it('keeps slot variables (computed constants) as variables after y', () => {
    // Variable 3 is a slot (d = 3, one slot): it becomes variable k = 1.
    const withSlot = { kind: 'add', terms: [parse('(x1+x2+x3)^2', names), { kind: 'var', index: 3, name: 'f1star' }] } as never;
    const r = reduceExpr(withSlot, s, 1)!;
    expect(run(compileFloat([r]), [2, 5])[0]).toBeCloseTo(9, 12);
  });
});
