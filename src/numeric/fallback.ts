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
import { domainCentre, objective, type Claim, type ProjectionModel } from '../conditions/index.js';
import { checkAssumptions, minimizerModel, resultBase, rng, type Box, type CheckResult, type Counterexample } from '../engine/index.js';
import { compileFloat, encloseConstant, freeVariables, interpretInterval, substitute, type Expr } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { domainBoxes, type Problem } from '../problem/index.js';
import { initBackend, type BackendName, type TF } from '../networks/backend.js';
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
  readonly worst: { readonly residual: number; readonly x: number[]; readonly term: number | null; readonly projection: number[] | null; readonly source: Source } | null;
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

export async function numericCheck(p: Problem, claim: Claim, o: NumericOptions): Promise<NumericCheckResult> {
  const started = Date.now();
  const deadline = started + o.timeLimitMs;
  const backend = await initBackend(o.backend);
  const tf = backend.tf;
  const d = p.variables.length;
  const n = p.terms.length;
  const boxes = domainBoxes(p);
  const domain: Box = boxes.outer;
  const inner: Box = boxes.inner;
  const base = resultBase(p, claim);
  const { warnings, notes } = base;
  // As check(): a proved contradiction in the given S, f*, f_i* is an input error (exit 65).
  warnings.push(...checkAssumptions(p, o.seed).warnings);
  const f = objective(p);
  const terms = compileTf(p.terms, d);
  const random = rng(o.seed);
  let timeLimited: string | undefined;
  const late = (phase: string) => {
    if (Date.now() <= deadline) return false;
    timeLimited ??= phase;
    return true;
  };

  // --- S: the engine's model when it is known rigorously ---------------------------------
  let model: ProjectionModel | null = null;
  if (p.minimizers.kind === 'auto' && d > o.threshold) {
    notes.push(`minimizers: auto: the interval global minimization that computes S does not scale to d = ${d} (> ${o.threshold}); not attempted`);
  } else {
    // The engine's choice of S (src/engine/model.ts), so that both decide against the same set.
    const a = minimizerModel(p, f, boxes, o.seed);
    if (a.ok) {
      model = a.model;
      if (a.note) notes.push(a.note);
    } else notes.push(`minimizers: auto: ${a.reason}`);
  }

  // --- SGD trajectories (also the stand-in for S when it is not known) -------------------
  const minima: Minima = { term: p.terms.map(() => ({ v: Infinity, x: null })), mean: { v: Infinity, x: null } };
  const sgd = runSgd(tf, terms, domain, o, random, late);
  const bestFinal = sgd.finals[sgd.best]!;

  // --- the cases: one x_p rule each (QCvx: one per candidate x*) --------------------------
  const env = (slots: readonly { lo: number; hi: number }[] = []) => [...new Array<Interval>(d).fill(Interval.ENTIRE), ...slots.map((s) => Interval.of(s.lo, s.hi))];
  const pointFloat = (pt: readonly Expr[], m: ProjectionModel) => pt.map((e) => interpretInterval(e, env(m.kind === 'points' ? m.slots : [])).mid());
  const fFloat = compileFloat([f]);
  const fAt = (x: readonly number[]) => {
    const out = new Float64Array(1);
    fFloat.eval(x, out);
    return out[0]!;
  };
  const centre = domainCentre(p);

  interface CaseSpec {
    projection: FloatProjection;
    fstar: number;
    /** QCvx: x* as exact expressions (for the rigorous system) and its index in S. */
    xstar?: { exprs: readonly Expr[]; index?: number; value: number[] };
  }
  let projectionText: string;
  let fstarHow = '';
  let fstar = NaN;
  if (claim.condition === 'pl' || claim.condition === 'aiming') {
    if (p.fstar) {
      fstar = encloseConstant(p.fstar).mid();
      fstarHow = 'f* given';
    } else if (model?.kind === 'points') {
      fstar = fAt(pointFloat(model.points[0]!, model));
      fstarHow = 'f* = f at a point of S';
    } else if (model?.kind === 'map') {
      fstar = fAt(model.map.map((m) => encloseConstant(substitute(m, (i) => centre[i]!)).mid()));
      fstarHow = "f* = f(P(c)) at the domain's centre c";
    } else {
      fstar = sgd.bestF;
      fstarHow = 'f* not given and S not known: the lowest f found by SGD (a stand-in)';
    }
  }
  const cases: CaseSpec[] = [];
  if (claim.condition === 'qcvx') {
    if (model?.kind === 'points') {
      model.points.forEach((pt, index) => {
        const value = pointFloat(pt, model!);
        cases.push({ projection: { kind: 'points', points: [value] }, fstar: fAt(value), xstar: { exprs: pt, index, value } });
      });
      projectionText = `x* = each point of S in turn (${model.points.length})`;
    } else if (model?.kind === 'map') {
      const exprs = model.map.map((m) => substitute(m, (i) => centre[i]!));
      const value = exprs.map((e) => encloseConstant(e).mid());
      cases.push({ projection: { kind: 'points', points: [value] }, fstar: fAt(value), xstar: { exprs, value } });
      projectionText = "x* = P(c), the projection of the domain's centre";
    } else {
      cases.push({ projection: { kind: 'points', points: [[...bestFinal]] }, fstar: fAt(Array.from(bestFinal)), xstar: { exprs: [], value: Array.from(bestFinal) } });
      projectionText = 'x* = the last SGD iterate of the run with the lowest f (stand-in: S not known)';
    }
  } else if (claim.condition === 'pl') {
    cases.push({ projection: { kind: 'none' }, fstar });
    projectionText = 'no x_p (PL)';
  } else if (model?.kind === 'map') {
    cases.push({ projection: { kind: 'map', map: compileTf(model.map, d) }, fstar });
    projectionText = model.source === 'affine' ? 'x_p = the exact projection onto the affine S' : "x_p = the user's projection map";
  } else if (model?.kind === 'points') {
    cases.push({ projection: { kind: 'points', points: model.points.map((pt) => pointFloat(pt, model!)) }, fstar });
    projectionText = `x_p = the nearest of the ${model.points.length} point(s) of S (float distances)`;
  } else {
    cases.push({ projection: { kind: 'points', points: [[...bestFinal]] }, fstar });
    projectionText = 'x_p = x^K, the last SGD iterate (of its own run for trajectory points, of the run with the lowest f elsewhere), as in the paper: a stand-in, S not known';
  }

  // f_i* for α-β: given values, else rigorous lower bounds (the refuting direction).
  let termMinima: number[] = [];
  let termMinimaHow = '';
  if (claim.condition === 'alpha-beta') {
    if (p.termMinima) {
      termMinima = p.termMinima.map((e) => encloseConstant(e).mid());
      termMinimaHow = 'f_i* given';
    } else {
      termMinima = termMinimumSlots(p, []).map((s) => s.lo);
      termMinimaHow = 'f_i* not given: lower bounds (interval extension of f_i over R^d), the direction in which a negative residual stays negative';
      if (termMinima.some((v) => !Number.isFinite(v)) && claim.beta.sign() > 0) notes.push('some f_i has no finite interval lower bound over R^d: with beta > 0 its residual cannot be negative in floats; give termMinima');
    }
  }

  const alpha = claim.condition === 'alpha-beta' ? claim.alpha.toNumber() : 0;
  const beta = claim.condition === 'alpha-beta' ? claim.beta.toNumber() : 0;
  const constant = claim.condition === 'pl' ? claim.mu.toNumber() : claim.condition === 'alpha-beta' ? 0 : claim.theta.toNumber();
  const models: ResidualModel[] = cases.map((c) => ({ condition: claim.condition, dim: d, terms, projection: c.projection, termMinima, fstar: c.fstar, alpha, beta, constant }));
  const measures = cases.map(() => new Measure());
  const counts = { points: 0, sample: 0, sgd: 0, adversarial: 0, nonFinite: 0 };

  const evaluate = (k: number, xs: Float32Array, rows: number, source: Source, xpRows?: Float32Array) => {
    const m = models[k]!;
    const [R, fx, A, Bc, C, XP] = tf.tidy(() => {
      const x = tf.tensor2d(xs, [rows, d]);
      const r = residualBatch(tf, m, x, xpRows ? tf.tensor2d(xpRows, [rows, d]) : undefined);
      return [r.R, r.fx, r.a, r.b, r.c, r.xp ?? tf.zeros([0, d])].map((t) => t.dataSync() as Float32Array);
    }) as Float32Array[];
    record(k, xs, rows, source, R!, fx!, A!, Bc!, C!, XP!.length ? XP! : null);
  };

  const record = (k: number, xs: Float32Array, rows: number, source: Source, R: Float32Array, fx: Float32Array, A: Float32Array, Bc: Float32Array, C: Float32Array, XP: Float32Array | null) => {
    const ms = measures[k]!;
    const mob = obligations(models[k]!);
    const negRows: Row[] = [];
    const lowRows: Row[] = [];
    const negCut = () => (ms.negatives.length < NEG_CAP ? Infinity : ms.negatives[NEG_CAP - 1]!.value);
    const lowCut = () => (ms.lowest.length < o.adversarialStarts ? Infinity : ms.lowest[o.adversarialStarts - 1]!.value);
    const nc = negCut();
    const lc = lowCut();
    counts.points += rows;
    counts[source] += rows;
    for (let r = 0; r < rows; r++) {
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
      if (bad) counts.nonFinite++;
      // Empirical statements: one half-plane per (x, i), or one ratio per x.
      for (let i = 0; i < mob; i++) {
        const q = r * mob + i;
        if (claim.condition === 'alpha-beta') ms.region.add(A[q]!, Bc[q]!, C[q]!);
        else ms.constant.add(C[q]!, Bc[q]!);
      }
      // f_i and f minima (for f_i* / f* upper bounds); inside the box only.
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
      if (at < 0) continue;
      const mk = (): Row => ({ value: v, x: Array.from(xs.subarray(r * d, (r + 1) * d)), obligation: at, xp: XP ? Array.from(XP.subarray(r * d, (r + 1) * d)) : null, source });
      if (v < 0) ms.negativeCount++;
      if (!ms.worst || v < ms.worst.value) ms.worst = mk();
      if (v < 0 && v < nc) negRows.push(mk());
      if (v < lc) lowRows.push(mk());
    }
    ms.negatives = Measure.push(ms.negatives, negRows, NEG_CAP);
    ms.lowest = Measure.push(ms.lowest, lowRows, o.adversarialStarts);
  };

  // Phase 1: the SGD trajectories, x_p per run = its own last iterate when S is not known.
  const standIn = model === null;
  for (let k = 0; k < cases.length; k++) {
    for (let start = 0; start < sgd.rows; start += o.batch) {
      if (late('measuring SGD trajectories')) break;
      const rows = Math.min(o.batch, sgd.rows - start);
      const xs = sgd.points.subarray(start * d, (start + rows) * d);
      let xp: Float32Array | undefined;
      if (standIn && claim.condition !== 'pl' && claim.condition !== 'qcvx') {
        xp = new Float32Array(rows * d);
        for (let r = 0; r < rows; r++) xp.set(sgd.finals[sgd.runOf[start + r]!]!, r * d);
      }
      evaluate(k, xs, rows, 'sgd', xp);
    }
  }

  // Phase 2: samples over the box (the centre, uniform points, every eighth a random corner).
  for (let start = 0; start < o.samples; start += o.batch) {
    if (late('sampling')) break;
    const rows = Math.min(o.batch, o.samples - start);
    const xs = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const idx = start + r;
      for (let j = 0; j < d; j++) {
        const lo = domain.lo[j]!;
        const w = domain.hi[j]! - lo;
        xs[r * d + j] = idx === 0 ? lo + w / 2 : idx % 8 === 7 ? (random() < 0.5 ? lo : lo + w) : lo + random() * w;
      }
    }
    for (let k = 0; k < cases.length; k++) evaluate(k, xs, rows, 'sample');
  }

  // Phase 3: adversarial descent on min_i R_i from the lowest points (signed gradient steps).
  let advStarts = 0;
  for (let k = 0; k < cases.length; k++) {
    const starts = measures[k]!.lowest.slice(0, o.adversarialStarts);
    if (starts.length === 0) continue;
    advStarts = Math.max(advStarts, starts.length);
    const rows = starts.length;
    const cur = new Float32Array(rows * d);
    starts.forEach((s, r) => cur.set(s.x, r * d));
    const m = models[k]!;
    for (let t = 0; t < o.adversarialSteps; t++) {
      if (late('adversarial descent')) break;
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
      evaluate(k, cur, rows, 'adversarial');
    }
  }

  // --- the case that decides: QCvx picks the x* that does best ----------------------------
  const worstOf = (k: number) => measures[k]!.worst?.value ?? Infinity;
  let pick = 0;
  for (let k = 1; k < cases.length; k++) if (worstOf(k) > worstOf(pick)) pick = k;
  const ms = measures[pick]!;

  // --- confirmation with intervals ---------------------------------------------------------
  let confirmed: Counterexample | null = null;
  let confirmation: Confirmation | null = null;
  let why: string;
  let candidatesTried = 0;
  let refutable = true;
  let fstarNote: string | undefined;
  let plBound: { bound: number; fstarLo: number } | undefined;
  const slots = claim.condition === 'alpha-beta' && !p.termMinima ? termMinimumSlots(p, minima.term.map((t) => (t.x ? clipTo(t.x, inner) : null))) : undefined;
  if (model === null && claim.condition !== 'pl') {
    refutable = false;
    why = `a refutation needs a rigorous S (x_p), and minimizers: auto could not be computed in d = ${d}`;
  } else if (claim.condition === 'qcvx' && model?.kind === 'map' && !model.map.every((e) => freeVariables(e).size === 0)) {
    refutable = false;
    why = "S is not a single point and only x* = P(c) was tried: a refutation for it does not refute 'some x* in S works'";
  } else if (measures.every((m) => m.negatives.length === 0)) {
    why = 'no evaluated point has a negative float residual';
  } else if (measures.some((m) => m.negatives.length === 0)) {
    const k = measures.findIndex((m) => m.negatives.length === 0);
    why = `for x* = point ${k} of S no evaluated point has a negative float residual, and a refutation needs every x* in S to fail`;
  } else {
    why = '';
  }
  if (refutable && why === '') {
    const results: Confirmation[] = [];
    for (let k = 0; k < cases.length; k++) {
      const cands = measures[k]!.negatives.map((r) => r.x);
      let pp = p;
      const mdl: ProjectionModel = model ?? { kind: 'points', points: [] };
      if (claim.condition === 'pl' && !p.fstar && model === null) {
        const up = minima.mean.x ? withFstarUpperBound(p, f, clipTo(minima.mean.x, inner)) : null;
        if (!up) break;
        pp = up.problem;
        plBound = { bound: up.bound, fstarLo: up.fstarLo };
        fstarNote = `f* not given and S not known: f* <= ${up.bound} (f at the lowest point found, enclosed with intervals) is used to refute, the sound direction for PL; the residual's enclosure covers every f* in [${up.fstarLo}, ${up.bound}]`;
      }
      const c = confirmCandidates(pp, claim, mdl, cands, { domain, inner, seed: o.seed, ...(slots && { termMinimumSlots: slots }), ...(cases[k]!.xstar && { xstar: cases[k]!.xstar! }) });
      candidatesTried += c.tried;
      results.push(c);
      if (!c.counterexample) break; // QCvx: every x* must fail
    }
    const all = results.length === cases.length && results.every((r) => r.counterexample);
    if (all) {
      confirmation = results[0]!;
      confirmed = results[0]!.counterexample;
      if (confirmed && plBound && claim.condition === 'pl') confirmed = widenPlResidual(confirmed, claim.mu, plBound.bound, plBound.fstarLo);
      why = `confirmed with interval arithmetic at x (verifyWitness)${cases.length > 1 ? `; each of the ${cases.length} candidates x* has its own verified counterexample` : ''}`;
    } else {
      why = `the float residual is negative at ${ms.negativeCount} point(s) (worst ${ms.worst?.value.toPrecision(4)}), but interval evaluation at the best candidates did not confirm a violation (a kink, float32 rounding, a tie of nearest points, or f_i* / f* bounds too loose)`;
    }
  }

  const elapsedMs = Date.now() - started;
  const w = ms.worst;
  const region = claim.condition === 'alpha-beta' ? { ...ms.region.result(alpha), claimSupported: !(w && w.value < 0) } : undefined;
  const supported = claim.condition !== 'alpha-beta' ? { constant: (claim.condition === 'pl' ? 'mu' : 'theta') as 'mu' | 'theta', ...ms.constant.result() } : undefined;
  // Refuted: every x* failed and the counterexample shown is the first one's; else the x* that did best.
  const xstar = cases[confirmed ? 0 : pick]!.xstar;
  const empirical: EmpiricalReport = {
    method: 'numeric-fallback',
    disclaimer: 'empirical: float32 evaluations at finitely many points; not a proof of anything (only a counterexample confirmed with intervals is)',
    dim: d,
    threshold: o.threshold,
    forced: o.forced,
    backend: { name: backend.name, detail: backend.detail },
    precision: 'float32',
    projection: projectionText,
    constantsUsed:
      claim.condition === 'alpha-beta'
        ? { termMinima, how: termMinimaHow }
        : { fstar: cases[pick]!.fstar, how: claim.condition === 'qcvx' ? 'f(x*) for the x* tried' : fstarHow },
    evaluated: {
      points: counts.points,
      samples: counts.sample,
      sgd: { runs: o.sgdRuns, steps: sgd.steps, stepSize: sgd.stepSize, points: counts.sgd },
      adversarial: { starts: advStarts, steps: o.adversarialSteps, points: counts.adversarial },
      nonFinite: counts.nonFinite,
    },
    worst: w ? { residual: w.value, x: w.x, term: claim.condition === 'alpha-beta' ? w.obligation : null, projection: w.xp, source: w.source } : null,
    negativePoints: ms.negativeCount,
    ...(region && { region }),
    ...(supported && { supported: { constant: supported.constant, max: supported.max, constraints: supported.constraints } }),
    confirmation: { attempted: candidatesTried > 0, candidates: candidatesTried, confirmed: confirmed !== null, why },
    ...(timeLimited && { timeLimited }),
    elapsedMs,
  };
  const head = `numeric fallback (d = ${d}${o.forced ? ', forced with --numeric' : ` > threshold ${o.threshold}`})`;
  notes.push(`${head}: ${counts.points} points evaluated in float32 on ${backend.detail}; ${projectionText}`);
  if (fstarNote) notes.push(fstarNote);
  if (timeLimited) notes.push(`time limit reached during ${timeLimited}`);
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
  const reason = `${head}: never certified from samples; ${why}`;
  return { ...common, verdict: 'inconclusive', counterexample: null, computed: confirmation?.system.slots ?? slots ?? [], reason };
}

