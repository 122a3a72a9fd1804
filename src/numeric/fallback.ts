/**
 * The numeric fallback of `lscert check` (issue [7], item 7): for problems beyond the
 * interval engine's reach (many variables, e.g. a network written as a template problem),
 * the residual of the claim is evaluated with TensorFlow.js in large batches:
 *
 *   1. SGD trajectories of f as in the paper (DOMAIN §5): parallel runs, one random term per
 *      step, projected onto the box; every iterate is a measured point;
 *   2. uniform samples over the box (every eighth a random corner);
 *   3. adversarial descent on the residual: signed-gradient steps (PGD) from the lowest
 *      points found, minimizing min_i R_i(x) with tf.grad through the residual.
 *
 * Verdicts: never `certified` (samples prove nothing). `refuted` only when a candidate is
 * confirmed by the engine's rigorous witness check at that point (./confirm.ts). Otherwise
 * `inconclusive`, with an `empirical` field: the worst float residual, the supported (α, β)
 * region (α-β) or the largest supported constant (PL, Aiming, QCvx), and what was done.
 *
 * S: given S (points, affine, projection map) is used as the engine uses it. `minimizers:
 * auto` is computed by the engine when d is within the threshold (a forced fallback);
 * otherwise x_p is the paper's stand-in, the last SGD iterate x^K (per run for trajectory
 * points, the best run's for the others), and a refutation is impossible (PL excepted: it
 * needs only f*, and f at any point bounds f* from above, the refuting direction).
 */

import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { domainCentre, objective, type Claim, type ProjectionModel, type Slot } from '../conditions/index.js';
import { checkAssumptions, minimizerModel, resultBase, rng, type Box, type CheckResult, type Counterexample } from '../engine/index.js';
import { withDeadline } from '../engine/budget.js';
import { compileFloat, encloseConstant, freeVariables, interpretInterval, substitute, type Expr } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { domainBoxes, type Problem } from '../problem/index.js';
import { initBackend, type BackendChoice, type BackendName, type TF } from '../networks/backend.js';
import { confirmCandidates, termMinimumSlots, widenPlResidual, withFstarUpperBound, type Confirmation } from './confirm.js';
import { ConstantAccumulator, RegionAccumulator, type EmpiricalRegion } from './region.js';
import { obligations, residualBatch, type FloatProjection, type ResidualModel } from './residual.js';
import { columns, compileTf, stackColumns, type TfProgram } from './tfExpr.js';

/** Default dimension above which `check` uses the numeric fallback. */
export const DEFAULT_NUMERIC_THRESHOLD = 12;

export interface NumericOptions {
  readonly seed: number;
  readonly timeLimitMs: number;
  readonly backend: BackendName | 'auto';
  /** The dimension threshold in force (reported; `auto` S is computed only when d ≤ threshold). */
  readonly threshold: number;
  /** True when the fallback was asked for (--numeric) rather than chosen by the threshold. */
  readonly forced: boolean;
  /** Uniform samples over the box. */
  readonly samples: number;
  /** Rows per tfjs batch. */
  readonly batch: number;
  readonly sgdRuns: number;
  readonly sgdSteps: number;
  readonly adversarialStarts: number;
  readonly adversarialSteps: number;
}

export const DEFAULT_NUMERIC: Omit<NumericOptions, 'seed' | 'timeLimitMs' | 'backend' | 'threshold' | 'forced'> = {
  samples: 8192,
  batch: 2048,
  sgdRuns: 16,
  sgdSteps: 100,
  adversarialStarts: 128,
  adversarialSteps: 40,
};

type Source = 'sample' | 'sgd' | 'adversarial';

/** A measured point. */
interface Row {
  readonly value: number;
  readonly x: number[];
  readonly obligation: number;
  readonly xp: number[] | null;
  readonly source: Source;
}

/** The `empirical` field of a fallback result (an extension of check's JSON, docs/cli.md#check). */
export interface EmpiricalReport {
  readonly method: 'numeric-fallback';
  readonly disclaimer: string;
  readonly dim: number;
  readonly threshold: number;
  readonly forced: boolean;
  readonly backend: { readonly name: BackendName; readonly detail: string };
  readonly precision: 'float32';
  /** How x_p (or x*) was obtained. */
  readonly projection: string;
  /** The f_i* (α-β) or f* values the float residual used, and where they come from. */
  readonly constantsUsed: { readonly termMinima?: readonly number[]; readonly fstar?: number; readonly how: string };
  readonly evaluated: {
    readonly points: number;
    readonly samples: number;
    readonly sgd: { readonly runs: number; readonly steps: number; readonly stepSize: number; readonly points: number };
    readonly adversarial: { readonly starts: number; readonly steps: number; readonly points: number };
    /** Points where the float residual was NaN or infinite (skipped). */
    readonly nonFinite: number;
  };
  /** The most negative float residual found (the claim's constants), or null if none was finite. */
  readonly worst: {
    readonly residual: number;
    readonly x: number[];
    readonly term: number | null;
    readonly projection: number[] | null;
    readonly source: Source;
  } | null;
  /** Points with a negative float residual. */
  readonly negativePoints: number;
  /** α-β: the supported region (empirical; the claim is inside iff no point had R < 0). */
  readonly region?: EmpiricalRegion & { readonly claimSupported: boolean };
  /** PL (mu), Aiming and QCvx (theta): the largest constant the points support (0: none positive; null: unconstrained). */
  readonly supported?: { readonly constant: 'mu' | 'theta'; readonly max: number | null; readonly constraints: number };
  readonly confirmation: { readonly attempted: boolean; readonly candidates: number; readonly confirmed: boolean; readonly why: string };
  /** Set when the time limit cut a phase short. */
  readonly timeLimited?: string;
  readonly elapsedMs: number;
}

