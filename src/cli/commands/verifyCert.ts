import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NotACertificateError, verifyCertificateAsync, type VerifyResult } from '../../cert/index.js';
import { act } from '../act.js';
import { EXIT, InputError } from '../exit.js';
import { paint, useColor } from '../io.js';

interface VerifyFlags {
  json?: boolean;
  problem?: string;
}

/** Reads and parses a certificate file; unreadable or malformed JSON is invalid input (65). */
function readCertificate(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`${file}: cannot read the certificate: ${why}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** The JSON object of `verify-cert --json`. */
export function verifyJson(r: VerifyResult): Record<string, unknown> {
  return {
    valid: r.ok,
    leaves: r.leaves,
    reasons: r.reasons,
    problem: r.problem,
    hash: r.hash,
    condition: r.condition,
    constants: r.constants,
    exactConstants: r.exactConstants,
    elapsedMs: r.elapsedMs,
  };
}

function human(file: string, r: VerifyResult): string {
  const c = paint(useColor(process.stdout));
  const consts = r.exactConstants ? Object.entries(r.exactConstants).map(([k, v]) => `${k} = ${v}`).join(', ') : '';
  const head = `${file}: ${r.problem ?? '?'}: ${r.condition ?? '?'}${consts ? ` (${consts})` : ''}`;
  const stats = `${r.leaves} leaves, ${(r.elapsedMs / 1000).toFixed(2)} s`;
  if (r.ok) return `${head}: certificate ${c.green('VALID')}: the condition holds on the whole domain (${stats})`;
  return [`${head}: certificate ${c.red('INVALID')} (${stats})`, ...r.reasons.map((s) => `  ${s}`)].join('\n');
}

/** `lscert verify-cert <certificate-file> [--json] [--problem FILE]`: exit 0 valid, 1 invalid, 65 not a certificate. */
export function registerVerifyCert(program: Command): void {
  program
    .command('verify-cert <certificate-file>')
    .description('re-check a certificate written by check --cert with an independent checker (exit 0 valid, 1 invalid)')
    .option('--json', 'print one JSON object')
    .option('--problem <file>', 'also require the certificate to be for this problem file (else: stale certificate)')
    .action(act(async (file: string, o: VerifyFlags) => {
      const json = readCertificate(file);
      let r: VerifyResult;
      try {
        r = await verifyCertificateAsync(json, o.problem !== undefined ? { problemFile: o.problem } : {});
      } catch (e) {
        if (e instanceof NotACertificateError) throw new InputError(`${file}: ${e.message}`);
        throw e;
      }
      process.stdout.write(`${o.json ? JSON.stringify(verifyJson(r)) : human(file, r)}\n`);
      return r.ok ? EXIT.OK : EXIT.CERT_INVALID;
    }));
}
