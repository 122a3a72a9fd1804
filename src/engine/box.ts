/**
 * An axis-aligned box of doubles. A box is closed: it contains every real x with
 * lo[j] ≤ x_j ≤ hi[j]. Boxes are never mutated after creation.
 */
export interface Box {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

export const dimOf = (b: Box) => b.lo.length;

export function width(b: Box, j: number): number {
  return b.hi[j]! - b.lo[j]!;
}

/** Largest side. */
export function maxWidth(b: Box): number {
  let w = 0;
  for (let j = 0; j < b.lo.length; j++) w = Math.max(w, width(b, j));
  return w;
}

/** The midpoint (rounded; it lies inside the box, which is all that is needed). */
export function midpoint(b: Box): number[] {
  return b.lo.map((l, j) => {
    const m = l + (b.hi[j]! - l) / 2;
    return Math.min(Math.max(m, l), b.hi[j]!);
  });
}

/**
 * Splits at `at` along j into [lo, at] and [at, hi]. The two halves share the face
 * x_j = at; together they cover the box exactly (the certificate checker relies on this).
 */
export function split(b: Box, j: number, at: number): [Box, Box] {
  const hiA = [...b.hi];
  hiA[j] = at;
  const loB = [...b.lo];
  loB[j] = at;
  return [
    { lo: b.lo, hi: hiA },
    { lo: loB, hi: b.hi },
  ];
}

/** Volume, counting only the sides of positive width of the reference box `ref`. */
export function volume(b: Box, ref: Box): number {
  let v = 1;
  for (let j = 0; j < b.lo.length; j++) if (width(ref, j) > 0) v *= width(b, j) / width(ref, j);
  return v;
}

export function containsPoint(b: Box, x: readonly number[]): boolean {
  return x.every((v, j) => b.lo[j]! <= v && v <= b.hi[j]!);
}

/** Concatenates the box with the slot enclosures (extra variables of a residual system). */
export function withSlots(b: Box, slots: readonly { lo: number; hi: number }[]): { lo: number[]; hi: number[] } {
  return { lo: [...b.lo, ...slots.map((s) => s.lo)], hi: [...b.hi, ...slots.map((s) => s.hi)] };
}

/**
 * The two float boxes around an exact domain X (whose bounds may be irrational):
 * `outer` ⊇ X ⊇ `inner`. Which one a test uses decides its soundness:
 * - proofs that hold on a box may cover `outer` (proving on more than X is harmless);
 * - every "lies inside X" test (a counterexample, a computed minimizer, a stationary point
 *   that refutes, a point whose f value bounds f* from above) must use `inner`.
 * docs/engine.md ("Which box each test uses") lists every such test.
 */
export interface DomainBoxes {
  readonly outer: Box;
  readonly inner: Box;
}

/** True when B lies in the open interior of D: D.lo < B.lo and B.hi < D.hi on every side. */
export function inInterior(B: Box, D: Box): boolean {
  return B.lo.every((l, j) => l > D.lo[j]! && B.hi[j]! < D.hi[j]!);
}

/**
 * hull(box ∪ p) when p's enclosure lies in the box or next to it (within one box width in
 * every coordinate, so the hull stays local), else null.
 */
export function hullWith(box: Box, p: readonly { readonly lo: number; readonly hi: number }[]): Box | null {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let j = 0; j < p.length; j++) {
    const w = box.hi[j]! - box.lo[j]!;
    const v = p[j]!;
    if (!(v.lo >= box.lo[j]! - w && v.hi <= box.hi[j]! + w)) return null;
    lo.push(Math.min(box.lo[j]!, v.lo));
    hi.push(Math.max(box.hi[j]!, v.hi));
  }
  return { lo, hi };
}
