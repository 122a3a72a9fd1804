import type { Command } from 'commander';
import { objective } from '../../conditions/index.js';
import { compileInterval } from '../../expr/index.js';
import { outerBox, termLabel } from '../../problem/index.js';
import { act } from '../act.js';
import { fmt } from '../io.js';
import { intFlag, resolveProblem, withProblemOptions, type ProblemFlags } from '../problemArgs.js';

/**
 * Rigorous range of f and of each f_i over the domain: the box is bisected (widest side
 * first, `--max-boxes` leaves) and the hull of the leaf enclosures is reported. Each
 * reported [lo, hi] contains the whole range; lo ≤ inf and hi ≥ sup.
 */
export function registerBound(program: Command): void {
  withProblemOptions(program.command('bound [problem]'))
    .description('rigorous enclosure of f and each f_i over the domain')
    .option('--max-boxes <n>', 'number of sub-boxes to bisect the domain into', '256')
    .option('--json', 'print one JSON object')
    .action(act((file: string | undefined, opts: ProblemFlags & { maxBoxes: string; json?: boolean }) => {
      const p = resolveProblem(file, opts);
      const maxBoxes = intFlag('--max-boxes', opts.maxBoxes)!;
      const targets = [objective(p), ...p.terms];
      // Tight rounding (exact results stay exact): this enclosure is shown to the user, and
      // 256 evaluations do not need the widening mode's speed.
      const ev = compileInterval(targets, { rounding: 'tight' });
      const box = outerBox(p);
      let leaves: { lo: number[]; hi: number[] }[] = [{ lo: [...box.lo], hi: [...box.hi] }];
      while (leaves.length * 2 <= maxBoxes) {
        leaves = leaves.flatMap(({ lo, hi }) => {
          let j = 0;
          for (let k = 1; k < lo.length; k++) if (hi[k]! - lo[k]! > hi[j]! - lo[j]!) j = k;
          const mid = lo[j]! + (hi[j]! - lo[j]!) / 2;
          const hiA = [...hi];
          hiA[j] = mid;
          const loB = [...lo];
          loB[j] = mid;
          return [{ lo, hi: hiA }, { lo: loB, hi }];
        });
      }
      const lo = new Float64Array(targets.length).fill(Infinity);
      const hi = new Float64Array(targets.length).fill(-Infinity);
      const ol = new Float64Array(targets.length);
      const oh = new Float64Array(targets.length);
      for (const leaf of leaves) {
        ev.eval(leaf.lo, leaf.hi, ol, oh);
        for (let k = 0; k < targets.length; k++) {
          // NaN (undefined somewhere) poisons the bound: Math.min would drop it.
          lo[k] = Number.isNaN(ol[k]!) ? -Infinity : Math.min(lo[k]!, ol[k]!);
          hi[k] = Number.isNaN(oh[k]!) ? Infinity : Math.max(hi[k]!, oh[k]!);
        }
      }
      const rows = targets.map((_, k) => ({ name: k === 0 ? 'f' : termLabel(k - 1), enclosure: [lo[k]!, hi[k]!] }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ problem: p.name, domain: box, boxes: leaves.length, bounds: rows })}\n`);
        return 0;
      }
      const lines = [`${p.name}: rigorous range over the domain (${leaves.length} boxes)`];
      for (const r of rows) lines.push(`  ${r.name.padEnd(6)} ∈ [${fmt(r.enclosure[0]!)}, ${fmt(r.enclosure[1]!)}]   exact endpoints: [${r.enclosure[0]}, ${r.enclosure[1]}]`);
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }));
}
