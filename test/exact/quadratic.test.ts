import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polyEvaluate, polyFromExpr } from '../../src/exact/polynomial.js';
import { quadraticInfimumOf } from '../../src/exact/quadratic.js';
import { Rational } from '../../src/exact/rational.js';
import { parseExpr } from '../../src/expr/index.js';

/**
 * The exact infimum over R^d of quadratic terms (the check of given f_i* and f*, and the exact
 * f_i* enclosure). Oracles: hand-computed infima; for random convex quadratics built as
 * (x − x0)ᵀLLᵀ(x − x0) + c, the value c at x0; for every finite answer, q(at) = value exactly and
 * q ≥ value at random rational points; unboundedness by an explicit direction.
 */
const vars = ['x', 'y', 'z'];
const P = (s: string) => parseExpr(s, { variables: vars });
const R = (n: number, d = 1) => Rational.of(n, d);

describe('quadraticInfimumOf', () => {
  it('finds the infimum the natural interval extension misses', () => {
    const q = quadraticInfimumOf(P('(x - 1)^2 + x'), 3);
    expect(q?.kind).toBe('finite');
    if (q?.kind !== 'finite') return;
    expect(q.value.equals(R(3, 4))).toBe(true);
    expect(q.at[0]!.equals(R(1, 2))).toBe(true);
  });

  it('gives the ridge term its positive infimum, lambda b^2 / (2 (|a|^2 + lambda))', () => {
    // ½(2x + y − 1)² + (1/20)(x² + y²): a = (2, 1), b = 1, λ = 1/10
    const q = quadraticInfimumOf(P('(2*x + y - 1)^2/2 + (x^2 + y^2)/20'), 2);
    expect(q?.kind).toBe('finite');
    if (q?.kind === 'finite') expect(q.value.equals(R(1, 10).div(R(2).mul(R(5).add(R(1, 10)))))).toBe(true);
  });

  it('is exact on degenerate convex quadratics (a line of minimizers) and constants', () => {
    const q = quadraticInfimumOf(P('(x + y - 2)^2 + 7/3'), 2);
    expect(q?.kind === 'finite' && q.value.equals(R(7, 3))).toBe(true);
    const c = quadraticInfimumOf(P('5'), 2);
    expect(c?.kind === 'finite' && c.value.equals(R(5))).toBe(true);
  });

  it('says unbounded for indefinite forms and linear parts outside the range', () => {
    for (const s of ['x^2 - y^2', 'x*y', 'x^2 + y', 'x', '(x + y)^2 + x - y', '-(x^2)']) expect(quadraticInfimumOf(P(s), 2)?.kind, s).toBe('unbounded');
  });

  it('answers null beyond degree 2 and for anything but polynomials', () => {
    for (const s of ['x^3', 'x^4 + y^2', 'abs(x)', 'sqrt(x^2 + 1)', 'exp(x)', 'x/y', 'x^2/(1 + y^2)', 'pi*x^2'])
      expect(quadraticInfimumOf(P(s), 2), s).toBeNull();
    // a cancelling higher degree is expanded away
    expect(quadraticInfimumOf(P('(x + 1)^3 - x^3'), 1)?.kind).toBe('finite');
  });

  const small = fc.integer({ min: -4, max: 4 });
  it('matches (x − x0)ᵀ L Lᵀ (x − x0) + c for random L (possibly singular), x0 and c', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(small, { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 1, max: 7 }),
        (L, x0, c, den) => {
          // Σ_k (Σ_j L[j][k] (x_j − x0_j/den))² + c/den
          const cols = [0, 1, 2].map((k) => `(${[0, 1, 2].map((j) => `${L[j]![k]}*(${vars[j]} - ${x0[j]}/${den})`).join(' + ')})^2`);
          const text = `${cols.join(' + ')} + ${c}/${den}`;
          const q = quadraticInfimumOf(P(text), 3);
          expect(q?.kind, text).toBe('finite');
          if (q?.kind === 'finite') expect(q.value.equals(R(c, den)), text).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  // Independent oracle (no elimination): q = xᵀAx + bᵀx + c is bounded below iff every
  // principal minor of A is ≥ 0 (A ⪰ 0) and rank A = rank [A | b] (b in the range of A); ranks
  // and minors by Laplace expansion over subsets.
  const det = (m: Rational[][]): Rational =>
    m.length === 0
      ? Rational.ONE
      : m[0]!.reduce((s, v, j) => {
          const minor = det(m.slice(1).map((r) => r.filter((_, k) => k !== j)));
          return j % 2 === 0 ? s.add(v.mul(minor)) : s.sub(v.mul(minor));
        }, Rational.ZERO);
  const subsets = (n: number, k: number): number[][] =>
    k === 0 ? [[]] : n < k ? [] : [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n - 1])];
  const rank = (m: Rational[][]): number => {
    const cols = m[0]!.length;
    for (let k = Math.min(m.length, cols); k > 0; k--)
      for (const rs of subsets(m.length, k)) for (const cs of subsets(cols, k)) if (!det(rs.map((r) => cs.map((c) => m[r]![c]!))).isZero()) return k;
    return 0;
  };

  it('on random quadratics: bounded exactly when the minors say so; q(at) = value; q ≥ value at random points', () => {
    fc.assert(
      fc.property(
        fc.array(small, { minLength: 10, maxLength: 10 }),
        fc.array(fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 3, maxLength: 3 }), { minLength: 8, maxLength: 8 }),
        (k, points) => {
          const [a, b2, c2, d2, e2, f2, g, h, i, j] = k as [number, number, number, number, number, number, number, number, number, number];
          const text = `${a}*x^2 + ${b2}*y^2 + ${c2}*z^2 + ${d2}*x*y + ${e2}*x*z + ${f2}*y*z + ${g}*x + ${h}*y + ${i}*z + ${j}`;
          const A = [
            [R(a), R(d2, 2), R(e2, 2)],
            [R(d2, 2), R(b2), R(f2, 2)],
            [R(e2, 2), R(f2, 2), R(c2)],
          ];
          const bvec = [R(g), R(h), R(i)];
          const psd = [1, 2, 3].every((n) => subsets(3, n).every((s) => det(s.map((r) => s.map((c) => A[r]![c]!))).sign() >= 0));
          const bounded = psd && rank(A) === rank(A.map((row, r) => [...row, bvec[r]!]));
          const e = P(text);
          const poly = polyFromExpr(e)!;
          const q = quadraticInfimumOf(e, 3);
          expect(q?.kind, text).toBe(bounded ? 'finite' : 'unbounded');
          if (q?.kind === 'finite') {
            expect(polyEvaluate(poly, q.at).equals(q.value)).toBe(true);
            for (const pt of points)
              expect(
                polyEvaluate(
                  poly,
                  pt.map((v) => R(v, 3)),
                ).cmp(q.value),
                `${text} at ${pt}`,
              ).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
