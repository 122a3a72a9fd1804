import { Rational } from '../exact/rational.js';
import { compileInterval, encloseConstant, interpretInterval, simplify, type IntervalEvaluator } from '../expr/index.js';
import { decideBox } from '../smt/decide.js';
import { fromRational, Interval, kernel } from '../interval/index.js';
import { CaseBounds, Curvature, SplitCurvature } from './bounds.js';
import { Cells, type CheckBox } from './cells.js';
import { NearestPoints } from './nearest.js';
import { SegmentCheck } from './normal.js';
import type { CheckSystem, ExactClaim } from './system.js';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const METHODS = new Set(['natural', 'mean-value', 'monotone', 'affine']);

/** `[lo, hi] × [lo, hi]` for messages. */
export const showBox = (b: CheckBox): string => b.lo.map((l, j) => `[${l}, ${b.hi[j]}]`).join(' × ');

/**
 * Re-checks every leaf of a proof tree. Soundness rests on three facts: the children of a
 * split [j, at] with lo_j < at < hi_j are [lo_j, at] and [at, hi_j], which cover their parent
 * exactly, so the leaves cover the root box; the checker computes every box itself (boxes
 * are never read from the certificate); and each leaf's proof is recomputed here.
 */
export class TreeChecker {
  private readonly guards: IntervalEvaluator;
  private readonly gLo: Float64Array;
  private readonly gHi: Float64Array;
  /**
   * Per case, built on the first bounds leaf that needs it: the gradients of many terms' residuals
   * take seconds (64 quartic terms in d = 8: 4 s), which a certificate of convexity leaves never uses.
   */
  private readonly bounders: (CaseBounds | undefined)[];
  private readonly cells: Cells | null;
  private readonly pointBoxes: (readonly Interval[])[] | null;
  private curvature: Curvature | undefined;
  /** The rank-one split's test of recorded eigenvalue bounds (null: f has no rank-one piece). */
  private splitCurvature: SplitCurvature | null | undefined;
  /** Per term: Gershgorin and rank-one tests of convexity ('convexity' leaves). */
  private termCurvature: { plain?: Curvature; split?: SplitCurvature | null }[] | undefined;
  /** Interval values of the terms (a given f_i*). */
  private termValues: IntervalEvaluator | undefined;
  private segment: SegmentCheck | undefined;
  /**
   * The slot enclosures the leaves are bounded with: the certificate's, except that with S
   * given by equations slots 0…d−1 (the nearest point) are bound on every leaf to the checker's
   * own enclosure of the leaf's nearest points (free between leaves).
   */
  private readonly leafSlots: { lo: number; hi: number }[];
  private nearestPoints: NearestPoints | undefined;
  /** The current leaf's enclosure of nearest points (implicit S): undefined until computed, null when none was found. */
  private nearest: CheckBox | null | undefined;
  /** The clusters of the leaf's nearest points (S given by equations; their hull is `nearest`). */
  private nearestGroups: CheckBox[] | null = null;
  leaves = 0;
  readonly reasons: string[] = [];
  /** Date.now() after which the walk and the Z3 queries stop, failing the certificate (never passing it). */
  deadline = Infinity;
  /**
   * The inner float box of the exact domain (null: unknown, e.g. a tree over linear forms). A
   * local-convexity leaf of Aiming/QCvx gets θ ≤ 1 + m/M only when its point of S lies in this
   * box's interior (an interior minimizer is stationary); else θ ≤ 1 (engine/local.ts aimingConstant).
   */
  inner: CheckBox | null = null;
  /** Leaves proved by Z3 in the search: each is one exact query to repeat (see verifyZ3). */
  readonly z3Queries: { c: number; box: CheckBox }[] = [];
  /** S's points as exact rationals, when they all are rational (for Z3's cell constraints). */
  readonly rationalPoints: Rational[][] | null;

