import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { dirname } from 'node:path';
import { assumedLine, assumedOf, claimLinearForms, DEFAULT_QUEUE_CAP, type CheckResult } from '../../engine/index.js';
import { act } from '../act.js';
import { claimFromFlags, type ClaimFlags } from '../claimArgs.js';
import { EXIT, InputError, UsageError } from '../exit.js';
import { LoadTimeLimit } from '../../errors.js';
import { claimConstantsText, fmt, paint, sameFile, useColor, writeFileAtomic } from '../io.js';
import { intFlag, resolveProblemWithin, timeLimitFlag, withProblemOptions, type ProblemFlags } from '../problemArgs.js';
import { progressBar } from '../progress.js';
import { certificateFor, NoCertificate } from '../../cert/certificate.js';
import type { Certificate } from '../../cert/format.js';
import { claimConstants, UnsupportedError, type Claim } from '../../conditions/index.js';
import { BACKENDS, type BackendName } from '../../networks/backend.js';
import { DEFAULT_NUMERIC, DEFAULT_NUMERIC_THRESHOLD, type EmpiricalReport, type NumericCheckResult } from '../../numeric/index.js';
import { decide, numericUnfit } from '../../api/check.js';
import { termLabel, type Problem } from '../../problem/index.js';
import { printable } from '../../problem/printable.js';
import { projectionLabel } from '../../probe/describe.js';
import type { ShardScope } from '../../cert/index.js';
import { checkInJobs, MAX_JOBS, type JobsSummary } from '../jobs.js';
import { confirmOnWhole, shardCertificate, shardFlag, shardProblem, shardResult, shardScope } from '../shard.js';

interface CheckFlags extends ProblemFlags, ClaimFlags {
  json?: boolean;
  maxBoxes?: string;
  maxQueue?: string;
  timeLimit?: string;
  cert?: string;
  seed?: string;
  z3?: boolean;
  linearForms?: boolean;
  convexity?: boolean;
  /** `--no-work-stealing` sets false. */
  workStealing?: boolean;
  numeric?: boolean;
  numericThreshold?: string;
  numericSamples?: string;
  numericSgdSteps?: string;
  numericAdversarialSteps?: string;
  backend?: string;
  shard?: string;
  jobs?: string;
}

