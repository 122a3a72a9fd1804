import type { Command } from 'commander';
import {
  CERT_FORMAT,
  CertDecodeError,
  claimId,
  decodeShardScope,
  problemFromCanonical,
  sameBox,
  shardBoxes,
  type ShardScope,
  verifyCertificateAsync,
} from '../../cert/index.js';
import { decodeClaim } from '../../cert/decode.js';
import { MAX_CERTIFICATE_DEPTH, tooDeep } from '../../problem/limits.js';
import type { Claim } from '../../conditions/index.js';
import type { Counterexample } from '../../engine/index.js';
import { projectionLabel, setupProbe, verifyAt } from '../../probe/index.js';
import { outerBox, termLabel, type Problem } from '../../problem/index.js';
import { printable } from '../../problem/printable.js';
import { act } from '../act.js';
import { EXIT, InputError, UsageError } from '../exit.js';
import { fmt, paint, sameFile, useColor, writeFileAtomic } from '../io.js';
import { embedded, joinCertificates, LSCERT_VERSION, MERGE_RESULT_FORMAT, SHARD_RESULT_FORMAT, type ShardInput } from '../shard.js';
import { ioReason, plural } from './check.js';
import { readCertificate, VERIFY_TIME_LIMIT_S } from './verifyCert.js';

interface MergeFlags {
  out?: string;
  json?: boolean;
  timeLimit: string;
}

/** The merged verdict and what it rests on. */
interface Merged {
  readonly verdict: 'certified' | 'refuted' | 'inconclusive';
  readonly output: Record<string, unknown>;
  readonly counterexample: Counterexample | null;
  readonly refutedBy: number | null;
  readonly open: readonly { k: number; reason: string }[];
  readonly reason?: string;
  readonly leaves?: number;
}

/** Shard numbers for one line: the first 20, then how many in all. */
const shortList = (ks: readonly number[]): string => `${ks.slice(0, 20).join(', ')}${ks.length > 20 ? `, … (${ks.length} in all)` : ''}`;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const name = (f: string) => printable(f, 200);

/** Reads one input and says what it is; anything but a shard's certificate or result is invalid input (65). */
function readShard(file: string): ShardInput {
  const json = readCertificate(file);
  // Untrusted input: its nesting is bounded before anything walks or re-serializes it (as verify-cert does).
  const deep = tooDeep(json, MAX_CERTIFICATE_DEPTH);
  if (deep !== undefined) throw new InputError(`${name(file)}: nested more than ${MAX_CERTIFICATE_DEPTH} levels deep (lists and objects)`);
  if (!isObj(json)) throw new InputError(`${name(file)}: not a shard certificate or shard result (expected a JSON object)`);
  const format = json.format;
  if (format !== CERT_FORMAT && format !== SHARD_RESULT_FORMAT)
    throw new InputError(
      `${name(file)}: not a shard certificate or shard result (format ${printable(JSON.stringify(format) ?? 'missing', 60)}); lscert check --shard k/N --cert FILE writes one`,
    );
  if (json.version !== 1)
    throw new InputError(`${name(file)}: unsupported version ${printable(JSON.stringify(json.version) ?? 'missing', 40)} (this lscert reads version 1)`);
  if (json.shard === undefined) throw new InputError(`${name(file)}: a certificate of the whole claim, not of one shard (it has no 'shard' field)`);
  let scope: ShardScope;
  try {
    scope = decodeShardScope(json.shard);
  } catch (e) {
    if (e instanceof CertDecodeError) throw new InputError(`${name(file)}: ${e.message}`);
    throw e;
  }
  const verdict = format === CERT_FORMAT ? 'certified' : json.verdict;
  if (verdict !== 'certified' && verdict !== 'refuted' && verdict !== 'inconclusive')
    throw new InputError(
      `${name(file)}: verdict must be refuted or inconclusive in a shard result, got ${printable(JSON.stringify(verdict) ?? 'missing', 40)}`,
    );
  if (format === CERT_FORMAT && !isObj(json.tree)) throw new InputError(`${name(file)}: a shard certificate without a proof tree`);
  if (format === SHARD_RESULT_FORMAT && verdict === 'certified')
    throw new InputError(`${name(file)}: a shard result says certified but holds no proof (a certified shard writes a certificate)`);
  return { file, json, scope, verdict };
}

/**
 * The claim every input is for, checked: the embedded problem decodes and hashes to its recorded
 * hash, the whole box is the problem's outer box, the claim identity is recomputed from the
 * problem, the condition and the constants (never taken from the file), and every file gives the
 * same one. Throws InputError naming the file.
 */
