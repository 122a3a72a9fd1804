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
import { Interval, kernel } from '../interval/index.js';
import { NearestStart } from '../expr/nearest-start.js';
import type { CheckBox } from './cells.js';

const { OUT } = kernel;

/** Inner p-boxes per enclosure (the engine's budget: the checker must get at least as tight a box). */
const INNER_BUDGET = 4000;

/**
 * The checker's own enclosure of nearest points on S = {y ∈ Rᵈ : g(y) = 0} (docs/engine.md,
 * "S given by equations"; written apart from the search's src/engine/nearest.ts, same
 * mathematics, tolerances and budget, so that on the same box it finds the same enclosure).
 * For a leaf box B, `enclose(B)` returns a box P holding every nearest point of S (over all of
 * Rᵈ) of every x ∈ B, or null.
 *
 * Why each step is sound:
 * 1. A point of S: a float nearest-point solver (src/expr/nearest-start.ts, untrusted) gives
 *    q₀ ≈ a point of S; m pivot coordinates stay free, the others are fixed at q₀'s doubles (exact numbers), and a Krawczyk test on the
 *    reduced m × m system proves a zero in a box Q_v: K(X) ⊆ int X for X where g is C¹ (no kink
 *    guard of g meets X, g and ∇g finite there), so g(q) = 0 for some q ∈ Q_v.
 * 2. A nearest point p of x ∈ B satisfies |x − p| ≤ |x − q|, so |p_j − x_j| ≤ D, D an upper bound
 *    of |x − q| over B × Q_v (outward rounded): p ∈ R₀ = [B.lo − D, B.hi + D].
 * 3. Inner branch and bound over R₀; a p-box Q is dropped only when it holds no nearest point of
 *    any x ∈ B: (a) some g_j(Q) excludes 0 (no point of S); (a') some g_j is undefined on all of Q
 *    (an argument of its sqrt < 0, of its log ≤ 0, of its log1p ≤ −1 on Q: no point of S, which
 *    holds only points where g is defined; where the argument is one coordinate p_j, (a) takes g on
 *    Q ∩ {p_j ≥ 0}); (b) |x − p|² − |x − q|² > 0 on
 *    B × Q × Q_v (farther than a point of S); (c) g C¹ on (a neighbourhood of) Q, m + 1 ≤ min(d, 4):
 *    some (m+1)×(m+1) minor of [x − p, ∇g_1(p), …, ∇g_m(p)] excludes 0 on B × Q (where Dg(p) has
 *    rank m the constraints are regular and a nearest point has x − p = Σ λ_r ∇g_r(p); where the
 *    rank is lower the gradients alone are dependent; either way every minor is 0; for one
 *    equation the minors are (x_a − p_a) ∂_b g(p) − (x_b − p_b) ∂_a g(p)). Every other box is
 *    kept, the boxes left over when the budget runs out too (a point box B gets five times the
 *    budget); points of S verified near kept boxes drop kept boxes by (b) again. P = hull of the
 *    kept boxes; touching kept boxes are grouped into clusters (`encloseGroups`).
 * NaN never drops a box.
 */
export class NearestPoints {
  private readonly d: number;
  private readonly m: number;
  /** g over p (variables 0…d−1). */
  private readonly gEv: IntervalEvaluator;
  /** Arguments of g's sqrt (≥ 0 where defined) and log/log1p (> 0, `domainStrict`) calls over p, or null. */
  private readonly domainEv: IntervalEvaluator | null;
  private readonly domainStrict: readonly boolean[];
  /** Coordinates j with a guard p_j ≥ 0 (or > 0). */
  private readonly clipped: readonly number[];
  /** [g, Dg (row-major)] as floats, for the pivots. */
  private readonly gjFloat: FloatEvaluator;
  /**
   * Float starting points, shared with the search on purpose: untrusted (every point used is proved
   * by this file's Krawczyk test), and the same start gives the same enclosure as the search's.
   */
  private readonly start: NearestStart;
  /** [kink guards of g, g, Dg] over p: g is C¹ on a closed box where every guard excludes 0 and the rest is finite. */
  private readonly smoothEv: IntervalEvaluator;
  private readonly guards: number;
  /** |x − p|² − |x − q|² over [x, p, q]. */
  private readonly distEv: IntervalEvaluator;
  /** The (m+1)-row minors of [x − p, ∇g_1(p), …, ∇g_m(p)] over [x, p] (test (c)), or null when too many or too large. */
  private readonly minorEv: IntervalEvaluator | null;
  private readonly reduced = new Map<string, { F: IntervalEvaluator; J: IntervalEvaluator; fixed: number[] }>();

