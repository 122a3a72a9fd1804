import type { ConditionName } from '../conditions/index.js';
import { bestConstants, parseTie, type AlphaBetaObjective, type ConstantsOptions, type ConstantsResult } from '../constants/index.js';
import { loadProblem, type ProblemInput } from './problem.js';

export interface ConstantsRequestSpec {
  readonly condition: ConditionName;
  /** α-β: tie β to α, as `--fix` ("beta = alpha - 1", "beta = 0.8*alpha"). */
  readonly fix?: string;
  /** α-β: what to optimise (default 'min-alpha' with `fix`, else 'region'). */
  readonly objective?: AlphaBetaObjective;
  /** α-β: the window α ≤ alphaMax (default 10). */
  readonly alphaMax?: number;
}

/** The result of `constants`: the JSON object of `lscert constants --json` (docs/cli.md#constants). */
export type ConstantsReport = ConstantsResult;

/**
 * The best constants of a condition as two-sided brackets, as `lscert constants` computes
 * them: `certified` is certified by `check`, `refuted` refuted with a verified counterexample.
 */
export async function constants(problem: ProblemInput, request: ConstantsRequestSpec, options: Partial<ConstantsOptions> = {}): Promise<ConstantsReport> {
  const p = loadProblem(problem);
  const { fix, ...rest } = request;
  return bestConstants(p, { ...rest, ...(fix !== undefined && { tie: parseTie(fix) }) }, options);
}
