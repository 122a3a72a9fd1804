import type { ProjectionModel } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { ambientDeadline, type Box } from '../engine/constantsKit.js';
import type { Problem } from '../problem/index.js';
import { shortDecimal, toDouble } from './decimal.js';
import { chebyshevCentre, LpStats, seedPlane } from './lpPlane.js';
import { pairAt, type Parametrization } from './param.js';
import { PlaneOuter } from './plane.js';
import { hull, windowPolygon, type Pt } from './polygon.js';
import { bracketRay, type RayOptions, type RayResult } from './ray.js';
import { pairOf, rayFields } from './report.js';
import type { ConstantsResult } from './types.js';

/** Directions of the rays from the centre (decimal, so every point on a ray is a decimal pair). */
const DIRECTIONS: readonly [number, number][] = [
  [-1, 0],
  [-1, -1],
  [0, -1],
  [1, -1],
  [1, 0],
  [1, 1],
  [0, 1],
  [-1, 1],
];

/**
 * The whole valid region in the window 0 ≤ β < α ≤ alphaMax.
 * - Outer polygon: the window cut by verified point half-planes (cutting planes at its
 *   vertices); every pair outside it is refuted by a verified point.
 * - Inner polygon: the convex hull of pairs certified along rays from the outer polygon's
 *   Chebyshev centre (LP). Each vertex is confirmed by check(); the hull of certified pairs
 *   is certified because the set of pairs check() certifies is convex (for each x, each
 *   nearest x_p and each term the residual is affine in (α, β), so the pairs for which all of
 *   them are ≥ 0 form an intersection of half-planes).
 * `certified`/`refuted` are the α of the pairs bracketed on the ray toward the outer polygon's
 * smallest-α vertex (both pairs are printed and confirmed by check()).
 */
export async function region(
  p: Problem,
  model: ProjectionModel,
  boxes: { outer: Box; inner: Box },
  alphaMax: number,
  opts: RayOptions,
  samples: number,
): Promise<Omit<ConstantsResult, 'elapsedMs'>> {
  const stats = new LpStats();
  const plane = new PlaneOuter(p, model, boxes, opts.seed, samples);
  const window = windowPolygon(alphaMax);
  const outerPoly = seedPlane(plane, alphaMax, window, opts.deadline);
  const base = { condition: 'alpha-beta' as const, parameter: 'alpha' as const, objective: 'region' as const, problem: p.name, tie: null };
  const notes: string[] = [`window: 0 ≤ β < α ≤ ${alphaMax} (set it with --alpha-max)`];
  // Nothing certified, no ray: every pair outside the outer polygon is refuted by a verified point.
  const noRays = (note: string): Omit<ConstantsResult, 'elapsedMs'> => {
    notes.push(note);
    return {
      ...base,
      certified: null,
      refuted: null,
      region: { certified: [], refuted: outerPoly.map((q) => [...q] as [number, number]) },
      witness: null,
      brackets: { outer: null, inner: null, passes: [] },
      confirmation: { certified: null, refuted: null, method: '' },
      boxes: 0,
      lp: stats.out(),
      notes,
    };
  };
  // Out of time after the outer polygon: no rays would run, so no LP either (loading the LP
  // solver alone took 0.1-0.2 s past the limit).
  if (Date.now() > Math.min(opts.deadline, ambientDeadline())) return noRays('time limit: reached after the outer polygon; no ray was run, nothing certified');
  const centre = outerPoly.length ? await chebyshevCentre(plane.planes, alphaMax, stats) : null;
  if (!centre || !(centre.radius > 0)) return noRays('the outer polygon is empty or flat: no pair of the window survives the verified points');
  const c: [Rational, Rational] = [0, 1].map((j) => shortDecimal(centre.centre[j]!, 'down', centre.radius / 8)) as [Rational, Rational];
  const am = Rational.fromShortestDecimal(alphaMax);
  const rayOpts: RayOptions = { ...opts, relGap: Math.max(opts.relGap, 0.02) };
  // Rays toward the outer polygon's smallest-α vertex (it leads: `certified`/`refuted`) and its
  // smallest-ratio vertex, then the eight compass directions.
  const toward = (v: Pt): [number, number] => {
    const d = [v[0] - toDouble(c[0]), v[1] - toDouble(c[1])];
    const n = Math.max(Math.abs(d[0]!), Math.abs(d[1]!)) || 1;
    return [d[0]! / n, d[1]! / n];
  };
  const minA = outerPoly.reduce((p, q) => (q[0] < p[0] ? q : p));
  const ratio = (q: Pt) => (q[0] > q[1] ? q[1] / (q[0] - q[1]) : Infinity);
  const minR = outerPoly.reduce((p, q) => (ratio(q) < ratio(p) ? q : p));
  const dirs: [Rational, Rational][] = [toward(minA), toward(minR), ...DIRECTIONS].map(([u, v]) => [
    shortDecimal(u, 'down', 1e-3),
    shortDecimal(v, 'down', 1e-3),
  ]);
  const rays: { param: Extract<Parametrization, { kind: 'line' }>; ray: RayResult }[] = [];
  const distinct = dirs.filter((d, i) => !d.every((x) => x.isZero()) && dirs.findIndex((e) => e[0].equals(d[0]) && e[1].equals(d[1])) === i);
  for (const dir of distinct) {
    if (Date.now() > Math.min(opts.deadline, ambientDeadline())) break;
    const param = { kind: 'line' as const, base: c, dir, alphaMax: am };
    rays.push({ param, ray: await bracketRay({ problem: p, model, boxes, param, objective: 'max' }, rayOpts) });
  }
  if (rays.length < distinct.length) notes.push(`time limit: ${rays.length} of ${distinct.length} rays done`);
  const certifiedPts: Pt[] = rays.filter((r) => r.ray.certified).map((r) => pairAt(r.param, r.ray.certified!.t).map((x) => toDouble(x)) as unknown as Pt);
  const inner = hull(certifiedPts);
  const left = rays[0];
  const fields = left
    ? rayFields(left.ray)
    : { brackets: { outer: null, inner: null, passes: [] }, confirmation: { certified: null, refuted: null, method: '' }, boxes: 0, witness: null };
  const alphaAt = (t: Rational | undefined) => (t === undefined || !left ? null : toDouble(pairAt(left.param, t)[0]));
  return {
    ...base,
    certified: alphaAt(left?.ray.certified?.t),
    refuted: alphaAt(left?.ray.refuted?.t),
    region: { certified: inner.map((q) => [q[0], q[1]]), refuted: outerPoly.map((q) => [q[0], q[1]]) },
    certifiedPair: left?.ray.certified ? pairOf(left.param, left.ray.certified.t) : null,
    refutedPair: left?.ray.refuted ? pairOf(left.param, left.ray.refuted.t) : null,
    ...fields,
    boxes: rays.reduce((n, r) => n + rayFields(r.ray).boxes, 0),
    confirmation: {
      ...fields.confirmation,
      method:
        'every vertex of the certified polygon is a pair certified by the leaves and by check(); pairs outside the refuted polygon fail at a verified point',
    },
    lp: stats.out(),
    notes: [
      ...notes,
      ...(left?.ray.notes ?? []).map((n) => `lead ray: ${n}`),
      `centre (${toDouble(c[0])}, ${toDouble(c[1])}) from the Chebyshev LP; ${certifiedPts.length} of ${rays.length} rays certified a pair`,
    ],
  };
}
