import type { Box } from './box.js';
import type { BoundMethod } from './bounder.js';
import type { NormalProof } from './normal.js';

/**
 * A verified counterexample (docs/cli.md#check): at `x` the interval `residual` rigorously
 * encloses the left side minus the right side of the condition for `term` (null for
 * PL, Aiming, QCvx) with x_p = `projection`, and residual[1] < 0. With several nearest
 * points, every one of them fails (`alsoFails` lists the others).
 */
export interface Counterexample {
  readonly x: number[];
  readonly term: number | null;
  readonly projection: number[] | null;
  readonly residual: [number, number];
  readonly alsoFails?: { projection: number[]; term: number | null; residual: [number, number] }[];
}

/** How one case (one candidate nearest point) was settled on a leaf box. */
export type CaseProof =
  | { readonly point: number | null; readonly how: 'not-nearest' }
  | { readonly point: number | null; readonly how: 'bounds'; readonly methods: readonly BoundMethod[] }
  | { readonly point: number | null; readonly how: 'local-convexity'; readonly m: number; readonly M: number }
  | { readonly point: number | null; readonly how: 'convexity' }
  | { readonly point: number | null; readonly how: 'z3' }
  | NormalProof;

/** The bisection tree of a certificate: leaves tile the domain exactly. */
export type CertNode =
  | { readonly split: readonly [number, number]; readonly children: readonly [CertNode, CertNode] }
  | { readonly leaf: readonly CaseProof[] };

/** A region left unproved, and why. */
export interface OpenRegion {
  readonly box: Box;
  readonly why: 'budget' | 'kink' | 'undefined' | 'degenerate' | 'min-width' | 'deferred';
  /** The lowest lower bound of a residual seen there. */
  readonly lower: number;
}

/** Bookkeeping of one branch-and-bound search (printed as `stats` by `check --json`). */
export interface SearchStats {
  /** The most boxes queued at once (best-first heap plus depth-first stack). */
  readonly queuePeak: number;
  /** The heap's capacity: beyond it, new boxes are worked depth-first. */
  readonly queueCap: number;
  /** Boxes taken from the depth-first stack (0 when the heap never filled). */
  readonly depthFirstBoxes: number;
}

/**
 * Default capacity of the best-first queue: 2^18 boxes (a queued box costs about 0.3 kB with
 * its node in the tree, so the queue stays below ~100 MB; see docs/engine.md, Memory).
 */
export const DEFAULT_QUEUE_CAP = 2 ** 18;

export type SearchOutcome =
  | {
      readonly kind: 'certified';
      /** Absent when SearchOptions.keepTree was false. */
      readonly tree?: CertNode;
      readonly boxes: number;
      readonly stats?: SearchStats;
    }
  | {
      readonly kind: 'refuted';
      readonly counterexample: Counterexample;
      readonly boxes: number;
      readonly provedVolume: number;
      /** The search tree as it stood when the counterexample was found (absent before any bisection, or without keepTree). */
      readonly root?: SearchNode;
      readonly stats?: SearchStats;
    }
  | {
      readonly kind: 'inconclusive';
      readonly provedVolume: number;
      readonly open: readonly OpenRegion[];
      readonly boxes: number;
      readonly reason: string;
      /** The partial proof tree (absent without keepTree): open regions can still be settled later (Z3 pass). */
      readonly root?: SearchNode;
      /** The nodes of the open regions, in the order they were left open (the tree's open leaves). */
      readonly openNodes: readonly SearchNode[];
      readonly stats?: SearchStats;
    };

/** A node of the search tree: split, settled leaf, or open (unsettled) region. */
export interface SearchNode {
  box: Box;
  split?: [number, number];
  children?: [SearchNode, SearchNode];
  leaf?: CaseProof[];
  open?: OpenRegion;
}

export interface SearchOptions {
  readonly maxBoxes: number;
  readonly timeLimitMs: number;
  readonly seed: number;
  /** Boxes narrower than this fraction of the domain are not split further. */
  readonly minRelWidth: number;
  /**
   * When set, an unproved box whose sides are all below this fraction of the domain is set
   * aside as 'deferred' instead of being split further (for an exact pass, e.g. Z3).
   */
  readonly deferRelWidth?: number;
  /** Capacity of the best-first queue (default DEFAULT_QUEUE_CAP); beyond it the search goes depth-first. */
  readonly queueCap?: number;
  /** Called now and then with the fraction of volume proved and the boxes processed. */
  readonly onProgress?: (provedFraction: number, boxes: number) => void;
  /** The normal-segment argument near a continuum of S (default on; off only to measure what it adds: `npm run bench -- engine`). */
  readonly normalSegment?: boolean;
  /**
   * A stop flag (an Int32Array on a SharedArrayBuffer): the search ends, inconclusive, as soon as
   * element 0 is nonzero. Set by another thread, e.g. the Z3 worker that raced the search and
   * proved the whole claim (src/engine/z3race.ts).
   */
  readonly stop?: Int32Array;
  /**
   * A box count shared by the searches of several threads (`check --jobs`, src/cli/jobs.ts), an
   * Int32Array on a SharedArrayBuffer: each box is reserved with one atomic add before it is
   * taken, so `maxBoxes` bounds the boxes of all of them together (no lock).
   */
  readonly boxPool?: Int32Array;
  /**
   * Keep the proof tree (default true). False when nothing will read it (no certificate, no box
   * plot): a settled box is dropped as soon as it is proved, and the search neither allocates
   * nor holds the tree (on Remark-1 d = 4, α = 4, β = 3.9: 558 k boxes, about 170 MB less memory,
   * time within run-to-run spread; docs/engine.md, Memory). The outcome then has no `tree` or `root`; the
   * open regions' nodes (`openNodes`) are what a Z3 pass settles.
   */
  readonly keepTree?: boolean;
  /**
   * Work stealing (`check --jobs` without a certificate, src/cli/jobs.ts): `hungry` (an Int32Array
   * on a SharedArrayBuffer) counts the threads waiting for work. Now and then the search takes one
   * from the count (compare-and-swap) and hands half of its queued boxes to `donate`, which returns
   * the work item's id (null: not handed; the boxes stay queued). Those boxes are then neither
   * proved nor open in this search: a certified outcome means "every box but the handed-over
   * ones", and only the caller, which knows whether those were proved, may conclude more. Never
   * with keepTree (the tree would have holes).
   */
  readonly steal?: { readonly hungry: Int32Array; readonly donate: (boxes: readonly Box[]) => number | null };
  /**
   * Search these boxes of the domain instead of the whole domain (boxes another search handed over,
   * `steal`): certified means every one of them is proved. Never with keepTree.
   */
  readonly roots?: readonly Box[];
}

export const DEFAULT_SEARCH: SearchOptions = {
  maxBoxes: 200_000,
  timeLimitMs: 120_000,
  seed: 1,
  minRelWidth: 1e-9,
};