/** The numeric fallback's result: it refutes (with an interval-confirmed counterexample) or is inconclusive, and cannot say certified. */
export type NumericCheckResult = Exclude<CheckResult, { verdict: 'certified' }> & { readonly empirical: EmpiricalReport };

const NEG_CAP = 64;

/** Per-case measurement: worst point, candidate pools, region or constant. */
class Measure {
  worst: Row | null = null;
  negatives: Row[] = [];
  lowest: Row[] = [];
  negativeCount = 0;
  readonly region = new RegionAccumulator();
  readonly constant = new ConstantAccumulator();

  static push(pool: Row[], rows: Row[], cap: number): Row[] {
    if (rows.length === 0) return pool;
    return [...pool, ...rows].sort((p, q) => p.value - q.value).slice(0, cap);
  }
}

/** Per-term lowest float values of f_i and of f over everything evaluated. */
interface Minima {
  term: { v: number; x: number[] | null }[];
  mean: { v: number; x: number[] | null };
}

/**
 * The numeric fallback, step by step: set up, S, SGD, the cases, f_i*, measure, pick the
 * deciding case, confirm with intervals, assemble the result. Every step consumes the seeded
 * RNG and checks the time limit in the same order as before the split.
 */
export async function numericCheck(p: Problem, claim: Claim, o: NumericOptions): Promise<NumericCheckResult> {
  const run = await setUp(p, claim, o);
  const model = modelOfS(run);
  const sgd = runSgd(run.tf, run.terms, run.domain, o, run.random, run.clock.late);
  const cases = buildCases(run, model, sgd);
  const termMinima = termMinimaFor(run);
  const measured = measure(run, model, sgd, cases.list, termMinima);
  const pick = decidingCase(measured.measures);
  const outcome = confirmWithIntervals(run, model, cases.list, measured, pick);
  return assemble(run, sgd, cases, termMinima, measured, pick, outcome);
}

// --- step 1: set up ----------------------------------------------------------------------

/**
 * The clock of the time limit: `late(phase, needMs)` is true when the deadline has passed, or
 * would pass before a step expected to take `needMs` ends, and records the first phase cut
 * short. The loops pass the duration of their previous step (the first: an estimate from the
 * program's size, `stepEstimateMs`): one SGD step over 10 000 variables takes about 1.5 s, and
 * `--time-limit 3` ran 6.5 s when every step was started while any time was left.
 */
interface Clock {
  readonly started: number;
  readonly late: (phase: string, needMs?: number) => boolean;
  readonly timeLimited: () => string | undefined;
}

function startClock(timeLimitMs: number): Clock {
  const started = Date.now();
  const deadline = started + timeLimitMs;
  let timeLimited: string | undefined;
  const late = (phase: string, needMs = 0) => {
    if (Date.now() + needMs <= deadline) return false;
    timeLimited ??= phase;
    return true;
  };
  return { started, late, timeLimited: () => timeLimited };
}

/**
 * A first guess of one tfjs pass's duration (ms) over `rows` rows, from costs measured on the
 * wasm backend: ~0.05 ms per instruction and ~0.25 ms per variable read (its column is sliced
 * out of the batch), a little per row; one SGD step (values and gradient) over 10 000 squares
 * took 3.4 s with 6 rows. `passes` ≈ 3 for a residual batch (values, tangents, gradient).
 */
const stepEstimateMs = (terms: TfProgram, rows: number, passes = 1) => passes * (terms.size * 0.05 + terms.used.length * 0.25) + terms.size * rows * 0.00005;

/** The duration of each pass of a loop, for `late(phase, needMs)`: `need()` before a step, `done()` after it. */
function stepTimer(firstGuessMs: number): { need: () => number; start: () => void; done: () => void } {
  let last = firstGuessMs;
  let t0 = 0;
  return {
    need: () => last,
    start: () => {
      t0 = Date.now();
    },
    done: () => {
      last = Date.now() - t0;
    },
  };
}

/** What every step reads: the inputs, the backend, the boxes, the result's base (warnings, notes), f, the terms in tfjs, the seeded RNG, the clock. */
interface Run {
  readonly p: Problem;
  readonly claim: Claim;
  readonly o: NumericOptions;
  readonly clock: Clock;
  readonly backend: BackendChoice;
  readonly tf: TF;
  readonly d: number;
  readonly n: number;
  readonly boxes: ReturnType<typeof domainBoxes>;
  readonly domain: Box;
  readonly inner: Box;
  readonly base: ReturnType<typeof resultBase>;
  readonly f: Expr;
  readonly terms: TfProgram;
  readonly random: () => number;
}

async function setUp(p: Problem, claim: Claim, o: NumericOptions): Promise<Run> {
  const clock = startClock(o.timeLimitMs);
  const backend = await initBackend(o.backend);
  const d = p.variables.length;
  const boxes = domainBoxes(p);
  const base = resultBase(p, claim);
  // As check(): a proved contradiction in the given S, f*, f_i* is an input error (exit 65).
  // Within the time limit (symbolic derivatives of many terms take seconds; past it they stop).
  base.warnings.push(...withDeadline(clock.started + o.timeLimitMs, () => checkAssumptions(p, o.seed)).warnings);
  const f = objective(p);
  const terms = compileTf(p.terms, d);
  const random = rng(o.seed);
  return { p, claim, o, clock, backend, tf: backend.tf, d, n: p.terms.length, boxes, domain: boxes.outer, inner: boxes.inner, base, f, terms, random };
}

// --- step 2: S, the engine's model when it is known rigorously ---------------------------

