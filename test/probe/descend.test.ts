import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternSearch } from '../../src/probe/index.js';

const box = { lo: [-2, -1], hi: [3, 4] };

describe('patternSearch', () => {
  it('finds the minimum of a smooth bowl from anywhere in the box', () => {
    const f = (x: readonly number[]) => (x[0]! - 1.3) ** 2 + 3 * (x[1]! + 0.4) ** 2 + 0.5 * (x[0]! - 1.3) * (x[1]! + 0.4);
    fc.assert(
      fc.property(fc.double({ min: -2, max: 3, noNaN: true }), fc.double({ min: -1, max: 4, noNaN: true }), (a, b) => {
        const r = patternSearch(f, [a, b], box, 2000);
        expect(Math.hypot(r.x[0]! - 1.3, r.x[1]! + 0.4)).toBeLessThan(1e-4);
      }),
      { numRuns: 50 },
    );
  });

  it('stays in the box, respects the evaluation cap and stops below the threshold', () => {
    let calls = 0;
    const f = (x: readonly number[]) => {
      calls++;
      return x[0]! + x[1]!;
    };
    const r = patternSearch(f, [2, 3], box, 37);
    expect(calls).toBeLessThanOrEqual(37);
    expect(r.evals).toBe(calls);
    expect(r.x.every((v, j) => box.lo[j]! <= v && v <= box.hi[j]!)).toBe(true);
    const s = patternSearch((x) => x[0]! + x[1]!, [2, 3], box, 10_000, 0);
    expect(s.value).toBeLessThan(0);
    expect(s.value).toBeGreaterThan(-3); // stopped once below 0, before the corner (-3)
    expect(s.evals).toBeLessThan(200);
  });

  it('follows a slope far below finite-difference resolution (the tail of a narrow dip)', () => {
    const f = (x: readonly number[]) => 1 - Math.exp(-((x[0]! - 2.5) ** 2 + (x[1]! - 3.5) ** 2) / 0.01);
    const r = patternSearch(f, [2.0, 3.0], box, 400);
    expect(Math.hypot(r.x[0]! - 2.5, r.x[1]! - 3.5)).toBeLessThan(1e-3);
  });
});
