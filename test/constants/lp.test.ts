import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveLp, toCplexLp, type LinearProgram } from '../../src/constants/index.js';

/** HiGHS (primary) against glpk.js (an independent implementation) on random bounded LPs. */
const coef = fc.integer({ min: -9, max: 9 });
const lpArb = fc.record({
  rows: fc.array(fc.record({ a: coef, b: coef, c: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 8 }),
  obj: fc.tuple(coef, coef),
  sense: fc.constantFrom('min' as const, 'max' as const),
});

describe('LP solvers agree', () => {
  it('HiGHS and glpk.js find the same optimum (x = 0 is feasible, the box bounds the rest)', async () => {
    await fc.assert(
      fc.asyncProperty(lpArb, async ({ rows, obj, sense }) => {
        const lp: LinearProgram = {
          variables: [
            { name: 'a', lo: -5, hi: 5 },
            { name: 'b', lo: -5, hi: 5 },
          ],
          sense,
          objective: { a: obj[0], b: obj[1] },
          rows: rows.map((r) => ({ coef: { a: r.a, b: r.b }, op: '<=' as const, rhs: r.c })),
        };
        const h = await solveLp(lp, 'highs');
        const g = await solveLp(lp, 'glpk');
        expect(h.status).toBe('optimal');
        expect(g.status).toBe('optimal');
        expect(Math.abs(h.value - g.value)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(h.value)));
      }),
      { numRuns: 40 },
    );
  });

  it('both report infeasible and unbounded programs', async () => {
    const base: LinearProgram = {
      variables: [{ name: 'a' }, { name: 'b', lo: 0 }],
      sense: 'min',
      objective: { a: 1 },
      rows: [{ coef: { a: 1, b: -1 }, op: '>=', rhs: 0.5 }],
    };
    for (const s of ['highs', 'glpk'] as const) {
      expect((await solveLp({ ...base, rows: [...base.rows, { coef: { a: 1 }, op: '<=', rhs: -1 }, { coef: { b: 1 }, op: '>=', rhs: 0 }] }, s)).status).toBe(
        'infeasible',
      );
      expect((await solveLp({ ...base, sense: 'max' }, s)).status).toBe('unbounded');
    }
  });

  it('writes CPLEX LP text HiGHS reads', () => {
    const text = toCplexLp({
      variables: [{ name: 'u', lo: 0 }],
      sense: 'max',
      objective: { u: -2.5 },
      rows: [{ coef: { u: 1e-20 }, op: '<=', rhs: Infinity }],
    });
    expect(text).toContain('Maximize');
    expect(text).toContain('- 2.5 u');
    expect(text).toContain('<= inf');
  });
});
