import type { ProjectionModel } from '../conditions/index.js';
import { interpretInterval } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { SimulateInputError } from './errors.js';

/**
 * A rigorous enclosure of D0 = dist(x0, S)² for a float point x0 (doubles are exact), with S
 * as `check()` models it: a projection map (the user's, trusted, or the exact affine one) gives
 * ‖x0 − P(x0)‖²; finitely many points give min_p ‖x0 − p‖² (enclosures of computed points
 * included). The theorems' bounds increase with D0: callers use the upper end.
 */
export function distanceSquaredToS(model: ProjectionModel, x0: readonly number[]): Interval {
  const at = x0.map((v) => Interval.point(v));
  const sq = (pt: readonly Interval[]) => pt.reduce((s, c, j) => s.add(at[j]!.sub(c).sqr()), Interval.point(0));
  if (model.kind === 'map') return sq(model.map.map((e) => interpretInterval(e, at)));
  if (model.implicit) throw new SimulateInputError('S given by equations: dist(x0, S) is not computed by simulate; give S as points, affine or projection');
  const env = [...at, ...(model.slots ?? []).map((s) => Interval.of(s.lo, s.hi))];
  let best: Interval | null = null;
  for (const pt of model.points) {
    const dd = sq(pt.map((e) => interpretInterval(e, env)));
    // min of enclosures: [min lo, min hi] encloses the min of the enclosed values.
    best = best === null ? dd : Interval.of(Math.min(best.lo, dd.lo), Math.min(best.hi, dd.hi));
  }
  if (best === null || !(Number.isFinite(best.lo) && Number.isFinite(best.hi))) throw new SimulateInputError('dist(x0, S)² has no finite enclosure');
  return best;
}
