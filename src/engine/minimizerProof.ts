import type { Expr } from '../expr/index.js';
import { inInterior, type Box, type DomainBoxes } from './box.js';
import { krawczykStep, SmoothModel } from './global/index.js';
import { kernel } from '../interval/index.js';

/**
 * A checkable proof that S (the minimizers of f over the box) is the points p_a inside given
 * tiny boxes Z_a (`minimizers: auto`, for certificates). The checker (src/cert/minimizers.ts)
 * re-verifies it with its own code:
 *
 * The exact domain X may have irrational bounds: O ⊇ X ⊇ I are its outer and inner float
 * boxes. Every "inside X" test below uses I; only the tree's root is O (covering more than X
 * is harmless).
 * - each `regions[a]` X_a ⊆ interior(I), Z_a ⊆ X_a, and Krawczyk proves ∇f has exactly one
 *   zero in X_a, which lies in Z_a (iterating K ← K(K) ∩ K from X_a until it fits in Z_a);
 * - with several points, the problem's symmetry σ (f∘σ ≡ f, re-proved symbolically) maps each
 *   Z_a into some X_b, in one cycle (see engine/autoS.ts symmetryOrbit);
 * - `upper` u is a point of I ⊆ X: U = upper bound of f(u) ≥ min over X of f;
 * - `tree` bisects O; each leaf is 'region' (the leaf lies in some X_a), 'bound' (a lower
 *   bound of f on the leaf exceeds U: no minimizer over X there) or a number j (the leaf lies
 *   in interior(I) ⊆ interior(X) and ∂f/∂x_j ≠ 0 on it: no stationary point, hence no
 *   minimizer over X).
 *
 * Then every minimizer of f over X lies in some X_a ⊆ interior(X), is stationary, hence is
 * p_a; the minimum is attained, and σ makes every p_a a minimizer: S = {p_a}, p_a ∈ Z_a.
 */
export type MinTree = { readonly s: readonly [number, number]; readonly c: readonly [MinTree, MinTree] } | { readonly l: 'region' | 'bound' | number };

export interface MinimizerProof {
  /** One region per point of S (with a declared symmetry, S may have several). */
  readonly regions: readonly { readonly lo: readonly number[]; readonly hi: readonly number[] }[];
  readonly upper: readonly number[];
  readonly tree: MinTree;
  /** Leaves of the tree (informational). */
  readonly leaves: number;
}

export interface MinimizerProofOptions {
  /** Most boxes examined before giving up (default 400 000). */
  readonly maxBoxes?: number;
}

/**
 * The largest box around `zero` (relative radius 2^-k of `inner`, k = 3…40) inside the interior
 * of `inner` (the inner box of the exact domain), free of kinks, where Krawczyk proves ∇f has
 * exactly one zero; or null.
 */
export function uniquenessRegion(m: SmoothModel, inner: Box, zero: Box): Box | null {
  for (let k = 3; k <= 40; k++) {
    const X: Box = {
      lo: zero.lo.map((l, j) => l - (inner.hi[j]! - inner.lo[j]!) * 2 ** -k),
      hi: zero.hi.map((h, j) => h + (inner.hi[j]! - inner.lo[j]!) * 2 ** -k),
    };
    if (!inInterior(X, inner) || !m.isRegular(X)) continue;
    const { status, K } = krawczykStep(m.grad, m.hess, X);
    if (status === 'unique' && K) return X;
  }
  return null;
}

/**
 * Builds a {@link MinimizerProof} that S = {p} with p ∈ `zero` (a box the engine proved to hold
 * the unique minimizer), or returns a reason why it could not. Only smooth (kink-free) f.
 */
