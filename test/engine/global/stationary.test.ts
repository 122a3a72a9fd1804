import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNonGlobalStationaryPoint, type StationaryProof } from '../../../src/engine/global/index.js';
import { Rational } from '../../../src/exact/rational.js';
import { build as b } from '../../../src/expr/index.js';
import { doubleWell, ex2, ex6, ex6Fstar, fAt, kinked, leastSquares, quartic } from './examples.js';

const inside = (p: StationaryProof, lo: number[], hi: number[]) => p.box.lo.every((l, j) => lo[j]! <= l && l <= p.box.hi[j]! && p.box.hi[j]! <= hi[j]!);

describe('findNonGlobalStationaryPoint', () => {
  it('(x²−1)² on [−2, 2]: proves the local max at 0 with f = 1 > f* = 0', () => {
    const p = findNonGlobalStationaryPoint(doubleWell, 1, { lo: [-2], hi: [2] }, { lo: 0, hi: 0 }, { seed: 1 });
    expect(p).not.toBeNull();
    expect(p!.box.lo[0]).toBeLessThanOrEqual(0);
    expect(p!.box.hi[0]).toBeGreaterThanOrEqual(0);
    expect(p!.fEnclosure[0]).toBeGreaterThan(0);
    expect(p!.fEnclosure[0]).toBeLessThanOrEqual(1);
    expect(p!.fEnclosure[1]).toBeGreaterThanOrEqual(1);
    expect(p!.kind).toBe('local-max');
  });

  it('example 6 on [−2, 3]²: proves the saddle at (1/2, 1/2) with f = 1/3 > (3 − √3)/4', () => {
    const t0 = performance.now();
    const p = findNonGlobalStationaryPoint(ex6, 2, { lo: [-2, -2], hi: [3, 3] }, ex6Fstar, { seed: 7 });
    const ms = performance.now() - t0;
    expect(p).not.toBeNull();
    expect(inside(p!, [-2, -2], [3, 3])).toBe(true);
    for (let j = 0; j < 2; j++) {
      expect(p!.box.lo[j]).toBeLessThanOrEqual(0.5);
      expect(p!.box.hi[j]).toBeGreaterThanOrEqual(0.5);
      expect(p!.box.hi[j]! - p!.box.lo[j]!).toBeLessThan(1e-6);
    }
    expect(p!.fEnclosure[0]).toBeGreaterThan(ex6Fstar.hi);
    expect(p!.fEnclosure[0]).toBeLessThanOrEqual(1 / 3);
    expect(p!.fEnclosure[1]).toBeGreaterThanOrEqual(1 / 3);
    expect(p!.kind).toBe('saddle');
    expect(ms).toBeLessThan(5000);
  });

  it('example 2 on [−1, 3]²: proves the saddle at (1, 1) against an upper bound of f* at a float minimizer', () => {
    const fstarHi = fAt(ex2, [0.0006743269848917563, 0.0006743269848917563])[1];
    const p = findNonGlobalStationaryPoint(ex2, 2, { lo: [-1, -1], hi: [3, 3] }, { lo: -Infinity, hi: fstarHi }, { seed: 3, starts: 49 });
    expect(p).not.toBeNull();
    expect(p!.kind).toBe('saddle');
    for (let j = 0; j < 2; j++) expect(p!.box.lo[j]! <= 1 && 1 <= p!.box.hi[j]!).toBe(true);
    expect(p!.fEnclosure[0]).toBeGreaterThan(fstarHi);
  });

  it('returns null when the only stationary point is the global minimizer (x⁴, least squares)', () => {
    expect(findNonGlobalStationaryPoint(quartic, 1, { lo: [-1], hi: [1] }, { lo: 0, hi: 0 }, { seed: 1 })).toBeNull();
    expect(findNonGlobalStationaryPoint(leastSquares, 2, { lo: [-2, -2], hi: [3, 3] }, { lo: 0, hi: 1e-300 }, { seed: 2 })).toBeNull();
  });

  it('never claims a kink as a stationary point: (|x|−1)² has its local max at the kink 0', () => {
    expect(findNonGlobalStationaryPoint(kinked, 1, { lo: [-2], hi: [2] }, { lo: 0, hi: 0 }, { seed: 1 })).toBeNull();
  });

  it('ignores stationary points outside the domain, and needs f > fstar.hi', () => {
    // (x²−1)² on [0.5, 2]: the local max 0 lies outside.
    expect(findNonGlobalStationaryPoint(doubleWell, 1, { lo: [0.5], hi: [2] }, { lo: 0, hi: 0 }, { seed: 1 })).toBeNull();
    // With an (invalid, too large) fstar.hi above f(0) = 1, nothing can be proved.
    expect(findNonGlobalStationaryPoint(doubleWell, 1, { lo: [-2], hi: [2] }, { lo: 0, hi: 1.5 }, { seed: 1 })).toBeNull();
  });

  it('is deterministic for a seed', () => {
    const a = findNonGlobalStationaryPoint(ex6, 2, { lo: [-2, -2], hi: [3, 3] }, ex6Fstar, { seed: 11, starts: 20 });
    const b = findNonGlobalStationaryPoint(ex6, 2, { lo: [-2, -2], hi: [3, 3] }, ex6Fstar, { seed: 11, starts: 20 });
    expect(a).toEqual(b);
  });

  it("random quartics with f' = (x − r1)(x − r2)(x − r3): the proof is one of the r_k, above the lower of f(r1), f(r3)", () => {
    const x = b.variable(0, 'x');
    const term = (c: Rational, k: number) => b.mul(b.num(c), b.pow(x, b.num(k)));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -8, max: 8 }), { minLength: 3, maxLength: 3 }), fc.integer(), (ks, seed) => {
        const [r1, r2, r3] = ks.map((k) => Rational.of(k, 4)).sort((p, q) => p.sub(q).sign());
        const s1 = r1!.add(r2!).add(r3!);
        const s2 = r1!.mul(r2!).add(r1!.mul(r3!)).add(r2!.mul(r3!));
        const s3 = r1!.mul(r2!).mul(r3!);
        const f = b.add(term(Rational.of(1, 4), 4), term(s1.neg().div(Rational.of(3)), 3), term(s2.div(Rational.of(2)), 2), term(s3.neg(), 1));
        const rs = [r1!, r2!, r3!].map((r) => r.toNumber());
        const fstarHi = Math.min(fAt(f, [rs[0]!])[1], fAt(f, [rs[2]!])[1]);
        const p = findNonGlobalStationaryPoint(f, 1, { lo: [-3], hi: [3] }, { lo: -Infinity, hi: fstarHi }, { seed, starts: 24 });
        expect(p).not.toBeNull();
        expect(p!.fEnclosure[0]).toBeGreaterThan(fstarHi);
        const hit = rs.filter((r) => p!.box.lo[0]! <= r && r <= p!.box.hi[0]!);
        expect(hit).toHaveLength(1);
        expect(p!.kind).toBe(hit[0] === rs[1] ? 'local-max' : 'local-min');
      }),
      { numRuns: 40 },
    );
  });

  it('never proves anything for strictly convex quadratics (their one stationary point is the minimum)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 }), fc.integer({ min: 1, max: 8 }), (a, c, k) => {
        const f = b.add(
          b.pow(b.sub(b.variable(0, 'x'), b.num(Rational.of(a, 4))), b.num(2)),
          b.mul(b.num(k), b.pow(b.sub(b.variable(1, 'y'), b.num(Rational.of(c, 4))), b.num(2))),
        );
        expect(findNonGlobalStationaryPoint(f, 2, { lo: [-3, -3], hi: [3, 3] }, { lo: 0, hi: 0 }, { seed: a, starts: 16 })).toBeNull();
      }),
      { numRuns: 30 },
    );
  });
});
