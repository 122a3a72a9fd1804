import type { ProjectionModel } from '../conditions/index.js';
import { interpretInterval } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { subBoxes } from '../reports/facts.js';
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

/**
 * DecSPS's D (docs/theory.md): the theorem needs ‖x_k − x_p‖ ≤ D for the iterates x_k and their
 * nearest points x_p ∈ S; `simulate` assumes the iterates stay in `box` (runs that leave it are
 * counted, and no violation is claimed after). So D must bound sup over the box of dist(x, S):
 * - S meets the box (proved: a point of S, or P(c) for the map, enclosed inside it): the box's
 *   diameter, since dist(x, S) ≤ ‖x − s‖ ≤ diam for s ∈ S ∩ box;
 * - S given by points, none proved in the box: min_j of the largest distance from p_j to a point
 *   of the box. ‖x − p_j‖² is convex, so its max over the box is at a corner, and it separates by
 *   coordinate: Σ_i max{(lo_i − p_ji)², (hi_i − p_ji)²} (intervals, upper end);
 * - S by a projection map: the largest ‖X − P(X)‖ over a cover of the box by sub-boxes (interval
 *   evaluation of the trusted map, upper end);
 * - else, or when that is not finite: refused (SimulateInputError).
 * The result is a point interval at the bound (D is a constant the bound is evaluated at).
 */
export function decspsDiameter(
  model: ProjectionModel,
  box: { readonly lo: readonly number[]; readonly hi: readonly number[] },
  probe: readonly number[],
): { D: Interval; how: string } {
  const d = box.lo.length;
  const lo = box.lo.map((v) => Interval.point(v));
  const hi = box.hi.map((v) => Interval.point(v));
  const diam = lo.reduce((s, l, j) => s.add(hi[j]!.sub(l).sqr()), Interval.point(0)).sqrt();
  const inBox = (pt: readonly Interval[]) => pt.every((c, j) => c.lo >= box.lo[j]! && c.hi <= box.hi[j]!);
  const point = (v: number) => Interval.point(v);
  const refuse = (why: string) =>
    new SimulateInputError(`decsps needs D ≥ sup over the box of dist(x, S) and S does not meet the box: ${why}; give a box that contains a point of S`);
  if (model.kind === 'map') {
    const centre = box.lo.map((l, j) => (l + box.hi[j]!) / 2);
    for (const c of [probe, centre]) {
      const at = c.map(point);
      if (inBox(model.map.map((e) => interpretInterval(e, at)))) return { D: point(diam.hi), how: "the box's diameter (S meets the box)" };
    }
    let sup = 0;
    for (const sb of subBoxes(box, 4096)) {
      const at = sb.lo.map((l, j) => Interval.of(l, sb.hi[j]!));
      const img = model.map.map((e) => interpretInterval(e, at));
      const dd = at.reduce((s, x, j) => s.add(x.sub(img[j]!).sqr()), point(0)).sqrt();
      if (!Number.isFinite(dd.hi)) throw refuse('the projection map gives no finite bound of ‖x − P(x)‖ on it');
      sup = Math.max(sup, dd.hi);
    }
    return { D: point(sup), how: 'S does not meet the box: an upper bound of sup over the box of ‖x − P(x)‖ (interval cover)' };
  }
  if (model.implicit) throw refuse('S given by equations is not bounded here');
  const env = [...lo.map((l, j) => Interval.of(l.lo, hi[j]!.hi)), ...(model.slots ?? []).map((s) => Interval.of(s.lo, s.hi))];
  const pts = model.points.map((pt) => pt.map((e) => interpretInterval(e, env)));
  if (pts.some(inBox)) return { D: point(diam.hi), how: "the box's diameter (S meets the box)" };
  let best = Infinity;
  for (const p of pts) {
    let s = point(0);
    for (let j = 0; j < d; j++) s = s.add(point(Math.max(lo[j]!.sub(p[j]!).sqr().hi, hi[j]!.sub(p[j]!).sqr().hi)));
    const r = s.sqrt().hi;
    if (r < best) best = r;
  }
  if (!Number.isFinite(best)) throw refuse('no finite bound of the distance from the box to the points of S');
  return { D: point(best), how: 'S does not meet the box: min over the points p of S of the largest distance from p to a corner of the box' };
}
