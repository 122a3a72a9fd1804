/** Exit statuses (docs/cli.md#exit-status). */
export const EXIT = {
  CERTIFIED: 0,
  OK: 0,
  REFUTED: 1,
  CERT_INVALID: 1,
  INCONCLUSIVE: 2,
  USAGE: 64,
  INPUT: 65,
  INTERNAL: 70,
} as const;
import { LscertError } from '../errors.js';

/** A usage error (bad flags): exit 64 with one line on stderr. */
export class UsageError extends LscertError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** Invalid input that is not a problem-file field (a certificate, a data file): exit 65. */
export class InputError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}
