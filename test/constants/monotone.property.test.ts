import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestConstants } from '../../src/constants/index.js';
import { problemFromCli } from '../../src/problem/index.js';

/**
 * Brackets shrink monotonically as the budget grows: the outer end does not depend on the
 * box budget, and the certified end only moves toward it (the splitting order is fixed, child
 * enclosures are tightened by their parents, and the passes run are a prefix that only
 * grows with the budget). Raw brackets (no confirming check()), on problems whose inner
 * side needs a few dozen boxes.
 */
const PROBLEMS = [
  { term: 'log(1+x^2) + x^2/2', condition: 'aiming' as const },
  { term: 'log(1+x^2) + x^2/2', condition: 'pl' as const },
  { term: 'x^2 + 1/2*sin(x)^2', condition: 'pl' as const },
];

describe('constants: monotone in the budget', () => {
  it('a larger box budget never widens the bracket', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROBLEMS),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        async ({ term, condition }, b1, extra) => {
          const p = problemFromCli({ terms: [term], box: 'x=-2:3', points: '0', fstar: '0', termMinima: '0' });
          const run = (maxBoxes: number) => bestConstants(p, { condition }, { maxBoxes, skipConfirm: true, samples: 64 });
          const [small, large] = [await run(b1), await run(b1 + extra)];
          expect(large.refuted).toBe(small.refuted);
          expect(large.brackets.outer).toEqual(small.brackets.outer);
          const c = (x: number | null) => (x === null ? -Infinity : x);
          expect(c(large.certified)).toBeGreaterThanOrEqual(c(small.certified));
          expect(c(large.brackets.inner?.[1] ?? null)).toBeGreaterThanOrEqual(c(small.brackets.inner?.[1] ?? null));
        },
      ),
      { numRuns: 25 },
    );
  });
});