function clipTo(x: readonly number[], b: Box): number[] {
  return x.map((v, j) => Math.min(Math.max(v, b.lo[j]!), b.hi[j]!));
}

/**
 * Parallel SGD runs on f (one uniformly drawn term per run and step), projected onto the
 * box. The step size is set from the first gradients so that a first step moves 2% of the
 * box diagonal on average; it then stays constant, as in the paper.
 */
function runSgd(tf: TF, terms: TfProgram, domain: Box, o: NumericOptions, random: () => number, late: (phase: string) => boolean) {
  const d = domain.lo.length;
  const n = terms.outputs;
  const R = Math.max(1, o.sgdRuns);
  const K = Math.max(0, o.sgdSteps);
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
  for (let k = 0; k < K; k++) {
    if (late('SGD')) break;
    const pick = Array.from({ length: R }, () => Math.min(n - 1, Math.floor(random() * n)));
    const g = tf.tidy(() => {
      const xt = tf.tensor2d(x, [R, d]);
      const oneHot = new Float32Array(R * n);
      pick.forEach((i, r) => (oneHot[r * n + i] = 1));
      const mask = tf.tensor2d(oneHot, [R, n]);
      const loss = (xx: Tensor) => tf.sum(tf.mul(stackColumns(tf, terms.eval(tf, columns(tf, xx))) as Tensor2D, mask));
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
  }
  // The run with the lowest f at its last iterate.
  const finals = Array.from({ length: R }, (_, r) => x.slice(r * d, (r + 1) * d));
  const fv = tf.tidy(() => {
    const xt = tf.tensor2d(x, [R, d]);
    return tf.div(tf.addN(terms.eval(tf, columns(tf, xt))), n).dataSync() as Float32Array;
  });
  let best = 0;
  for (let r = 1; r < R; r++) if (!(fv[r]! >= fv[best]!)) best = r;
  return { points: points.subarray(0, rows * d), rows, runOf, finals, best, bestF: fv[best]!, steps, stepSize: Number.isNaN(stepSize) ? 0 : stepSize };
}
