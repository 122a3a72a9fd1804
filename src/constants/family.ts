import { buildResiduals, objective, type ProjectionModel, type ResidualSystem } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import {
  build as b,
  compileFloat,
  compileInterval,
  encloseConstant,
  simplify,
  toText,
  type Expr,
  type FloatEvaluator,
  type IntervalEvaluator,
} from '../expr/index.js';
import { fromRational } from '../interval/index.js';
import type { Problem } from '../problem/index.js';
import { ambientDeadline, LocalConvexity, Prepared, reduceSystem, ResidualBounder, type Box } from '../engine/constantsKit.js';
import { claimAt, type Parametrization } from './param.js';

/** A set of parameters [lo, hi] (leafInterval.ts's TRange, spelled here: that module imports this one). */
type ParamRange = { readonly lo: number; readonly hi: number };

/** What one leaf box proves about one candidate nearest point (case) of the family. */
export interface CasePieces {
  readonly point: number | null;
  /** The case's (Voronoi-contracted) box. */
  readonly box: Box;
  /** s[k]: rigorous lower bound of R0_k (the residual at the reference t0) over the case's box. */
  readonly s: Float64Array;
  /** Local strong convexity (PL/Aiming/QCvx near a point of S): the claim holds on the box for every t ∈ (0, local]. */
  readonly local?: number;
  /**
   * α-β: every term is convex on the hull of the case's box and its point of S, so the claim holds
   * on the box for every t of this range (α ≥ 1, 0 ≤ α − 1 ≤ β; engine/local.ts, TermConvexity).
   */
  readonly convex?: ParamRange;
}

/** Where x_p (or x*) comes from, for QCvx: one fixed point of S. */
export interface XStar {
  readonly exprs: readonly Expr[];
  readonly index?: number;
}

/**
 * The residuals of a one-parameter family of claims around a reference t0, in the form
 *   R_k(x; t) = R0_k(x) − (t − t0) · G_k(x),   G_k = R_k(·; t0) − R_k(·; t0 + 1),
 * exact because every residual is affine in the constants (so R0 keeps the cancellations
 * the simplifier finds at the reference, e.g. (4 − θ0)x⁴, and G_k is simplified jointly:
 * a − k·b for a tie β = kα + m). Both are built by `buildResiduals` itself, so they are
 * the residuals `check()` decides, slots (computed f_i*, computed S) included.
 */
export class Family {
  readonly system: ResidualSystem;
  readonly prep: Prepared;
  /** Obligations per case (terms for α-β, 1 otherwise). */
  readonly K: number;
  /** R0 of each case (natural, mean-value and monotone enclosures, as `check()` bounds residuals). */
  readonly bounders: ResidualBounder[];
  /** G of each case: every form, natural interval extension (inclusion isotone). */
  private readonly gEval: IntervalEvaluator[];
  private readonly gFloat: FloatEvaluator[];
  private readonly gForms: number[][];
  private readonly localBound: ((m: number, M: number, stationary: boolean) => number) | null;
  /**
   * The box the family's leaves partition: the problem's domain, or with `reduce` the box ⊇ W·B
   * of the linear forms y = W x the claim depends on (src/engine/reduce.ts).
   */
  readonly domain: Box;
  /** With `reduce`: the linear forms y_i as text (the family then lives in y); else null. */
  readonly reducedTo: string[] | null = null;

  constructor(
    readonly problem: Problem,
    readonly model: ProjectionModel,
    readonly param: Parametrization,
    /** The reference, an exact double. */
    readonly t0: number,
    boxes: { outer: Box; inner: Box },
    xstar?: XStar,
    /**
     * Work over y = W x when every term and S depend on x only through k < d linear forms (issue
     * [10] §2), as check() does. Only for passes that prove ranges over boxes (innerPass): a
     * bound ≥ 0 over the box ⊇ W·B holds at W x for every x in B, because R(x) = R̃(W x) (proved
     * by substitution); points of that box need not come from B, so nothing here is a witness.
     */
    reduce = false,
  ) {
    const opts = xstar ? { xstar: xstar.exprs, ...(xstar.index !== undefined && { xstarIndex: xstar.index }) } : {};
    const r0 = Rational.fromNumber(t0);
    let system = buildResiduals(problem, claimAt(param, r0), model, opts);
    let sys1 = buildResiduals(problem, claimAt(param, r0.add(Rational.ONE)), model, opts);
    let d = problem.variables.length;
    let domain = boxes.outer;
    let inner = boxes.inner;
    if (reduce) {
      // Both references reduce with the same W (it depends on the terms only); no base point of S
      // (sPoint null): the leaves never use the second-order argument, as in x.
      const deadline = Math.min(ambientDeadline(), Date.now() + 2_000);
      const red0 = reduceSystem(problem, system, boxes.outer, null, deadline);
      const red1 = red0 && reduceSystem(problem, sys1, boxes.outer, null, deadline);
      if (red0 && red1) {
        system = red0.system;
        sys1 = red1.system;
        d = red0.system.dim;
        domain = red0.domain;
        inner = red0.domain;
        this.reducedTo = red0.forms;
      }
    }
    this.system = system;
    this.domain = domain;
    this.K = this.system.cases[0]?.residuals.length ?? 0;
    this.bounders = this.system.cases.map((c) => new ResidualBounder(c.forms, d, this.system.slots));
    const g = this.system.cases.map((c, ci) => c.residuals.map((r, k) => forms(simplify(b.sub(r, sys1.cases[ci]!.residuals[k]!)))));
    this.gEval = g.map((gs) => compileInterval(gs.flat()));
    this.gFloat = g.map((gs) => compileFloat(gs.map((f) => f[0]!)));
    this.gForms = g.map((gs) => gs.flatMap((f, k) => f.map(() => k)));
    const scalar = param.kind === 'scalar';
    // (Not for S given by equations: its one point is the nearest point itself, as in check().)
    const points = model.kind === 'points' && !model.implicit && !this.reducedTo;
    // α-β from convex terms: the facts about a given f_i* are asked on the box and at p whatever t
    // (TermConvexity.need would ask them only where the claim's constants need them).
    const convexT = !scalar && points ? convexityRange(param) : null;
    const local =
      points && (scalar || convexT)
        ? {
            f: scalar ? objective(problem) : null,
            points: model.points,
            ...(convexT && {
              terms: {
                exprs: problem.terms,
                given: problem.termMinima ? problem.termMinima.map((e) => encloseConstant(e)) : null,
                need: { atX: true, atP: true },
              },
            }),
          }
        : null;
    this.convexT = convexT;
    this.prep = new Prepared(this.system, domain, inner, local);
    this.localBound = !scalar ? null : param.condition === 'pl' ? (m) => m : (m, M, stationary) => LocalConvexity.aimingConstant(m, M, stationary);
  }

