import { objective } from '../conditions/index.js';
import { classifyHessian, proveStationaryNear, SmoothModel } from '../engine/global/index.js';
import { newtonStationary, startPoints } from '../engine/global/local.js';
import type { Box } from '../engine/index.js';
import { innerBox, outerBox, type Problem } from '../problem/index.js';
import { range } from './facts.js';
import type { StationaryPoint } from './types.js';

const inside = (X: Box, D: Box) => X.lo.every((l, j) => l >= D.lo[j]! && X.hi[j]! <= D.hi[j]!);

/**
 * Stationary points of f in the box, each proved to hold exactly one zero of ∇f (Krawczyk,
 * outward-rounded), classified by the interval Hessian (saddle, local min/max). Candidates
 * come from seeded Newton runs (floats propose, intervals prove); the list is what was found,
 * not a proof that there are no others. `fstar`: the enclosure of f* (to tell global
 * minimizers from non-global ones).
 */
export function stationaryPoints(p: Problem, fstar: { lo: number; hi: number }, seed: number, deadline: number): StationaryPoint[] {
  const d = p.variables.length;
  const box = outerBox(p);
  const m = SmoothModel.within(objective(p), d);
  if (!m) return []; // no time to build the derivatives: none found (the list never claims completeness)
  const scale = box.lo.map((l, j) => Math.max(box.hi[j]! - l, 1e-300));
  const starts = d <= 2 ? 144 : 64;
  const radius = scale.map((w) => w / (2 * Math.max(1, Math.floor(starts ** (1 / d)))));
  const fg = new Float64Array(d + 1);
  const cands: number[][] = [];
  for (const x0 of startPoints(box, starts, seed)) {
    if (Date.now() > deadline) break;
    const x = newtonStationary(m, x0, box, radius);
    m.floatFG(x, fg);
    if (!fg.every(Number.isFinite)) continue;
    const gn = Math.hypot(...Array.from(fg.subarray(1)).map((g, j) => g * scale[j]!));
    if (!(gn < 1e-6 * Math.max(1, Math.abs(fg[0]!)))) continue;
    if (cands.some((c) => c.every((v, j) => Math.abs(v - x[j]!) <= 1e-6 * scale[j]!))) continue;
    cands.push(x);
  }
  const out: StationaryPoint[] = [];
  const proved: Box[] = [];
  // Inner box: a listed stationary point lies in the exact domain (a non-global one refutes).
  const inner = innerBox(p);
  const admissible = (X: Box) => inside(X, inner) && m.isRegular(X);
  for (const x of cands) {
    if (Date.now() > deadline) break;
    if (proved.some((B) => x.every((v, j) => B.lo[j]! <= v && v <= B.hi[j]!))) continue;
    const res = proveStationaryNear(m, x, scale, admissible);
    if (!res) continue;
    proved.push(res.outer);
    const enc = m.fBox(res.box);
    const status = enc.lo > fstar.hi ? 'not-global' : enc.hi >= fstar.lo && enc.lo <= fstar.hi ? 'global' : 'undecided';
    out.push({ point: res.point, box: { lo: [...res.box.lo], hi: [...res.box.hi] }, kind: classifyHessian(m.hess, res.box), f: range(enc.lo, enc.hi), status });
  }
  return out.sort((a, b) => (a.f[0] ?? 0) - (b.f[0] ?? 0));
}