  constructor(
    private readonly equations: readonly Expr[],
    d: number,
  ) {
    this.d = d;
    const m = equations.length;
    this.m = m;
    const jac = equations.map((g) => Array.from({ length: d }, (_, j) => simplify(derivative(g, j))));
    this.gEv = compileInterval(equations);
    // Test (a'): g undefined on all of Q (a sqrt of a negative, a log of a non-positive).
    const dg = equations.flatMap((g) => domainGuards(g));
    this.domainStrict = dg.map((g) => g.strict);
    this.domainEv = dg.length ? compileInterval(dg.map((g) => g.arg)) : null;
    // A guard on one coordinate: (a) evaluates g on Q ∩ {p_j ≥ 0} (S lies there).
    this.clipped = [...new Set(dg.flatMap((g) => (g.arg.kind === 'var' && g.arg.index < d ? [g.arg.index] : [])))];
    this.gjFloat = compileFloat([...equations, ...jac.flat()]);
    this.start = new NearestStart(equations, d);
    const guards = equations.flatMap((g) => kinkGuards(g).map((k) => k.guard));
    this.guards = guards.length;
    this.smoothEv = compileInterval([...guards, ...equations, ...jac.flat()]);
    const xv = (j: number) => b.variable(j, `x${j}`);
    const pv = (j: number) => b.variable(d + j, `p${j}`);
    const qv = (j: number) => b.variable(2 * d + j, `q${j}`);
    // Σ (p_j − q_j)(p_j + q_j − 2x_j) = |x − p|² − |x − q|².
    const terms = Array.from({ length: d }, (_, j) => b.mul(b.sub(pv(j), qv(j)), b.sub(b.add(pv(j), qv(j)), b.mul(b.num(Rational.of(2)), xv(j)))));
    this.distEv = compileInterval([b.add(...terms)]);
    // Test (c): the (m+1)-row minors of A = [x − p | ∇g_1(p) | … | ∇g_m(p)] (d × (m+1)), each as
    // the Leibniz sum over permutations; only while they are few and small.
    const k = m + 1;
    const rowSets: number[][] = [];
    const pick = (next: number, chosen: number[]) => {
      if (chosen.length === k) return void rowSets.push(chosen);
      for (let r = next; r < d; r++) pick(r + 1, [...chosen, r]);
    };
    // A curve (k = d, one minor) up to d = 7 with at most 2000 non-zero products, as the engine.
    if (k <= d && (k <= 4 || (k === d && k <= 7))) pick(0, []);
    if (rowSets.length > 0 && rowSets.length <= 64) {
      const grads = jac.map((row) => row.map((e) => substitute(e, (i) => pv(i))));
      const A = (r: number, c: number): Expr => (c === 0 ? b.sub(xv(r), pv(r)) : grads[c - 1]![r]!);
      const perms = permutations(k);
      const minors = rowSets.map((rs) =>
        b.add(
          ...perms.map(({ perm, odd }) => {
            const t = b.mul(...perm.map((c, i) => A(rs[i]!, c)));
            return odd ? b.neg(t) : t;
          }),
        ),
      );
      const tooLarge = k > 4 && minors.some((e) => e.kind === 'add' && e.terms.length > 2000);
      this.minorEv = tooLarge ? null : compileInterval(minors);
    } else this.minorEv = null;
  }

  /** A box holding every nearest point on S of every x ∈ B, or null (no point of S could be verified). */
  enclose(B: CheckBox): CheckBox | null {
    return this.encloseGroups(B)?.hull ?? null;
  }

