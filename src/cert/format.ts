/**
 * The certificate file format (`lscert check --cert FILE`, re-checked by `lscert verify-cert`).
 *
 * One JSON object:
 * - `format`, `version`: "lscert-certificate", 1. `lscert`: the producing version.
 * - `problem`: `{ name, hash, canonical }`: the problem in full as its canonical JSON
 *   (`canonicalProblem`, exact: rationals as "num/den") and its sha256.
 * - `claim`: `{ condition, constants }`, constants as exact rational strings ("5/2").
 * - `fstarAt` (PL, Aiming without a given f*): the point y of S with f* = f(y), either
 *   `{ point: k }` (S's k-th point) or `{ from: c }` (y = Proj(c, S), c exact constants).
 * - `xstar` (QCvx): the fixed x*, `{ point: k | null, from: c | null, exact, value }`, same
 *   rules; `exact` is x* as canonical expressions (must equal what the checker rebuilds),
 *   `value` its float value (informational).
 * - `slots`: the computed f_i* enclosures (α-β without `termMinima`), in term order:
 *   `{ name, lo, hi, how, witness }`; `witness` is the point where f_i ≤ hi was evaluated.
 * - `domain`: the outer float box `{ lo, hi }` (the root of the tree).
 * - `tree`: the bisection tree (`CertNode`): `{ split: [j, at], children: [lower, upper] }`
 *   or `{ leaf: CaseProof[] }`, one proof per case (candidate nearest point).
 * - `minimizers` (only when the problem's S is `auto`): the proof that S, the set of
 *   minimizers of f over the box, is one point enclosed by the first d slots (named S_<var>):
 *   `{ region, upper, tree, leaves }`, see src/engine/minimizerProof.ts and src/cert/minimizers.ts.
 *   The slots are then d coordinate enclosures of S's point followed by the f_i* enclosures.
 * - S given by equations (`minimizers: { implicit }`): the first d slots (named S_<var>) are the
 *   nearest point of x, written unbounded (lo "-Infinity", hi "Infinity", witness null), followed
 *   by the f_i* enclosures; the checker requires them unbounded and binds them on every leaf to
 *   its own enclosure of the leaf's nearest points (src/cert/nearest.ts). `fstarAt` is null (f* is
 *   f at the nearest point when the problem gives none). QCvx: the first d slots (Xstar_<var>) are
 *   instead a small box holding one point x* of S (width on m coordinates, exact doubles elsewhere;
 *   the checker proves it by one Krawczyk test), and `xstar` is `{ point: 0, from: null, exact }`
 *   with the slot variables. No other field.
 * - `reduction` (only when the claim depends on x through k < d linear forms y = W x and was
 *   decided over y): `{ W, forms, domain, base? }`; the tree then tiles `reduction.domain` (a box of y)
 *   and the checker proves the reduction itself (src/cert/reduction.ts).
 * - `stats`: `{ leaves, boxes, elapsedMs }` of the search (informational).
 * - `shard` (only in the certificate of one shard, `check --shard k/N`): `{ k, n, claim, domain,
 *   box }` (see src/cert/shard.ts): the tree's root is then the shard's box, which the checker
 *   recomputes from `domain` and n, and the certificate proves the claim on that box only.
 * - `merged` (a certificate joined by `merge-certs`): `{ n, claim, shards }`: the tree's top
 *   levels are the cut of the domain into n shards, each piece holding that shard's tree;
 *   `shards` lists `{ k, leaves, boxes, elapsedMs, lscert }` per shard (informational).
 *
 * Finite doubles are JSON numbers (shortest round-trip, so exact); an infinite slot end
 * is the string "-Infinity" / "Infinity" (JSON has no infinities).
 */
export const CERT_FORMAT = 'lscert-certificate';
export const CERT_VERSION = 1;

/** A canonical expression (see `canonicalExpr` in src/problem/hash.ts). */
export type CanonicalExpr = unknown;

/** A double, or an infinity spelled as a string. */
export type JsonNumber = number | '-Infinity' | 'Infinity';

/** How one case was settled on a leaf (mirrors the engine's `CaseProof`). */
export type CertCaseProof =
  | { readonly point: number | null; readonly how: 'not-nearest' }
  | { readonly point: number | null; readonly how: 'bounds'; readonly methods: readonly string[] }
  | { readonly point: number | null; readonly how: 'local-convexity'; readonly m: number; readonly M: number }
  | { readonly point: number | null; readonly how: 'convexity' }
  | { readonly point: number | null; readonly how: 'z3' }
  /** The second-order argument on the normal segment (docs/engine.md): base = the point of S (or 0 for a map), κ = tangent penalty, exact = constant Hessian decided in rationals. */
  | { readonly point: number | null; readonly how: 'normal-segment'; readonly base: number; readonly kappa: number; readonly exact: boolean };

