import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as K from '../../src/interval/kernel.js';
import { RUNS, intervalWithPoint, out } from './helpers.js';

const contains = ([lo, hi]: [number, number], v: number) => lo <= v && v <= hi;
const sgn = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

describe('abs, relu, max, min, sign, step (exact)', () => {
  it('contain the point values (exact functions: Math.* is an exact oracle here)', () => {
    fc.assert(
      fc.property(intervalWithPoint, intervalWithPoint, ([[al, ah], a], [[bl, bh], b]) => {
        K.abs(al, ah);
        expect(contains(out(), Math.abs(a))).toBe(true);
        K.relu(al, ah);
        expect(contains(out(), Math.max(a, 0))).toBe(true);
        K.max(al, ah, bl, bh);
        expect(contains(out(), Math.max(a, b))).toBe(true);
        K.min(al, ah, bl, bh);
        expect(contains(out(), Math.min(a, b))).toBe(true);
        K.sign(al, ah);
        expect(contains(out(), sgn(a))).toBe(true);
        K.step(al, ah);
        expect(a === 0 || contains(out(), a > 0 ? 1 : 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it('are tight', () => {
    K.abs(-3, 2);
    expect(out()).toEqual([0, 3]);
    K.abs(-3, -2);
    expect(out()).toEqual([2, 3]);
    K.sign(0, 0);
    expect(out()).toEqual([0, 0]);
    K.sign(0, 5);
    expect(out()).toEqual([0, 1]);
    K.sign(-5, 0);
    expect(out()).toEqual([-1, 0]);
    K.sign(-5, 5);
    expect(out()).toEqual([-1, 1]);
    K.sign(2, 5);
    expect(out()).toEqual([1, 1]);
    K.step(-2, -1);
    expect(out()).toEqual([0, 0]);
    K.step(0, 0);
    expect(out()).toEqual([0, 1]);
    K.step(1, 2);
    expect(out()).toEqual([1, 1]);
    K.max(-1, 2, 0, 1);
    expect(out()).toEqual([0, 2]);
    K.min(-1, 2, 0, 1);
    expect(out()).toEqual([-1, 1]);
  });
});
