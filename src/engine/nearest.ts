import { Rational } from '../exact/rational.js';
import {
  build as b,
  compileFloat,
  compileInterval,
  derivative,
  kinkGuards,
  simplify,
  substitute,
  type Expr,
  type FloatEvaluator,
  type IntervalEvaluator,
} from '../expr/index.js';
import { Interval } from '../interval/index.js';
import type { Box } from './box.js';
import { proveUniqueZero } from './global/krawczyk.js';
import { invert } from './global/linalg.js';

/**
 * Nearest points on a set given by equations, S = {y ∈ Rᵈ : g(y) = 0} (issue [9] §2;
 * docs/engine.md, "S given by equations"). For a box B of points x, `enclose(B)` returns a box P
 * that holds every nearest point of S (over all of Rᵈ, not only the box) of every x ∈ B, or null.
 *
 * Soundness, step by step:
 * 1. A point of S: Gauss–Newton from the box's centre gives q₀ ≈ a point of S; then m coordinates
 *    I (the pivots of Dg(q₀)) are kept free and the others fixed at q₀'s doubles (exact numbers),
 *    and Krawczyk proves that g(q) = 0 has a zero in a small box Q_v (`proveUniqueZero`: K ⊆ int X).
 *    So S ∩ Q_v ≠ ∅. Without such a point nothing is enclosed (null).
 * 2. For x ∈ B and p a nearest point of x: |x − p|² ≤ |x − q|² for the q ∈ S ∩ Q_v. Hence
 *    |p_j − x_j| ≤ D := max over B × Q_v of |x − q| (an outward-rounded interval bound), so every
 *    nearest point lies in R₀ = [B.lo − D, B.hi + D].
 * 3. A branch and bound over p-boxes Q ⊆ R₀ discards Q only when it provably holds no nearest
 *    point of any x ∈ B:
 *    (a) some g_j(Q) excludes 0: Q holds no point of S;
 *    (b) |x − p|² − |x − q|² = Σ_j (p_j − q_j)(p_j + q_j − 2x_j) > 0 on B × Q × Q_v: every p ∈ Q is
 *        farther from every x ∈ B than the point of S in Q_v;
 *    (c) (one equation, d ≥ 2) some 2×2 minor (x_a − p_a) ∂_b g(p) − (x_b − p_b) ∂_a g(p) excludes
 *        0 on B × Q. A nearest point satisfies x − p = λ ∇g(p) when ∇g(p) ≠ 0 (Lagrange: one
 *        equation with a nonzero gradient is a regular constraint), so every minor vanishes; where
 *        ∇g(p) = 0 the minors vanish too. So a minor that excludes 0 excludes nearest points.
 *    Every other box is kept (boxes left when the budget runs out included), so the hull of the
 *    kept boxes holds every nearest point. A wide hull is still sound, only weaker.
 * NaN or infinite enclosures never discard a box.
 */
export class ImplicitSet {
  readonly d: number;
  readonly m: number;
  /** g over p (variables 0…d−1). */
  private readonly gEv: IntervalEvaluator;
  private readonly gFloat: FloatEvaluator;
  /** g and its Jacobian (row-major m × d) as floats, for Gauss–Newton. */
  private readonly gjFloat: FloatEvaluator;
  /** D(x, p, q) of (b), over [x (0…d−1), p (d…2d−1), q (2d…3d−1)]. */
  private readonly distEv: IntervalEvaluator;
  /** The minors of (c) over [x, p] (none when m > 1 or d = 1). */
  private readonly minorEv: IntervalEvaluator | null;
  private readonly gLo: Float64Array;
  /** No g_j has a kink. */
  private readonly smooth: boolean;
  private readonly gHi: Float64Array;
  private readonly oLo: Float64Array;
  private readonly oHi: Float64Array;