function commonClaim(inputs: readonly ShardInput[]): { problem: Problem; claim: Claim; constants: Record<string, string>; id: string } {
  const decoded = new Map<string, Problem>();
  let first: { problem: Problem; claim: Claim; constants: Record<string, string>; id: string; file: string } | undefined;
  for (const s of inputs) {
    const pr = s.json.problem;
    let problem: Problem;
    let claim: Claim;
    let constants: Record<string, string>;
    try {
      if (!isObj(pr) || typeof pr.hash !== 'string') throw new CertDecodeError('problem: expected { name, hash, canonical }');
      const text = JSON.stringify(pr.canonical);
      problem = decoded.get(text) ?? problemFromCanonical(pr.canonical);
      decoded.set(text, problem);
      if (problem.hash !== pr.hash) throw new CertDecodeError(`problem: hash mismatch (recorded ${printable(pr.hash, 70)}, recomputed ${problem.hash})`);
      ({ claim, constants } = decodeClaim(s.json.claim));
    } catch (e) {
      if (e instanceof CertDecodeError) throw new InputError(`${name(s.file)}: ${e.message}`);
      throw e;
    }
    const domain = outerBox(problem);
    if (!sameBox(domain, s.scope.domain)) throw new InputError(`${name(s.file)}: shard.domain is not the outer box of the embedded problem`);
    const id = claimId(problem.hash, claim.condition, constants, domain);
    if (id !== s.scope.claim)
      throw new InputError(`${name(s.file)}: shard.claim ${s.scope.claim.slice(0, 16)}… is not the identity of its problem and claim (${id.slice(0, 16)}…)`);
    if (!first) first = { problem, claim, constants, id, file: s.file };
    else if (id !== first.id) {
      const show = (p: Problem, c: Record<string, string>, cond: string) =>
        `problem '${printable(p.name, 60)}' ${p.hash.slice(0, 12)}…, ${cond} (${Object.entries(c)
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ')})`;
      throw new InputError(
        `shards of different claims: ${name(first.file)} is for ${show(first.problem, first.constants, first.claim.condition)}, ${name(s.file)} for ${show(problem, constants, claim.condition)}`,
      );
    }
  }
  const { file: _f, ...rest } = first!;
  return rest;
}

/** Checks that the inputs are exactly the shards 1…N of one cut (same N, no duplicate, none missing, each box the cut's). */
function checkSet(inputs: readonly ShardInput[], domain: { lo: number[]; hi: number[] }): number {
  const n = inputs[0]!.scope.n;
  for (const s of inputs)
    if (s.scope.n !== n)
      throw new InputError(
        `shards of different N: ${name(inputs[0]!.file)} is shard ${inputs[0]!.scope.k}/${n}, ${name(s.file)} is shard ${s.scope.k}/${s.scope.n}`,
      );
  const byK = new Map<number, string>();
  for (const s of inputs) {
    const seen = byK.get(s.scope.k);
    if (seen !== undefined) throw new InputError(`duplicate shard ${s.scope.k}/${n}: given by ${name(seen)} and ${name(s.file)}`);
    byK.set(s.scope.k, s.file);
  }
  const missing: number[] = [];
  for (let k = 1; k <= n; k++) if (!byK.has(k)) missing.push(k);
  if (missing.length)
    throw new InputError(`missing ${missing.length === 1 ? 'shard' : 'shards'} ${shortList(missing)} of ${n} (give every shard 1…${n} of the claim)`);
  const boxes = shardBoxes(domain, n);
  for (const s of inputs)
    if (!sameBox(boxes[s.scope.k - 1]!, s.scope.box))
      throw new InputError(`${name(s.file)}: shard.box is not shard ${s.scope.k}/${n} of the domain (the cut of the domain into ${n} boxes gives another box)`);
  return n;
}