/** A node of the bisection tree. */
export type CertTree =
  | { readonly split: readonly [number, number]; readonly children: readonly [CertTree, CertTree] }
  | { readonly leaf: readonly CertCaseProof[] };

/** A point of S: S's k-th point, or the projection of an exact constant point. */
export type PointRef = { readonly point: number } | { readonly from: readonly CanonicalExpr[] };

export interface CertSlot {
  readonly name: string;
  readonly lo: JsonNumber;
  readonly hi: JsonNumber;
  readonly how: string;
  readonly witness: readonly number[] | null;
}

/** The certificate object (what `certificateFor` returns and `JSON.stringify` writes). */
export interface Certificate {
  readonly format: typeof CERT_FORMAT;
  readonly version: typeof CERT_VERSION;
  readonly lscert: string;
  readonly problem: { readonly name: string; readonly hash: string; readonly canonical: unknown };
  readonly claim: { readonly condition: 'alpha-beta' | 'pl' | 'aiming' | 'qcvx'; readonly constants: Readonly<Record<string, string>> };
  readonly fstarAt: PointRef | null;
  readonly xstar: {
    readonly point: number | null;
    readonly from: readonly CanonicalExpr[] | null;
    readonly exact: readonly CanonicalExpr[];
    readonly value: readonly number[];
  } | null;
  readonly slots: readonly CertSlot[];
  readonly domain: { readonly lo: readonly number[]; readonly hi: readonly number[] };
  readonly tree: CertTree;
  readonly minimizers?: unknown;
  /**
   * Only when the claim was decided over y = W x (docs/certificates.md#linear-forms): W (k × d,
   * exact rationals, reduced row echelon form), y_i as text (informational), and the box of y
   * the tree tiles, which must contain W·domain.
   */
  readonly reduction?: {
    readonly W: readonly (readonly string[])[];
    readonly forms: readonly string[];
    readonly domain: { readonly lo: readonly number[]; readonly hi: readonly number[] };
    /** A point p of the domain (exact rationals, one per variable): y* = W·p is the base of `normal-segment` leaves over y. */
    readonly base?: readonly string[];
  };
  /** Only in a shard's certificate: which shard of which claim the tree proves (src/cert/shard.ts). */
  readonly shard?: {
    readonly k: number;
    readonly n: number;
    readonly claim: string;
    readonly domain: { readonly lo: readonly number[]; readonly hi: readonly number[] };
    readonly box: { readonly lo: readonly number[]; readonly hi: readonly number[] };
  };
  /** Only in a certificate joined from shards by `merge-certs`. */
  readonly merged?: {
    readonly n: number;
    readonly claim: string;
    readonly shards: readonly { readonly k: number; readonly leaves: number; readonly boxes: number; readonly elapsedMs: number; readonly lscert: string }[];
  };
  readonly stats: { readonly leaves: number; readonly boxes: number; readonly elapsedMs: number };
}

/** Encodes a double for JSON (infinities as strings; NaN is a caller bug). */
export function encodeNumber(x: number): JsonNumber {
  if (Number.isNaN(x)) throw new RangeError('certificate: NaN cannot be encoded');
  return x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
}

/** Decodes a `JsonNumber`; undefined for anything else (NaN never decodes). */
export function decodeNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : undefined;
}

/** Counts the leaves of a tree (iteratively: trees may be deep). */
export function countLeaves(t: CertTree): number {
  let n = 0;
  const stack: CertTree[] = [t];
  while (stack.length) {
    const node = stack.pop()!;
    if ('leaf' in node) n++;
    else stack.push(...node.children);
  }
  return n;
}

/** Whether some leaf of the tree satisfies `pred` (a walk with a stack, as countLeaves: trees can be deeper than the call stack). */
export function someLeaf(t: CertTree, pred: (leaf: readonly CertCaseProof[]) => boolean): boolean {
  const stack: CertTree[] = [t];
  while (stack.length) {
    const node = stack.pop()!;
    if ('leaf' in node) {
      if (pred(node.leaf)) return true;
    } else stack.push(...node.children);
  }
  return false;
}
