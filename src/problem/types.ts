import type { Expr } from '../expr/index.js';

/**
 * A rigorous enclosure of an exact constant: the true value lies in [lo, hi]. Any
 * `Interval` of the interval layer satisfies this shape.
 */
export interface Enclosure {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Bounds of one variable of the box X. `lo` and `hi` are the exact values as given;
 * the enclosures contain them (soundness: use `loEnclosure.lo` and `hiEnclosure.hi` for a
 * float box that contains X, see `outerBox`).
 */
export interface BoxBound {
  readonly variable: string;
  readonly lo: Expr;
  readonly hi: Expr;
  readonly loEnclosure: Enclosure;
  readonly hiEnclosure: Enclosure;
}

/** The set S of global minimizers of f, in one of five forms. */
export type Minimizers =
  /** Finitely many points, each with one exact coordinate per variable. */
  | { readonly kind: 'points'; readonly points: readonly (readonly Expr[])[] }
  /** S = { x : A x = b }, A has one row per equation and one column per variable. */
  | { readonly kind: 'affine'; readonly A: readonly (readonly Expr[])[]; readonly b: readonly Expr[] }
  /** An explicit map x -> Proj(x, S): one expression in the variables per variable. */
  | { readonly kind: 'projection'; readonly map: readonly Expr[] }
  /** lscert finds S itself (the engine decides whether it can). */
  /** `symmetry`: a map σ with f∘σ ≡ f (proved symbolically at load), used to accept several minimizers that σ permutes. */
  | { readonly kind: 'auto'; readonly symmetry?: readonly Expr[] }
  /** S = { x ∈ R^d : g_1(x) = … = g_m(x) = 0 } (over R^d, not only the box), 1 ≤ m < d equations. */
  | { readonly kind: 'implicit'; readonly equations: readonly Expr[] };

/** A fully resolved problem: f(x) = (1/n) Σ terms[i] on the box `domain`. */
export interface Problem {
  /** [a-z0-9-]+ */
  readonly name: string;
  /** File path, or `<command line>`. */
  readonly source: string;
  readonly variables: readonly string[];
  /** Named exact constants (already inlined into every expression). */
  readonly parameters: ReadonlyMap<string, Expr>;
  /** f_i, parsed, parameters substituted. */
  readonly terms: readonly Expr[];
  /** The text of each term (the generated text for template terms). */
  readonly termTexts: readonly string[];
  /** Where each term came from, for messages: `terms[0]`, `template.term (i=1, j=0)`. */
  readonly termOrigins: readonly string[];
  /** One bound per variable, in variable order. */
  readonly domain: readonly BoxBound[];
  readonly minimizers: Minimizers;
  /** User-given f* = min f: trusted and echoed. */
  readonly fstar?: Expr;
  /** User-given f_i* = inf over R^d of f_i, one per term: trusted and echoed. */
  readonly termMinima?: readonly Expr[];
  /** sha256 (hex) of the canonical JSON of the resolved problem (see `canonicalProblem`). */
  readonly hash: string;
  /**
   * Where computed constants are sampled for their upper ends (f_i* ≤ f_i(witness)): the domain's
   * outer box when absent. A shard (`--shard`, `--jobs`) samples the whole claim's box, so its
   * f_i* enclosures are as tight as the whole problem's (a shard's own box may hold no point near
   * the minimizer of f_i: f_i* would then be over-estimated and the shard's claim harder). Only a
   * sampling hint: any point gives a valid upper end, so it is not part of the problem's hash.
   */
  readonly sampleBox?: { readonly lo: readonly number[]; readonly hi: readonly number[] };
  /**
   * The point whose projection is x* for QCvx with S an affine set or a map (and where f* = f(P(c))
   * is taken): the domain's exact centre when absent. A shard or `--jobs` piece carries the whole
   * claim's centre, so that every piece proves the claim for the one x* the whole problem uses
   * (pieces with different x* prove nothing together). Certificates record it (`xstar.from`).
   */
  readonly centre?: readonly Expr[];
  /**
   * The inner float box of the whole claim's exact domain, carried by a shard or `--jobs` piece
   * (absent: the problem's own). A point of S inside its interior is a stationary point of f
   * (Prepared.localStationary), also when it lies on a face where the pieces were cut; checked
   * certificates embed the whole problem, whose inner box the checker uses alike. Not hashed.
   */
  readonly wholeInner?: { readonly lo: readonly number[]; readonly hi: readonly number[] };
}
