import { rationalValue, type Expr } from '../expr/index.js';
import { PolyTimeout, polyDegree, polyEvaluate, polyFromExpr, type Poly } from './polynomial.js';
import { psdOnSpan } from './psd.js';
import { Rational } from './rational.js';

/**
 * The infimum over all of R^d of a polynomial of degree ≤ 2 with rational coefficients,
 * decided exactly: q(x) = xᵀAx + bᵀx + c is bounded below iff A ⪰ 0 and b lies in the range of
 * A (otherwise some direction v has vᵀAv < 0, or Av = 0 and bᵀv ≠ 0, and q → −∞ along it); then
 * every solution x0 of 2Ax0 = −b is a stationary point of a convex function, hence a global
 * minimizer, and inf q = q(x0) (evaluated exactly).
 *
 * Why lscert needs it: f_i* = inf f_i over R^d and f* = min f, and interval arithmetic over
 * R^d bounds (x − 1)² + x by −∞ (its infimum is 3/4). A given f_i* below the true one makes the
 * α-β residual larger (β(f_i(x) − f_i*) grows): a false claim could then be certified on a
 * trusted value that is provably wrong. For quadratic terms (least squares, ridge terms) the
 * exact infimum closes that gap, and gives the computed f_i* enclosure its exact value.
 */
export type QuadraticInfimum = { readonly kind: 'finite'; readonly value: Rational; readonly at: readonly Rational[] } | { readonly kind: 'unbounded' };

/** Most variables quadraticInfimum eliminates (exact rational elimination is O(d³) with growing numbers). */
export const QUADRATIC_MAX_DIM = 64;

/**
 * inf over R^d of p (variables 0…d−1), or null when p has degree above 2, uses a variable
 * beyond d, or d exceeds QUADRATIC_MAX_DIM. `deadline` (a Date.now() value) is read once per eliminated column;
 * past it the answer is null (unknown).
 */
export function quadraticInfimum(p: Poly, d: number, deadline = Infinity): QuadraticInfimum | null {
  if (polyDegree(p) > 2 || d > QUADRATIC_MAX_DIM) return null;
  const A: Rational[][] = Array.from({ length: d }, () => new Array<Rational>(d).fill(Rational.ZERO));
  const b = new Array<Rational>(d).fill(Rational.ZERO);
  for (const t of p.values()) {
    const used = t.exps.flatMap((e, j) => (e > 0 ? [j] : []));
    if (used.some((j) => j >= d)) return null; // a variable beyond x (a slot): not a function of x alone
    if (used.length === 1 && t.exps[used[0]!] === 1) b[used[0]!] = t.coeff;
    else if (used.length === 1) A[used[0]!]![used[0]!] = t.coeff;
    else if (used.length === 2) {
      const [j, k] = used as [number, number];
      const half = t.coeff.div(Rational.of(2));
      A[j]![k] = half;
      A[k]![j] = half;
    }
  }
  const identity = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? Rational.ONE : Rational.ZERO)));
  if (!psdOnSpan(A, identity, deadline)) return { kind: 'unbounded' };
  // Reduced row echelon form of [2A | −b]; a row 0 = r with r ≠ 0 means b ∉ range(A).
  const M = A.map((row, i) => [...row.map((v) => v.add(v)), b[i]!.neg()]);
  const pivotCol: number[] = [];
  let r = 0;
  for (let c = 0; c < d && r < d; c++) {
    if (Date.now() >= deadline) return null;
    const k = M.findIndex((row, i) => i >= r && !row[c]!.isZero());
    if (k < 0) continue;
    [M[r], M[k]] = [M[k]!, M[r]!];
    const piv = M[r]![c]!;
    M[r] = M[r]!.map((v) => v.div(piv));
    for (let i = 0; i < d; i++) {
      const f = M[i]![c]!;
      if (i === r || f.isZero()) continue;
      M[i] = M[i]!.map((v, j) => v.sub(f.mul(M[r]![j]!)));
    }
    pivotCol.push(c);
    r++;
  }
  for (let i = r; i < d; i++) if (!M[i]![d]!.isZero()) return { kind: 'unbounded' };
  const at = new Array<Rational>(d).fill(Rational.ZERO);
  pivotCol.forEach((c, i) => {
    at[c] = M[i]![d]!;
  });
  return { kind: 'finite', value: polyEvaluate(p, at), at };
}

/**
 * quadraticInfimum of an expression in x_0…x_{d−1}: null unless it is, term by term, a
 * polynomial with rational coefficients (no calls, no division by anything but a constant:
 * such an expression is defined everywhere) of degree ≤ 2. Intermediate degrees up to 4 are
 * expanded ((x + 1)² − x² is linear). Past the deadline the answer is null (unknown).
 */
export function quadraticInfimumOf(e: Expr, d: number, deadline?: number): QuadraticInfimum | null {
  if (d > QUADRATIC_MAX_DIM || (deadline !== undefined && Date.now() >= deadline)) return null;
  try {
    const p = polyFromExpr(e, { maxDegree: 4, maxTerms: 4 * (d + 1) * (d + 1), ...(deadline !== undefined && { deadline }) });
    return p ? quadraticInfimum(p, d, deadline) : null;
  } catch (err) {
    if (err instanceof PolyTimeout) return null;
    throw err;
  }
}

/**
 * The exact value of a polynomial expression at a point whose coordinates are rational constant
 * expressions; null when e is not a polynomial with rational coefficients (within `maxTerms`
 * terms), a coordinate is not rational, or the deadline passes. f at a given point of S is
 * compared with a given f* this way: their enclosures can touch where the values differ by one
 * ulp, and a false PL claim was certified on such an f* (review finding).
 */
export function exactValueAt(e: Expr, point: readonly Expr[], deadline?: number, maxTerms = 5000): Rational | null {
  const coords = point.map(rationalValue);
  if (coords.some((c) => c === undefined)) return null;
  let p = polys.get(e);
  if (p === undefined) {
    try {
      p = polyFromExpr(e, { maxTerms, ...(deadline !== undefined && { deadline }) });
    } catch (err) {
      if (err instanceof PolyTimeout) return null; // not remembered: unknown, not "no polynomial"
      throw err;
    }
    polys.set(e, p);
  }
  return p ? polyEvaluate(p, coords as Rational[]) : null;
}

/** exactValueAt's conversions, per expression object (f is tested at every point of S). */
const polys = new WeakMap<Expr, Poly | null>();
