import type { ConditionName } from '../conditions/index.js';
import type { Counterexample } from '../engine/index.js';
import type { CheckSummary, PieceCheck } from './confirm.js';
import type { ZeroProof } from './scalar.js';
import type { Tie } from './tie.js';

/** What to optimise. α-β: 'min-alpha' needs a tie; the others take none. μ/θ: always the largest. */
export type AlphaBetaObjective = 'min-alpha' | 'min-ratio' | 'max-gap' | 'region';

export interface ConstantsRequest {
  readonly condition: ConditionName;
  /** α-β only. Default: 'min-alpha' with a tie, 'region' without. */
  readonly objective?: AlphaBetaObjective;
  readonly tie?: Tie;
  /** The window α ≤ alphaMax for 'region', 'min-ratio' and 'max-gap' (default 10). */
  readonly alphaMax?: number;
}

/** Options, resolved (see `resolveOptions`). */
export interface ConstantsOptions {
  /** Box budget of each inner refinement pass. */
  readonly maxBoxes: number;
  /** Overall time limit of the inner passes (confirmation checks have their own budget). */
  readonly timeLimitMs: number;
  readonly seed: number;
  /** Target relative width of a bracket. */
  readonly relGap: number;
  /** Random points of the outer search. */
  readonly samples: number;
  /** Budget of each confirming `check()`. */
  readonly confirmMaxBoxes: number;
  readonly confirmTimeLimitMs: number;
  /** Skip the confirming `check()` calls (raw brackets; never for printed results). */
  readonly skipConfirm: boolean;
  /** `--jobs n`: the confirming checks are decided in pieces on n threads, as `check --jobs n` (PieceCheck). */
  readonly inPieces?: PieceCheck;
}

export const DEFAULT_OPTIONS: ConstantsOptions = {
  maxBoxes: 200_000,
  timeLimitMs: 120_000,
  seed: 1,
  relGap: 0.005,
  samples: 512,
  confirmMaxBoxes: 400_000,
  confirmTimeLimitMs: 120_000,
  skipConfirm: false,
};

export const resolveOptions = (o: Partial<ConstantsOptions> = {}): ConstantsOptions => ({ ...DEFAULT_OPTIONS, ...o });

/** An (α, β) pair as printed. */
export interface Pair {
  readonly alpha: number;
  readonly beta: number;
}

/** How the printed values were confirmed. */
export interface Confirmation {
  /** `check()` on the certified value; 'trivial' when the certified value is 0 (μ, θ). */
  readonly certified: CheckSummary | 'trivial' | null;
  readonly refuted: CheckSummary | null;
  readonly method: string;
}

/** The result of `lscert constants` (docs/cli.md#constants, plus extensions). */
export interface ConstantsResult {
  readonly condition: ConditionName;
  readonly parameter: 'alpha' | 'mu' | 'theta' | 'ratio' | 'gap';
  readonly objective: 'min' | 'max' | 'min-ratio' | 'max-gap' | 'region';
  /** A value at which the condition is certified (check() certifies it), or null. */
  readonly certified: number | null;
  /** A value at which it is refuted with a verified counterexample, or null. */
  readonly refuted: number | null;
  readonly region: { readonly certified: [number, number][]; readonly refuted: [number, number][] };
  readonly problem: string;
  readonly tie: string | null;
  /** α-β: the pairs behind `certified` and `refuted`. */
  readonly certifiedPair?: Pair | null;
  readonly refutedPair?: Pair | null;
  /** The counterexample that refutes `refuted`. */
  readonly witness: Counterexample | null;
  /** μ/θ: the best constant is 0 (proved, or up to the printed ε). */
  readonly best?: { readonly value: 0; readonly proof: ZeroProof };
  /** The raw brackets before rounding and confirmation: outer (necessary) and inner (leaf-certified) ranges. */
  readonly brackets: {
    readonly outer: [number, number] | null;
    readonly inner: [number, number] | null;
    readonly passes: readonly { target: number; reached: boolean; boxes: number; inner: [number, number] | null }[];
  };
  readonly confirmation: Confirmation;
  readonly boxes: number;
  readonly elapsedMs: number;
  readonly lp?: { readonly solver: 'highs'; readonly solves: number; readonly ms: number };
  readonly notes: readonly string[];
}