function modelOfS(run: Run): ProjectionModel | null {
  const { p, o, d, base } = run;
  if (p.minimizers.kind === 'auto' && d > o.threshold) {
    base.notes.push(`minimizers: auto: the interval global minimization that computes S does not scale to d = ${d} (> ${o.threshold}); not attempted`);
    return null;
  }
  // The engine's choice of S (src/engine/model.ts), so that both decide against the same set.
  // Within the time limit (the auto S of 64 logistic terms ran 30 s past a 1 s limit): out of
  // time, S is not known and the SGD iterates stand in for it, as when it cannot be computed.
  const a = withDeadline(run.clock.started + o.timeLimitMs, () => minimizerModel(p, run.f, run.boxes, o.seed));
  if (a.ok) {
    if (a.note) base.notes.push(a.note);
    return a.model;
  }
  base.notes.push(`minimizers: auto: ${a.reason}`);
  return null;
}

// --- step 3 (runSgd, below): SGD trajectories, also the stand-in for S when it is not known

type Sgd = ReturnType<typeof runSgd>;

// --- step 4: the cases, one x_p rule each (QCvx: one per candidate x*) -------------------

interface CaseSpec {
  projection: FloatProjection;
  fstar: number;
  /** QCvx: x* as exact expressions (for the rigorous system) and its index in S. */
  xstar?: { exprs: readonly Expr[]; index?: number; value: number[] };
}

interface Cases {
  readonly list: CaseSpec[];
  /** How x_p (or x*) is obtained, for the report. */
  readonly projectionText: string;
  /** Where f* comes from (PL, Aiming; '' otherwise). */
  readonly fstarHow: string;
}

/** Float evaluation of exact points of S and of f. */
interface FloatTools {
  readonly pointFloat: (pt: readonly Expr[], m: ProjectionModel) => number[];
  readonly fAt: (x: readonly number[]) => number;
  readonly centre: ReturnType<typeof domainCentre>;
}

function floatTools(run: Run): FloatTools {
  const env = (slots: readonly { lo: number; hi: number }[] = []) => [
    ...new Array<Interval>(run.d).fill(Interval.ENTIRE),
    ...slots.map((s) => Interval.of(s.lo, s.hi)),
  ];
  const pointFloat = (pt: readonly Expr[], m: ProjectionModel) => pt.map((e) => interpretInterval(e, env(m.kind === 'points' ? m.slots : [])).mid());
  const fFloat = compileFloat([run.f]);
  const fAt = (x: readonly number[]) => {
    const out = new Float64Array(1);
    fFloat.eval(x, out);
    return out[0]!;
  };
  return { pointFloat, fAt, centre: domainCentre(run.p) };
}

function buildCases(run: Run, model: ProjectionModel | null, sgd: Sgd): Cases {
  const ft = floatTools(run);
  const fstar = plainFstar(run, model, sgd, ft);
  const { list, projectionText } = run.claim.condition === 'qcvx' ? xstarCases(model, sgd, ft) : xpCase(run, model, sgd, ft, fstar.value);
  return { list, projectionText, fstarHow: fstar.how };
}

/** PL and Aiming: f* given, else f at a point of S, else the lowest f SGD found (NaN and '' for the other conditions). */
function plainFstar(run: Run, model: ProjectionModel | null, sgd: Sgd, ft: FloatTools): { value: number; how: string } {
  const { p, claim } = run;
  if (claim.condition !== 'pl' && claim.condition !== 'aiming') return { value: NaN, how: '' };
  if (p.fstar) return { value: encloseConstant(p.fstar).mid(), how: 'f* given' };
  if (model?.kind === 'points') return { value: ft.fAt(ft.pointFloat(model.points[0]!, model)), how: 'f* = f at a point of S' };
  if (model?.kind === 'map')
    return { value: ft.fAt(model.map.map((m) => encloseConstant(substitute(m, (i) => ft.centre[i]!)).mid())), how: "f* = f(P(c)) at the domain's centre c" };
  return { value: sgd.bestF, how: 'f* not given and S not known: the lowest f found by SGD (a stand-in)' };
}

/** QCvx: one case per candidate x* (each point of S, P(c), or the best SGD iterate), with f* = f(x*). */
function xstarCases(model: ProjectionModel | null, sgd: Sgd, ft: FloatTools): { list: CaseSpec[]; projectionText: string } {
  if (model?.kind === 'points') {
    const list = model.points.map((pt, index): CaseSpec => {
      const value = ft.pointFloat(pt, model);
      return { projection: { kind: 'points', points: [value] }, fstar: ft.fAt(value), xstar: { exprs: pt, index, value } };
    });
    return { list, projectionText: `x* = each point of S in turn (${model.points.length})` };
  }
  if (model?.kind === 'map') {
    const exprs = model.map.map((m) => substitute(m, (i) => ft.centre[i]!));
    const value = exprs.map((e) => encloseConstant(e).mid());
    return {
      list: [{ projection: { kind: 'points', points: [value] }, fstar: ft.fAt(value), xstar: { exprs, value } }],
      projectionText: "x* = P(c), the projection of the domain's centre",
    };
  }
  const bestFinal = sgd.finals[sgd.best]!;
  return {
    list: [
      { projection: { kind: 'points', points: [[...bestFinal]] }, fstar: ft.fAt(Array.from(bestFinal)), xstar: { exprs: [], value: Array.from(bestFinal) } },
    ],
    projectionText: 'x* = the last SGD iterate of the run with the lowest f (stand-in: S not known)',
  };
}