  /**
   * What the box proves: per candidate case, the lower bounds of R0 and the enclosures of G
   * over the case's (Voronoi-contracted) box. `'kink' | 'undefined'`: nothing is proved there.
   */
  pieces(box: Box): CasePieces[] | 'kink' | 'undefined' {
    const health = this.prep.health(box);
    if (health !== 'ok') return health;
    // S given by equations: no enclosure of the box's nearest points, nothing proved there.
    const sl = this.slotsOn(box);
    if (!sl) return 'undefined';
    const out: CasePieces[] = [];
    const K = this.K;
    for (const { c, box: cb } of this.prep.casesOn(box)) {
      if (!cb) continue;
      this.bindSlots(c, sl);
      const bd = this.bounders[c]!.bound(cb);
      const point = this.prep.cases[c]!.point;
      out.push({ point, box: cb, s: bd.lower.slice(0, K), ...this.localOn(box, point), ...this.convexOn(cb, point) });
    }
    return out;
  }

  /**
   * Rigorous enclosure of every G_k of case c over a box: the intersection of the natural
   * interval extensions of its forms (NaN when a form is undefined there: proves nothing).
   */
  gRange(c: number, box: Box): { gLo: Float64Array; gHi: Float64Array } {
    const ev = this.gEval[c]!;
    const lo = new Float64Array(ev.outputs);
    const hi = new Float64Array(ev.outputs);
    const sl = this.slotsOn(box);
    // No enclosure of the nearest points (S given by equations): G unknown, NaN proves nothing.
    if (!sl) return { gLo: new Float64Array(this.K).fill(Number.NaN), gHi: new Float64Array(this.K).fill(Number.NaN) };
    ev.eval([...box.lo, ...sl.lo], [...box.hi, ...sl.hi], lo, hi);
    const gLo = new Float64Array(this.K).fill(-Infinity);
    const gHi = new Float64Array(this.K).fill(Infinity);
    this.gForms[c]!.forEach((k, r) => {
      gLo[k] = Number.isNaN(lo[r]!) || Number.isNaN(gLo[k]!) ? NaN : Math.max(gLo[k]!, lo[r]!);
      gHi[k] = Number.isNaN(hi[r]!) || Number.isNaN(gHi[k]!) ? NaN : Math.min(gHi[k]!, hi[r]!);
    });
    return { gLo, gHi };
  }

  /** The t of the family that convex terms prove (null: not an α-β family on a finite S, or no such t). */
  private readonly convexT: ParamRange | null;

  /** The range of t that convex terms prove on the case's box (hull with its point of S), if they do. */
  private convexOn(cb: Box, point: number | null): { convex?: ParamRange } {
    return this.convexT && point !== null && this.prep.convexTermsProve(cb, point) ? { convex: this.convexT } : {};
  }

  /** The local-convexity constant on the box, when the engine's local argument applies there. */
  private localOn(box: Box, point: number | null): { local?: number } {
    const prep = this.prep;
    if (!this.localBound || !prep.local) return {};
    const near = point !== null ? (prep.localPoints[point] ? [prep.localPoints[point]!] : []) : prep.localPoints;
    if (!near.some((pt) => pt.every((v, j) => box.lo[j]! <= v.lo && v.hi <= box.hi[j]!))) return {};
    const eb = prep.local.eigenBounds(box);
    // Aiming/QCvx: the point's own stationarity (PL, point null: not used).
    return eb ? { local: this.localBound(eb.m, eb.M, point === null || prep.localStationary[point] === true) } : {};
  }

