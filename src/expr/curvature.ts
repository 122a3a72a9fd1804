import { Rational } from '../exact/rational.js';
import * as b from './build.js';
import { derivative, hessian } from './derivative.js';
import { affineOf } from './linear.js';
import { freeVariables, rewrite, substitute } from './substitute.js';
import type { IntervalEvaluator } from './compile.js';
import type { Expr } from './types.js';

/**
 * The rank-one split of a Hessian (docs/engine.md, "Local convexity"): f written exactly as
 *
 *   f(x) = Σ_k c_k g_k(a_kᵀx) + r(x),   so   ∇²f(x) = Σ_k w_k(x) a_k a_kᵀ + ∇²r(x),
 *
 * with w_k(x) = c_k g_k''(a_kᵀx), a_k exact rational vectors and r the pieces that are not
 * functions of one linear form. Generalised linear models (logistic regression, softplus or
 * sigmoid of a linear form, least squares) are all rank-one pieces plus a quadratic r.
 *
 * Why: every a_k a_kᵀ is positive semidefinite, so on a box Y where w_k ∈ [lo_k, hi_k]
 *   Σ_k lo_k a_k a_kᵀ + ∇²r(y)  ⪯  ∇²f(y)  ⪯  Σ_k hi_k a_k a_kᵀ + ∇²r(y)   for every y ∈ Y
 * (the differences Σ_k (w_k(y) − lo_k) a_k a_kᵀ and Σ_k (hi_k − w_k(y)) a_k a_kᵀ are sums of
 * positive semidefinite matrices with non-negative weights). The outer matrices have almost
 * point entries where the interval Hessian has wide ones (each entry of Σ_k [lo_k, hi_k] a_k a_kᵀ
 * forgets that the same w_k multiplies every entry), so their eigenvalue bounds stay useful on
 * the large boxes (the hull of a far box and a minimizer) that strong convexity needs.
 *
 * Everything here is exact symbolic work (rational coefficients, the chain rule): the split is
 * an identity of functions wherever f is twice differentiable. Bounding it is the caller's job
 * (engine/local.ts for the search, cert/bounds.ts for the checker, each with its own code).
 */
export interface RankOneSplit {
  /**
   * The pieces that are functions of one linear form: `curvature` is c_k g_k''(t) as an expression
   * in one variable t (index 0), so that w_k(x) = curvature(a_kᵀx); and a_k.
   */
  readonly rankOne: readonly { readonly curvature: Expr; readonly a: readonly Rational[] }[];
  /** The Hessian of the rest r (d × d, symmetric), or null when there is no rest. */
  readonly rest: Expr[][] | null;
}

/** The additive pieces of e: e = Σ c·u exactly (constant pieces dropped: their Hessian is 0). */
function pieces(e: Expr, c: Rational, d: number, out: { c: Rational; u: Expr }[]): void {
  switch (e.kind) {
    case 'add':
      for (const t of e.terms) pieces(t, c, d, out);
      return;
    case 'neg':
      pieces(e.arg, c.neg(), d, out);
      return;
    case 'mul': {
      const rest = e.factors.filter((f) => f.kind !== 'num');
      if (rest.length === 1) {
        let s = c;
        for (const f of e.factors) if (f.kind === 'num') s = s.mul(f.value);
        if (!s.isZero()) pieces(rest[0]!, s, d, out);
        return;
      }
      break;
    }
    case 'div':
      if (e.den.kind === 'num' && !e.den.value.isZero()) {
        pieces(e.num, c.div(e.den.value), d, out);
        return;
      }
      break;
    default:
      break;
  }
  const vars = freeVariables(e);
  if (vars.size === 0) return;
  out.push({ c, u: e });
}

/**
 * u as g(aᵀx): the direction a (the first non-constant affine subexpression's coefficients) and
 * g(t) (u with each maximal affine subexpression r·aᵀx + c replaced by r·t + c, t = variable d),
 * or null when some variable occurs outside an affine subexpression proportional to a.
 */
function asFunctionOfOneForm(u: Expr, d: number): { a: Rational[]; g: Expr } | null {
  let a: Rational[] | null = null;
  let pivot = -1;
  const t = b.variable(d, 't');
  let ok = true;
  const g = rewrite(u, (e) => {
    if (!ok) return e;
    // A variable beyond x (affineOf refuses it) cannot be part of a form in x.
    if (e.kind === 'var' && e.index >= d) {
      ok = false;
      return e;
    }
    const f = affineOf(e, d);
    if (!f) return undefined;
    const j = f.coef.findIndex((v) => !v.isZero());
    if (j < 0) return e;
    if (!a) {
      a = [...f.coef];
      pivot = j;
    }
    // f.coef = r·a exactly (checked on every coordinate) with r = f.coef[pivot] / a[pivot].
    const r = f.coef[pivot]!.div(a[pivot]!);
    if (r.isZero() || !f.coef.every((v, i) => v.equals(r.mul(a![i]!)))) {
      ok = false;
      return e;
    }
    return b.add(b.mul(b.num(r), t), b.num(f.c));
  });
  if (!ok || !a) return null;
  return { a, g };
}

