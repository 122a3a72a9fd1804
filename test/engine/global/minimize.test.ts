import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globalMinimize, type GlobalMinResult } from '../../../src/engine/global/index.js';
import { build as b, parseExpr } from '../../../src/expr/index.js';
import { Rational } from '../../../src/exact/rational.js';
import { doubleWell, ex2, ex6, ex6Fstar, ex6OneMinusT, ex6T, fAt, holds, kinked, leastSquares, quartic } from './examples.js';

const D6 = { lo: [-2, -2], hi: [3, 3] };
const opts = { maxBoxes: 20_000, tol: 1e-6 };
const covers = (r: GlobalMinResult, x: number[]) => r.candidates.some((c) => c.lo.every((l, j) => l <= x[j]! && x[j]! <= c.hi[j]!));

describe('globalMinimize', () => {
  it('example 6 on [−2, 3]²: f* = (3 − √3)/4, two isolated minimizers (t, t) and (1 − t, 1 − t)', () => {
    const t0 = performance.now();
    const r = globalMinimize(ex6, 2, D6, opts);
    const ms = performance.now() - t0;
    expect(r.complete).toBe(true);
    expect(r.fstar[0]).toBeLessThanOrEqual(ex6Fstar.lo);
    expect(r.fstar[1]).toBeGreaterThanOrEqual(ex6Fstar.hi);
    expect(r.fstar[1] - r.fstar[0]).toBeLessThan(1e-12);
    expect(r.isolated).toHaveLength(2);
    for (const iso of r.isolated) {
      expect(iso).toMatchObject({ unique: true, status: 'stationary', kind: 'local-min' });
      const t = iso.point[0]! < 0.5 ? ex6T : ex6OneMinusT;
      expect(holds(iso.box, 0, t) && holds(iso.box, 1, t)).toBe(true);
    }
    expect(ms).toBeLessThan(5000);
  });

  it('example 2 on [−1, 3]²: two minimizers near (t, t), t ≈ 0.00067, and (2 − t, 2 − t)', () => {
    const r = globalMinimize(ex2, 2, { lo: [-1, -1], hi: [3, 3] }, opts);
    expect(r.complete).toBe(true);
    const pts = r.isolated.map((i) => i.point[0]!).sort((a, c) => a - c);
    expect(pts[0]).toBeCloseTo(0.00067433, 7);
    expect(pts[1]).toBeCloseTo(1.99932567, 7);
    const at = fAt(ex2, [0.0006743269848917563, 0.0006743269848917563]);
    expect(r.fstar[0]).toBeLessThanOrEqual(at[1]);
    expect(r.fstar[1]).toBeLessThanOrEqual(at[1]);
  });

  it('x⁴ on [−1, 1]: f* = 0 at 0 (degenerate: isolated but not proved unique)', () => {
    const r = globalMinimize(quartic, 1, { lo: [-1], hi: [1] }, opts);
    expect(r.fstar[0]).toBeLessThanOrEqual(0);
    expect(r.fstar[1]).toBeGreaterThanOrEqual(0);
    expect(r.fstar[1]).toBeLessThan(1e-20);
    expect(covers(r, [0])).toBe(true);
    expect(r.isolated).toHaveLength(1);
    expect(r.isolated[0]).toMatchObject({ unique: false, status: 'unknown' });
  });

  it('least squares ½((x + y − 1)² + (x − y)²): f* = 0 at (1/2, 1/2)', () => {
    const r = globalMinimize(leastSquares, 2, D6, opts);
    expect(r.fstar[0]).toBeLessThanOrEqual(0);
    expect(r.fstar[1]).toBeLessThan(1e-20);
    expect(r.isolated).toHaveLength(1);
    expect(r.isolated[0]).toMatchObject({ unique: true, status: 'stationary', kind: 'local-min' });
    expect(holds(r.isolated[0]!.box, 0, { lo: 0.5, hi: 0.5 }) && holds(r.isolated[0]!.box, 1, { lo: 0.5, hi: 0.5 })).toBe(true);
  });

  it('(x² − 1)² on [−2, 2] and (|x| − 1)² on [−2, 2] (kink at 0): minimizers ±1, f* = 0', () => {
    for (const f of [doubleWell, kinked]) {
      const r = globalMinimize(f, 1, { lo: [-2], hi: [2] }, opts);
      expect(r.fstar[0]).toBeLessThanOrEqual(0);
      expect(r.fstar[1]).toBeLessThan(1e-20);
      expect(covers(r, [-1]) && covers(r, [1])).toBe(true);
      expect(covers(r, [0])).toBe(false);
    }
  });

  it('reports minimizers on the domain boundary as "boundary" (not stationary points)', () => {
    const r = globalMinimize(parseExpr('x + 2*y + x*y', { variables: ['x', 'y'] }), 2, { lo: [0, 0], hi: [1, 1] }, opts);
    expect(r.fstar[0]).toBeLessThanOrEqual(0);
    expect(r.fstar[1]).toBeGreaterThanOrEqual(0);
    expect(r.isolated).toHaveLength(1);
    expect(r.isolated[0]).toMatchObject({ unique: false, status: 'boundary' });
    expect(covers(r, [0, 0])).toBe(true);
    const s = globalMinimize(parseExpr('(x - 3)^2', { variables: ['x'] }), 1, { lo: [0], hi: [1] }, opts);
    expect(s.fstar[0]).toBeLessThanOrEqual(4);
    expect(s.fstar[1]).toBeGreaterThanOrEqual(4);
    expect(s.fstar[1] - s.fstar[0]).toBeLessThan(1e-9);
  });

  it('where f is undefined on part of the box, proves nothing there and never returns NaN', () => {
    const V = { variables: ['x', 'y'] };
    const r = globalMinimize(parseExpr('log(x) + y^2', V), 2, { lo: [-1, -1], hi: [2, 1] }, { maxBoxes: 2000, tol: 1e-6 });
    expect(r.fstar[0]).toBe(-Infinity);
    expect(Number.isFinite(r.fstar[1])).toBe(true);
    const s = globalMinimize(parseExpr('sqrt(x) + (y - 1/2)^2', V), 2, { lo: [0, 0], hi: [1, 1] }, opts);
    expect(s.fstar[0]).toBeLessThanOrEqual(0);
    expect(s.fstar[1]).toBeLessThan(1e-12);
    expect(covers(s, [0, 0.5])).toBe(true);
    expect(s.isolated[0]).toMatchObject({ status: 'boundary' });
  });

  it('stays sound when the budget runs out (complete = false)', () => {
    const r = globalMinimize(ex6, 2, D6, { maxBoxes: 5, tol: 1e-6 });
    expect(r.complete).toBe(false);
    expect(r.fstar[0]).toBeLessThanOrEqual(ex6Fstar.lo);
    expect(r.fstar[1]).toBeGreaterThanOrEqual(ex6Fstar.hi);
    expect(covers(r, [0.159375, 0.159375]) && covers(r, [0.840625, 0.840625])).toBe(true);
  });

  it('random quartics in 1-D: fstar[0] ≤ f at every sample point, fstar[1] ≤ the best sample', () => {
    const coef = fc.integer({ min: -20, max: 20 }).map((n) => Rational.of(n, 4));
    fc.assert(
      fc.property(fc.tuple(coef, coef, coef, fc.integer({ min: 1, max: 8 })), ([c1, c2, c3, c4]) => {
        const x = b.variable(0, 'x');
        const f = b.add(b.mul(b.num(c4), b.pow(x, b.num(4))), b.mul(b.num(c3), b.pow(x, b.num(3))), b.mul(b.num(c2), b.pow(x, b.num(2))), b.mul(b.num(c1), x));
        const r = globalMinimize(f, 1, { lo: [-3], hi: [3] }, { maxBoxes: 5000, tol: 1e-7 });
        expect(r.fstar[0]).toBeLessThanOrEqual(r.fstar[1]);
        let best = Infinity;
        for (let k = 0; k <= 600; k++) {
          const v = fAt(f, [-3 + k / 100]);
          expect(r.fstar[0]).toBeLessThanOrEqual(v[1]);
          best = Math.min(best, v[1]);
        }
        // The upper bound is found by local search: it must reach the sampled minimum up to the sampling error.
        expect(r.fstar[1]).toBeLessThanOrEqual(best + 1e-9);
      }),
      { numRuns: 25 },
    );
  });
});
