import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convexityRange } from '../../src/constants/family.js';
import { isEmpty, obligationRange } from '../../src/constants/leafInterval.js';
import { pointRange } from '../../src/constants/outer.js';
import { Rational } from '../../src/exact/rational.js';

/**
 * The two soundness facts the brackets rest on, checked in exact rational arithmetic:
 * - inner: for t in obligationRange(t0, s, G), s − (t − t0)·g ≥ 0 for every g in G;
 * - outer: for t outside pointRange(t0, r0Hi, G), r0 − (t − t0)·g < 0 for every r0 ≤ r0Hi, g in G.
 */
const val = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((x) => x === 0 || Math.abs(x) > 1e-100);
const R = (x: number) => Rational.fromNumber(x);
const between = (lo: number, hi: number, u: number) => lo + (hi - lo) * u;

describe('leaf and point ranges are sound (exact check)', () => {
  it('every t of an obligation range is proved for every g in [gLo, gHi]', () => {
    fc.assert(
      fc.property(val, val, val, val, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (t0, s, g1, g2, u, v) => {
        const [gLo, gHi] = g1 <= g2 ? [g1, g2] : [g2, g1];
        const r = obligationRange(t0, s, gLo, gHi);
        if (isEmpty(r)) return;
        const lo = Number.isFinite(r.lo) ? r.lo : Math.min(r.hi, t0) - 1e3;
        const hi = Number.isFinite(r.hi) ? r.hi : Math.max(r.lo, t0) + 1e3;
        const t = Math.min(hi, Math.max(lo, between(lo, hi, u)));
        for (const g of [gLo, gHi, Math.min(gHi, Math.max(gLo, between(gLo, gHi, v)))]) {
          expect(
            R(s)
              .sub(R(t).sub(R(t0)).mul(R(g)))
              .sign(),
          ).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every t outside a point range is refuted for every r0 ≤ r0Hi and g in [gLo, gHi]', () => {
    fc.assert(
      fc.property(val, val, val, val, fc.double({ min: 1e-9, max: 1e3, noNaN: true }), fc.boolean(), (t0, r0Hi, g1, g2, dist, above) => {
        const [gLo, gHi] = g1 <= g2 ? [g1, g2] : [g2, g1];
        const r = pointRange(t0, r0Hi, gLo, gHi);
        const end = above ? r.hi : r.lo;
        if (!Number.isFinite(end)) return;
        const t = above ? end + dist * (1 + Math.abs(end)) : end - dist * (1 + Math.abs(end));
        if (!Number.isFinite(t) || t === end) return;
        const d = R(t).sub(R(t0));
        // the largest value of r0 − d·g over r0 ≤ r0Hi, g ∈ [gLo, gHi]
        const worst = R(r0Hi).sub(d.mul(R(d.sign() >= 0 ? gLo : gHi)));
        expect(worst.sign()).toBeLessThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('convexityRange: the t of a line family where convex terms prove α-β', () => {
  const small = fc.integer({ min: -12, max: 12 });
  it('every t of the range satisfies α ≥ 1, β ≥ 0, α − β ≤ 1 exactly; an empty range has no such t on a grid', () => {
    fc.assert(
      fc.property(small, small, small, small, fc.integer({ min: 1, max: 7 }), fc.double({ min: 0, max: 1, noNaN: true }), (a0, a1, d0, d1, q, u) => {
        const base = [Rational.of(a0, q), Rational.of(a1, q)] as const;
        const dir = [Rational.of(d0, q), Rational.of(d1, q)] as const;
        const r = convexityRange({ kind: 'line', base, dir });
        const ok = (t: Rational) => {
          const al = base[0].add(t.mul(dir[0]));
          const be = base[1].add(t.mul(dir[1]));
          return al.cmp(Rational.ONE) >= 0 && be.sign() >= 0 && al.sub(be).cmp(Rational.ONE) <= 0;
        };
        if (!r) {
          // Empty: no t on a grid satisfies the constraints either.
          for (let k = -200; k <= 200; k++) expect(ok(Rational.of(k, 8))).toBe(false);
          return;
        }
        const lo = Number.isFinite(r.lo) ? r.lo : Number.isFinite(r.hi) ? r.hi - 100 : -100;
        const hi = Number.isFinite(r.hi) ? r.hi : lo + 100;
        // (clamped: lo + (hi − lo)·u may round past hi)
        for (const t of [lo, hi, Math.min(hi, Math.max(lo, lo + (hi - lo) * u))])
          expect(ok(Rational.fromNumber(t)), `t = ${t} in [${r.lo}, ${r.hi}]`).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