  constructor(
    private readonly sys: CheckSystem,
    private readonly claim: ExactClaim,
    slots: readonly { readonly lo: number; readonly hi: number }[],
    private readonly maxReasons = 10,
  ) {
    this.guards = compileInterval([...sys.kinks, ...sys.definedness]);
    this.gLo = new Float64Array(this.guards.outputs);
    this.gHi = new Float64Array(this.guards.outputs);
    this.leafSlots = slots.map((s, k) => (sys.implicit && k < sys.dim ? { lo: -Infinity, hi: Infinity } : { lo: s.lo, hi: s.hi }));
    this.bounders = sys.cases.map(() => undefined);
    // Points of a computed S refer to slots (tiny boxes): enclose them over the slots.
    const env = [...new Array<Interval>(sys.dim).fill(Interval.ENTIRE), ...slots.map((s) => Interval.of(s.lo, s.hi))];
    this.pointBoxes = sys.points ? sys.points.map((pt) => pt.map((e) => (sys.autoS ? interpretInterval(e, env) : encloseConstant(e)))) : null;
    this.cells = sys.voronoi && this.pointBoxes ? new Cells(this.pointBoxes) : null;
    this.rationalPoints = sys.points?.every((pt) => pt.every((e) => simplify(e).kind === 'num'))
      ? sys.points.map((pt) => pt.map((e) => (simplify(e) as { value: Rational }).value))
      : null;
  }

