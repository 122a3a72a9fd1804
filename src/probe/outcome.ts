import type { Counterexample } from '../engine/index.js';
import type { ProbeFinding } from './types.js';

/** The outcome of probing one residual system. */
export interface TargetOutcome {
  readonly counterexample: Counterexample | null;
  readonly found?: ProbeFinding;
  readonly runs: number;
  readonly evaluations: number;
  readonly budget: number;
}
