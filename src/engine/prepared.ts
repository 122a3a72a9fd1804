import type { ResidualSystem } from '../conditions/index.js';
import { compileFloat, compileInterval, interpretInterval, type Expr, type FloatEvaluator, type IntervalEvaluator } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { ResidualBounder } from './bounder.js';
import { ambientDeadline } from './budget.js';
import { hullWith, type Box } from './box.js';
import { LocalConvexity, TermConvexity } from './local.js';
import { ImplicitSet } from './nearest.js';
import { NormalSegment } from './normal.js';
import { VoronoiCells } from './voronoi.js';

/** One candidate projection of the system, compiled. */
class PreparedCase {
  private built: ResidualBounder | undefined;
  constructor(
    readonly point: number | null,
    private readonly make: () => ResidualBounder,
    /** Float value of x_p at x (for reporting). */
    readonly xpFloat: FloatEvaluator,
  ) {}

  /**
   * The case's residual bounder, built on first use: its gradients and compilation are most of
   * the set-up of a large system (64 logistic terms in d = 6: 3 s), which a claim proved on the
   * whole domain by the convexity arguments never uses (runSearch tries those first). Built
   * later, it reads the command's deadline then: past it, it proves nothing (`expired`).
   */
  get bounder(): ResidualBounder {
    this.built ??= this.make();
    return this.built;
  }
}

/** The compiled form of a residual system over a box: what the search and the witness check share. */
export class Prepared {
  readonly cases: PreparedCase[];
  readonly cells: VoronoiCells | null;
  private readonly guards: IntervalEvaluator;
  private readonly gLo: Float64Array;
  private readonly gHi: Float64Array;
  private readonly nKinks: number;
  readonly local: LocalConvexity | null;
  /** α-β from convexity of every term (null: not applicable to the claim). */
  readonly termConvexity: TermConvexity | null;
  /** Enclosures of the candidate points x_p of the cases (when every case is a point of S). */
  readonly pointBoxes: (readonly Interval[])[] | null;
  /** Enclosures of the points of S for the local-convexity argument (any condition but α-β). */
  readonly localPoints: (readonly Interval[])[];
  /**
   * Per local point: ∇f(p) = 0 is established, because p's enclosure lies in the interior of the
   * inner domain box (of the whole claim, for a piece of it: opts.wholeInner). p is a minimizer of f (given: trusted; computed: proved), an interior
   * minimizer of a function differentiable there (the local argument checks the hull's health) is
   * stationary. A point on the boundary need not be (x = 1/3 minimizes (x − 1/3 + 10⁻⁹)² on
   * [1/3, 2] with f′ ≠ 0 there), and the Aiming/QCvx constant 1 + m/M needs ∇f(p) = 0.
   */
  readonly localStationary: readonly boolean[];

