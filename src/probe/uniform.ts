import type { Counterexample } from '../engine/index.js';
import { verifyWitness } from './engineKit.js';
import type { TargetOutcome } from './outcome.js';
import type { Scorer } from './score.js';
import type { ProbeTarget } from './target.js';

/**
 * The baseline the probe is measured against: uniform random points of the box, as many as
 * the evaluation budget allows, no descent and no shrinking. A point with a negative float
 * residual is checked with `verifyWitness`, exactly as the guided probe does.
 */
export function uniformSearch(t: ProbeTarget, scorer: Scorer, random: () => number, deadline: number): TargetOutcome {
  const { lo, hi } = t.prep.domain;
  let runs = 0;
  let w: Counterexample | null = null;
  while (!scorer.exhausted && !w) {
    if ((runs & 1023) === 0 && Date.now() > deadline) break;
    runs++;
    const x = lo.map((l, j) => l + random() * (hi[j]! - l));
    if (scorer.raw(x) < 0) w = verifyWitness(t.prep, x);
  }
  return { counterexample: w, runs, evaluations: scorer.evaluations, budget: scorer.budget };
}