/** α-β, PL, Aiming: the one case, x_p by S's map, its nearest point, or the stand-in x^K (PL: none). */
function xpCase(run: Run, model: ProjectionModel | null, sgd: Sgd, ft: FloatTools, fstar: number): { list: CaseSpec[]; projectionText: string } {
  if (run.claim.condition === 'pl') return { list: [{ projection: { kind: 'none' }, fstar }], projectionText: 'no x_p (PL)' };
  if (model?.kind === 'map') {
    return {
      list: [{ projection: { kind: 'map', map: compileTf(model.map, run.d) }, fstar }],
      projectionText: model.source === 'affine' ? 'x_p = the exact projection onto the affine S' : "x_p = the user's projection map",
    };
  }
  if (model?.kind === 'points') {
    return {
      list: [{ projection: { kind: 'points', points: model.points.map((pt) => ft.pointFloat(pt, model)) }, fstar }],
      projectionText: `x_p = the nearest of the ${model.points.length} point(s) of S (float distances)`,
    };
  }
  const bestFinal = sgd.finals[sgd.best]!;
  return {
    list: [{ projection: { kind: 'points', points: [[...bestFinal]] }, fstar }],
    projectionText:
      'x_p = x^K, the last SGD iterate (of its own run for trajectory points, of the run with the lowest f elsewhere), as in the paper: a stand-in, S not known',
  };
}

// --- step 5: f_i* for α-β: given values, else rigorous lower bounds (the refuting direction)

interface TermMinima {
  readonly values: number[];
  readonly how: string;
}

function termMinimaFor(run: Run): TermMinima {
  const { p, claim } = run;
  if (claim.condition !== 'alpha-beta') return { values: [], how: '' };
  if (p.termMinima) return { values: p.termMinima.map((e) => encloseConstant(e).mid()), how: 'f_i* given' };
  // One interval evaluator compiled per term (200 terms: 0.3 s): not past the time limit, where
  // nothing is measured or confirmed any more.
  if (run.clock.late('the f_i* lower bounds'))
    return { values: p.terms.map(() => Number.NEGATIVE_INFINITY), how: 'f_i* not given and not bounded: the time limit was reached first' };
  const values = termMinimumSlots(p, []).map((s) => s.lo);
  if (values.some((v) => !Number.isFinite(v)) && claim.beta.sign() > 0)
    run.base.notes.push('some f_i has no finite interval lower bound over R^d: with beta > 0 its residual cannot be negative in floats; give termMinima');
  return { values, how: 'f_i* not given: lower bounds (interval extension of f_i over R^d), the direction in which a negative residual stays negative' };
}

// --- step 6: measure the residual at SGD iterates, samples and adversarial points --------

interface Counts {
  points: number;
  sample: number;
  sgd: number;
  adversarial: number;
  nonFinite: number;
}

/** The measurement in progress: one residual model and one Measure per case, shared counts and f minima. */
interface Measurement {
  readonly models: readonly ResidualModel[];
  readonly measures: readonly Measure[];
  readonly counts: Counts;
  readonly minima: Minima;
}

interface Measured extends Measurement {
  /** The most adversarial starts any case used. */
  readonly advStarts: number;
}

function measure(run: Run, model: ProjectionModel | null, sgd: Sgd, cases: readonly CaseSpec[], termMinima: TermMinima): Measured {
  const st: Measurement = {
    models: residualModels(run, cases, termMinima),
    measures: cases.map(() => new Measure()),
    counts: { points: 0, sample: 0, sgd: 0, adversarial: 0, nonFinite: 0 },
    minima: { term: run.p.terms.map(() => ({ v: Infinity, x: null })), mean: { v: Infinity, x: null } },
  };
  measureSgd(run, st, sgd, model === null);
  measureSamples(run, st);
  const advStarts = adversarialDescent(run, st);
  return { ...st, advStarts };
}

/** The claim's constants as floats: α, β (α-β; else 0) and μ or θ (else 0). */
function claimNumbers(claim: Claim): { alpha: number; beta: number; constant: number } {
  const alpha = claim.condition === 'alpha-beta' ? claim.alpha.toNumber() : 0;
  const beta = claim.condition === 'alpha-beta' ? claim.beta.toNumber() : 0;
  const constant = claim.condition === 'pl' ? claim.mu.toNumber() : claim.condition === 'alpha-beta' ? 0 : claim.theta.toNumber();
  return { alpha, beta, constant };
}

function residualModels(run: Run, cases: readonly CaseSpec[], termMinima: TermMinima): ResidualModel[] {
  const { alpha, beta, constant } = claimNumbers(run.claim);
  return cases.map((c) => ({
    condition: run.claim.condition,
    dim: run.d,
    terms: run.terms,
    projection: c.projection,
    termMinima: termMinima.values,
    fstar: c.fstar,
    alpha,
    beta,
    constant,
  }));
}

/**
 * Most numbers (rows × d) in one tfjs batch, and in the stored SGD iterates. The clock is read
 * between batches, so a batch must stay short in any dimension: 2048 rows of d = 900 took about
 * 2 s each, and 16 runs × 101 iterates of d = 90 000 were 580 MB (`--time-limit 3` ran 6.4 s,
 * resp. over a minute; review finding). Below d = 32 the batch is o.batch rows as before.
 */
const BATCH_NUMBERS = 65_536;
const SGD_STORED_NUMBERS = 1 << 22;
const batchRows = (o: NumericOptions, d: number) => Math.max(1, Math.min(o.batch, Math.floor(BATCH_NUMBERS / d)));

