import { kernel } from '../interval/index.js';
import type { CasePieces } from './family.js';

/** A set of parameters [lo, hi] (lo > hi: empty). */
export interface TRange {
  readonly lo: number;
  readonly hi: number;
}

export const EMPTY: TRange = { lo: Infinity, hi: -Infinity };
export const ALL: TRange = { lo: -Infinity, hi: Infinity };
export const isEmpty = (r: TRange) => !(r.lo <= r.hi) || r.lo === Infinity || r.hi === -Infinity;
export const meet = (a: TRange, b: TRange): TRange => ({ lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) });

/** t0 + q rounded down (a lower bound), or up. */
function shift(t0: number, q: number, dir: 'down' | 'up'): number {
  kernel.add(t0, t0, q, q);
  return dir === 'down' ? kernel.OUT[0]! : kernel.OUT[1]!;
}
/** s / g rounded down or up (g ≠ 0; ±∞ allowed). */
function ratio(s: number, g: number, dir: 'down' | 'up'): number {
  kernel.div(s, s, g, g);
  return dir === 'down' ? kernel.OUT[0]! : kernel.OUT[1]!;
}

/**
 * The parameters t for which one obligation is proved on a box, given s ≤ R0 and
 * G ∈ [gLo, gHi] there: R(x; t) = R0(x) − Δ·G(x) ≥ s − Δ·G(x) with Δ = t − t0, and
 * s − Δ·g ≥ 0 for every g ∈ [gLo, gHi] iff Δ·gHi ≤ s (Δ ≥ 0) and Δ·gLo ≤ s (Δ ≤ 0).
 *
 * Soundness: every end is rounded inward (lower ends up, upper ends down), so the returned
 * range is a subset of the exact one; NaN anywhere gives the empty range.
 */
export function obligationRange(t0: number, s: number, gLo: number, gHi: number): TRange {
  if (Number.isNaN(s) || Number.isNaN(gLo) || Number.isNaN(gHi) || s === -Infinity) return EMPTY;
  if (s >= 0) {
    const lo = gLo < 0 ? shift(t0, ratio(s, gLo, 'up'), 'up') : -Infinity;
    const hi = gHi > 0 ? shift(t0, ratio(s, gHi, 'down'), 'down') : Infinity;
    return { lo, hi };
  }
  // s < 0: t0 itself is not proved; Δ must move where −Δ·G is positive on the whole box.
  if (gHi < 0) return { lo: shift(t0, ratio(s, gHi, 'up'), 'up'), hi: Infinity };
  if (gLo > 0) return { lo: -Infinity, hi: shift(t0, ratio(s, gLo, 'down'), 'down') };
  return EMPTY;
}

/** Enclosures of G_k over a case's box. */
export interface GRange {
  readonly gLo: Float64Array;
  readonly gHi: Float64Array;
}

/**
 * The parameters proved for one case: every obligation (∩), or, when the local-convexity
 * argument applies, (0, local] if that is larger (either set alone is sound; their union
 * need not be an interval, so the one reaching further up is kept).
 */
export function caseRange(t0: number, c: CasePieces, g: GRange): TRange {
  let r = ALL;
  for (let k = 0; k < c.s.length && !isEmpty(r); k++) r = meet(r, obligationRange(t0, c.s[k]!, g.gLo[k]!, g.gHi[k]!));
  if (c.local !== undefined && c.local > 0 && (isEmpty(r) || c.local >= r.hi)) return { lo: -Infinity, hi: c.local };
  // Convex terms (α-β): their range too; the union when the two overlap (an interval, every t of
  // it proved by one of them), else the convex one when the bounds prove nothing.
  const cv = c.convex;
  if (cv && !isEmpty(cv)) {
    if (isEmpty(r)) return cv;
    if (cv.lo <= r.hi && r.lo <= cv.hi) return { lo: Math.min(r.lo, cv.lo), hi: Math.max(r.hi, cv.hi) };
  }
  return r;
}

/** The parameters proved on a leaf: every candidate case must hold (∩ over cases). */
export function leafRange(t0: number, cases: readonly CasePieces[], gs: readonly GRange[]): TRange {
  let r = ALL;
  cases.forEach((c, i) => (r = meet(r, caseRange(t0, c, gs[i]!))));
  return r;
}

/**
 * Child data tightened by the parent's (same reference): a lower bound over the parent box
 * holds on the child, so s only grows (and a local-convexity proof on the parent covers the
 * child). With G enclosed by the (inclusion-isotone) natural extension, every leaf's range
 * only grows under refinement: the monotone-bracket property.
 */
export function tighten(child: CasePieces, parent: CasePieces | undefined): CasePieces {
  if (!parent) return child;
  const up = (c: number, p: number) => (Number.isNaN(c) ? p : Number.isNaN(p) ? c : Math.max(c, p));
  const s = child.s.map((v, k) => up(v, parent.s[k]!));
  const local = Math.max(child.local ?? -Infinity, parent.local ?? -Infinity);
  // Convexity on the parent's hull with p covers the child's (a subset); the range is the family's.
  const convex = child.convex ?? parent.convex;
  return { point: child.point, box: child.box, s, ...(local > -Infinity && { local }), ...(convex && { convex }) };
}
