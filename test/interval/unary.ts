/**
 * A table-driven property suite for the unary kernel functions: enclosure of a
 * high-precision oracle value (hp.ts) and of the Math.* point value (an approximate
 * oracle: Math.* itself has up to 1 ulp of error, so it gets 1 ulp of slack), range and
 * domain conventions, NaN handling and monotonicity.
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rational } from '../../src/exact/rational.js';
import { nextDown, nextUp } from '../../src/interval/float.js';
import { tol } from './hp.js';
import { R, RUNS, enclosesApprox, interval, isNaNPair, out, pointIn, wellFormed } from './helpers.js';

export interface UnaryCase {
  name: string;
  op: (al: number, ah: number) => void;
  /** High-precision oracle (exact up to tol). */
  hp: (x: Rational) => Rational;
  /** Approximate point oracle built on Math.*. */
  math: (x: number) => number;
  /**
   * Is [al, ah] inside the domain? Outside (the function is undefined at some point of
   * the box) the kernel must answer UNDEFINED = [NaN, NaN]; inside, never.
   */
  inDomain: (al: number, ah: number) => boolean;
  /** Points where the oracle is used (finite, inside the domain). */
  hpRange: [number, number];
  /** The mathematical range (results are clamped into it). */
  range: [number, number];
  /** Whether the function is increasing (checked on point pairs). */
  increasing: boolean;
}

function sortedPair(arb: fc.Arbitrary<number>): fc.Arbitrary<[number, number]> {
  return fc.tuple(arb, arb).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
}

export function unarySuite(c: UnaryCase): void {
  const [lo, hi] = c.hpRange;
  const pt = fc
    .oneof(
      fc.double({ min: lo, max: hi, noNaN: true }),
      fc.double({ min: Math.max(lo, -3), max: Math.min(hi, 3), noNaN: true }),
      fc.integer({ min: Math.ceil(Math.max(lo, -20)), max: Math.floor(Math.min(hi, 20)) }),
    )
    // the fixed-point oracle resolves 2^−320: keep non-zero points ≥ 2^−60 in magnitude
    .filter((x) => x === 0 || Math.abs(x) >= 2 ** -60);
  const boxWithPoint = sortedPair(pt).chain(([a, b]) =>
    pointIn(a, b)
      .filter((x) => x === 0 || Math.abs(x) >= 2 ** -60)
      .map((x): [number, number, number] => [a, b, x]),
  );

  it(`${c.name} encloses the high-precision value and the Math.* value at points inside`, () => {
    fc.assert(
      fc.property(boxWithPoint, ([a, b, x]) => {
        c.op(a, b);
        const res = out();
        const v = c.hp(R(x));
        const msg = `${c.name}([${a}, ${b}]) = [${res}] at x = ${x}`;
        expect(enclosesApprox(res, v, tol(v)), `${msg} (oracle ${v.toNumber()})`).toBe(true);
        const m = c.math(x);
        expect(res[0] <= nextUp(m) && nextDown(m) <= res[1], `${msg} (Math ${m})`).toBe(true);
      }),
      RUNS,
    );
  });

  it(`${c.name} respects range, domain ([NaN, NaN] exactly outside) and NaN conventions`, () => {
    fc.assert(
      fc.property(interval, ([a, b]) => {
        c.op(a, b);
        const res = out();
        expect(wellFormed(res)).toBe(true);
        if (!c.inDomain(a, b)) {
          expect(isNaNPair(res), `${c.name}([${a}, ${b}]) = [${res}]`).toBe(true);
        } else {
          // inside the domain: a real interval (comparisons with NaN are false)
          expect(res[0] >= c.range[0] && res[1] <= c.range[1], `${c.name}([${a}, ${b}]) = [${res}]`).toBe(true);
        }
      }),
      RUNS,
    );
    c.op(NaN, NaN);
    expect(isNaNPair(out())).toBe(true);
  });

  if (c.increasing) {
    it(`${c.name} is increasing: f([x,x]).lo ≤ f([y,y]).hi for x ≤ y`, () => {
      fc.assert(
        fc.property(sortedPair(pt), ([x, y]) => {
          c.op(x, x);
          const l = out()[0];
          c.op(y, y);
          expect(l <= out()[1]).toBe(true);
        }),
        RUNS,
      );
    });
  }
}