  /**
   * As `enclose`, with the kept boxes also grouped into clusters of touching boxes (each given by
   * its hull): every nearest point lies in some kept box, hence in some cluster. A leaf whose
   * bounds hold with the nearest point ranging over each cluster in turn holds for every nearest
   * point (ties far apart, e.g. ±p on a scaling orbit, stay separate instead of one wide hull).
   */
  encloseGroups(B: CheckBox): { hull: CheckBox; groups: CheckBox[] } | null {
    const d = this.d;
    const centre = B.lo.map((l, j) => l + (B.hi[j]! - l) / 2);
    const Qv = this.verifiedNear(centre);
    if (!Qv) return null;
    let D2 = Interval.point(0);
    for (let j = 0; j < d; j++) D2 = D2.add(Interval.of(B.lo[j]!, B.hi[j]!).sub(Interval.of(Qv.lo[j]!, Qv.hi[j]!)).sqr());
    const D = Interval.point(D2.hi).sqrt().hi;
    if (!Number.isFinite(D)) return null;
    const root: CheckBox = {
      lo: B.lo.map((l) => Interval.point(l).sub(Interval.point(D)).lo),
      hi: B.hi.map((h) => Interval.point(h).add(Interval.point(D)).hi),
    };
    const scale = 1 + Math.max(...B.lo.map(Math.abs), ...B.hi.map(Math.abs));
    const width = Math.max(...B.lo.map((l, j) => B.hi[j]! - l));
    const minWidth = Math.max(width / 4, 1e-9 * scale);
    const kept: CheckBox[] = [];
    const todo: CheckBox[] = [root];
    let spent = 0;
    const budget = width === 0 ? 5 * INNER_BUDGET : INNER_BUDGET;
    // Breadth first (a queue), as the engine: every region is split evenly, so a budget that runs
    // out leaves boxes of one size, not a few deep points and the wide rest.
    let head = 0;
    while (head < todo.length) {
      const Q = todo[head++]!;
      if (spent++ >= budget) {
        // Out of budget: what is left is kept as it is (wider, still sound).
        kept.push(Q, ...todo.slice(head));
        break;
      }
      if (this.dropped(B, Q, Qv)) continue;
      let k = 0;
      for (let j = 1; j < d; j++) if (Q.hi[j]! - Q.lo[j]! > Q.hi[k]! - Q.lo[k]!) k = j;
      if (Q.hi[k]! - Q.lo[k]! <= minWidth) {
        kept.push(Q);
        continue;
      }
      const mid = Q.lo[k]! + (Q.hi[k]! - Q.lo[k]!) / 2;
      todo.push({ lo: Q.lo, hi: Q.hi.map((h, j) => (j === k ? mid : h)) }, { lo: Q.lo.map((l, j) => (j === k ? mid : l)), hi: Q.hi });
    }
    // Second look: points of S verified near the kept boxes (the first one may lie on a farther
    // piece of S) drop the kept boxes farther than one of them, test (b).
    const step = Math.max(1, Math.floor(kept.length / 8));
    const others: CheckBox[] = [];
    for (let k = 0; k < kept.length; k += step) {
      const Q = kept[k]!;
      const v = this.verifiedPoint(Q.lo.map((l, j) => l + (Q.hi[j]! - l) / 2));
      if (v) others.push(v);
    }
    const left = others.length ? kept.filter((Q) => !others.some((q) => this.farther(B, Q, q))) : kept;
    if (left.length === 0) return null; // impossible for a true enclosure: treated as not proved
    const hullOf = (qs: readonly CheckBox[]): CheckBox => ({
      lo: Array.from({ length: d }, (_, j) => Math.min(...qs.map((Q) => Q.lo[j]!))),
      hi: Array.from({ length: d }, (_, j) => Math.max(...qs.map((Q) => Q.hi[j]!))),
    });
    return { hull: hullOf(left), groups: groupTouching(left).map(hullOf) };
  }

