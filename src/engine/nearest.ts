import { Rational } from '../exact/rational.js';
import {
  build as b,
  compileFloat,
  compileInterval,
  derivative,
  domainGuards,
  kinkGuards,
  simplify,
  substitute,
  type Expr,
  type FloatEvaluator,
  type IntervalEvaluator,
} from '../expr/index.js';
import { NearestStart } from '../expr/nearest-start.js';
import { Interval } from '../interval/index.js';
import type { Box } from './box.js';
import { krawczyk, proveUniqueZero } from './global/krawczyk.js';

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
 *    (a') some g_j is undefined on all of Q (the argument of one of its sqrt calls is < 0 on Q, of a
 *        log ≤ 0, of a log1p ≤ −1: domainGuards): a point of S is a point where g is defined and 0;
 *        where such an argument is one coordinate p_j, (a) evaluates g on Q ∩ {p_j ≥ 0} only;
 *    (b) |x − p|² − |x − q|² = Σ_j (p_j − q_j)(p_j + q_j − 2x_j) > 0 on B × Q × Q_v: every p ∈ Q is
 *        farther from every x ∈ B than the point of S in Q_v;
 *    (c) some (m+1)×(m+1) minor of the d × (m+1) matrix [x − p, ∇g_1(p), …, ∇g_m(p)] excludes 0
 *        on B × Q (for one equation: (x_a − p_a) ∂_b g(p) − (x_b − p_b) ∂_a g(p)). Where Dg(p) has
 *        full rank m the constraints are regular, so a nearest point satisfies Lagrange's
 *        x − p = Σ λ_r ∇g_r(p): the columns are dependent and every minor vanishes; where Dg(p) has
 *        lower rank the gradient columns alone are dependent, and every minor vanishes too. So a
 *        minor that excludes 0 excludes nearest points. (Only when the minors are few and small:
 *        `lagrangeMinors`.)
 *    Every other box is kept (boxes left when the budget runs out included), so the hull of the
 *    kept boxes holds every nearest point. A wide hull is still sound, only weaker.
 * NaN or infinite enclosures never discard a box.
 */
