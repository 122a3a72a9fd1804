import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vanishesOn } from '../../src/exact/polynomial.js';
import { type Expr, interpretInterval, parseExpr, simplify } from '../../src/expr/index.js';
import { Interval } from '../../src/interval/index.js';

/**
 * vanishesOn beyond polynomials (the facts of the normal-segment argument for S given by
 * equations such as y = sqrt(x) or y = exp(x)): numerators of fractions, square roots as
 * variables t with d·t² − n in the ideal, other calls as free variables. A `true` is a proof
 * that the expression is 0 wherever it is defined on S; the property test checks that against
 * the values at points of S.
 */
const vars = ['x', 'y'];
const P = (s: string) => parseExpr(s, { variables: vars });

describe('vanishesOn with square roots, other functions and denominators', () => {
  const sqrtCurve = [P('sqrt(x) - y')];
  const expCurve = [P('y - exp(x)')];

  it('proves what vanishes on y = sqrt(x): f, its gradient, quotients by sqrt(x)', () => {
    for (const s of ['(sqrt(x) - y)^2', '(sqrt(x) - y)/sqrt(x)', 'y^2 - x', 'sqrt(x)*sqrt(x) - x', '(sqrt(x) - y)^3/(1 + x)', '(y - sqrt(x))*exp(y)'])
      expect(vanishesOn(simplify(P(s)), sqrtCurve), s).toBe(true);
  });

  it('proves what vanishes on y = exp(x) (exp(x) a free variable)', () => {
    for (const s of ['(exp(x) - y)^3/(1 + x^2)', 'y^2 - exp(x)^2', 'log(1 + x^2)*(y - exp(x))']) expect(vanishesOn(simplify(P(s)), expCurve), s).toBe(true);
  });

  it('never claims what does not vanish', () => {
    // sqrt(x) + y = 2 sqrt(x) on the curve: t + y is not in (t − y, t² − x) although −t is a root of t² − x too
    for (const s of ['sqrt(x) + y', 'y - x', 'sqrt(x) - x', 'abs(x) - x', 'exp(x) - y', '1/(sqrt(x) - y + 1) - 1 + 1e-9'])
      expect(vanishesOn(simplify(P(s)), sqrtCurve), s).not.toBe(true);
    for (const s of ['exp(x) + y', 'exp(2*x) - y', 'sin(x)^2 + cos(x)^2 - 1']) expect(vanishesOn(simplify(P(s)), expCurve), s).not.toBe(true);
  });

  it('the relations are the right ones (t² = x, not −x; t² = 2 for sqrt(2) beside a non-polynomial part)', () => {
    expect(vanishesOn(simplify(P('y^2 + x')), sqrtCurve)).not.toBe(true);
    const S2 = [P('y - sqrt(2)*exp(x)')];
    expect(vanishesOn(simplify(P('y^2 - 2*exp(x)^2')), S2)).toBe(true);
    expect(vanishesOn(simplify(P('y^2 + 2*exp(x)^2')), S2)).not.toBe(true);
    const S3 = [P('y - sqrt(x + 1/x)')];
    expect(vanishesOn(simplify(P('x*y^2 - x^2 - 1')), S3)).toBe(true);
    expect(vanishesOn(simplify(P('x*y^2 + x^2 + 1')), S3)).not.toBe(true);
  });

  it('a denominator that is identically 0 proves nothing, also inside (review of 2026-12-08)', () => {
    expect(vanishesOn(P('(sqrt(x) - y)/(x - x)'), sqrtCurve)).not.toBe(true);
    // Undefined everywhere, yet the 0 moved into a numerator (x·0) or a relation (0·t² − c: c in the ideal).
    for (const [e, g] of [
      ['x/(1/(y - y))', 'y'],
      ['x*sqrt(1/(y - y))', 'y'],
      ['x', 'sqrt(1/(y - y))'],
      ['x', 'y - sqrt(1/0)'],
      ['x + 0*sqrt(1/0)', 'y'],
    ])
      expect(vanishesOn(P(e!), [P(g!)]), `${e} on {${g} = 0}`).not.toBe(true);
  });

  it('stops at its deadline: unknown (null), even for what it proves without one', () => {
    const e = simplify(P('(sqrt(x) - y)^2*exp(x)'));
    expect(vanishesOn(e, sqrtCurve)).toBe(true);
    expect(vanishesOn(e, sqrtCurve, { deadline: Date.now() - 1 })).toBeNull();
  });

  // Random expressions e (and e·g, which does vanish): whenever vanishesOn says true, e is 0 (to
  // rounding) at points of S where it is defined.
  const leaf = fc.constantFrom('x', 'y', 'sqrt(x)', 'exp(x)', '2', '1/3', 'sqrt(2)', 'log(1 + x)');
  const tree: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, o, b]) => `(${a}) ${o} (${b})`),
      fc.tuple(tie('e'), fc.constantFrom(2, 3, -1)).map(([a, k]) => `(${a})^(${k})`),
      tie('e').map((a) => `sqrt(abs(${a}) + 1)`),
    ),
  })).e;
  for (const [name, g, yOf] of [
    ['y = sqrt(x)', 'sqrt(x) - y', Math.sqrt],
    ['y = exp(x)', 'y - exp(x)', Math.exp],
  ] as const)
    it(`a proof means 0 at points of S (${name}; random expressions and their products with g)`, () => {
      const gs = [P(g)];
      fc.assert(
        fc.property(tree, fc.boolean(), (s, times) => {
          let e: Expr;
          try {
            e = simplify(P(times ? `(${s}) * (${g})` : s));
          } catch {
            return true; // not an expression of the language (e.g. an overflowing constant)
          }
          if (vanishesOn(e, gs) !== true) return true;
          const at = (f: Expr, x: number) => {
            const v = interpretInterval(f, [Interval.of(x, x), Interval.of(yOf(x), yOf(x))]);
            return (v.lo + v.hi) / 2;
          };
          for (const x of [0.3, 0.7, 1.1, 1.9, 2.6]) {
            const v = at(e, x);
            if (!Number.isFinite(v)) continue;
            // y = yOf(x) is rounded, so e is 0 only to rounding, relative to the size of its parts.
            const scale = 1 + Math.abs(at(simplify(P(s)), x));
            if (!(Math.abs(v) <= 1e-6 * scale)) return false;
          }
          return true;
        }),
        { numRuns: 300, seed: 7 },
      );
    });
});