/** Phase 1: the SGD trajectories, x_p per run = its own last iterate when S is not known. */
function measureSgd(run: Run, st: Measurement, sgd: Sgd, standIn: boolean): void {
  const { o, d, claim } = run;
  const batch = batchRows(o, d);
  const timer = stepTimer(stepEstimateMs(run.terms, Math.min(batch, sgd.rows), 3));
  for (let k = 0; k < st.models.length; k++) {
    for (let start = 0; start < sgd.rows; start += batch) {
      if (run.clock.late('measuring SGD trajectories', timer.need())) break;
      timer.start();
      const rows = Math.min(batch, sgd.rows - start);
      const xs = sgd.points.subarray(start * d, (start + rows) * d);
      let xp: Float32Array | undefined;
      if (standIn && claim.condition !== 'pl' && claim.condition !== 'qcvx') {
        xp = new Float32Array(rows * d);
        for (let r = 0; r < rows; r++) xp.set(sgd.finals[sgd.runOf[start + r]!]!, r * d);
      }
      evaluate(run, st, k, { xs, rows, source: 'sgd' }, xp);
      timer.done();
    }
  }
}

/** Phase 2: samples over the box (the centre, uniform points, every eighth a random corner). */
function measureSamples(run: Run, st: Measurement): void {
  const { o, d, domain, random } = run;
  const batch = batchRows(o, d);
  const timer = stepTimer(st.models.length * stepEstimateMs(run.terms, Math.min(batch, o.samples), 3));
  for (let start = 0; start < o.samples; start += batch) {
    if (run.clock.late('sampling', timer.need())) break;
    timer.start();
    const rows = Math.min(batch, o.samples - start);
    const xs = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const idx = start + r;
      for (let j = 0; j < d; j++) {
        const lo = domain.lo[j]!;
        const w = domain.hi[j]! - lo;
        xs[r * d + j] = idx === 0 ? lo + w / 2 : idx % 8 === 7 ? (random() < 0.5 ? lo : lo + w) : lo + random() * w;
      }
    }
    for (let k = 0; k < st.models.length; k++) evaluate(run, st, k, { xs, rows, source: 'sample' });
    timer.done();
  }
}

/** Phase 3: adversarial descent on min_i R_i from the lowest points (signed gradient steps); returns the most starts any case used. */
function adversarialDescent(run: Run, st: Measurement): number {
  const { o, d, tf, domain } = run;
  let advStarts = 0;
  for (let k = 0; k < st.models.length; k++) {
    const starts = st.measures[k]!.lowest.slice(0, Math.min(o.adversarialStarts, batchRows(o, d)));
    if (starts.length === 0) continue;
    advStarts = Math.max(advStarts, starts.length);
    const rows = starts.length;
    const cur = new Float32Array(rows * d);
    starts.forEach((s, r) => cur.set(s.x, r * d));
    const m = st.models[k]!;
    const timer = stepTimer(stepEstimateMs(run.terms, rows, 3));
    for (let t = 0; t < o.adversarialSteps; t++) {
      if (run.clock.late('adversarial descent', timer.need())) break;
      timer.start();
      const g = tf.tidy(() => {
        const x = tf.tensor2d(cur, [rows, d]);
        const obj = (xx: Tensor) => tf.sum(tf.min(residualBatch(tf, m, xx as Tensor2D).R, 1));
        return tf.grad(obj)(x).dataSync() as Float32Array;
      });
      const eta = 0.05 * (1 - t / o.adversarialSteps) + 0.002;
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < d; j++) {
          const q = r * d + j;
          const gj = g[q]!;
          const s = Number.isFinite(gj) ? Math.sign(gj) : 0;
          const lo = domain.lo[j]!;
          const hi = domain.hi[j]!;
          cur[q] = Math.min(hi, Math.max(lo, cur[q]! - eta * (hi - lo) * s));
        }
      }
      evaluate(run, st, k, { xs: cur, rows, source: 'adversarial' });
      timer.done();
    }
  }
  return advStarts;
}

/** A batch of points: `rows` points of dimension d, row-major. */
interface Batch {
  readonly xs: Float32Array;
  readonly rows: number;
  readonly source: Source;
}

/** The float residual of a batch, read back from tfjs: R, f_i, the half-plane coefficients a, b, c and x_p (null: none). */
interface BatchValues {
  readonly R: Float32Array;
  readonly fx: Float32Array;
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly c: Float32Array;
  readonly xp: Float32Array | null;
}

/** Evaluates case k's residual on a batch (x_p per row when given) and records it. */
function evaluate(run: Run, st: Measurement, k: number, batch: Batch, xpRows?: Float32Array): void {
  const { tf, d } = run;
  const m = st.models[k]!;
  const { xs, rows } = batch;
  const [R, fx, A, Bc, C, XP] = tf.tidy(() => {
    const x = tf.tensor2d(xs, [rows, d]);
    const r = residualBatch(tf, m, x, xpRows ? tf.tensor2d(xpRows, [rows, d]) : undefined);
    return [r.R, r.fx, r.a, r.b, r.c, r.xp ?? tf.zeros([0, d])].map((t) => t.dataSync() as Float32Array);
  }) as Float32Array[];
  record(run, st, k, batch, { R: R!, fx: fx!, a: A!, b: Bc!, c: C!, xp: XP!.length ? XP! : null });
}

/** Records a batch: counts, the empirical statements, the f minima, the worst point and the candidate pools of case k. */
function record(run: Run, st: Measurement, k: number, batch: Batch, vals: BatchValues): void {
  const { o, d } = run;
  const { xs, rows, source } = batch;
  const { counts } = st;
  const ms = st.measures[k]!;
  const mob = obligations(st.models[k]!);
  const negRows: Row[] = [];
  const lowRows: Row[] = [];
  const nc = ms.negatives.length < NEG_CAP ? Infinity : ms.negatives[NEG_CAP - 1]!.value;
  const lc = ms.lowest.length < o.adversarialStarts ? Infinity : ms.lowest[o.adversarialStarts - 1]!.value;
  counts.points += rows;
  counts[source] += rows;
  for (let r = 0; r < rows; r++) {
    const { v, at, bad } = lowestObligation(vals.R, r, mob);
    if (bad) counts.nonFinite++;
    addStatements(run.claim, ms, vals, r, mob);
    trackMinima(st.minima, vals.fx, xs, r, run.n, d);
    if (at < 0) continue;
    const mk = (): Row => ({
      value: v,
      x: Array.from(xs.subarray(r * d, (r + 1) * d)),
      obligation: at,
      xp: vals.xp ? Array.from(vals.xp.subarray(r * d, (r + 1) * d)) : null,
      source,
    });
    if (v < 0) ms.negativeCount++;
    if (!ms.worst || v < ms.worst.value) ms.worst = mk();
    if (v < 0 && v < nc) negRows.push(mk());
    if (v < lc) lowRows.push(mk());
  }
  ms.negatives = Measure.push(ms.negatives, negRows, NEG_CAP);
  ms.lowest = Measure.push(ms.lowest, lowRows, o.adversarialStarts);
}

