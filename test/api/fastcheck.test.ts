import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxPoints, CounterexampleError, loadProblem, residualProperty } from '../../src/index.js';
import { example } from '../helpers/cli.js';

describe('fast-check helpers', () => {
  const ls = loadProblem(example('least-squares.yaml'));

  it('residualProperty holds for a certified claim', () => {
    fc.assert(residualProperty(ls, { condition: 'pl', mu: 0.5 }), { numRuns: 100, seed: 1 });
    fc.assert(residualProperty(ls, { condition: 'alpha-beta', alpha: 2, beta: 1 }, { descend: false }), { numRuns: 100, seed: 1 });
  });

  it('residualProperty fails at a verified counterexample, with the term and the residual enclosure', () => {
    const r = fc.check(residualProperty(example('x4.yaml'), { condition: 'alpha-beta', alpha: 5, beta: 0.5 }), { seed: 3 });
    expect(r.failed).toBe(true);
    const e = r.errorInstance as CounterexampleError;
    expect(e).toBeInstanceOf(CounterexampleError);
    expect(e.counterexample.residual[1]).toBeLessThan(0);
    expect(e.message).toMatch(/x4: alpha-beta \(alpha = 5, beta = 0\.5\) fails at a point[\s\S]*counterexample: x = [\s\S]*term: f_1[\s\S]*residual ∈ \[/);
  });

  it('without descent, a failing point is reported exactly as generated (fast-check then shrinks it)', () => {
    const r = fc.check(residualProperty(example('double-well.yaml'), { condition: 'pl', mu: 0.1 }, { descend: false }), { seed: 2 });
    expect(r.failed).toBe(true);
    const w = (r.errorInstance as CounterexampleError).counterexample;
    expect(r.counterexample![0].x).toEqual(w.x);
  });

  it('boxPoints: the probe arbitrary as plain coordinates inside the box', () => {
    fc.assert(fc.property(boxPoints(ls, { condition: 'pl', mu: 0.5 }), (x) => x.length === 2 && x[0]! >= -1 && x[0]! <= 2 && x[1]! >= -1 && x[1]! <= 3));
  });
});
