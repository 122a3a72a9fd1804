import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { checkWithZ3, type CheckResult } from '../../engine/index.js';
import { loadProblemFile } from '../../problem/index.js';
import { act } from '../act.js';
import { DEFAULT_NUMERIC, DEFAULT_NUMERIC_THRESHOLD, numericCheck } from '../../networks/fallback/index.js';
import { UsageError } from '../exit.js';
import { claimFromFlags, type ClaimFlags } from '../claimArgs.js';
import { fmt, paint, useColor } from '../io.js';
import { progressBar } from '../progress.js';

interface DemoClaim extends ClaimFlags {
  problem: string;
  expect: CheckResult['verdict'];
  /** Decide with the numeric fallback (`check --numeric`): never certified, refuted only with an interval-confirmed witness. */
  numeric?: boolean;
}

/** examples/paper/catalogue.json: the paper's examples, each with claims to check (issue [4]). */
interface Catalogue {
  examples: { id: string; problem: string; checks: (ClaimFlags & { expect: CheckResult['verdict']; numeric?: boolean })[] }[];
}

/** The claims of a catalogue (paths relative to its folder) or of a plain claims list. */
function loadClaims(file: string, only?: string): DemoClaim[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Catalogue | DemoClaim[];
  const base = dirname(file);
  const claims = Array.isArray(json)
    ? json.map((c) => ({ ...c, problem: join(base, '..', c.problem) }))
    : json.examples.flatMap((e) => e.checks.map((c) => ({ ...c, problem: join(base, e.problem) })));
  const name = (c: DemoClaim) => c.problem.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  return only ? claims.filter((c) => name(c) === only) : claims;
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
    .option('--claims <file>', 'a catalogue (examples/paper/catalogue.json) or a claims list (examples/demo/claims.json)', join(EXAMPLES_DIR, 'paper', 'catalogue.json'))
    .option('--only <name>', 'only the claims of this problem (file name without .yaml)')
    .option('--time-limit <sec>', 'time budget of each check in seconds', '60')
    .action(act(async (o: { json?: boolean; claims: string; only?: string; timeLimit: string }) => {
      const timeLimit = Number(o.timeLimit);
      if (!(timeLimit > 0)) throw new UsageError(`--time-limit must be a positive number of seconds, got '${o.timeLimit}'`);
      const claims = loadClaims(o.claims, o.only);
      if (!claims.length) throw new UsageError(`no claims${o.only ? ` for '${o.only}'` : ''} in ${o.claims}`);
      const bar = progressBar('demo', !o.json);
      const rows: { file: string; r: CheckResult; expect: CheckResult['verdict']; ok: boolean }[] = [];
      for (const [i, c] of claims.entries()) {
        const p = loadProblemFile(c.problem);
        const claim = claimFromFlags(c);
        const r = c.numeric
          ? await numericCheck(p, claim, { ...DEFAULT_NUMERIC, seed: 0, timeLimitMs: timeLimit * 1000, backend: 'auto', threshold: DEFAULT_NUMERIC_THRESHOLD, forced: true })
          : await checkWithZ3(p, claim, { timeLimitMs: timeLimit * 1000 });
        bar.update((i + 1) / claims.length, i + 1);
        rows.push({ file: `${relative(process.cwd(), c.problem)}${c.numeric ? ' (numeric)' : ''}`, r, expect: c.expect, ok: r.verdict === c.expect });
      }
      bar.stop();
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows.map(({ file, r, expect, ok }) => ({ file, condition: r.condition, constants: r.constants, verdict: r.verdict, expect, ok, boxes: r.boxes, elapsedMs: r.elapsedMs, ...(r.reason && { reason: r.reason }) })))}\n`);
      } else {
        const c = paint(useColor(process.stdout));
        const w = Math.max(24, ...rows.map((x) => x.file.length));
        const lines = [`${'problem'.padEnd(w)} condition   constants                      verdict        boxes   time`];
        for (const { file, r, ok } of rows) {
          const v = r.verdict === 'certified' ? c.green(r.verdict.padEnd(13)) : r.verdict === 'refuted' ? c.red(r.verdict.padEnd(13)) : c.yellow(r.verdict.padEnd(13));
          const consts = Object.entries(r.constants).map(([k, x]) => `${k}=${fmt(x)}`).join(' ');
          lines.push(`${file.padEnd(w)} ${r.condition.padEnd(11)} ${consts.padEnd(30)} ${v}${ok ? ' ' : '!'} ${String(r.boxes).padStart(7)} ${(r.elapsedMs / 1000).toFixed(2).padStart(6)} s`);
        }
        const bad = rows.filter((x) => !x.ok).length;
        lines.push(bad ? c.red(`${bad} verdict(s) differ from the expected ones (marked !)`) : c.green(`all ${rows.length} verdicts as expected`));
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return rows.every((x) => x.ok) ? 0 : 1;
    }));
}
