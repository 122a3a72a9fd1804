import type { Claim, Slot } from '../conditions/index.js';
import type { Assumed, Counterexample } from '../engine/index.js';

/** Where a start point of a run came from (the arbitrary that generated it). */
export type PointSource = 'uniform' | 'corner' | 'face' | 'near-S' | 'bisector' | 'stationary';

/** A start point of the probe, tagged with the arbitrary that produced it. */
export interface TaggedPoint {
  readonly x: readonly number[];
  readonly source: PointSource;
}

/** Options of `probe`, all optional (see `resolveProbeOptions`). */
export interface ProbeOptions {
  /** fast-check runs: start points, each pushed downhill (default 200). */
  readonly runs?: number;
  /** Seed of fast-check and of every random choice; default: a fresh random seed (printed). */
  readonly seed?: number;
  /** Float residual evaluations per run (start + local descent); the budget is runs × this (default 120). */
  readonly evaluationsPerRun?: number;
  /** Points drawn per run; the lowest (normalized residual) is pushed downhill (default 10). */
  readonly batch?: number;
  /** Wall-clock limit in ms (default 60 000). */
  readonly timeLimitMs?: number;
  /**
   * 'guided' (default): structured arbitraries + descent + shrinking. 'uniform': the
   * baseline, uniform random points of the box with the same evaluation budget, no descent.
   */
  readonly strategy?: 'guided' | 'uniform';
}

/** `ProbeOptions` with every field resolved. */
export interface QualifiedProbeOptions {
  readonly runs: number;
  readonly seed: number;
  readonly evaluationsPerRun: number;
  readonly batch: number;
  readonly timeLimitMs: number;
  readonly strategy: 'guided' | 'uniform';
}

export const DEFAULT_PROBE = { runs: 200, evaluationsPerRun: 120, batch: 10, timeLimitMs: 60_000, strategy: 'guided' } as const;

/** A fresh seed in [0, 2^31): probing is randomized unless a seed is given; the seed is always reported. */
export const freshSeed = (): number => Math.floor(Math.random() * 2 ** 31);

export function resolveProbeOptions(o: ProbeOptions = {}): QualifiedProbeOptions {
  return {
    runs: o.runs ?? DEFAULT_PROBE.runs,
    seed: o.seed ?? freshSeed(),
    evaluationsPerRun: o.evaluationsPerRun ?? DEFAULT_PROBE.evaluationsPerRun,
    batch: o.batch ?? DEFAULT_PROBE.batch,
    timeLimitMs: o.timeLimitMs ?? DEFAULT_PROBE.timeLimitMs,
    strategy: o.strategy ?? DEFAULT_PROBE.strategy,
  };
}

/** How a refutation was found: the run, the arbitrary, the start, the descended point and the shrinking. */
export interface ProbeFinding {
  /** The fast-check run that found it (1 = the first). */
  readonly run: number;
  readonly source: PointSource;
  readonly start: number[];
  /** The point the local descent reached (float residual < 0 there). */
  readonly descended: number[];
  /** Significant digits of the reported point after shrinking (≤ 17). */
  readonly digits: number;
}

/**
 * The result of `lscert probe` (docs/cli.md): shaped like `check --json` (§3). Probing never
 * certifies: the verdict is 'refuted' (a counterexample verified with interval arithmetic,
 * exit 1) or 'inconclusive' (none found within the budget, exit 2).
 */
/** Probing refutes (with a verified counterexample) or is inconclusive; it never certifies. */
export type ProbeResult = ProbeCommon &
  ({ readonly verdict: 'refuted'; readonly counterexample: Counterexample } | { readonly verdict: 'inconclusive'; readonly counterexample: null });

/** What every probe result has. A counterexample is verified: `residual[1] < 0` encloses the residual of `term` at `x` rigorously. */
export interface ProbeCommon {
  readonly condition: Claim['condition'];
  readonly constants: Record<string, number>;
  readonly problem: string;
  /** The seed: `--seed` with this value replays the run exactly. */
  readonly seed: number;
  /** fast-check runs executed (start points tried). */
  readonly runs: number;
  /** Float residual evaluations spent (starts, descents, shrinking, the quick stationary search). */
  readonly evaluations: number;
  /** The evaluation budget (runs × evaluationsPerRun per target). */
  readonly budget: number;
  readonly strategy: 'guided' | 'uniform';
  readonly elapsedMs: number;
  /** Why no refutation (inconclusive), or a note on a refutation's scope. */
  readonly reason?: string;
  readonly found?: ProbeFinding;
  /** QCvx: the x* refuted (index into S's points or its value); with several points of S, one counterexample per point. */
  readonly xstar?: { readonly point: number | null; readonly value: number[] };
  readonly xstarCounterexamples?: readonly {
    readonly xstar: { readonly point: number | null; readonly value: number[] };
    readonly counterexample: Counterexample;
  }[];
  readonly computed: readonly Slot[];
  readonly assumed: Assumed;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
}
