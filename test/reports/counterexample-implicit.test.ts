import { describe, expect, it } from 'vitest';
import { solutionModel } from '../../src/engine/constantsKit.js';
import { Rational } from '../../src/exact/rational.js';
import { loadProblemFile } from '../../src/problem/load.js';
import { describeCounterexample } from '../../src/reports/counterexample.js';
import { example } from '../helpers/cli.js';

/**
 * A QCvx counterexample with S given by equations (Example 4a, the saddle W = S = 0): the
 * report's table must read the condition at the x* that check() and constants use (one point of
 * S proved near the domain's centre), not at the hull of the nearest points of x, which at the
 * origin straddles the tie ±p (its midpoint was the origin itself, f(x*) ∈ [0.0006, 1.41], and
 * the residual's enclosure contained positive values although the verdict's residual is < 0).
 */
describe('report: QCvx counterexample with S given by equations', () => {
  it('encloses f(x*) = f* and a negative residual at the fixed x*', () => {
    const p = loadProblemFile(example('paper/mf-2x2.yaml'));
    const m = solutionModel(p, 1);
    if (!m.ok) throw new Error(m.reason);
    const theta = Rational.of(1, 10 ** 9);
    const d = describeCounterexample(
      p,
      m.model,
      { condition: 'qcvx', theta },
      { x: [0, 0, 0, 0], term: null, projection: null, residual: [-1, -1] },
      { id: 'cx', from: 'test', universal: true },
    );
    expect(d.cases).toHaveLength(1);
    const c = d.cases[0]!;
    // x* is a point of S near the centre, far from the origin
    expect(Math.hypot(...c.projection!)).toBeGreaterThan(1);
    const q = Object.fromEntries(c.quantities.map((x) => [x.name, x.enclosure]));
    const fstar = (141 / 50 - Math.sqrt(157 / 20)) / 2 / 8;
    const fx = q['f(x*)'] as [number, number];
    expect(fx[0]).toBeLessThanOrEqual(fstar);
    expect(fx[1]).toBeGreaterThanOrEqual(fstar);
    expect(fx[1] - fx[0]).toBeLessThan(1e-8);
    const r = q.residual as [number, number];
    expect(r[1]).toBeLessThan(0);
  });
});
