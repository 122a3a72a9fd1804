import { compileAffine, type AffineEvaluator } from '../expr/affine-eval.js';
import { rangeOnPieces, rankOneSplit, type RankOneSplit } from '../expr/curvature.js';
import { compileInterval, derivative, hessian, simplify, type Expr, type IntervalEvaluator } from '../expr/index.js';
import { fromRational, kernel, provePositiveDefinite } from '../interval/index.js';
import type { CheckBox } from './cells.js';

const { OUT } = kernel;

/**
 * The checker's lower bounds of obligations over a box, slots fixed to their enclosures.
 * Each obligation has one or more equivalent forms R_k; for each form three rigorous
 * enclosures are computed and the best lower end over forms and enclosures counts:
 * - natural: the interval extension of R_k;
 * - mean value: R_k(c) + Σ_j ∂_j R_k(B)·(B_j − c_j), valid since R_k is C¹ on the box
 *   (the checker has verified that no kink meets the box and every term and gradient is finite);
 * - monotone: where ∂_j R_k(B) ≥ 0 (≤ 0) the minimum lies on the face x_j = lo_j (hi_j),
 *   and the natural and mean-value forms are recomputed there.
 * With `affine` (a leaf whose methods name 'affine'), a fourth enclosure where the three leave
 * a form below 0: the form in affine arithmetic (src/expr/affine-eval.ts, the shared trusted
 * expression kernel; the engine's bounder is not used).
 * NaN (an empty enclosure) in the natural form of any form gives NaN: never ≥ 0.
 */
export class CaseBounds {
  private readonly ev: IntervalEvaluator;
  private readonly n: number;
  /** formOf[k] = the obligation that form k belongs to. */
  private readonly formOf: number[];
  private readonly obligations: number;
  private readonly bLo: Float64Array;
  private readonly bHi: Float64Array;
  private readonly cLo: Float64Array;
  private readonly cHi: Float64Array;
  private readonly residuals: readonly Expr[];
  private affineEv: AffineEvaluator | undefined;