  constructor(
    readonly system: ResidualSystem,
    readonly domain: Box,
    /** Exact domain enclosures, to check that a witness lies inside the true domain. */
    readonly innerDomain: Box,
    local: {
      /** f for the local argument of PL, Aiming and QCvx (null: not used). */
      readonly f: Expr | null;
      readonly points: readonly (readonly Expr[])[];
      /** α-β from convex terms (TermConvexity): the terms, their given f_i* (null: computed) and the facts the claim needs. */
      readonly terms?: {
        readonly exprs: readonly Expr[];
        readonly given: readonly { lo: number; hi: number }[] | null;
        readonly need: { readonly atX: boolean; readonly atP: boolean };
      };
    } | null,
    /** `pointOnly`: enough for `verifyWitness` and float scores only, not for `runSearch` (see ResidualBounder). */
    opts: {
      readonly pointOnly?: boolean;
      /** The whole claim's inner box when this is a piece of it (Problem.wholeInner): decides localStationary. */
      readonly wholeInner?: { readonly lo: readonly number[]; readonly hi: readonly number[] };
    } = {},
  ) {
    const d = system.dim;
    this.cases = system.cases.map(
      (c) => new PreparedCase(c.pointIndex ?? null, () => new ResidualBounder(c.forms, d, system.slots, opts), compileFloat(c.xp.length ? c.xp : [])),
    );
    // Points may refer to slots (a computed S is known only as tiny boxes): enclose them over the slots.
    const env = [...new Array<Interval>(d).fill(Interval.ENTIRE), ...system.slots.map((s) => Interval.of(s.lo, s.hi))];
    const enclose = (pt: readonly Expr[]) => pt.map((e) => interpretInterval(e, env));
    const pts = system.cases.every((c) => c.pointIndex !== undefined) ? system.cases.map((c) => enclose(c.xp)) : null;
    this.localPoints = local ? local.points.map(enclose) : [];
    const interior = opts.wholeInner ?? innerDomain;
    this.localStationary = this.localPoints.map((pt) => pt.every((v, j) => interior.lo[j]! < v.lo && v.hi < interior.hi[j]!));
    this.pointBoxes = pts;
    this.cells = system.cells === 'voronoi' && pts ? new VoronoiCells(pts) : null;
    this.nKinks = system.kinks.length;
    this.guards = compileInterval([...system.kinks.map((k) => k.guard), ...system.definedness]);
    this.gLo = new Float64Array(this.guards.outputs);
    this.gHi = new Float64Array(this.guards.outputs);
    // Its Hessian and compilation (0.25 s on 64 logistic terms) are skipped once the command's
    // deadline has passed: without it the search proves less (sound), and it has no time left anyway.
    this.local = local?.f && Date.now() < ambientDeadline() ? LocalConvexity.of(local.f, d) : null;
    this.termConvexity = local?.terms && Date.now() < ambientDeadline() ? new TermConvexity(local.terms.exprs, d, local.terms.given, local.terms.need) : null;
    this.implicitSet = system.implicit ? new ImplicitSet(system.implicit, d) : null;
  }

  private sPoints: { readonly map: FloatEvaluator } | { readonly points: readonly number[][] } | undefined;

  /**
   * The point of S nearest to x, as floats (for reporting: PL's residual does not use it): the
   * map P(x) of an affine S or a projection map, or the nearest of S's points (the midpoints of
   * their enclosures when S was computed). Null when the system has no such point (S given by
   * equations is enclosed per box: see `clusters`).
   */
  nearestOfS(x: readonly number[]): number[] | null {
    const seg = this.system.segment;
    if (this.system.implicit) return null;
    if (!this.sPoints) {
      if (seg.pVar !== null) this.sPoints = { map: compileFloat(seg.bases[0]!) };
      else {
        const env = [...new Array<Interval>(this.system.dim).fill(Interval.ENTIRE), ...this.system.slots.map((s) => Interval.of(s.lo, s.hi))];
        this.sPoints = { points: seg.bases.map((pt) => pt.map((e) => interpretInterval(e, env).mid())) };
      }
    }
    if ('map' in this.sPoints) {
      const out = new Float64Array(this.sPoints.map.outputs);
      this.sPoints.map.eval(x, out);
      return [...out];
    }
    let best: number[] | null = null;
    let dist = Infinity;
    for (const pt of this.sPoints.points) {
      const d = pt.reduce((s, v, j) => s + (x[j]! - v) ** 2, 0);
      if (d < dist) [best, dist] = [pt, d];
    }
    return best?.every(Number.isFinite) ? [...best] : null;
  }

  private normalSeg: NormalSegment | undefined;
  /** S given by equations (null otherwise). */
  readonly implicitSet: ImplicitSet | null;
  /** The normal-segment argument (built on first use: symbolic facts and Hessians cost time). */
  get normal(): NormalSegment {
    // Built once, unless its building was stopped by an earlier deadline and time is left now.
    if (!this.normalSeg || (this.normalSeg.outOfTime && Date.now() < ambientDeadline())) this.normalSeg = new NormalSegment(this.system);
    return this.normalSeg;
  }

  /** Whether the normal-segment argument was tried (so its `unavailable` note is relevant). */
  get normalTried(): boolean {
    return this.normalSeg !== undefined;
  }