export function proveMinimizer(
  f: Expr,
  dim: number,
  domainBoxes: DomainBoxes,
  zeros: readonly Box[],
  opts: MinimizerProofOptions = {},
): MinimizerProof | string {
  const m = SmoothModel.within(f, dim);
  if (!m) return 'the time limit was reached before the derivatives of f were built';
  const domain = domainBoxes.outer;
  const interior = (B: Box) => inInterior(B, domainBoxes.inner);
  const regions: Box[] = [];
  for (const zero of zeros) {
    const region = uniquenessRegion(m, domainBoxes.inner, zero);
    if (!region) return 'Krawczyk could not prove a unique stationary point around a minimizer';
    if (!zero.lo.every((l, j) => region.lo[j]! <= l && zero.hi[j]! <= region.hi[j]!)) return 'a minimizer box is not inside its Krawczyk region';
    regions.push(region);
  }
  const zero = zeros[0]!;
  const upper = zero.lo.map((l, j) => l / 2 + zero.hi[j]! / 2);
  if (!upper.every((v, j) => v >= domainBoxes.inner.lo[j]! && v <= domainBoxes.inner.hi[j]!)) return 'the minimizer is not inside the inner box of the domain';
  const lo = new Float64Array(dim + 1);
  const hi = new Float64Array(dim + 1);
  m.fg.eval(upper, upper, lo, hi);
  const U = hi[0]!;
  if (!Number.isFinite(U)) return 'f is not finite at the minimizer';
  const inside = (B: Box) => regions.some((X) => B.lo.every((l, j) => l >= X.lo[j]! && B.hi[j]! <= X.hi[j]!));
  const budget = opts.maxBoxes ?? 400_000;
  let boxes = 0;
  let leaves = 0;

  /** Lower bound of f on B: natural extension ∩ mean value form (when smooth). */
  const settle = (B: Box): 'region' | 'bound' | number | null => {
    if (inside(B)) return 'region';
    m.fg.eval(B.lo, B.hi, lo, hi);
    if (lo[0]! > U) return 'bound';
    if (!Number.isFinite(lo[0]!) || !Number.isFinite(hi[0]!) || !m.isSmooth(B)) return null;
    if (interior(B)) for (let j = 0; j < dim; j++) if (lo[j + 1]! > 0 || hi[j + 1]! < 0) return j;
    const c = B.lo.map((l, j) => l / 2 + B.hi[j]! / 2);
    const gl = Array.from(lo.subarray(1));
    const gh = Array.from(hi.subarray(1));
    m.fg.eval(c, c, lo, hi);
    let ml = lo[0]!;
    for (let j = 0; j < dim; j++) {
      kernel.sub(B.lo[j]!, B.hi[j]!, c[j]!, c[j]!);
      kernel.mul(gl[j]!, gh[j]!, kernel.OUT[0]!, kernel.OUT[1]!);
      kernel.add(ml, ml, kernel.OUT[0]!, kernel.OUT[1]!);
      ml = kernel.OUT[0]!;
    }
    return ml > U ? 'bound' : null;
  };

  /** Where to cut B: at a face of X that crosses B (so region leaves appear quickly), else the widest side's midpoint. */
  const meets = (B: Box, X: Box) => B.lo.every((l, j) => l <= X.hi[j]! && X.lo[j]! <= B.hi[j]!);
  const cut = (B: Box): [number, number] => {
    for (const X of regions) {
      if (!meets(B, X)) continue;
      for (let j = 0; j < dim; j++) {
        for (const v of [X.lo[j]!, X.hi[j]!]) if (v > B.lo[j]! && v < B.hi[j]! && B.hi[j]! - B.lo[j]! > 4 * (X.hi[j]! - X.lo[j]!)) return [j, v];
      }
    }
    let j = 0;
    for (let k = 1; k < dim; k++) if (B.hi[k]! - B.lo[k]! > B.hi[j]! - B.lo[j]!) j = k;
    for (const X of regions) if (meets(B, X)) for (const v of [X.lo[j]!, X.hi[j]!]) if (v > B.lo[j]! && v < B.hi[j]!) return [j, v];
    return [j, B.lo[j]! / 2 + B.hi[j]! / 2];
  };

  const build = (B: Box, depth: number): MinTree | null => {
    if (++boxes > budget || depth > 200) return null;
    const s = settle(B);
    if (s !== null) {
      leaves++;
      return { l: s };
    }
    const [j, v] = cut(B);
    if (!(v > B.lo[j]! && v < B.hi[j]!)) return null;
    const a = build({ lo: B.lo, hi: B.hi.map((h, k) => (k === j ? v : h)) }, depth + 1);
    if (!a) return null;
    const b = build({ lo: B.lo.map((l, k) => (k === j ? v : l)), hi: B.hi }, depth + 1);
    if (!b) return null;
    return { s: [j, v], c: [a, b] };
  };
  const tree = build(domain, 0);
  if (!tree) return `the exclusion tree for S did not close within ${budget} boxes`;
  return { regions: regions.map((X) => ({ lo: [...X.lo], hi: [...X.hi] })), upper, tree, leaves };
}
