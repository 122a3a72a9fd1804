/**
 * Exact bit-level navigation of IEEE 754 binary64 numbers: the successor, the
 * predecessor and the distance in ulps. These are exact (no arithmetic is involved), so
 * they serve as the reference that the cheap rounders of `rounding.ts` are proven and
 * tested against, and for counting ulps in tests and reports. They are slower than the
 * cheap rounders (a typed-array round trip and BigInt), so the hot kernel paths do not
 * call them.
 */

/** The largest finite double, 2^1024 − 2^971. */
export const MAX = Number.MAX_VALUE;
/** The smallest positive (subnormal) double, 2^−1074. */
export const MIN = Number.MIN_VALUE;

const F = new Float64Array(1);
const I = new BigInt64Array(F.buffer);

/** The raw 64 bits of `x` as a signed integer (two's complement of the IEEE word). */
function bitsOf(x: number): bigint {
  F[0] = x;
  return I[0]!;
}

function fromBits(b: bigint): number {
  I[0] = b;
  return F[0]!;
}

/**
 * The least double strictly greater than `x`. `nextUp(+∞) = +∞`,
 * `nextUp(−∞) = −MAX`, `nextUp(±0) = MIN`, `nextUp(NaN) = NaN`.
 */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return MIN;
  const b = bitsOf(x);
  // Positive doubles are ordered like their bit patterns; negative ones in reverse.
  return fromBits(x > 0 ? b + 1n : b - 1n);
}

/** The greatest double strictly less than `x` (the mirror image of {@link nextUp}). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/**
 * A monotone integer coordinate of the doubles: consecutive doubles have consecutive
 * ordinals, `ordinal(+0) = ordinal(−0) = 0`, `ordinal(±∞) = ±(2^63 − 2^52)`.
 */
export function ordinal(x: number): bigint {
  if (x !== x) throw new RangeError('ordinal: NaN');
  const b = bitsOf(Math.abs(x));
  return x < 0 ? -b : b;
}

/**
 * The signed number of `nextUp` steps from `a` to `b` (negative when `b < a`); +0 and −0
 * count as the same point. Exact for any non-NaN arguments, infinities included (the
 * distance to an infinity is then very large but finite).
 */
export function ulpDistance(a: number, b: number): number {
  return Number(ordinal(b) - ordinal(a));
}
