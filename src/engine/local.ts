import { rangeOnPieces, rankOneSplit, type RankOneSplit } from '../expr/curvature.js';
import { CompileTimeout, compileInterval, hessian, simplify, SimplifyTimeout, structuralKey, type Expr, type IntervalEvaluator } from '../expr/index.js';
import { ambientDeadline } from './budget.js';
import { Rational } from '../exact/rational.js';
import { fromRational, kernel, provePositiveDefinite } from '../interval/index.js';
import type { Box } from './box.js';

/** Built LocalConvexity per objective expression (Exprs are immutable), as SmoothModel.within keeps its models. */
const builtConvexity = new WeakMap<Expr, LocalConvexity>();

/**
 * Local strong convexity near an isolated global minimizer p (DOMAIN §2: residuals of PL,
 * Aiming and QCvx vanish on S, so bisection alone never closes a box around p).
 *
 * If every symmetric matrix in the interval Hessian H(B) has eigenvalues in [m, M] with
 * m > 0 (Gershgorin: m ≤ min_i (H_ii.lo − Σ_{j≠i} max|H_ij|), M ≥ max_i (H_ii.hi + Σ_{j≠i} max|H_ij|)),
 * and the box B contains p with f(p) = f* (and, for the second line, ∇f(p) = 0: see
 * aimingConstant), then for every x ∈ B (the segment [x, p] lies in B):
 *   f* ≥ f(x) + ∇f(x)ᵀ(p − x) + (m/2)‖x − p‖²  ⇒  f(x) − f* ≤ ‖∇f(x)‖²/(2m)   (PL with any μ ≤ m)
 *   f(x) − f* ≤ (M/2)‖x − p‖²                  ⇒  ⟨∇f(x), x − p⟩ ≥ (1 + m/M)(f(x) − f*)
 *                                               (Aiming with x_p = p, QCvx with x* = p: any θ ≤ 1 + m/M).
 *
 * Two bounds of [m, M] are computed and the better one of each end kept: Gershgorin on the
 * interval Hessian, and, when some pieces of f are functions of one linear form (generalised
 * linear models), the rank-one split of src/expr/curvature.ts with bisection on a rigorous
 * positive-definiteness test (`RankOneBounds`). The second keeps working on the large hulls
 * of far boxes with p, where the interval Hessian's entries are too wide for Gershgorin.
 */
export class LocalConvexity {
  /**
   * The LocalConvexity of f, built once per f and dim: `minimizers: auto` tries it on the whole box
   * (engine/autoS.ts) before the search builds it for its local argument. One whose building the
   * deadline stopped is not kept.
   */
  static of(f: Expr, dim: number): LocalConvexity {
    const hit = builtConvexity.get(f);
    if (hit && hit.dim === dim) return hit;
    const lc = new LocalConvexity(f, dim);
    if (!lc.expired) builtConvexity.set(f, lc);
    return lc;
  }

  /** The interval Hessian (Gershgorin), or null when the split has no rest (then it bounds at least as well: see below). */
  private readonly ev: IntervalEvaluator | null;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly split: RankOneBounds | null;
  /** The command's deadline passed while the Hessians were built: nothing is proved (`bounds` is undefined). */
  readonly expired: boolean;

  constructor(
    f: Expr,
    private readonly dim: number,
  ) {
    this.lo = new Float64Array(dim * dim);
    this.hi = new Float64Array(dim * dim);
    // Symbolic work on large terms takes seconds (64 quartic terms in d = 10: per-term Hessians
    // ran 2.4 s past --time-limit 5): it stops at the command's deadline, and proves nothing then.
    const deadline = ambientDeadline();
    const simp = (e: Expr) => simplify(e, { deadline });
    let split: RankOneSplit | null = null;
    let ev: IntervalEvaluator | null = null;
    let expired = false;
    try {
      split = rankOneSplit(f, dim, simp);
      // Without a rest, every member of the interval Hessian is Σ_k w_k a_k a_kᵀ with w_k in its
      // range, so the split's L and U (w_k at its ends) bound λ_min and λ_max at least as well as
      // Gershgorin on it: the plain Hessian is built only when some piece is not rank one.
      if (!split || split.rest) ev = compileInterval(hessian(f, dim, simp).flat(), { deadline });
    } catch (err) {
      if (!(err instanceof SimplifyTimeout || err instanceof CompileTimeout)) throw err;
      expired = true;
    }
    this.expired = expired;
    this.ev = expired ? null : ev;
    this.split = !expired && split ? new RankOneBounds(split, dim) : null;
  }

