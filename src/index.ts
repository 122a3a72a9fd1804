/**
 * lscert as a library (issue [5]): the functions behind the command line, returning the
 * JSON objects of docs/cli.md as TypeScript types. ESM only. See docs/probe.md.
 *
 *   import { loadProblem, check, probe } from 'lscert';
 *   const r = await check('loss.yaml', { condition: 'alpha-beta', alpha: 2.5, beta: 2 });
 *   if (r.verdict === 'refuted') console.log(r.counterexample);
 *
 * vitest matchers live at the separate entry 'lscert/vitest' (vitest stays out of this one).
 */
export { loadProblem, type ProblemInput, type ProblemSpec } from './api/problem.js';
export { check, decide, type CheckOptions, type CheckReport } from './api/check.js';
export { probe, type ProbeReport } from './api/probe.js';
export { constants, type ConstantsReport, type ConstantsRequestSpec } from './api/constants.js';
export { verifyCertificate, type VerifyReport } from './api/verify.js';
export { toClaim, claimOf, type ClaimSpec, type Constant, type ConstantsSpec } from './api/claim.js';
export { residualProperty, boxPoints, CounterexampleError, type ResidualPropertyOptions } from './api/fastcheck.js';
export { LscertUsageError } from './api/errors.js';

export { ProblemError, type Problem } from './problem/index.js';
export type { Claim, ConditionName } from './conditions/index.js';
export type { Counterexample, OpenRegion, Box } from './engine/index.js';
export { DEFAULT_PROBE, type ProbeOptions, type ProbeFinding, type PointSource, type TaggedPoint } from './probe/index.js';
export { ConstantsUsageError, TieError, type ConstantsOptions, type AlphaBetaObjective } from './constants/index.js';
export { NotACertificateError, type Certificate } from './cert/index.js';
export { theory, OPTIMIZERS, type Optimizer, type TheoryInput, type TheoryResult } from './theory/index.js';
export { simulateProblem, SIMULATE_DEFAULTS, type SimulateOptions, type SimulateResult, type SimulateRow } from './theory/simulate.js';
export { writeReport } from './reports/index.js';
export {
  numericCheck,
  DEFAULT_NUMERIC,
  DEFAULT_NUMERIC_THRESHOLD,
  type NumericCheckResult,
  type NumericOptions,
  type EmpiricalReport,
} from './numeric/index.js';
export { runEmpirical, DEFAULTS as EMPIRICAL_DEFAULTS, type EmpiricalOptions, type EmpiricalResult } from './networks/empirical.js';
export { initBackend, type BackendName, type BackendChoice } from './networks/backend.js';
