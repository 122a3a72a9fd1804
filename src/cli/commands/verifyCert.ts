import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { NotACertificateError, verifyCertificateAsync, type VerifyResult } from '../../cert/index.js';
import { jsonSyntaxError } from '../../problem/jsonPosition.js';
import { InputLimitError, MAX_CERTIFICATE_BYTES } from '../../problem/limits.js';
import { printable } from '../../problem/printable.js';
import { act } from '../act.js';
import { EXIT, InputError, UsageError } from '../exit.js';
import { paint, useColor } from '../io.js';
import { verifyReport } from '../../api/verify.js';
import { MERGE_RESULT_FORMAT, SHARD_RESULT_FORMAT } from '../shard.js';

interface VerifyFlags {
  json?: boolean;
  problem?: string;
  timeLimit: string;
}

/** Default of --time-limit (seconds): the proofs/ certificates verify in a few seconds each. */
export const VERIFY_TIME_LIMIT_S = 600;

/** What `check --shard --cert` and `merge-certs` write when there is no proof: results, not certificates. */
const RESULT_FORMATS = new Set([SHARD_RESULT_FORMAT, MERGE_RESULT_FORMAT]);

/** Reads and parses a certificate file; unreadable or malformed JSON is invalid input (65). */
export function readCertificate(file: string): unknown {
  let text: string;
  try {
    const st = statSync(file);
    // A FIFO, socket or device would block the read (see loadProblemFile): only regular files.
    if (!st.isFile() && !st.isDirectory())
      throw new InputError(`${printable(file, 300)}: cannot read the certificate: not a regular file (a pipe, socket or device)`);
    const size = st.size;
    if (size > MAX_CERTIFICATE_BYTES)
      throw new InputError(`${printable(file, 300)}: the file has ${size} bytes; certificates are limited to ${MAX_CERTIFICATE_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`${printable(file, 300)}: cannot read the certificate: ${printable(why, 200)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const { message, line, col } = jsonSyntaxError(text, e);
    throw new InputError(`${printable(file, 300)}${line !== undefined ? `:${line}:${col}` : ''}: not valid JSON (${printable(message, 200)})`);
  }
}

/**
 * The text report. The verdict comes first on the first line, and every string taken from the
 * certificate is printable (no line breaks or terminal control sequences) and quoted, so that
 * nothing in a certificate can make an invalid one read as valid. A valid certificate is
 * shown with what was verified: the problem's hash and domain, and the values the problem
 * gives that the checker trusted (S, f*, f_i*), with where the problem came from.
 */
export function human(file: string, r: VerifyResult): string {
  const c = paint(useColor(process.stdout));
  const consts = r.exactConstants
    ? Object.entries(r.exactConstants)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ')
    : '';
  const claim = `${r.condition ?? '?'}${consts ? ` (${consts})` : ''}`;
  const stats = `${r.leaves} ${r.leaves === 1 ? 'leaf' : 'leaves'}, ${(r.elapsedMs / 1000).toFixed(2)} s`;
  const name = r.problem === null ? '?' : `'${r.problem}'`;
  const where = printable(file, 300);
  const lines: string[] = [];
  const sh = r.shard;
  const shardBox = sh ? sh.box.lo.map((l, j) => `[${l}, ${sh.box.hi[j]}]`).join(' × ') : '';
  if (r.ok)
    lines.push(
      `certificate ${c.green('VALID')}: ${where}: ${claim} holds on the whole domain of problem ${name} (${stats}${r.merged !== null ? `; merged from ${r.merged} shards` : ''})`,
    );
  else if (sh?.valid)
    // Never "holds on the whole domain": a shard proves its own box only.
    lines.push(
      `certificate ${c.green('VALID')} for shard ${sh.k}/${sh.n} only: ${where}: ${claim} holds on shard ${sh.k}/${sh.n} of the domain of problem ${name}, box ${shardBox}, NOT on the whole domain (${stats})`,
      `  to prove the claim, join all ${sh.n} shards: lscert merge-certs --out OUT.json SHARD-1.json … SHARD-${sh.n}.json, then lscert verify-cert OUT.json`,
    );
  else if (r.condition === null)
    lines.push(`certificate ${c.red('INVALID')}: ${where}: ${r.reasons[0] ?? 'malformed certificate'}`, ...r.reasons.slice(1).map((s) => `  ${s}`));
  else lines.push(`certificate ${c.red('INVALID')}: ${where}: ${claim} for problem ${name} is not verified (${stats})`, ...r.reasons.map((s) => `  ${s}`));
  const v = r.verified;
  if (v && (r.ok || sh?.valid)) {
    lines.push(`  problem: ${name}, sha256 ${r.hash}`);
    lines.push(
      v.source === 'certificate'
        ? c.yellow('  the problem was taken from the certificate and trusted as written: give --problem FILE to check that it is your problem')
        : `  the problem is the one in ${v.file} (same hash)`,
    );
    lines.push(`  domain: ${v.domain.map((b) => `${b.variable} in [${b.lo}, ${b.hi}]`).join(', ')}`);
    if (r.linearForms)
      lines.push(
        `  decided over ${r.linearForms.map((f, i) => `y${i + 1} = ${f}`).join(', ')}: the checker proved that every residual depends on x only through ${r.linearForms.length === 1 ? 'it' : 'them'}`,
      );
    const shown = v.terms.length <= 8 ? v.terms : [...v.terms.slice(0, 8), `… (${v.terms.length} terms)`];
    lines.push(`  terms: ${shown.join('; ')}`);
    const a = v.assumed;
    const trusted = [
      a.minimizersText ? `S = ${a.minimizersText}` : null,
      a.fstar !== null ? `f* = ${a.fstar}` : null,
      a.termMinima
        ? `f_i* = ${a.termMinima.length <= 8 ? a.termMinima.join(', ') : `${a.termMinima.slice(0, 8).join(', ')}, … (${a.termMinima.length})`}`
        : null,
    ].filter((x) => x !== null);
    lines.push(
      trusted.length
        ? `  trusted (given by the problem, not proved): ${trusted.join('; ')}`
        : '  trusted: nothing (S and the constants are computed and proved)',
    );
    if (a.minimizers === 'auto') lines.push('  S computed on the box and proved by the certificate');
  }
  return lines.join('\n');
}

/** `lscert verify-cert <certificate-file> [--json] [--problem FILE] [--time-limit SEC]`: exit 0 valid, 1 invalid, 65 not a certificate or over an input limit. */
export function registerVerifyCert(program: Command): void {
  program
    .command('verify-cert <certificate-file>')
    .description('re-check a certificate written by check --cert with an independent checker (exit 0 valid, 1 invalid)')
    .option('--json', 'print one JSON object')
    .option('--problem <file>', 'also require the certificate to be for this problem file (else: stale certificate)')
    .option('--time-limit <sec>', 'give up (invalid: not verified) after this many seconds', String(VERIFY_TIME_LIMIT_S))
    .action(
      act(async (file: string, o: VerifyFlags) => {
        const started = Date.now(); // --time-limit counts from here: reading and parsing the file are part of it
        const limit = Number(o.timeLimit);
        if (!(limit > 0) || !Number.isFinite(limit))
          throw new UsageError(`--time-limit must be a positive number of seconds, got '${printable(o.timeLimit, 40)}'`);
        const json = readCertificate(file);
        const format = (json as { format?: unknown } | null)?.format;
        if (typeof format === 'string' && RESULT_FORMATS.has(format)) {
          const verdict = (json as { verdict?: unknown }).verdict;
          throw new InputError(
            `${printable(file, 300)}: a ${format === SHARD_RESULT_FORMAT ? 'shard' : 'merge'} result (verdict ${printable(String(verdict), 20)}), not a certificate: there is no proof to verify`,
          );
        }
        let r: VerifyResult;
        try {
          r = await verifyCertificateAsync(json, {
            ...(o.problem !== undefined && { problemFile: o.problem }),
            timeLimitMs: Math.max(0, limit * 1000 - (Date.now() - started)),
          });
        } catch (e) {
          if (e instanceof NotACertificateError || e instanceof InputLimitError) throw new InputError(`${printable(file, 300)}: ${printable(e.message, 1000)}`);
          throw e;
        }
        const report = { ...verifyReport(r), ...(r.shard && { shard: r.shard }), ...(r.merged !== null && { merged: r.merged }) };
        process.stdout.write(`${o.json ? JSON.stringify(report) : human(file, r)}\n`);
        // A valid shard certificate is valid (exit 0) for its shard only; `valid` (the whole claim) stays false.
        return r.ok || r.shard?.valid ? EXIT.OK : EXIT.CERT_INVALID;
      }),
    );
}