/**
 * The rank-one split of f over variables 0 … d−1 (f must not use other variables), or null when
 * no piece is a function of one linear form (the split would be the plain Hessian).
 * `simplifyFn` tidies the derivatives (it must be an exact rewrite, as src/expr/simplify.ts is).
 */
export function rankOneSplit(f: Expr, d: number, simplifyFn: (e: Expr) => Expr = (e) => e): RankOneSplit | null {
  if ([...freeVariables(f)].some((v) => v >= d)) return null;
  const ps: { c: Rational; u: Expr }[] = [];
  pieces(f, Rational.ONE, d, ps);
  const rankOne: { curvature: Expr; a: Rational[] }[] = [];
  const T = b.variable(0, 't');
  const rest: Expr[] = [];
  for (const { c, u } of ps) {
    const one = asFunctionOfOneForm(u, d);
    if (!one) {
      rest.push(b.mul(b.num(c), u));
      continue;
    }
    // c·g''(t), with t renamed to variable 0: a function of one variable, bounded on the range of aᵀx.
    const g2 = simplifyFn(b.mul(b.num(c), derivative(derivative(one.g, d), d)));
    const curvature = substitute(g2, (i) => (i === d ? T : undefined));
    rankOne.push({ curvature, a: one.a });
  }
  if (rankOne.length === 0) return null;
  return { rankOne, rest: rest.length ? hessian(b.add(...rest), d, simplifyFn) : null };
}

/** Number of equal parts the range of t is cut into when a curvature is bounded (engine and checker alike). */
export const CURVATURE_PIECES = 32;

/**
 * Rigorous bounds of a one-variable function (an interval evaluator of one input and one output)
 * over [tlo, thi]: the hull of its interval enclosures on CURVATURE_PIECES consecutive parts
 * p_0 = tlo ≤ p_1 ≤ … ≤ p_N = thi (every p_i is computed once and shared by its two parts, so the
 * parts cover [tlo, thi] whatever the rounding), a part whose enclosure straddles 0 halved up to
 * REFINE_DEPTH times (the halves share their midpoint too); the enclosure on all of [tlo, thi] when it is
 * already tight (relative width ≤ 2⁻⁴⁰: constants). [NaN, NaN] when an end is not finite or an
 * enclosure is NaN.
 */
const lo = new Float64Array(1);
const hi = new Float64Array(1);

export function rangeOnPieces(ev: IntervalEvaluator, tlo: number, thi: number): [number, number] {
  if (!Number.isFinite(tlo) || !Number.isFinite(thi) || !(tlo <= thi)) return [Number.NaN, Number.NaN];
  ev.eval([tlo], [thi], lo, hi);
  if (Number.isNaN(lo[0]!) || Number.isNaN(hi[0]!)) return [Number.NaN, Number.NaN];
  // Constant (a quadratic piece) or already tight: the whole range at once.
  if (tlo === thi || hi[0]! - lo[0]! <= 2 ** -40 * Math.max(1, Math.abs(lo[0]!), Math.abs(hi[0]!))) return [lo[0]!, hi[0]!];
  const r = { lo: Infinity, hi: -Infinity, nan: false };
  const n = CURVATURE_PIECES;
  const w = thi - tlo;
  let a = tlo;
  for (let i = 1; i <= n && !r.nan; i++) {
    const next = i === n ? thi : Math.min(thi, Math.max(a, tlo + w * (i / n)));
    part(ev, a, next, REFINE_DEPTH, r);
    a = next;
  }
  return r.nan ? [Number.NaN, Number.NaN] : [r.lo, r.hi];
}

/** Halvings of a part whose enclosure straddles 0 (the sign is what convexity needs). */
const REFINE_DEPTH = 4;

/**
 * The enclosure on [a, b] joined into r; where it straddles 0 (lower end < 0 < upper end) and
 * depth is left, the two halves instead (sharing their midpoint): σ − σ² on a part of width
 * 0.84 near t = 13 has a negative lower end from the dependency, which halving removes.
 */
function part(ev: IntervalEvaluator, a: number, b: number, depth: number, r: { lo: number; hi: number; nan: boolean }): void {
  ev.eval([a], [b], lo, hi);
  const l = lo[0]!;
  const h = hi[0]!;
  if (Number.isNaN(l) || Number.isNaN(h)) {
    r.nan = true;
    return;
  }
  const m = a + (b - a) / 2;
  if (depth > 0 && l < 0 && h > 0 && a < m && m < b) {
    part(ev, a, m, depth - 1, r);
    if (!r.nan) part(ev, m, b, depth - 1, r);
    return;
  }
  if (l < r.lo) r.lo = l;
  if (h > r.hi) r.hi = h;
}
