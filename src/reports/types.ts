import type { Certificate } from '../cert/index.js';
import type { Claim, ConditionName } from '../conditions/index.js';
import type { ConstantsResult } from '../constants/index.js';
import type { CheckResult, Counterexample } from '../engine/index.js';
import type { Problem } from '../problem/index.js';

/** A closed interval [lo, hi] that rigorously encloses a value (null ends: unbounded). */
export type Range = [number | null, number | null];

/**
 * Options of `buildReport` / `writeReport`. Everything is optional: without constants the
 * report checks each condition at the best constant lscert certifies within the budget.
 */
export interface ReportOptions {
  /** α-β claim (both or neither): exact decimals or fractions, e.g. "2.5", "5/2". */
  readonly alpha?: string;
  readonly beta?: string;
  /** PL claim. */
  readonly mu?: string;
  /** Aiming and QCvx claim. */
  readonly theta?: string;
  /** A line claim in the (α, β) plane, e.g. "beta = alpha - 1" (drawn, and its smallest α bracketed). */
  readonly fix?: string;
  /** Window 0 ≤ β < α ≤ alphaMax of the (α, β) plane (default 10, or 1.25·α of the claim when larger). */
  readonly alphaMax?: number;
  /** Time budget of the whole report in seconds (default 60). Each phase gets a share. */
  readonly timeLimitSec?: number;
  /**
   * When the budget's clock started (a Date.now() value; default: when the report starts). The
   * CLI starts it before loading the problem, so that `timeLimitSec` bounds the whole command.
   */
  readonly startedAt?: number;
  /** Branch-and-bound budget in boxes of each check and of each constants pass (default 100000). */
  readonly maxBoxes?: number;
  readonly seed?: number;
  /** Hand regions intervals leave to Z3 (default true, as `lscert check`). */
  readonly z3?: boolean;
  /** Called at the start of each phase (for a progress line). */
  readonly onPhase?: (phase: string, fractionDone: number) => void;
  /**
   * `report --jobs n`: the check of each verdict row is decided as `check --jobs n` decides it
   * (the CLI's runner, src/cli/jobs.ts), with its joined certificate when certified; null when
   * the claim runs as one job there (the row then runs its usual check).
   */
  readonly inPieces?: ReportPieceCheck;
}

/** See ReportOptions.inPieces. */
export type ReportPieceCheck = (
  p: Problem,
  claim: Claim,
  o: { readonly maxBoxes: number; readonly timeLimitMs: number; readonly seed: number; readonly z3: boolean; readonly certificate: boolean },
) => Promise<{ readonly result: CheckResult; readonly certificate: Certificate | null; readonly noCertificate?: string } | null>;

export interface ResolvedReportOptions {
  readonly timeLimitSec: number;
  readonly maxBoxes: number;
  readonly seed: number;
  readonly z3: boolean;
}

export const REPORT_DEFAULTS: ResolvedReportOptions = { timeLimitSec: 60, maxBoxes: 100_000, seed: 1, z3: true };

/** A value lscert computed or was given, with how. */
export interface Fact {
  /** Rigorous enclosure (for user-given values: the enclosure of the exact value). */
  readonly enclosure: Range;
  /** The exact text when given by the user, else null. */
  readonly exact: string | null;
  /** 'given (trusted)', or how lscert computed it and on what set. */
  readonly how: string;
}

export interface StationaryPoint {
  /** Float approximation of the point (not rigorous); `box` holds exactly one stationary point (Krawczyk). */
  readonly point: number[];
  readonly box: { lo: number[]; hi: number[] };
  readonly kind: 'saddle' | 'local-min' | 'local-max' | 'unknown';
  /** Rigorous enclosure of f over `box`. */
  readonly f: Range;
  /** 'not-global': f.lo > f*.hi (proved); 'global': f's enclosure meets f*'s (consistent with S); */
  readonly status: 'not-global' | 'global' | 'undecided';
}

export interface ProblemFacts {
  readonly name: string;
  readonly source: string;
  readonly description: string | null;
  readonly hash: string;
  readonly variables: string[];
  readonly domain: { variable: string; lo: string; hi: string }[];
  readonly terms: string[];
  /** LaTeX of the first TYPESET_TERMS terms. */
  readonly termsLatex: string[];
  /** ∇f_i (simplified, structure-preserving); null when too long to print. */
  readonly gradientsLatex: (string[] | null)[];
  readonly minimizers: { kind: string; text: string; latex: string; points?: number[][] };
  readonly fstar: Fact;
  readonly termMinima: Fact[];
  /** c = min_i f_i(S) (over the part of S lscert can see: the projection of the box). */
  readonly c: Fact;
  /** σ²_int = (1/n) Σ (f* − f_i*). */
  readonly sigma2int: Fact;
  /** Certified smoothness constant of every f_i on the box: L ≥ sup ‖∇²f_i‖₂ (null when not certified). */
  readonly L: { readonly value: number | null; readonly perTerm: (number | null)[]; readonly how: string };
  readonly stationaryPoints: StationaryPoint[];
  readonly notes: string[];
}

