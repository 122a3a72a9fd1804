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
