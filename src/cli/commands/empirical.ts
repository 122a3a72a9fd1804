import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { BACKENDS, type BackendName } from '../../networks/backend.js';
import { DATA_NAMES } from '../../networks/data.js';
// Type-only: the measurement code (tfjs, vega, HiGHS) is imported lazily in the action so that other commands start fast.
import type { EmpiricalOptions, EmpiricalResult, Progress } from '../../networks/empirical.js';
import { MODEL_NAMES, type ModelName } from '../../networks/models.js';
import { OPTIMIZERS, SCHEDULES, type OptimizerName, type ScheduleName } from '../../networks/optim.js';
import { parseSweep } from '../../networks/sweepArgs.js';
// Type-only, like empirical.js above: the preset's code is imported in the action.
import type { PresetCommon, PresetName, PresetResult } from '../../networks/preset.js';
import { act } from '../act.js';
import { EXIT, UsageError } from '../exit.js';
import { fmt, paint, useColor } from '../io.js';
import { intFlag, numberFlag } from '../problemArgs.js';

interface EmpiricalFlags {
  model: string;
  depth?: string;
  width?: string;
  lambda: string;
  data?: string;
  dataPath?: string;
  samples?: string;
  dim?: string;
  classes?: string;
  dataSeed: string;
  optimizer: string;
  lr?: string;
  momentum: string;
  schedule: string;
  lrDecay: string;
  batch?: string;
  epochs?: string;
  seeds: string;
  seed: string;
  perSample?: boolean;
  diagEvery?: string;
  diagSamples: string;
  grid: string;
  alphaMax?: string;
  betaMax?: string;
  sweep?: string;
  preset?: string;
  presetScale: string;
  backend: string;
  out?: string;
  json?: boolean;
}

const DEFAULTS = { seeds: 2, seed: 1, diagSamples: 2048, grid: 41, presetScale: 1 };
const PRESET_NAMES: readonly PresetName[] = ['paper'];
/** Flags --preset leaves to the user (the plan fixes models, data and training). */
const PRESET_FLAGS = new Set(['preset', 'presetScale', 'out', 'json', 'backend', 'seeds', 'seed', 'dataSeed', 'grid']);
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const DELTAS = [1, 1.25, 1.5, 1.75, 2];

/** Per-model defaults (the half-space ones are the paper's: SGD, lr 1/4, batch 1). */
const MODEL_DEFAULTS: Record<ModelName, { width: number; depth: number; lr: number; batch: number; epochs: number }> = {
  mlp: { width: 64, depth: 2, lr: 0.05, batch: 32, epochs: 10 },
  cnn: { width: 8, depth: 2, lr: 0.05, batch: 32, epochs: 4 },
  lstm: { width: 32, depth: 1, lr: 0.1, batch: 32, epochs: 4 },
  transformer: { width: 16, depth: 1, lr: 0.05, batch: 32, epochs: 4 },
  halfspace: { width: 1, depth: 1, lr: 0.25, batch: 1, epochs: 10 },
  mf: { width: 4, depth: 1, lr: 0.05, batch: 16, epochs: 20 },
};

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${v}'`);
  return v as T;
}

function positive(flag: string, v: string | undefined): number | undefined {
  const x = numberFlag(flag, v);
  if (x !== undefined && !(x > 0)) throw new UsageError(`${flag} must be > 0, got '${v}'`);
  return x;
}

