import { describe, expect, it } from 'vitest';
import { objective } from '../../src/conditions/index.js';
import { Rational } from '../../src/exact/rational.js';
import { compileFloat, gradient } from '../../src/expr/index.js';
import { DEFAULT_NUMERIC, numericCheck, type NumericOptions } from '../../src/numeric/index.js';
import { problemFromText } from '../../src/problem/index.js';

/**
 * The numeric fallback in process (library level): a ReLU network written as a template
 * problem with `minimizers: auto`, and a finite S with a tie of nearest points.
 */

const OPTS: NumericOptions = {
  ...DEFAULT_NUMERIC,
  samples: 512,
  sgdSteps: 20,
  adversarialSteps: 10,
  seed: 1,
  timeLimitMs: 120_000,
  backend: 'auto',
  threshold: 12,
  forced: false,
};
const R = (v: number) => Rational.fromNumber(v);

/** DOMAIN example 5 with 4 hidden units, 3 inputs and 6 samples: d = 16. */
const NET = `name: relu-net-16
variables: ["W[4][3]", "v[4]"]
template:
  columns: [x1, x2, x3, y]
  rows:
    - [1, 0.5, -0.25, 1]
    - [-0.5, 1, 0.75, -1]
    - [-1, -0.5, 0.5, 1]
    - [0.5, -1, -1, -1]
    - [0.25, 0.75, 1, 1]
    - [-0.75, -0.25, -0.5, -1]
  term: "softplus(-y * sum(k, 0, 3, v[k] * relu(W[k][0]*x1 + W[k][1]*x2 + W[k][2]*x3)))"
domain: { W: [-1, 1], v: [-2, 2] }
minimizers: { auto: true }
termMinima: 0
`;

/** A double well in 13 variables: S = {(±1, 0, …, 0)}, a saddle at 0 equidistant from both. */
const D = 13;
const WELL = `name: well-13
variables: ["x[${D}]"]
terms: ["(x_0^2 - 1)^2 + ${Array.from({ length: D - 1 }, (_, j) => `x_${j + 1}^2`).join(' + ')}"]
domain: { x: [-2, 2] }
minimizers:
  points: [[1${', 0'.repeat(D - 1)}], [-1${', 0'.repeat(D - 1)}]]
termMinima: 0
`;

describe('numeric fallback: networks and finite S', () => {
  const net = problemFromText(NET, 'yaml', 'net.yaml');

  it('a ReLU network with S unknown: alpha-beta is measured against the stand-in x^K, never refuted', async () => {
    expect(net.variables).toHaveLength(16);
    const r = await numericCheck(net, { condition: 'alpha-beta', alpha: R(2), beta: R(1) }, OPTS);
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toMatch(/rigorous S/);
    expect(r.notes.join(' ')).toMatch(/does not scale to d = 16/);
    const e = r.empirical;
    expect(e.projection).toMatch(/stand-in/);
    expect(e.confirmation.attempted).toBe(false);
    expect(e.evaluated.sgd.points).toBe(OPTS.sgdRuns * (OPTS.sgdSteps + 1));
    expect(e.evaluated.adversarial.points).toBeGreaterThan(0);
    expect(e.region).toBeDefined();
    expect(e.region!.constraints).toBe(e.evaluated.points * net.terms.length);
  });

  it('PL on the network is refuted next to the kink at W = 0, v = 0, with f* bounded above by a point', async () => {
    const r = await numericCheck(net, { condition: 'pl', mu: R(0.01) }, OPTS);
    expect(r.verdict).toBe('refuted');
    const w = r.counterexample!;
    expect(w.residual[1]).toBeLessThan(0);
    // Near the centre (where every hidden unit is at relu's kink), but not on it.
    expect(w.x.every((v) => Math.abs(v) < 1e-3)).toBe(true);
    expect(w.x.some((v) => v !== 0)).toBe(true);
    const note = r.notes.find((n) => n.includes('f* <= '))!;
    const bound = Number(/f\* <= ([-\d.e]+)/.exec(note)![1]);
    expect(bound).toBeLessThan(Math.log(2));
    // float64 re-evaluation: ‖∇f‖² − 2μ (f − bound) < 0 at the counterexample.
    const f = objective(net);
    const ev = compileFloat([f, ...gradient(f, 16)]);
    const out = new Float64Array(17);
    ev.eval(w.x, out);
    const g2 = Array.from(out.subarray(1)).reduce((s, v) => s + v * v, 0);
    expect(g2 - 0.02 * (out[0]! - bound)).toBeLessThan(0);
  });

  it('a tie of nearest points: the counterexample fails for every nearest point of S', async () => {
    const p = problemFromText(WELL, 'yaml', 'well.yaml');
    const r = await numericCheck(p, { condition: 'alpha-beta', alpha: R(2), beta: R(1) }, OPTS);
    expect(r.verdict).toBe('refuted');
    const w = r.counterexample!;
    expect(w.residual[1]).toBeLessThan(0);
    const projections = [w.projection!, ...(w.alsoFails ?? []).map((a) => a.projection)];
    // At the saddle both points are nearest and both fail; elsewhere one nearest point fails.
    const d0 = (q: readonly number[]) => q.reduce((s, v, j) => s + (w.x[j]! - v) ** 2, 0);
    const dists = [
      [1, ...new Array(D - 1).fill(0)],
      [-1, ...new Array(D - 1).fill(0)],
    ].map(d0);
    const nearest = dists[0] === dists[1] ? 2 : 1;
    expect(projections).toHaveLength(nearest);
    // QCvx: each x* ∈ S needs its own counterexample; both fail at the saddle.
    const q = await numericCheck(p, { condition: 'qcvx', theta: R(1) }, OPTS);
    expect(q.verdict).toBe('refuted');
    expect(q.empirical.confirmation.why).toMatch(/each of the 2 candidates/);
  });
});