/** Row r's lowest finite residual and its obligation (-1: none finite); `bad` when some residual was NaN or -∞. */
function lowestObligation(R: Float32Array, r: number, mob: number): { v: number; at: number; bad: boolean } {
  let v = Infinity;
  let at = -1;
  let bad = false;
  for (let i = 0; i < mob; i++) {
    const ri = R[r * mob + i]!;
    if (!Number.isFinite(ri)) {
      if (!(ri === Infinity)) bad = true;
      continue;
    }
    if (ri < v) {
      v = ri;
      at = i;
    }
  }
  return { v, at, bad };
}

/** Empirical statements: one half-plane per (x, i), or one ratio per x. */
function addStatements(claim: Claim, ms: Measure, vals: BatchValues, r: number, mob: number): void {
  for (let i = 0; i < mob; i++) {
    const q = r * mob + i;
    if (claim.condition === 'alpha-beta') ms.region.add(vals.a[q]!, vals.b[q]!, vals.c[q]!);
    else ms.constant.add(vals.c[q]!, vals.b[q]!);
  }
}

/** f_i and f minima (for f_i* / f* upper bounds); inside the box only. */
function trackMinima(minima: Minima, fx: Float32Array, xs: Float32Array, r: number, n: number, d: number): void {
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const fi = fx[r * n + i]!;
    mean += fi;
    const t = minima.term[i]!;
    if (fi < t.v) {
      t.v = fi;
      t.x = Array.from(xs.subarray(r * d, (r + 1) * d));
    }
  }
  mean /= n;
  if (mean < minima.mean.v) {
    minima.mean.v = mean;
    minima.mean.x = Array.from(xs.subarray(r * d, (r + 1) * d));
  }
}

// --- step 7: the case that decides: QCvx picks the x* that does best ---------------------

function decidingCase(measures: readonly Measure[]): number {
  const worstOf = (k: number) => measures[k]!.worst?.value ?? Infinity;
  let pick = 0;
  for (let k = 1; k < measures.length; k++) if (worstOf(k) > worstOf(pick)) pick = k;
  return pick;
}

// --- step 8: confirmation with intervals -------------------------------------------------

interface Outcome {
  readonly confirmed: Counterexample | null;
  readonly confirmation: Confirmation | null;
  readonly why: string;
  readonly candidatesTried: number;
  /** PL with f* bounded above by a point: how f* was used. */
  readonly fstarNote: string | undefined;
  /** α-β without f_i* given: the f_i* enclosures of the rigorous system. */
  readonly slots: Slot[] | undefined;
}

function confirmWithIntervals(run: Run, model: ProjectionModel | null, cases: readonly CaseSpec[], measured: Measured, pick: number): Outcome {
  const { p, claim } = run;
  // --time-limit is a hard limit: past it nothing is started (64 terms in d = 32: the f_i*
  // enclosures and the confirmation took 0.8 s after the deadline).
  if (run.clock.late('interval confirmation'))
    return {
      confirmed: null,
      confirmation: null,
      why: 'the time limit was reached before the interval confirmation',
      candidatesTried: 0,
      fstarNote: undefined,
      slots: undefined,
    };
  const slots =
    claim.condition === 'alpha-beta' && !p.termMinima
      ? termMinimumSlots(
          p,
          measured.minima.term.map((t) => (t.x ? clipTo(t.x, run.inner) : null)),
        )
      : undefined;
  const blocked = refutationBlocker(run, model, measured.measures);
  if (blocked !== null) return { confirmed: null, confirmation: null, why: blocked, candidatesTried: 0, fstarNote: undefined, slots };
  const tried = tryCases(run, model, cases, measured, slots);
  if (tried.results.length === cases.length && tried.results.every((r) => r.counterexample)) {
    const confirmation = tried.results[0]!;
    let confirmed = confirmation.counterexample;
    if (confirmed && tried.plBound && claim.condition === 'pl') confirmed = widenPlResidual(confirmed, claim.mu, tried.plBound.bound, tried.plBound.fstarLo);
    const why = `confirmed with interval arithmetic at x (verifyWitness)${cases.length > 1 ? `; each of the ${cases.length} candidates x* has its own verified counterexample` : ''}`;
    return { confirmed, confirmation, why, candidatesTried: tried.candidates, fstarNote: tried.fstarNote, slots };
  }
  const ms = measured.measures[pick]!;
  const why = `the float residual is negative at ${ms.negativeCount} point(s) (worst ${ms.worst?.value.toPrecision(4)}), but interval evaluation at the best candidates did not confirm a violation (a kink, float32 rounding, a tie of nearest points, or f_i* / f* bounds too loose)`;
  return { confirmed: null, confirmation: null, why, candidatesTried: tried.candidates, fstarNote: tried.fstarNote, slots };
}