  /** (a), (b) or (c): Q provably holds no nearest point of any x ∈ B. */
  private dropped(B: CheckBox, Q: CheckBox, Qv: CheckBox): boolean {
    const lo = new Float64Array(this.m);
    const hi = new Float64Array(this.m);
    let qlo = Q.lo;
    if (this.clipped.length) {
      const l = [...Q.lo];
      for (const j of this.clipped) {
        if (Q.hi[j]! < 0) return true;
        l[j] = Math.max(l[j]!, 0);
      }
      qlo = l;
    }
    this.gEv.eval(qlo, Q.hi, lo, hi);
    for (let j = 0; j < this.m; j++) if (lo[j]! > 0 || hi[j]! < 0) return true;
    if (this.domainEv) {
      const n = this.domainEv.outputs;
      const dLo = new Float64Array(n);
      const dHi = new Float64Array(n);
      this.domainEv.eval(Q.lo, Q.hi, dLo, dHi);
      // NaN compares false: a guard that cannot be evaluated drops nothing.
      for (let k = 0; k < n; k++) if (dHi[k]! < 0 || (this.domainStrict[k] && dHi[k]! <= 0)) return true;
    }
    if (this.farther(B, Q, Qv)) return true;
    if (!this.minorEv) return false;
    const n = this.minorEv.outputs;
    const mLo = new Float64Array(n);
    const mHi = new Float64Array(n);
    this.minorEv.eval([...B.lo, ...Q.lo], [...B.hi, ...Q.hi], mLo, mHi);
    let excludes = false;
    for (let k = 0; k < n && !excludes; k++) excludes = mLo[k]! > 0 || mHi[k]! < 0;
    // The Lagrange condition behind the minors needs g C¹ around every p ∈ Q.
    return excludes && this.smooth(Q);
  }

  /** (b): every p ∈ Q is farther from every x ∈ B than the point of S in Qv. */
  private farther(B: CheckBox, Q: CheckBox, Qv: CheckBox): boolean {
    const lo = new Float64Array(1);
    const hi = new Float64Array(1);
    this.distEv.eval([...B.lo, ...Q.lo, ...Qv.lo], [...B.hi, ...Q.hi, ...Qv.hi], lo, hi);
    return lo[0]! > 0;
  }

  /** g is C¹ on a neighbourhood of the closed box X: no kink guard meets it, g and Dg finite on it. */
  private smooth(X: CheckBox): boolean {
    const n = this.smoothEv.outputs;
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    this.smoothEv.eval(X.lo, X.hi, lo, hi);
    for (let k = 0; k < this.guards; k++) if (!(lo[k]! > 0 || hi[k]! < 0)) return false;
    for (let k = this.guards; k < n; k++) if (!(Number.isFinite(lo[k]!) && Number.isFinite(hi[k]!))) return false;
    return true;
  }

