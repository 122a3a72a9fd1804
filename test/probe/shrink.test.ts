import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { loadProblemFile } from '../../src/problem/index.js';
import { roundSig, Scorer, setupProbe, shrinkWitness, sigDigits, verifyAt } from '../../src/probe/index.js';
import { example } from '../helpers/cli.js';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('significant digits', () => {
  it('sigDigits(x) digits reproduce x exactly, and no fewer do', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const k = sigDigits(x);
        expect(k).toBeGreaterThanOrEqual(1);
        expect(k).toBeLessThanOrEqual(17);
        expect(roundSig(x, k)).toBe(x);
        if (k > 1) expect(roundSig(x, k - 1)).not.toBe(x);
      }),
    );
  });

  it('roundSig(x, 17) is x; simple decimals have few digits', () => {
    fc.assert(fc.property(finite, (x) => Object.is(roundSig(x, 17), x)));
    expect([0.5, 0.1, -3, 1e-7, 0.25].map(sigDigits)).toEqual([1, 1, 1, 1, 2]);
  });
});

describe('shrinkWitness', () => {
  const p = loadProblemFile(example('x4.yaml'));
  const setup = setupProbe(p, { condition: 'pl', mu: Rational.of(1, 10) }, 0);
  const t = setup.targets[0]!;

  it('returns a verified counterexample with few digits from any failing point', () => {
    // PL fails on 0 < |x| < sqrt(mu/8) ≈ 0.112 for f = x^4.
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 0.1, noNaN: true }), fc.boolean(), (a, neg) => {
        const y = [neg ? -a : a];
        const s = shrinkWitness(t.prep, new Scorer(t.prep, t.geometry, Infinity), y)!;
        expect(s).not.toBeNull();
        expect(s.counterexample.residual[1]).toBeLessThan(0);
        expect(verifyAt(setup, s.x)).toEqual(s.counterexample);
        expect(s.digits).toBeLessThanOrEqual(sigDigits(y[0]!));
        expect(s.digits).toBeLessThanOrEqual(2);
      }),
      { numRuns: 50 },
    );
  });

  it('returns null where the claim holds', () => {
    expect(shrinkWitness(t.prep, new Scorer(t.prep, t.geometry, Infinity), [0.9])).toBeNull();
  });
});
