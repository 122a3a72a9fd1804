import { describe, expect, it } from 'vitest';
import { lscertMatchers } from '../../src/api/vitest.js';
import { loadProblem } from '../../src/index.js';
import { example } from '../helpers/cli.js';

expect.extend(lscertMatchers);

const x4 = loadProblem(example('x4.yaml'));
const ls = example('least-squares.yaml');

describe('vitest matchers', () => {
  it('toSatisfyCondition passes on a certified claim (a Problem or a path)', async () => {
    await expect(x4).toSatisfyCondition('alpha-beta', { alpha: 3, beta: 0.5 });
    await expect(ls).toSatisfyCondition('pl', { mu: '1/2' });
  });

  it('toSatisfyCondition fails on a refuted claim with the counterexample, the term and the residual enclosure', async () => {
    const err = await expect(x4)
      .toSatisfyCondition('alpha-beta', { alpha: 5, beta: 0.5 })
      .then(
        () => null,
        (e: Error) => e,
      );
    expect(err).not.toBeNull();
    expect(err!.message).toMatch(/expected x4: alpha-beta \(alpha = 5, beta = 0\.5\) to be certified, but it is refuted/);
    expect(err!.message).toMatch(/counterexample: x = /);
    expect(err!.message).toMatch(/term: f_1/);
    expect(err!.message).toMatch(/residual ∈ \[-?[\d.e-]+, -[\d.e-]+\] < 0/);
  });

  it('toSatisfyCondition fails on an inconclusive check with the reason and the coverage', async () => {
    // (least-squares.yaml's Aiming θ = 1.9 was the example here until the normal-segment argument
    // proved it in one exact leaf; Example 1's α-β needs thousands of boxes.)
    const ex1 = example('ex1-unbounded.yaml');
    await expect(expect(ex1).toSatisfyCondition('alpha-beta', { alpha: 2.5, beta: 2 }, { maxBoxes: 2, z3: false })).rejects.toThrow(
      /inconclusive: .*% of the domain proved/,
    );
  });

  it('toBeRefutedAt: by check, by probe, or at a given point', async () => {
    await expect(x4).toBeRefutedAt('pl', { mu: 0.1 });
    await expect(x4).toBeRefutedAt('alpha-beta', { alpha: 5, beta: 0.5 }, { at: [1] });
    // PL with mu = 0.1 fails only for 0 < |x| < sqrt(mu/8) on x^4.
    await expect(x4).toBeRefutedAt('pl', { mu: 0.1 }, { at: [0.1] });
    await expect(x4).not.toBeRefutedAt('pl', { mu: 0.1 }, { at: [0.5] });
    await expect(expect(x4).toBeRefutedAt('pl', { mu: 0.1 }, { at: [0.5] })).rejects.toThrow(/not provably negative there:\n {2}residual ∈ \[0\.23/);
    await expect(expect(x4).toBeRefutedAt('alpha-beta', { alpha: 3, beta: 0.5 }, { at: [0.5] })).rejects.toThrow(
      /not provably negative there:\n {2}term f_1: residual ∈ \[/,
    );
    await expect(expect(x4).toBeRefutedAt('aiming', { theta: 3 })).rejects.toThrow(/to be refuted, but lscert certified it/);
    await expect(expect(x4).not.toBeRefutedAt('pl', { mu: 0.1 })).rejects.toThrow(/not to be refuted, but it is refuted[\s\S]*residual ∈/);
  });

  it('toSurviveProbing: passes when probing finds nothing, fails with the seed and the counterexample', async () => {
    await expect(x4).toSurviveProbing('aiming', { theta: 3 }, { seed: 1, runs: 30 });
    await expect(expect(x4).toSurviveProbing('pl', { mu: 0.1 }, { seed: 4 })).rejects.toThrow(
      /seed 4; pass \{ seed: 4 \} to replay[\s\S]*counterexample: x = [\s\S]*term: none[\s\S]*residual ∈/,
    );
  });

  it('bad claims are errors, not failures', async () => {
    await expect(expect(x4).toSatisfyCondition('alpha-beta', { alpha: 1, beta: 2 })).rejects.toThrow(/alpha must be > beta/);
  });
});
