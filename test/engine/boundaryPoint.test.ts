import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { certificateFor, verifyCertificateAsync } from '../../src/cert/index.js';
import type { Claim } from '../../src/conditions/index.js';
import { bestConstants } from '../../src/constants/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { problemFromText } from '../../src/problem/index.js';

/**
 * A given point of S on the boundary of the domain (found 2026-12-07): x = 1/3 minimizes
 * f = (x − 1/3 + 10⁻⁹)² + y² on [1/3, 2] × [−1, 1], but f′ ≠ 0 there. The local-convexity
 * argument's Aiming/QCvx constant 1 + m/M needs ∇f(p) = 0; lscert used it anyway and certified
 * θ = 3/2, which fails at x = 1/3 + 10⁻⁹ (⟨∇f, x − p⟩ = 4·10⁻¹⁸ < 1.5·(f − f*) = 4.5·10⁻¹⁸): only
 * the sampling before the search had caught the 1-D version of it. Without ∇f(p) = 0 convexity
 * gives θ ≤ 1 only (engine/local.ts aimingConstant), in the engine, `constants` and the checker.
 */
const problem = (name: string, offset: string, S: string) =>
  problemFromText(
    [
      `name: ${name}`,
      'variables: [x, y]',
      `terms: ["(x - 1/3 + ${offset})^2 + y^2"]`,
      'domain: { x: ["1/3", "2"], y: [-1, 1] }',
      `minimizers: { points: [${S}] }`,
    ].join('\n'),
    'yaml',
    `${name}.yaml`,
  );
const onBoundary = problem('tight2', '1/1000000000', '["1/3", 0]');
const theta = (condition: 'aiming' | 'qcvx', t: Rational): Claim => ({ condition, theta: t });

describe('a given point of S on the boundary of the domain', () => {
  for (const condition of ['aiming', 'qcvx'] as const) {
    it(`${condition} θ = 3/2 is refuted (the counterexample lies within 2e-9 of the boundary)`, () => {
      const r = check(onBoundary, theta(condition, Rational.of(3, 2)), { maxBoxes: 50_000 });
      expect(r.verdict).toBe('refuted');
      const x = r.counterexample!.x[0]!;
      expect(x - 1 / 3).toBeLessThan(2e-9);
    });

    it(`${condition} θ = 1 is still certified by convexity (and its certificate verifies)`, async () => {
      const r = check(onBoundary, theta(condition, Rational.ONE));
      expect(r.verdict).toBe('certified');
      const v = await verifyCertificateAsync(JSON.parse(JSON.stringify(certificateFor(onBoundary, r))));
      expect(v.reasons).toEqual([]);
      expect(v.ok).toBe(true);
    });

    it(`the ${condition} certificate lscert wrote for θ = 3/2 before the fix is rejected`, async () => {
      const file = fileURLToPath(new URL(`../cert/data/boundary-${condition}-before-fix.cert.json`, import.meta.url));
      const v = await verifyCertificateAsync(JSON.parse(readFileSync(file, 'utf8')));
      expect(v.ok).toBe(false);
      expect(v.reasons.join('\n')).toMatch(/not inside the interior of the domain, so grad f = 0 there is not established/);
    });
  }

  it('constants: the certified θ is at most 1 (the best constant is 1: the ratio tends to 1 at the boundary)', async () => {
    for (const condition of ['aiming', 'qcvx'] as const) {
      const r = await bestConstants(onBoundary, { condition }, { timeLimitMs: 20_000 });
      expect(r.certified).not.toBeNull();
      expect(r.certified!).toBeLessThanOrEqual(1);
      expect(r.certified!).toBeGreaterThan(0.9);
    }
  });

  it('a point of S inside the domain keeps the constant 1 + m/M (θ = 3/2 certified in one box)', () => {
    const inside = problem('inside', '-1/6', '["1/2", 0]');
    const r = check(inside, theta('aiming', Rational.of(3, 2)));
    expect(r.verdict).toBe('certified');
    expect(r.boxes).toBe(1);
  });
});