/** Flags → options (every check that needs no data or backend; exit 64 on a bad flag). */
export function empiricalOptions(o: EmpiricalFlags): EmpiricalOptions {
  const model = oneOf('--model', o.model, MODEL_NAMES);
  const md = MODEL_DEFAULTS[model];
  const data = o.data === undefined ? undefined : oneOf('--data', o.data, DATA_NAMES);
  const backend = oneOf('--backend', o.backend, ['auto', ...BACKENDS] as const) as BackendName | 'auto';
  const lambda = numberFlag('--lambda', o.lambda)!;
  if (lambda < 0) throw new UsageError(`--lambda must be >= 0, got '${o.lambda}'`);
  const momentum = numberFlag('--momentum', o.momentum)!;
  if (!(momentum >= 0 && momentum < 1)) throw new UsageError(`--momentum must be in [0, 1), got '${o.momentum}'`);
  const seed = intFlag('--seed', o.seed, 0)!;
  if (seed >= 2 ** 32) throw new UsageError(`--seed must be < 2^32, got '${o.seed}'`);
  // An empty --out named the current directory (or, before, silently wrote nothing).
  if (o.out !== undefined && o.out.trim() === '') throw new UsageError('--out needs a directory name');
  const grid = intFlag('--grid', o.grid, 2)!;
  if (grid > 1000) throw new UsageError(`--grid must be <= 1000, got '${o.grid}'`);
  return {
    model,
    modelOptions: { depth: intFlag('--depth', o.depth) ?? md.depth, width: intFlag('--width', o.width) ?? md.width, lambda },
    data,
    dataPath: o.dataPath,
    samples: intFlag('--samples', o.samples),
    dim: intFlag('--dim', o.dim),
    classes: intFlag('--classes', o.classes, 2),
    dataSeed: intFlag('--data-seed', o.dataSeed, 0)!,
    optimizer: {
      name: oneOf('--optimizer', o.optimizer, OPTIMIZERS) as OptimizerName,
      lr: positive('--lr', o.lr) ?? md.lr,
      momentum,
      schedule: oneOf('--schedule', o.schedule, SCHEDULES) as ScheduleName,
      decay: positive('--lr-decay', o.lrDecay)!,
    },
    batch: intFlag('--batch', o.batch) ?? md.batch,
    epochs: intFlag('--epochs', o.epochs) ?? md.epochs,
    seeds: intFlag('--seeds', o.seeds)!,
    seed,
    perSample: !!o.perSample,
    diagEvery: intFlag('--diag-every', o.diagEvery),
    diagSamples: intFlag('--diag-samples', o.diagSamples)!,
    grid,
    alphaMax: positive('--alpha-max', o.alphaMax),
    betaMax: positive('--beta-max', o.betaMax),
    backend,
    out: o.out,
  };
}

function progress(enabled: boolean, label: string): { cb: Progress; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { cb: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {what}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    cb: (done, total, what) => {
      if (!started) {
        bar.start(total, done, { what });
        started = true;
      } else bar.update(done, { what });
    },
    stop: () => started && bar.stop(),
  };
}