  /**
   * Repeats every recorded Z3 query with the checker's own residuals (all forms), on the
   * checker's own (cell-contracted) box: each must answer 'unsat' (no point of the box
   * violates any obligation), else the certificate fails. S given by equations: the nearest-point
   * slots are left free (no bounds), so 'unsat' covers every p, the nearest point included.
   */
  async verifyZ3(recorded: readonly { readonly lo: number; readonly hi: number }[]): Promise<void> {
    const d = this.sys.dim;
    const slots = this.sys.implicit ? recorded.map((s, k) => (k < d ? { lo: -Infinity, hi: Infinity } : s)) : recorded;
    for (const [k, q] of this.z3Queries.entries()) {
      const left = this.deadline - Date.now();
      if (!(left > 0)) return this.timeUp(`after ${k} of ${this.z3Queries.length} Z3 queries`);
      // Raced against the time left: starting Z3 (loading its wasm module, about 1 s, 6 s on a
      // loaded machine) is outside the query's own timeout, and an answer that comes after the
      // limit does not count (a certificate was once reported valid after the limit).
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([
        decideBox(this.sys.cases[q.c]!.residuals, this.sys.dim, q.box, slots, {
          timeoutMs: Math.min(5_000, left),
          ...(this.cells && this.rationalPoints && { cell: { points: this.rationalPoints, index: q.c } }),
        }),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (r === null || Date.now() > this.deadline) return this.timeUp(`after ${k} of ${this.z3Queries.length} Z3 queries`);
      // A query cut short by the time limit: the limit is the reason (still a failure).
      if (r.result === 'unknown' && left < 5_000 && Date.now() >= this.deadline - 100) return this.timeUp(`after ${k} of ${this.z3Queries.length} Z3 queries`);
      // The first failed query fails the certificate: the rest are not asked (a forged
      // certificate may hold thousands of them).
      if (r.result !== 'unsat')
        return this.fail(
          q.box,
          `case ${q.c} (z3): Z3 answers ${r.result}${r.result === 'unknown' ? ` (${r.why})` : ''}, not unsat${k + 1 < this.z3Queries.length ? ` (the other ${this.z3Queries.length - k - 1} Z3 queries were not asked)` : ''}`,
        );
    }
  }

  /** The time limit was reached: the certificate is not verified. */
  private timeUp(where: string): void {
    this.reasons.unshift(`time limit reached ${where}: the certificate is not verified (give more time with --time-limit)`);
  }

  private fail(box: CheckBox, why: string): void {
    if (this.reasons.length < this.maxReasons) this.reasons.push(`box ${showBox(box)}: ${why}`);
  }

  /** Walks the tree from the root box (iteratively: trees may be deep). */
  walk(tree: unknown, root: CheckBox): void {
    const d = this.sys.dim;
    const stack: { node: unknown; box: CheckBox }[] = [{ node: tree, box: root }];
    let steps = 0;
    while (stack.length) {
      if ((++steps & 255) === 0 && Date.now() > this.deadline) return this.timeUp(`after ${this.leaves} leaves of the tree`);
      const { node, box } = stack.pop()!;
      if (isObj(node) && 'leaf' in node && !('split' in node) && !('children' in node)) {
        this.leaves++;
        if (this.reasons.length >= this.maxReasons) continue;
        const why = this.leaf(node.leaf, box);
        if (why) this.fail(box, why);
        continue;
      }
      if (!isObj(node) || !Array.isArray(node.split) || !Array.isArray(node.children) || 'leaf' in node) {
        this.fail(box, 'a tree node must be { split: [j, at], children: [a, b] } or { leaf: [...] }');
        continue;
      }
      const [j, at] = node.split as unknown[];
      if (node.split.length !== 2 || typeof j !== 'number' || !Number.isInteger(j) || j < 0 || j >= d || typeof at !== 'number') {
        this.fail(box, `bad split ${JSON.stringify(node.split)}`);
        continue;
      }
      if (!(box.lo[j]! < at && at < box.hi[j]!)) {
        this.fail(box, `split point ${at} is not strictly inside [${box.lo[j]}, ${box.hi[j]}] of coordinate ${j}`);
        continue;
      }
      if (node.children.length !== 2) {
        this.fail(box, `a split needs exactly 2 children, got ${node.children.length} (a missing box)`);
        continue;
      }
      const hiA = [...box.hi];
      hiA[j] = at;
      const loB = [...box.lo];
      loB[j] = at;
      stack.push({ node: node.children[1], box: { lo: loB, hi: box.hi } }, { node: node.children[0], box: { lo: box.lo, hi: hiA } });
    }
  }

  /** Why the terms are not known smooth on a box (a kink may meet it, or a term or gradient is not finite), or null. */
  private unhealthy(box: CheckBox): string | null {
    this.guards.eval(box.lo, box.hi, this.gLo, this.gHi);
    const nk = this.sys.kinks.length;
    for (let k = 0; k < nk; k++) if (!(this.gLo[k]! > 0 || this.gHi[k]! < 0)) return 'a kink (non-differentiable point) of a term may meet the box';
    for (let k = nk; k < this.guards.outputs; k++) {
      if (!(Number.isFinite(this.gLo[k]!) && Number.isFinite(this.gHi[k]!))) return 'a term or its gradient is not finite on the box';
    }
    return null;
  }

  /** Why a leaf fails, or null when every case is proved on its box. */
  private leaf(proofs: unknown, box: CheckBox): string | null {
    const cases = this.sys.cases;
    if (!Array.isArray(proofs) || proofs.length !== cases.length) return `a leaf needs one proof per case (${cases.length})`;
    const bad = this.unhealthy(box);
    if (bad) return bad;
    this.nearest = undefined;
    for (let c = 0; c < cases.length; c++) {
      const pr = proofs[c] as unknown;
      if (!isObj(pr)) return `case ${c}: expected a proof object`;
      const pl = this.claim.condition === 'pl';
      if (pr.point !== cases[c]!.point && !(pl && pr.how === 'local-convexity'))
        return `case ${c}: the proof is for point ${String(pr.point)}, expected ${String(cases[c]!.point)}`;
      const why = this.caseProof(c, pr, box);
      if (why) return `case ${c} (${String(pr.how)}): ${why}`;
    }
    return null;
  }

  /**
   * S given by equations: binds the nearest-point slots to the checker's enclosure of the
   * nearest points of every x in the leaf box (computed once per leaf). Why not, or null.
   */
  private bindNearest(box: CheckBox): string | null {
    const eqs = this.sys.implicit;
    if (!eqs) return null;
    if (this.nearest === undefined) {
      this.nearestPoints ??= new NearestPoints(eqs, this.sys.dim);
      const e = this.nearestPoints.encloseGroups(box);
      this.nearest = e?.hull ?? null;
      this.nearestGroups = e?.groups ?? null;
      if (this.nearest) this.setNearestSlots(this.nearest);
    }
    return this.nearest ? null : 'the nearest points of the box on S = {g = 0} could not be enclosed (no point of S was verified near the box)';
  }

  private bounder(c: number): CaseBounds {
    this.bounders[c] ??= new CaseBounds(this.sys.cases[c]!.residuals, this.sys.dim, this.leafSlots);
    return this.bounders[c]!;
  }

  /** Binds the nearest-point slots (S given by equations) to P. */
  private setNearestSlots(P: CheckBox): void {
    for (let j = 0; j < this.sys.dim; j++) this.leafSlots[j] = { lo: P.lo[j]!, hi: P.hi[j]! };
  }

  /**
   * The first residual whose lower bound is not ≥ 0 on the box, or −1. S given by equations with
   * the leaf's nearest points in several clusters: when the hull fails, the leaf still holds when
   * every cluster in turn passes (every nearest point lies in some cluster).
   */
  private failingResidual(c: number, cellBox: CheckBox, affine: boolean): { k: number; lower: number } {
    const lower = this.bounder(c).lower(cellBox, affine);
    const k = lower.findIndex((l) => !(l >= 0));
    const groups = this.nearestGroups;
    if (k < 0 || !groups || groups.length < 2 || !this.nearest) return { k, lower: lower[k] ?? 0 };
    try {
      for (const P of groups) {
        this.setNearestSlots(P);
        const lg = this.bounder(c).lower(cellBox, affine);
        const kg = lg.findIndex((l) => !(l >= 0));
        if (kg >= 0) return { k: kg, lower: lg[kg]! };
      }
      return { k: -1, lower: 0 };
    } finally {
      this.setNearestSlots(this.nearest);
    }
  }

  private caseProof(c: number, pr: Record<string, unknown>, box: CheckBox): string | null {
    // The case's part of the box: its nearest-point cell (null: p_c is nearest nowhere here).
    const cellBox = this.cells ? (this.cells.excluded(box, c) ? null : this.cells.contract(box, c)) : box;
    switch (pr.how) {
      case 'not-nearest':
        if (!this.cells) return 'S has no nearest-point cells here';
        return cellBox === null ? null : 'the point may be nearest somewhere in the box';
      case 'bounds': {
        const n = this.sys.cases[c]!.residuals.length;
        const m = pr.methods;
        if (!Array.isArray(m) || m.length !== n || !m.every((x) => METHODS.has(x as string)))
          return `methods must list one of natural, mean-value, monotone, affine per residual (${n})`;
        if (cellBox === null) return null; // vacuous: no point of the box has p_c as a nearest point
        const unbound = this.bindNearest(box);
        if (unbound) return unbound;
        // The affine enclosure only where the leaf says it proved something (it costs ~100× the others).
        const affine = m.includes('affine');
        const { k, lower } = this.failingResidual(c, cellBox, affine);
        return k < 0 ? null : `residual ${k} has lower bound ${lower} < 0 (best of natural, mean-value, monotone${affine ? ', affine' : ''})`;
      }
      case 'local-convexity':
        return this.local(pr, box);
      case 'convexity':
        if (cellBox === null) return null; // vacuous, as for bounds
        return this.convexity(c, cellBox);
      case 'normal-segment': {
        if (cellBox === null) return null; // vacuous, as for bounds
        const unbound = this.bindNearest(box);
        if (unbound) return unbound;
        this.segment ??= new SegmentCheck(this.sys, this.leafSlots, this.deadline);
        return this.segment.check(c, pr, cellBox, (y) => this.unhealthy(y), this.nearest);
      }
      case 'z3': {
        // Re-asked to Z3 after the walk (asynchronously): record the query here.
        if (cellBox === null) return null; // vacuous, as for bounds
        if (this.cells && !this.rationalPoints) return 'a z3 leaf needs S points with rational coordinates';
        this.z3Queries.push({ c, box: cellBox });
        return null;
      }
      default:
        return `unknown proof method ${JSON.stringify(pr.how)}`;
    }
  }

  /**
   * Local strong convexity around a point p of S in or next to the box, on the hull H of the box
   * and p (it holds every segment [x, p]; see engine/local.ts for the argument): Gershgorin bounds 0 < m ≤ λ ≤ M of the interval Hessian of f on H give
   * PL for μ ≤ m and Aiming/QCvx (x_p = x* = p) for θ ≤ 1 + m/M. Not an α-β argument.
   */
  private local(pr: Record<string, unknown>, box: CheckBox): string | null {
    if (this.claim.condition === 'alpha-beta') return 'local convexity does not prove alpha-beta';
    const p = pr.point;
    if (typeof p !== 'number' || !this.pointBoxes?.[p]) return 'local convexity needs a point of a finite S';
    // Strong convexity on H = hull(box ∪ p) covers every segment [x, p] with x in the box.
    const pb = this.pointBoxes[p]!;
    const H = { lo: box.lo.map((l, j) => Math.min(l, pb[j]!.lo)), hi: box.hi.map((h, j) => Math.max(h, pb[j]!.hi)) };
    if (!H.lo.every((l, j) => Number.isFinite(l) && Number.isFinite(H.hi[j]!))) return 'the point of S is not finite';
    this.guards.eval(H.lo, H.hi, this.gLo, this.gHi);
    for (let k = 0; k < this.sys.kinks.length; k++)
      if (!(this.gLo[k]! > 0 || this.gHi[k]! < 0)) return 'a kink may meet the hull of the box and the point of S';
    for (let k = this.sys.kinks.length; k < this.guards.outputs; k++)
      if (!(Number.isFinite(this.gLo[k]!) && Number.isFinite(this.gHi[k]!)))
        return 'a term or its gradient is not finite on the hull of the box and the point of S';
    if (typeof pr.m !== 'number' || typeof pr.M !== 'number') return 'm and M must be numbers';
    this.curvature ??= new Curvature(this.sys.f, this.sys.dim);
    const e0 = this.curvature.bounds(H);
    // Soundness uses only bounds proved here, end by end: Gershgorin's recomputed one (the
    // recorded one is informational there and may differ by rounding, since the search computes
    // it with other code, but a recorded bound better than the recomputed one by more than
    // rounding is a tampered leaf), or else the recorded one itself, proved by the rank-one split.
    const slack = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
    let m = e0 && pr.m <= e0.m + slack(e0.m) ? e0.m : null;
    let M = e0 && pr.M >= e0.M - slack(e0.M) ? e0.M : null;
    if (m === null || M === null) {
      if (this.splitCurvature === undefined) this.splitCurvature = SplitCurvature.of(this.sys.f, this.sys.dim);
      const r = this.splitCurvature?.proves(H, pr.m, pr.M);
      if (m === null && r?.lower) m = pr.m;
      if (M === null && r?.upper) M = pr.M;
    }
    if (m === null || M === null)
      return `recorded eigenvalue bounds [${pr.m}, ${pr.M}] are not implied by the recomputed [${e0?.m}, ${e0?.M}] (Gershgorin) nor proved by the rank-one split`;
    if (!(m > 0) || !Number.isFinite(M)) return 'the interval Hessian is not provably positive definite on the box';
    const e = { m, M };
    if (this.claim.condition === 'pl') {
      const mu = fromRational(this.claim.mu)[1];
      return mu <= e.m ? null : `mu > m = ${e.m}`;
    }
    // ∇f(p) = 0 only for a point of S inside the interior of the domain (a minimizer there is
    // stationary); elsewhere convexity alone gives θ ≤ 1.
    const inner = this.inner;
    const stationary = inner !== null && pb.every((v, j) => inner.lo[j]! < v.lo && v.hi < inner.hi[j]!);
    if (!stationary)
      return fromRational(this.claim.theta)[1] <= 1
        ? null
        : 'theta > 1: the point of S is not inside the interior of the domain, so grad f = 0 there is not established and local convexity gives theta <= 1 only';
    kernel.div(e.m, e.m, e.M, e.M);
    const q = kernel.OUT[0]!;
    kernel.add(1, 1, q, q);
    const bound = kernel.OUT[0]!;
    return fromRational(this.claim.theta)[1] <= bound ? null : `theta > 1 + m/M = ${bound}`;
  }

  /**
   * α-β from convex terms (see engine/local.ts, TermConvexity, for the argument): with α = 1 + δ,
   * 0 ≤ δ ≤ β, and every f_i convex on the hull H of the case's box and its point p of S (it
   * holds every segment [x, p]), R_i ≥ (β − δ)(f_i(x) − f_i*) + δ(f_i(p) − f_i*) ≥ 0, where the
   * last step needs f_i ≥ f_i* on the box (β > δ) and at p (δ > 0): true by definition for a
   * computed f_i* (the infimum over R^d), proved here with intervals for a given one.
   * Convexity of f_i on H: λ_min(∇²f_i) ≥ 0 there, by Gershgorin on its interval Hessian or by
   * the rank-one split (every weight ≥ 0 without a rest, or the lower matrix positive definite).
   */
  private convexity(c: number, box: CheckBox): string | null {
    if (this.claim.condition !== 'alpha-beta') return 'convexity of the terms proves alpha-beta only';
    const { alpha, beta } = this.claim;
    const delta = alpha.sub(Rational.ONE);
    if (delta.sign() < 0 || beta.sign() < 0 || beta.cmp(delta) < 0)
      return 'convexity of the terms proves alpha-beta only for alpha >= 1 and 0 <= alpha - 1 <= beta';
    const p = this.sys.cases[c]!.point;
    if (p === null || !this.pointBoxes?.[p]) return 'convexity of the terms needs a point of a finite S';
    const pb = this.pointBoxes[p]!;
    const P = { lo: pb.map((v) => v.lo), hi: pb.map((v) => v.hi) };
    const H = { lo: box.lo.map((l, j) => Math.min(l, P.lo[j]!)), hi: box.hi.map((h, j) => Math.max(h, P.hi[j]!)) };
    if (!H.lo.every((l, j) => Number.isFinite(l) && Number.isFinite(H.hi[j]!))) return 'the point of S is not finite';
    const bad = this.unhealthy(H);
    if (bad) return `on the hull of the box and the point of S: ${bad}`;
    const given = this.sys.termMinima;
    if (given) {
      this.termValues ??= compileInterval([...this.sys.terms]);
      const vLo = new Float64Array(this.sys.terms.length);
      const vHi = new Float64Array(this.sys.terms.length);
      for (const [on, needed, what] of [
        [box, beta.cmp(delta) > 0, 'the box'],
        [P, delta.sign() > 0, 'the point of S'],
      ] as const) {
        if (!needed) continue;
        this.termValues.eval(on.lo, on.hi, vLo, vHi);
        for (let i = 0; i < given.length; i++) {
          const gi = encloseConstant(given[i]!);
          if (!(vLo[i]! >= gi.hi)) return `f_${i + 1} is not proved >= its given f_${i + 1}* on ${what}`;
        }
      }
    }
    // Per term, built on first use: the split (cheap), and the interval Hessian only when some
    // piece is not rank one (without a rest the split's lower matrix bounds λ_min at least as well).
    if (!this.termCurvature) this.termCurvature = this.sys.terms.map(() => ({}));
    const curv = this.termCurvature;
    for (let i = 0; i < curv.length; i++) {
      if (Date.now() > this.deadline) return "the time limit was reached while the terms' curvature was checked";
      const tc = curv[i]!;
      if (tc.split === undefined) tc.split = SplitCurvature.of(this.sys.terms[i]!, this.sys.dim);
      if (tc.split?.convex(H)) continue;
      if (!tc.split || tc.split.hasRest) {
        tc.plain ??= new Curvature(this.sys.terms[i]!, this.sys.dim);
        const e = tc.plain.bounds(H);
        if (e && e.m >= 0) continue;
      }
      return `f_${i + 1} is not proved convex on the hull of the box and the point of S`;
    }
    return null;
  }
}
