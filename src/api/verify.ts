import { readFileSync } from 'node:fs';
import { verifyCertificateAsync, type VerifyResult } from '../cert/index.js';

/** The result of `verifyCertificate`: the JSON object of `lscert verify-cert --json`. */
export interface VerifyReport {
  /** True only when every check passed: the condition holds on the whole domain. */
  readonly valid: boolean;
  readonly leaves: number;
  /** The first failures, each naming the leaf box where one applies. */
  readonly reasons: readonly string[];
  readonly problem: string | null;
  readonly hash: string | null;
  readonly condition: string | null;
  readonly constants: Readonly<Record<string, number>> | null;
  readonly exactConstants: Readonly<Record<string, string>> | null;
  /** The problem verified: its domain, the trusted S, f*, f_i*, and whether it was taken from the certificate. */
  readonly verified: VerifyResult['verified'];
  readonly elapsedMs: number;
}

/**
 * Re-checks a certificate (an object, or the path of a certificate file) with the
 * independent checker, Z3 leaves included, as `lscert verify-cert` does. `problemFile`
 * also requires the certificate to be for that problem. Throws `NotACertificateError` when
 * the input is not a certificate at all, and `InputLimitError` when it is over an input limit
 * (docs/certificates.md); a time limit reached makes `valid` false (never true).
 */
export async function verifyCertificate(certificate: unknown, options: { problemFile?: string; timeLimitMs?: number } = {}): Promise<VerifyReport> {
  const json = typeof certificate === 'string' ? (JSON.parse(readFileSync(certificate, 'utf8')) as unknown) : certificate;
  const r = await verifyCertificateAsync(json, {
    ...(options.problemFile !== undefined && { problemFile: options.problemFile }),
    ...(options.timeLimitMs !== undefined && { timeLimitMs: options.timeLimitMs }),
  });
  return verifyReport(r);
}

/** The report of a checker result: the JSON object of `lscert verify-cert --json` (one shape for the library and the CLI). */
export function verifyReport(r: VerifyResult): VerifyReport {
  return {
    valid: r.ok,
    leaves: r.leaves,
    reasons: r.reasons,
    problem: r.problem,
    hash: r.hash,
    condition: r.condition,
    constants: r.constants,
    exactConstants: r.exactConstants,
    verified: r.verified,
    elapsedMs: r.elapsedMs,
  };
}
