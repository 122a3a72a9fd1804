import { LscertError } from '../errors.js';

/** A call of the library API that cannot be answered as asked (a bad claim, a bad option). */
export class LscertUsageError extends LscertError {
  constructor(message: string) {
    super('usage', message);
  }
}
