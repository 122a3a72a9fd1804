/**
 * Tight double enclosure of an exact rational, computed with BigInt only (no
 * `Number(num) / Number(den)`, which rounds twice and overflows for big operands).
 */
import type { Rational } from '../exact/rational.js';
import { MAX, nextUp } from './float.js';

/**
 * [lo, hi] with lo ≤ r ≤ hi, where lo and hi are equal (r is a double) or adjacent
 * doubles. |r| > MAX gives [MAX, +∞] (resp. [−∞, −MAX]); 0 < r < MIN gives [0, MIN].
 *
 * Method, for q = |r| = n/d > 0: choose the binary exponent so that
 * m = ⌊q·2^s⌋ has 53 bits (fewer once s hits 1074, the subnormal range); then
 * t = m·2^−s is the largest double ≤ q (truncation toward zero), exact iff the division
 * left no remainder, and the next double up is ≥ q. All of it is exact integer
 * arithmetic; m < 2^53 converts to a double exactly and the scaling by 2^−s is exact.
 */
export function fromRational(r: Rational): [number, number] {
  const sgn = r.num < 0n ? -1 : 1;
  const n = r.num < 0n ? -r.num : r.num;
  const d = r.den;
  if (n === 0n) return [0, 0];
  // q ∈ [2^(e−1), 2^(e+1)) with e = bitlen(n) − bitlen(d)
  const e = n.toString(2).length - d.toString(2).length;
  let s = 53 - e;
  let { m, exact } = scaledFloor(n, d, s);
  while (m >= 1n << 53n) ({ m, exact } = scaledFloor(n, d, --s));
  while (m < 1n << 52n && s < 1074) ({ m, exact } = scaledFloor(n, d, ++s));
  if (s > 1074) {
    s = 1074;
    ({ m, exact } = scaledFloor(n, d, s));
  }
  let lo: number;
  let hi: number;
  if (-s > 971) {
    lo = MAX; // m ≥ 2^52, so q ≥ 2^52·2^972 = 2^1024 > MAX
    hi = Infinity;
  } else {
    lo = Number(m) * pow2(-s);
    hi = exact ? lo : nextUp(lo);
  }
  return sgn > 0 ? [lo, hi] : [0 - hi, 0 - lo]; // 0 − x: no −0 endpoints
}

/** ⌊n·2^s / d⌋ and whether the division is exact (s may be negative). */
function scaledFloor(n: bigint, d: bigint, s: number): { m: bigint; exact: boolean } {
  const num = s >= 0 ? n << BigInt(s) : n;
  const den = s >= 0 ? d : d << BigInt(-s);
  return { m: num / den, exact: num % den === 0n };
}

/** 2^k as an exact double, −1074 ≤ k ≤ 1023, built from its bit pattern. */
function pow2(k: number): number {
  const v = new DataView(new ArrayBuffer(8));
  if (k >= -1022) v.setBigUint64(0, BigInt(k + 1023) << 52n);
  else v.setBigUint64(0, 1n << BigInt(k + 1074));
  return v.getFloat64(0);
}