  /** Rigorous [m, M] eigenvalue bounds of the Hessian over the box, or undefined when m ≤ 0 or unknown. */
  eigenBounds(box: Box): { m: number; M: number } | undefined {
    const e = this.bounds(box);
    return e && e.m > 0 && Number.isFinite(e.M) ? e : undefined;
  }

  /** Rigorous m ≤ λ_min and M ≥ λ_max of every Hessian over the box (m may be ≤ 0, either infinite), or undefined on NaN. */
  bounds(box: Box): { m: number; M: number } | undefined {
    if (this.expired) return undefined;
    const d = this.dim;
    let m = this.ev ? Infinity : -Infinity;
    let M = this.ev ? -Infinity : Infinity;
    if (this.ev) this.ev.eval(box.lo, box.hi, this.lo, this.hi);
    for (let i = 0; this.ev && i < d; i++) {
      let rl = this.lo[i * d + i]!;
      let rh = this.hi[i * d + i]!;
      for (let j = 0; j < d; j++) {
        if (j === i) continue;
        const r = Math.max(Math.abs(this.lo[i * d + j]!), Math.abs(this.hi[i * d + j]!));
        // The checker's rounding (cert/bounds.ts, Curvature): one step outward after each sum, so
        // that a bound exactly at 0 here is not −1e-16 there (a convexity leaf it would refuse).
        rl = kernel.downSum(rl - r);
        rh = kernel.upSum(rh + r);
      }
      m = Math.min(m, rl);
      M = Math.max(M, rh);
    }
    if (Number.isNaN(m) || Number.isNaN(M)) return undefined;
    const s = this.split?.bounds(box);
    if (s) {
      if (s.m > m) m = s.m;
      if (s.M < M) M = s.M;
    }
    return { m, M };
  }

  /**
   * Whether every Hessian on the box is positive semidefinite, as cheaply as it can be told:
   * Gershgorin's m ≥ 0, else the split's weight rule, else its lower matrix minus a margin
   * (10⁻⁹ of its scale, so the checker's own assembly passes too) proved positive definite.
   */
  convex(box: Box): boolean {
    if (this.expired) return false;
    if (this.ev) {
      const e = this.gershgorinLower(box);
      if (e >= 0) return true;
    }
    return this.split?.convex(box) ?? false;
  }

  /** Gershgorin's lower bound of λ_min on the box (NaN: not proved). */
  private gershgorinLower(box: Box): number {
    const d = this.dim;
    this.ev!.eval(box.lo, box.hi, this.lo, this.hi);
    let m = Infinity;
    for (let i = 0; i < d; i++) {
      let rl = this.lo[i * d + i]!;
      for (let j = 0; j < d; j++) {
        if (j === i) continue;
        rl = kernel.downSum(rl - Math.max(Math.abs(this.lo[i * d + j]!), Math.abs(this.hi[i * d + j]!)));
      }
      m = Math.min(m, rl);
    }
    return m;
  }

  /**
   * The certified Aiming/QCvx constant: a rigorous lower bound of 1 + m/M when ∇f(p) = 0 is
   * established (`stationary`), else 1. Without ∇f(p) = 0 the upper bound
   * f(x) − f* ≤ (M/2)‖x − p‖² fails (f(x) − f* ≤ ∇f(p)ᵀ(x − p) + (M/2)‖x − p‖², and at a minimizer
   * on the boundary of the domain ∇f(p)ᵀ(x − p) ≥ 0), while convexity alone still gives
   * ⟨∇f(x), x − p⟩ ≥ f(x) − f(p) = f(x) − f*: θ = 1.
   */
  static aimingConstant(m: number, M: number, stationary: boolean): number {
    if (!stationary) return 1;
    kernel.div(m, m, M, M);
    const q = kernel.OUT[0]!;
    kernel.add(1, 1, q, q);
    return kernel.OUT[0]!;
  }
}

