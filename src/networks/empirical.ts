/**
 * `lscert empirical` as a library call: data, model, the two-pass protocol for each seed,
 * the supported (α, β) region (polygon + LP extremes) over all seeds and all logged steps,
 * the min-T heat map, and the three diagnostics. The result is a statement about the logged
 * trajectories only; it is never a certificate.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { makeDirs } from '../io/outdir.js';
import { stageEmpiricalOut } from './outdir.js';
import { initBackend, type BackendChoice, type BackendName } from './backend.js';
import { loadData, type DataName, type Dataset } from './data.js';
import { buildModel, DEFAULT_DATA, type ModelName, type ModelOptions } from './models.js';
import type { OptimizerOptions } from './optim.js';
import { diagnosticsSpec, heatMapSpec, toSvg, type DiagPoint } from './plots.js';
import { halfPlanes, heatMap, niceCeil, regionLp, supportedPolygon, type HalfPlane, type HeatMap, type RegionLp } from './region.js';
import { measureSeed, type SeedLog, type TrainOptions } from './train.js';
import { LscertError } from '../errors.js';

export const DELTAS = [1, 1.25, 1.5, 1.75, 2] as const;
/** JSON key of δ ("1.00" … "2.00": non-integer-looking, so that object key order stays 1, 1.25, …, 2). */
export const deltaKey = (d: number) => d.toFixed(2);

export interface EmpiricalOptions {
  model: ModelName;
  modelOptions: ModelOptions;
  /** Default: the model's own synthetic set (models.ts DEFAULT_DATA). */
  data?: DataName;
  dataPath?: string;
  samples?: number;
  dim?: number;
  classes?: number;
  dataSeed: number;
  optimizer: OptimizerOptions;
  batch: number;
  epochs: number;
  seeds: number;
  /** First seed; the seeds are seed, seed+1, …. */
  seed: number;
  perSample: boolean;
  /** Diagnostics every this many steps (undefined: about 30 points per run). */
  diagEvery?: number;
  diagSamples: number;
  grid: number;
  alphaMax?: number;
  betaMax?: number;
  backend: BackendName | 'auto';
  /** Folder for the SVG / JSON artefacts. */
  out?: string;
}

export const DEFAULTS: Omit<EmpiricalOptions, 'model' | 'backend'> = {
  modelOptions: { depth: 2, width: 64, lambda: 1e-5 },
  dataSeed: 0,
  optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9, schedule: 'constant', decay: 0.1 },
  batch: 32,
  epochs: 10,
  seeds: 2,
  seed: 1,
  perSample: false,
  diagSamples: 2048,
  grid: 41,
};

export interface SeedSummary {
  seed: number;
  steps: number;
  constraints: number;
  finalLoss: number;
  run1Ms: number;
  run2Ms: number;
  replayIdentical: boolean;
}

/** The optimizer as reported: momentum only for sgd-momentum, the decay factor only for the step schedule. */
export interface ReportedOptimizer {
  name: OptimizerOptions['name'];
  lr: number;
  schedule: OptimizerOptions['schedule'];
  momentum?: number;
  decay?: number;
}

export function reportedOptimizer(o: OptimizerOptions): ReportedOptimizer {
  return {
    name: o.name,
    lr: o.lr,
    schedule: o.schedule,
    ...(o.name === 'sgd-momentum' && { momentum: o.momentum }),
    ...(o.schedule === 'step' && { decay: o.decay }),
  };
}

/**
 * Largest constants of Aiming and PL that hold at every diagnostics point, with f* taken as
 * f(x^K) (the stand-in for Proj(x^k, S), as for the angle):
 *   Aiming(θ): ⟨∇f(x^k), x^k − x^K⟩ ≥ θ (f(x^k) − f(x^K)),   PL(μ): ½‖∇f(x^k)‖² ≥ μ (f(x^k) − f(x^K)).
 * A point fails "for every constant" when no θ > 0 (μ > 0) satisfies it there: Aiming when
 * the gap f(x^k) − f(x^K) ≥ 0 and the dot product < 0, or gap > 0 and dot = 0; PL when gap > 0
 * and ∇f(x^k) = 0.
 */
export interface ConditionFit {
  points: number;
  aiming: {
    /** Points at which Aiming fails for every θ > 0. */
    failsForEvery: number;
    failsForEveryFraction: number;
    /** Some θ > 0 holds at every point. */
    holdsForSome: boolean;
    /** Largest θ that holds at every point (null: none does, or no point bounds θ from above). */
    thetaMax: number | null;
    /** Smallest θ that holds at every point (points with a negative gap bound θ from below). */
    thetaMin: number;
  };
  pl: {
    failsForEvery: number;
    failsForEveryFraction: number;
    /** Some μ > 0 holds at every point. */
    holdsForSome: boolean;
    /** Largest μ that holds at every point (null: none does, or no point has a positive gap). */
    muMax: number | null;
  };
}

