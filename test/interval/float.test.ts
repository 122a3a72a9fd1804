import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextDown, nextUp, ulpDistance, MAX, MIN } from '../../src/interval/float.js';
import { R, RUNS, SPECIALS } from './helpers.js';

describe('nextUp / nextDown (exact, bit level)', () => {
  it('handles the special values', () => {
    expect(nextUp(0)).toBe(MIN);
    expect(nextUp(-0)).toBe(MIN);
    expect(nextDown(0)).toBe(-MIN);
    expect(nextUp(-MIN)).toBe(-0);
    expect(nextUp(1)).toBe(1 + 2 ** -52);
    expect(nextDown(1)).toBe(1 - 2 ** -53);
    expect(nextUp(MAX)).toBe(Infinity);
    expect(nextUp(Infinity)).toBe(Infinity);
    expect(nextUp(-Infinity)).toBe(-MAX);
    expect(nextDown(-Infinity)).toBe(-Infinity);
    expect(nextDown(Infinity)).toBe(MAX);
    expect(nextUp(NaN)).toBeNaN();
    expect(nextDown(NaN)).toBeNaN();
  });

  it('steps to the adjacent double: x < nextUp(x), nothing in between (exact check)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const u = nextUp(x);
        expect(u > x).toBe(true);
        expect(nextDown(u)).toBe(x === 0 ? 0 : x); // −0 comes back as +0's neighbour 0
        if (Number.isFinite(u)) {
          // the midpoint is not a double: (x+u)/2 rounds to x or u
          const m = R(x).add(R(u)).div(R(2));
          expect(m.cmp(R(x))).toBe(1);
          expect(m.cmp(R(u))).toBe(-1);
        }
      }),
      RUNS,
    );
  });

  it('ulpDistance counts steps and is antisymmetric', () => {
    expect(ulpDistance(1, nextUp(nextUp(1)))).toBe(2);
    expect(ulpDistance(-MIN, MIN)).toBe(2);
    expect(ulpDistance(0, -0)).toBe(0);
    expect(ulpDistance(MAX, Infinity)).toBe(1);
    for (const x of SPECIALS) {
      if (!Number.isFinite(x)) continue;
      expect(ulpDistance(x, nextUp(x))).toBe(1);
      expect(ulpDistance(nextUp(x), x)).toBe(-1);
    }
  });
});
