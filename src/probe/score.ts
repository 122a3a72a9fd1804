import type { Prepared } from './engineKit.js';
import type { SGeometry } from './geometry.js';

/**
 * The float objective of the search, with an evaluation counter and a budget. NOT rigorous:
 * it only proposes points; `verifyWitness` decides.
 *
 * - `raw(x)`: the smallest residual (over the obligations) of the float-nearest point of S,
 *   the largest such value over points of S tied for nearest (the condition needs only one
 *   nearest point to work). Computed f_i* enter at the lower end of their enclosure, the end
 *   a verified refutation uses. Undefined values (NaN) count as +∞: never a counterexample.
 * - `normalized(x)`: raw(x) / (dist(x, S)² + τ²). Every residual of DOMAIN §2 vanishes on S
 *   (PL, Aiming, QCvx; α-β with interpolation), typically to second order, so the raw residual
 *   is smallest near S although the claim holds there; dividing by the squared distance
 *   removes that pull and leaves the shape of the residual, with the same sign.
 */
export class Scorer {
  evaluations = 0;
  private readonly bufs: Float64Array[];
  private readonly casePoints: (readonly number[])[] | null;
  private readonly tau2: number;

  /** Set once the deadline has passed: every later evaluation is +∞ (never a candidate) and the budget counts as spent. */
  timedOut = false;

  constructor(
    readonly prep: Prepared,
    readonly geometry: SGeometry,
    readonly budget: number,
    /** Date.now() after which the search stops (checked every 64 evaluations). */
    readonly deadline = Infinity,
  ) {
    this.bufs = prep.cases.map((c) => new Float64Array(c.bounder.obligations));
    this.casePoints = prep.cells && prep.pointBoxes ? prep.pointBoxes.map((p) => p.map((v) => v.mid())) : null;
    const diam2 = prep.domain.lo.reduce((s, l, j) => s + (prep.domain.hi[j]! - l) ** 2, 0);
    this.tau2 = Math.max(diam2 * 1e-18, 1e-300);
  }

  get exhausted(): boolean {
    return this.evaluations >= this.budget || this.timedOut;
  }

  /** Counts one evaluation of something else (the stationary-point search) against the budget. */
  count(n = 1): void {
    this.evaluations += n;
  }

  raw(x: readonly number[]): number {
    if (!this.timedOut && (this.evaluations & 63) === 0 && Date.now() > this.deadline) this.timedOut = true;
    if (this.timedOut) return Infinity;
    this.evaluations++;
    if (!this.casePoints) return this.caseMin(0, x);
    let dmin = Infinity;
    const ds = this.casePoints.map((p) => {
      let s = 0;
      for (let j = 0; j < x.length; j++) s += (x[j]! - p[j]!) ** 2;
      dmin = Math.min(dmin, s);
      return s;
    });
    let best = -Infinity;
    ds.forEach((dc, c) => {
      if (dc <= dmin * (1 + 1e-12)) best = Math.max(best, this.caseMin(c, x));
    });
    return best;
  }

  normalized(x: readonly number[]): number {
    const r = this.raw(x);
    return r / (this.geometry.dist2(x) + this.tau2);
  }

  private caseMin(c: number, x: readonly number[]): number {
    const out = this.bufs[c]!;
    // S given by equations: the nearest-point slots at an approximate nearest point of x (floats).
    this.prep.bindFloat(x);
    this.prep.cases[c]!.bounder.floatAt(x, 'lo', out);
    let m = Infinity;
    for (const v of out) m = Math.min(m, Number.isNaN(v) ? Infinity : v);
    return m;
  }
}