/** The check of one condition in the verdict table (the object of `check --json`, plus fields). */
export interface VerdictRow {
  readonly condition: ConditionName;
  /** The exact constants checked ("5/2"); null when nothing was checked. */
  readonly claim: Record<string, string> | null;
  /** Where the constants came from. */
  readonly origin: 'user' | 'best certified (constants)' | 'refuted bracket end (constants)' | 'fallback' | 'none';
  readonly verdict: 'certified' | 'refuted' | 'inconclusive' | 'not checked';
  readonly check: Record<string, unknown> | null;
  /** Certificate file (in the report directory) when certified. */
  readonly certificate: string | null;
  readonly note: string | null;
}

/** One quantity of a condition at a counterexample, rigorously enclosed. */
export interface Quantity {
  readonly name: string;
  readonly latex: string;
  readonly enclosure: Range;
}

export interface CounterexampleDetail {
  readonly id: string;
  /** Which claim it refutes. */
  readonly condition: ConditionName;
  readonly claim: Record<string, string>;
  /** Where it comes from: the verdict table's check, or the refuted end of a constants bracket. */
  readonly from: string;
  readonly counterexample: Counterexample;
  /** Per nearest point x_p (and per term for α-β): the quantities of the condition. */
  readonly cases: { projection: number[] | null; term: number | null; quantities: Quantity[] }[];
  /** One-line reading. `rigorous` when the bound is the end of an interval enclosure. */
  readonly reading: { readonly text: string; readonly rigorous: boolean; readonly bound: number | null };
  /** Universal refutation (a non-global stationary point): fails for every constant. */
  readonly universal: boolean;
}

export interface SliceInfo {
  /** Indices of the two plotted variables (one for a 1-D problem). */
  readonly axes: number[];
  /** The other variables, fixed at these values (empty for d ≤ 2). */
  readonly fixed: { variable: string; value: number }[];
  readonly through: string;
}

export interface PlotInfo {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  /** Number of SVG marks drawn (a sanity figure: an empty plot has none). */
  readonly marks: number;
  /** Ids of the counterexamples drawn on it (only those of the plot's own claim on a plot of one claim). */
  readonly counterexamples: string[];
}

/** report.json */
export interface ReportData {
  readonly format: 'lscert-report';
  readonly version: 1;
  readonly lscert: string;
  readonly generated: string;
  readonly problem: ProblemFacts;
  readonly budget: { timeLimitSec: number; maxBoxes: number; seed: number; z3: boolean; elapsedMs: number; phases: { phase: string; ms: number }[] };
  readonly verdicts: VerdictRow[];
  /** The objects of `constants --json` (null: not computed, with the reason in notes). */
  readonly constants: Record<ConditionName, ConstantsResult | null> & { tie: ConstantsResult | null };
  readonly plane: {
    readonly alphaMax: number;
    readonly certified: [number, number][];
    /** The outer polygon (pairs outside it are refuted), less the one-term cone; [] when not computed. */
    readonly refuted: [number, number][];
    /** Whether the (α, β) region was computed (false: skipped, e.g. when the one-term argument refutes every pair). */
    readonly regionComputed: boolean;
    /** One term: every pair with β < κα is refuted by a proved non-global stationary point (κ = 1: every α > β). */
    readonly oneTerm: { kappa: number; point: number[]; text: string } | null;
    /** The square α, β ∈ [lo, hi] the plot shows (zoomed to the decided boundary, or the whole window). */
    readonly view: { lo: number; hi: number };
    readonly zoomed: boolean;
    readonly claim: { kind: 'point'; alpha: number; beta: number } | { kind: 'line'; tie: string; k: number; m: number } | null;
    /** The pair of the verdict table's α-β row, with its verdict. */
    readonly checked: { alpha: number; beta: number; verdict: string } | null;
    readonly tight: { certifiedPair: { alpha: number; beta: number } | null; refutedPair: { alpha: number; beta: number } | null; along: string } | null;
  };
  readonly counterexamples: CounterexampleDetail[];
  readonly slice: SliceInfo;
  readonly plots: PlotInfo[];
  readonly notes: string[];
  readonly warnings: string[];
}

/** Terms a report typesets (their LaTeX in `termsLatex`, their rows in the HTML); all are in `terms`. */
export const TYPESET_TERMS = 64;
