import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as K from '../../src/interval/kernel.js';
import { Rational } from '../../src/exact/rational.js';
import { R, RUNS, containsZero, encloses, hasNaN, intervalWithPoint, isNaNPair, out, wellFormed } from './helpers.js';

type Bin = (al: number, ah: number, bl: number, bh: number) => void;

/**
 * For random boxes and points inside, the result encloses the EXACT rational result;
 * it is UNDEFINED ([NaN, NaN]) exactly when the operation is undefined at some point of
 * the box (`undef`), and then `exact` must be undefined at some point too (checked at
 * the sampled point when it is one of them).
 */
function exactBinary(
  name: string,
  op: Bin,
  exact: (a: Rational, b: Rational) => Rational | undefined,
  undef: (al: number, ah: number, bl: number, bh: number) => boolean = () => false,
) {
  it(`${name} encloses the exact rational result; UNDEFINED exactly on domain errors`, () => {
    fc.assert(
      fc.property(intervalWithPoint, intervalWithPoint, ([[al, ah], a], [[bl, bh], b]) => {
        op(al, ah, bl, bh);
        const res = out();
        const msg = `${name}([${al},${ah}],[${bl},${bh}]) at ${a},${b} → [${res}]`;
        expect(wellFormed(res), msg).toBe(true);
        expect(hasNaN(res), msg).toBe(undef(al, ah, bl, bh));
        const e = exact(R(a), R(b));
        if (e === undefined) expect(isNaNPair(res), msg).toBe(true);
        else if (!isNaNPair(res)) expect(encloses(res, e), msg).toBe(true);
      }),
      RUNS,
    );
  });
}