export function conditionFit(logs: SeedLog[]): ConditionFit {
  let points = 0;
  let aFail = 0;
  let pFail = 0;
  let thetaMax = Infinity;
  let thetaMin = 0;
  let muMax = Infinity;
  for (const l of logs)
    l.diag.k.forEach((_, i) => {
      points++;
      const gap = l.diag.f[i]! - l.fFinal;
      const dot = l.diag.dot[i]!;
      const g2 = l.diag.gradNorm[i]! ** 2;
      if ((gap >= 0 && dot < 0) || (gap > 0 && dot === 0)) aFail++;
      if (gap > 0 && g2 === 0) pFail++;
      if (gap > 0) {
        thetaMax = Math.min(thetaMax, dot / gap);
        muMax = Math.min(muMax, g2 / (2 * gap));
      } else if (gap < 0) thetaMin = Math.max(thetaMin, dot / gap);
      else if (dot < 0) thetaMax = -Infinity;
    });
  const frac = (n: number) => (points ? n / points : 0);
  const aHolds = thetaMax > 0 && thetaMax >= thetaMin;
  const pHolds = muMax > 0;
  return {
    points,
    aiming: {
      failsForEvery: aFail,
      failsForEveryFraction: frac(aFail),
      holdsForSome: aHolds,
      thetaMax: aHolds && Number.isFinite(thetaMax) ? thetaMax : null,
      thetaMin,
    },
    pl: { failsForEvery: pFail, failsForEveryFraction: frac(pFail), holdsForSome: pHolds, muMax: pHolds && Number.isFinite(muMax) ? muMax : null },
  };
}

export interface EmpiricalResult {
  command: 'empirical';
  statement: string;
  model: { name: ModelName; description: string; parameters: number };
  data: { name: string; description: string; samples: number; sampleShape: number[] };
  backend: { name: BackendName; detail: string; attempts: BackendChoice['attempts'] };
  training: {
    optimizer: ReportedOptimizer;
    batch: number;
    epochs: number;
    seeds: number[];
    logging: 'mini-batch' | 'per-sample';
    diagEvery: number;
    diagSamples: number;
  };
  termMinima: { value: 0; note: string };
  constraints: number;
  region: {
    statement: string;
    empty: boolean;
    box: { alphaMax: number; betaMax: number };
    /** Counter-clockwise vertices [α, β] of the supported region clipped to the box. */
    polygon: [number, number][];
    lp: RegionLp;
    unboundedAlong11: boolean;
  };
  heatmap: HeatMap;
  diagnostics: {
    angleDeg: { min: number | null; max: number | null; aimingFailsAt: number; points: number };
    pl: Record<string, { min: number | null; max: number | null }>;
    aimingRatio: { min: number | null; max: number | null };
    /** Largest Aiming and PL constants over the diagnostics points, and where they fail for every constant. */
    conditions: ConditionFit;
    series: DiagPoint[];
  };
  sigma2int: { estimate: number; method: string };
  betaSigma2: number | null;
  seeds: SeedSummary[];
  artefacts: string[];
  elapsedMs: number;
}

/** Training produced non-finite losses or gradients: nothing can be measured (exit 65). */
export class DivergedError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}

/** Throws DivergedError naming the first seed and step whose logged numbers are not finite. */
export function checkFinite(logs: SeedLog[], lr: number): void {
  for (const l of logs) {
    const j = Array.from(l.c).findIndex((c, i) => !Number.isFinite(c) || !Number.isFinite(l.fk[i]!) || !Number.isFinite(l.fK[i]!));
    if (j >= 0 || !Number.isFinite(l.fFinal))
      throw new DivergedError(
        `training diverged (seed ${l.seed}, step ${j >= 0 ? l.k[j] : l.steps - 1}: loss or gradient not finite with lr ${lr}); lower --lr`,
      );
  }
}

export type Progress = (done: number, total: number, what: string) => void;

/** Count of model parameters. */
const count = (shapes: number[][]) => shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);

export function trainOptions(o: EmpiricalOptions, n: number): TrainOptions {
  const stepsPerEpoch = Math.max(1, Math.floor(n / Math.min(o.batch, n)));
  const K = stepsPerEpoch * o.epochs;
  return {
    model: o.model,
    modelOptions: o.modelOptions,
    optimizer: o.optimizer,
    batch: o.batch,
    epochs: o.epochs,
    perSample: o.perSample,
    diagEvery: o.diagEvery ?? Math.max(1, Math.ceil(K / 30)),
    diagSamples: o.diagSamples,
  };
}

