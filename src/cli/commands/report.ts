import type { Command } from 'commander';
import type { ReportOptions } from '../../reports/index.js';
import { act } from '../act.js';
import { EXIT, UsageError } from '../exit.js';
import { MAX_JOBS, piecesRunner } from '../jobs.js';
import { paint, useColor } from '../io.js';
import { intFlag, numberFlag, resolveProblemWithin, timeLimitFlag, withProblemOptions, type ProblemFlags } from '../problemArgs.js';
import { budgetProgress } from '../progress.js';
import { withProgress } from '../../engine/budget.js';

interface ReportFlags extends ProblemFlags {
  out?: string;
  alpha?: string;
  beta?: string;
  mu?: string;
  theta?: string;
  fix?: string;
  alphaMax?: string;
  timeLimit?: string;
  maxBoxes?: string;
  seed?: string;
  z3?: boolean;
  json?: boolean;
  jobs?: string;
}

export function registerReport(program: Command): void {
  withProblemOptions(program.command('report [problem]'))
    .description('write an HTML, Markdown and JSON report (verdicts, constants, plots, counterexamples) into a directory')
    .requiredOption('--out <dir>', 'the report directory (written atomically; an existing report there is replaced)')
    .option('--alpha <a>', 'alpha of the alpha-beta claim (with --beta; default: the best certified pair)')
    .option('--beta <b>', 'beta of the alpha-beta claim')
    .option('--mu <m>', 'mu of the PL claim (default: the best certified mu)')
    .option('--theta <t>', 'theta of the Aiming and QCvx claims (default: the best certified theta)')
    .option('--fix <tie>', 'a line claim, e.g. "beta = alpha - 1": drawn in the (alpha, beta) plane, smallest alpha on it bracketed')
    .option('--alpha-max <a>', 'window alpha <= A of the (alpha, beta) plane (default 10, or larger to show the claim)')
    .option('--time-limit <sec>', 'time budget of the whole report in seconds', '60')
    .option('--max-boxes <n>', 'branch-and-bound budget in boxes of each check', '100000')
    .option('--seed <n>', 'seed of the random sampling', '1')
    .option('--no-z3', 'do not hand the regions intervals cannot settle to Z3')
    .option('--json', 'print a JSON summary (directory, files, verdicts) on stdout')
    .option('--jobs <n>', 'worker threads for the check of each verdict: decided in pieces as check --jobs decides it (docs/cli.md#report)', '1')
    .action(
      act(async (file: string | undefined, o: ReportFlags) => {
        if (o.out!.trim() === '') throw new UsageError('--out needs a directory name');
        const timeLimitSec = timeLimitFlag(o.timeLimit);
        const jobs = intFlag('--jobs', o.jobs, 1)!;
        if (jobs > MAX_JOBS) throw new UsageError(`--jobs must be at most ${MAX_JOBS}, got ${jobs}`);
        // --time-limit bounds the whole command, loading included: the report gets what is left.
        const startedAt = Date.now();
        const p = resolveProblemWithin(file, o, startedAt + timeLimitSec * 1000);
        const inPieces = piecesRunner(jobs);
        const options: ReportOptions = {
          ...(o.alpha !== undefined && { alpha: o.alpha }),
          ...(o.beta !== undefined && { beta: o.beta }),
          ...(o.mu !== undefined && { mu: o.mu }),
          ...(o.theta !== undefined && { theta: o.theta }),
          ...(o.fix !== undefined && { fix: o.fix }),
          ...(o.alphaMax !== undefined && { alphaMax: numberFlag('--alpha-max', o.alphaMax)! }),
          timeLimitSec,
          startedAt,
          maxBoxes: intFlag('--max-boxes', o.maxBoxes)!,
          seed: intFlag('--seed', o.seed, 0)!,
          z3: o.z3 !== false,
          onPhase: (phase) => bar.phase(phase),
          ...(inPieces && { inPieces }),
        };
        const bar = budgetProgress('report', Math.max(1, startedAt + timeLimitSec * 1000 - Date.now()), !o.json);
        // Loaded here, not at start-up: Vega, vega-lite and KaTeX are large and only reports need them.
        const { writeReport } = await import('../../reports/index.js');
        let r: Awaited<ReturnType<typeof writeReport>>;
        try {
          r = await withProgress(bar.boxes, () => writeReport(p, o.out!, options));
        } finally {
          bar.stop();
        }
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify({ out: r.dir, files: r.files, verdicts: r.data.verdicts.map((v) => ({ condition: v.condition, constants: v.claim, verdict: v.verdict, certificate: v.certificate })), elapsedMs: r.data.budget.elapsedMs })}\n`,
          );
        } else {
          const c = paint(useColor(process.stdout));
          const colour = (v: string) => (v === 'certified' ? c.green(v) : v === 'refuted' ? c.red(v) : c.yellow(v));
          process.stdout.write(`report written to ${r.dir} (${r.files.join(', ')}) in ${(r.data.budget.elapsedMs / 1000).toFixed(1)} s\n`);
          for (const v of r.data.verdicts)
            process.stdout.write(
              `  ${v.condition.padEnd(10)} ${
                v.claim
                  ? Object.entries(v.claim)
                      .map(([k, x]) => `${k} = ${x}`)
                      .join(', ')
                  : '—'
              }: ${colour(v.verdict)}\n`,
            );
        }
        return EXIT.OK;
      }),
    );
}
