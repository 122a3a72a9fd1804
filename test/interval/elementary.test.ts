import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as K from '../../src/interval/kernel.js';
import { expHP, log1pHP, logHP, tol } from './hp.js';
import { R, RUNS, enclosesApprox, isNaNPair, interval, out, pointIn, wellFormed } from './helpers.js';
import { unarySuite } from './unary.js';

const MAX = Number.MAX_VALUE;

describe('sqrt', () => {
  it('encloses the exact root: lo² ≤ x ≤ hi² (exact rational check)', () => {
    fc.assert(
      fc.property(
        interval.filter(([a]) => a >= 0),
        ([a, b]) => {
          K.sqrt(a, b);
          const [lo, hi] = out();
          expect(lo >= 0 && R(lo).mul(R(lo)).cmp(R(a)) <= 0).toBe(true);
          if (Number.isFinite(b)) expect(R(hi).mul(R(hi)).cmp(R(b)) >= 0).toBe(true);
          else expect(hi).toBe(Infinity);
        },
      ),
      RUNS,
    );
  });
  it('is UNDEFINED ([NaN, NaN]) when the interval reaches below 0, exact at 0', () => {
    K.sqrt(-1, 4);
    expect(isNaNPair(out())).toBe(true);
    K.sqrt(-1e-300, 0);
    expect(isNaNPair(out())).toBe(true);
    K.sqrt(-Infinity, Infinity);
    expect(isNaNPair(out())).toBe(true);
    K.sqrt(0, 4);
    expect(out()).toEqual([0, 2]);
    K.sqrt(-0, 0);
    expect(out()[0]).toBe(0);
    K.sqrt(NaN, NaN);
    expect(isNaNPair(out())).toBe(true);
  });
});

describe('exp', () => {
  unarySuite({
    name: 'exp',
    op: K.exp,
    hp: expHP,
    math: Math.exp,
    inDomain: () => true,
    hpRange: [-700, 700],
    range: [0, Infinity],
    increasing: true,
  });
  it('overflow gives an infinite upper endpoint, never a finite one', () => {
    K.exp(1000, 1000);
    expect(out()[1]).toBe(Infinity);
    expect(out()[0]).toBeGreaterThan(MAX / 2);
    K.exp(709, 710);
    expect(out()[1]).toBe(Infinity);
    K.exp(-Infinity, 0);
    expect(out()).toEqual([0, 1]);
    K.exp(0, 1);
    expect(out()[0]).toBe(1);
  });
});

describe('log', () => {
  unarySuite({
    name: 'log',
    op: K.log,
    hp: logHP,
    math: Math.log,
    inDomain: (a) => a > 0,
    hpRange: [1e-300, 1e300],
    range: [-Infinity, Infinity],
    increasing: true,
  });
  it('log of an interval touching or crossing 0 is UNDEFINED ([NaN, NaN]); sign clamps at 1', () => {
    for (const [a, b] of [
      [-1, 2],
      [0, 1],
      [-2, -1],
      [-0, 0],
      [-Infinity, Infinity],
      [0, Infinity],
    ]) {
      K.log(a!, b!);
      expect(isNaNPair(out()), `log[${a}, ${b}]`).toBe(true);
    }
    K.log(Number.MIN_VALUE, 1);
    expect(out()[0]).toBeLessThan(-744);
    expect(out()[1]).toBe(0);
    K.log(1, 2);
    expect(out()[0]).toBe(0);
    K.log(0.5, 1);
    expect(out()[1]).toBe(0);
    K.log(1, Infinity);
    expect(out()[1]).toBe(Infinity);
  });
});

describe('log1p', () => {
  unarySuite({
    name: 'log1p',
    op: K.log1p,
    hp: log1pHP,
    math: Math.log1p,
    inDomain: (a) => a > -1,
    hpRange: [-0.9999, 1e10],
    range: [-Infinity, Infinity],
    increasing: true,
  });
  it('log1p of an interval reaching −1 is UNDEFINED ([NaN, NaN])', () => {
    for (const [a, b] of [
      [-1, 0],
      [-2, 3],
      [-Infinity, 0],
      [-3, -2],
    ]) {
      K.log1p(a!, b!);
      expect(isNaNPair(out()), `log1p[${a}, ${b}]`).toBe(true);
    }
    K.log1p(0, 1);
    expect(out()[0]).toBe(0);
  });
});

describe('pow (real exponent)', () => {
  const box = (min: number, max: number) =>
    fc
      .tuple(fc.double({ min, max, noNaN: true }), fc.double({ min, max, noNaN: true }))
      .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]))
      .chain(([a, b]) => pointIn(a, b).map((x): [number, number, number] => [a, b, x]));

  it('encloses exp(y·log x) at points of a positive base box', () => {
    fc.assert(
      fc.property(box(1e-3, 100), box(-5, 5), ([al, ah, x], [bl, bh, y]) => {
        K.pow(al, ah, bl, bh);
        const res = out();
        const v = expHP(R(y).mul(logHP(R(x))));
        expect(enclosesApprox(res, v, tol(v)), `[${al},${ah}]^[${bl},${bh}] = [${res}] at ${x}^${y}`).toBe(true);
        const m = x ** y;
        expect(res[0] <= m * (1 + 1e-13) && m * (1 - 1e-13) <= res[1]).toBe(true);
      }),
      RUNS,
    );
  });

  it('follows the domain conventions (UNDEFINED = [NaN, NaN] where undefined somewhere)', () => {
    K.pow(-1, 4, 0.5, 0.5); // negative base, non-integer exponent
    expect(isNaNPair(out())).toBe(true);
    K.pow(-1, 4, 1, 2); // an exponent interval (not a point) with a possibly negative base
    expect(isNaNPair(out())).toBe(true);
    K.pow(0, 4, -1, -1); // 0^−1
    expect(isNaNPair(out())).toBe(true);
    K.pow(0, 4, 0.5, 0.5); // 0^y = 0 for y > 0
    expect(out()[0]).toBe(0);
    expect(out()[1]).toBeGreaterThanOrEqual(2);
    K.pow(0, 4, -0.5, 0.5); // 0^y unbounded for y < 0
    expect(isNaNPair(out())).toBe(true);
    K.pow(0, 4, 0, 1); // 0^0 possible with a non-point exponent
    expect(isNaNPair(out())).toBe(true);
    K.pow(-2, 3, 2, 2); // integer point exponent: powInt, any base
    expect(out()[0]).toBe(0);
    K.pow(-2, -2, 3, 3);
    expect(out()[0]).toBeLessThanOrEqual(-8);
    expect(out()[1]).toBeGreaterThanOrEqual(-8);
    K.pow(2, 2, 1, 1);
    expect(out()).toEqual([2, 2]);
  });

  it('is well formed on arbitrary boxes and NaN-safe', () => {
    fc.assert(
      fc.property(interval, interval, ([a, b], [c, d]) => {
        K.pow(a, b, c, d);
        expect(wellFormed(out())).toBe(true);
      }),
      RUNS,
    );
    K.pow(NaN, NaN, 1, 2);
    expect(isNaNPair(out())).toBe(true);
    K.pow(1, 2, NaN, NaN);
    expect(isNaNPair(out())).toBe(true);
    K.pow(NaN, NaN, 2, 2);
    expect(isNaNPair(out())).toBe(true);
  });
});