  /**
   * Rigorous enclosures of R0_k and G_k at the point x, when x provably has one nearest
   * candidate (no Voronoi tie), lies in the exact domain and every term is smooth there.
   */
  atPoint(x: readonly number[]): { r0Lo: Float64Array; r0Hi: Float64Array; gLo: Float64Array; gHi: Float64Array; case: number } | null {
    const inner = this.prep.innerDomain;
    if (!x.every((v, j) => inner.lo[j]! <= v && v <= inner.hi[j]!)) return null;
    const pt: Box = { lo: x, hi: x };
    if (this.prep.health(pt) !== 'ok') return null;
    const cands = this.prep.casesOn(pt).filter((c) => c.box);
    if (cands.length !== 1) return null;
    const c = cands[0]!.c;
    const sl = this.slotsOn(pt);
    if (!sl) return null;
    this.bindSlots(c, sl);
    const { lo, hi } = this.bounders[c]!.atPoint(x);
    return { r0Lo: lo, r0Hi: hi, ...this.gRange(c, pt), case: c };
  }

  /** Float values [R0_0..R0_{K−1}, G_0..G_{K−1}] of case c at x (slots at their lower ends). NOT rigorous. */
  floatAt(c: number, x: readonly number[], out: Float64Array): void {
    const slots = this.system.slots.map((s) => s.lo);
    const set = this.prep.implicitSet;
    if (set) {
      // S given by equations: the slots at an approximate nearest point (none found: NaN scores).
      const q = set.approximate(x);
      if (!q) {
        out.fill(Number.NaN);
        return;
      }
      q.forEach((v, j) => {
        slots[j] = v;
        this.bounders[c]!.setSlotFloat(j, v);
      });
    }
    this.bounders[c]!.floatAt(x, 'lo', out.subarray(0, this.K));
    this.gFloat[c]!.eval([...x, ...slots], out.subarray(this.K));
  }

  /**
   * The slots' intervals on a box: the system's, except that with S given by equations the
   * first d (the nearest point) are the hull of the enclosure of the box's nearest points
   * (Prepared.bindBox: every nearest point of every x in the box lies in it, so a bound with the
   * slots over it holds for the true nearest point). Null when no enclosure was found.
   */
  private slotsOn(box: Box): { lo: number[]; hi: number[] } | null {
    const lo = this.system.slots.map((s) => s.lo);
    const hi = this.system.slots.map((s) => s.hi);
    if (!this.prep.implicitSet) return { lo, hi };
    const P = this.prep.bindBox(box) ? this.prep.bound : null;
    if (!P) return null;
    P.lo.forEach((l, j) => {
      lo[j] = l;
      hi[j] = P.hi[j]!;
    });
    return { lo, hi };
  }

  private bindSlots(c: number, sl: { lo: number[]; hi: number[] }): void {
    if (this.prep.implicitSet) sl.lo.forEach((l, k) => this.bounders[c]!.setSlot(k, l, sl.hi[k]!));
  }

  /** The case whose point of S is nearest to x in floats (0 without Voronoi cells). NOT rigorous. */
  nearestCase(x: readonly number[]): number {
    const pts = this.prep.pointBoxes;
    if (!this.prep.cells || !pts) return 0;
    let best = 0;
    let bd = Infinity;
    pts.forEach((p, k) => {
      const dist = p.reduce((s, v, j) => s + (x[j]! - (v.lo + v.hi) / 2) ** 2, 0);
      if (dist < bd) [bd, best] = [dist, k];
    });
    return best;
  }
}

/** The expanded and the structure-preserving simplified forms (as the conditions layer builds them). */
function forms(e: Expr): Expr[] {
  const a = simplify(e);
  const c = simplify(e, { expand: false });
  return toText(a) === toText(c) ? [a] : [a, c];
}

/**
 * The t of a line family (α, β) = base + t·dir with α ≥ 1, β ≥ 0 and β − α + 1 ≥ 0: where convex
 * terms prove α-β (engine/local.ts, TermConvexity). Exact in rationals, then rounded inward to
 * doubles (a subset of the exact range); null when empty.
 */
export function convexityRange(param: Parametrization): ParamRange | null {
  if (param.kind !== 'line') return null;
  const [b0, b1] = param.base;
  const [d0, d1] = param.dir;
  // c0 + c1·t ≥ 0 for each (c0, c1).
  const rows: [Rational, Rational][] = [
    [b0.sub(Rational.ONE), d0],
    [b1, d1],
    [b1.sub(b0).add(Rational.ONE), d1.sub(d0)],
  ];
  let lo = -Infinity;
  let hi = Infinity;
  for (const [c0, c1] of rows) {
    const s = c1.sign();
    if (s === 0) {
      if (c0.sign() < 0) return null;
      continue;
    }
    const [el, eh] = fromRational(c0.neg().div(c1));
    if (s > 0) lo = Math.max(lo, eh);
    else hi = Math.min(hi, el);
  }
  return lo <= hi ? { lo, hi } : null;
}
