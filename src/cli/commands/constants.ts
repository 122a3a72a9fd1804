import type { Command } from 'commander';
import { UnsupportedError } from '../../conditions/index.js';
import { bestConstants, humanConstants, parseTie, type AlphaBetaObjective, type ConstantsResult, type PieceCheck } from '../../constants/index.js';
import { MAX_JOBS, piecesRunner } from '../jobs.js';
import { act } from '../act.js';
import { conditionFlag } from '../claimArgs.js';
import { EXIT, InputError, UsageError } from '../exit.js';
import { intFlag, numberFlag, resolveProblemWithin, timeLimitFlag, withProblemOptions, type ProblemFlags } from '../problemArgs.js';
import { budgetProgress } from '../progress.js';
import { withProgress } from '../../engine/budget.js';

interface ConstantsFlags extends ProblemFlags {
  condition?: string;
  fix?: string;
  objective?: string;
  alphaMax?: string;
  gap?: string;
  json?: boolean;
  maxBoxes?: string;
  timeLimit?: string;
  seed?: string;
  jobs?: string;
}

const OBJECTIVES: readonly AlphaBetaObjective[] = ['min-alpha', 'min-ratio', 'max-gap', 'region'];

/** The JSON object of `constants --json` (docs/cli.md#constants), plus lscert's extensions. */
export function constantsJson(r: ConstantsResult): Record<string, unknown> {
  return { ...r };
}

export function registerConstants(program: Command): void {
  withProblemOptions(program.command('constants [problem]'))
    .description('best constants as certified/refuted brackets (alpha-beta by linear programming; mu, theta)')
    .option('--condition <name>', 'alpha-beta | pl | aiming | qcvx')
    .option('--fix <tie>', 'tie beta to alpha: "beta = alpha - 1", "beta = 0.8*alpha" (any k*alpha + m)')
    .option('--objective <name>', `alpha-beta: ${OBJECTIVES.join(' | ')} (default: min-alpha with --fix, else region)`)
    .option('--alpha-max <a>', 'window alpha <= A for region, min-ratio and max-gap', '10')
    .option('--gap <rel>', 'target relative width of the bracket', '0.005')
    .option('--json', 'print one JSON object (docs/cli.md#constants)')
    .option('--max-boxes <n>', 'box budget of each refinement pass and of each confirming check', '200000')
    .option('--time-limit <sec>', 'time budget of the refinement passes in seconds', '120')
    .option('--seed <n>', 'seed of the random sampling', '1')
    .option('--jobs <n>', 'worker threads for the confirming checks: each is decided in pieces as check --jobs decides it (docs/cli.md#constants)', '1')
    .action(
      act(async (file: string | undefined, o: ConstantsFlags) => {
        const condition = conditionFlag(o.condition);
        const tie = o.fix !== undefined ? parseTie(o.fix) : undefined; // a bad tie is a usage error (TieError)
        if (o.objective !== undefined && !(OBJECTIVES as readonly string[]).includes(o.objective))
          throw new UsageError(`--objective must be one of ${OBJECTIVES.join(', ')}, got '${o.objective}'`);
        const alphaMax = numberFlag('--alpha-max', o.alphaMax)!;
        const gap = numberFlag('--gap', o.gap)!;
        if (!(gap > 0 && gap < 1)) throw new UsageError(`--gap must be in (0, 1), got '${o.gap}'`);
        const maxBoxes = intFlag('--max-boxes', o.maxBoxes)!;
        const timeLimit = timeLimitFlag(o.timeLimit);
        const seed = intFlag('--seed', o.seed, 0)!;
        const jobs = intFlag('--jobs', o.jobs, 1)!;
        if (jobs > MAX_JOBS) throw new UsageError(`--jobs must be at most ${MAX_JOBS}, got ${jobs}`);
        const pieces = piecesRunner(jobs);
        // Without Z3 and without a certificate, as check() in the confirmations.
        const inPieces: PieceCheck | undefined =
          pieces && (async (q, claim, b) => (await pieces(q, claim, { ...b, z3: false, certificate: false }))?.result ?? null);
        // --time-limit bounds the whole command, loading included.
        const deadline = Date.now() + timeLimit * 1000;
        const p = resolveProblemWithin(file, o, deadline);
        const budgetMs = Math.max(1, deadline - Date.now());
        let r: ConstantsResult;
        const bar = budgetProgress(`${p.name} ${condition} constants`, budgetMs, !o.json);
        try {
          r = await withProgress(bar.boxes, () =>
            bestConstants(
              p,
              { condition, ...(tie && { tie }), ...(o.objective !== undefined && { objective: o.objective as AlphaBetaObjective }), alphaMax },
              // --max-boxes bounds every search: each refinement pass and each confirming check (which
              // took 47 511 boxes at --max-boxes 50 with the library's own default of 400 000).
              { maxBoxes, confirmMaxBoxes: maxBoxes, timeLimitMs: budgetMs, seed, relGap: gap, ...(inPieces && { inPieces }) },
            ),
          );
        } catch (err) {
          if (err instanceof UnsupportedError) throw new InputError(`${p.source}: ${err.message}`);
          throw err;
        } finally {
          bar.stop();
        }
        if (inPieces)
          r = {
            ...r,
            notes: [
              ...r.notes,
              `--jobs ${jobs}: the confirming checks ran as check --jobs ${jobs} (pieces on worker threads; one job where check --jobs runs one); the other passes run in one thread`,
            ],
          };
        process.stdout.write(o.json ? `${JSON.stringify(constantsJson(r))}\n` : `${humanConstants(r, file !== undefined ? shellWord(file) : undefined)}\n`);
        return EXIT.OK;
      }),
    );
}

/** A path as one shell word (quoted when it holds anything but safe characters). */
const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
