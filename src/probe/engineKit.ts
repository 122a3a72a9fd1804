/** The engine pieces probing shares with `check`: the same compiled residuals and the same rigorous witness test. */
export { ambientDeadline, withDeadline } from '../engine/budget.js';
export { Prepared, rng, verifyWitness, computeS, minimizerModel, checkAssumptions, assumedOf, assumedLine, type Assumed } from '../engine/index.js';