/** Joins the shards: any confirmed refutation refutes, N proofs certify, else inconclusive with the open shards. */
async function merge(
  inputs: readonly ShardInput[],
  timeLimitMs: number,
  out: string,
): Promise<Merged & { problem: Problem; claim: Claim; constants: Record<string, string>; id: string; n: number }> {
  const c = commonClaim(inputs);
  const domain = outerBox(c.problem);
  const n = checkSet(inputs, domain);
  const sorted = [...inputs].sort((a, b) => a.scope.k - b.scope.k);
  const open: { k: number; reason: string }[] = [];
  const head = {
    lscert: LSCERT_VERSION,
    problem: embedded(c.problem),
    claim: { condition: c.claim.condition, constants: c.constants },
    merged: { n, claim: c.id },
  };
  // A refuted shard refutes the whole claim when its counterexample is confirmed again here,
  // on the whole problem (the files are untrusted input).
  let setup: ReturnType<typeof setupProbe> | undefined;
  for (const s of sorted) {
    if (s.verdict !== 'refuted') continue;
    const x = (s.json.counterexample as { x?: unknown } | null)?.x;
    const point =
      Array.isArray(x) && x.length === c.problem.variables.length && x.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (x as number[]) : null;
    setup ??= setupProbe(c.problem, c.claim, 1);
    const w = point ? verifyAt(setup, point) : null;
    if (w) {
      const reason = typeof s.json.reason === 'string' ? s.json.reason : undefined;
      const output = {
        format: MERGE_RESULT_FORMAT,
        version: 1,
        ...head,
        verdict: 'refuted',
        refutedBy: s.scope.k,
        counterexample: w,
        ...(reason !== undefined && { reason }),
        shards: sorted.map((t) => ({ k: t.scope.k, verdict: t.verdict })),
      };
      return { ...c, n, verdict: 'refuted', output, counterexample: w, refutedBy: s.scope.k, open: [], ...(reason !== undefined && { reason }) };
    }
    open.push({ k: s.scope.k, reason: 'its counterexample does not refute the claim when checked again on the whole problem' });
  }
  for (const s of sorted)
    if (s.verdict === 'inconclusive') open.push({ k: s.scope.k, reason: typeof s.json.reason === 'string' ? printable(s.json.reason, 300) : 'inconclusive' });
  open.sort((a, b) => a.k - b.k);
  let reason: string | undefined;
  if (open.length === 0) {
    const cert = joinCertificates(sorted, c.id, n, domain);
    if (typeof cert !== 'string') {
      // The files are untrusted: the joined certificate is re-checked by the independent checker
      // (as verify-cert does) before the claim is called certified.
      const v = await verifyCertificateAsync(cert, { timeLimitMs });
      const joined = {
        ...c,
        n,
        output: cert as unknown as Record<string, unknown>,
        counterexample: null,
        refutedBy: null,
        open: [],
        leaves: cert.stats.leaves,
      };
      if (v.ok) return { ...joined, verdict: 'certified' };
      // Out of time: the joined certificate is written all the same, for verify-cert with more time.
      if (/^time limit reached/.test(v.reasons[0] ?? ''))
        return {
          ...joined,
          verdict: 'inconclusive',
          reason: `every shard is certified, but the joined certificate was not verified within the time limit: it is written to ${printable(out, 200)}; re-check it with lscert verify-cert ${printable(out, 200)} --time-limit SEC`,
        };
      reason = `every shard says certified, but the joined certificate does not verify: ${v.reasons[0] ?? 'invalid'}`;
    } else reason = cert;
  } else reason = `${open.length === 1 ? 'shard' : 'shards'} ${shortList(open.map((o) => o.k))} of ${n} ${open.length === 1 ? 'is' : 'are'} open`;
  const boxes = shardBoxes(domain, n);
  const output = {
    format: MERGE_RESULT_FORMAT,
    version: 1,
    ...head,
    verdict: 'inconclusive',
    reason,
    open: open.map((o) => ({ ...o, box: boxes[o.k - 1] })),
    shards: sorted.map((t) => ({ k: t.scope.k, verdict: t.verdict })),
  };
  return { ...c, n, verdict: 'inconclusive', output, counterexample: null, refutedBy: null, open, reason };
}

/** `lscert merge-certs OUT IN…`: exit 0 certified, 1 refuted, 2 inconclusive, 64 bad flags, 65 a bad set of shards or an unwritable OUT. */
/**
 * The output and the shard files: `--out FILE SHARD...`, or the older form `OUT SHARD...`. Never
 * an output that is one of the shard files, nor, in the older form, an existing shard file as the
 * output (`merge-certs s1.json s2.json` would have replaced shard 1 with the merge).
 */
function outAndShards(named: readonly string[], outFlag: string | undefined): { out: string; files: string[] } {
  let out: string;
  let files: string[];
  if (outFlag !== undefined) {
    if (outFlag === '') throw new UsageError('--out needs a file name');
    [out, files] = [outFlag, [...named]];
  } else {
    if (named.length < 2) throw new UsageError('give the output file: merge-certs --out FILE SHARD...');
    [out, ...files] = named as [string, ...string[]];
    let isShard = false;
    try {
      readShard(out);
      isShard = true;
    } catch {
      // not a readable shard file: it may be written
    }
    if (isShard) throw new UsageError(`${name(out)} is a shard file, not where to write the merge: give the output with --out FILE`);
  }
  const clash = files.find((f) => sameFile(f, out));
  if (clash !== undefined) throw new UsageError(`the output ${name(out)} is also one of the shard files; write the merge elsewhere`);
  return { out, files };
}