  /**
   * S given by equations: binds the nearest-point slots of every case to an enclosure of the
   * nearest points of every x in the box (src/engine/nearest.ts). False when none could be
   * computed: then nothing may be proved or refuted on the box. A no-op (true) otherwise.
   */
  bindBox(box: Box): boolean {
    if (!this.implicitSet) return true;
    const e = this.implicitSet.encloseClusters(box);
    // An empty or NaN enclosure proves nothing (never bind the slots to it).
    const usable = (P: Box) => P.lo.every((l, j) => l <= P.hi[j]!);
    const ok = e !== null && usable(e.hull) && e.clusters.every(usable);
    this.bound = ok ? e.hull : null;
    this.clusters = ok ? e.clusters : null;
    if (!ok) return false;
    this.bindSlots(e.hull);
    return true;
  }

  /**
   * Binds the nearest-point slots of every case to P: the hull from bindBox, or one of its
   * clusters (every nearest point lies in some cluster; see ImplicitSet.encloseClusters).
   */
  bindSlots(P: Box): void {
    for (const c of this.cases) for (let j = 0; j < this.system.dim; j++) c.bounder.setSlot(j, P.lo[j]!, P.hi[j]!);
  }

  /** The clusters of nearest points last bound (S given by equations; their hull is `bound`), or null. */
  clusters: Box[] | null = null;

  /** bindBox for one point, with float slot values at an approximate nearest point for scores. */
  bindPoint(x: readonly number[]): boolean {
    if (!this.implicitSet) return true;
    const ok = this.bindBox({ lo: x, hi: x });
    const q = this.implicitSet.approximate(x);
    if (q) for (const c of this.cases) q.forEach((v, j) => c.bounder.setSlotFloat(j, v));
    return ok;
  }

  /** Float scores only: the slots at an approximate nearest point of x (not rigorous). */
  bindFloat(x: readonly number[]): void {
    if (!this.implicitSet) return;
    const q = this.implicitSet.approximate(x);
    if (q) for (const c of this.cases) q.forEach((v, j) => c.bounder.setSlotFloat(j, v));
  }

  /** The enclosure of nearest points last bound (S given by equations), or null. */
  bound: Box | null = null;

  /** 'ok' when no kink meets the box and every term and gradient is finite on it. */
  health(box: Box): 'ok' | 'kink' | 'undefined' {
    this.guards.eval(box.lo, box.hi, this.gLo, this.gHi);
    for (let k = 0; k < this.nKinks; k++) if (!(this.gLo[k]! > 0 || this.gHi[k]! < 0)) return 'kink';
    for (let k = this.nKinks; k < this.guards.outputs; k++) {
      if (!(Number.isFinite(this.gLo[k]!) && Number.isFinite(this.gHi[k]!))) return 'undefined';
    }
    return 'ok';
  }

  /**
   * Whether convex terms prove α-β on a case's (contracted) box cb with x_p the point `point` of
   * S: every f_i convex on hull(cb ∪ p) (p next to the box, the hull free of kinks), plus the facts
   * about f_i* (engine/local.ts, TermConvexity). Used by the search and by `constants`' families.
   */
  convexTermsProve(cb: Box, point: number): boolean {
    const tc = this.termConvexity;
    const pt = this.localPoints[point];
    if (!tc || !pt) return false;
    const h = hullWith(cb, pt);
    if (h === null || this.health(h) !== 'ok') return false;
    return tc.proves(cb, { lo: pt.map((v) => v.lo), hi: pt.map((v) => v.hi) }, h);
  }

  /** The cases to settle on a box: every candidate nearest point with its contracted box. */
  casesOn(box: Box): { c: number; box: Box | null }[] {
    if (!this.cells) return this.cases.map((_, c) => ({ c, box }));
    const cand = new Set(this.cells.candidates(box));
    return this.cases.map((_, c) => (cand.has(c) ? { c, box: this.cells!.contract(box, c) } : { c, box: null }));
  }
}