/** `lscert empirical`: the paper's two-pass measurement along training trajectories. Exit 0 on success. */
export function registerEmpirical(program: Command): void {
  program
    .command('empirical')
    .description(
      'measure the alpha-beta-condition along SGD/Adam training trajectories (two-pass protocol of the paper); the region describes the logged trajectories only, it is never a certificate',
    )
    .option('--model <name>', MODEL_NAMES.join(' | '), 'mlp')
    .option('--depth <n>', 'hidden layers (mlp), conv blocks (cnn); default per model')
    .option('--width <n>', 'hidden width (mlp), channels (cnn), hidden size (lstm), model dim (transformer), rank (mf); default per model')
    .option('--lambda <l>', 'ridge weight of the half-space model', '1e-5')
    .option('--data <name>', `${DATA_NAMES.join(' | ')} (default per model: mlp gaussian, cnn images, lstm/transformer sequences)`)
    .option(
      '--data-path <path>',
      'local files for mnist / fashion-mnist (folder or "IMAGES,LABELS" IDX files, .gz allowed) and cifar10 / cifar100 (binary batch file or folder)',
    )
    .option('--samples <n>', 'synthetic: number of samples; files: keep the first n')
    .option('--dim <n>', 'synthetic: input dimension (features per step for sequences, matrix size for mf)')
    .option('--classes <n>', 'synthetic: number of classes')
    .option('--data-seed <n>', 'seed of the synthetic data set (fixed across training seeds)', '0')
    .option('--optimizer <name>', OPTIMIZERS.join(' | '), 'sgd')
    .option('--lr <gamma>', 'learning rate (default per model; 0.05 for the mlp)')
    .option('--momentum <mu>', 'momentum of sgd-momentum', '0.9')
    .option('--schedule <name>', `${SCHEDULES.join(' | ')} (step: x lr-decay at 50% and 75% of the steps; inv-sqrt: lr/sqrt(k+1))`, 'constant')
    .option('--lr-decay <factor>', 'factor of the step schedule', '0.1')
    .option('--batch <n>', 'mini-batch size (default per model; 32 for the mlp)')
    .option('--epochs <n>', 'epochs (default per model; 10 for the mlp)')
    .option('--seeds <n>', 'training seeds (initial weights and batch order); the region is over all of them', String(DEFAULTS.seeds))
    .option('--seed <n>', 'first training seed', String(DEFAULTS.seed))
    .option('--per-sample', 'log one constraint per sample of each mini-batch (f_i, c_i) instead of the mini-batch loss')
    .option('--diag-every <n>', 'full-loss diagnostics every n steps (default: about 30 points per run)')
    .option('--diag-samples <n>', 'samples used for the full-loss diagnostics (a seeded subset when the data set is larger)', String(DEFAULTS.diagSamples))
    .option('--grid <n>', 'heat-map grid points per axis', String(DEFAULTS.grid))
    .option('--alpha-max <a>', 'heat-map and polygon box: alpha range [0, a] (default: a round number >= 2 x smallest supported alpha)')
    .option('--beta-max <b>', 'beta range [0, b] (default: alpha-max)')
    .option('--sweep <key=v1,v2,...>', 'run once per setting and print the Table-2 style table: width, depth or batch')
    .option(
      '--preset <name>',
      'paper: the documented set of MNIST runs behind Figure 1 and Table 2 (MLP and CNN with SGD and Adam; width, depth, batch and over-parameterisation sweeps); needs --out, writes paper.html and paper.json',
    )
    .option(
      '--preset-scale <s>',
      'with --preset: multiply every sample count by s (at least 20 digits per run; 1 is the documented plan, small values for a quick look)',
      String(DEFAULTS.presetScale),
    )
    .option('--backend <name>', `auto | ${BACKENDS.join(' | ')} (auto: the fastest that starts)`, 'auto')
    .option(
      '--out <dir>',
      'write heatmap.svg, heatmap.json, diagnostics.svg, trajectory.json, result.json (sweep: sweep.svg, sweep.json and one folder per setting); checked before training, written atomically, an earlier empirical output there is replaced',
    )
    .option('--json', 'print one JSON object')
    .action(
      act(async (o: EmpiricalFlags, cmd: Command) => {
        const fromCli = (key: string) => cmd.getOptionValueSource(key) === 'cli';
        if (o.preset !== undefined) return runPresetCommand(o, fromCli);
        if (fromCli('presetScale')) throw new UsageError('--preset-scale needs --preset');
        const opts = empiricalOptions(o);
        const sweep = o.sweep === undefined ? undefined : parseSweep(o.sweep);
        if (typeof sweep === 'string') throw new UsageError(sweep);
        const { runSweep, sweepTable } = await import('../../networks/sweep.js');
        const { runEmpirical } = await import('../../networks/empirical.js');
        const bar = progress(!o.json, sweep ? `sweep ${sweep.key}` : 'empirical');
        try {
          if (sweep) {
            const s = await runSweep(opts, sweep.key, sweep.values, bar.cb);
            bar.stop();
            if (o.json) process.stdout.write(`${JSON.stringify({ ...s, results: s.results.map(compact) })}\n`);
            else {
              const c = paint(useColor(process.stdout));
              const r0 = s.results[0]!;
              process.stdout.write(
                `${c.bold(`lscert empirical sweep over ${s.key}`)}: ${r0.model.name}, ${r0.data.name}, ${r0.training.optimizer.name} lr ${r0.training.optimizer.lr}, ${r0.training.seeds.length} seed(s), backend ${r0.backend.detail}\n\n${sweepTable(s)}\n\n`,
              );
              process.stdout.write(
                c.dim(
                  `smallest α: the LP minimum of α over the supported region (β: the smallest β with that α); σ²_int est.: ${s.sigma2intMethod}\n${s.statement}\n`,
                ),
              );
              if (s.artefacts.length) process.stdout.write(`artefacts: ${s.artefacts.slice(0, 2).join(', ')} (+ one folder per setting)\n`);
            }
          } else {
            const r = await runEmpirical(opts, bar.cb);
            bar.stop();
            if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
            else process.stdout.write(`${human(r)}\n`);
            const differ = r.seeds.filter((x) => !x.replayIdentical).map((x) => x.seed);
            if (differ.length)
              process.stderr.write(
                `warning: run 2 did not replay run 1 bit for bit for seed(s) ${differ.join(', ')} on backend ${r.backend.detail}: the log describes a nearby trajectory\n`,
              );
          }
        } catch (err) {
          bar.stop();
          throw err; // BackendError, DataError, DivergedError: exit 65; ModelError: 64 (src/errors.ts)
        }
        return EXIT.OK;
      }),
    );
}