/** The JSON object of `check --json` (docs/cli.md#check), plus lscert's extensions (`empirical` from the numeric fallback). */
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
    .option('--json', 'print one JSON object (docs/cli.md#check)')
    .option('--max-boxes <n>', 'branch-and-bound budget in boxes', '200000')
    .option('--max-queue <n>', 'boxes queued best-first at most; beyond, the search goes depth-first (memory cap)', String(DEFAULT_QUEUE_CAP))
    .option('--time-limit <sec>', 'time budget in seconds (the whole check: search and Z3 pass)', '120')
    .option('--cert <file>', 'write a certificate when certified (re-check it with verify-cert)')
    .option('--seed <n>', 'seed of the random sampling', '1')
    .option('--no-z3', 'do not hand the regions intervals cannot settle to Z3')
    .option(
      '--no-convexity',
      'do not prove boxes from convexity (strong convexity on hulls with points of S; alpha-beta from convex terms): to see what the other arguments prove (docs/engine.md)',
    )
    .option('--no-linear-forms', 'do not decide over y = Wx when the claim depends on x only through a few linear forms (docs/engine.md)')
    .option(
      '--no-work-stealing',
      "--jobs: a thread that has no piece left gets no box from busy threads' searches (to measure what stealing adds; docs/scale.md)",
    )
    .option(
      '--numeric-threshold <n>',
      'dimension above which the numeric (TensorFlow.js) fallback replaces the interval engine',
      String(DEFAULT_NUMERIC_THRESHOLD),
    )
    .option('--numeric', 'use the numeric fallback whatever the dimension (never certifies; refutes only with an interval-confirmed counterexample)')
    .option('--numeric-samples <n>', 'numeric fallback: uniform samples over the box', String(DEFAULT_NUMERIC.samples))
    .option('--numeric-sgd-steps <n>', `numeric fallback: steps of each of the ${DEFAULT_NUMERIC.sgdRuns} SGD runs`, String(DEFAULT_NUMERIC.sgdSteps))
    .option(
      '--numeric-adversarial-steps <n>',
      `numeric fallback: gradient steps on the residual from the ${DEFAULT_NUMERIC.adversarialStarts} lowest points`,
      String(DEFAULT_NUMERIC.adversarialSteps),
    )
    .option('--backend <name>', `numeric fallback: TensorFlow.js backend, auto | ${BACKENDS.join(' | ')}`, 'auto')
    .option('--jobs <n>', 'worker threads for the branch and bound: the domain is cut into pieces decided in parallel (docs/scale.md)', '1')
    .option('--shard <k/N>', "decide only shard k of the domain cut into N boxes (docs/scale.md); --cert then always writes the shard's result for merge-certs")
    .action(
      act(async (file: string | undefined, o: CheckFlags) => {
        const claim = claimFromFlags(o);
        const maxBoxes = intFlag('--max-boxes', o.maxBoxes)!;
        const queueCap = intFlag('--max-queue', o.maxQueue)!;
        const timeLimit = timeLimitFlag(o.timeLimit);
        const seed = intFlag('--seed', o.seed, 0)!;
        const threshold = intFlag('--numeric-threshold', o.numericThreshold, 0)!;
        const samples = intFlag('--numeric-samples', o.numericSamples, 1)!;
        const sgdSteps = intFlag('--numeric-sgd-steps', o.numericSgdSteps, 0)!;
        const adversarialSteps = intFlag('--numeric-adversarial-steps', o.numericAdversarialSteps, 0)!;
        const backend = o.backend ?? 'auto';
        if (backend !== 'auto' && !(BACKENDS as readonly string[]).includes(backend))
          throw new UsageError(`--backend must be one of auto, ${BACKENDS.join(', ')}, got '${backend}'`);
        const sharding = o.shard !== undefined ? shardFlag(o.shard) : null;
        const jobs = intFlag('--jobs', o.jobs, 1)!;
        if (jobs > MAX_JOBS) throw new UsageError(`--jobs must be at most ${MAX_JOBS}, got ${jobs}`);
        if (o.cert !== undefined) {
          if (o.cert.trim() === '') throw new UsageError('--cert needs a file name');
          if (file !== undefined && sameFile(o.cert, file))
            throw new UsageError(`--cert ${printable(o.cert, 200)} is the problem file itself: write the certificate elsewhere`);
        }
        // --time-limit bounds the whole command, loading included (resolveProblemWithin).
        const deadline = Date.now() + timeLimit * 1000;
        let full: Problem;
        try {
          full = resolveProblemWithin(file, o, deadline);
        } catch (err) {
          // Out of time while loading: the --json answer (src/cli/main.ts) still has the four
          // fields every check --json has (docs/cli.md#check).
          if (err instanceof LoadTimeLimit)
            err.json = { condition: claim.condition, constants: claimConstants(claim), problem: err.problem, counterexample: null };
          throw err;
        }
        const budgetMs = () => Math.max(1, deadline - Date.now());
        let scope: ShardScope | null = null;
        if (sharding) {
          if (full.minimizers.kind === 'auto')
            throw new InputError(
              `${full.source}: --shard needs S given by the problem (points, affine, projection or implicit): a computed S (auto) is the set of minimizers over the whole box, which one shard cannot compute`,
            );
          scope = shardScope(full, claim, sharding.k, sharding.n);
        }
        // A shard is decided as the problem on the shard's box (the same S, f*, f_i*).
        const p = scope ? shardProblem(full, scope) : full;
        // A shard or a --jobs piece is never decided over linear forms (its tree must tile its box in x).
        const linearForms = o.linearForms !== false && !scope;
        const fewForms = () => {
          const forms = linearForms ? claimLinearForms(p, claim, deadline) : null;
          return forms !== null && forms.length <= threshold;
        };
        const unfit = numericUnfit(p, claim);
        if (o.numeric === true && unfit) throw new UsageError(`--numeric: ${unfit}`);
        const numeric = unfit === null && (o.numeric === true || (p.variables.length > threshold && !fewForms()));
        const bar = progressBar(`${p.name} ${claim.condition}${scope ? ` shard ${scope.k}/${scope.n}` : ''}`, !o.json && !numeric);
        let r: CheckResult | NumericCheckResult | undefined;
        // --jobs N: the pieces of the domain on N worker threads (src/cli/jobs.ts); one job when
        // the claim cannot be cut (then a note says why). A shard is decided in one job.
        let parallel: { certificate: Certificate | null; jobs: JobsSummary; noCertificate?: string } | null = null;
        let oneJobNote = '';
        if (jobs > 1 && !scope && !numeric) {
          try {
            const pj = await checkInJobs(p, claim, {
              jobs,
              maxBoxes,
              queueCap,
              timeLimitMs: budgetMs(),
              seed,
              z3: o.z3 !== false,
              certificate: o.cert !== undefined,
              linearForms,
              convexity: o.convexity !== false,
              steal: o.workStealing !== false,
              onProgress: bar.update,
            });
            if (pj.parallel) {
              bar.stop();
              r = withClaimFacts(pj.result, p, claim);
              parallel = { certificate: pj.certificate, jobs: pj.jobs, ...(pj.noCertificate && { noCertificate: pj.noCertificate }) };
            } else oneJobNote = `--jobs ${jobs}: ran as one job: ${pj.why}`;
          } catch (err) {
            bar.stop();
            if (err instanceof UnsupportedError) throw new InputError(`${p.source}: ${err.message}`);
            throw err;
          }
        }
        if (!r)
          try {
            r = await decide(p, claim, {
              maxBoxes,
              queueCap,
              timeLimitMs: budgetMs(),
              seed,
              onProgress: bar.update,
              z3: o.z3 !== false,
              linearForms,
              convexity: o.convexity !== false,
              // --cert: the proof tree is kept for the certificate (or the shard's result).
              certificate: o.cert !== undefined,
              numeric: o.numeric === true,
              numericThreshold: threshold,
              numericOptions: { samples, sgdSteps, adversarialSteps, backend: backend as BackendName | 'auto' },
            });
          } catch (err) {
            if (err instanceof UnsupportedError) throw new InputError(`${p.source}: ${err.message}`);
            throw err;
          } finally {
            bar.stop();
          }
        if (oneJobNote) r = { ...r, notes: [...r.notes, oneJobNote] } as typeof r;
        if (scope) r = await confirmOnWhole(full, claim, r, seed);
        let certNote = '';
        /** Certified, but the result has no certificate format yet (NoCertificate): nothing was written. */
        let certMissing = false;
        let certError = '';
        if (o.cert) {
          if (r.verdict === 'certified' || scope) {
            try {
              // --jobs: a piece whose proof has no certificate format (as one job: nothing written, a note).
              if (parallel && !parallel.certificate && r.verdict === 'certified')
                throw new NoCertificate(parallel.noCertificate ?? 'the pieces of --jobs gave no certificate to join');
              // A shard writes what merge-certs joins whatever its verdict: its certificate, or its result.
              const content = parallel?.certificate
                ? parallel.certificate
                : !scope
                  ? certificateFor(p, r)
                  : r.verdict === 'certified'
                    ? shardCertificate(full, p, r, scope)
                    : shardResult(full, claim, r, scope);
              writeFileAtomic(o.cert, `${JSON.stringify(content)}\n`);
              certNote = scope
                ? `shard ${scope.k}/${scope.n} ${r.verdict === 'certified' ? 'certificate' : `result (${r.verdict})`} written to ${o.cert}`
                : `certificate written to ${o.cert}`;
            } catch (err) {
              // A certified result with no certificate format (QCvx with S given by equations proved with
              // a normal-segment leaf at x*): the verdict stands, nothing is written, and the note says why.
              if (err instanceof NoCertificate) {
                certNote = `no certificate written: ${err.message}`;
                certMissing = true;
              } else {
                // An I/O error (missing directory, no permission): the verdict is still printed, then
                // one line naming the user's path, and the exit status is 65 (the output could not be written).
                if (!(err as NodeJS.ErrnoException).code) throw err;
                certError = `lscert: cannot write the certificate to ${printable(o.cert, 300)}: ${ioReason(err as NodeJS.ErrnoException, o.cert)}`;
                certNote = '';
              }
            }
          } else certNote = `no certificate written: the verdict is ${r.verdict}`;
        }
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify({
              ...checkJson(r),
              ...(certMissing && { notes: [...r.notes, certNote] }),
              ...(scope && { shard: scope }),
              ...(parallel && { jobs: parallel.jobs }),
              ...(o.cert && { certificate: (r.verdict === 'certified' || scope) && !certError && !certMissing ? o.cert : null }),
            })}\n`,
          );
        } else {
          process.stdout.write(`${humanCheck(r, scope, claim)}\n`);
          const e = 'empirical' in r ? r.empirical : undefined;
          if (e) process.stdout.write(`${humanEmpirical(e)}\n`);
          for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
          if (certNote) process.stderr.write(`${certNote}\n`);
        }
        if (certError) {
          process.stderr.write(`${certError}\n`);
          return EXIT.INPUT;
        }
        return verdictExit(r.verdict);
      }),
    );
}

/** "1 box", "2 boxes". */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Why a path could not be written, in words (the temporary file's name stays out of it). */
export function ioReason(e: NodeJS.ErrnoException, path: string): string {
  const dir = dirname(path);
  // ENOENT from a directory that exists: a file system that creates no files (/proc, /sys).
  if (e.code === 'ENOENT') return existsSync(dir) ? `no file can be created in ${printable(dir, 300)}` : `the directory ${printable(dir, 300)} does not exist`;
  if (e.code === 'EACCES' || e.code === 'EPERM') return `permission denied in ${printable(dir, 300)}`;
  if (e.code === 'EISDIR') return 'it is a directory';
  if (e.code === 'ENOTDIR') return `a part of ${printable(dir, 300)} is not a directory`;
  if (e.code === 'ENOSPC') return 'no space left on the device';
  if (e.code === 'EROFS') return 'read-only file system';
  return e.code ?? 'unknown error';
}

/**
 * The open regions of an inconclusive result: how many there are in all and the fraction of the
 * domain they cover (1 − coverage), then the first `shown` of them (JSON lists up to 20, with `openCount`).
 */
export function openLines(r: CheckResult, shown: number): string[] {
  const list = r.openRegions ?? [];
  const total = r.openCount ?? list.length;
  if (total === 0) return [];
  const share = `${((1 - r.coverage) * 100).toPrecision(3)}% of the domain`;
  const lines = [`  ${plural(total, 'open region', 'open regions')} (${share})${total > shown ? `, ${Math.min(shown, list.length)} shown` : ''}:`];
  for (const o of list.slice(0, shown)) lines.push(`    ${o.why}: ${o.box.lo.map((l, j) => `[${fmt(l)}, ${fmt(o.box.hi[j]!)}]`).join(' × ')}`);
  return lines;
}

/**
 * A result joined from --jobs pieces takes the claim's constants and the problem's trusted
 * values from the first piece that answered; when none answered (every piece stopped by the time
 * limit) they were empty: the text header read `alpha-beta ():` and the trusted line
 * `f* = undefined`. They depend only on the claim and the problem, so they are filled in here.
 */
function withClaimFacts(r: CheckResult, p: Problem, claim: Claim): CheckResult {
  const constants = Object.keys(r.constants).length ? r.constants : claimConstants(claim);
  const assumed = r.assumed && 'minimizers' in r.assumed ? r.assumed : assumedOf(p);
  return { ...r, constants, assumed };
}

export function humanCheck(r: CheckResult, shard?: ShardScope | null, claim?: Claim): string {
  const c = paint(useColor(process.stdout));
  // The claim's exact constants when known (the claim decided), else the result's doubles in full.
  const consts = claim
    ? claimConstantsText(claim)
    : Object.entries(r.constants)
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join(', ');
  const head = `${r.problem}: ${r.condition} (${consts})`;
  const numeric = 'empirical' in r ? (r.empirical as EmpiricalReport) : undefined;
  const stats = numeric
    ? `numeric fallback, ${numeric.evaluated.points} points, ${(r.elapsedMs / 1000).toFixed(2)} s`
    : `${plural(r.boxes, 'box', 'boxes')}, ${(r.elapsedMs / 1000).toFixed(2)} s`;
  const lines: string[] = [];
  const part = shard ? `shard ${shard.k}/${shard.n}` : 'the whole domain';
  if (r.verdict === 'certified')
    lines.push(`${head}: ${c.green('CERTIFIED')} on ${part}${shard ? ' only (join every shard with lscert merge-certs)' : ''} (${stats})`);
  else if (r.verdict === 'refuted') {
    const w = r.counterexample;
    lines.push(`${head}: ${c.red('REFUTED')}${shard ? ` in shard ${shard.k}/${shard.n} (the counterexample refutes the whole claim)` : ''} (${stats})`);
    lines.push(`  counterexample x = (${w.x.map(fmt).join(', ')})${w.term !== null ? `, term ${termLabel(w.term)}` : ''}`);
    if (w.projection)
      lines.push(`  ${projectionLabel(r.condition)} = (${w.projection.map(fmt).join(', ')})${r.condition === 'pl' ? ' (PL does not use it)' : ''}`);
    lines.push(`  residual ∈ [${w.residual[0]}, ${w.residual[1]}] < 0 (verified with interval arithmetic)`);
  } else {
    lines.push(
      `${head}: ${c.yellow('INCONCLUSIVE')}${shard ? ` on shard ${shard.k}/${shard.n}` : ''}: ${r.reason} (${numeric ? stats : `${(r.coverage * 100).toFixed(4)}% of the ${shard ? 'shard' : 'domain'} proved; ${stats}`})`,
    );
    lines.push(...openLines(r, 3));
  }
  if (shard)
    lines.push(
      `  shard ${shard.k}/${shard.n}: box ${shard.box.lo.map((l, j) => `[${l}, ${shard.box.hi[j]}]`).join(' × ')} (claim ${shard.claim.slice(0, 16)}…)`,
    );
  for (const n of r.notes) lines.push(c.dim(`  note: ${n}`));
  const trusted = assumedLine(r.assumed);
  if (trusted) lines.push(c.dim(`  ${trusted}`));
  if (r.universal) lines.push(`  ${r.reason}`);
  for (const s of r.computed) lines.push(c.dim(`  computed ${s.name} ∈ [${fmt(s.lo)}, ${fmt(s.hi)}] (${s.how})`));
  if (r.xstar) lines.push(c.dim(`  x* = (${r.xstar.value.map(fmt).join(', ')})`));
  return lines.join('\n');
}

/** The numeric fallback's measurements, labelled as what they are. */
export function humanEmpirical(e: EmpiricalReport): string {
  const c = paint(useColor(process.stdout));
  const ev = e.evaluated;
  const L: string[] = [];
  L.push(
    c.dim(
      `  numeric fallback (empirical, ${e.precision}, backend ${e.backend.detail}): ${ev.points} points: ${ev.samples} samples, ${ev.sgd.runs} SGD runs x ${ev.sgd.steps} steps (step ${fmt(ev.sgd.stepSize)}), ${ev.adversarial.starts} x ${ev.adversarial.steps} adversarial steps`,
    ),
  );
  if (e.worst) {
    L.push(
      `  worst float residual ${fmt(e.worst.residual)}${e.worst.term !== null ? ` (term ${termLabel(e.worst.term)})` : ''} from ${e.worst.source}; ${e.negativePoints} point(s) negative`,
    );
  }
  if (e.region) {
    const r = e.region;
    if (r.polygon.length === 0)
      L.push(
        `  empirical (alpha, beta) region: ${r.smallestAlpha === null ? `empty: no pair with alpha >= beta + ${r.gap}, alpha <= ${fmt(r.window)} fits every point` : `no pair with alpha <= ${fmt(r.alphaMax)}`}`,
      );
    else
      L.push(
        `  empirical (alpha, beta) region (not a proof; alpha >= beta + ${r.gap}, alpha <= ${fmt(r.alphaMax)}): smallest alpha ${fmt(r.smallestAlpha ?? NaN)}; vertices ${r.polygon.map(([a, b]) => `(${fmt(a)}, ${fmt(b)})`).join(' ')}`,
      );
  }
  if (e.supported) {
    const s = e.supported;
    L.push(
      `  empirical: largest supported ${s.constant} ${s.max === null ? 'unconstrained by the points' : s.max === 0 ? 'none (no positive constant)' : fmt(s.max)} (not a proof)`,
    );
  }
  L.push(c.dim(`  confirmation: ${e.confirmation.why}`));
  return L.join('\n');
}