  constructor(
    obligations: readonly (readonly Expr[])[],
    private readonly dim: number,
    private readonly slots: readonly { readonly lo: number; readonly hi: number }[],
  ) {
    const residuals = obligations.flat();
    this.residuals = residuals;
    this.formOf = obligations.flatMap((f, k) => f.map(() => k));
    this.obligations = obligations.length;
    this.n = residuals.length;
    const grads = residuals.flatMap((r) => Array.from({ length: dim }, (_, j) => simplify(derivative(r, j))));
    this.ev = compileInterval([...residuals, ...grads]);
    const m = this.ev.outputs;
    [this.bLo, this.bHi, this.cLo, this.cHi] = [0, 0, 0, 0].map(() => new Float64Array(m)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  }

  private evalOn(lo: readonly number[], hi: readonly number[], oLo: Float64Array, oHi: Float64Array): void {
    this.ev.eval([...lo, ...this.slots.map((s) => s.lo)], [...hi, ...this.slots.map((s) => s.hi)], oLo, oHi);
  }

  /** max(natural, mean value) lower bound of R_k on [lo, hi], from outputs already evaluated. */
  private best(k: number, lo: readonly number[], hi: readonly number[], c: readonly number[]): number {
    const nat = this.bLo[k]!;
    if (Number.isNaN(nat) || Number.isNaN(this.bHi[k]!)) return NaN;
    let ml = this.cLo[k]!;
    let mh = this.cHi[k]!;
    for (let j = 0; j < this.dim; j++) {
      kernel.sub(lo[j]!, lo[j]!, c[j]!, c[j]!);
      const dl = OUT[0]!;
      kernel.sub(hi[j]!, hi[j]!, c[j]!, c[j]!);
      const dh = OUT[1]!;
      const g = this.n + k * this.dim + j;
      kernel.mul(this.bLo[g]!, this.bHi[g]!, dl, dh);
      kernel.add(ml, mh, OUT[0]!, OUT[1]!);
      ml = OUT[0]!;
      mh = OUT[1]!;
    }
    return ml > nat ? ml : nat;
  }

  /** Evaluates on the box and its centre (the centre rounded into the box). */
  private prepare(lo: readonly number[], hi: readonly number[]): number[] {
    const c = lo.map((l, j) => Math.min(Math.max(l + (hi[j]! - l) / 2, l), hi[j]!));
    this.evalOn(lo, hi, this.bLo, this.bHi);
    this.evalOn(c, c, this.cLo, this.cHi);
    return c;
  }

  /** The best rigorous lower bound of each obligation over the box (NaN: undefined there). */
  lower(box: CheckBox, affine = false): number[] {
    const perForm = this.lowerForms(box);
    if (affine) this.affineForms(box, perForm);
    const out = new Array<number>(this.obligations).fill(-Infinity);
    for (let k = 0; k < this.n; k++) {
      const o = this.formOf[k]!;
      out[o] = Number.isNaN(perForm[k]!) || Number.isNaN(out[o]!) ? NaN : Math.max(out[o]!, perForm[k]!);
    }
    return out;
  }

  /** Raises the lower ends of the forms left below 0 to their affine enclosure's, where it is higher (NaN stays NaN). */
  private affineForms(box: CheckBox, out: number[]): void {
    if (!out.some((l) => l < 0)) return;
    this.affineEv ??= compileAffine(this.residuals);
    const lo = new Float64Array(this.n);
    const hi = new Float64Array(this.n);
    this.affineEv.eval([...box.lo, ...this.slots.map((s) => s.lo)], [...box.hi, ...this.slots.map((s) => s.hi)], lo, hi);
    for (let k = 0; k < this.n; k++) if (out[k]! < 0 && lo[k]! > out[k]!) out[k] = lo[k]!;
  }

  private lowerForms(box: CheckBox): number[] {
    const { lo, hi } = box;
    const c = this.prepare(lo, hi);
    const out = Array.from({ length: this.n }, (_, k) => this.best(k, lo, hi, c));
    const gLo = this.bLo.slice();
    const gHi = this.bHi.slice();
    for (let k = 0; k < this.n; k++) {
      if (!(out[k]! < 0)) continue;
      const flo = [...lo];
      const fhi = [...hi];
      let moved = false;
      for (let j = 0; j < this.dim; j++) {
        const g = this.n + k * this.dim + j;
        if (!(hi[j]! > lo[j]!)) continue;
        if (gLo[g]! >= 0) fhi[j] = lo[j]!;
        else if (gHi[g]! <= 0) flo[j] = hi[j]!;
        else continue;
        moved = true;
      }
      if (!moved) continue;
      const fc = this.prepare(flo, fhi);
      const face = this.best(k, flo, fhi, fc);
      if (face > out[k]!) out[k] = face;
    }
    return out;
  }
}

/**
 * Gershgorin bounds on the eigenvalues of every symmetric matrix in the interval Hessian
 * of f over a box: m ≤ min_i (H_ii.lo − Σ_{j≠i} max|H_ij|), M ≥ max_i (H_ii.hi + Σ_{j≠i} max|H_ij|),
 * each sum rounded outward. Undefined unless both are finite.
 */
export class Curvature {
  private readonly ev: IntervalEvaluator;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  constructor(
    f: Expr,
    private readonly dim: number,
  ) {
    this.ev = compileInterval(hessian(f, dim, (e) => simplify(e)).flat());
    this.lo = new Float64Array(dim * dim);
    this.hi = new Float64Array(dim * dim);
  }

  bounds(box: CheckBox): { m: number; M: number } | undefined {
    this.ev.eval(box.lo, box.hi, this.lo, this.hi);
    const d = this.dim;
    let m = Infinity;
    let M = -Infinity;
    for (let i = 0; i < d; i++) {
      let rl = this.lo[i * d + i]!;
      let rh = this.hi[i * d + i]!;
      for (let j = 0; j < d; j++) {
        if (j === i) continue;
        const r = Math.max(Math.abs(this.lo[i * d + j]!), Math.abs(this.hi[i * d + j]!));
        rl = kernel.downSum(rl - r);
        rh = kernel.upSum(rh + r);
      }
      m = Math.min(m, rl);
      M = Math.max(M, rh);
    }
    // Either end may be infinite (an overflowing entry): callers test the end they use.
    return Number.isNaN(m) || Number.isNaN(M) ? undefined : { m, M };
  }
}

/**
 * The checker's test of recorded eigenvalue bounds [m, M] by the rank-one split of the Hessian
 * (src/expr/curvature.ts: ∇²f = Σ_k w_k(x) a_k a_kᵀ + ∇²r, each a_k a_kᵀ ⪰ 0). On a box every
 * Hessian H satisfies Σ_k lo(W_k) a_k a_kᵀ + ∇²r ⪯ H ⪯ Σ_k hi(W_k) a_k a_kᵀ + ∇²r, with W_k the
 * range of w_k = c_k g_k''(t) for t in a_k·box (bounded piecewise by `rangeOnPieces`, the rule
 * the engine uses too). So λ_min(H) > m when (lower matrix − mI) is proved positive definite,
 * and λ_max(H) < M when (MI − upper matrix) is. Each matrix is assembled here entry by entry
 * as the sum over pieces of the interval products (its own code; the engine assembles it
 * in engine/local.ts and finds m and M by bisection).
 */
export class SplitCurvature {
  private readonly restEv: IntervalEvaluator | null;
  private readonly curvEv: IntervalEvaluator[];
  private readonly a: [number, number][][];

