/** Exit statuses of the contract (§2). */
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

/** A usage error (bad flags): exit 64 with one line on stderr. */
export class UsageError extends Error {
  readonly exitCode = EXIT.USAGE;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Invalid input that is not a problem-file field (a certificate, a data file): exit 65. */
export class InputError extends Error {
  readonly exitCode = EXIT.INPUT;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
