import type { Command } from 'commander';
import { UnsupportedError, type Claim } from '../../conditions/index.js';
import { assumedLine } from '../../engine/index.js';
import { describeCounterexample, DEFAULT_PROBE, freshSeed, probe, type ProbeResult } from '../../probe/index.js';
import { act } from '../act.js';
import { claimFromFlags, type ClaimFlags } from '../claimArgs.js';
import { EXIT, InputError, UsageError } from '../exit.js';
import { claimConstantsText, fmt, paint, useColor } from '../io.js';
import { intFlag, resolveProblemWithin, timeLimitFlag, withProblemOptions, type ProblemFlags } from '../problemArgs.js';

interface ProbeFlags extends ProblemFlags, ClaimFlags {
  json?: boolean;
  runs?: string;
  seed?: string;
  evaluationsPerRun?: string;
  timeLimit?: string;
  strategy?: string;
}

/** The JSON object of `probe --json`: shaped like check's (docs/cli.md#check), plus the seed, runs, evaluations and the replay command. */
export function probeJson(r: ProbeResult, replay: string): Record<string, unknown> {
  return { ...r, replay };
}

/**
 * The command line that replays this run: the problem and every flag given (defaults left
 * out), with `--seed` set to the seed used.
 */
export function replayCommand(cmd: Command, file: string | undefined, seed: number): string {
  const out = ['lscert', cmd.name(), ...(file !== undefined ? [file] : [])];
  const values = cmd.opts() as Record<string, unknown>;
  for (const opt of cmd.options) {
    const key = opt.attributeName();
    const v = values[key];
    if (key === 'seed' || key === 'json' || v === undefined || v === opt.defaultValue || v === false) continue;
    if (v === true) out.push(opt.long!);
    else for (const item of Array.isArray(v) ? v : [v]) out.push(opt.long!, String(item));
  }
  out.push('--seed', String(seed));
  return out.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export const probeExit = (r: ProbeResult) => (r.verdict === 'refuted' ? EXIT.REFUTED : EXIT.INCONCLUSIVE);

/** `lscert probe`: property-based search for a verified counterexample (exit 1), else 2; never certifies. */
export function registerProbe(program: Command): void {
  withProblemOptions(program.command('probe [problem]'))
    .description('search for a counterexample by property-based probing (exit 1 refuted with a verified witness, 2 none found; probing never certifies)')
    .option('--condition <name>', 'alpha-beta | pl | aiming | qcvx')
    .option('--alpha <a>', 'alpha (alpha-beta)')
    .option('--beta <b>', 'beta (alpha-beta)')
    .option('--mu <m>', 'mu (pl)')
    .option('--theta <t>', 'theta (aiming, qcvx)')
    .option('--runs <n>', 'fast-check runs: batches of start points, the best pushed downhill', String(DEFAULT_PROBE.runs))
    .option('--seed <n>', 'seed of the run (default: a random seed, printed; the same seed replays the run)')
    .option('--evaluations-per-run <n>', 'float residual evaluations per run (budget = runs x this)', String(DEFAULT_PROBE.evaluationsPerRun))
    .option('--time-limit <sec>', 'time budget in seconds', String(DEFAULT_PROBE.timeLimitMs / 1000))
    .option('--strategy <name>', 'guided | uniform (the baseline: uniform sampling, same budget)', DEFAULT_PROBE.strategy)
    .option('--json', 'print one JSON object')
    .action(
      act(async (file: string | undefined, o: ProbeFlags, cmd: Command) => {
        const claim = claimFromFlags(o);
        const runs = intFlag('--runs', o.runs)!;
        const evaluationsPerRun = intFlag('--evaluations-per-run', o.evaluationsPerRun, 2)!;
        const timeLimit = timeLimitFlag(o.timeLimit);
        const seed = o.seed === undefined ? freshSeed() : intFlag('--seed', o.seed, 0)!;
        if (seed >= 2 ** 32) throw new UsageError(`--seed must be < 2^32, got '${o.seed}'`);
        if (o.strategy !== 'guided' && o.strategy !== 'uniform') throw new UsageError(`--strategy must be guided or uniform, got '${o.strategy}'`);
        // --time-limit bounds the whole command, loading included.
        const deadline = Date.now() + timeLimit * 1000;
        const p = resolveProblemWithin(file, o, deadline);
        let r: ProbeResult;
        try {
          r = probe(p, claim, { runs, seed, evaluationsPerRun, timeLimitMs: Math.max(1, deadline - Date.now()), strategy: o.strategy });
        } catch (err) {
          if (err instanceof UnsupportedError) throw new InputError(`${p.source}: ${err.message}`);
          throw err;
        }
        const replay = replayCommand(cmd, file, r.seed);
        if (o.json) process.stdout.write(`${JSON.stringify(probeJson(r, replay))}\n`);
        else {
          process.stdout.write(`${humanProbe(r, p.variables, replay, claim)}\n`);
          for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
        }
        return probeExit(r);
      }),
    );
}

export function humanProbe(r: ProbeResult, names: readonly string[], replay: string, claim?: Claim): string {
  const c = paint(useColor(process.stdout));
  // The claim's exact constants when known (the claim probed), else the result's doubles in full.
  const consts = claim
    ? claimConstantsText(claim)
    : Object.entries(r.constants)
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join(', ');
  const head = `${r.problem}: ${r.condition} (${consts})`;
  const stats = `${r.runs} runs, ${r.evaluations} evaluations, ${(r.elapsedMs / 1000).toFixed(2)} s`;
  const lines: string[] = [];
  if (r.verdict === 'refuted') {
    const f = r.found;
    lines.push(`${head}: ${c.red('REFUTED')} by probing (${stats})`);
    lines.push(...describeCounterexample(r.counterexample, names, r.condition).map((l) => `  ${l}`));
    if (f)
      lines.push(
        c.dim(`  found in run ${f.run} from a '${f.source}' start, pushed downhill, shrunk to ${f.digits} significant digit${f.digits === 1 ? '' : 's'}`),
      );
    if (r.xstar) lines.push(c.dim(`  x* = (${r.xstar.value.map(fmt).join(', ')})`));
  } else {
    lines.push(`${head}: ${c.yellow('INCONCLUSIVE')}: ${r.reason} (${stats}, budget ${r.budget})`);
  }
  for (const n of r.notes) lines.push(c.dim(`  note: ${n}`));
  const trusted = assumedLine(r.assumed);
  if (trusted) lines.push(c.dim(`  ${trusted}`));
  lines.push(`  seed ${r.seed}; replay with: ${replay}`);
  return lines.join('\n');
}
