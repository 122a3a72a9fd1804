/**
 * Turning enclosures into proofs. An enclosure [lo, hi] of a quantity q proves q ≥ 0
 * exactly when lo ≥ 0, and q < 0 exactly when hi < 0. Empty ([NaN, NaN]) and malformed
 * enclosures prove nothing: every test below is false on NaN, and the interval forms
 * also require lo ≤ hi, so a stray NaN in either endpoint can never pass.
 */

/** An interval-like value (an `Interval`, or a plain `{ lo, hi }`). */
export interface Enclosure {
  readonly lo: number;
  readonly hi: number;
}

/**
 * `lo ≥ 0`, false for NaN: the quantity whose kernel enclosure has this lower endpoint
 * is certainly non-negative. Relies on the kernel invariant that a NaN result has both
 * endpoints NaN; use {@link provesNonNegative} when the upper endpoint is at hand.
 */
export function certainlyNonNegative(lo: number): boolean {
  return lo >= 0;
}

/** `hi < 0`, false for NaN: the enclosed quantity is certainly negative. */
export function certainlyNegative(hi: number): boolean {
  return hi < 0;
}

/** True iff the enclosure proves q ≥ 0 (lo ≥ 0 and lo ≤ hi; false when empty). */
export function provesNonNegative(iv: Enclosure): boolean {
  return iv.lo >= 0 && iv.lo <= iv.hi;
}

/** True iff the enclosure proves q > 0 (lo > 0 and lo ≤ hi; false when empty). */
export function provesPositive(iv: Enclosure): boolean {
  return iv.lo > 0 && iv.lo <= iv.hi;
}

/** True iff the enclosure proves q < 0 (hi < 0 and lo ≤ hi; false when empty). */
export function provesNegative(iv: Enclosure): boolean {
  return iv.hi < 0 && iv.lo <= iv.hi;
}

/** True iff the enclosure proves q ≤ 0 (hi ≤ 0 and lo ≤ hi; false when empty). */
export function provesNonPositive(iv: Enclosure): boolean {
  return iv.hi <= 0 && iv.lo <= iv.hi;
}
