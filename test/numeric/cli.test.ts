import { beforeAll, describe, expect, it } from 'vitest';
import { example, lscert, tempProblem, type CliRun } from '../helpers/cli.js';

/**
 * `lscert check` on problems beyond the interval engine: the numeric (TensorFlow.js)
 * fallback. Refuted only with an interval-confirmed counterexample (exit 1), otherwise
 * inconclusive (exit 2) with an `empirical` field; never certified.
 *
 * The main problem is DOMAIN example 1 generalized to d = 20 variables (Remark 1):
 * f_i = (s + a_i)² / ((s + a_i)² + 1) with s = Σ_j x_j and a = (0, 1), S = {s = −1/2}
 * (affine), f_i* = 0. Everything depends on s only, so the truth is known from a 1-D grid.
 */

const D = 20;
const ex1 = (d: number) => `name: ex1-d${d}
variables: ["x[${d}]"]
template:
  data: { A: [0, 1] }
  index: { i: A }
  term: "(sum(j, 0, ${d - 1}, x[j]) + A[i])^2 / ((sum(j, 0, ${d - 1}, x[j]) + A[i])^2 + 1)"
domain: { x: [-1, 1] }
minimizers:
  affine: { A: [[${new Array(d).fill(1).join(', ')}]], b: ["-1/2"] }
termMinima: 0
`;

// Small budgets: the tests check behaviour, not search power (2 shared cores).
// --no-linear-forms: the problem depends on x only through s = x1 + … + x20, so lscert would
// decide it over s with intervals (test/cli/linear-forms.test.ts); these tests are about the
// numeric fallback that a problem without that structure gets.
const FAST = ['--numeric-samples', '512', '--numeric-sgd-steps', '20', '--numeric-adversarial-steps', '10', '--json', '--no-linear-forms'];

/** The 1-D truth: g_i(s) = (s + a_i)²/((s + a_i)² + 1), R_i(s) = g_i'(s)(s + 1/2) − α(g_i(s) − g_i(−1/2)) + β g_i(s). */
function residual1d(i: number, s: number, alpha: number, beta: number): number {
  const a = [0, 1][i]!;
  const g = (t: number) => (t + a) ** 2 / ((t + a) ** 2 + 1);
  const dg = (2 * (s + a)) / ((s + a) ** 2 + 1) ** 2;
  return dg * (s + 0.5) - alpha * (g(s) - g(-0.5)) + beta * g(s);
}
function minResidual1d(alpha: number, beta: number): number {
  let m = Infinity;
  for (let k = 0; k <= 40000; k++) for (const i of [0, 1]) m = Math.min(m, residual1d(i, -D + (2 * D * k) / 40000, alpha, beta));
  return m;
}

/** Point-in-convex-polygon (either orientation), with a small tolerance. */
function inside(poly: readonly [number, number][], p: [number, number]): boolean {
  let sign = 0;
  for (let k = 0; k < poly.length; k++) {
    const a = poly[k]!;
    const b = poly[(k + 1) % poly.length]!;
    const cr = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    if (Math.abs(cr) < 1e-9) continue;
    if (sign === 0) sign = Math.sign(cr);
    else if (Math.sign(cr) !== sign) return false;
  }
  return true;
}

function expectOneLineError(r: CliRun, code: number, re: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(re);
}