/** Why no refutation is attempted, or null when the candidates go to the interval check. */
function refutationBlocker(run: Run, model: ProjectionModel | null, measures: readonly Measure[]): string | null {
  const { claim } = run;
  if (model === null && claim.condition !== 'pl') return `a refutation needs a rigorous S (x_p), and minimizers: auto could not be computed in d = ${run.d}`;
  if (claim.condition === 'qcvx' && model?.kind === 'map' && !model.map.every((e) => freeVariables(e).size === 0)) {
    return "S is not a single point and only x* = P(c) was tried: a refutation for it does not refute 'some x* in S works'";
  }
  if (measures.every((m) => m.negatives.length === 0)) {
    const cut = run.clock.timeLimited();
    return cut
      ? `no evaluated point has a negative float residual (the time limit was reached during ${cut})`
      : 'no evaluated point has a negative float residual';
  }
  if (measures.some((m) => m.negatives.length === 0)) {
    const k = measures.findIndex((m) => m.negatives.length === 0);
    return `for x* = point ${k} of S no evaluated point has a negative float residual, and a refutation needs every x* in S to fail`;
  }
  return null;
}

/** Confirms each case's negative points in turn, stopping at the first case with none confirmed (QCvx: every x* must fail). */
function tryCases(
  run: Run,
  model: ProjectionModel | null,
  cases: readonly CaseSpec[],
  measured: Measured,
  slots: Slot[] | undefined,
): { results: Confirmation[]; candidates: number; plBound: { bound: number; fstarLo: number } | undefined; fstarNote: string | undefined } {
  const { p, claim, o } = run;
  const results: Confirmation[] = [];
  let candidates = 0;
  let plBound: { bound: number; fstarLo: number } | undefined;
  let fstarNote: string | undefined;
  for (let k = 0; k < cases.length; k++) {
    const cands = measured.measures[k]!.negatives.map((r) => r.x);
    let pp = p;
    const mdl: ProjectionModel = model ?? { kind: 'points', points: [] };
    if (claim.condition === 'pl' && !p.fstar && model === null) {
      const up = measured.minima.mean.x ? withFstarUpperBound(p, run.f, clipTo(measured.minima.mean.x, run.inner)) : null;
      if (!up) break;
      pp = up.problem;
      plBound = { bound: up.bound, fstarLo: up.fstarLo };
      fstarNote = `f* not given and S not known: f* <= ${up.bound} (f at the lowest point found, enclosed with intervals) is used to refute, the sound direction for PL; the residual's enclosure covers every f* in [${up.fstarLo}, ${up.bound}]`;
    }
    const c = confirmCandidates(pp, claim, mdl, cands, {
      domain: run.domain,
      inner: run.inner,
      seed: o.seed,
      ...(slots && { termMinimumSlots: slots }),
      ...(cases[k]!.xstar && { xstar: cases[k]!.xstar! }),
    });
    candidates += c.tried;
    results.push(c);
    if (!c.counterexample) break; // QCvx: every x* must fail
  }
  return { results, candidates, plBound, fstarNote };
}

// --- step 9: the result ------------------------------------------------------------------

function assemble(run: Run, sgd: Sgd, cases: Cases, termMinima: TermMinima, measured: Measured, pick: number, outcome: Outcome): NumericCheckResult {
  const { o, d, base } = run;
  const { confirmed, confirmation } = outcome;
  const time = { elapsedMs: Date.now() - run.clock.started, timeLimited: run.clock.timeLimited() };
  const { elapsedMs, timeLimited } = time;
  const empirical = empiricalReport(run, sgd, cases, termMinima, measured, pick, outcome, time);
  const head = `numeric fallback (d = ${d}${o.forced ? ', forced with --numeric' : ` > threshold ${o.threshold}`})`;
  base.notes.push(`${head}: ${measured.counts.points} points evaluated in float32 on ${run.backend.detail}; ${cases.projectionText}`);
  if (outcome.fstarNote) base.notes.push(outcome.fstarNote);
  if (timeLimited) base.notes.push(`time limit reached during ${timeLimited}`);
  // Refuted: every x* failed and the counterexample shown is the first one's; else the x* that did best.
  const xstar = cases.list[confirmed ? 0 : pick]!.xstar;
  const common = {
    ...base,
    coverage: 0,
    boxes: 0,
    elapsedMs,
    ...(xstar && { xstar: { point: xstar.index ?? null, value: xstar.value } }),
    empirical,
  };
  if (confirmed && confirmation) {
    return { ...common, verdict: 'refuted', counterexample: confirmed, computed: confirmation.system.slots, system: confirmation.system };
  }
  const reason = `${head}: never certified from samples; ${outcome.why}`;
  return { ...common, verdict: 'inconclusive', counterexample: null, computed: confirmation?.system.slots ?? outcome.slots ?? [], reason };
}

