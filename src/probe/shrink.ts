import type { Counterexample } from '../engine/index.js';
import { verifyWitness, type Prepared } from './engineKit.js';
import type { Scorer } from './score.js';

/** x rounded to k significant digits (k ≥ 17 returns x itself: doubles round-trip in 17 digits). */
export const roundSig = (x: number, k: number): number => (k >= 17 || x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(k)));

/** The fewest significant digits that reproduce x exactly. */
export function sigDigits(x: number): number {
  for (let k = 1; k < 17; k++) if (roundSig(x, k) === x) return k;
  return 17;
}

/**
 * Shrinks a point where the float residual is negative toward a simple point: first the
 * fewest significant digits k (the same for every coordinate) at which the rounded point is
 * still a counterexample, then each coordinate alone to fewer digits. Every accepted point is
 * a counterexample by `verifyWitness` (rigorous); the float residual only screens. Returns
 * null when no rounding of y (y itself included) verifies.
 */
export function shrinkWitness(prep: Prepared, scorer: Scorer, y: readonly number[]): { x: number[]; counterexample: Counterexample; digits: number } | null {
  const test = (z: readonly number[]): Counterexample | null => (scorer.raw(z) < 0 ? verifyWitness(prep, z) : null);
  let best: { x: number[]; counterexample: Counterexample } | null = null;
  let last = '';
  for (let k = 1; k <= 17 && !best; k++) {
    const z = y.map((v) => roundSig(v, k));
    const key = z.join(',');
    if (key === last) continue;
    last = key;
    const w = test(z);
    if (w) best = { x: z, counterexample: w };
  }
  if (!best) return null;
  for (let j = 0; j < best.x.length; j++) {
    const kj = sigDigits(best.x[j]!);
    for (let k = 1; k < kj; k++) {
      const z: number[] = [...best.x];
      z[j] = roundSig(y[j]!, k);
      if (z[j] === best.x[j]) continue;
      const w = test(z);
      if (w) {
        best = { x: z, counterexample: w };
        break;
      }
    }
  }
  return { ...best, digits: Math.max(...best.x.map(sigDigits)) };
}
