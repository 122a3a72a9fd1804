import type { Box } from './box.js';

/**
 * Hooke–Jeeves pattern search for a minimum of a float function inside a box (no
 * derivatives; heuristic: it only proposes points, which are then evaluated rigorously).
 */
export function patternSearch(f: (x: readonly number[]) => number, x0: readonly number[], box: Box, iters = 400): number[] {
  const x = [...x0];
  let fx = f(x);
  let step = Math.max(...box.lo.map((l, j) => box.hi[j]! - l)) / 8;
  const minStep = step * 1e-13;
  for (let it = 0; it < iters && step > minStep; it++) {
    let improved = false;
    for (let j = 0; j < x.length; j++) {
      for (const dir of [1, -1]) {
        const y = [...x];
        y[j] = Math.min(box.hi[j]!, Math.max(box.lo[j]!, y[j]! + dir * step));
        const fy = f(y);
        if (fy < fx) {
          x[j] = y[j]!;
          fx = fy;
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return x;
}
