import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';

describe('Rational', () => {
  it('round-trips every double exactly (subnormals included)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Rational.fromNumber(x).toNumber()).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 5000 },
    );
  });
  it('toNumber is correctly rounded (matches IEEE division of integers)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (a, b) => {
        expect(Rational.of(a, b).toNumber()).toBe(a / b);
      }),
      { numRuns: 5000 },
    );
    expect(Rational.parseDecimal('4.703322876892e-15')!.toNumber()).toBe(4.703322876892e-15);
  });
  it('parses decimals exactly and keeps lowest terms', () => {
    expect(Rational.parseDecimal('0.1')!.equals(Rational.of(1, 10))).toBe(true);
    expect(Rational.parseDecimal('-2.50e1')!.toString()).toBe('-25');
    expect(Rational.parseDecimal('abc')).toBeUndefined();
    expect(Rational.of(6, -4).toString()).toBe('-3/2');
    expect(() => Rational.of(1, 0)).toThrow();
  });
});
