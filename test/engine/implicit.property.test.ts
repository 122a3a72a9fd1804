import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimFromFlags } from '../../src/cli/claimArgs.js';
import { check } from '../../src/engine/index.js';
import { problemFromText } from '../../src/problem/index.js';

/**
 * Soundness of the engine with S given by equations (issue [9] §2, the new leaf kinds): random
 * circles S = {x² + y² = r²} with f = (x² + y² − r²)², on random boxes (the centre, where every
 * point of S is nearest, included), with the closed-form nearest point p = r x/|x| as the oracle:
 * - PL holds at x iff 8|x|² ≥ μ (or x ∈ S);
 * - Aiming (and α-β with one term, θ = α − β) holds at x iff θ ≤ 4|x| / (|x| + r) (or x ∈ S).
 * A certified verdict is never contradicted by a dense sample; every refutation's witness fails
 * by the closed form.
 */
const holds = (condition: string, c: number, r: number, x: number, y: number): boolean => {
  const n = Math.hypot(x, y);
  if (Math.abs(n - r) < 1e-12) return true;
  return condition === 'pl' ? 8 * n * n >= c : c <= (4 * n) / (n + r);
};

describe('random circles of minimizers, implicit S', () => {
  it('certified claims hold at every sampled point; refutations fail by the closed form', () => {
    const tally = { certified: 0, refuted: 0, inconclusive: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).map((k) => k / 4), // r
        fc.integer({ min: -12, max: 8 }).map((k) => k / 4), // box corner
        fc.integer({ min: -12, max: 8 }).map((k) => k / 4),
        fc.integer({ min: 1, max: 6 }).map((k) => k / 4), // width
        fc.constantFrom('pl', 'aiming', 'alpha-beta'),
        fc.constantFrom(0.8, 0.95, 1.05, 1.25),
        (r, a, c, w, condition, factor) => {
          // The best constant over the box, sampled densely (corners included).
          const N = 48;
          let best = Infinity;
          for (let i = 0; i <= N; i++)
            for (let j = 0; j <= N; j++) {
              const [x, y] = [a + (w * i) / N, c + (w * j) / N];
              const n = Math.hypot(x, y);
              if (Math.abs(n - r) < 1e-9) continue;
              best = Math.min(best, condition === 'pl' ? 8 * n * n : (4 * n) / (n + r));
            }
          const value = Math.max(best * factor, 1e-3);
          const flags: Record<string, string> =
            condition === 'pl'
              ? { condition, mu: String(value) }
              : condition === 'aiming'
                ? { condition, theta: String(value) }
                : { condition, alpha: String(1 + value), beta: '1' };
          const p = problemFromText(
            `name: circle\nvariables: [x, y]\nterms: ["(x^2 + y^2 - ${r}^2)^2"]\ndomain: { x: [${a}, ${a + w}], y: [${c}, ${c + w}] }\nminimizers: { implicit: ["x^2 + y^2 - ${r}^2"] }\nfstar: 0\ntermMinima: [0]\n`,
            'yaml',
            'circle.yaml',
          );
          const res = check(p, claimFromFlags(flags), { maxBoxes: 6000, timeLimitMs: 20_000 });
          tally[res.verdict]++;
          if (res.verdict === 'certified') {
            for (let i = 0; i <= N; i++)
              for (let j = 0; j <= N; j++) {
                const [x, y] = [a + (w * i) / N, c + (w * j) / N];
                expect(holds(condition, value, r, x, y), `certified but fails at (${x}, ${y})`).toBe(true);
              }
          }
          if (res.verdict === 'refuted') {
            const [x, y] = res.counterexample.x as [number, number];
            expect(holds(condition, value, r, x, y), `witness (${x}, ${y}) does not fail`).toBe(false);
          }
        },
      ),
      { numRuns: 40, seed: 4 },
    );
    // Both verdicts occur (not a vacuous property).
    expect(tally.certified).toBeGreaterThan(5);
    expect(tally.refuted).toBeGreaterThan(5);
  }, 300_000);
});
