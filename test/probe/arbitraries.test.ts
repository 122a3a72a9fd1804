import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { loadProblemFile } from '../../src/problem/index.js';
import { pointArbitrary, setupProbe, type PointSource } from '../../src/probe/index.js';
import { example } from '../helpers/cli.js';

describe('pointArbitrary', () => {
  const p = loadProblemFile(example('ex6-saddle.yaml'));
  const setup = setupProbe(p, { condition: 'aiming', theta: Rational.of(1, 10) }, 0);
  const t = setup.targets[0]!;
  const box = setup.domain;
  const arb = pointArbitrary({ box, geometry: t.geometry, stationary: [[0.5, 0.5]] });

  it('every point lies in the box', () => {
    fc.assert(fc.property(arb, (pt) => pt.x.every((v, j) => box.lo[j]! <= v && v <= box.hi[j]!)));
  });

  it('draws from every source: uniform, corners, faces, near S, bisectors, stationary points', () => {
    const seen = new Map<PointSource, number>();
    for (const pt of fc.sample(arb, { numRuns: 2000, seed: 1 })) seen.set(pt.source, (seen.get(pt.source) ?? 0) + 1);
    for (const s of ['uniform', 'corner', 'face', 'near-S', 'bisector', 'stationary'] as const) expect(seen.get(s) ?? 0, s).toBeGreaterThan(50);
  });

  it('favours the structure: exact corners, points on faces, points close to S and to the bisector', () => {
    const pts = fc.sample(arb, { numRuns: 3000, seed: 2 });
    const onCorner = pts.filter((pt) => pt.source === 'corner' && pt.x.every((v, j) => v === box.lo[j] || v === box.hi[j]));
    const onFace = pts.filter((pt) => pt.source === 'face' && pt.x.some((v, j) => v === box.lo[j] || v === box.hi[j]));
    const S = t.geometry.points!;
    const nearS = pts.filter((pt) => pt.source === 'near-S' && Math.min(...S.map((s) => Math.hypot(pt.x[0]! - s[0]!, pt.x[1]! - s[1]!))) < 1e-4);
    // The bisector of example 6's two minimizers is x + y = 1.
    const nearBisector = pts.filter((pt) => pt.source === 'bisector' && Math.abs(pt.x[0]! + pt.x[1]! - 1) < 1e-4);
    for (const [what, xs] of [
      ['corner', onCorner],
      ['face', onFace],
      ['near S', nearS],
      ['bisector', nearBisector],
    ] as const)
      expect(xs.length, what).toBeGreaterThan(30);
  });

  it('is deterministic for a seed', () => {
    expect(fc.sample(arb, { numRuns: 50, seed: 9 })).toEqual(fc.sample(arb, { numRuns: 50, seed: 9 }));
  });
});
