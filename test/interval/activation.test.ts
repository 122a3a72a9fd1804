import { describe, expect, it } from 'vitest';
import * as K from '../../src/interval/kernel.js';
import { sigmoidHP, softplusHP, tanhHP } from './hp.js';
import { out } from './helpers.js';
import { unarySuite } from './unary.js';

describe('tanh', () => {
  unarySuite({
    name: 'tanh',
    op: K.tanh,
    hp: tanhHP,
    math: Math.tanh,
    inDomain: () => true,
    hpRange: [-60, 60],
    range: [-1, 1],
    increasing: true,
  });
  it('saturates inside [-1, 1] and is odd-symmetric', () => {
    K.tanh(-Infinity, Infinity);
    expect(out()).toEqual([-1, 1]);
    K.tanh(30, 40);
    expect(out()[1]).toBe(1);
    expect(out()[0]).toBeGreaterThan(0.999999999999);
    K.tanh(0, 0);
    expect(out()[0]).toBe(0);
    expect(out()[1]).toBeLessThan(1e-300);
  });
});

describe('sigmoid', () => {
  unarySuite({
    name: 'sigmoid',
    op: K.sigmoid,
    hp: sigmoidHP,
    math: (x) => 1 / (1 + Math.exp(-x)),
    inDomain: () => true,
    hpRange: [-700, 700],
    range: [0, 1],
    increasing: true,
  });
  it('is exact at 0 and saturates', () => {
    K.sigmoid(0, 0);
    expect(out()).toEqual([0.5, 0.5]);
    K.sigmoid(-Infinity, Infinity);
    expect(out()).toEqual([0, 1]);
  });
});

describe('softplus', () => {
  unarySuite({
    name: 'softplus',
    op: K.softplus,
    hp: softplusHP,
    math: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    inDomain: () => true,
    hpRange: [-700, 700],
    range: [0, Infinity],
    increasing: true,
  });
  it('never overflows for large arguments and stays ≥ max(x, 0)', () => {
    K.softplus(1000, 1e300);
    expect(out()[0]).toBe(1000);
    expect(out()[1]).toBeGreaterThanOrEqual(1e300);
    expect(Number.isFinite(out()[1])).toBe(true);
    K.softplus(-Infinity, 0);
    expect(out()[0]).toBe(0);
  });
});

describe('relu', () => {
  it('is max(x, 0) on both endpoints, exact', () => {
    K.relu(-2, 3);
    expect(out()).toEqual([0, 3]);
    K.relu(-2, -1);
    expect(out()).toEqual([0, 0]);
    K.relu(NaN, NaN);
    expect(out()[0]).toBeNaN();
  });
});
