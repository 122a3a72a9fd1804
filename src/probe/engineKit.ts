/** The engine pieces probing shares with `check`: the same compiled residuals and the same rigorous witness test. */
export { Prepared, rng, verifyWitness, computeS } from '../engine/index.js';