export function registerMergeCerts(program: Command): void {
  program
    .command('merge-certs <files...>')
    .description(
      'join the N shard files of one claim (check --shard k/N --cert FILE) into one result, written to --out; exit 0 certified, 1 refuted, 2 inconclusive',
    )
    .option('--out <file>', 'where to write the merged certificate or result (without it, the first file named is the output: the older form)')
    .option('--json', 'print one JSON object')
    .option('--time-limit <sec>', 'time to re-check the joined certificate before it is called certified', String(VERIFY_TIME_LIMIT_S))
    .action(
      act(async (named: string[], o: MergeFlags) => {
        const { out, files } = outAndShards(named, o.out);
        const inputs = files.map(readShard);
        const limit = Number(o.timeLimit);
        if (!(limit > 0) || !Number.isFinite(limit))
          throw new UsageError(`--time-limit must be a positive number of seconds, got '${printable(o.timeLimit, 40)}'`);
        const m = await merge(inputs, limit * 1000, out);
        let error = '';
        try {
          writeFileAtomic(out, `${JSON.stringify(m.output)}\n`);
        } catch (err) {
          if (!(err as NodeJS.ErrnoException).code) throw err;
          error = `lscert: cannot write ${printable(out, 300)}: ${ioReason(err as NodeJS.ErrnoException, out)}`;
        }
        const constants = Object.entries(m.constants)
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ');
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify({
              verdict: m.verdict,
              problem: m.problem.name,
              hash: m.problem.hash,
              condition: m.claim.condition,
              constants: m.constants,
              claim: m.id,
              shards: m.n,
              counterexample: m.counterexample,
              refutedBy: m.refutedBy,
              open: m.open,
              // Every field of docs/cli.md#merge-certs in every answer: null where it says nothing.
              reason: m.reason ?? null,
              leaves: m.leaves ?? null,
              output: error ? null : out,
            })}\n`,
          );
        } else {
          const c = paint(useColor(process.stdout));
          const head = `${m.problem.name}: ${m.claim.condition} (${constants}), ${m.n} shards`;
          const where = printable(out, 300);
          const lines: string[] = [];
          if (m.verdict === 'certified') {
            lines.push(
              `${head}: ${c.green('CERTIFIED')} on the whole domain: every shard is proved and the joined certificate verifies (${plural(m.leaves ?? 0, 'leaf', 'leaves')})`,
            );
            if (!error) lines.push(`  merged certificate written to ${where}; re-check it with: lscert verify-cert ${where}`);
          } else if (m.verdict === 'refuted') {
            const w = m.counterexample!;
            lines.push(`${head}: ${c.red('REFUTED')} by shard ${m.refutedBy}/${m.n}`);
            lines.push(`  counterexample x = (${w.x.map(fmt).join(', ')})${w.term !== null ? `, term ${termLabel(w.term)}` : ''}`);
            if (w.projection)
              lines.push(
                `  ${projectionLabel(m.claim.condition)} = (${w.projection.map(fmt).join(', ')})${m.claim.condition === 'pl' ? ' (PL does not use it)' : ''}`,
              );
            lines.push(`  residual ∈ [${w.residual[0]}, ${w.residual[1]}] < 0 (verified again on the whole problem with interval arithmetic)`);
            if (m.reason) lines.push(`  ${m.reason}`);
            if (!error) lines.push(`  result written to ${where}`);
          } else {
            lines.push(`${head}: ${c.yellow('INCONCLUSIVE')}: ${m.reason}`);
            for (const x of m.open.slice(0, 10)) lines.push(`  shard ${x.k}/${m.n}: ${x.reason}`);
            if (m.open.length > 10) lines.push(`  … (${m.open.length - 10} more)`);
            if (m.open.length) lines.push('  run the open shards again (more --time-limit or --max-boxes), then merge every shard again');
            if (!error) lines.push(`  result written to ${where}`);
          }
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        if (error) {
          process.stderr.write(`${error}\n`);
          return EXIT.INPUT;
        }
        return m.verdict === 'certified' ? EXIT.CERTIFIED : m.verdict === 'refuted' ? EXIT.REFUTED : EXIT.INCONCLUSIVE;
      }),
    );
}