function empiricalReport(
  run: Run,
  sgd: Sgd,
  cases: Cases,
  termMinima: TermMinima,
  measured: Measured,
  pick: number,
  outcome: Outcome,
  time: { elapsedMs: number; timeLimited: string | undefined },
): EmpiricalReport {
  const { claim, o, d } = run;
  const { counts } = measured;
  const ms = measured.measures[pick]!;
  const w = ms.worst;
  const region = claim.condition === 'alpha-beta' ? { ...ms.region.result(claimNumbers(claim).alpha), claimSupported: !(w && w.value < 0) } : undefined;
  const supported =
    claim.condition !== 'alpha-beta' ? { constant: (claim.condition === 'pl' ? 'mu' : 'theta') as 'mu' | 'theta', ...ms.constant.result() } : undefined;
  const { elapsedMs, timeLimited } = time;
  return {
    method: 'numeric-fallback',
    disclaimer: 'empirical: float32 evaluations at finitely many points; not a proof of anything (only a counterexample confirmed with intervals is)',
    dim: d,
    threshold: o.threshold,
    forced: o.forced,
    backend: { name: run.backend.name, detail: run.backend.detail },
    precision: 'float32',
    projection: cases.projectionText,
    constantsUsed:
      claim.condition === 'alpha-beta'
        ? { termMinima: termMinima.values, how: termMinima.how }
        : { fstar: cases.list[pick]!.fstar, how: claim.condition === 'qcvx' ? 'f(x*) for the x* tried' : cases.fstarHow },
    evaluated: {
      points: counts.points,
      samples: counts.sample,
      sgd: { runs: sgd.runs, steps: sgd.steps, stepSize: sgd.stepSize, points: counts.sgd },
      adversarial: { starts: measured.advStarts, steps: o.adversarialSteps, points: counts.adversarial },
      nonFinite: counts.nonFinite,
    },
    worst: w ? { residual: w.value, x: w.x, term: claim.condition === 'alpha-beta' ? w.obligation : null, projection: w.xp, source: w.source } : null,
    negativePoints: ms.negativeCount,
    ...(region && { region }),
    ...(supported && { supported: { constant: supported.constant, max: supported.max, constraints: supported.constraints } }),
    confirmation: { attempted: outcome.candidatesTried > 0, candidates: outcome.candidatesTried, confirmed: outcome.confirmed !== null, why: outcome.why },
    ...(timeLimited && { timeLimited }),
    elapsedMs,
  };
}

function clipTo(x: readonly number[], b: Box): number[] {
  return x.map((v, j) => Math.min(Math.max(v, b.lo[j]!), b.hi[j]!));
}

/**
 * Parallel SGD runs on f (one uniformly drawn term per run and step), projected onto the
 * box. The step size is set from the first gradients so that a first step moves 2% of the
 * box diagonal on average; it then stays constant, as in the paper.
 */
function runSgd(tf: TF, terms: TfProgram, domain: Box, o: NumericOptions, random: () => number, late: Clock['late']) {
  const d = domain.lo.length;
  const n = terms.outputs;
  // one step is one batch of R rows (at most BATCH_NUMBERS numbers); the iterates are kept
  // (R (K + 1) d numbers): fewer steps in high dimension
  const R = Math.max(1, Math.min(o.sgdRuns, Math.floor(BATCH_NUMBERS / d)));
  const K = Math.max(0, Math.min(o.sgdSteps, Math.floor(SGD_STORED_NUMBERS / (R * d)) - 1));
  const points = new Float32Array(R * (K + 1) * d);
  const runOf = new Int32Array(R * (K + 1));
  const x = new Float32Array(R * d);
  for (let r = 0; r < R; r++) for (let j = 0; j < d; j++) x[r * d + j] = domain.lo[j]! + random() * (domain.hi[j]! - domain.lo[j]!);
  const diag = Math.hypot(...domain.lo.map((l, j) => domain.hi[j]! - l)) || 1;
  let stepSize = NaN;
  let rows = 0;
  const save = () => {
    for (let r = 0; r < R; r++) {
      points.set(x.subarray(r * d, (r + 1) * d), rows * d);
      runOf[rows++] = r;
    }
  };
  save();
  let steps = 0;
  const timer = stepTimer(stepEstimateMs(terms, R));
  for (let k = 0; k < K; k++) {
    if (late('SGD', timer.need())) break;
    timer.start();
    const pick = Array.from({ length: R }, () => Math.min(n - 1, Math.floor(random() * n)));
    const g = tf.tidy(() => {
      const xt = tf.tensor2d(x, [R, d]);
      const oneHot = new Float32Array(R * n);
      pick.forEach((i, r) => (oneHot[r * n + i] = 1));
      const mask = tf.tensor2d(oneHot, [R, n]);
      const loss = (xx: Tensor) => tf.sum(tf.mul(stackColumns(tf, terms.eval(tf, columns(tf, xx, terms.used))) as Tensor2D, mask));
      return tf.grad(loss)(xt).dataSync() as Float32Array;
    });
    if (Number.isNaN(stepSize)) {
      let s = 0;
      let c = 0;
      for (let r = 0; r < R; r++) {
        let q = 0;
        for (let j = 0; j < d; j++) q += g[r * d + j]! ** 2;
        if (Number.isFinite(q)) {
          s += Math.sqrt(q);
          c++;
        }
      }
      const mean = c ? s / c : 0;
      stepSize = mean > 0 ? (0.02 * diag) / mean : 0.02 * diag;
    }
    for (let q = 0; q < R * d; q++) {
      const j = q % d;
      const gj = Number.isFinite(g[q]!) ? g[q]! : 0;
      x[q] = Math.min(domain.hi[j]!, Math.max(domain.lo[j]!, x[q]! - stepSize * gj));
    }
    save();
    steps++;
    timer.done();
  }
  // The run with the lowest f at its last iterate.
  const finals = Array.from({ length: R }, (_, r) => x.slice(r * d, (r + 1) * d));
  // (not past the time limit: f unknown at the final iterates, NaN, so nothing that uses it proves anything)
  const fv = late('SGD', stepEstimateMs(terms, R))
    ? new Float32Array(R).fill(Number.NaN)
    : tf.tidy(() => {
        const xt = tf.tensor2d(x, [R, d]);
        return tf.div(tf.addN(terms.eval(tf, columns(tf, xt, terms.used))), n).dataSync() as Float32Array;
      });
  let best = 0;
  for (let r = 1; r < R; r++) if (!(fv[r]! >= fv[best]!)) best = r;
  return { points: points.subarray(0, rows * d), rows, runs: R, runOf, finals, best, bestF: fv[best]!, steps, stepSize: Number.isNaN(stepSize) ? 0 : stepSize };
}
