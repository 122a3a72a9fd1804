/**
 * Landscape claims about a loss, kept in CI: copy this file and loss.yaml into your
 * repository, install lscert from a packed tarball (see README.md here: it is not on the npm
 * registry) with vitest and fast-check, and run `npx vitest run`.
 * A change that breaks a claim fails the build with the counterexample, the failing term
 * and the residual's enclosure in the message.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, loadProblem, probe, residualProperty } from 'lscert';
import { lscertMatchers } from 'lscert/vitest';

expect.extend(lscertMatchers);

const loss = loadProblem(fileURLToPath(new URL('./loss.yaml', import.meta.url)));

describe('the loss keeps its landscape claims', () => {
  it('satisfies the α-β-condition with α = 2, β = 1 (certified on the whole box)', async () => {
    await expect(loss).toSatisfyCondition('alpha-beta', { alpha: 2, beta: 1 });
  });

  it('satisfies PL with μ = 1/2 (certified; the best μ is 2/3)', async () => {
    await expect(loss).toSatisfyCondition('pl', { mu: '1/2' });
  });

  it('does not satisfy PL with μ = 0.7 (a verified counterexample exists)', async () => {
    await expect(loss).toBeRefutedAt('pl', { mu: 0.7 });
  });

  it('fails α-β with α = 4, β = 0.5 at the corner (-1, -1)', async () => {
    await expect(loss).toBeRefutedAt('alpha-beta', { alpha: 4, beta: 0.5 }, { at: [-1, -1] });
  });

  it('survives probing for Aiming with θ = 1.5 (a fixed seed keeps CI deterministic)', async () => {
    await expect(loss).toSurviveProbing('aiming', { theta: 1.5 }, { seed: 2024, runs: 100 });
  });

  it('holds at every point fast-check tries (PL, μ = 1/2)', () => {
    fc.assert(residualProperty(loss, { condition: 'pl', mu: 0.5 }), { numRuns: 200, seed: 7 });
  });

  it('the same calls without matchers: the JSON shapes of the command line (docs/cli.md)', async () => {
    const r = await check(loss, { condition: 'alpha-beta', alpha: 4, beta: 0.5 });
    expect(r.verdict).toBe('refuted');
    expect(r.counterexample!.residual[1]).toBeLessThan(0);
    const q = await probe(loss, { condition: 'alpha-beta', alpha: 4, beta: 0.5 }, { seed: 1 });
    expect(q.verdict).toBe('refuted');
    expect(q.seed).toBe(1);
  });
});