/** Flags → the preset's common settings (exit 64 for a flag the preset fixes, a missing --out, a bad scale). */
export function presetCommon(o: EmpiricalFlags, fromCli: (key: string) => boolean): { name: PresetName; common: PresetCommon; out: string } {
  const name = oneOf('--preset', o.preset!, PRESET_NAMES);
  const fixed = Object.keys(o).filter((k) => !PRESET_FLAGS.has(k) && fromCli(k));
  if (fixed.length)
    throw new UsageError(
      `--preset ${name} fixes the models, data and training settings: drop ${fixed.map(flagName).join(', ')} (with --preset only --out, --json, --backend, --seeds, --seed, --data-seed, --grid and --preset-scale apply)`,
    );
  if (!o.out) throw new UsageError(`--preset ${name} needs --out DIR (it writes paper.html, paper.json and the figures there)`);
  const scale = positive('--preset-scale', o.presetScale)!;
  if (scale > 10) throw new UsageError(`--preset-scale must be <= 10, got '${o.presetScale}'`);
  const e = empiricalOptions({ ...o, model: 'mlp' });
  return { name, out: o.out, common: { backend: e.backend, seeds: e.seeds, seed: e.seed, dataSeed: e.dataSeed, grid: e.grid, scale } };
}

async function runPresetCommand(o: EmpiricalFlags, fromCli: (key: string) => boolean): Promise<number> {
  const { name, common, out } = presetCommon(o, fromCli);
  const { presetPlan, runPreset } = await import('../../networks/preset.js');
  const { writePreset } = await import('../../networks/presetHtml.js');
  const { sweepTable } = await import('../../networks/sweep.js');
  const { stageEmpiricalOut } = await import('../../networks/outdir.js');
  const t0 = performance.now();
  const plan = presetPlan(name, common);
  // --out is checked, and its temporary directory created, before the first run; the page is
  // written there and renamed to --out at the end (nothing partial on an error or a signal).
  const staged = stageEmpiricalOut(out);
  const bar = progress(!o.json, `preset ${name}`);
  let r: PresetResult;
  try {
    try {
      r = await runPreset(plan, common, bar.cb);
    } finally {
      bar.stop();
    }
    await writePreset(staged.tmp, r, t0, out);
    staged.commit();
  } catch (err) {
    staged.abort();
    throw err;
  }
  if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else process.stdout.write(`${presetHuman(r, sweepTable)}\n`);
  for (const f of r.figure1) if (f.error) process.stderr.write(`warning: figure 1 run ${f.id} not measured: ${f.error}\n`);
  for (const t of r.table2) for (const e of t.errors) process.stderr.write(`warning: table 2 ${t.id} ${t.key}=${e.value} not measured: ${e.error}\n`);
  return EXIT.OK;
}

