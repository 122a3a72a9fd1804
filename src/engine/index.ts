/** The engine: branch and bound, verified counterexamples, proof trees. */
export {
  check,
  checkWithZ3,
  claimLinearForms,
  resultBase,
  checkDetailed,
  checkWithZ3Detailed,
  certifiedByWholeQuery,
  refutedWith,
  startWholeClaimRace,
  WHOLE_QUERY_MS,
  type Checked,
  type CheckResult,
  type CheckOptions,
} from './check.js';
export {
  DEFAULT_QUEUE_CAP,
  DEFAULT_SEARCH,
  type SearchStats,
  type CertNode,
  type CaseProof,
  type Counterexample,
  type OpenRegion,
  type SearchNode,
  type SearchOptions,
} from './types.js';
export type { Box } from './box.js';
export { rng } from './search.js';
export { Prepared } from './prepared.js';
export { verifyWitness } from './witness.js';
export { computeS } from './autoS.js';
export { minimizerModel, type ModelChoice } from './model.js';
export { assumedLine, assumedOf, checkAssumptions, type Assumed, type AssumptionReport } from './assumptions.js';
