import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConstantAccumulator, GAP, RegionAccumulator } from '../../src/numeric/region.js';

/** Point-in-convex-polygon (either orientation) with tolerance `eps` (positive: lenient). */
function inside(poly: readonly (readonly [number, number])[], p: readonly [number, number], eps: number): boolean {
  let pos = false;
  let neg = false;
  for (let k = 0; k < poly.length; k++) {
    const a = poly[k]!;
    const b = poly[(k + 1) % poly.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const cr = ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / len;
    if (cr > eps) pos = true;
    if (cr < -eps) neg = true;
  }
  return !(pos && neg);
}

/** A uniform-ish double in [lo, hi] (fc.double concentrates on tiny magnitudes). */
const num = (lo: number, hi: number) => fc.integer({ min: 0, max: 1 << 20 }).map((k) => lo + ((hi - lo) * k) / (1 << 20));

/** Half-planes that all keep an anchor pair (α0, β0) inside, so that the region is rarely empty. */
const halfPlanes = fc.tuple(num(1, 8), num(0, 1)).chain(([a0, t]) => {
  const b0 = t * (a0 - 0.5);
  const h = fc.record({ a: num(-3, 3), b: num(-3, 3), s: num(0, 2) }).map(({ a, b, s }) => ({ a, b, c: a0 * a - b0 * b + s }));
  return fc.array(h, { minLength: 1, maxLength: 12 });
});

describe('empirical region: exact half-plane clipping', () => {
  it('a pair is in the polygon iff it satisfies every half-plane and the window (random half-planes)', () => {
    const seen = { in: 0, out: 0 };
    fc.assert(
      fc.property(halfPlanes, fc.array(fc.tuple(num(0, 12), num(0, 12)), { minLength: 20, maxLength: 20 }), (hs, pts) => {
        const acc = new RegionAccumulator();
        for (const h of hs) acc.add(h.a, h.b, h.c);
        const r = acc.result(3);
        expect(r.constraints).toBe(hs.length);
        for (const [al, be] of pts) {
          if (al > r.alphaMax) continue;
          const slack = Math.min(al - be - GAP, be, ...hs.map((h) => h.c - (al * h.a - be * h.b)));
          if (Math.abs(slack) < 1e-6) continue; // on a boundary: either answer is right
          const want = slack > 0;
          const got = r.polygon.length >= 3 && inside(r.polygon, [al, be], want ? 1e-7 : -1e-7);
          expect(got, `(${al}, ${be}) slack ${slack}`).toBe(want);
          seen[want ? 'in' : 'out']++;
        }
      }),
      { numRuns: 200, seed: 3 },
    );
    expect(seen.in).toBeGreaterThan(100);
    expect(seen.out).toBeGreaterThan(100);
  });

  it('reports the smallest alpha, skips non-finite coefficients, and is empty when nothing fits', () => {
    const acc = new RegionAccumulator();
    acc.add(1, 1, -0.05); // α − β ≤ −0.05: impossible with α ≥ β + 0.1
    expect(acc.result(1).polygon).toEqual([]);
    expect(acc.result(1).smallestAlpha).toBeNull();
    const ok = new RegionAccumulator();
    ok.add(1, 0, 2); // α ≤ 2
    ok.add(-1, -1, -1.5); // −α + β ≤ −1.5, i.e. α − β ≥ 1.5
    ok.add(NaN, 1, 1);
    ok.add(1, Infinity, 1);
    const r = ok.result(1);
    expect(r.skipped).toBe(2);
    expect(r.smallestAlpha).toBeCloseTo(1.5, 12);
    expect(Math.max(...r.polygon.map((p) => p[0]))).toBeCloseTo(2, 12);
    const c = new ConstantAccumulator();
    c.add(2, 1);
    c.add(3, 2);
    c.add(5, 0); // no constraint (f = f*, residual ≥ 0)
    expect(c.result().max).toBeCloseTo(1.5, 12);
    c.add(-1, 0); // negative at f = f*: no positive constant
    expect(c.result().max).toBe(0);
    expect(new ConstantAccumulator().result().max).toBeNull();
  });
});
