import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type TF } from '../../src/networks/backend.js';
import { gaussianClasses } from '../../src/networks/data.js';
import { analyse } from '../../src/networks/empirical.js';
import { boundaryDistance, GAP, halfPlanes, heatMap, insidePolygon, minT, regionLp, supportedPolygon, type HalfPlane } from '../../src/networks/region.js';
import { makeRng } from '../../src/networks/rng.js';
import { measureSeed, type SeedLog } from '../../src/networks/train.js';

let tf: TF;
let logs: SeedLog[];
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
  const data = gaussianClasses(128, 8, 3, makeRng(11));
  const o = {
    model: 'mlp',
    modelOptions: { depth: 2, width: 16, lambda: 0 },
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0, schedule: 'constant', decay: 0.1 },
    batch: 16,
    epochs: 4,
    perSample: false,
    diagEvery: 4,
    diagSamples: 128,
  } as const;
  logs = [await measureSeed(tf, data, o, 1), await measureSeed(tf, data, o, 2)];
});

/**
 * The polygon (half-plane clipping) and the grid must tell the same story: a grid point with
 * α ≥ β + 0.1 has min T ≥ 0 exactly when it lies in the polygon. Points within float error
 * of the boundary (|min T| ≤ tol·scale, or closer to an edge than 1e-9 of the box) are not judged.
 */
function agree(hs: HalfPlane[], alphaMax: number, betaMax: number, n: number) {
  const poly = supportedPolygon(hs, alphaMax, betaMax);
  const h = heatMap(hs, alphaMax, betaMax, n);
  const scale = Math.max(...hs.map((p) => Math.abs(p.c) + alphaMax * Math.abs(p.a) + betaMax * Math.abs(p.b)));
  const tolT = 1e-9 * scale;
  const tolD = 1e-9 * Math.max(alphaMax, betaMax);
  let judged = 0;
  let inside = 0;
  const bad: string[] = [];
  h.minT.forEach((row, j) =>
    row.forEach((t, i) => {
      const p: [number, number] = [h.alpha[i]!, h.beta[j]!];
      if (t === null) {
        expect(p[0] < p[1] + GAP).toBe(true);
        return;
      }
      if (Math.abs(t) <= tolT || (poly.length && boundaryDistance(poly, p) <= tolD)) return;
      judged++;
      const inPoly = insidePolygon(poly, p);
      if (inPoly) inside++;
      if (inPoly !== t >= 0) bad.push(`(${p}) minT=${t} inPolygon=${inPoly}`);
    }),
  );
  return { poly, judged, inside, bad };
}

describe('supported region: polygon (half-planes), LP (HiGHS) and grid agree', () => {
  it('on the logged constraints of two real training runs', async () => {
    const hs = logs.flatMap((l) => halfPlanes(l.c, l.fk, l.fK));
    const lp = await regionLp(hs);
    expect(lp.status).toBe('optimal');
    const A = Math.max(1, 3 * lp.minAlpha!.alpha);
    const r = agree(hs, A, A, 61);
    expect(r.bad).toEqual([]);
    expect(r.judged).toBeGreaterThan(1000);
    expect(r.inside).toBeGreaterThan(10);
    expect(r.inside).toBeLessThan(r.judged); // both verdicts occur: the test can tell them apart
    // the LP's smallest α is the polygon's leftmost point
    const leftmost = Math.min(...r.poly.map((p) => p[0]));
    expect(Math.abs(leftmost - lp.minAlpha!.alpha)).toBeLessThan(1e-6 * A);
    expect(minT(hs, lp.minAlpha!.alpha, lp.minAlpha!.beta)).toBeGreaterThan(-1e-7 * A);
    // every vertex satisfies every constraint (up to rounding)
    for (const v of r.poly) expect(minT(hs, v[0], v[1])).toBeGreaterThan(-1e-9 * A * 10);
  });

  it('on random constraint sets, including empty and box-filling regions', async () => {
    const rng = makeRng(2024);
    for (let trial = 0; trial < 12; trial++) {
      const m = 1 + rng.int(40);
      const fk = Array.from({ length: m }, () => rng.next() * 3);
      const fK = fk.map((f) => f * rng.next());
      const c = fk.map(() => (rng.next() - 0.3) * 4);
      const hs = halfPlanes(c, fk, fK);
      const r = agree(hs, 6, 5, 41);
      expect(r.bad, `trial ${trial}`).toEqual([]);
      const lp = await regionLp(hs);
      if (r.poly.length) {
        expect(lp.status).toBe('optimal');
        const leftmost = Math.min(...r.poly.map((p) => p[0]));
        // the box may cut the region, never below the LP optimum
        expect(leftmost).toBeGreaterThanOrEqual(lp.minAlpha!.alpha - 1e-6);
        if (lp.minAlpha!.alpha <= 6 && lp.minAlpha!.beta <= 5) expect(Math.abs(leftmost - lp.minAlpha!.alpha)).toBeLessThan(1e-6);
      }
    }
  });

  it('a hand-made case: T = 1 − α·1 + β·2 with α ≥ β + 0.1, β ≥ 0 in [0,4]²', () => {
    const hs: HalfPlane[] = [{ a: 1, b: 2, c: 1 }];
    const poly = supportedPolygon(hs, 4, 4);
    // vertices: (0.1, 0), (1, 0), (4, 1.5), (4, 3.9)
    const want = [
      [0.1, 0],
      [1, 0],
      [4, 1.5],
      [4, 3.9],
    ];
    for (const w of want) expect(poly.some((p) => Math.hypot(p[0] - w[0]!, p[1] - w[1]!) < 1e-12)).toBe(true);
    expect(poly.length).toBe(4);
    expect(insidePolygon(poly, [2, 1])).toBe(true); // T = 1 - 2 + 2 = 1
    expect(insidePolygon(poly, [3, 0.5])).toBe(false); // T = 1 - 3 + 1 = -1
  });

  it('analyse() reports a polygon, a heat map and the diagnostics for the logs', async () => {
    const a = await analyse(logs, { grid: 21 });
    expect(a.region.empty).toBe(false);
    expect(a.region.polygon.length).toBeGreaterThanOrEqual(3);
    expect(a.heatmap.minT.length).toBe(21);
    expect(a.diagnostics.series.length).toBeGreaterThan(4);
    expect(Object.keys(a.diagnostics.pl)).toEqual(['1.00', '1.25', '1.50', '1.75', '2.00']);
    expect(a.sigma2int.estimate).toBeGreaterThan(0);
    expect(a.sigma2int.estimate).toBe(Math.min(...logs.map((l) => l.fFinal)));
  });
});
