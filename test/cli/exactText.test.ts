import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactText } from '../../src/cli/io.js';
import { Rational } from '../../src/exact/rational.js';

describe('exactText: the exact constant a headline prints', () => {
  it('a decimal prints as itself and reads back as the same rational', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: 0, max: 20 }), (m, k) => {
        const q = Rational.of(m, 10n ** BigInt(k));
        const text = exactText(q);
        expect(text).not.toMatch(/\//);
        expect(Rational.parseDecimal(text)!.equals(q)).toBe(true);
      }),
    );
  });

  it('a rational without a short decimal expansion prints as a fraction', () => {
    expect(exactText(Rational.of(1, 3))).toBe('1/3');
    expect(exactText(Rational.of(-22, 7))).toBe('-22/7');
    // 2^-70 has 70 decimals: more than 20.
    expect(exactText(Rational.of(1n, 2n ** 70n))).toBe(`1/${2n ** 70n}`);
    expect(exactText(Rational.of(8000001, 1000000))).toBe('8.000001');
    expect(exactText(Rational.of(-1, 20))).toBe('-0.05');
    expect(exactText(Rational.of(5))).toBe('5');
  });
});