  /** A verified point of S from `c`, else from starts 1e-3 (relative) away along each axis (Dg may be singular at c), else diagonally. */
  private verifiedNear(c: readonly number[]): CheckBox | null {
    const here = this.verifiedPoint(c);
    if (here) return here;
    const r = 1e-3 * (1 + Math.max(...c.map(Math.abs)));
    for (let j = 0; j < this.d; j++)
      for (const s of [1, -1]) {
        const v = this.verifiedPoint(c.map((u, i) => (i === j ? u + s * r : u)));
        if (v) return v;
      }
    // Diagonal starts (along one axis Dg may stay singular, e.g. at the origin of w sᵀ = C), in
    // the search's order: all +, alternating, every third −; step 7r·(1 + i/8) in coordinate i.
    const signs = [(_: number) => 1, (i: number) => (i % 2 === 1 ? -1 : 1), (i: number) => (i % 3 === 0 ? -1 : 1)];
    for (const sign of signs) {
      const v = this.verifiedPoint(c.map((u, i) => u + 7 * r * sign(i) * (1 + i / 8)));
      if (v) return v;
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
      for (let j = 0; j < d; j++) if (!chosen.includes(j) && Math.abs(A[r]![j]!) > size) [best, size] = [j, Math.abs(A[r]![j]!)];
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
   * Whether the box Q provably holds a point of S (QCvx's x* in a certificate): the coordinates where
   * Q has width (exactly m) are free, the others exact doubles, and one Krawczyk test K(Q) ⊆ int Q on
   * the free ones (g C¹ there, its Jacobian finite) proves a zero of g in Q.
   */
  provesPointIn(Q: CheckBox): boolean {
    const m = this.m;
    const free = Q.lo.flatMap((l, j) => (l < Q.hi[j]! ? [j] : []));
    if (free.length !== m || !Q.lo.every((l, j) => Number.isFinite(l) && Number.isFinite(Q.hi[j]!) && l <= Q.hi[j]!)) return false;
    if (!this.smooth(Q)) return false;
    const { F, J, fixed } = this.reducedSystem(free);
    const w = fixed.map((j) => Q.lo[j]!);
    const fz: Eval = (lo, hi, oLo, oHi) => F.eval([...lo, ...w], [...hi, ...w], oLo, oHi);
    const jz: Eval = (lo, hi, oLo, oHi) => J.eval([...lo, ...w], [...hi, ...w], oLo, oHi);
    const X: CheckBox = { lo: free.map((j) => Q.lo[j]!), hi: free.map((j) => Q.hi[j]!) };
    const jLo = new Float64Array(m * m);
    const jHi = new Float64Array(m * m);
    jz(X.lo, X.hi, jLo, jHi);
    if (!(jLo.every(Number.isFinite) && jHi.every(Number.isFinite))) return false;
    const { status, K } = krawczyk(fz, jz, m, X);
    return status === 'unique' && K !== null && K.lo.every((l, j) => l > X.lo[j]! && K.hi[j]! < X.hi[j]!);
  }

  /** A box proved (Krawczyk) to hold a point of S, near the float point NearestStart gives from `start`, or null. */
  private verifiedPoint(start: readonly number[]): CheckBox | null {
    const m = this.m;
    const q0 = this.start.approximate(start);
    if (!q0) return null;
    const free = this.pivots(q0);
    if (!free) return null;
    const { F, J, fixed } = this.reducedSystem(free);
    const w = fixed.map((j) => q0[j]!);
    // The reduced system in z (the free coordinates), the fixed ones as point values.
    const onZ = (ev: IntervalEvaluator) => (lo: readonly number[], hi: readonly number[], oLo: Float64Array, oHi: Float64Array) =>
      ev.eval([...lo, ...w], [...hi, ...w], oLo, oHi);
    const fz = onZ(F);
    const jz = onZ(J);
    const embed = (X: CheckBox): CheckBox => {
      const lo = [...q0];
      const hi = [...q0];
      free.forEach((j, k) => {
        lo[j] = X.lo[k]!;
        hi[j] = X.hi[k]!;
      });
      return { lo, hi };
    };
    // Krawczyk's premise: g C¹ on X (with the other coordinates at q0) and J(X) finite.
    const jLo = new Float64Array(m * m);
    const jHi = new Float64Array(m * m);
    const admissible = (X: CheckBox) => {
      jz(X.lo, X.hi, jLo, jHi);
      return jLo.every(Number.isFinite) && jHi.every(Number.isFinite) && this.smooth(embed(X));
    };
    const z0 = free.map((j) => q0[j]!);
    const r = 1e-12 * (1 + Math.max(...z0.map(Math.abs)));
    const zero = uniqueZero(fz, jz, m, { lo: z0.map((v) => v - r), hi: z0.map((v) => v + r) }, admissible);
    return zero ? embed(zero) : null;
  }

  /** g with the coordinates outside `free` as extra point variables (compiled once per choice of pivots). */
  private reducedSystem(free: readonly number[]): { F: IntervalEvaluator; J: IntervalEvaluator; fixed: number[] } {
    const key = free.join(',');
    const hit = this.reduced.get(key);
    if (hit) return hit;
    const { d, m } = this;
    const fixed = Array.from({ length: d }, (_, j) => j).filter((j) => !free.includes(j));
    const sub = (e: Expr) =>
      substitute(e, (i) => {
        const k = free.indexOf(i);
        return k >= 0 ? b.variable(k, `z${k}`) : b.variable(m + fixed.indexOf(i), `w${fixed.indexOf(i)}`);
      });
    const F = this.equations.map(sub);
    const J = F.flatMap((e) => Array.from({ length: m }, (_, k) => simplify(derivative(e, k))));
    const made = { F: compileInterval(F), J: compileInterval(J), fixed };
    this.reduced.set(key, made);
    return made;
  }
}

type Eval = (lo: readonly number[], hi: readonly number[], oLo: Float64Array, oHi: Float64Array) => void;

/**
 * Gauss–Jordan inverse with partial pivoting (floats; only the Krawczyk preconditioner uses it,
 * and any matrix there is sound), or null when (nearly) singular.
 */
function inverse(M: ArrayLike<number>, n: number): Float64Array | null {
  const a = Float64Array.from(M);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let big = 0;
  for (let k = 0; k < n * n; k++) big = Math.max(big, Math.abs(a[k]!));
  if (!(big > 0) || !Number.isFinite(big)) return null;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[piv * n + col]!)) piv = r;
    const p = a[piv * n + col]!;
    if (!(Math.abs(p) > big * 1e-14)) return null;
    if (piv !== col)
      for (let k = 0; k < n; k++) {
        [a[col * n + k], a[piv * n + k]] = [a[piv * n + k]!, a[col * n + k]!];
        [inv[col * n + k], inv[piv * n + k]] = [inv[piv * n + k]!, inv[col * n + k]!];
      }
    for (let k = 0; k < n; k++) {
      a[col * n + k]! /= p;
      inv[col * n + k]! /= p;
    }
    for (let r = 0; r < n; r++) {
      const f = a[r * n + col]!;
      if (r === col || f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k]! -= f * a[col * n + k]!;
        inv[r * n + k]! -= f * inv[col * n + k]!;
      }
    }
  }
  return inv.every(Number.isFinite) ? inv : null;
}

