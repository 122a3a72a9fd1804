import { describe, expect, it } from 'vitest';
import { lscert, tempProblem } from '../helpers/cli.js';

/**
 * The paper's Example 4 (matrix factorization 2×2, rank 1) with S given by equations: S is the
 * scaling orbit {(w, s) : w sᵀ = X₁}, X₁ the best rank-1 approximation of X, whose entries lie in
 * Q(√(157/20)); three of the four equations w_i s_j = (X₁)_ij cut out S (the fourth follows).
 * At the origin the two nearest points ±p are far apart: the enclosure must keep them apart
 * (clusters) to refute α-β there. The oracle is independent of lscert: X₁ from the SVD (power
 * iteration), nearest points on the orbit by minimising |w − t u|² + |s − σ v/t|² over t.
 */
const X = [
  [1.1, -1],
  [0.5, -0.6],
];
const problem = `name: mf-2x2-implicit
variables: ["W[2][1]", "S[2][1]"]
parameters:
  sd: "sqrt(157/20)"
  l2: "(141/50 - sd)/2"
  c00: "((221/100 - l2)*(11/10) + (115/100)*(1/2))/sd"
  c01: "((221/100 - l2)*(-1) + (115/100)*(-6/10))/sd"
  c10: "((115/100)*(11/10) + (61/100 - l2)*(1/2))/sd"
template:
  data:
    X: [[1.1, -1], [0.5, -0.6]]
  index: { i: 2, j: 2 }
  term: "1/2 * (X[i][j] - dot(W[i], S[j]))^2"
domain: { "*": [-2, 2] }
minimizers: { implicit: ["W_0_0*S_0_0 - c00", "W_0_0*S_1_0 - c01", "W_1_0*S_0_0 - c10"] }
fstar: "l2/8"
termMinima: 0
`;

/** σ₁, u, v of X (2×2) by power iteration on XᵀX. */
function topSingular(): { sigma: number; u: number[]; v: number[] } {
  let v = [1, 0];
  for (let k = 0; k < 500; k++) {
    const xv = [X[0]![0]! * v[0]! + X[0]![1]! * v[1]!, X[1]![0]! * v[0]! + X[1]![1]! * v[1]!];
    const w = [X[0]![0]! * xv[0]! + X[1]![0]! * xv[1]!, X[0]![1]! * xv[0]! + X[1]![1]! * xv[1]!];
    const n = Math.hypot(w[0]!, w[1]!);
    v = [w[0]! / n, w[1]! / n];
  }
  const xv = [X[0]![0]! * v[0]! + X[0]![1]! * v[1]!, X[1]![0]! * v[0]! + X[1]![1]! * v[1]!];
  const sigma = Math.hypot(xv[0]!, xv[1]!);
  return { sigma, u: [xv[0]! / sigma, xv[1]! / sigma], v };
}

/** Every nearest point of x = (w0, w1, s0, s1) on the orbit (t u, σ v / t), t ≠ 0, to within 1e-9 (ties kept). */
function nearestPoints(x: readonly number[]): number[][] {
  const { sigma, u, v } = topSingular();
  const at = (t: number) => [t * u[0]!, t * u[1]!, (sigma * v[0]!) / t, (sigma * v[1]!) / t];
  const dist = (t: number) => at(t).reduce((s, p, j) => s + (p - x[j]!) ** 2, 0);
  const found: { t: number; d: number }[] = [];
  for (const sign of [1, -1]) {
    // Dense log grid then golden-section refinement around the best grid point, on each branch.
    let best = 0;
    let bestD = Infinity;
    for (let k = 0; k <= 4000; k++) {
      const t = sign * 10 ** (-3 + (6 * k) / 4000);
      const d = dist(t);
      if (d < bestD) [best, bestD] = [t, d];
    }
    let [a, b] = [best / 1.01, best * 1.01];
    for (let k = 0; k < 200; k++) {
      const m1 = a + (b - a) * 0.382;
      const m2 = a + (b - a) * 0.618;
      if (dist(m1) < dist(m2)) b = m2;
      else a = m1;
    }
    found.push({ t: (a + b) / 2, d: dist((a + b) / 2) });
  }
  const dmin = Math.min(...found.map((f) => f.d));
  return found.filter((f) => f.d <= dmin + 1e-9).map((f) => at(f.t));
}

/** The α-β residuals R_ij at x with nearest point p (f_ij* = 0). */
function residuals(x: readonly number[], p: readonly number[], alpha: number, beta: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 2; j++) {
      const e = (y: readonly number[]) => X[i]![j]! - y[i]! * y[2 + j]!;
      const f = (y: readonly number[]) => 0.5 * e(y) ** 2;
      // ∇f_ij = −e · ∂(w_i s_j): ∂/∂w_i = s_j, ∂/∂s_j = w_i.
      const g = [0, 0, 0, 0];
      g[i] = -e(x) * x[2 + j]!;
      g[2 + j] = -e(x) * x[i]!;
      const inner = g.reduce((s, gk, k) => s + gk * (x[k]! - p[k]!), 0);
      out.push(inner - alpha * (f(x) - f(p)) + beta * f(x));
    }
  return out;
}

describe('Example 4 (matrix factorization 2×2) with S given by equations', () => {
  const file = tempProblem(problem, 'mf-2x2-implicit.yaml');

  it('the oracle: at the origin α = β + 1 needs β ≥ f_00(0)/f_00(p) − 1 ≈ 1283.8, and the tie ±p is real', () => {
    const ps = nearestPoints([0, 0, 0, 0]);
    expect(ps).toHaveLength(2);
    const r = residuals([0, 0, 0, 0], ps[0]!, 3, 2);
    expect(Math.min(...r)).toBeLessThan(-0.5);
  });

  for (const [alpha, beta] of [
    [3, 2],
    [1284, 1283],
  ] as const) {
    it(`α-β (${alpha}, ${beta}) is refuted, and the witness fails for every nearest point by the closed form`, () => {
      const run = lscert(['check', file, '--condition', 'alpha-beta', '--alpha', String(alpha), '--beta', String(beta), '--json', '--time-limit', '60']);
      const out = JSON.parse(run.stdout);
      expect(out.verdict).toBe('refuted');
      expect(run.code).toBe(1);
      // the equations' constants lie in Q(√(157/20)): √(157/20) is a variable t with t² − 157/20 in
      // the ideal, so f = f* (f* = l2/8) and ∇f = 0 on S are proved, not trusted
      expect(out.notes.join(' ')).toMatch(/f = f\* and ∇f = 0 on S are proved symbolically/);
      const x = out.counterexample.x as number[];
      for (const p of nearestPoints(x)) expect(Math.min(...residuals(x, p, alpha, beta))).toBeLessThan(0);
    });
  }
});
