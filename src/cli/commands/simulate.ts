import type { Command } from 'commander';
import { UnsupportedError } from '../../conditions/index.js';
import { inapplicableFlag, OPTIMIZERS, type Optimizer } from '../../theory/index.js';
import { BAND_METHODS, SIMULATE_DEFAULTS, simulateProblem, type BandMethod, type SimulateResult } from '../../theory/simulate.js';
import { humanSimulate } from '../../theory/simulateHuman.js';
import { writeSimulatePlot } from '../../theory/simulatePlot.js';
import { act } from '../act.js';
import { rationalFlag } from '../claimArgs.js';
import { EXIT, InputError, UsageError } from '../exit.js';
import { intFlag, numberFlag, resolveProblemWithin, timeLimitFlag, withProblemOptions, type ProblemFlags } from '../problemArgs.js';
import { parsePoint } from './eval.js';
import { ioReason } from './check.js';
import { printable } from '../../problem/printable.js';

interface SimulateFlags extends ProblemFlags {
  optimizer?: string;
  alpha?: string;
  beta?: string;
  fix?: string;
  gamma?: string;
  gammaB?: string;
  c?: string;
  x0?: string;
  K?: string;
  seeds?: string;
  seed?: string;
  band?: string;
  confidence?: string;
  timeLimit?: string;
  noZ3?: boolean;
  z3?: boolean;
  plot?: string;
  json?: boolean;
}

/** `sps` is accepted for `sps-max` (the name for it). */
const ALIASES: Record<string, Optimizer> = { sps: 'sps-max' };

/**
 * `lscert simulate`: the optimizer run many times on the problem, the estimated
 * min_{k<K} E[f(x_k) − f*] with its band against the theorem's bound on certified constants
 * (docs/cli.md#simulate, docs/theory.md). The work is `simulateProblem` in src/theory.
 */
