import { certificateFor, type Certificate } from '../cert/index.js';
import { check as checkSync, checkWithZ3, type CheckResult } from '../engine/index.js';
import type { Claim } from '../conditions/index.js';
import type { Problem } from '../problem/index.js';
import { claimOf, type ClaimSpec } from './claim.js';
import { loadProblem, type ProblemInput } from './problem.js';

export interface CheckOptions {
  /** Branch-and-bound budget in boxes (default 200 000). */
  readonly maxBoxes?: number;
  /** Time budget in ms (default 120 000). */
  readonly timeLimitMs?: number;
  /** Seed of the sampling (default 1). */
  readonly seed?: number;
  /** Hand the regions intervals leave to Z3 (default true, as the CLI does). */
  readonly z3?: boolean;
  /** Attach the certificate (`lscert check --cert`) when certified. */
  readonly certificate?: boolean;
}

/**
 * The result of `check`: the JSON object of `lscert check --json` (contract §3), with the
 * certificate when asked for (null when the verdict is not certified).
 */
export type CheckReport = Omit<CheckResult, 'tree' | 'system'> & { readonly certificate?: Certificate | null };

/**
 * Decides a claim on the problem's domain, exactly as `lscert check` does: 'certified'
 * (proved at every point), 'refuted' (a counterexample verified with interval arithmetic)
 * or 'inconclusive' (budget spent).
 */
export async function check(problem: ProblemInput, claim: ClaimSpec, options: CheckOptions = {}): Promise<CheckReport> {
  return checkClaim(loadProblem(problem), claimOf(claim), options);
}

/** `check` for a loaded problem and an exact claim. */
export async function checkClaim(p: Problem, c: Claim, options: CheckOptions = {}): Promise<CheckReport> {
  const opts = { ...(options.maxBoxes !== undefined && { maxBoxes: options.maxBoxes }), ...(options.timeLimitMs !== undefined && { timeLimitMs: options.timeLimitMs }), ...(options.seed !== undefined && { seed: options.seed }) };
  const r = options.z3 === false ? checkSync(p, c, opts) : await checkWithZ3(p, c, opts);
  const { tree: _tree, system: _system, ...report } = r;
  if (!options.certificate) return report;
  return { ...report, certificate: r.verdict === 'certified' ? certificateFor(p, r) : null };
}
