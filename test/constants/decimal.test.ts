import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalInside, shortDecimal, toDouble } from '../../src/constants/decimal.js';
import { Rational } from '../../src/exact/rational.js';

// Constants live far from the subnormal range; printing there is not exact anyway.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).filter((x) => x === 0 || Math.abs(x) > 1e-200);

describe('short decimals for printed constants', () => {
  it('shortDecimal lies on the asked side within the tolerance, and prints as itself', () => {
    fc.assert(
      fc.property(finite, fc.double({ noNaN: true, min: 1e-12, max: 1 }), fc.constantFrom('down' as const, 'up' as const), (x, rel, dir) => {
        const tol = Math.abs(x) * rel + 1e-300;
        const d = shortDecimal(x, dir, tol);
        const r = Rational.fromNumber(x);
        expect(dir === 'down' ? d.cmp(r) <= 0 : d.cmp(r) >= 0).toBe(true);
        // The printed number reads back (as a decimal) to exactly d: what check() was run on.
        expect(Rational.fromShortestDecimal(toDouble(d)).equals(d)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('decimalInside stays inside [lo, hi]', () => {
    fc.assert(
      fc.property(finite, finite, fc.constantFrom('lo' as const, 'hi' as const), (a, b, toward) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const d = decimalInside(Rational.fromNumber(lo), Rational.fromNumber(hi), toward, (hi - lo) / 4);
        if (d) {
          expect(d.cmp(Rational.fromNumber(lo))).toBeGreaterThanOrEqual(0);
          expect(d.cmp(Rational.fromNumber(hi))).toBeLessThanOrEqual(0);
        } else expect(hi - lo).toBeLessThan(Math.max(Math.abs(lo), 1e-300) * 1e-13);
      }),
      { numRuns: 300 },
    );
  });
});
