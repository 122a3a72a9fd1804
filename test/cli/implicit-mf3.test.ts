import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { example, lscert, tempProblem } from '../helpers/cli.js';
import { nearestPoints as nearestOn, residuals as residualsOf } from '../helpers/mf-oracle.js';

/**
 * The paper's Example 4b (matrix factorization 3×3, rank 1), examples/paper/mf-3x3.yaml: S is the
 * scaling orbit {(w, s) : w sᵀ = X₁}, whose constants need σ₁², a root of a cubic, written as the
 * algebraic constant root(p, t, 5, 6). The oracle is independent of lscert: X₁ from power
 * iteration on X Xᵀ, nearest points on the orbit by minimising |w − t u|² + |s − σ v/t|² over t on
 * both branches, the residuals in floats.
 */
const X = [
  [1.1, -1, 0.5],
  [0.5, -0.6, 0.25],
  [-1, 1, -0.45],
];
const n = 3;
const nearestPoints = (x: readonly number[]) => nearestOn(X, x);
const residuals = (x: readonly number[], p: readonly number[], alpha: number, beta: number) => residualsOf(X, x, p, alpha, beta);

describe('Example 4b (matrix factorization 3×3) with S given by equations over Q(σ₁²)', () => {
  const file = example('paper/mf-3x3.yaml');

  it('the oracle: at the origin α = β + 1 needs β ≥ max f_ij(0)/f_ij(p) − 1 ≈ 16 729', () => {
    const [p] = nearestPoints([0, 0, 0, 0, 0, 0]);
    let worst = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, X[i]![j]! ** 2 / (X[i]![j]! - p![i]! * p![n + j]!) ** 2);
    expect(worst - 1).toBeGreaterThan(16_700);
    expect(worst - 1).toBeLessThan(16_760);
  });

  for (const [alpha, beta] of [
    [3, 2],
    [20001, 20000],
  ] as const) {
    it(`α-β (${alpha}, ${beta}) is refuted; the witness fails for every nearest point by the closed form`, () => {
      const run = lscert(['check', file, '--condition', 'alpha-beta', '--alpha', String(alpha), '--beta', String(beta), '--json', '--time-limit', '90']);
      const out = JSON.parse(run.stdout);
      expect(out.verdict).toBe('refuted');
      expect(run.code).toBe(1);
      // σ₁² = root(p, t, 5, 6) is a variable t with p(t) in the ideal (and 1/p'(t) a polynomial in t
      // modulo p): f = f* and ∇f = 0 on S are proved, not trusted
      expect(out.notes.join(' ')).toMatch(/f = f\* and ∇f = 0 on S are proved symbolically/);
      const x = out.counterexample.x as number[];
      const ps = nearestPoints(x);
      expect(ps.length).toBeGreaterThan(0);
      for (const p of ps) expect(Math.min(...residuals(x, p, alpha, beta))).toBeLessThan(0);
    });
  }
});

describe('algebraic constants in certificates', () => {
  const problem = `name: algebraic-point
variables: [x, y]
parameters:
  r: "root(t^3 - 3*t - 1, t, 1, 2)"
terms: ["(x - r)^2 + (y - r^2)^2", "(x - r)^2 + 2*(y - r^2)^2"]
domain: { x: [-2, 3], y: [-1, 5] }
minimizers: { points: [["r", "r^2"]] }
fstar: 0
termMinima: [0, 0]
`;

  it('a certificate with root() is re-checked (the isolation proved again); a tampered interval fails', () => {
    const file = tempProblem(problem, 'algebraic-point.yaml');
    const cert = file.replace(/\.yaml$/, '.cert.json');
    const run = lscert(['check', file, '--condition', 'pl', '--mu', '1', '--cert', cert]);
    expect(run.code).toBe(0);
    expect(lscert(['verify-cert', cert]).code).toBe(0);
    const text = readFileSync(cert, 'utf8');
    expect(text).toMatch(/"root"/);
    // [1, 2] → [-2, 2]: the cubic has three roots there
    const bad = cert.replace(/\.json$/, '.bad.json');
    writeFileSync(bad, text.replace(/\["-1","-3","0","1"\],"1","2"/g, '["-1","-3","0","1"],"-2","2"'));
    expect(readFileSync(bad, 'utf8')).not.toBe(text);
    const v = lscert(['verify-cert', bad]);
    expect(v.code).not.toBe(0);
    expect(v.stdout + v.stderr).toMatch(/3 real roots in \[-2, 2\]/);
    // [1, 2] → [1, 3]: the same root, another constant: the problem's hash no longer matches
    const moved = cert.replace(/\.json$/, '.moved.json');
    writeFileSync(moved, text.replace(/\["-1","-3","0","1"\],"1","2"/g, '["-1","-3","0","1"],"1","3"'));
    expect(lscert(['verify-cert', moved]).code).not.toBe(0);
  });
});
