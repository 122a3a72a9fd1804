import { solveHighs, type LinearProgram, type LpSolution } from './lp.js';
import type { PlaneOuter } from './plane.js';
import type { HalfPlane, Pt } from './polygon.js';
import { ambientDeadline } from '../engine/constantsKit.js';

/** LP bookkeeping for the `lp` field of the result. */
export class LpStats {
  solves = 0;
  ms = 0;
  async run(lp: LinearProgram): Promise<LpSolution> {
    const r = await solveHighs(lp);
    this.solves++;
    this.ms += r.ms;
    return r;
  }
  out(): { solver: 'highs'; solves: number; ms: number } {
    return { solver: 'highs', solves: this.solves, ms: Math.round(this.ms * 10) / 10 };
  }
}

/** The window's half-planes in the form α·a − β·b ≤ c: β ≥ 0, β ≤ α, α ≤ alphaMax. */
export const windowPlanes = (alphaMax: number): HalfPlane[] => [
  { a: 0, b: 1, c: 0 },
  { a: -1, b: -1, c: 0 },
  { a: 1, b: 0, c: alphaMax },
];

/**
 * min β/(α − β) over the outer polygon, by the Charnes–Cooper transformation: with
 * w = 1/(α − β), u = α·w, v = β·w the ratio is v and every constraint becomes linear
 * (a·u − b·v − c·w ≤ 0, u − v = 1, u ≤ alphaMax·w). Floating point: the caller re-verifies.
 */
export async function minRatioLp(planes: readonly HalfPlane[], alphaMax: number, stats: LpStats): Promise<{ ratio: number; pair: Pt } | null> {
  const rows: LinearProgram['rows'] = [
    ...planes.map((h) => ({ coef: { u: h.a, v: -h.b, w: -h.c }, op: '<=' as const, rhs: 0 })),
    { coef: { u: 1, v: -1 }, op: '=', rhs: 1 },
    { coef: { u: 1, w: -alphaMax }, op: '<=', rhs: 0 },
  ];
  const r = await stats.run({
    variables: [
      { name: 'u', lo: 0 },
      { name: 'v', lo: 0 },
      { name: 'w', lo: 0 },
    ],
    sense: 'min',
    objective: { v: 1 },
    rows,
  });
  if (r.status !== 'optimal' || !(r.x.w! > 0)) return null;
  return { ratio: r.x.v!, pair: [r.x.u! / r.x.w!, r.x.v! / r.x.w!] };
}

/** The Chebyshev centre of the outer polygon within the window (the deepest point), by LP. */
export async function chebyshevCentre(planes: readonly HalfPlane[], alphaMax: number, stats: LpStats): Promise<{ centre: Pt; radius: number } | null> {
  const all = [...planes, ...windowPlanes(alphaMax)];
  const rows = all.map((h) => ({ coef: { x: h.a, y: -h.b, r: Math.hypot(h.a, h.b) }, op: '<=' as const, rhs: h.c }));
  const r = await stats.run({ variables: [{ name: 'x' }, { name: 'y' }, { name: 'r', lo: 0 }], sense: 'max', objective: { r: 1 }, rows });
  if (r.status !== 'optimal') return null;
  return { centre: [r.x.x!, r.x.y!], radius: r.x.r! };
}

/** Seeds the outer search: cuts at a grid of pairs across the window, then at the polygon's vertices (until `deadline`). */
export function seedPlane(plane: PlaneOuter, alphaMax: number, window: readonly Pt[], deadline = Infinity): Pt[] {
  const stop = Math.min(deadline, ambientDeadline());
  for (const f of [0.125, 0.25, 0.5, 1]) for (const g of [0, 0.5, 0.9]) if (Date.now() < stop) plane.cut(alphaMax * f, alphaMax * f * g, 2);
  return plane.refine(window, 6, deadline);
}
