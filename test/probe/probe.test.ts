import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { loadProblemFile } from '../../src/problem/index.js';
import { probe, setupProbe, verifyAt } from '../../src/probe/index.js';
import type { Claim } from '../../src/conditions/index.js';
import { example } from '../helpers/cli.js';

const R = (a: number, b = 1) => Rational.of(a, b);
const load = (f: string) => loadProblemFile(example(f));

describe('probe: refutations are verified, replayable and simple', () => {
  it('x^4 on [-1,1]: PL refuted near 0 with a verified, shrunk counterexample', () => {
    const r = probe(load('x4.yaml'), { condition: 'pl', mu: R(1, 10) }, { seed: 3 });
    expect(r.verdict).toBe('refuted');
    const w = r.counterexample!;
    expect(w.term).toBeNull();
    expect(w.residual[0]).toBeLessThanOrEqual(w.residual[1]);
    expect(w.residual[1]).toBeLessThan(0);
    expect(Math.abs(w.x[0]!)).toBeLessThanOrEqual(1);
    expect(r.found!.digits).toBeLessThanOrEqual(2);
    expect(r).toMatchObject({ condition: 'pl', constants: { mu: 0.1 }, problem: 'x4', seed: 3, strategy: 'guided' });
    expect(r.evaluations).toBeGreaterThan(0);
  });

  it('the same seed replays the same run: same counterexample, same finding, same counts', () => {
    const p = load('ex6-saddle.yaml');
    const claim: Claim = { condition: 'alpha-beta', alpha: R(50), beta: R(0) };
    for (const seed of [1, 99, 123456789]) {
      const a = probe(p, claim, { seed });
      const b = probe(p, claim, { seed });
      expect(a.verdict).toBe('refuted');
      expect(b.counterexample).toEqual(a.counterexample);
      expect(b.found).toEqual(a.found);
      expect([b.runs, b.evaluations]).toEqual([a.runs, a.evaluations]);
    }
  });

  it('a reported counterexample is exactly one the rigorous point test confirms (any seed)', () => {
    const p = load('double-well.yaml');
    const claim: Claim = { condition: 'alpha-beta', alpha: R(2), beta: R(1) };
    const setup = setupProbe(p, claim, 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const r = probe(p, claim, { seed, runs: 20 });
        if (r.verdict !== 'refuted') return;
        expect(verifyAt(setup, r.counterexample!.x)).toEqual(r.counterexample);
      }),
      { numRuns: 15, seed: 5 },
    );
  });

  it('never refutes a claim that check certifies (probing never certifies either)', () => {
    const cases: [string, Claim][] = [
      ['x4.yaml', { condition: 'aiming', theta: R(3) }],
      ['x4.yaml', { condition: 'alpha-beta', alpha: R(3), beta: R(1, 2) }],
      ['least-squares.yaml', { condition: 'pl', mu: R(1, 2) }],
      ['ex1-unbounded.yaml', { condition: 'alpha-beta', alpha: R(5, 2), beta: R(2) }],
    ];
    for (const [f, claim] of cases) {
      const r = probe(load(f), claim, { seed: 11, runs: 60 });
      expect(r.verdict, `${f} ${claim.condition}`).toBe('inconclusive');
      expect(r.counterexample).toBeNull();
      expect(r.reason).toMatch(/no counterexample found .*probing never certifies/);
      expect(r.evaluations).toBeLessThanOrEqual(r.budget + 40); // shrinking may overrun by a few
    }
  });

  it('the reason says why probing stopped: all runs done, or the time limit (stopped at its deadline, it said "all runs done")', () => {
    const claim: Claim = { condition: 'alpha-beta', alpha: R(5, 2), beta: R(2) };
    const all = probe(load('ex1-unbounded.yaml'), claim, { seed: 3, runs: 20 });
    expect(all.runs).toBe(20);
    expect(all.reason).toMatch(/\(all 20 runs done;/);
    const timed = probe(load('ex1-unbounded.yaml'), claim, { seed: 3, runs: 100_000_000, timeLimitMs: 300 });
    expect(timed.runs).toBeLessThan(100_000_000);
    expect(timed.reason).toMatch(/\(time limit reached;/);
  });

  it('QCvx with two points of S: refuted only with a counterexample for each x*', () => {
    const r = probe(load('double-well.yaml'), { condition: 'qcvx', theta: R(1, 10) }, { seed: 2 });
    expect(r.verdict).toBe('refuted');
    expect(r.xstarCounterexamples).toHaveLength(2);
    expect(r.xstarCounterexamples!.map((c) => c.xstar.value)).toEqual([[-1], [1]]);
    for (const c of r.xstarCounterexamples!) expect(c.counterexample.residual[1]).toBeLessThan(0);
  });

  it('QCvx with an infinite S: a refutation for one x* is only inconclusive', () => {
    const r = probe(load('ex1-unbounded.yaml'), { condition: 'qcvx', theta: R(3) }, { seed: 1, runs: 40 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.counterexample).toBeNull();
    expect(r.xstar?.point).toBeNull();
  });

  it('minimizers auto that cannot be pinned down: inconclusive with the reason, nothing probed', () => {
    const p = loadProblemFile(example('double-well.yaml'));
    const r = probe({ ...p, minimizers: { kind: 'auto' } }, { condition: 'pl', mu: R(1, 10) }, { seed: 1 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toMatch(/could not pin down S/);
    expect(r.runs).toBe(0);
  });

  it("strategy 'uniform' is the baseline: same budget, plain samples", () => {
    const r = probe(load('double-well.yaml'), { condition: 'pl', mu: R(1, 10) }, { seed: 4, strategy: 'uniform', runs: 10 });
    expect(r.strategy).toBe('uniform');
    expect(r.budget).toBe(10 * 120);
    expect(r.verdict).toBe('refuted');
    expect(r.found).toBeUndefined();
  });

  it('a fresh seed is drawn and reported when none is given', () => {
    const r = probe(load('x4.yaml'), { condition: 'pl', mu: R(1, 10) });
    expect(Number.isInteger(r.seed)).toBe(true);
    const again = probe(load('x4.yaml'), { condition: 'pl', mu: R(1, 10) }, { seed: r.seed });
    expect(again.counterexample).toEqual(r.counterexample);
  });
});