/**
 * One Krawczyk step on X for F = 0 (n equations in n unknowns): K = c − Y F(c) + (I − Y J(X))(X − c),
 * c the midpoint of X, Y ≈ J(c)⁻¹ (floats, taken as exact doubles; any Y is sound). Every zero
 * of F in X lies in K when F is C¹ on X and J(X) encloses its Jacobian (mean value form), so
 * 'none' when K ∩ X = ∅ or F(X) excludes 0; 'unique' when K ⊆ int X (Krawczyk: then X holds
 * exactly one zero). NaN anywhere: 'unknown'. Outward-rounded kernel arithmetic throughout.
 */
function krawczyk(F: Eval, J: Eval, n: number, X: CheckBox): { status: 'unique' | 'none' | 'unknown'; K: CheckBox | null } {
  const fLo = new Float64Array(n);
  const fHi = new Float64Array(n);
  F(X.lo, X.hi, fLo, fHi);
  for (let i = 0; i < n; i++) if (fLo[i]! > 0 || fHi[i]! < 0) return { status: 'none', K: null };
  const c = X.lo.map((l, j) => Math.min(Math.max(l + (X.hi[j]! - l) / 2, l), X.hi[j]!));
  F(c, c, fLo, fHi);
  const jLo = new Float64Array(n * n);
  const jHi = new Float64Array(n * n);
  J(c, c, jLo, jHi);
  const Y = inverse(
    jLo.map((l, k) => l / 2 + jHi[k]! / 2),
    n,
  );
  if (!Y) return { status: 'unknown', K: null };
  J(X.lo, X.hi, jLo, jHi);
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    // c_i − Σ_j Y_ij F_j(c)
    let al = c[i]!;
    let ah = c[i]!;
    for (let j = 0; j < n; j++) {
      const y = Y[i * n + j]!;
      kernel.mul(y, y, fLo[j]!, fHi[j]!);
      kernel.sub(al, ah, OUT[0]!, OUT[1]!);
      [al, ah] = [OUT[0]!, OUT[1]!];
    }
    // + Σ_k (δ_ik − Σ_j Y_ij J_jk(X)) (X_k − c_k)
    for (let k = 0; k < n; k++) {
      let ml = i === k ? 1 : 0;
      let mh = ml;
      for (let j = 0; j < n; j++) {
        const y = Y[i * n + j]!;
        kernel.mul(y, y, jLo[j * n + k]!, jHi[j * n + k]!);
        kernel.sub(ml, mh, OUT[0]!, OUT[1]!);
        [ml, mh] = [OUT[0]!, OUT[1]!];
      }
      kernel.sub(X.lo[k]!, X.hi[k]!, c[k]!, c[k]!);
      kernel.mul(ml, mh, OUT[0]!, OUT[1]!);
      kernel.add(al, ah, OUT[0]!, OUT[1]!);
      [al, ah] = [OUT[0]!, OUT[1]!];
    }
    lo.push(al);
    hi.push(ah);
  }
  const K: CheckBox = { lo, hi };
  for (let i = 0; i < n; i++) if (hi[i]! < X.lo[i]! || lo[i]! > X.hi[i]!) return { status: 'none', K: null };
  for (let i = 0; i < n; i++) if (!(lo[i]! > X.lo[i]! && hi[i]! < X.hi[i]!)) return { status: 'unknown', K };
  return { status: 'unique', K };
}