describe('check: numeric fallback', () => {
  let ex1File: string;
  beforeAll(() => {
    ex1File = tempProblem(ex1(D));
  });

  it('refutes a false claim in 20 variables with a counterexample confirmed by intervals (exit 1)', () => {
    // α = 1, β = 0 fails far from S: R_1 ≈ −α (1 − 1/5) for large s.
    expect(minResidual1d(1, 0)).toBeLessThan(-0.5);
    const r = lscert(['check', ex1File, '--condition', 'alpha-beta', '--alpha', '1', '--beta', '0', ...FAST]);
    expect(r.code, r.stderr).toBe(1);
    const j = r.json();
    expect(j.verdict).toBe('refuted');
    const w = j.counterexample;
    expect(w.x).toHaveLength(D);
    expect(w.projection).toHaveLength(D);
    expect(w.residual[0]).toBeLessThanOrEqual(w.residual[1]);
    expect(w.residual[1]).toBeLessThan(0);
    expect(w.x.every((v: number) => v >= -1 && v <= 1)).toBe(true);
    // Independent float64 check of the enclosure from the 1-D form of the residual.
    const s = w.x.reduce((a: number, v: number) => a + v, 0);
    const want = residual1d(w.term, s, 1, 0);
    expect(want).toBeGreaterThanOrEqual(w.residual[0] - 1e-9);
    expect(want).toBeLessThanOrEqual(w.residual[1] + 1e-9);
    expect(w.projection.reduce((a: number, v: number) => a + v, 0)).toBeCloseTo(-0.5, 9);
    // The empirical part is there too, and agrees.
    expect(j.empirical.method).toBe('numeric-fallback');
    expect(j.empirical.confirmation.confirmed).toBe(true);
    expect(j.empirical.worst.residual).toBeLessThan(0);
    expect(j.empirical.region.claimSupported).toBe(false);
    expect(j.coverage).toBe(0);
  });

  it('a true claim stays inconclusive (exit 2) with an empirical region that contains the valid pairs', () => {
    // Valid on the whole box (1-D grid) and outside the paper's boundary beta >= 4 alpha / 5.
    expect(minResidual1d(3, 2.5)).toBeGreaterThan(0);
    expect(minResidual1d(6, 5)).toBeGreaterThan(0);
    const r = lscert(['check', ex1File, '--condition', 'alpha-beta', '--alpha', '3', '--beta', '2.5', ...FAST]);
    expect(r.code, r.stderr).toBe(2);
    const j = r.json();
    expect(j.verdict).toBe('inconclusive');
    expect(j.counterexample).toBeNull();
    expect(j.coverage).toBe(0);
    expect(j.reason).toMatch(/never certified/);
    const e = j.empirical;
    expect(e.dim).toBe(D);
    expect(e.threshold).toBe(12);
    expect(e.forced).toBe(false);
    expect(e.precision).toBe('float32');
    expect(e.evaluated.points).toBeGreaterThanOrEqual(512);
    expect(e.evaluated.samples).toBe(512);
    expect(e.worst.residual).toBeGreaterThanOrEqual(0);
    expect(e.negativePoints).toBe(0);
    const reg = e.region;
    expect(reg.claimSupported).toBe(true);
    expect(reg.polygon.length).toBeGreaterThanOrEqual(3);
    for (const [a, b] of reg.polygon) {
      expect(a - b).toBeGreaterThanOrEqual(reg.gap - 1e-9);
      expect(b).toBeGreaterThanOrEqual(-1e-9);
      expect(a).toBeLessThanOrEqual(reg.alphaMax + 1e-9);
    }
    // An outer estimate: pairs valid everywhere are inside; pairs that fail at sampled s are not.
    expect(inside(reg.polygon, [3, 2.5])).toBe(true);
    expect(inside(reg.polygon, [6, 5])).toBe(true);
    expect(minResidual1d(3, 1)).toBeLessThan(-1);
    expect(inside(reg.polygon, [3, 1])).toBe(false);
    expect(inside(reg.polygon, [1, 0])).toBe(false);
    expect(reg.smallestAlpha).toBeGreaterThan(0);
  });

  it('is never certified: a claim the engine certifies (x^4) is inconclusive with --numeric, and a false one is refuted', () => {
    const held = lscert(['check', example('x4.yaml'), '--condition', 'alpha-beta', '--alpha', '3', '--beta', '0.5', '--numeric', ...FAST]);
    expect(held.code, held.stderr).toBe(2);
    expect(held.json().verdict).toBe('inconclusive');
    expect(held.json().empirical.forced).toBe(true);
    // --numeric-threshold 0 sends even d = 1 to the fallback (not "forced": the threshold chose it).
    const pl = lscert(['check', example('x4.yaml'), '--condition', 'pl', '--mu', '0.1', '--numeric-threshold', '0', ...FAST]);
    expect(pl.code, pl.stderr).toBe(1);
    const j = pl.json();
    expect(j.empirical.forced).toBe(false);
    expect(j.empirical.threshold).toBe(0);
    expect(j.counterexample.term).toBeNull();
    // PL for x^4: 16 x^6 - 0.2 x^4 < 0 for 0 < |x| < sqrt(0.2)/4.
    const x = j.counterexample.x[0];
    expect(16 * x ** 6 - 0.2 * x ** 4).toBeLessThan(0);
    expect(j.counterexample.residual[1]).toBeLessThan(0);
    expect(j.empirical.supported.constant).toBe('mu');
    expect(j.empirical.supported.max).toBeLessThan(0.1);
  });

  it('above the threshold the fallback runs, at or below it the interval engine', () => {
    // The refutation above came from the fallback (d = 20 > 12); with the threshold at 20 the engine decides.
    const engine = lscert([
      'check',
      ex1File,
      '--condition',
      'alpha-beta',
      '--alpha',
      '1',
      '--beta',
      '0',
      '--numeric-threshold',
      '20',
      '--no-z3',
      '--max-boxes',
      '2000',
      '--time-limit',
      '30',
      '--json',
    ]);
    expect(engine.code, engine.stderr).toBe(1);
    expect(engine.json().empirical).toBeUndefined();
    expect(engine.json().notes.join(' ')).not.toMatch(/numeric fallback/);
  });

  it('S affine with terms that read few variables: the map reads its own columns (it crashed, exit 70, review finding)', () => {
    // d = 20, the terms read x0 and x1 only (fewer than a quarter of the columns are sliced out),
    // S = {x0 = 1}: the projection map reads every x_j. The kinks keep the linear-forms reduction off.
    const vars = Array.from({ length: 20 }, (_, j) => `x${j}`);
    const file = tempProblem(
      JSON.stringify({
        name: 'sparse-affine',
        variables: vars,
        terms: ['abs(x0-1) + (x0-1)^2', 'x1^2*(x0-1)^2 + abs(x0 - 1)'],
        domain: { '*': [-1, 2] },
        minimizers: { affine: { A: [vars.map((_, j) => (j === 0 ? 1 : 0))], b: [1] } },
        fstar: 0,
        termMinima: [0, 0],
      }),
      'sparse.json',
    );
    for (const extra of [[], ['--numeric']]) {
      const r = lscert(['check', file, '--condition', 'aiming', '--theta', '1', '--time-limit', '20', ...extra]);
      expect(r.code, r.stderr).not.toBe(70);
      expect([0, 2]).toContain(r.code);
    }
  });

  it('bad flag values exit 64 with one line', () => {
    const base = ['check', example('x4.yaml'), '--condition', 'pl', '--mu', '0.1'];
    expectOneLineError(lscert([...base, '--numeric-threshold', '-1']), 64, /--numeric-threshold must be an integer >= 0/);
    expectOneLineError(lscert([...base, '--numeric-samples', '0']), 64, /--numeric-samples must be an integer >= 1/);
    expectOneLineError(lscert([...base, '--backend', 'tpu', '--numeric']), 64, /--backend must be one of auto, tensorflow, webgpu, wasm, cpu, got 'tpu'/);
  });
});
