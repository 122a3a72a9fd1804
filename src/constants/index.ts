/**
 * Best constants (issue [3]): two-sided, rigorous brackets for α-β (by linear programming
 * over leaf and point constraints), μ and θ. Every printed certified value is certified by
 * `check()`, every refuted one refuted by it. See docs/constants.md.
 */
export { bestConstants, ConstantsUsageError } from './constants.js';
export { parseTie, TieError, type Tie } from './tie.js';
export {
  DEFAULT_OPTIONS,
  resolveOptions,
  type AlphaBetaObjective,
  type ConstantsOptions,
  type ConstantsRequest,
  type ConstantsResult,
  type Pair,
} from './types.js';
export { solveLp, solveHighs, solveGlpk, toCplexLp, type LinearProgram, type LpSolution } from './lp.js';
export { humanConstants } from './human.js';
export type { PieceCheck } from './confirm.js';
