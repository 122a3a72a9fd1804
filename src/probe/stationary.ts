import { compileFloat, gradient, type Expr } from '../expr/index.js';
import type { Box } from '../engine/index.js';
import { patternSearch } from './descend.js';
import { dist2, type SGeometry } from './geometry.js';

/**
 * A quick float search for near-stationary points of f: pattern search on ‖∇f‖² from a few
 * seeded starts (the centre of the box, midpoints between points of S, random points). The
 * end points where ‖∇f‖² fell by a factor 1e3 and that are not on S are returned (deduplicated):
 * seeds for the 'stationary' arbitrary. Heuristic only; `count` charges each evaluation to
 * the probe's budget.
 */
export function nearStationaryPoints(
  f: Expr,
  box: Box,
  geometry: SGeometry,
  random: () => number,
  count: (n: number) => void,
  opts: { starts: number; evalsPerStart: number; deadline?: number },
): number[][] {
  const d = box.lo.length;
  const ev = compileFloat([f, ...gradient(f, d)]);
  const out = new Float64Array(d + 1);
  const deadline = opts.deadline ?? Infinity;
  let calls = 0;
  let late = false;
  const g2 = (x: readonly number[]) => {
    // Past the deadline every value is +∞: the pattern search accepts no more moves.
    if (!late && (++calls & 63) === 0 && Date.now() > deadline) late = true;
    if (late) return Infinity;
    ev.eval(x, out);
    let s = 0;
    for (let j = 1; j <= d; j++) s += out[j]! ** 2;
    return s;
  };
  const w = box.lo.map((l, j) => box.hi[j]! - l);
  const diam2 = w.reduce((s, v) => s + v * v, 0) || 1;
  const starts: number[][] = [box.lo.map((l, j) => l + w[j]! / 2)];
  for (const [p, q] of geometry.pairs(4)) starts.push(p.map((v, j) => (v + q[j]!) / 2));
  while (starts.length < opts.starts) starts.push(box.lo.map((l, j) => l + random() * w[j]!));
  const found: number[][] = [];
  for (const x0 of starts.slice(0, opts.starts)) {
    if (late) break;
    const g0 = g2(x0);
    const r = patternSearch(g2, x0, box, opts.evalsPerStart);
    count(r.evals + 1);
    if (!(r.value <= g0 * 1e-3)) continue;
    if (geometry.dist2(r.x) < diam2 * 1e-12) continue;
    if (found.some((y) => dist2(y, r.x) < diam2 * 1e-12)) continue;
    found.push(r.x);
  }
  return found;
}