/** The preset's text summary: Figure-1 table, the Table-2 tables, the files. */
export function presetHuman(r: PresetResult, table: (t: PresetResult['table2'][number]) => string): string {
  const c = paint(useColor(process.stdout));
  const L: string[] = [];
  L.push(c.bold(`lscert empirical --preset ${r.preset}: ${r.settings.data}, scale ${r.settings.scale}, ${r.settings.seeds} seed(s) from ${r.settings.seed}`));
  L.push('');
  L.push(`${c.bold('Figure 1')} (diagnostics iterates; f* taken as f(x^K)):`);
  const head = ['run', 'iterates', 'Aiming fails ∀θ', 'largest θ', 'PL fails ∀μ', 'largest μ', 'smallest α', 'β at it', 'polygon'];
  const rows = r.figure1.map((f) => {
    if (!f.result) return [f.id, '—', '—', '—', '—', '—', '—', '—', `not measured: ${f.error}`];
    const k = f.result.diagnostics.conditions;
    const lp = f.result.region.lp;
    return [
      f.id,
      String(k.points),
      `${(100 * k.aiming.failsForEveryFraction).toFixed(1)}%`,
      k.aiming.holdsForSome ? r2(k.aiming.thetaMax) : 'none',
      `${(100 * k.pl.failsForEveryFraction).toFixed(1)}%`,
      k.pl.holdsForSome ? r2(k.pl.muMax) : 'none',
      r2(lp.minAlpha?.alpha ?? null),
      r2(lp.minAlpha?.beta ?? null),
      f.result.region.empty ? 'empty' : `${f.result.region.polygon.length} vertices`,
    ];
  });
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i]!.length)));
  const line = (cells: string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
  L.push(line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line), '');
  for (const t of r.table2) {
    L.push(`${c.bold('Table 2')}: ${t.title}`);
    if (t.rows.length) L.push(table(t));
    for (const e of t.errors) L.push(`  ${t.key}=${e.value}: not measured: ${e.error}`);
    L.push('');
  }
  L.push(c.dim(`σ²_int est.: ${r.sigma2intMethod}`));
  L.push(c.dim(r.statement));
  L.push(`artefacts: ${r.artefacts.filter((a) => !a.endsWith('.svg')).join(', ')} (+ ${r.artefacts.filter((a) => a.endsWith('.svg')).length} SVG figures)`);
  L.push(c.dim(`${(r.elapsedMs / 1000).toFixed(1)} s`));
  return L.join('\n');
}

/** A sweep's per-setting results without the bulky heat maps and series. */
function compact(r: EmpiricalResult): unknown {
  const { heatmap: _h, diagnostics, ...rest } = r;
  const { series: _s, ...diag } = diagnostics;
  return { ...rest, diagnostics: diag };
}

const r2 = (x: number | null) => (x === null ? '—' : fmt(x));

