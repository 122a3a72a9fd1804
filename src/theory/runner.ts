import { rng } from '../engine/rng.js';
import { compileFloat, gradient, type Expr } from '../expr/index.js';
import type { Optimizer } from './index.js';
import { MeanAccumulator } from './statistics.js';
import { stepRule, type StepParams } from './steps.js';

/**
 * The float simulation behind `lscert simulate` (issue [11] §4): `seeds` independent runs of an
 * optimizer on f = (1/n) Σ f_i, each step sampling i uniformly from {1, …, n}, and per iteration
 * k the sample mean and standard deviation over the runs of the gap f(x_k) − fStarForGap.
 * Floats throughout: an estimate, never a proof.
 */
export interface RunnerInput {
  readonly terms: readonly Expr[];
  /** Number of variables. */
  readonly dim: number;
  readonly optimizer: Optimizer;
  readonly steps: StepParams;
  /** f_i* as floats (SPS_max and DecSPS use them in the step size). */
  readonly termMinima: readonly number[];
  /** The f* subtracted in the gap (the caller picks its rounding direction). */
  readonly fStarForGap: number;
  readonly x0: readonly number[];
  /** Iterations: x_0 … x_{K−1} are recorded (K − 1 steps). */
  readonly K: number;
  readonly seeds: number;
  /** Seed of run r is seed + r (mulberry32, src/engine/rng.ts). */
  readonly seed: number;
  /** The box the constants were certified on; leaving it is counted, not prevented. */
  readonly box: { readonly lo: readonly number[]; readonly hi: readonly number[] };
  /**
   * Stop here (a Date.now() value; the command's --time-limit): no run starts after it, and a run
   * under way stops within 4096 steps of it. Its iterations so far are kept: which runs reach an
   * iteration depends on the clock, not on their values, so each iteration's mean stays an
   * unbiased estimate (over fewer runs: a wider band, none below two runs).
   */
  readonly deadline?: number;
}

export interface RunnerOutput {
  /** Runs started (`seeds` unless the deadline stopped them), and whether every one reached K. */
  readonly runs: number;
  readonly complete: boolean;
  /** Per k = 0 … K−1: mean, standard deviation and count of the finite gaps f(x_k) − f*. */
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  readonly finite: Int32Array;
  /** Per k: runs whose x_k lies outside the box (or is not finite). */
  readonly outsideAt: Int32Array;
  /** Per k: runs with some x_j, j ≤ k, outside the box. */
  readonly everOutside: Int32Array;
  /** Per k: runs whose x_k or f(x_k) is not finite (diverged). */
  readonly diverged: Int32Array;
  /** Smallest and largest gap seen over all runs and iterations (floats). */
  readonly observedRange: [number, number];
}

/** Compiled f and, per term, [f_i, ∂f_i/∂x_1, …, ∂f_i/∂x_d] (the symbolic layer's derivatives). */
export function compileTerms(
  terms: readonly Expr[],
  dim: number,
): { f: (x: Float64Array) => number; term: (i: number, x: Float64Array, out: Float64Array) => void } {
  const n = terms.length;
  const perTerm = terms.map((t) => compileFloat([t, ...gradient(t, dim)]));
  const all = compileFloat(terms);
  const vals = new Float64Array(n);
  return {
    f: (x) => {
      all.eval(x, vals);
      let s = 0;
      for (let i = 0; i < n; i++) s += vals[i]!;
      return s / n;
    },
    term: (i, x, out) => perTerm[i]!.eval(x, out),
  };
}

export function runSimulation(inp: RunnerInput): RunnerOutput {
  const { dim: d, K, seeds } = inp;
  const n = inp.terms.length;
  const { f, term } = compileTerms(inp.terms, d);
  const acc = Array.from({ length: K }, () => new MeanAccumulator());
  const outsideAt = new Int32Array(K);
  const everOutside = new Int32Array(K);
  const diverged = new Int32Array(K);
  const x = new Float64Array(d);
  const out = new Float64Array(d + 1);
  let lo = Infinity;
  let hi = -Infinity;
  const inBox = () => {
    for (let j = 0; j < d; j++) if (!(x[j]! >= inp.box.lo[j]! && x[j]! <= inp.box.hi[j]!)) return false; // NaN counts as outside
    return true;
  };
  const deadline = inp.deadline ?? Infinity;
  let runs = 0;
  let complete = true;
  for (let r = 0; r < seeds && complete; r++) {
    if (Date.now() >= deadline) {
      complete = false;
      break;
    }
    runs++;
    const next = rng(inp.seed + r);
    const step = stepRule(inp.optimizer, inp.steps);
    for (let j = 0; j < d; j++) x[j] = inp.x0[j]!;
    let left = false;
    let dead = false;
    for (let k = 0; k < K; k++) {
      if ((k & 4095) === 4095 && Date.now() >= deadline) {
        complete = false;
        break;
      }
      if (!dead) {
        const gap = f(x) - inp.fStarForGap;
        if (Number.isFinite(gap)) {
          acc[k]!.push(gap);
          if (gap < lo) lo = gap;
          if (gap > hi) hi = gap;
        } else dead = true;
      }
      if (dead) diverged[k]!++;
      if (!inBox()) {
        outsideAt[k]!++;
        left = true;
      }
      if (left) everOutside[k]!++;
      if (dead || k === K - 1) continue;
      const i = Math.min(n - 1, Math.floor(next() * n)); // uniform i ∈ {0, …, n−1}
      term(i, x, out);
      let g2 = 0;
      for (let j = 0; j < d; j++) g2 += out[j + 1]! * out[j + 1]!;
      const g = step(k, out[0]!, inp.termMinima[i]!, g2);
      for (let j = 0; j < d; j++) x[j]! -= g * out[j + 1]!;
    }
  }
  const mean = new Float64Array(K);
  const sd = new Float64Array(K);
  const finite = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    mean[k] = acc[k]!.n ? acc[k]!.mean : Number.NaN;
    sd[k] = acc[k]!.sd();
    finite[k] = acc[k]!.n;
  }
  return { runs, complete, mean, sd, finite, outsideAt, everOutside, diverged, observedRange: [lo, hi] };
}
