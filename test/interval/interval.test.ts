import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import {
  E,
  Interval,
  PI,
  fromRational,
  kernel,
  provesNegative,
  provesNonNegative,
  provesNonPositive,
  provesPositive,
  certainlyNonNegative,
} from '../../src/interval/index.js';

const I = Interval.of;

describe('Interval class', () => {
  it('constructs and validates', () => {
    expect(I(1, 2).lo).toBe(1);
    expect(Interval.point(3).toString()).toBe('[3, 3]');
    expect(I(NaN, 1).isEmpty()).toBe(true);
    expect(() => I(2, 1)).toThrow(RangeError);
    expect(() => I(Infinity, Infinity)).toThrow(RangeError);
    expect(Interval.ENTIRE.isEntire()).toBe(true);
    expect(Interval.EMPTY.toString()).toBe('[empty]');
    expect(Interval.ENTIRE.toString()).toBe('[entire]');
    expect(Interval.fromRational(Rational.of(1, 10)).contains(0.1)).toBe(true);
  });

  it('wraps the kernel', () => {
    expect(I(-2, 3).sqr().lo).toBe(0);
    // domain errors: UNDEFINED = [NaN, NaN], both endpoints NaN, never a finite bound
    for (const r of [
      I(1, 2).div(I(0, 1)),
      I(-1, 2).log(),
      I(-1, 2).sqrt(),
      I(-1, 0).log1p(),
      I(-1, 1).recip(),
      I(-1, 1).powInt(-2),
      I(-1, 2).pow(I(0.5, 0.5)),
    ]) {
      expect(r.isEmpty()).toBe(true);
      expect(Number.isNaN(r.lo) && Number.isNaN(r.hi)).toBe(true);
    }
    expect(Interval.UNDEFINED.isEmpty()).toBe(true);
    // NaN propagates: no finite bound comes out of an expression undefined somewhere
    expect(I(-1, 2).log().cos().isEmpty()).toBe(true);
    expect(I(1, 2).div(I(0, 1)).mul(I(0, 0)).isEmpty()).toBe(true);
    expect(I(1000, 1000).exp().hi).toBe(Infinity);
    expect(I(0, 0).mul(Interval.ENTIRE).toString()).toBe('[0, 0]');
    const x = I(0.5, 1.5);
    for (const r of [
      x.add(x),
      x.sub(x),
      x.mul(x),
      x.div(x),
      x.pow(x),
      x.max(x),
      x.min(x),
      x.powInt(3),
      x.neg(),
      x.recip(),
      x.sqrt(),
      x.exp(),
      x.log(),
      x.log1p(),
      x.sin(),
      x.cos(),
      x.tanh(),
      x.abs(),
      x.sigmoid(),
      x.softplus(),
      x.relu(),
      x.sign(),
      x.step(),
    ]) {
      expect(r.lo <= r.hi).toBe(true);
    }
  });

  it('has the set helpers', () => {
    expect(I(1, 2).hull(I(5, 6)).toString()).toBe('[1, 6]');
    expect(I(1, 2).hull(Interval.EMPTY).toString()).toBe('[1, 2]');
    expect(I(1, 5).intersect(I(3, 8)).toString()).toBe('[3, 5]');
    expect(I(1, 2).intersect(I(3, 4)).isEmpty()).toBe(true);
    expect(I(1, 3).width()).toBeGreaterThanOrEqual(2);
    expect(I(1, 3).mid()).toBe(2);
    expect(Interval.ENTIRE.mid()).toBe(0);
    expect(I(-Infinity, 5).mid()).toBeLessThanOrEqual(5);
    expect(I(5, Infinity).mid()).toBeGreaterThanOrEqual(5);
    expect(I(-Number.MAX_VALUE, Number.MAX_VALUE).mid()).toBe(0);
    expect(I(1, Infinity).isBounded()).toBe(false);
    expect(I(1, 3).isBounded()).toBe(true);
    expect(I(1, 3).contains(NaN)).toBe(false);
  });

  it('exports rigorous π and e (checked against 40 exact digits)', () => {
    const pi = Rational.parseDecimal('3.141592653589793238462643383279502884197')!;
    const e = Rational.parseDecimal('2.718281828459045235360287471352662497757')!;
    const ulp40 = Rational.of(1n, 10n ** 39n);
    expect(Rational.fromNumber(PI.lo).cmp(pi.sub(ulp40))).toBe(-1);
    expect(Rational.fromNumber(PI.hi).cmp(pi.add(ulp40))).toBe(1);
    expect(Rational.fromNumber(E.lo).cmp(e.sub(ulp40))).toBe(-1);
    expect(Rational.fromNumber(E.hi).cmp(e.add(ulp40))).toBe(1);
    expect(kernel.nextUp(PI.lo)).toBe(PI.hi);
    expect(kernel.nextUp(E.lo)).toBe(E.hi);
    expect(fromRational(Rational.of(1, 3))[0]).toBeLessThan(1 / 3 + 1e-16);
  });

  it('proves only from well-formed, non-empty enclosures', () => {
    expect(provesNonNegative(I(0, 1))).toBe(true);
    expect(provesNonNegative(I(-1e-300, 1))).toBe(false);
    expect(provesNonNegative(Interval.EMPTY)).toBe(false);
    expect(provesNonNegative({ lo: 0, hi: NaN })).toBe(false);
    expect(provesPositive(I(0, 1))).toBe(false);
    expect(provesNegative(I(-2, -1))).toBe(true);
    expect(provesNegative({ lo: NaN, hi: -1 })).toBe(false);
    expect(provesNonPositive(I(-2, 0))).toBe(true);
    expect(provesNegative(Interval.ENTIRE)).toBe(false);
    expect(certainlyNonNegative(NaN)).toBe(false);
    expect(certainlyNonNegative(0)).toBe(true);
  });
});