  constructor(
    readonly equations: readonly Expr[],
    d: number,
    /** Inner boxes per enclosure (beyond it the boxes left are kept as they are). */
    private readonly budget = 4000,
  ) {
    this.d = d;
    this.m = equations.length;
    const m = this.m;
    const jac = equations.map((g) => Array.from({ length: d }, (_, j) => simplify(derivative(g, j))));
    this.gEv = compileInterval(equations);
    this.gFloat = compileFloat(equations);
    this.gjFloat = compileFloat([...equations, ...jac.flat()]);
    const x = (j: number) => b.variable(j, `x${j}`);
    const p = (j: number) => b.variable(d + j, `p${j}`);
    const q = (j: number) => b.variable(2 * d + j, `q${j}`);
    this.distEv = compileInterval([
      b.add(...Array.from({ length: d }, (_, j) => b.mul(b.sub(p(j), q(j)), b.sub(b.add(p(j), q(j)), b.mul(b.num(Rational.of(2)), x(j)))))),
    ]);
    // Krawczyk (step 1) and the Lagrange condition behind (c) need g C¹: with a kink (abs, max,
    // min, relu, sign) in some g_j the engine encloses nothing (the box is not proved; the checker,
    // src/cert/nearest.ts, tests smoothness box by box instead).
    this.smooth = equations.every((g) => kinkGuards(g).length === 0);
    if (m === 1 && d >= 2 && this.smooth) {
      // ∂_j g with its variables moved to the p slots.
      const n = jac[0]!.map((e) => substitute(e, (i) => p(i)));
      const minors: Expr[] = [];
      for (let a = 0; a < d; a++) for (let c = a + 1; c < d; c++) minors.push(b.sub(b.mul(b.sub(x(a), p(a)), n[c]!), b.mul(b.sub(x(c), p(c)), n[a]!)));
      this.minorEv = compileInterval(minors);
    } else this.minorEv = null;
    this.gLo = new Float64Array(m);
    this.gHi = new Float64Array(m);
    const outs = Math.max(1, this.minorEv?.outputs ?? 0);
    this.oLo = new Float64Array(outs);
    this.oHi = new Float64Array(outs);
  }

  /** Gauss–Newton projection of `start` onto S (floats; not rigorous), or null when it does not converge. */
  approximate(start: readonly number[]): number[] | null {
    const { d, m } = this;
    let y = [...start];
    const out = new Float64Array(m + m * d);
    for (let it = 0; it < 60; it++) {
      this.gjFloat.eval(y, out);
      const g = out.subarray(0, m);
      const J = out.subarray(m);
      if (!g.every(Number.isFinite) || !J.every(Number.isFinite)) return null;
      const scale = 1 + Math.max(...y.map(Math.abs));
      if (g.every((v) => Math.abs(v) <= 1e-15 * scale)) return y;
      // Minimal-norm step: y ← y − Jᵀ (J Jᵀ)⁻¹ g.
      const G = new Float64Array(m * m);
      for (let r = 0; r < m; r++) for (let s = 0; s < m; s++) for (let j = 0; j < d; j++) G[r * m + s]! += J[r * d + j]! * J[s * d + j]!;
      const Gi = invert(G, m);
      if (!Gi) return null;
      const w = Array.from({ length: m }, (_, r) => Array.from({ length: m }, (_, s) => Gi[r * m + s]! * g[s]!).reduce((u, v) => u + v, 0));
      const next = y.map((v, j) => v - w.reduce((u, wr, r) => u + J[r * d + j]! * wr, 0));
      const moved = Math.max(...next.map((v, j) => Math.abs(v - y[j]!)));
      y = next;
      if (moved <= 1e-16 * scale) break;
    }
    this.gFloat.eval(y, out);
    return out.subarray(0, m).every((v) => Math.abs(v) <= 1e-9 * (1 + Math.max(...y.map(Math.abs)))) ? y : null;
  }

  /** A box proved to hold a point of S, near the Gauss–Newton projection of `start` (step 1). */
  verifiedPoint(start: readonly number[]): Box | null {
    const { m } = this;
    if (!this.smooth) return null;
    const q0 = this.approximate(start);
    if (!q0) return null;
    const free = this.pivots(q0);
    if (!free) return null;
    const { fEv, jEv } = this.reduced(free, q0);
    const z0 = free.map((j) => q0[j]!);
    const r = 1e-12 * (1 + Math.max(...z0.map(Math.abs)));
    const X0: Box = { lo: z0.map((v) => v - r), hi: z0.map((v) => v + r) };
    const jLo = new Float64Array(m * m);
    const jHi = new Float64Array(m * m);
    const admissible = (X: Box) => {
      jEv.eval(X.lo, X.hi, jLo, jHi);
      return jLo.every(Number.isFinite) && jHi.every(Number.isFinite);
    };
    const proved = proveUniqueZero(fEv, jEv, X0, admissible);
    if (!proved) return null;
    const lo = [...q0];
    const hi = [...q0];
    free.forEach((j, k) => {
      lo[j] = proved.box.lo[k]!;
      hi[j] = proved.box.hi[k]!;
    });
    return { lo, hi };
  }