export function human(r: EmpiricalResult): string {
  const c = paint(useColor(process.stdout));
  const L: string[] = [];
  const t = r.training;
  const steps = r.seeds[0]?.steps ?? 0;
  const run1 = r.seeds.reduce((s, x) => s + x.run1Ms, 0);
  const run2 = r.seeds.reduce((s, x) => s + x.run2Ms, 0);
  const tried = r.backend.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`);
  L.push(c.bold(`lscert empirical: ${r.model.description}, ${r.model.parameters} parameters`));
  L.push(`  data:     ${r.data.description}`);
  L.push(`  backend:  ${r.backend.detail}${tried.length ? c.dim(` (not used: ${tried.join('; ')})`) : ''}`);
  L.push(
    `  training: ${t.optimizer.name}${t.optimizer.name === 'sgd-momentum' ? ` (momentum ${t.optimizer.momentum})` : ''}, lr ${t.optimizer.lr} ${t.optimizer.schedule}, batch ${t.batch}, ${t.epochs} epochs = ${steps} steps per run, seeds ${t.seeds.join(', ')}`,
  );
  const same = r.seeds.every((s) => s.replayIdentical);
  L.push(
    `  two-pass: run 1 ${(run1 / 1000).toFixed(2)} s, run 2 (replay + logging) ${(run2 / 1000).toFixed(2)} s; replay ${same ? c.green('bit-identical') : c.red('NOT identical (the log describes a different trajectory)')}`,
  );
  L.push(`  logged:   ${r.constraints} constraints (${t.logging}), T = c_k − α(f_ik(x^k) − f_ik(x^K)) + β(f_ik(x^k) − f_ik*), f_ik* = 0 as in the paper`);
  const lp = r.region.lp;
  if (r.region.empty) L.push(`  region:   ${c.red('no supported (α, β)')} with α ≥ β + 0.1 (LP ${lp.status})`);
  else {
    L.push(`  region (supported by these trajectories, not certified):`);
    L.push(
      `    smallest α = ${r2(lp.minAlpha!.alpha)} (with β = ${r2(lp.minAlpha!.beta)}); smallest β = ${r2(lp.minBeta?.beta ?? null)} (with α = ${r2(lp.minBeta?.alpha ?? null)}); smallest α − β = ${lp.minGap ? r2(lp.minGap.alpha - lp.minGap.beta) : '—'}`,
    );
    const poly = r.region.polygon.map(([a, b]) => `(${fmt(a)}, ${fmt(b)})`).join(' ');
    L.push(
      `    polygon in [0, ${fmt(r.region.box.alphaMax)}] × [0, ${fmt(r.region.box.betaMax)}]: ${poly || 'outside the box'}${r.region.unboundedAlong11 ? c.dim('  (unbounded along (1, 1))') : ''}`,
    );
  }
  const d = r.diagnostics;
  L.push(`  diagnostics (full loss on ${t.diagSamples} samples, every ${t.diagEvery} steps, ${d.angleDeg.points} points):`);
  L.push(`    angle ∠(∇f(x^k), x^k − x^K): ${r2(d.angleDeg.min)}° … ${r2(d.angleDeg.max)}°; above 90° (Aiming fails) at ${d.angleDeg.aimingFailsAt} point(s)`);
  L.push(
    `    PL quantity 2 log‖∇f‖ − (2/δ) log(f(x^k) − f(x^K)): ${DELTAS.map((x) => `δ=${x}: [${r2(d.pl[x.toFixed(2)]!.min)}, ${r2(d.pl[x.toFixed(2)]!.max)}]`).join('  ')}`,
  );
  L.push(`    aiming ratio ⟨∇f(x^k), x^k − x^K⟩ / f(x^k): [${r2(d.aimingRatio.min)}, ${r2(d.aimingRatio.max)}]`);
  const k = d.conditions;
  L.push(
    `    with f* = f(x^K): Aiming fails for every θ > 0 at ${k.aiming.failsForEvery} of ${k.points} points, ${k.aiming.holdsForSome ? `largest θ ${r2(k.aiming.thetaMax)}` : 'no θ > 0 holds at all of them'}; PL fails for every μ > 0 at ${k.pl.failsForEvery}, ${k.pl.holdsForSome ? `largest μ ${r2(k.pl.muMax)}` : 'no μ > 0 holds at all of them'}`,
  );
  L.push(`  σ²_int ≲ ${fmt(r.sigma2int.estimate)} (f(x^K), see --json), β·σ²_int ≲ ${r2(r.betaSigma2)}`);
  if (r.artefacts.length) L.push(`  artefacts: ${r.artefacts.join(', ')}`);
  L.push(c.dim(`  ${r.statement}`));
  L.push(c.dim(`  ${(r.elapsedMs / 1000).toFixed(1)} s`));
  return L.join('\n');
}
