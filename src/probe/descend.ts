import type { Box } from '../engine/index.js';

/**
 * Hooke–Jeeves pattern search of `fn` inside `box`: exploratory moves ±step along each axis,
 * pattern moves along the last improvement, step halved when nothing improves. It compares
 * values only, so it follows slopes far smaller than a finite-difference gradient resolves
 * (the tail of a narrow dip). Stops after `maxEvals` calls, when the step falls below 1e-9 of
 * the box, or as soon as `fn` < `stopBelow`.
 */
/** Smallest step, relative to the box side. */
const MIN_STEP = 1e-9;
/** Halvings after which a descent that has not improved by STALL_REL (relative) gives up. */
const STALL = 6;
const STALL_REL = 1e-12;

export function patternSearch(
  fn: (x: readonly number[]) => number,
  x0: readonly number[],
  box: Box,
  maxEvals: number,
  stopBelow = -Infinity,
): { x: number[]; value: number; evals: number } {
  const d = x0.length;
  const w = box.lo.map((l, j) => box.hi[j]! - l);
  let evals = 0;
  const f = (x: readonly number[]) => {
    evals++;
    const v = fn(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  let x = clamp(x0, box);
  let fx = f(x);
  const f0 = fx;
  let halvings = 0;
  const step = w.map((wj) => wj / 32);
  const left = () => evals < maxEvals && !(fx < stopBelow);

  const explore = (base: number[], fb: number): [number[], number] => {
    let y = base;
    let fy = fb;
    for (let j = 0; j < d && evals < maxEvals && !(fy < stopBelow); j++) {
      if (!(step[j]! > 0)) continue;
      for (const dir of [1, -1]) {
        const z = [...y];
        z[j] = Math.min(box.hi[j]!, Math.max(box.lo[j]!, z[j]! + dir * step[j]!));
        if (z[j] === y[j]) continue;
        const fz = f(z);
        if (fz < fy) {
          y = z;
          fy = fz;
          break;
        }
        if (evals >= maxEvals) break;
      }
    }
    return [y, fy];
  };

  while (left()) {
    let [y, fy] = explore(x, fx);
    if (fy < fx) {
      // Pattern moves: keep going in the direction of improvement while it pays.
      while (left() && fy < fx) {
        const prev = x;
        x = y;
        fx = fy;
        if (!left()) break;
        const z = clamp(
          x.map((v, j) => 2 * v - prev[j]!),
          box,
        );
        const fz = f(z);
        [y, fy] = explore(z, fz);
        if (!(fy < fx)) break;
      }
    } else {
      let any = false;
      for (let j = 0; j < d; j++) {
        step[j] = step[j]! / 2;
        if (step[j]! > w[j]! * MIN_STEP) any = true;
      }
      if (!any) break;
      // Stagnation: several halvings and no real progress (a plateau, or only rounding noise).
      if (++halvings >= STALL && !(f0 - fx > STALL_REL * Math.abs(f0))) break;
    }
  }
  return { x, value: fx, evals };
}

export function clamp(x: readonly number[], box: Box): number[] {
  return x.map((v, j) => (Number.isFinite(v) ? Math.min(box.hi[j]!, Math.max(box.lo[j]!, v)) : box.lo[j]! + (box.hi[j]! - box.lo[j]!) / 2));
}
