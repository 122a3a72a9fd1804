import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { check, type CheckResult } from '../../engine/index.js';
import { loadProblemFile } from '../../problem/index.js';
import { act } from '../act.js';
import { claimFromFlags, type ClaimFlags } from '../claimArgs.js';
import { fmt, paint, useColor } from '../io.js';
import { progressBar } from '../progress.js';

interface DemoClaim extends ClaimFlags {
  problem: string;
  expect: CheckResult['verdict'];
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
    .description('check the claims of the bundled examples (examples/demo/claims.json) and print a table')
    .option('--json', 'print the results as JSON')
    .option('--examples <dir>', 'examples folder', EXAMPLES_DIR)
    .action(act((o: { json?: boolean; examples: string }) => {
      const claims = JSON.parse(readFileSync(join(o.examples, 'demo', 'claims.json'), 'utf8')) as DemoClaim[];
      const bar = progressBar('demo', !o.json);
      const rows = claims.map((c, i) => {
        const p = loadProblemFile(join(o.examples, c.problem));
        const r = check(p, claimFromFlags(c), { timeLimitMs: 60_000 });
        bar.update((i + 1) / claims.length, i + 1);
        return { file: c.problem, r, expect: c.expect, ok: r.verdict === c.expect };
      });
      bar.stop();
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows.map(({ file, r, expect, ok }) => ({ file, condition: r.condition, constants: r.constants, verdict: r.verdict, expect, ok, boxes: r.boxes, elapsedMs: r.elapsedMs })))}\n`);
      } else {
        const c = paint(useColor(process.stdout));
        const lines = ['problem                  condition   constants              verdict        boxes   time'];
        for (const { file, r, ok } of rows) {
          const v = r.verdict === 'certified' ? c.green(r.verdict.padEnd(13)) : r.verdict === 'refuted' ? c.red(r.verdict.padEnd(13)) : c.yellow(r.verdict.padEnd(13));
          const consts = Object.entries(r.constants).map(([k, x]) => `${k}=${fmt(x)}`).join(' ');
          lines.push(`${file.padEnd(24)} ${r.condition.padEnd(11)} ${consts.padEnd(22)} ${v}${ok ? ' ' : '!'} ${String(r.boxes).padStart(7)} ${(r.elapsedMs / 1000).toFixed(2).padStart(6)} s`);
        }
        const bad = rows.filter((x) => !x.ok).length;
        lines.push(bad ? c.red(`${bad} verdict(s) differ from the expected ones (marked !)`) : c.green(`all ${rows.length} verdicts as expected`));
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return rows.every((x) => x.ok) ? 0 : 1;
    }));
}
