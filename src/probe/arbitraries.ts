import fc from 'fast-check';
import type { Box } from '../engine/index.js';
import { clamp } from './descend.js';
import type { SGeometry } from './geometry.js';
import type { PointSource, TaggedPoint } from './types.js';

/** What the arbitraries know about the problem: the box, S, and near-stationary points of f. */
export interface PointSpace {
  readonly box: Box;
  readonly geometry: SGeometry;
  /** Near-stationary points of f found by a quick search (may be empty). */
  readonly stationary: readonly (readonly number[])[];
}

const RES = 2 ** 30;
/** A number in [0, 1]. fast-check biases integers toward both ends now and then: faces get extra weight. */
const unit = fc.integer({ min: 0, max: RES }).map((k) => k / RES);
/** A scale 10^s with s uniform in [minExp, 0]: offsets from 1e-9 of the box up to the whole box. */
const logScale = (minExp: number) => unit.map((u) => 10 ** (minExp * u));

const tag =
  (source: PointSource) =>
  (x: readonly number[]): TaggedPoint => ({ x, source });

/**
 * Points of the box from a weighted mix of arbitraries that favour where claims break:
 * - uniform: a uniform point (fast-check's integer bias adds points on faces);
 * - corner: a vertex, or a point at a log-scaled distance inside it;
 * - face: a point on a facet (or just inside it), other coordinates uniform;
 * - near-S: a point of S (for an infinite S, the projection of a uniform point) moved by
 *   a log-scaled step in a random direction: residuals vanish on S and fail just off it;
 * - bisector: a point of the bisector hyperplane between two points of S, moved off it by
 *   a log-scaled step: where the nearest point of S switches, the residual jumps;
 * - stationary: a near-stationary point of f (from the quick search) moved by a log-scaled
 *   step: a stationary point that is not a global minimizer breaks PL and Aiming.
 * Every point is clamped into the box.
 */
export function pointArbitrary(space: PointSpace): fc.Arbitrary<TaggedPoint> {
  const { box, geometry } = space;
  const d = box.lo.length;
  const w = box.lo.map((l, j) => box.hi[j]! - l);
  const diam = Math.sqrt(w.reduce((s, v) => s + v * v, 0)) || 1;
  const uniformPt = fc.tuple(...w.map(() => unit)).map((u) => u.map((t, j) => box.lo[j]! + t * w[j]!));
  const direction = fc.tuple(...w.map(() => unit)).map((u) => {
    const v = u.map((t) => 2 * t - 1);
    const n = Math.hypot(...v);
    return n > 0 ? v.map((c) => c / n) : v.map((_, j) => (j === 0 ? 1 : 0));
  });
  const moved = (base: readonly number[], dir: readonly number[], r: number) =>
    clamp(
      base.map((v, j) => v + r * dir[j]!),
      box,
    );

  const arbs: { arbitrary: fc.Arbitrary<TaggedPoint>; weight: number }[] = [];
  arbs.push({ arbitrary: uniformPt.map(tag('uniform')), weight: 4 });
  const bits = fc.tuple(...w.map(() => fc.boolean()));
  arbs.push({
    weight: 1,
    arbitrary: fc
      .tuple(bits, fc.boolean(), logScale(-9))
      .map(([b, exact, s]) => tag('corner')(b.map((hi, j) => (hi ? box.hi[j]! - (exact ? 0 : s * w[j]!) : box.lo[j]! + (exact ? 0 : s * w[j]!))))),
  });
  arbs.push({
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: d - 1 }), fc.boolean(), fc.boolean(), logScale(-9), uniformPt).map(([j, hi, exact, s, x]) => {
      const y = [...x];
      y[j] = hi ? box.hi[j]! - (exact ? 0 : s * w[j]!) : box.lo[j]! + (exact ? 0 : s * w[j]!);
      return tag('face')(y);
    }),
  });
  const sBase = geometry.points ? fc.constantFrom(...geometry.points) : uniformPt.map((u) => geometry.nearest(u));
  arbs.push({ weight: 3, arbitrary: fc.tuple(sBase, direction, logScale(-9)).map(([p, dir, s]) => tag('near-S')(moved(p, dir, s * diam))) });
  const pairs = geometry.pairs();
  if (pairs.length) {
    arbs.push({
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...pairs), direction, unit, fc.boolean(), logScale(-12)).map(([[p, q], dir, t, side, s]) => {
        // m + (component of dir orthogonal to q − p) · t·diam  ±  s·diam along q − p
        const n = p.map((v, j) => q[j]! - v);
        const nn = Math.hypot(...n) || 1;
        const nu = n.map((v) => v / nn);
        const along = dir.reduce((acc, v, j) => acc + v * nu[j]!, 0);
        const tangent = dir.map((v, j) => v - along * nu[j]!);
        const off = (side ? 1 : -1) * s * diam;
        return tag('bisector')(
          clamp(
            p.map((v, j) => (v + q[j]!) / 2 + tangent[j]! * t * diam + nu[j]! * off),
            box,
          ),
        );
      }),
    });
  }
  if (space.stationary.length) {
    arbs.push({
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...space.stationary), direction, logScale(-9)).map(([p, dir, s]) => tag('stationary')(moved(p, dir, s * diam))),
    });
  }
  return fc.oneof(...arbs);
}
