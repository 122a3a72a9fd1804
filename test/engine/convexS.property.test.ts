import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateFor, verifyCertificate } from '../../src/cert/index.js';
import { objective } from '../../src/conditions/index.js';
import { strictlyConvexMinimum } from '../../src/engine/autoS.js';
import { globalMinimize } from '../../src/engine/global/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { domainBoxes, problemFromText } from '../../src/problem/index.js';

/**
 * `minimizers: auto` for a strictly convex f (engine/autoS.ts strictlyConvexMinimum): strict
 * convexity proved on the box plus a Krawczyk-proved stationary point inside it, instead of the
 * interval global minimization, which stays the oracle here.
 */
const problem = (d: number, terms: string[], lo: number, hi: number) =>
  problemFromText(
    [
      'name: convex',
      `variables: [${['x', 'y', 'z'].slice(0, d).join(', ')}]`,
      `terms: [${terms.map((t) => JSON.stringify(t)).join(', ')}]`,
      `domain: { "*": [${lo}, ${hi}] }`,
      'minimizers: { auto: true }',
    ].join('\n'),
    'yaml',
    'convex.yaml',
  );

const vars = ['x', 'y', 'z'];
const affine = (a: readonly number[], b: number) => `${a.map((c, j) => `${c}*${vars[j]}`).join(' + ')} + ${b}`;

describe('S of a strictly convex f without the global search', () => {
  const arb = fc.record({
    d: fc.integer({ min: 1, max: 3 }),
    rows: fc.array(
      fc.record({
        a: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }),
        b: fc.integer({ min: -6, max: 6 }),
        kind: fc.constantFrom('square', 'softplus', 'huber'),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    // λ‖x‖²: 0 makes f only convex in the directions the rows span (then the fast path may decline).
    lambda: fc.constantFrom(0, 1 / 10, 1),
    half: fc.constantFrom(1, 2, 3),
  });

  it('agrees with the interval global minimization on 40 random convex problems', () => {
    let used = 0;
    fc.assert(
      fc.property(arb, ({ d, rows, lambda, half }) => {
        const terms = rows.map((r) => {
          const s = affine(r.a.slice(0, d), r.b);
          return r.kind === 'square' ? `(${s})^2` : r.kind === 'softplus' ? `softplus(${s})` : `sqrt(1 + (${s})^2)`;
        });
        if (lambda > 0)
          terms.push(
            `${lambda} * (${vars
              .slice(0, d)
              .map((v) => `${v}^2`)
              .join(' + ')})`,
          );
        const p = problem(d, terms, -half, half);
        const f = objective(p);
        const boxes = domainBoxes(p);
        const fast = strictlyConvexMinimum(f, d, boxes);
        if (fast === null) return;
        used++;
        const oracle = globalMinimize(f, d, boxes.outer, { maxBoxes: 20_000, tol: 1e-9, inner: boxes.inner });
        expect(fast.isolated).toHaveLength(1);
        const z = fast.isolated[0]!.box;
        // Whatever the oracle settles, the minimizer over the box lies in z: every candidate box of
        // the oracle that holds a minimizer meets z, and the two enclosures of f* overlap.
        expect(oracle.candidates.some((c) => c.lo.every((l, j) => l <= z.hi[j]! && z.lo[j]! <= c.hi[j]!))).toBe(true);
        expect(fast.fstar[0]).toBeLessThanOrEqual(oracle.fstar[1]);
        expect(oracle.fstar[0]).toBeLessThanOrEqual(fast.fstar[1]);
        if (oracle.complete) for (const c of oracle.isolated) expect(c.status).toBe('stationary');
      }),
      { numRuns: 40, seed: 20261207 },
    );
    // Not vacuous: most of these problems take the fast path (λ > 0 makes f strongly convex).
    expect(used).toBeGreaterThanOrEqual(15);
  });

  it('declines a non-convex f, and a convex f whose minimizer over the box is on its boundary', () => {
    const nonConvex = problem(1, ['(x^2 - 1)^2'], -2, 2);
    expect(strictlyConvexMinimum(objective(nonConvex), 1, domainBoxes(nonConvex))).toBeNull();
    const boundary = problem(2, ['(x - 5)^2 + y^2'], -2, 2);
    expect(strictlyConvexMinimum(objective(boundary), 2, domainBoxes(boundary))).toBeNull();
  });

  it('a claim on such an S is certified, says how S was found, and its certificate (with the exclusion tree) verifies', () => {
    const p = problem(2, ['softplus(x - 2*y + 1)', 'softplus(-x + y)', '(1/10)*(x^2 + y^2)'], -3, 3);
    const r = check(p, { condition: 'pl', mu: Rational.of(1, 20) });
    expect(r.verdict).toBe('certified');
    expect(r.computed[0]!.how).toMatch(/strictly convex on the box \+ Krawczyk/);
    expect(r.boxes).toBe(1);
    const cert = JSON.parse(JSON.stringify(certificateFor(p, r)));
    expect(verifyCertificate(cert).reasons).toEqual([]);
  });
});