describe('arithmetic: enclosure of exact results', () => {
  exactBinary('add', K.add, (a, b) => a.add(b));
  exactBinary('sub', K.sub, (a, b) => a.sub(b));
  exactBinary('mul', K.mul, (a, b) => a.mul(b));
  exactBinary(
    'div',
    K.div,
    (a, b) => (b.isZero() ? undefined : a.div(b)),
    (_al, _ah, bl, bh) => containsZero(bl, bh),
  );

  it('neg, recip, sqr enclose the exact result', () => {
    fc.assert(
      fc.property(intervalWithPoint, ([[al, ah], a]) => {
        K.neg(al, ah);
        expect(encloses(out(), R(a).neg())).toBe(true);
        K.sqr(al, ah);
        expect(encloses(out(), R(a).mul(R(a)))).toBe(true);
        K.recip(al, ah);
        expect(hasNaN(out()), `recip[${al}, ${ah}] = [${out()}]`).toBe(containsZero(al, ah));
        if (!containsZero(al, ah)) expect(encloses(out(), Rational.ONE.div(R(a)))).toBe(true);
      }),
      RUNS,
    );
  });

  it('powInt encloses the exact power for n in [-7, 9]', () => {
    fc.assert(
      fc.property(intervalWithPoint, fc.integer({ min: -7, max: 9 }), ([[al, ah], a], n) => {
        K.powInt(al, ah, n);
        const res = out();
        const msg = `[${al},${ah}]^${n} at ${a} → [${res}]`;
        expect(wellFormed(res), msg).toBe(true);
        expect(hasNaN(res), msg).toBe(n < 0 && containsZero(al, ah));
        if (n < 0 && containsZero(al, ah)) return;
        // 2^±1074·9 has ~10^4 bits: fine for BigInt
        expect(encloses(res, R(a).pow(n)), msg).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('arithmetic: tightness and conventions', () => {
  it('even powers are tight and exact when exact: [-2,3]^2 = [0, 9], not [-6, 9] nor [0, 9⁺]', () => {
    K.sqr(-2, 3);
    expect(out()).toEqual([0, 9]);
    K.powInt(-2, 3, 2);
    expect(out()).toEqual([0, 9]);
    K.powInt(-2, 3, 4);
    expect(out()).toEqual([0, 81]);
    K.powInt(-3, -2, 2);
    expect(out()).toEqual([4, 9]);
    K.powInt(-3, -2, 6);
    expect(out()).toEqual([64, 729]);
    K.sqr(0.1, 0.1); // 0.1² is not a double: widened by at most 2 ulps each side
    const [lo, hi] = out();
    expect(encloses(out(), R(0.1).mul(R(0.1)))).toBe(true);
    expect(lo).toBeLessThan(hi);
    expect(K.ulpDistance(lo, hi)).toBeLessThanOrEqual(2);
  });

  it('odd powers are monotone, tight and exact when exact', () => {
    K.powInt(-2, 3, 3);
    expect(out()).toEqual([-8, 27]);
    K.powInt(-2, 3, 5);
    expect(out()).toEqual([-32, 243]);
    K.powInt(-1.5, -0.5, 3);
    expect(out()).toEqual([-3.375, -0.125]);
    K.powInt(0.1, 0.3, 3);
    const [lo, hi] = out();
    expect(lo).toBeLessThanOrEqual(0.001);
    expect(hi).toBeGreaterThanOrEqual(0.027);
    expect(K.ulpDistance(lo, 0.1 ** 3)).toBeLessThanOrEqual(6);
    expect(K.ulpDistance(0.3 ** 3, hi)).toBeLessThanOrEqual(6);
  });

  it('exact sums, products and quotients are not widened; inexact ones are, outward', () => {
    K.add(1, 2, 3, 4);
    expect(out()).toEqual([4, 6]);
    K.sub(1, 2, 3, 4);
    expect(out()).toEqual([-3, -1]);
    K.mul(-2, 3, 1.5, 4);
    expect(out()).toEqual([-8, 12]);
    K.mul(-2, 3, -5, 4);
    expect(out()).toEqual([-15, 12]);
    K.div(1, 3, 4, 8);
    expect(out()).toEqual([0.125, 0.75]);
    K.recip(-4, -0.5);
    expect(out()).toEqual([-2, -0.25]);
    K.powInt(2, 4, -2);
    expect(out()).toEqual([0.0625, 0.25]);
    K.add(0.1, 0.1, 0.2, 0.2); // 0.1 + 0.2 = 0.30000000000000004 is inexact
    expect(OUT0() < 0.1 + 0.2 && 0.1 + 0.2 <= OUT1()).toBe(true);
    K.div(1, 1, 3, 3); // RN(1/3) < 1/3 is a lower bound, the upper bound is widened
    expect(OUT0()).toBe(1 / 3);
    expect(encloses(out(), Rational.of(1, 3))).toBe(true);
    expect(OUT1()).toBeGreaterThan(1 / 3);
  });

  it('powInt: n = 0 gives [1,1]; negative n is UNDEFINED across 0; underflow handled', () => {
    K.powInt(-5, 7, 0);
    expect(out()).toEqual([1, 1]);
    K.powInt(-1, 1, -2);
    expect(isNaNPair(out())).toBe(true);
    K.powInt(0, 1, -1);
    expect(isNaNPair(out())).toBe(true);
    K.powInt(-1, 0, -3);
    expect(isNaNPair(out())).toBe(true);
    K.powInt(1e-200, 1, -2); // (1e-200)^2 underflows: the reciprocal must reach +∞
    expect(OUT1()).toBe(Infinity);
    expect(OUT0()).toBeLessThanOrEqual(1);
    expect(() => K.powInt(1, 2, 0.5)).toThrow(RangeError);
  });

  it('division by an interval containing 0 (even as an endpoint) is UNDEFINED ([NaN, NaN])', () => {
    for (const [bl, bh] of [
      [0, 1],
      [-1, 0],
      [-1, 1],
      [0, 0],
      [-0, 0],
      [-Infinity, Infinity],
      [0, Infinity],
    ] as const) {
      K.div(1, 2, bl, bh);
      expect(isNaNPair(out()), `[1,2]/[${bl},${bh}]`).toBe(true);
      K.div(0, 0, bl, bh); // 0/0 is undefined too
      expect(isNaNPair(out())).toBe(true);
      K.recip(bl, bh);
      expect(isNaNPair(out()), `1/[${bl},${bh}]`).toBe(true);
    }
    K.div(0, 1, 1, 2);
    expect(OUT0()).toBe(0); // sign clamp keeps 0/y ≥ 0 provable
  });

  it('0 times an unbounded interval is exactly 0; sums and products keep zeros', () => {
    K.mul(0, 0, -Infinity, Infinity);
    expect(out()).toEqual([0, 0]);
    K.mul(-Infinity, Infinity, 0, 0);
    expect(out()).toEqual([0, 0]);
    K.mul(0, 1, -Infinity, Infinity);
    expect(out()).toEqual([-Infinity, Infinity]);
    K.mul(0, 1, 1, Infinity);
    expect(out()).toEqual([0, Infinity]);
    K.add(0, 1, 0, 1);
    expect(OUT0()).toBe(0);
    K.mul(-1, 0, -1, 0);
    expect(OUT0()).toBe(0);
    K.mul(0, 1, -1, 0);
    expect(OUT1()).toBe(0);
  });

  it('overflow gives an infinite endpoint, never a finite one', () => {
    K.mul(1e200, 1e200, 1e200, 1e200);
    expect(out()).toEqual([Number.MAX_VALUE, Infinity]);
    K.add(1e308, 1e308, 1e308, 1e308);
    expect(OUT1()).toBe(Infinity);
    K.powInt(10, 10, 400);
    expect(OUT1()).toBe(Infinity);
  });
});

function OUT0(): number {
  return K.OUT[0]!;
}
function OUT1(): number {
  return K.OUT[1]!;
}
