import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as K from '../../src/interval/kernel.js';
import { cosHP, sinHP } from './hp.js';
import { RUNS, out } from './helpers.js';
import { unarySuite } from './unary.js';

const PI = Math.PI;

describe('sin', () => {
  unarySuite({
    name: 'sin',
    op: K.sin,
    hp: sinHP,
    math: Math.sin,
    inDomain: () => true,
    hpRange: [-1e5, 1e5],
    range: [-1, 1],
    increasing: false,
  });
});

describe('cos', () => {
  unarySuite({
    name: 'cos',
    op: K.cos,
    hp: cosHP,
    math: Math.cos,
    inDomain: () => true,
    hpRange: [-1e5, 1e5],
    range: [-1, 1],
    increasing: false,
  });
});

describe('sin/cos extrema', () => {
  it('include the extremum inside the interval and are tight away from it', () => {
    K.sin(1, 2); // π/2 ∈ [1, 2]
    expect(out()[1]).toBe(1);
    expect(out()[0]).toBeLessThanOrEqual(Math.sin(1));
    expect(out()[0]).toBeGreaterThan(Math.sin(1) - 1e-15);
    K.cos(3, 4); // π ∈ [3, 4]
    expect(out()[0]).toBe(-1);
    K.sin(-0.1, 0.1); // no extremum
    expect(out()[0]).toBeGreaterThan(-0.1);
    expect(out()[1]).toBeLessThan(0.1);
    K.cos(0, 0);
    expect(out()[1]).toBe(1);
  });

  it('wide or unbounded intervals give [-1, 1]', () => {
    for (const [a, b] of [
      [0, 7],
      [-Infinity, 0],
      [0, Infinity],
      [1e300, 1e300 * 1.0000001],
    ]) {
      K.sin(a!, b!);
      expect(out()).toEqual([-1, 1]);
      K.cos(a!, b!);
      expect(out()).toEqual([-1, 1]);
    }
  });

  it('around a multiple of π/2 the extremum is always included (either side, any k)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: 0, max: 1e-6, noNaN: true }), (k, eps) => {
        const c = (k * PI) / 2; // within a few ulps of kπ/2
        const r = ((k % 4) + 4) % 4;
        K.sin(c - eps - 1e-12 * Math.abs(c), c + eps + 1e-12 * Math.abs(c));
        if (r === 1) expect(out()[1]).toBe(1);
        if (r === 3) expect(out()[0]).toBe(-1);
        K.cos(c - eps - 1e-12 * Math.abs(c), c + eps + 1e-12 * Math.abs(c));
        if (r === 0) expect(out()[1]).toBe(1);
        if (r === 2) expect(out()[0]).toBe(-1);
      }),
      RUNS,
    );
  });
});