export function loadDataFor(o: EmpiricalOptions): Dataset {
  return loadData({ name: o.data ?? DEFAULT_DATA[o.model], seed: o.dataSeed, samples: o.samples, dim: o.dim, classes: o.classes, path: o.dataPath });
}

function diagSeries(log: SeedLog): DiagPoint[] {
  const d = log.diag;
  return d.k.map((k, i) => {
    const gap = d.f[i]! - log.fFinal;
    const cos = d.gradNorm[i]! > 0 && d.dist[i]! > 0 ? d.dot[i]! / (d.gradNorm[i]! * d.dist[i]!) : null;
    const pl: Record<string, number | null> = {};
    for (const delta of DELTAS) pl[deltaKey(delta)] = gap > 0 && d.gradNorm[i]! > 0 ? 2 * Math.log(d.gradNorm[i]!) - (2 / delta) * Math.log(gap) : null;
    return {
      seed: log.seed,
      k,
      angle: cos === null ? null : (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI,
      aiming: d.f[i]! > 0 ? d.dot[i]! / d.f[i]! : null,
      pl,
    };
  });
}

const range = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? { min: Math.min(...v), max: Math.max(...v) } : { min: null, max: null };
};

export const STATEMENT =
  'empirical: the region is where min T >= 0 over the logged steps of these training runs (x^K stands in for Proj(x^k, S), f_i* taken as 0 as the paper does); it describes these trajectories only and is not a certificate';

/** Everything after the training: region, LP, heat map, diagnostics. */
export async function analyse(
  logs: SeedLog[],
  o: Pick<EmpiricalOptions, 'grid' | 'alphaMax' | 'betaMax'>,
): Promise<Pick<EmpiricalResult, 'constraints' | 'region' | 'heatmap' | 'diagnostics' | 'sigma2int' | 'betaSigma2'> & { halfPlanes: HalfPlane[] }> {
  const hs: HalfPlane[] = logs.flatMap((l) => halfPlanes(l.c, l.fk, l.fK));
  const lp = await regionLp(hs);
  const a0 = lp.minAlpha?.alpha;
  const alphaMax = o.alphaMax ?? (a0 !== undefined ? niceCeil(Math.max(1, 2 * a0)) : 10);
  const betaMax = o.betaMax ?? alphaMax;
  const polygon = supportedPolygon(hs, alphaMax, betaMax);
  const heat = heatMap(hs, alphaMax, betaMax, o.grid);
  const series = logs.flatMap(diagSeries);
  const angles = series.map((p) => p.angle);
  const pl: Record<string, { min: number | null; max: number | null }> = {};
  for (const d of DELTAS) pl[deltaKey(d)] = range(series.map((p) => p.pl[deltaKey(d)] ?? null));
  const sigma = Math.min(...logs.map((l) => l.fFinal));
  const beta = lp.minAlpha?.beta ?? null;
  return {
    halfPlanes: hs,
    constraints: hs.length,
    region: {
      statement: 'supported by the logged trajectories (not certified)',
      empty: lp.status !== 'optimal',
      box: { alphaMax, betaMax },
      polygon,
      lp,
      unboundedAlong11: hs.every((h) => h.b - h.a >= 0),
    },
    heatmap: heat,
    diagnostics: {
      angleDeg: { ...range(angles), aimingFailsAt: angles.filter((a) => a !== null && a > 90).length, points: angles.length },
      pl,
      aimingRatio: range(series.map((p) => p.aiming)),
      conditions: conditionFit(logs),
      series,
    },
    sigma2int: {
      estimate: sigma,
      method:
        'min over seeds of f(x^K) on the diagnostics set: with f_i* taken as 0 (every loss here is >= 0), sigma2_int = f* - mean f_i* <= f* <= f(x^K), so this is an over-estimate of sigma2_int when the diagnostics set is the whole data set (the default up to 2048 samples) and an estimate of that bound otherwise',
    },
    betaSigma2: beta === null ? null : beta * sigma,
  };
}

/**
 * Runs the whole empirical measurement. With `o.out`, the output directory is checked and its
 * temporary directory created before any training (a bad --out fails at once, exit 65), the
 * artefacts are written there and the directory is renamed to `o.out` at the end: an
 * interrupted or failed run leaves no partial output (src/networks/outdir.ts).
 */
export async function runEmpirical(o: EmpiricalOptions, progress: Progress = () => {}): Promise<EmpiricalResult> {
  const t0 = performance.now();
  const staged = o.out === undefined ? undefined : stageEmpiricalOut(o.out);
  try {
    const { result, logs } = await measureEmpirical(o, progress, t0);
    // writeArtefacts sets elapsedMs again just before it writes result.json (the plots included).
    if (staged) {
      result.artefacts = await writeArtefacts(staged.tmp, result, logs, t0, o.out);
      staged.commit();
    } else result.elapsedMs = performance.now() - t0;
    return result;
  } catch (err) {
    staged?.abort();
    throw err;
  }
}

