import { describe, expect, it } from 'vitest';
import { NearestPoints } from '../../src/cert/nearest.js';
import { ImplicitSet } from '../../src/engine/nearest.js';
import { parseExpr } from '../../src/expr/index.js';

/**
 * The checker's own enclosure of nearest points on S = {g = 0} (src/cert/nearest.ts), written
 * apart from the search's (src/engine/nearest.ts): it must hold the true nearest points, and, so
 * that verify-cert re-proves what the search proved, be at least as tight as the search's on the
 * same box (for smooth g it is the same box, bit for bit).
 */
type Box = { readonly lo: readonly number[]; readonly hi: readonly number[] };

function randomBoxes(d: number, n: number, seed: number): Box[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return Array.from({ length: n }, () => {
    const lo = Array.from({ length: d }, () => -2.5 + 5 * rand());
    const w = 10 ** (-4 + 3.5 * rand());
    return { lo, hi: lo.map((l) => l + w) };
  });
}

describe("the checker's nearest-point enclosure", () => {
  it('holds the nearest point of the circle x² + y² = 1 (closed form p = x/|x|) and ties at the centre', () => {
    const N = new NearestPoints([parseExpr('x^2 + y^2 - 1', { variables: ['x', 'y'] })], 2);
    for (const B of randomBoxes(2, 100, 3)) {
      const P = N.enclose(B);
      expect(P).not.toBeNull();
      for (const [u, v] of [
        [0, 0],
        [1, 1],
        [0.3, 0.8],
      ] as const) {
        const x = B.lo[0]! + u * (B.hi[0]! - B.lo[0]!);
        const y = B.lo[1]! + v * (B.hi[1]! - B.lo[1]!);
        const r = Math.hypot(x, y);
        const p = [x / r, y / r];
        expect(
          p.every((c, j) => c >= P!.lo[j]! - 1e-12 && c <= P!.hi[j]! + 1e-12),
          `${x}, ${y}`,
        ).toBe(true);
      }
    }
    // Every point of the circle is nearest to the centre.
    const P = N.enclose({ lo: [-1e-3, -1e-3], hi: [1e-3, 1e-3] })!;
    expect(P.lo.every((l) => l <= -1 + 1e-9) && P.hi.every((h) => h >= 1 - 1e-9)).toBe(true);
  });

  it('is the search enclosure on the same box, bit for bit, for smooth g (hyperbola, sphere, x y z = 1)', () => {
    for (const [eq, vars] of [
      ['x*y - 1', ['x', 'y']],
      ['x^2 + y^2 + z^2 - 4', ['x', 'y', 'z']],
      ['x*y*z - 1', ['x', 'y', 'z']],
    ] as const) {
      const g = [parseExpr(eq, { variables: [...vars] })];
      const engine = new ImplicitSet(g, vars.length);
      const checker = new NearestPoints(g, vars.length);
      for (const B of randomBoxes(vars.length, 60, 17)) expect(checker.enclose(B), `${eq} on ${JSON.stringify(B)}`).toEqual(engine.enclose(B));
    }
  });

  it('is the search enclosure, clusters included, for a curve given by three equations (a scaling orbit w sᵀ = C), boxes and points', () => {
    // S = {(w0, w1, s0, s1) : w0 s0 = 6/5, w0 s1 = -1, w1 s0 = 3/5}: rank 1, a curve in R⁴ (test (c)
    // uses the one 4×4 minor); the origin has two nearest points ±p, far apart (two clusters).
    const vars = ['w0', 'w1', 's0', 's1'];
    const g = ['w0*s0 - 6/5', 'w0*s1 + 1', 'w1*s0 - 3/5'].map((e) => parseExpr(e, { variables: vars }));
    const engine = new ImplicitSet(g, 4);
    const checker = new NearestPoints(g, 4);
    const points = [
      [0, 0, 0, 0],
      [0.3, 0.2, -0.1, 0.5],
      [-2, 2, 2, -2],
    ].map((x) => ({ lo: x, hi: x }));
    for (const B of [...randomBoxes(4, 12, 5), ...points]) {
      const e = engine.encloseClusters(B);
      const c = checker.encloseGroups(B);
      expect(c?.hull, JSON.stringify(B)).toEqual(e?.hull);
      expect(c?.groups, JSON.stringify(B)).toEqual(e?.clusters);
    }
    const origin = engine.encloseClusters(points[0]!)!;
    expect(origin.clusters).toHaveLength(2);
    // ±p with |w| = |s| (the nearest point of 0 on the orbit balances the scale): tight clusters.
    for (const P of origin.clusters) expect(Math.max(...P.lo.map((l, j) => P.hi[j]! - l))).toBeLessThan(1e-6);
  });

  it('with a kink in g the minor test and Krawczyk need g C¹: the checker tests it box by box, the engine encloses nothing (never narrower than the checker)', () => {
    const g = [parseExpr('abs(x) + y - 1', { variables: ['x', 'y'] })];
    const engine = new ImplicitSet(g, 2);
    const checker = new NearestPoints(g, 2);
    let enclosed = 0;
    for (const B of randomBoxes(2, 150, 5)) {
      const c = checker.enclose(B);
      const e = engine.enclose(B);
      expect(e, JSON.stringify(B)).toBeNull();
      if (c) enclosed++;
    }
    expect(enclosed).toBeGreaterThan(0);
  });

  it('no real point of S: null (x² + y² + 1 = 0)', () => {
    expect(new NearestPoints([parseExpr('x^2 + y^2 + 1', { variables: ['x', 'y'] })], 2).enclose({ lo: [0, 0], hi: [1, 1] })).toBeNull();
  });
});