  private readonly reducedCache = new Map<string, { F: IntervalEvaluator; J: IntervalEvaluator; fixed: number[] }>();

  /**
   * g with the coordinates outside `free` fixed at q's doubles (exact numbers), as evaluators over
   * the free coordinates z (in order) and their Jacobian; compiled once per choice of `free`, with
   * the fixed values passed as extra (point) variables.
   */
  private reduced(free: readonly number[], q: readonly number[]): { fEv: IntervalEvaluator; jEv: IntervalEvaluator } {
    const { d, m } = this;
    const key = free.join(',');
    let hit = this.reducedCache.get(key);
    if (!hit) {
      const fixed = Array.from({ length: d }, (_, j) => j).filter((j) => !free.includes(j));
      const sub = (e: Expr) =>
        substitute(e, (i) =>
          free.includes(i) ? b.variable(free.indexOf(i), `z${free.indexOf(i)}`) : b.variable(m + fixed.indexOf(i), `w${fixed.indexOf(i)}`),
        );
      const F = this.equations.map(sub);
      const J = F.flatMap((e) => Array.from({ length: m }, (_, k) => simplify(derivative(e, k))));
      hit = { F: compileInterval(F), J: compileInterval(J), fixed };
      this.reducedCache.set(key, hit);
    }
    const w = hit.fixed.map((j) => q[j]!);
    const bind = (ev: IntervalEvaluator): IntervalEvaluator => ({
      outputs: ev.outputs,
      source: ev.source,
      eval: (lo, hi, oLo, oHi) => ev.eval([...Array.from(lo), ...w], [...Array.from(hi), ...w], oLo, oHi),
    });
    return { fEv: bind(hit.F), jEv: bind(hit.J) };
  }

  /**
   * A verified point of S from the centre, else from nearby starts (Gauss–Newton stalls where Dg
   * is singular, e.g. at the centre of x y = 1). Any point of S works for step 2; a near one gives
   * a small search region.
   */
  private pointNear(c: readonly number[]): Box | null {
    const direct = this.verifiedPoint(c);
    if (direct) return direct;
    const r = 1e-3 * (1 + Math.max(...c.map(Math.abs)));
    for (let j = 0; j < this.d; j++)
      for (const s of [1, -1]) {
        const Q = this.verifiedPoint(c.map((v, i) => (i === j ? v + s * r : v)));
        if (Q) return Q;
      }
    return null;
  }

  /** m coordinates whose columns of Dg(q) are well conditioned (greedy column pivoting), or null. */
  private pivots(q: readonly number[]): number[] | null {
    const { d, m } = this;
    const out = new Float64Array(m + m * d);
    this.gjFloat.eval(q, out);
    const A = Array.from({ length: m }, (_, r) => Array.from(out.subarray(m + r * d, m + (r + 1) * d)));
    const chosen: number[] = [];
    for (let r = 0; r < m; r++) {
      let best = -1;
      let size = 0;
      for (let j = 0; j < d; j++) {
        if (chosen.includes(j)) continue;
        if (Math.abs(A[r]![j]!) > size) [best, size] = [j, Math.abs(A[r]![j]!)];
      }
      if (best < 0 || !(size > 1e-12)) return null;
      chosen.push(best);
      for (let s = r + 1; s < m; s++) {
        const f = A[s]![best]! / A[r]![best]!;
        for (let j = 0; j < d; j++) A[s]![j]! -= f * A[r]![j]!;
      }
    }
    return chosen;
  }