/**
 * Eigenvalue bounds from the rank-one split ∇²f = Σ_k w_k a_k a_kᵀ + ∇²r (src/expr/curvature.ts):
 * on a box, every Hessian lies between L = Σ_k lo(w_k) a_k a_kᵀ + [∇²r] and
 * U = Σ_k hi(w_k) a_k a_kᵀ + [∇²r] in the positive semidefinite order, so λ_min ≥ λ_min(L) and
 * λ_max ≤ λ_max(U) for all of them. L and U are interval matrices (rounding of the products,
 * the interval of ∇²r); their eigenvalue bounds come from bisection on
 * `provePositiveDefinite(L − sI)` and `(sI − U)`: a proved shift s is a strict bound.
 * The returned bounds are backed off by the bisection's tolerance, so that the certificate
 * checker's own assembly of L and U (cert/bounds.ts), which may round differently, proves them too.
 */
export class RankOneBounds {
  /** The rest's Hessian (d × d), or null. */
  private readonly restEv: IntervalEvaluator | null;
  private readonly rLo: Float64Array;
  private readonly rHi: Float64Array;
  /** Per piece: its curvature c_k g_k''(t) (compiled once per distinct expression) and a_k. */
  private readonly pieces: { ev: IntervalEvaluator; aLo: number[]; aHi: number[]; aaLo: Float64Array; aaHi: Float64Array }[];
  private readonly L: { lo: Float64Array; hi: Float64Array };
  private readonly U: { lo: Float64Array; hi: Float64Array };
  private readonly t: { lo: Float64Array; hi: Float64Array };

