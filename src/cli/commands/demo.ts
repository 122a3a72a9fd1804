import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CheckResult } from '../../engine/index.js';
import { loadProblemFile, ProblemError } from '../../problem/index.js';
import { fieldName } from '../../problem/context.js';
import { parseSource, type FieldPath } from '../../problem/source.js';
import { act } from '../act.js';
import { decide } from '../../api/check.js';
import { InputError, UsageError } from '../exit.js';
import { jsonSyntaxError } from '../../problem/jsonPosition.js';
import { MAX_CLAIMS_BYTES, MAX_DOCUMENT_DEPTH, tooDeep } from '../../problem/limits.js';
import { printable } from '../../problem/printable.js';
import type { Claim } from '../../conditions/index.js';
import { claimFieldOf, claimFromFlags, type ClaimFlags } from '../claimArgs.js';
import { fmt, paint, useColor } from '../io.js';
import { progressBar } from '../progress.js';
import { timeLimitFlag } from '../problemArgs.js';

interface DemoClaim extends ClaimFlags {
  problem: string;
  expect: CheckResult['verdict'];
  /** Decide with the numeric fallback (`check --numeric`): never certified, refuted only with an interval-confirmed witness. */
  numeric?: boolean;
}

/** A claim of a claims file, read and checked: its claim, and its problem file (readable). */
export interface LoadedClaim extends DemoClaim {
  readonly claim: Claim;
}

/** The keys a claim may have (`role`: a note for the reader; `problem`: in a plain claims list). */
const CLAIM_KEYS = new Set(['condition', 'alpha', 'beta', 'mu', 'theta', 'expect', 'numeric', 'role', 'problem']);
/** The keys of a catalogue's example (`checks` is read; the others describe it for readers and for `constants` and the proofs). */
const EXAMPLE_KEYS = new Set(['id', 'title', 'problem', 'box', 'paper', 'blocked', 'checks', 'constants']);
/** The keys of a catalogue. */
const CATALOGUE_KEYS = new Set(['about', 'examples']);

/**
 * The claims of a catalogue or of a plain claims list (problem paths relative to the file's folder). The file is
 * untrusted input: its size, its nesting, its keys and the type of every field used are checked, and a
 * defect is one line naming the file, the line and column, and the field (exit 65). An unknown key
 * is refused (a misspelt `numeric` would silently decide without it).
 */