export class ImplicitSet {
  readonly d: number;
  readonly m: number;
  /** g over p (variables 0…d−1). */
  private readonly gEv: IntervalEvaluator;
  /** The arguments of g's sqrt (≥ 0) and log (> 0, `domainStrict`) calls over p (test (a')), or null. */
  private readonly domainEv: IntervalEvaluator | null;
  private readonly domainStrict: readonly boolean[];
  private readonly dLo: Float64Array;
  private readonly dHi: Float64Array;
  /** Coordinates j with a guard p_j ≥ 0 (or > 0): S lies in p_j ≥ 0. */
  private readonly clipped: readonly number[];
  /** g and its Jacobian (row-major m × d) as floats, for the pivots. */
  private readonly gjFloat: FloatEvaluator;
  /** Float starting points (untrusted, shared with the checker). */
  private readonly start: NearestStart;
  /** D(x, p, q) of (b), over [x (0…d−1), p (d…2d−1), q (2d…3d−1)]. */
  private readonly distEv: IntervalEvaluator;
  /** The minors of (c) over [x, p] (none when there are too many, see lagrangeMinors). */
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
    // (a'): where some g_j is undefined on all of Q (sqrt of a negative, log of a non-positive)
    // Q holds no point of S either; NaN from a partly undefined g keeps the box.
    const dg = equations.flatMap((g) => domainGuards(g));
    this.domainStrict = dg.map((g) => g.strict);
    this.domainEv = dg.length ? compileInterval(dg.map((g) => g.arg)) : null;
    this.dLo = new Float64Array(dg.length);
    this.dHi = new Float64Array(dg.length);
    // A guard on one coordinate (sqrt(p_j), log(p_j)): g is evaluated on Q ∩ {p_j ≥ 0} in (a), so
    // that boxes across p_j = 0 (where sqrt is undefined on part of Q) can still be dropped.
    this.clipped = [...new Set(dg.flatMap((g) => (g.arg.kind === 'var' && g.arg.index < d ? [g.arg.index] : [])))];
    this.gjFloat = compileFloat([...equations, ...jac.flat()]);
    this.start = new NearestStart(equations, d);
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
    const minors = this.smooth ? lagrangeMinors(jac, d, x, p) : null;
    this.minorEv = minors ? compileInterval(minors) : null;
    this.gLo = new Float64Array(m);
    this.gHi = new Float64Array(m);
    const outs = Math.max(1, this.minorEv?.outputs ?? 0);
    this.oLo = new Float64Array(outs);
    this.oHi = new Float64Array(outs);
  }

  /** An approximate nearest point of x on S (floats, untrusted; see NearestStart.approximate), or null. */
  approximate(x: readonly number[]): number[] | null {
    return this.start.approximate(x);
  }

  /** A box proved to hold a point of S, near the Gauss–Newton projection of `start` (step 1). */
  verifiedPoint(start: readonly number[]): Box | null {
    const { m } = this;
    if (!this.smooth) return null;
    // The checker (src/cert/nearest.ts) starts from the same float point (the shared, untrusted
    // NearestStart), so that both find the same enclosure.
    const q0 = this.start.approximate(start);
    if (!q0) return null;
    const free = this.pivots(q0);
    if (!free) return null;
    const { fEv, jEv } = this.reduced(free, q0);
    const z0 = free.map((j) => q0[j]!);
    const r = 1e-12 * (1 + Math.max(...z0.map(Math.abs)));
    const X0: Box = { lo: z0.map((v) => v - r), hi: z0.map((v) => v + r) };
    const jLo = new Float64Array(m * m);
    const jHi = new Float64Array(m * m);
    const fLo = new Float64Array(m);
    const fHi = new Float64Array(m);
    // g itself finite on X too (as the checker requires): the Jacobian is simplified, so it can be
    // finite where g is undefined (sqrt(x) − sqrt(x)), and a point of S is a point where g is defined.
    const admissible = (X: Box) => {
      jEv.eval(X.lo, X.hi, jLo, jHi);
      fEv.eval(X.lo, X.hi, fLo, fHi);
      return jLo.every(Number.isFinite) && jHi.every(Number.isFinite) && fLo.every(Number.isFinite) && fHi.every(Number.isFinite);
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

  /**
   * Whether the box Q provably holds a point of S, by one Krawczyk test: the coordinates where Q
   * has width (exactly m of them) are free, the others are exact doubles, and K(Q) ⊆ int Q on the
   * free ones proves a (unique) zero of g there. The checker (src/cert/nearest.ts) runs the same
   * test with its own code on a certificate's x* box.
   */
  provesPointIn(Q: Box): boolean {
    if (!this.smooth) return false;
    const free = Q.lo.flatMap((l, j) => (l < Q.hi[j]! ? [j] : []));
    if (free.length !== this.m || !Q.lo.every((l, j) => Number.isFinite(l) && Number.isFinite(Q.hi[j]!) && l <= Q.hi[j]!)) return false;
    const { fEv, jEv } = this.reduced(free, Q.lo);
    const X: Box = { lo: free.map((j) => Q.lo[j]!), hi: free.map((j) => Q.hi[j]!) };
    const jLo = new Float64Array(this.m * this.m);
    const jHi = new Float64Array(this.m * this.m);
    jEv.eval(X.lo, X.hi, jLo, jHi);
    if (!(jLo.every(Number.isFinite) && jHi.every(Number.isFinite))) return false;
    // g defined (finite) on all of X, as in verifiedPoint.
    const fLo = new Float64Array(this.m);
    const fHi = new Float64Array(this.m);
    fEv.eval(X.lo, X.hi, fLo, fHi);
    if (!(fLo.every(Number.isFinite) && fHi.every(Number.isFinite))) return false;
    return krawczyk(fEv, jEv, X) === 'unique';
  }

  /** The m coordinates Krawczyk keeps free near q (the pivots of Dg(q)), or null. */
  freeCoordinates(q: readonly number[]): number[] | null {
    return this.pivots(q);
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
  pointNear(c: readonly number[]): Box | null {
    const direct = this.verifiedPoint(c);
    if (direct) return direct;
    const r = 1e-3 * (1 + Math.max(...c.map(Math.abs)));
    for (let j = 0; j < this.d; j++)
      for (const s of [1, -1]) {
        const Q = this.verifiedPoint(c.map((v, i) => (i === j ? v + s * r : v)));
        if (Q) return Q;
      }
    // Moving one coordinate at a time can leave Dg singular (at the origin of w sᵀ = C every ∂g
    // vanishes but one): a few fixed diagonal moves, deterministic.
    for (const pattern of [(_: number) => 1, (i: number) => (i % 2 ? -1 : 1), (i: number) => (i % 3 ? 1 : -1)]) {
      const Q = this.verifiedPoint(c.map((v, i) => v + 7 * r * pattern(i) * (1 + i / 8)));
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
    return this.encloseClusters(B, tol)?.hull ?? null;
  }

  /**
   * As `enclose`, and the kept boxes grouped into clusters: boxes that touch (closed boxes that
   * intersect) are in one cluster, and each cluster is given by its hull. Every nearest point of
   * every x ∈ B lies in some kept box, hence in some cluster's hull; the hull of all of them is
   * `hull`. Where x has several nearest points far apart (a tie, e.g. the origin for a scaling
   * orbit ±p), one hull spans both and bounds over it are loose; per-cluster hulls stay tight:
   * a claim that holds for every p in every cluster holds for every nearest point, and a
   * residual that fails for every p in every cluster fails for every nearest point.
   */
  encloseClusters(B: Box, tol?: number): { hull: Box; clusters: Box[] } | null {
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
    // A point (a witness to verify) gets five times the budget: its enclosure is refined to a tiny
    // width around each nearest point, and it is computed once, not per box of a search.
    const budget = width === 0 ? 5 * this.budget : this.budget;
    // Breadth first (a queue): every region is split evenly. Depth first spent the whole budget of
    // a 3×3 factorization's point (d = 6) refining one nearest point to 1e-9 and kept the wide
    // boxes still on the stack, so no witness could be verified (issue [9], Example 4 3×3).
    // The checker (src/cert/nearest.ts) searches in the same order.
    let head = 0;
    while (head < stack.length) {
      const Q = stack[head++]!;
      if (used++ >= budget) {
        kept.push(Q, ...stack.slice(head));
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
    return { hull: hullOf(final, d), clusters: touchingGroups(final).map((g) => hullOf(g, d)) };
  }

  /** (b): every p ∈ Q is farther from every x ∈ B than the point of S that Qv holds. */
  private fartherThan(B: Box, Q: Box, Qv: Box): boolean {
    this.distEv.eval([...B.lo, ...Q.lo, ...Qv.lo], [...B.hi, ...Q.hi, ...Qv.hi], this.oLo, this.oHi);
    return this.oLo[0]! > 0;
  }

  /** (a), (b), (c): Q provably holds no nearest point of any x ∈ B. */
  private excluded(B: Box, Q: Box, Qv: Box): boolean {
    // (a) on the part of Q where g can be defined (S ⊆ {p_j ≥ 0} for the clipped coordinates).
    let lo = Q.lo;
    if (this.clipped.length) {
      const l = [...Q.lo];
      for (const j of this.clipped) {
        if (Q.hi[j]! < 0) return true;
        l[j] = Math.max(l[j]!, 0);
      }
      lo = l;
    }
    this.gEv.eval(lo, Q.hi, this.gLo, this.gHi);
    for (let j = 0; j < this.m; j++) if (this.gLo[j]! > 0 || this.gHi[j]! < 0) return true;
    if (this.domainEv) {
      this.domainEv.eval(Q.lo, Q.hi, this.dLo, this.dHi);
      for (let k = 0; k < this.domainEv.outputs; k++) if (this.dHi[k]! < 0 || (this.domainStrict[k] && this.dHi[k]! <= 0)) return true;
    }
    if (this.fartherThan(B, Q, Qv)) return true;
    if (this.minorEv) {
      this.minorEv.eval([...B.lo, ...Q.lo], [...B.hi, ...Q.hi], this.oLo, this.oHi);
      for (let k = 0; k < this.minorEv.outputs; k++) if (this.oLo[k]! > 0 || this.oHi[k]! < 0) return true;
    }
    return false;
  }
}

/** The smallest box holding every box of a non-empty list. */
function hullOf(boxes: readonly Box[], d: number): Box {
  return {
    lo: Array.from({ length: d }, (_, j) => Math.min(...boxes.map((Q) => Q.lo[j]!))),
    hi: Array.from({ length: d }, (_, j) => Math.max(...boxes.map((Q) => Q.hi[j]!))),
  };
}

/**
 * The boxes grouped so that two boxes whose closed boxes intersect (touching faces included) are
 * in the same group (union–find over all pairs; the kept lists are short). Comparisons are exact on
 * the boxes' doubles, so no point of a box is lost between groups: every box is in exactly one.
 * More than `limit` boxes form one group.
 */
export function touchingGroups(boxes: readonly Box[], limit = 256): Box[][] {
  const n = boxes.length;
  // Past `limit` boxes the pairwise test costs too much per box: one group (sound, only looser).
  if (n > limit) return [[...boxes]];
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const touch = (a: Box, c: Box) => a.lo.every((l, j) => l <= c.hi[j]! && c.lo[j]! <= a.hi[j]!);
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) if (find(i) !== find(k) && touch(boxes[i]!, boxes[k]!)) parent[find(i)] = find(k);
  const groups = new Map<number, Box[]>();
  boxes.forEach((Q, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(Q);
    else groups.set(r, [Q]);
  });
  return [...groups.values()];
}

/**
 * The (m+1)×(m+1) minors of [x − p, ∇g_1(p), …, ∇g_m(p)] (test (c) of ImplicitSet) as expressions
 * over [x, p], from the Jacobian rows `jac` (over p's own variables 0…d−1); null when m + 1 > d,
 * m + 1 > 4 (Laplace expansion grows as (m+1)!) or there would be more than 64 minors. A curve
 * (m + 1 = d, one minor: x − p orthogonal to S's tangent) is allowed up to d = 7 when its sum has
 * at most 2000 non-zero products (sparse gradients, as for the scaling orbit w sᵀ = C of a 3×3
 * factorization: d = 6, m = 5). The checker (src/cert/nearest.ts) applies the same rule.
 */
export function lagrangeMinors(jac: readonly (readonly Expr[])[], d: number, x: (j: number) => Expr, p: (j: number) => Expr): Expr[] | null {
  const m = jac.length;
  const k = m + 1;
  if (k > d || (k > 4 && !(k === d && k <= 7))) return null;
  const rows: number[][] = [];
  const choose = (from: number, acc: number[]) => {
    if (acc.length === k) rows.push([...acc]);
    else for (let r = from; r < d; r++) choose(r + 1, [...acc, r]);
  };
  choose(0, []);
  if (rows.length > 64) return null;
  // Column 0: x − p; column r + 1: ∇g_r with its variables moved to the p slots.
  const grad = jac.map((row) => row.map((e) => substitute(e, (i) => p(i))));
  const entry = (row: number, col: number): Expr => (col === 0 ? b.sub(x(row), p(row)) : grad[col - 1]![row]!);
  const minors = rows.map((rs) => determinant(rs.map((r) => Array.from({ length: k }, (_, c) => entry(r, c)))));
  if (k > 4 && minors.some((e) => e.kind === 'add' && e.terms.length > 2000)) return null;
  return minors;
}

/**
 * The determinant of a small square matrix of expressions, as the Leibniz sum Σ_σ sign(σ) Π_i M[i][σ(i)]
 * over the permutations in a fixed order (each built by inserting n−1 into a permutation of
 * 0…n−2 at every position). The checker (src/cert/nearest.ts) builds the same sum in the same
 * order with its own code, so that both get the same expression, hence the same enclosures.
 */
function determinant(M: readonly (readonly Expr[])[]): Expr {
  const perms = (n: number): { order: number[]; odd: boolean }[] =>
    n === 1
      ? [{ order: [0], odd: false }]
      : perms(n - 1).flatMap(({ order, odd }) =>
          Array.from({ length: n }, (_, at) => ({ order: [...order.slice(0, at), n - 1, ...order.slice(at)], odd: odd !== ((n - 1 - at) % 2 === 1) })),
        );
  return b.add(
    ...perms(M.length).map(({ order, odd }) => {
      const t = b.mul(...order.map((c, i) => M[i]![c]!));
      return odd ? b.neg(t) : t;
    }),
  );
}
