import { describe, expect, it } from 'vitest';
import { lscert, tempProblem } from '../helpers/cli.js';
import { nearestPoints as nearestOn, residuals as residualsOf } from '../helpers/mf-oracle.js';

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

const nearestPoints = (x: readonly number[]) => nearestOn(X, x);
const residuals = (x: readonly number[], p: readonly number[], alpha: number, beta: number) => residualsOf(X, x, p, alpha, beta);

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
