import type { Command } from 'commander';
import { check, checkWithZ3, type CheckResult } from '../../engine/index.js';
import { act } from '../act.js';
import { claimFromFlags, type ClaimFlags } from '../claimArgs.js';
import { EXIT, InputError } from '../exit.js';
import { fmt, paint, useColor, writeFileAtomic } from '../io.js';
import { intFlag, numberFlag, resolveProblem, withProblemOptions, type ProblemFlags } from '../problemArgs.js';
import { progressBar } from '../progress.js';
import { certificateFor } from '../../cert/index.js';
import { UnsupportedError } from '../../conditions/index.js';

interface CheckFlags extends ProblemFlags, ClaimFlags {
  json?: boolean;
  maxBoxes?: string;
  timeLimit?: string;
  cert?: string;
  seed?: string;
  z3?: boolean;
}

/** The contract's JSON object (§3), plus lscert's extensions. */
export function checkJson(r: CheckResult): Record<string, unknown> {
  const { tree: _tree, system: _system, ...rest } = r;
  return rest;
}

export const verdictExit = (v: CheckResult['verdict']) => (v === 'certified' ? EXIT.CERTIFIED : v === 'refuted' ? EXIT.REFUTED : EXIT.INCONCLUSIVE);

export function registerCheck(program: Command): void {
  withProblemOptions(program.command('check [problem]'))
    .description('certify or refute a condition on the domain (exit 0 certified, 1 refuted, 2 inconclusive)')
    .option('--condition <name>', 'alpha-beta | pl | aiming | qcvx')
    .option('--alpha <a>', 'alpha (alpha-beta)')
    .option('--beta <b>', 'beta (alpha-beta)')
    .option('--mu <m>', 'mu (pl)')
    .option('--theta <t>', 'theta (aiming, qcvx)')
    .option('--json', 'print one JSON object (contract §3)')
    .option('--max-boxes <n>', 'branch-and-bound budget in boxes', '200000')
    .option('--time-limit <sec>', 'time budget in seconds', '120')
    .option('--cert <file>', 'write a certificate when certified (re-check it with verify-cert)')
    .option('--seed <n>', 'seed of the random sampling', '1')
    .option('--no-z3', 'do not hand the regions intervals cannot settle to Z3')
    .action(act(async (file: string | undefined, o: CheckFlags) => {
      const claim = claimFromFlags(o);
      const maxBoxes = intFlag('--max-boxes', o.maxBoxes)!;
      const timeLimit = numberFlag('--time-limit', o.timeLimit)!;
      const seed = intFlag('--seed', o.seed, 0)!;
      const p = resolveProblem(file, o);
      const bar = progressBar(`${p.name} ${claim.condition}`, !o.json);
      let r: CheckResult;
      try {
        const opts = { maxBoxes, timeLimitMs: timeLimit * 1000, seed, onProgress: bar.update };
        r = o.z3 === false ? check(p, claim, opts) : await checkWithZ3(p, claim, opts);
      } catch (err) {
        if (err instanceof UnsupportedError) throw new InputError(`${p.source}: ${err.message}`);
        throw err;
      } finally {
        bar.stop();
      }
      let certNote = '';
      if (o.cert) {
        if (r.verdict === 'certified') {
          try {
            writeFileAtomic(o.cert, `${JSON.stringify(certificateFor(p, r))}\n`);
            certNote = `certificate written to ${o.cert}`;
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code) throw err; // an I/O error: exit 65 with its message
            certNote = `no certificate written: ${(err as Error).message}`;
          }
        } else certNote = `no certificate written: the verdict is ${r.verdict}`;
      }
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ ...checkJson(r), ...(o.cert && { certificate: r.verdict === 'certified' ? o.cert : null }) })}\n`);
      } else {
        process.stdout.write(`${humanCheck(r)}\n`);
        for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
        if (certNote) process.stderr.write(`${certNote}\n`);
      }
      return verdictExit(r.verdict);
    }));
}

export function humanCheck(r: CheckResult): string {
  const c = paint(useColor(process.stdout));
  const consts = Object.entries(r.constants).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
  const head = `${r.problem}: ${r.condition} (${consts})`;
  const stats = `${r.boxes} boxes, ${(r.elapsedMs / 1000).toFixed(2)} s`;
  const lines: string[] = [];
  if (r.verdict === 'certified') lines.push(`${head}: ${c.green('CERTIFIED')} on the whole domain (${stats})`);
  else if (r.verdict === 'refuted') {
    const w = r.counterexample!;
    lines.push(`${head}: ${c.red('REFUTED')} (${stats})`);
    lines.push(`  counterexample x = (${w.x.map(fmt).join(', ')})${w.term !== null ? `, term ${w.term}` : ''}`);
    if (w.projection) lines.push(`  x_p = (${w.projection.map(fmt).join(', ')})`);
    lines.push(`  residual ∈ [${w.residual[0]}, ${w.residual[1]}] < 0 (verified with interval arithmetic)`);
  } else {
    lines.push(`${head}: ${c.yellow('INCONCLUSIVE')}: ${r.reason} (${(r.coverage * 100).toFixed(4)}% of the domain proved; ${stats})`);
    for (const o of (r.openRegions ?? []).slice(0, 3)) lines.push(`  open (${o.why}): ${o.box.lo.map((l, j) => `[${fmt(l)}, ${fmt(o.box.hi[j]!)}]`).join(' × ')}`);
  }
  for (const n of r.notes) lines.push(c.dim(`  note: ${n}`));
  if (r.universal) lines.push(`  ${r.reason}`);
  for (const s of r.computed) lines.push(c.dim(`  computed ${s.name} ∈ [${fmt(s.lo)}, ${fmt(s.hi)}] (${s.how})`));
  if (r.xstar) lines.push(c.dim(`  x* = (${r.xstar.value.map(fmt).join(', ')})`));
  return lines.join('\n');
}