export function loadClaims(file: string, only?: string): LoadedClaim[] {
  const where = printable(file, 300);
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CLAIMS_BYTES) throw new InputError(`${where}: the file has ${size} bytes; claims files are limited to ${MAX_CLAIMS_BYTES}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${where}: cannot read the claims file: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : printable((e as Error).message, 200)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const { message, line, col } = jsonSyntaxError(text, e);
    throw new InputError(`${where}${line !== undefined ? `:${line}:${col}` : ''}: not valid JSON (${printable(message, 200)})`);
  }
  const deep = tooDeep(json, MAX_DOCUMENT_DEPTH);
  if (deep !== undefined) throw new InputError(`${where}: ${printable(deep.slice(0, 60), 120)}: nested more than ${MAX_DOCUMENT_DEPTH} levels deep`);
  // Positions of the fields (the text is valid JSON, hence YAML; a repeated key is refused there).
  const { locator } = parseSource(text, 'json', file);
  const bad = (path: FieldPath, detail: string, key = false, placeAt: FieldPath = path): never => {
    const pos = locator.locate(placeAt, { key });
    throw new ProblemError({ file, field: fieldName(path), detail, ...(pos && { line: pos.line, fileColumn: pos.col }) });
  };
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const known = (o: Record<string, unknown>, at: FieldPath, keys: ReadonlySet<string>, what: string) => {
    for (const k of Object.keys(o)) if (!keys.has(k)) bad([...at, k], `unknown key in ${what} (known: ${[...keys].join(', ')})`, true);
  };
  /** A claim as read, with where it is (`at`) and where its problem path is (`problemAt`). */
  type Placed = { c: DemoClaim; at: FieldPath; problemAt: FieldPath };
  const claim = (c: unknown, at: FieldPath, problem: string, problemAt: FieldPath): Placed => {
    if (!isObj(c)) return bad(at, 'expected an object { condition, alpha, beta, mu, theta, expect }');
    known(c, at, CLAIM_KEYS, 'a claim');
    for (const k of ['condition', 'alpha', 'beta', 'mu', 'theta'] as const) {
      if (c[k] !== undefined && typeof c[k] !== 'string' && typeof c[k] !== 'number') bad([...at, k], 'expected a string or a number');
    }
    if (!['certified', 'refuted', 'inconclusive'].includes(c.expect as string)) bad([...at, 'expect'], "expected 'certified', 'refuted' or 'inconclusive'");
    if (c.numeric !== undefined && typeof c.numeric !== 'boolean') bad([...at, 'numeric'], 'expected true or false');
    return { c: { ...(c as unknown as DemoClaim), problem }, at, problemAt };
  };
  // A problem path is relative to the file that names it (the claims file or catalogue), as
  // everywhere else; an absolute path stays as it is.
  const base = dirname(file);
  const path = (v: unknown, at: FieldPath) => resolve(base, typeof v === 'string' && v.trim() !== '' ? v : bad(at, 'expected the path of a problem file'));
  const catalogue = (o: Record<string, unknown>, examples: unknown[]): Placed[] => {
    known(o, [], CATALOGUE_KEYS, 'a catalogue');
    return examples.flatMap((e, i) => {
      if (!isObj(e) || !Array.isArray(e.checks)) return bad(['examples', i], 'expected an object { problem, checks: [...] }');
      known(e, ['examples', i], EXAMPLE_KEYS, 'an example');
      const problem = path(e.problem, ['examples', i, 'problem']);
      return e.checks.map((c, k) => claim(c, ['examples', i, 'checks', k], problem, ['examples', i, 'problem']));
    });
  };
  const placed: Placed[] = Array.isArray(json)
    ? json.map((c, i) => claim(c, [i], path(isObj(c) ? c.problem : undefined, [i, 'problem']), [i, 'problem']))
    : isObj(json) && Array.isArray(json.examples)
      ? catalogue(json, json.examples)
      : bad([], 'expected a catalogue { examples: [...] } or a list of claims');
  const name = (c: DemoClaim) => c.problem.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  // Every claim to run is read before the first check: a bad constant, or a problem file that
  // cannot be read, is one line naming this file, the position and the claim's field (exit 65).
  return placed
    .filter(({ c }) => !only || name(c) === only)
    .map(({ c, at, problemAt }) => {
      const why = unreadable(c.problem);
      if (why) bad(problemAt, `cannot read the problem file ${printable(c.problem, 300)}: ${why}`);
      return { ...c, claim: claimOf(c, at, bad) };
    });
}

/** Why a problem file cannot be read (a missing file, a folder, no permission), or null. */
function unreadable(path: string): string | null {
  try {
    if (statSync(path).isDirectory()) return 'is a directory';
    accessSync(path, constants.R_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'cannot be read');
  }
}

/**
 * The claim of a claims-file entry: an error in its condition or constants (a usage error on
 * the command line) is invalid input in that file (exit 65), at the field it is about, or at
 * the claim when the field is missing: `claims.json:1:2: [0].mu: missing: condition pl needs mu`.
 */
function claimOf(c: DemoClaim, at: FieldPath, bad: (path: FieldPath, detail: string, key?: boolean, placeAt?: FieldPath) => never): Claim {
  try {
    return claimFromFlags({
      ...(c.condition !== undefined && { condition: String(c.condition) }),
      ...(c.alpha !== undefined && { alpha: String(c.alpha) }),
      ...(c.beta !== undefined && { beta: String(c.beta) }),
      ...(c.mu !== undefined && { mu: String(c.mu) }),
      ...(c.theta !== undefined && { theta: String(c.theta) }),
    });
  } catch (e) {
    const f = claimFieldOf(e);
    if (f) {
      // A missing field has no position of its own: the claim's (its opening brace) is given.
      bad([...at, f.key], f.detail, false, f.present ? [...at, f.key] : at);
    }
    if (e instanceof UsageError || e instanceof InputError) bad(at, e.message);
    throw e;
  }
}

/** The bundled examples folder (works from src/ under tsx and from dist/). */
export const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

/**
 * `lscert demo`: checks every claim of examples/demo/claims.json and prints a table. Exit 0 when
 * every verdict is the expected one, 1 otherwise (so the demo doubles as a smoke test).
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description("check the claims of the paper's examples (examples/paper/catalogue.json) and print a table")
    .option('--json', 'print the results as JSON')
    .option(
      '--claims <file>',
      'a catalogue (examples/paper/catalogue.json) or a claims list (examples/demo/claims.json)',
      join(EXAMPLES_DIR, 'paper', 'catalogue.json'),
    )
    .option('--only <name>', 'only the claims of this problem (file name without .yaml)')
    .option('--time-limit <sec>', 'time budget of each check in seconds', '60')
    .action(
      act(async (o: { json?: boolean; claims: string; only?: string; timeLimit: string }) => {
        const timeLimit = timeLimitFlag(o.timeLimit);
        // Every claim is read before the first check runs: a bad one is refused at once.
        const claims = loadClaims(o.claims, o.only);
        if (!claims.length) throw new UsageError(`no claims${o.only ? ` for '${o.only}'` : ''} in ${o.claims}`);
        const bar = progressBar('demo', !o.json);
        const rows: { file: string; r: CheckResult; expect: CheckResult['verdict']; ok: boolean }[] = [];
        for (const [i, c] of claims.entries()) {
          const p = loadProblemFile(c.problem);
          const claim = c.claim;
          // The same policy as `lscert check` (src/api/check.ts): the numeric fallback above the threshold or when the claim asks for it.
          const r = await decide(p, claim, { timeLimitMs: timeLimit * 1000, seed: c.numeric ? 0 : 1, numeric: c.numeric === true });
          bar.update((i + 1) / claims.length, i + 1);
          rows.push({ file: `${relative(process.cwd(), c.problem)}${c.numeric ? ' (numeric)' : ''}`, r, expect: c.expect, ok: r.verdict === c.expect });
        }
        bar.stop();
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify(rows.map(({ file, r, expect, ok }) => ({ file, condition: r.condition, constants: r.constants, verdict: r.verdict, expect, ok, boxes: r.boxes, elapsedMs: r.elapsedMs, ...(r.reason && { reason: r.reason }) })))}\n`,
          );
        } else {
          const c = paint(useColor(process.stdout));
          const w = Math.max(24, ...rows.map((x) => x.file.length));
          const lines = [`${'problem'.padEnd(w)} condition   constants                      verdict        boxes   time`];
          for (const { file, r, ok } of rows) {
            const v =
              r.verdict === 'certified'
                ? c.green(r.verdict.padEnd(13))
                : r.verdict === 'refuted'
                  ? c.red(r.verdict.padEnd(13))
                  : c.yellow(r.verdict.padEnd(13));
            const consts = Object.entries(r.constants)
              .map(([k, x]) => `${k}=${fmt(x)}`)
              .join(' ');
            lines.push(
              `${file.padEnd(w)} ${r.condition.padEnd(11)} ${consts.padEnd(30)} ${v}${ok ? ' ' : '!'} ${String(r.boxes).padStart(7)} ${(r.elapsedMs / 1000).toFixed(2).padStart(6)} s`,
            );
          }
          const bad = rows.filter((x) => !x.ok).length;
          lines.push(bad ? c.red(`${bad} verdict(s) differ from the expected ones (marked !)`) : c.green(`all ${rows.length} verdicts as expected`));
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        return rows.every((x) => x.ok) ? 0 : 1;
      }),
    );
}