/** The measurement of runEmpirical without writing anything (`o.out` is not read); `t0` its start. */
export async function measureEmpirical(o: EmpiricalOptions, progress: Progress, t0: number): Promise<{ result: EmpiricalResult; logs: SeedLog[] }> {
  // Data and model first: a bad file or a model/data mismatch is reported before tfjs starts.
  const data = loadDataFor(o);
  const model = buildModel(o.model, o.modelOptions, data);
  const be = await initBackend(o.backend);
  const to = trainOptions(o, data.n);
  const seeds = Array.from({ length: o.seeds }, (_, i) => o.seed + i);
  const logs: SeedLog[] = [];
  for (const [i, s] of seeds.entries()) {
    progress(i, seeds.length, `seed ${s}`);
    logs.push(await measureSeed(be.tf, data, to, s));
  }
  progress(seeds.length, seeds.length, 'region');
  checkFinite(logs, o.optimizer.lr);
  const an = await analyse(logs, o);
  const { halfPlanes: _hs, ...rest } = an;
  const result: EmpiricalResult = {
    command: 'empirical',
    statement: STATEMENT,
    model: { name: model.name, description: model.description, parameters: count(model.shapes) },
    data: { name: data.name, description: data.description, samples: data.n, sampleShape: data.xShape },
    backend: { name: be.name, detail: be.detail, attempts: be.attempts },
    training: {
      optimizer: reportedOptimizer(o.optimizer),
      batch: Math.min(o.batch, data.n),
      epochs: o.epochs,
      seeds,
      logging: o.perSample ? 'per-sample' : 'mini-batch',
      diagEvery: to.diagEvery,
      diagSamples: Math.min(o.diagSamples, data.n),
    },
    termMinima: {
      value: 0,
      note: 'T uses f_ik* = 0, as the paper does: every loss here is >= 0 with infimum 0 (half-space: infimum >= 0), so 0 is a lower bound of f_ik*',
    },
    ...rest,
    seeds: logs.map((l) => ({
      seed: l.seed,
      steps: l.steps,
      constraints: l.c.length,
      finalLoss: l.fFinal,
      run1Ms: l.run1Ms,
      run2Ms: l.run2Ms,
      replayIdentical: l.replayIdentical,
    })),
    artefacts: [],
    elapsedMs: performance.now() - t0,
  };
  return { result, logs };
}

/**
 * heatmap.svg, heatmap.json, diagnostics.svg, trajectory.json, result.json — each written
 * atomically into `dir` (created if missing), and listed (in the result and in result.json)
 * under `shownDir`: the directory `dir` becomes once renamed into place (default `dir`).
 */
export async function writeArtefacts(dir: string, r: EmpiricalResult, logs: SeedLog[], t0?: number, shownDir: string = dir): Promise<string[]> {
  makeDirs(dir);
  const files: string[] = [];
  const put = (name: string, text: string) => {
    writeFileAtomic(join(dir, name), text);
    files.push(join(shownDir, name));
  };
  const title = `min over seeds and k of T(α, β): empirical, logged trajectories only\n${r.model.name} ${r.data.name}, ${r.training.optimizer.name} lr ${r.training.optimizer.lr}, batch ${r.training.batch}, ${r.training.seeds.length} seed(s)`;
  put('heatmap.svg', await toSvg(heatMapSpec(r.heatmap, r.region.polygon, r.region.lp.minAlpha, title)));
  put('heatmap.json', `${JSON.stringify({ statement: STATEMENT, box: r.region.box, polygon: r.region.polygon, lp: r.region.lp, ...r.heatmap })}\n`);
  put('diagnostics.svg', await toSvg(diagnosticsSpec(r.diagnostics.series, `${r.model.description}: full-loss diagnostics along the run-2 trajectory`)));
  put(
    'trajectory.json',
    `${JSON.stringify({
      statement: STATEMENT,
      logging: r.training.logging,
      seeds: logs.map((l) => ({
        seed: l.seed,
        k: Array.from(l.k),
        c: Array.from(l.c),
        fk: Array.from(l.fk),
        fK: Array.from(l.fK),
        diag: l.diag,
        fFinal: l.fFinal,
      })),
    })}\n`,
  );
  const all = [...files, join(shownDir, 'result.json')];
  // The run's time, measured now (after the plots), is what result.json and the caller report.
  if (t0 !== undefined) r.elapsedMs = performance.now() - t0;
  put('result.json', `${JSON.stringify({ ...r, artefacts: all })}\n`);
  return all;
}
