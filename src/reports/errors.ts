import { LscertError } from '../errors.js';

/** Errors of the report layer (a light module: the CLI imports it without loading Vega). */

/** A report request that cannot be answered as asked (bad constants, bad tie): a usage error. */
export class ReportUsageError extends LscertError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** The output directory cannot be created or replaced (a one-line message; the CLI exits 65). */
export class ReportOutputError extends LscertError {
  constructor(message: string) {
    super('output', message);
  }
}
