import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../src/exact/rational.js';
import { fromRational } from '../../src/interval/from-rational.js';
import { nextUp } from '../../src/interval/float.js';
import { R, RUNS, finite } from './helpers.js';

const MAX = Number.MAX_VALUE;
const MIN = Number.MIN_VALUE;

/** lo ≤ r ≤ hi, and lo = hi or hi = nextUp(lo). */
function tight(r: Rational): [number, number] {
  const [lo, hi] = fromRational(r);
  expect(lo === -Infinity || R(lo).cmp(r) <= 0, `${lo} ≤ ${r}`).toBe(true);
  expect(hi === Infinity || R(hi).cmp(r) >= 0, `${hi} ≥ ${r}`).toBe(true);
  expect(lo === hi || nextUp(lo) === hi, `[${lo}, ${hi}] adjacent`).toBe(true);
  return [lo, hi];
}

describe('fromRational', () => {
  it('encloses classic inexact values tightly', () => {
    expect(tight(Rational.of(1, 3))).toEqual([0.3333333333333333, 0.33333333333333337]);
    expect(tight(Rational.of(1, 10))).toEqual([0.09999999999999999, 0.1]);
    expect(tight(Rational.of(-1, 10))).toEqual([-0.1, -0.09999999999999999]);
    expect(tight(Rational.parseDecimal('2.5e-3')!)).toContain(0.0025);
  });

  it('is exact on doubles, including the extremes', () => {
    expect(tight(Rational.of(1n, 1n << 1074n))).toEqual([MIN, MIN]);
    expect(tight(R(MAX))).toEqual([MAX, MAX]);
    expect(tight(R(-MAX))).toEqual([-MAX, -MAX]);
    expect(tight(Rational.ZERO)).toEqual([0, 0]);
    fc.assert(
      fc.property(finite, (x) => {
        const [lo, hi] = fromRational(R(x));
        expect(lo).toBe(x === 0 ? 0 : x);
        expect(hi).toBe(x === 0 ? 0 : x);
      }),
      RUNS,
    );
  });

  it('handles underflow and overflow', () => {
    expect(tight(Rational.of(1n, 1n << 1075n))).toEqual([0, MIN]);
    expect(tight(Rational.of(-1n, 3n << 1074n))).toEqual([-MIN, 0]);
    expect(tight(Rational.of(10n ** 400n))).toEqual([MAX, Infinity]);
    expect(tight(Rational.of(-(10n ** 400n)))).toEqual([-Infinity, -MAX]);
    expect(tight(R(MAX).add(Rational.ONE))).toEqual([MAX, Infinity]);
    expect(tight(Rational.of(3n ** 700n, 7n ** 300n))[0]).toBeGreaterThan(0);
  });

  it('is tight for random quotients of big integers (never trusting Number(num)/Number(den))', () => {
    const big = fc.bigInt({ min: -(1n << 1200n), max: 1n << 1200n });
    fc.assert(
      fc.property(
        big,
        big.filter((d) => d !== 0n),
        (n, d) => {
          tight(Rational.of(n, d));
        },
      ),
      RUNS,
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: -340, max: 340 }), (m, e) => {
        const r = e >= 0 ? Rational.of(m * 10n ** BigInt(e)) : Rational.of(m, 10n ** BigInt(-e));
        tight(r);
      }),
      RUNS,
    );
  });
});
