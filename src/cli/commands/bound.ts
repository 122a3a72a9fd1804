import type { Command } from 'commander';
import { objective } from '../../conditions/index.js';
import { rangeOf } from '../../engine/range.js';
import { outerBox, termLabel } from '../../problem/index.js';
import { act } from '../act.js';
import { fmt } from '../io.js';
import { intFlag, resolveProblemWithin, timeLimitFlag, withProblemOptions, type ProblemFlags } from '../problemArgs.js';

/**
 * Rigorous range of f and of each f_i over the domain: for each, the infimum and the supremum
 * are bracketed by branch and bound (engine/range.ts): [rigorous lower bound, value at a
 * point] for the minimum, [value at a point, rigorous upper bound] for the maximum.
 */
export function registerBound(program: Command): void {
  withProblemOptions(program.command('bound [problem]'))
    .description('rigorous enclosure of f and each f_i over the domain')
    .option('--max-boxes <n>', 'boxes per bound (branch and bound on each side of each function)', '10000')
    .option('--time-limit <sec>', 'time budget for all the bounds together, in seconds', '10')
    .option('--json', 'print one JSON object')
    .action(
      act((file: string | undefined, opts: ProblemFlags & { maxBoxes: string; timeLimit: string; json?: boolean }) => {
        const maxBoxes = intFlag('--max-boxes', opts.maxBoxes)!;
        // --time-limit bounds the whole command, loading included.
        const end = Date.now() + timeLimitFlag(opts.timeLimit) * 1000;
        const p = resolveProblemWithin(file, opts, end);
        const targets = [objective(p), ...p.terms];
        const box = outerBox(p);
        // Past the limit a function is not bounded at all: [−∞, +∞] is its (sound, empty of
        // information) enclosure; JSON prints those ends as null. Compiling each of 10 000 terms
        // after the limit took 11 s at --time-limit 2.
        let skipped = 0;
        const rows = targets.map((t, k) => {
          const name = k === 0 ? 'f' : termLabel(k - 1);
          // f first, with half of the budget (an equal share of 20 001 functions left it half a
          // millisecond, and its compilation, past that, took 8 s); then an equal share of what is
          // left for each term still to bound. Its natural extension may still compile past its
          // share, up to the command's limit; null: not even that in time.
          const share = k === 0 && targets.length > 1 ? 2 : targets.length - k;
          const r = Date.now() >= end ? null : rangeOf(t, box, maxBoxes, Date.now() + (end - Date.now()) / share, end);
          if (!r) {
            skipped++;
            return { name, enclosure: [-Infinity, Infinity], min: [-Infinity, Infinity], max: [-Infinity, Infinity], bounded: false };
          }
          return { name, enclosure: [r.min[0], r.max[1]], min: r.min, max: r.max, bounded: true };
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ problem: p.name, domain: box, maxBoxes, bounds: rows, notBounded: skipped })}\n`);
          return 0;
        }
        const lines = [
          `${p.name}: range of f and of each term over the domain (rigorous brackets; up to ${maxBoxes} boxes per bound, ${opts.timeLimit} s in all)`,
        ];
        const w = Math.max(...rows.map((r) => r.name.length));
        for (const r of rows)
          lines.push(
            r.bounded
              ? `  ${r.name.padEnd(w)}  min ∈ [${fmt(r.min[0]!)}, ${fmt(r.min[1]!)}]   max ∈ [${fmt(r.max[0]!)}, ${fmt(r.max[1]!)}]`
              : `  ${r.name.padEnd(w)}  not bounded: the time limit was reached`,
          );
        if (skipped) lines.push(`  ${skipped} of ${rows.length} functions were not bounded: the time limit was reached (give a longer --time-limit)`);
        lines.push('  min ∈ [a, b]: a is a rigorous lower bound of the infimum, b the rigorous upper bound of the value at a point (so the true');
        lines.push('  minimum lies between them); likewise for max. Every value of the function lies in [lower end of min, upper end of max].');
        process.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      }),
    );
}