  constructor(
    private readonly split: RankOneSplit,
    private readonly dim: number,
  ) {
    this.restEv = split.rest ? compileInterval(split.rest.flat()) : null;
    this.curvEv = split.rankOne.map((r) => compileInterval([r.curvature]));
    this.a = split.rankOne.map((r) => r.a.map((v) => fromRational(v)));
  }

  /** Whether some piece of f is not a function of one linear form. */
  get hasRest(): boolean {
    return this.restEv !== null;
  }

  static of(f: Expr, dim: number): SplitCurvature | null {
    const s = rankOneSplit(f, dim, (e) => simplify(e));
    return s ? new SplitCurvature(s, dim) : null;
  }

  /**
   * Whether every Hessian on the box is positive semidefinite: without a rest, every weight ≥ 0
   * (a sum of positive semidefinite matrices with non-negative weights); else λ_min > 0 as below.
   */
  convex(box: CheckBox): boolean {
    if (!this.restEv) {
      let all = true;
      for (let k = 0; k < this.split.rankOne.length && all; k++) {
        const [tl, th] = this.range(k, box);
        all = rangeOnPieces(this.curvEv[k]!, tl, th)[0] >= 0;
      }
      if (all) return true;
    }
    return this.proves(box, 0, Infinity).lower;
  }

  /** The range a_k·box of the k-th linear form. */
  private range(k: number, box: CheckBox): [number, number] {
    const ak = this.a[k]!;
    let tl = 0;
    let th = 0;
    for (let j = 0; j < this.dim; j++) {
      kernel.mul(ak[j]![0], ak[j]![1], box.lo[j]!, box.hi[j]!);
      kernel.add(tl, th, OUT[0]!, OUT[1]!);
      [tl, th] = [OUT[0]!, OUT[1]!];
    }
    return [tl, th];
  }

  /** Whether every Hessian on the box has λ_min > m (`lower`) and λ_max < M (`upper`). */
  proves(box: CheckBox, m: number, M: number): { lower: boolean; upper: boolean } {
    const d = this.dim;
    const n = d * d;
    const rLo = new Float64Array(n);
    const rHi = new Float64Array(n);
    if (this.restEv) this.restEv.eval(box.lo, box.hi, rLo, rHi);
    // Lower matrix minus mI (A) and M I minus the upper matrix (B), as intervals.
    const aLo = Float64Array.from(rLo);
    const aHi = Float64Array.from(rHi);
    const bLo = rHi.map((v) => -v);
    const bHi = rLo.map((v) => -v);
    for (let k = 0; k < this.split.rankOne.length; k++) {
      const ak = this.a[k]!;
      const [tl, th] = this.range(k, box);
      const [wl, wh] = rangeOnPieces(this.curvEv[k]!, tl, th);
      if (!Number.isFinite(wl) || !Number.isFinite(wh)) return { lower: false, upper: false };
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          const e = i * d + j;
          kernel.mul(ak[i]![0], ak[i]![1], ak[j]![0], ak[j]![1]);
          const [pl, ph] = [OUT[0]!, OUT[1]!];
          kernel.mul(wl, wl, pl, ph);
          kernel.add(aLo[e]!, aHi[e]!, OUT[0]!, OUT[1]!);
          [aLo[e], aHi[e]] = [OUT[0]!, OUT[1]!];
          kernel.mul(-wh, -wh, pl, ph);
          kernel.add(bLo[e]!, bHi[e]!, OUT[0]!, OUT[1]!);
          [bLo[e], bHi[e]] = [OUT[0]!, OUT[1]!];
        }
    }
    for (let i = 0; i < d; i++) {
      const e = i * d + i;
      kernel.sub(aLo[e]!, aHi[e]!, m, m);
      [aLo[e], aHi[e]] = [OUT[0]!, OUT[1]!];
      kernel.add(bLo[e]!, bHi[e]!, M, M);
      [bLo[e], bHi[e]] = [OUT[0]!, OUT[1]!];
    }
    // NaN anywhere (a rest entry, m or M) fails the test: not proved.
    return { lower: provePositiveDefinite(d, aLo, aHi), upper: provePositiveDefinite(d, bLo, bHi) };
  }
}
