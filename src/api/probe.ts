import { probe as probeSync, type ProbeOptions, type ProbeResult } from '../probe/index.js';
import type { Claim } from '../conditions/index.js';
import type { Problem } from '../problem/index.js';
import { claimOf, type ClaimSpec } from './claim.js';
import { loadProblem, type ProblemInput } from './problem.js';

/** The result of `probe`: the JSON object of `lscert probe --json` (without `replay`). */
export type ProbeReport = ProbeResult;

/**
 * Searches for a counterexample by property-based probing, as `lscert probe` does:
 * 'refuted' with a counterexample verified by interval arithmetic, or 'inconclusive'
 * (probing never certifies). `seed` (reported in the result) replays a run.
 */
export async function probe(problem: ProblemInput, claim: ClaimSpec, options: ProbeOptions = {}): Promise<ProbeReport> {
  return probeSync(loadProblem(problem), claimOf(claim), options);
}

/** `probe` for a loaded problem and an exact claim. */
export async function probeClaim(p: Problem, c: Claim, options: ProbeOptions = {}): Promise<ProbeReport> {
  return probeSync(p, c, options);
}
