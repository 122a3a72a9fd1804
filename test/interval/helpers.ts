/**
 * Shared fast-check arbitraries and exact-comparison helpers for the interval tests.
 */
import fc from 'fast-check';
import { Rational } from '../../src/exact/rational.js';
import { OUT } from '../../src/interval/out.js';

const MAX = Number.MAX_VALUE;
const MIN = Number.MIN_VALUE;

/** Endpoints that stress the corner cases: zeros, subnormals, huge, infinite. */
export const SPECIALS: readonly number[] = [
  0,
  -0,
  MIN,
  -MIN,
  2 * MIN,
  -2 * MIN,
  2 ** -1022,
  -(2 ** -1022),
  1e-300,
  -1e-300,
  1e-10,
  -1e-10,
  0.1,
  -0.1,
  0.5,
  -0.5,
  1,
  -1,
  1.5,
  -1.5,
  2,
  -2,
  3,
  -3,
  1e10,
  -1e10,
  2 ** 53,
  1e300,
  -1e300,
  MAX,
  -MAX,
  Infinity,
  -Infinity,
];

/** A double (never NaN): specials, small integers, moderate and arbitrary doubles. */
export const endpoint: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...SPECIALS),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double({ noNaN: true }),
);

/** A finite double. */
export const finite: fc.Arbitrary<number> = endpoint.filter(Number.isFinite);

/** A valid interval [lo, hi]: lo ≤ hi, not [+∞,+∞] nor [−∞,−∞]. */
export const interval: fc.Arbitrary<[number, number]> = fc
  .tuple(endpoint, endpoint)
  .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]))
  .filter(([lo, hi]) => lo !== Infinity && hi !== -Infinity);

/** A bounded interval in [−m, m] with finite endpoints. */
export function smallInterval(m: number): fc.Arbitrary<[number, number]> {
  return fc
    .tuple(fc.double({ min: -m, max: m, noNaN: true }), fc.double({ min: -m, max: m, noNaN: true }))
    .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
}

/** A finite double inside [lo, hi] (endpoints favoured). */
export function pointIn(lo: number, hi: number): fc.Arbitrary<number> {
  const l = lo === 0 ? 0 : lo;
  const h = hi === 0 ? 0 : hi;
  const opts: fc.Arbitrary<number>[] = [fc.double({ min: l, max: h, noNaN: true })];
  if (Number.isFinite(lo)) opts.push(fc.constant(lo));
  if (Number.isFinite(hi)) opts.push(fc.constant(hi));
  if (lo <= 1 && 1 <= hi) opts.push(fc.double({ min: Math.max(l, -4), max: Math.min(h, 4), noNaN: true }));
  return fc.oneof(...opts).filter(Number.isFinite);
}

/** An interval together with a finite point inside it. */
export const intervalWithPoint: fc.Arbitrary<[[number, number], number]> = interval.chain((iv) =>
  pointIn(iv[0], iv[1]).map((x): [[number, number], number] => [iv, x]),
);

/** The last kernel result as a tuple. */
export function out(): [number, number] {
  return [OUT[0]!, OUT[1]!];
}

/** bound ≤ r for a double bound (±∞ allowed) and an exact rational r. */
export function leq(bound: number, r: Rational): boolean {
  if (bound === -Infinity) return true;
  if (bound === Infinity || bound !== bound) return false;
  return Rational.fromNumber(bound).cmp(r) <= 0;
}

/** r ≤ bound. */
export function geq(bound: number, r: Rational): boolean {
  if (bound === Infinity) return true;
  if (bound === -Infinity || bound !== bound) return false;
  return Rational.fromNumber(bound).cmp(r) >= 0;
}

/** lo ≤ r ≤ hi, exactly. */
export function encloses([lo, hi]: readonly [number, number], r: Rational): boolean {
  return leq(lo, r) && geq(hi, r);
}

/** Exact rational of a finite double. */
export const R = (x: number): Rational => Rational.fromNumber(x);

/** Whether [lo, hi] is a well-formed result: an interval (lo ≤ hi) or both NaN. */
export function wellFormed([lo, hi]: readonly [number, number]): boolean {
  return (lo !== lo && hi !== hi) || (lo <= hi && lo !== Infinity && hi !== -Infinity);
}

/**
 * Whether [lo, hi] is [NaN, NaN]: empty, or UNDEFINED (a domain error somewhere on the
 * box). Both endpoints must be NaN: a NaN never comes with a finite (or infinite) one.
 */
export function isNaNPair([lo, hi]: readonly [number, number]): boolean {
  return lo !== lo && hi !== hi;
}

/** Whether [lo, hi] has a NaN endpoint at all (use with {@link wellFormed}). */
export function hasNaN([lo, hi]: readonly [number, number]): boolean {
  return lo !== lo || hi !== hi;
}

/** Whether 0 ∈ [lo, hi] (the closed interval; false for NaN). */
export function containsZero(lo: number, hi: number): boolean {
  return lo <= 0 && 0 <= hi;
}

/** fast-check settings shared by the suites (kept small for a fast run). */
export const RUNS = { numRuns: 150 } as const;

/**
 * [lo, hi] meets the oracle's uncertainty interval [v − t, v + t], which holds the exact
 * value. (Demanding that it contain all of it would fail on exact results such as
 * exp[0,0] = [1,1]; with t = 2^−200·|v| the difference is immaterial.)
 */
export function enclosesApprox([lo, hi]: readonly [number, number], v: Rational, t: Rational): boolean {
  return leq(lo, v.add(t)) && geq(hi, v.sub(t));
}
