import { readFileSync } from 'node:fs';
import { verifyCertificateAsync } from '../cert/index.js';

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
  readonly elapsedMs: number;
}

/**
 * Re-checks a certificate (an object, or the path of a certificate file) with the
 * independent checker, Z3 leaves included, as `lscert verify-cert` does. `problemFile`
 * also requires the certificate to be for that problem. Throws `NotACertificateError` when
 * the input is not a certificate at all.
 */
export async function verifyCertificate(certificate: unknown, options: { problemFile?: string } = {}): Promise<VerifyReport> {
  const json = typeof certificate === 'string' ? (JSON.parse(readFileSync(certificate, 'utf8')) as unknown) : certificate;
  const r = await verifyCertificateAsync(json, options.problemFile !== undefined ? { problemFile: options.problemFile } : {});
  return { valid: r.ok, leaves: r.leaves, reasons: r.reasons, problem: r.problem, hash: r.hash, condition: r.condition, constants: r.constants, exactConstants: r.exactConstants, elapsedMs: r.elapsedMs };
}
