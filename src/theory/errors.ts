import { LscertError } from '../errors.js';

/** A `simulate` request that cannot be answered as asked (a step size or constants the theorem does not admit): exit 64. */
export class SimulateUsageError extends LscertError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** The problem does not give what the comparison needs (no certified L, α-β not certified, f_i* unknown): exit 65. */
export class SimulateInputError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}
