import type { RunnerOutput } from './runner.js';
import { CLT_MIN_RUNS, halfWidth, type BandMethod } from './statistics.js';

/**
 * The comparison of `simulate` (issue [11] §4): per K, the band of min_{k<K} E[f(x_k) − f*]
 * from the runs, against a bound. Bands hold jointly over the K iterations at level
 * `confidence` (Bonferroni: δ = (1 − confidence)/K for each), so that with that probability
 * min_{k<K} E[gap_k] ∈ [min_{k<K}(m_k − h_k), min_{k<K}(m_k + h_k)] for every K at once.
 * A violation is claimed only when the lower end exceeds the bound (sound direction for a
 * claim that the bound fails; a statistical claim, never a proof), and only where the band may
 * flag one: the approximate CLT band not below CLT_MIN_RUNS runs, and no run outside the box
 * before K (there the certified constants need not hold, so the theorem need not apply).
 */
export interface BandOptions {
  readonly band: BandMethod;
  readonly confidence: number;
  /** Hoeffding: b − a for the gaps of runs inside the box (undefined: no Hoeffding band). */
  readonly range?: number;
}

/** Running minima over k < K, indexed by K − 1. */
export interface RunningBands {
  /** min_{k<K} m_k (the printed "observed"; biased low as a minimum of noisy means is). */
  readonly observed: Float64Array;
  /** min_{k<K} (m_k − h_k); −∞ where some run diverged or a band is unbounded. */
  readonly lower: Float64Array;
  /** min_{k<K} (m_k + h_k); ∞ where no band is finite yet. */
  readonly upper: Float64Array;
  /**
   * The lower end a violation may be claimed from: `lower`, except that an iteration whose band
   * is too weak to flag one (a CLT band over fewer than CLT_MIN_RUNS runs) counts as −∞.
   */
  readonly flagLower: Float64Array;
  /** The level of each per-iteration band. */
  readonly perIteration: number;
}

/** One row of the comparison: the bound and the observed running minimum at K. */
export interface SimulateRow {
  readonly K: number;
  /** The theorem's bound after K steps (upper end of its enclosure); null when not admissible. */
  readonly bound: number | null;
  /** min_{k<K} of the mean gap over the runs (floats). */
  readonly observed: number;
  /** The band of min_{k<K} E[f(x_k) − f*] (null ends: unbounded). */
  readonly band: [number | null, number | null];
  /** bound / observed (null when observed ≤ 0 or no bound). */
  readonly ratio: number | null;
  /**
   * True only when the band's lower end exceeds the bound, the band may flag a violation (CLT:
   * at least CLT_MIN_RUNS runs) and no run has left the box before K.
   */
  readonly violation: boolean;
  /**
   * When the band's lower end exceeds the bound but no violation is claimed, why (else null):
   * runs left the box (the constants are not certified there), or the CLT band is too weak.
   */
  readonly exceedsUnflagged: string | null;
  /** Runs with some iterate x_k, k < K, outside the box. */
  readonly leftBox: number;
  /** Runs that diverged (non-finite iterate or value) before K. */
  readonly diverged: number;
}

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function runningBands(run: RunnerOutput, o: BandOptions): RunningBands {
  const K = run.mean.length;
  const delta = (1 - o.confidence) / K;
  const obs = new Float64Array(K);
  const lower = new Float64Array(K);
  const upper = new Float64Array(K);
  const flagLower = new Float64Array(K);
  let mo = Infinity;
  let ml = Infinity;
  let mu = Infinity;
  let mf = Infinity;
  for (let k = 0; k < K; k++) {
    const m = run.mean[k]!;
    let h: number;
    if (run.diverged[k]! > 0 || Number.isNaN(m)) h = Infinity;
    else if (o.band === 'hoeffding')
      // Hoeffding's range is that of f on the box: no band at an iteration with a run outside it.
      h =
        run.outsideAt[k]! > 0 ? Infinity : halfWidth('hoeffding', run.finite[k]!, delta, { sd: run.sd[k]!, ...(o.range !== undefined && { range: o.range }) });
    else h = halfWidth('clt', run.finite[k]!, delta, { sd: run.sd[k]! });
    const l = h === Infinity ? -Infinity : m - h;
    const u = h === Infinity || Number.isNaN(m) ? Infinity : m + h;
    if (!Number.isNaN(m) && m < mo) mo = m;
    if (l < ml) ml = l;
    if (u < mu) mu = u;
    const canFlag = o.band !== 'clt' || run.finite[k]! >= CLT_MIN_RUNS;
    const lf = canFlag ? l : -Infinity;
    if (lf < mf) mf = lf;
    obs[k] = mo;
    lower[k] = ml;
    upper[k] = mu;
    flagLower[k] = mf;
  }
  return { observed: obs, lower, upper, flagLower, perIteration: 1 - delta };
}

export const LEFT_BOX_REASON = 'runs left the box (constants not certified there)';
export const WEAK_CLT_REASON = `the CLT band is approximate and too weak below ${CLT_MIN_RUNS} runs to flag violations (use --band hoeffding)`;

/** Whether a violation is claimed at K, and if the band exceeds the bound without one, why not. */
function judge(K: number, b: RunningBands, run: RunnerOutput, bound: number | null): { violation: boolean; exceedsUnflagged: string | null } {
  if (bound === null || !(b.lower[K - 1]! > bound)) return { violation: false, exceedsUnflagged: null };
  if (run.everOutside[K - 1]! > 0) return { violation: false, exceedsUnflagged: LEFT_BOX_REASON };
  if (!(b.flagLower[K - 1]! > bound)) return { violation: false, exceedsUnflagged: WEAK_CLT_REASON };
  return { violation: true, exceedsUnflagged: null };
}

/** The row at K for a bound (the bound's upper end), from the running bands and the runs. */
export function compareRow(K: number, b: RunningBands, run: RunnerOutput, bound: number | null): SimulateRow {
  const observed = b.observed[K - 1]!;
  const lower = b.lower[K - 1]!;
  return {
    K,
    bound,
    observed,
    band: [fin(lower), fin(b.upper[K - 1]!)],
    ratio: bound !== null && observed > 0 ? bound / observed : null,
    ...judge(K, b, run, bound),
    leftBox: run.everOutside[K - 1]!,
    diverged: run.diverged[K - 1]!,
  };
}

/**
 * The smallest K in 1 … Kmax with a violation (as `compareRow` judges it), or null; `'unfinished'`
 * when `deadline` passed before the scan found one or reached Kmax (then nothing is known about
 * the K not scanned: never "no violation"). Once a run has left the box no later K can have one.
 */
export function firstViolation(b: RunningBands, run: RunnerOutput, boundAt: (K: number) => number | null, deadline = Infinity): number | null | 'unfinished' {
  for (let K = 1; K <= b.lower.length; K++) {
    if (run.everOutside[K - 1]! > 0) return null;
    if ((K & 1023) === 1 && Date.now() >= deadline) return 'unfinished';
    const bound = boundAt(K);
    if (bound !== null && b.flagLower[K - 1]! > bound) return K;
  }
  return null;
}