export function registerSimulate(program: Command): void {
  withProblemOptions(program.command('simulate [problem]'))
    .description("run an optimizer on the problem (many seeds) and compare min_k E[f(x_k) - f*] with the theorem's bound on certified constants")
    .option('--optimizer <name>', `${OPTIMIZERS.join(' | ')} (sps = sps-max)`)
    .option('--alpha <a>', 'alpha of the alpha-beta-condition (with --beta; checked with check() first)')
    .option('--beta <b>', 'beta of the alpha-beta-condition (with --alpha)')
    .option('--fix <tie>', 'without --alpha/--beta: the tie on which the smallest certified alpha is taken')
    .option('--gamma <g>', 'step size gamma (sgd, ngn) or gamma0 (sgd-decreasing)')
    .option('--gamma-b <g>', 'step-size cap gamma_b (sps-max, decsps)')
    .option('--c <c>', 'the constant c of the SPS_max step size')
    .option('--x0 <point>', 'start point, e.g. "x=1,y=-2" (default: the lower corner of the box)')
    .option('--K <k>', 'iterations: min over k < K for every K up to this', String(SIMULATE_DEFAULTS.K))
    .option('--seeds <n>', 'independent runs', String(SIMULATE_DEFAULTS.seeds))
    .option('--seed <n>', 'seed of the first run (run r uses seed + r)', String(SIMULATE_DEFAULTS.seed))
    .option('--band <method>', `confidence band: ${BAND_METHODS.join(' | ')}`, SIMULATE_DEFAULTS.band)
    .option('--confidence <p>', 'joint level of the bands over all iterations', String(SIMULATE_DEFAULTS.confidence))
    .option(
      '--time-limit <sec>',
      'time budget of the whole command in seconds: certifying alpha, beta (check or constants), then the runs (cut short at the limit, with a note)',
      String(SIMULATE_DEFAULTS.timeLimitSec),
    )
    .option('--no-z3', 'given --alpha/--beta: check them without the Z3 pass')
    .option('--plot <file>', 'write the plot of bound and observed against K (SVG)')
    .option('--json', 'print one JSON object (docs/cli.md#simulate)')
    .action(
      act(async (file: string | undefined, o: SimulateFlags) => {
        if (!o.optimizer) throw new UsageError(`missing --optimizer <${OPTIMIZERS.join('|')}>`);
        const optimizer = ALIASES[o.optimizer] ?? o.optimizer;
        if (!(OPTIMIZERS as readonly string[]).includes(optimizer))
          throw new UsageError(`--optimizer must be one of ${OPTIMIZERS.join(', ')} (or sps), got '${o.optimizer}'`);
        const inapplicable = inapplicableFlag(
          optimizer as Optimizer,
          [
            ...(o.gamma !== undefined ? (['gamma'] as const) : []),
            ...(o.gammaB !== undefined ? (['gamma-b'] as const) : []),
            ...(o.c !== undefined ? (['c'] as const) : []),
          ],
          ['gamma', 'gamma-b', 'c'],
        );
        if (inapplicable) throw new UsageError(inapplicable);
        if ((o.alpha === undefined) !== (o.beta === undefined)) throw new UsageError('give both --alpha and --beta, or neither');
        if (o.fix !== undefined && o.alpha !== undefined) throw new UsageError('--fix chooses the constants: not together with --alpha/--beta');
        // The claim flags read as for check (exact rationals within the range of doubles: '1e400' is a usage error).
        if (o.alpha !== undefined) rationalFlag('--alpha', o.alpha);
        if (o.beta !== undefined) rationalFlag('--beta', o.beta);
        if (o.band !== undefined && !(BAND_METHODS as readonly string[]).includes(o.band))
          throw new UsageError(`--band must be one of ${BAND_METHODS.join(', ')}, got '${o.band}'`);
        const K = intFlag('--K', o.K)!;
        const seeds = intFlag('--seeds', o.seeds, 2)!;
        const seed = intFlag('--seed', o.seed, 0)!;
        const confidence = numberFlag('--confidence', o.confidence)!;
        if (!(confidence > 0 && confidence < 1)) throw new UsageError(`--confidence must be in (0, 1), got '${o.confidence}'`);
        const timeLimit = timeLimitFlag(o.timeLimit);
        if (o.plot !== undefined && !o.plot.toLowerCase().endsWith('.svg'))
          throw new UsageError(`--plot writes SVG: the file name must end in .svg, got '${o.plot}'`);
        // --time-limit bounds the whole command, loading included.
        const deadline = Date.now() + timeLimit * 1000;
        const p = resolveProblemWithin(file, o, deadline);
        const x0 = o.x0 !== undefined ? parsePoint(p, o.x0, '--x0').map((r) => r.toNumber()) : undefined;
        const far = x0?.findIndex((v) => !Number.isFinite(v)) ?? -1;
        if (far >= 0) throw new UsageError(`--x0: '${p.variables[far]}' is beyond the range of doubles`);
        let r: SimulateResult;
        try {
          r = await simulateProblem(p, {
            optimizer: optimizer as Optimizer,
            ...(o.alpha !== undefined && { alpha: o.alpha }),
            ...(o.beta !== undefined && { beta: o.beta }),
            ...(o.fix !== undefined && { fix: o.fix }),
            ...(o.gamma !== undefined && { gamma: o.gamma }),
            ...(o.gammaB !== undefined && { gammaB: o.gammaB }),
            ...(o.c !== undefined && { c: o.c }),
            ...(x0 !== undefined && { x0 }),
            K,
            seeds,
            seed,
            band: (o.band ?? SIMULATE_DEFAULTS.band) as BandMethod,
            confidence,
            timeLimitMs: Math.max(1, deadline - Date.now()),
            z3: o.z3 !== false,
          });
        } catch (err) {
          if (err instanceof UnsupportedError) throw new InputError(`${p.source}: ${err.message}`);
          throw err;
        }
        // As `check --cert`: the answer is printed even when the plot cannot be written; then one line and exit 65.
        let plotError: string | null = null;
        if (o.plot !== undefined) {
          try {
            await writeSimulatePlot(r, o.plot);
          } catch (err) {
            // In words, as `check --cert`: the temporary file's name stays out of it.
            const io = (err as NodeJS.ErrnoException).code !== undefined;
            plotError = `lscert: --plot ${printable(o.plot, 300)}: cannot write the plot (${io ? ioReason(err as NodeJS.ErrnoException, o.plot) : (err as Error).message})`;
          }
        }
        const out = { ...r, plot: o.plot !== undefined && plotError === null ? o.plot : null };
        process.stdout.write(
          o.json ? `${JSON.stringify(out, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n` : `${humanSimulate(r)}\n`,
        );
        if (plotError !== null) {
          process.stderr.write(`${plotError.replace(/[\r\n]+/g, ' ')}\n`);
          return EXIT.INPUT;
        }
        if (!o.json && o.plot !== undefined) process.stderr.write(`plot written to ${o.plot}\n`);
        return EXIT.OK;
      }),
    );
}
