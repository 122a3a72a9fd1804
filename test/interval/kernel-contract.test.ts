/**
 * The contract every kernel operation shares: well-formed output on any valid input,
 * NaN (empty) input always giving [NaN, NaN] (NaN propagates), and UNDEFINED = [NaN, NaN]
 * answered exactly where the operation is undefined at some point of the input box (a
 * domain error), never elsewhere. A NaN endpoint never comes with a non-NaN one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as K from '../../src/interval/kernel.js';
import { RUNS, containsZero, hasNaN, interval, isNaNPair, out, wellFormed } from './helpers.js';

type Un = (a: number, b: number) => void;
type Bin = (a: number, b: number, c: number, d: number) => void;
const never = () => false;

/** op, and where it is undefined somewhere on [a, b]. */
const UNARY: Record<string, [Un, (a: number, b: number) => boolean]> = {
  neg: [K.neg, never],
  sqr: [K.sqr, never],
  exp: [K.exp, never],
  sin: [K.sin, never],
  cos: [K.cos, never],
  tanh: [K.tanh, never],
  abs: [K.abs, never],
  sigmoid: [K.sigmoid, never],
  softplus: [K.softplus, never],
  relu: [K.relu, never],
  sign: [K.sign, never],
  step: [K.step, never],
  recip: [K.recip, containsZero],
  sqrt: [K.sqrt, (a) => a < 0],
  log: [K.log, (a) => a <= 0],
  log1p: [K.log1p, (a) => a <= -1],
  pow1: [(a, b) => K.powInt(a, b, 1), never],
  pow2: [(a, b) => K.powInt(a, b, 2), never],
  pow3: [(a, b) => K.powInt(a, b, 3), never],
  pow4: [(a, b) => K.powInt(a, b, 4), never],
  pow7: [(a, b) => K.powInt(a, b, 7), never],
  pow0: [(a, b) => K.powInt(a, b, 0), never],
  powm1: [(a, b) => K.powInt(a, b, -1), containsZero],
  powm2: [(a, b) => K.powInt(a, b, -2), containsZero],
  powm3: [(a, b) => K.powInt(a, b, -3), containsZero],
};

/** x^y is undefined somewhere: 0 ∈ x with an integer point y < 0, else x < 0 or 0^(y ≤ 0) possible. */
function powUndefined(a: number, b: number, c: number, d: number): boolean {
  if (c === d && Number.isInteger(c)) return c < 0 && containsZero(a, b);
  return !(a > 0 || (a === 0 && c > 0));
}

const BINARY: Record<string, [Bin, (a: number, b: number, c: number, d: number) => boolean]> = {
  add: [K.add, never],
  sub: [K.sub, never],
  mul: [K.mul, never],
  max: [K.max, never],
  min: [K.min, never],
  div: [K.div, (_a, _b, c, d) => containsZero(c, d)],
  pow: [K.pow, powUndefined],
};

describe('kernel contract', () => {
  for (const [name, [f, undef]] of Object.entries(UNARY)) {
    it(`${name}: well formed; UNDEFINED exactly on domain errors; NaN in → NaN out`, () => {
      fc.assert(
        fc.property(interval, ([a, b]) => {
          f(a, b);
          const r = out();
          const msg = `${name}([${a}, ${b}]) = [${r}]`;
          expect(wellFormed(r), msg).toBe(true);
          expect(hasNaN(r), msg).toBe(undef(a, b));
        }),
        RUNS,
      );
      f(NaN, NaN);
      expect(isNaNPair(out()), `${name}(NaN) = [${out()}]`).toBe(true);
    });
  }
  for (const [name, [f, undef]] of Object.entries(BINARY)) {
    it(`${name}: well formed; UNDEFINED exactly on domain errors; NaN in either argument → NaN out`, () => {
      fc.assert(
        fc.property(interval, interval, ([a, b], [c, d]) => {
          f(a, b, c, d);
          const r = out();
          const msg = `${name}([${a}, ${b}], [${c}, ${d}]) = [${r}]`;
          expect(wellFormed(r), msg).toBe(true);
          expect(hasNaN(r), msg).toBe(undef(a, b, c, d));
          f(NaN, NaN, c, d);
          expect(isNaNPair(out()), `${name}(NaN, [${c}, ${d}]) = [${out()}]`).toBe(true);
          f(a, b, NaN, NaN);
          expect(isNaNPair(out()), `${name}([${a}, ${b}], NaN) = [${out()}]`).toBe(true);
        }),
        RUNS,
      );
    });
  }
  it('the special divisors and bases: every NaN input gives [NaN, NaN]', () => {
    const boxes: [number, number][] = [
      [0, 0],
      [-0, 0],
      [0, 1],
      [-1, 0],
      [-1, 1],
      [1, 2],
      [-2, -1],
      [-Infinity, Infinity],
      [0, Infinity],
      [-Infinity, 0],
      [2, 2],
      [0.5, 0.5],
      [-3, -3],
    ];
    for (const [name, [f]] of Object.entries(BINARY)) {
      for (const [c, d] of boxes) {
        f(NaN, NaN, c, d);
        expect(isNaNPair(out()), `${name}(NaN, [${c}, ${d}])`).toBe(true);
        f(c, d, NaN, NaN);
        expect(isNaNPair(out()), `${name}([${c}, ${d}], NaN)`).toBe(true);
      }
    }
    K.recip(NaN, NaN);
    expect(isNaNPair(out())).toBe(true);
  });
});
