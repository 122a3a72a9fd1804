import { describe, expect, it } from 'vitest';
import { example, lscert } from '../helpers/cli.js';

const probe = (...args: string[]) => lscert(['probe', ...args]);

describe('lscert probe (contract §2)', () => {
  it('exit 1 with a verified counterexample, in the JSON shape of check, plus seed, runs and evaluations', () => {
    const r = probe(example('x4.yaml'), '--condition', 'pl', '--mu', '0.1', '--seed', '7', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const j = r.json();
    expect(j).toMatchObject({ verdict: 'refuted', condition: 'pl', constants: { mu: 0.1 }, problem: 'x4', seed: 7, strategy: 'guided' });
    expect(j.counterexample.residual[1]).toBeLessThan(0);
    expect(j.counterexample.term).toBeNull();
    for (const k of ['runs', 'evaluations', 'budget', 'elapsedMs']) expect(Number.isInteger(j[k]), k).toBe(true);
    expect(j.replay).toBe(`lscert probe ${example('x4.yaml')} --condition pl --mu 0.1 --seed 7`);
  });

  it('alpha-beta: the counterexample names its term and x_p', () => {
    const j = probe(example('ex6-saddle.yaml'), '--condition', 'alpha-beta', '--alpha', '50', '--beta', '0', '--seed', '1', '--json').json();
    expect(j.verdict).toBe('refuted');
    expect([0, 1]).toContain(j.counterexample.term);
    expect(j.counterexample.projection).toHaveLength(2);
  });

  it('exit 2 when nothing is found: probing never certifies', () => {
    const r = probe(example('x4.yaml'), '--condition', 'aiming', '--theta', '3', '--seed', '1', '--runs', '30', '--json');
    expect(r.code).toBe(2);
    const j = r.json();
    expect(j.verdict).toBe('inconclusive');
    expect(j.counterexample).toBeNull();
    expect(j.reason).toMatch(/never certifies/);
  });

  it('replaying the printed seed reproduces the same counterexample', () => {
    const first = probe(
      '--term',
      '(x^2-1)^2',
      '--box',
      'x=-2:2',
      '--points',
      '-1;1',
      '--fstar',
      '0',
      '--term-minima',
      '0',
      '--condition',
      'alpha-beta',
      '--alpha',
      '2',
      '--beta',
      '1',
    );
    expect(first.code).toBe(1);
    const m = /seed (\d+); replay with: (.*)$/m.exec(first.stdout)!;
    expect(m).not.toBeNull();
    expect(first.stdout).toMatch(/REFUTED by probing/);
    expect(first.stdout).toMatch(/term: f_1/);
    expect(first.stdout).toMatch(/residual ∈ \[.*\] < 0/);
    const args = m[2]!
      .match(/'[^']*'|\S+/g)!
      .slice(1)
      .map((a) => a.replace(/^'|'$/g, ''));
    const a = probe(...args.slice(1), '--json').json();
    const b = lscert([...args, '--json']).json();
    expect(a.seed).toBe(Number(m[1]));
    expect(b.counterexample).toEqual(a.counterexample);
    expect(first.stdout).toContain(`counterexample: x = ${a.counterexample.x[0]}`);
  });

  it('--strategy uniform runs the baseline with the same budget', () => {
    const j = probe(example('double-well.yaml'), '--condition', 'pl', '--mu', '0.1', '--seed', '2', '--strategy', 'uniform', '--runs', '10', '--json').json();
    expect(j.strategy).toBe('uniform');
    expect(j.budget).toBe(1200);
  });
});

describe('lscert probe: usage and input errors', () => {
  const cases: [string[], number, RegExp][] = [
    [[example('x4.yaml'), '--condition', 'nope'], 64, /--condition must be one of/],
    [[example('x4.yaml'), '--condition', 'pl', '--mu', '1', '--runs', '0'], 64, /--runs/],
    [[example('x4.yaml'), '--condition', 'pl', '--mu', '1', '--seed', '1e20'], 64, /--seed/],
    [[example('x4.yaml'), '--condition', 'pl', '--mu', '1', '--strategy', 'random'], 64, /--strategy/],
    [['does-not-exist.yaml', '--condition', 'pl', '--mu', '1'], 65, /does-not-exist\.yaml/],
  ];
  for (const [args, code, msg] of cases) {
    it(`probe ${args.slice(1).join(' ')} → ${code}`, () => {
      const r = probe(...args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    });
  }
});
