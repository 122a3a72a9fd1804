/**
 * The contract every kernel operation shares: well-formed output on any valid input,
 * and NaN (empty) input never yielding a finite or half-finite interval.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as K from '../../src/interval/kernel.js';
import { RUNS, emptyOrEntire, interval, out, wellFormed } from './helpers.js';

const UNARY = {
  neg: K.neg, sqr: K.sqr, recip: K.recip, sqrt: K.sqrt, exp: K.exp, log: K.log, log1p: K.log1p,
  sin: K.sin, cos: K.cos, tanh: K.tanh, abs: K.abs, sigmoid: K.sigmoid, softplus: K.softplus,
  relu: K.relu, sign: K.sign, step: K.step,
  pow3: (a: number, b: number) => K.powInt(a, b, 3),
  powm2: (a: number, b: number) => K.powInt(a, b, -2),
};
const BINARY = { add: K.add, sub: K.sub, mul: K.mul, div: K.div, pow: K.pow, max: K.max, min: K.min };

describe('kernel contract', () => {
  for (const [name, f] of Object.entries(UNARY)) {
    it(`${name}: well formed; NaN in → NaN or ENTIRE out`, () => {
      fc.assert(fc.property(interval, ([a, b]) => {
        f(a, b);
        expect(wellFormed(out()), `${name}([${a}, ${b}]) = [${out()}]`).toBe(true);
      }), RUNS);
      f(NaN, NaN);
      expect(emptyOrEntire(out()), `${name}(NaN) = [${out()}]`).toBe(true);
    });
  }
  for (const [name, f] of Object.entries(BINARY)) {
    it(`${name}: well formed; NaN in either argument → NaN or ENTIRE out`, () => {
      fc.assert(fc.property(interval, interval, ([a, b], [c, d]) => {
        f(a, b, c, d);
        expect(wellFormed(out()), `${name}([${a}, ${b}], [${c}, ${d}]) = [${out()}]`).toBe(true);
        f(NaN, NaN, c, d);
        expect(emptyOrEntire(out())).toBe(true);
        f(a, b, NaN, NaN);
        expect(emptyOrEntire(out())).toBe(true);
      }), RUNS);
    });
  }
});