  constructor(
    split: NonNullable<ReturnType<typeof rankOneSplit>>,
    private readonly d: number,
  ) {
    this.restEv = split.rest ? compileInterval(split.rest.flat()) : null;
    this.rLo = new Float64Array(d * d);
    this.rHi = new Float64Array(d * d);
    const compiled = new Map<string, IntervalEvaluator>();
    this.pieces = split.rankOne.map(({ curvature, a }) => {
      const key = structuralKey(curvature);
      const ev = compiled.get(key) ?? compileInterval([curvature]);
      compiled.set(key, ev);
      const enc = a.map((v) => fromRational(v));
      const aaLo = new Float64Array(d * d);
      const aaHi = new Float64Array(d * d);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          kernel.mul(enc[i]![0], enc[i]![1], enc[j]![0], enc[j]![1]);
          aaLo[i * d + j] = kernel.OUT[0]!;
          aaHi[i * d + j] = kernel.OUT[1]!;
        }
      return { ev, aLo: enc.map((e) => e[0]), aHi: enc.map((e) => e[1]), aaLo, aaHi };
    });
    this.wLo = new Float64Array(this.pieces.length);
    const mat = () => ({ lo: new Float64Array(d * d), hi: new Float64Array(d * d) });
    this.L = mat();
    this.U = mat();
    this.t = mat();
  }

  /** Whether every Hessian on the box is positive semidefinite (see LocalConvexity.convex). */
  convex(box: { readonly lo: readonly number[]; readonly hi: readonly number[] }): boolean {
    if (!this.assemble(box)) return false;
    if (!this.restEv && this.pieces.every((_, k) => this.wLo[k]! >= 0)) return true;
    const { d, L, t } = this;
    let scale = 1;
    for (let i = 0; i < d; i++) scale = Math.max(scale, Math.abs(L.lo[i * d + i]!), Math.abs(L.hi[i * d + i]!));
    const margin = 1e-9 * scale;
    t.lo.set(L.lo);
    t.hi.set(L.hi);
    for (let i = 0; i < d; i++) {
      t.lo[i * d + i] = kernel.addDown(L.lo[i * d + i]!, -margin);
      t.hi[i * d + i] = kernel.addUp(L.hi[i * d + i]!, -margin);
    }
    return provePositiveDefinite(d, t.lo, t.hi);
  }

  /** Rigorous m ≤ λ_min and M ≥ λ_max of every Hessian on the box (either may be ∓∞), or undefined on NaN. */
  bounds(box: { readonly lo: readonly number[]; readonly hi: readonly number[] }): { m: number; M: number } | undefined {
    if (!this.assemble(box)) return undefined;
    const { L, U } = this;
    // Without a rest and with every weight ≥ 0 on the box, H ⪰ Σ_k lo_k a_k a_kᵀ ⪰ 0 outright
    // (convexity of a sum of convex functions of linear forms, where L itself may be singular).
    let m = this.extreme(L, 1);
    if (m < 0 && !this.restEv && this.pieces.every((_, k) => this.wLo[k]! >= 0)) m = 0;
    return { m, M: -this.extreme(U, -1) };
  }

  /** L and U on the box (false on NaN or an infinite weight: nothing proved). */
  private assemble(box: { readonly lo: readonly number[]; readonly hi: readonly number[] }): boolean {
    const { d, L, U } = this;
    if (this.restEv) {
      this.restEv.eval(box.lo, box.hi, this.rLo, this.rHi);
      for (let e = 0; e < d * d; e++) if (Number.isNaN(this.rLo[e]!) || Number.isNaN(this.rHi[e]!)) return false;
    }
    L.lo.set(this.rLo);
    L.hi.set(this.rHi);
    U.lo.set(this.rLo);
    U.hi.set(this.rHi);
    for (let k = 0; k < this.pieces.length; k++) {
      const pc = this.pieces[k]!;
      // T = a·box (the range of aᵀx), then the range W of c·g'' on it.
      let tl = 0;
      let th = 0;
      for (let j = 0; j < d; j++) {
        kernel.mul(pc.aLo[j]!, pc.aHi[j]!, box.lo[j]!, box.hi[j]!);
        kernel.add(tl, th, kernel.OUT[0]!, kernel.OUT[1]!);
        tl = kernel.OUT[0]!;
        th = kernel.OUT[1]!;
      }
      const [wl, wh] = rangeOnPieces(pc.ev, tl, th);
      if (!Number.isFinite(wl) || !Number.isFinite(wh)) return false;
      this.wLo[k] = wl;
      for (let e = 0; e < d * d; e++) {
        kernel.mul(wl, wl, pc.aaLo[e]!, pc.aaHi[e]!);
        kernel.add(L.lo[e]!, L.hi[e]!, kernel.OUT[0]!, kernel.OUT[1]!);
        L.lo[e] = kernel.OUT[0]!;
        L.hi[e] = kernel.OUT[1]!;
        kernel.mul(wh, wh, pc.aaLo[e]!, pc.aaHi[e]!);
        kernel.add(U.lo[e]!, U.hi[e]!, kernel.OUT[0]!, kernel.OUT[1]!);
        U.lo[e] = kernel.OUT[0]!;
        U.hi[e] = kernel.OUT[1]!;
      }
    }
    return true;
  }

  /** The lower ends of the weights on the last box (for the rule above). */
  private readonly wLo: Float64Array;
  /**
   * sign 1: the largest proved m with every member of A minus mI positive definite (−∞ when none);
   * sign −1: the same for −A (so −result bounds λ_max(A) from above).
   */
  private extreme(A: { lo: Float64Array; hi: Float64Array }, sign: 1 | -1): number {
    const { d, t } = this;
    // Members of sign·A: entries in [lo, hi] or [−hi, −lo].
    const lo = (e: number) => (sign === 1 ? A.lo[e]! : -A.hi[e]!);
    const hi = (e: number) => (sign === 1 ? A.hi[e]! : -A.lo[e]!);
    // Bracket: Gershgorin below (valid), the smallest diagonal upper end above (never proved).
    let a = Infinity;
    let b = Infinity;
    for (let i = 0; i < d; i++) {
      let r = 0;
      for (let j = 0; j < d; j++) if (j !== i) r = kernel.addUp(r, Math.max(Math.abs(lo(i * d + j)), Math.abs(hi(i * d + j))));
      a = Math.min(a, kernel.addDown(lo(i * d + i), -r));
      b = Math.min(b, hi(i * d + i));
    }
    if (!Number.isFinite(a) || !Number.isFinite(b)) return -Infinity;
    const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    for (let e = 0; e < d * d; e++) {
      t.lo[e] = lo(e);
      t.hi[e] = hi(e);
    }
    const proves = (s: number): boolean => {
      for (let i = 0; i < d; i++) {
        const e = i * d + i;
        t.lo[e] = kernel.addDown(lo(e), -s);
        t.hi[e] = kernel.addUp(hi(e), -s);
      }
      return provePositiveDefinite(d, t.lo, t.hi);
    };
    for (let it = 0; it < 60 && b - a > tol; it++) {
      const s = a + (b - a) / 2;
      if (proves(s)) a = s;
      else b = s;
    }
    // Backed off so that another assembly of the same matrices proves it too (see the class comment).
    return kernel.addDown(a, -tol);
  }
}

