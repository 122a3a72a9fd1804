import type { ProjectionModel } from '../conditions/index.js';
import { compileFloat, interpretInterval, type Expr, type FloatEvaluator } from '../expr/index.js';
import { Interval } from '../interval/index.js';

/**
 * The set S in floating point, for the heuristics only (distances to S, points near S,
 * bisectors): never used to decide anything. Finite S: the points (midpoints of their
 * enclosures when S was computed); infinite S: the projection map.
 */
export class SGeometry {
  private readonly buf: Float64Array | null;

  private constructor(
    /** The points of a finite S, or null. */
    readonly points: readonly (readonly number[])[] | null,
    private readonly map: FloatEvaluator | null,
    /** S given by equations: an approximate nearest point of x (null when none was found). */
    private readonly approx: ((x: readonly number[]) => number[] | null) | null = null,
  ) {
    this.buf = map ? new Float64Array(map.outputs) : null;
  }

  /** S given by equations: nearest points from `approx` (where it finds none, the distance is +∞: neutral scores). */
  static ofNearest(approx: (x: readonly number[]) => number[] | null): SGeometry {
    return new SGeometry(null, null, approx);
  }

  static ofPoints(points: readonly (readonly number[])[]): SGeometry {
    return new SGeometry(points, null);
  }

  static of(model: ProjectionModel): SGeometry {
    if (model.kind === 'map') return new SGeometry(null, compileFloat(model.map));
    return new SGeometry(
      model.points.map((pt) => SGeometry.enclosePoint(pt, model)),
      null,
    );
  }

  /** A point of S as floats: the midpoint of its enclosure (points may refer to slots of a computed S). */
  static enclosePoint(pt: readonly Expr[], model: ProjectionModel): number[] {
    const slots = model.kind === 'points' && model.slots ? model.slots : [];
    const env = [...pt.map(() => Interval.ENTIRE), ...slots.map((s) => Interval.of(s.lo, s.hi))];
    return pt.map((e) => interpretInterval(e, env).mid());
  }

  /** A (float) nearest point of S to x. */
  nearest(x: readonly number[]): readonly number[] {
    if (this.approx) return this.approx(x) ?? x.map(() => Number.NaN);
    if (this.map) {
      this.map.eval(x, this.buf!);
      return [...this.buf!];
    }
    let best = this.points![0]!;
    let bd = Infinity;
    for (const p of this.points!) {
      const d = dist2(x, p);
      if (d < bd) {
        bd = d;
        best = p;
      }
    }
    return best;
  }

  /** Squared distance from x to S (float). */
  dist2(x: readonly number[]): number {
    const d = dist2(x, this.nearest(x));
    return Number.isFinite(d) ? d : Infinity;
  }

  /** Pairs of distinct points of a finite S (the bisectors between them), at most `max`. */
  pairs(max = 16): [readonly number[], readonly number[]][] {
    const pts = this.points ?? [];
    const out: [readonly number[], readonly number[]][] = [];
    for (let i = 0; i < pts.length && out.length < max; i++) for (let j = i + 1; j < pts.length && out.length < max; j++) out.push([pts[i]!, pts[j]!]);
    return out;
  }
}

export function dist2(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += (x[j]! - y[j]!) ** 2;
  return s;
}