  /**
   * A box holding every nearest point of S of every x ∈ B (steps 2–3), or null when no point of S
   * could be verified. `tol`: inner boxes narrower than this are not split (default: a quarter of
   * B's widest side, at least 1e-9 of its scale).
   */
  enclose(B: Box, tol?: number): Box | null {
    const { d } = this;
    const c = B.lo.map((l, j) => l + (B.hi[j]! - l) / 2);
    const Qv = this.pointNear(c);
    if (!Qv) return null;
    // D ≥ max |x − q| over B × Q_v, outward rounded.
    let D2 = Interval.point(0);
    for (let j = 0; j < d; j++) D2 = D2.add(Interval.of(B.lo[j]!, B.hi[j]!).sub(Interval.of(Qv.lo[j]!, Qv.hi[j]!)).sqr());
    const D = Interval.point(D2.hi).sqrt().hi;
    if (!Number.isFinite(D)) return null;
    const R0: Box = {
      lo: B.lo.map((l) => Interval.point(l).sub(Interval.point(D)).lo),
      hi: B.hi.map((h) => Interval.point(h).add(Interval.point(D)).hi),
    };
    const scale = 1 + Math.max(...B.lo.map(Math.abs), ...B.hi.map(Math.abs));
    const width = Math.max(...B.lo.map((l, j) => B.hi[j]! - l));
    const minW = tol ?? Math.max(width / 4, 1e-9 * scale);
    const kept: Box[] = [];
    const stack: Box[] = [R0];
    let used = 0;
    while (stack.length) {
      const Q = stack.pop()!;
      if (used++ >= this.budget) {
        kept.push(Q, ...stack);
        break;
      }
      if (this.excluded(B, Q, Qv)) continue;
      let k = 0;
      for (let j = 1; j < d; j++) if (Q.hi[j]! - Q.lo[j]! > Q.hi[k]! - Q.lo[k]!) k = j;
      if (Q.hi[k]! - Q.lo[k]! <= minW) {
        kept.push(Q);
        continue;
      }
      const mid = Q.lo[k]! + (Q.hi[k]! - Q.lo[k]!) / 2;
      stack.push({ lo: Q.lo, hi: Q.hi.map((h, j) => (j === k ? mid : h)) }, { lo: Q.lo.map((l, j) => (j === k ? mid : l)), hi: Q.hi });
    }
    // A second look with more points of S: the first q may lie on a farther piece of S (e.g. the
    // other branch of a hyperbola), which then cannot exclude that piece. Points of S verified
    // near the kept boxes are added, and a kept box farther than any of them is dropped ((b) again).
    const step = Math.max(1, Math.floor(kept.length / 8));
    const more: Box[] = [];
    for (let k = 0; k < kept.length; k += step) {
      const Q = kept[k]!;
      const v = this.verifiedPoint(Q.lo.map((l, j) => l + (Q.hi[j]! - l) / 2));
      if (v) more.push(v);
    }
    // (A new array: emptying `kept` in place when no point was verified emptied `final` with it, and
    // the hull of nothing, lo = +∞ > hi = −∞, bound the slots to an empty box.)
    const final = more.length ? kept.filter((Q) => !more.some((q) => this.fartherThan(B, Q, q))) : kept;
    if (!final.length) return null; // cannot happen (the nearest points are in some kept box); treat as not proved
    return {
      lo: Array.from({ length: d }, (_, j) => Math.min(...final.map((Q) => Q.lo[j]!))),
      hi: Array.from({ length: d }, (_, j) => Math.max(...final.map((Q) => Q.hi[j]!))),
    };
  }

  /** (b): every p ∈ Q is farther from every x ∈ B than the point of S that Qv holds. */
  private fartherThan(B: Box, Q: Box, Qv: Box): boolean {
    this.distEv.eval([...B.lo, ...Q.lo, ...Qv.lo], [...B.hi, ...Q.hi, ...Qv.hi], this.oLo, this.oHi);
    return this.oLo[0]! > 0;
  }

  /** (a), (b), (c): Q provably holds no nearest point of any x ∈ B. */
  private excluded(B: Box, Q: Box, Qv: Box): boolean {
    this.gEv.eval(Q.lo, Q.hi, this.gLo, this.gHi);
    for (let j = 0; j < this.m; j++) if (this.gLo[j]! > 0 || this.gHi[j]! < 0) return true;
    if (this.fartherThan(B, Q, Qv)) return true;
    if (this.minorEv) {
      this.minorEv.eval([...B.lo, ...Q.lo], [...B.hi, ...Q.hi], this.oLo, this.oHi);
      for (let k = 0; k < this.minorEv.outputs; k++) if (this.oLo[k]! > 0 || this.oHi[k]! < 0) return true;
    }
    return false;
  }
}
