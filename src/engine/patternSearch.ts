import type { Box } from './box.js';
import { ambientDeadline } from './budget.js';

/**
 * Hooke–Jeeves pattern search for a minimum of a float function inside a box (no
 * derivatives; heuristic: it only proposes points, which are then evaluated rigorously).
 */
export function patternSearch(f: (x: readonly number[]) => number, x0: readonly number[], box: Box, iters = 400): number[] {
  // It only proposes points: stopping early at the command's deadline loses nothing but a better
  // proposal (with S given by equations one evaluation encloses nearest points, and 400 rounds
  // of 2d evaluations overran `constants --time-limit 1` by 10–25 s).
  const deadline = ambientDeadline();
  const x = [...x0];
  let fx = f(x);
  let step = Math.max(...box.lo.map((l, j) => box.hi[j]! - l)) / 8;
  const minStep = step * 1e-13;
  for (let it = 0; it < iters && step > minStep && (it % 4 !== 0 || Date.now() < deadline); it++) {
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