/**
 * The α-β-condition from convexity of every term (docs/engine.md, "Local convexity"). If each f_i
 * is convex on the segment [x, p] (p = x_p, the case's point of S), then
 * ⟨∇f_i(x), x − p⟩ ≥ f_i(x) − f_i(p), and with α = 1 + δ (δ ≥ 0)
 *   R_i = ⟨∇f_i(x), x − p⟩ − α(f_i(x) − f_i(p)) + β(f_i(x) − f_i*)
 *       ≥ (β − δ)(f_i(x) − f_i*) + δ(f_i(p) − f_i*)  ≥ 0
 * when β ≥ δ (α − β ≤ 1), f_i(x) ≥ f_i* (needed when β > δ) and f_i(p) ≥ f_i* (needed when δ > 0).
 * A computed f_i* is the infimum of f_i over R^d, below every value of f_i, so both facts hold by
 * definition; a given f_i* (`termMinima`) must be proved below f_i on the box and on p's
 * enclosure with intervals. Convexity on the hull of the box and p's enclosure (it holds every
 * segment) is a lower eigenvalue bound m ≥ 0 of ∇²f_i there (LocalConvexity.bounds).
 */
export class TermConvexity {
  /** Per term, built on first use (null once the deadline stopped it). */
  private readonly terms: (LocalConvexity | undefined)[];
  private readonly exprs: readonly Expr[];
  private readonly dim: number;
  /** Interval values of the terms (for a given f_i*), or null. */
  private readonly ev: IntervalEvaluator | null;
  private readonly vLo: Float64Array;
  private readonly vHi: Float64Array;

  constructor(
    terms: readonly Expr[],
    dim: number,
    /** The given f_i* as enclosures (`termMinima`), or null when lscert computes them. */
    private readonly given: readonly { lo: number; hi: number }[] | null,
    /** Which facts about f_i* the claim needs: f_i ≥ f_i* on the box (β > δ) and at p (δ > 0). */
    private readonly need: { readonly atX: boolean; readonly atP: boolean },
  ) {
    this.exprs = terms;
    this.dim = dim;
    this.terms = new Array<LocalConvexity | undefined>(terms.length);
    this.ev = given ? compileInterval([...terms]) : null;
    this.vLo = new Float64Array(terms.length);
    this.vHi = new Float64Array(terms.length);
  }

  /** The constants for which convex terms prove α-β: α ≥ 1, 0 ≤ α − 1 ≤ β (exact), or null. */
  static need(alpha: Rational, beta: Rational): { atX: boolean; atP: boolean } | null {
    const delta = alpha.sub(Rational.ONE);
    if (delta.sign() < 0 || beta.sign() < 0 || beta.cmp(delta) < 0) return null;
    return { atX: beta.cmp(delta) > 0, atP: delta.sign() > 0 };
  }

  /** Whether R_i ≥ 0 for every term on `box` with x_p the point enclosed by `p`; `hull` = hull(box ∪ p). */
  proves(box: Box, p: Box, hull: Box): boolean {
    if (this.given && !(this.below(box, this.need.atX) && this.below(p, this.need.atP))) return false;
    for (let i = 0; i < this.exprs.length; i++) {
      // Built on first use, each under the command's deadline (64 terms' Hessians take seconds).
      if (!this.terms[i]) {
        if (Date.now() >= ambientDeadline()) return false;
        this.terms[i] = new LocalConvexity(this.exprs[i]!, this.dim);
      }
      if (!this.terms[i]!.convex(hull)) return false;
    }
    return true;
  }

  /** Whether every term's enclosure on the box is ≥ its given f_i* (true when not needed). */
  private below(box: Box, needed: boolean): boolean {
    if (!needed || !this.ev || !this.given) return true;
    this.ev.eval(box.lo, box.hi, this.vLo, this.vHi);
    return this.given.every((g, i) => this.vLo[i]! >= g.hi);
  }
}
