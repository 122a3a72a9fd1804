import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { down, down2, downSum, up, up2, upSum } from '../../src/interval/rounding.js';
import { MAX, MIN, nextDown, nextUp } from '../../src/interval/float.js';
import { R, RUNS, SPECIALS, finite, leq, geq } from './helpers.js';

const anyDouble = fc.oneof(fc.constantFrom(...SPECIALS), fc.double({ noNaN: true }));

describe('cheap outward rounders', () => {
  it('down(x) ≤ nextDown(x) and up(x) ≥ nextUp(x) for every double (the lemma they rest on)', () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        expect(down(x) <= nextDown(x)).toBe(true);
        expect(up(x) >= nextUp(x)).toBe(true);
        expect(down2(x) <= nextDown(nextDown(x))).toBe(true);
        expect(up2(x) >= nextUp(nextUp(x))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('are cheap but not sloppy: at most 3 ulps away for finite x', () => {
    fc.assert(
      fc.property(
        finite.filter((x) => Math.abs(x) < MAX / 2),
        (x) => {
          expect(down(x) >= nextDown(nextDown(nextDown(x)))).toBe(true);
          expect(up(x) <= nextUp(nextUp(nextUp(x)))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('handle infinities and NaN', () => {
    expect(down(Infinity)).toBe(MAX);
    expect(down(-Infinity)).toBe(-Infinity);
    expect(up(-Infinity)).toBe(-MAX);
    expect(up(Infinity)).toBe(Infinity);
    expect(downSum(Infinity)).toBe(MAX);
    expect(upSum(-Infinity)).toBe(-MAX);
    for (const f of [down, up, downSum, upSum, down2, up2]) expect(f(NaN)).toBeNaN();
    expect(down(0)).toBe(-MIN);
    expect(downSum(0)).toBe(0);
    expect(upSum(0)).toBe(0);
  });

  it('bound the exact result of one + − × ÷ (exact rational check)', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const ra = R(a);
        const rb = R(b);
        const s = ra.add(rb);
        expect(leq(downSum(a + b), s) && geq(upSum(a + b), s)).toBe(true);
        expect(leq(down(a + b), s) && geq(up(a + b), s)).toBe(true);
        const d = ra.sub(rb);
        expect(leq(downSum(a - b), d) && geq(upSum(a - b), d)).toBe(true);
        const p = ra.mul(rb);
        expect(leq(down(a * b), p) && geq(up(a * b), p)).toBe(true);
        if (b !== 0) {
          const q = ra.div(rb);
          expect(leq(down(a / b), q) && geq(up(a / b), q)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('bound sqrt exactly: down(√a)² ≤ a ≤ up(√a)²', () => {
    fc.assert(
      fc.property(finite.map(Math.abs), (a) => {
        const lo = Math.max(0, down(Math.sqrt(a)));
        const hi = up(Math.sqrt(a));
        expect(R(lo).mul(R(lo)).cmp(R(a)) <= 0).toBe(true);
        expect(!Number.isFinite(hi) || R(hi).mul(R(hi)).cmp(R(a)) >= 0).toBe(true);
      }),
      RUNS,
    );
  });

  it('bound products and quotients that underflow', () => {
    const tiny = 1e-200;
    expect(leq(down(tiny * tiny), R(tiny).mul(R(tiny)))).toBe(true);
    expect(up(tiny * tiny)).toBeGreaterThan(0);
    expect(down(-tiny * tiny)).toBeLessThan(0);
    expect(up(MIN / 3)).toBeGreaterThan(0);
  });
});