/**
 * A box proved to hold a zero of F: epsilon inflation from X0 (X ← widened hull(K(X), X), at most
 * 8 tries) until K(X) ⊆ int X, every X tried `admissible` (the smoothness premise); then
 * K ← K(K) ∩ K while that halves the width (each such box still holds the zero). Null otherwise.
 */
function uniqueZero(F: Eval, J: Eval, n: number, X0: CheckBox, admissible: (X: CheckBox) => boolean): CheckBox | null {
  let X = X0;
  for (let it = 0; it < 8; it++) {
    if (!admissible(X)) return null;
    const { status, K } = krawczyk(F, J, n, X);
    if (status === 'unique' && K) return tighten(F, J, n, K);
    if (status === 'none' || !K || !K.lo.every(Number.isFinite) || !K.hi.every(Number.isFinite)) return null;
    const rel = it < 3 ? 0.1 : 0.5;
    const lo = K.lo.map((l, j) => Math.min(l, X.lo[j]!));
    const hi = K.hi.map((h, j) => Math.max(h, X.hi[j]!));
    X = {
      lo: lo.map((l, j) => l - rel * (hi[j]! - l) - 1e-15 * Math.max(1, Math.abs(l))),
      hi: hi.map((h, j) => h + rel * (h - lo[j]!) + 1e-15 * Math.max(1, Math.abs(h))),
    };
  }
  return null;
}

function tighten(F: Eval, J: Eval, n: number, K0: CheckBox): CheckBox {
  const size = (B: CheckBox) => B.lo.reduce((s, l, j) => Math.max(s, B.hi[j]! - l), 0);
  let K = K0;
  for (let it = 0; it < 16; it++) {
    const next = krawczyk(F, J, n, K).K;
    if (!next) break;
    const lo = K.lo.map((l, j) => Math.max(l, next.lo[j]!));
    const hi = K.hi.map((h, j) => Math.min(h, next.hi[j]!));
    if (!lo.every((l, j) => l <= hi[j]!)) break;
    const before = size(K);
    K = { lo, hi };
    if (!(size(K) < 0.5 * before)) break;
  }
  return K;
}

/**
 * Connected groups of closed boxes (two boxes that intersect, faces included, are connected):
 * grown one group at a time from a seed by a scan of the boxes left. Exact comparisons on the
 * doubles; every box ends in exactly one group. More than 256 boxes stay one group (sound).
 */
function groupTouching(boxes: readonly CheckBox[]): CheckBox[][] {
  if (boxes.length > 256) return [[...boxes]];
  const meets = (a: CheckBox, c: CheckBox) => a.lo.every((l, j) => l <= c.hi[j]! && c.lo[j]! <= a.hi[j]!);
  let rest = [...boxes];
  const out: CheckBox[][] = [];
  while (rest.length > 0) {
    const group = [rest[0]!];
    rest = rest.slice(1);
    for (let i = 0; i < group.length; i++) {
      const near = rest.filter((Q) => meets(group[i]!, Q));
      if (near.length === 0) continue;
      group.push(...near);
      rest = rest.filter((Q) => !near.includes(Q));
    }
    out.push(group);
  }
  return out;
}

/** Every permutation of 0…n−1 with its parity (odd: an odd number of inversions). */
function permutations(n: number): { perm: number[]; odd: boolean }[] {
  if (n === 1) return [{ perm: [0], odd: false }];
  const out: { perm: number[]; odd: boolean }[] = [];
  for (const { perm, odd } of permutations(n - 1)) {
    // Insert n−1 at position i: it passes n−1−i larger-index places, adding that many inversions.
    for (let i = 0; i <= perm.length; i++) out.push({ perm: [...perm.slice(0, i), n - 1, ...perm.slice(i)], odd: odd !== ((n - 1 - i) % 2 === 1) });
  }
  return out;
}
