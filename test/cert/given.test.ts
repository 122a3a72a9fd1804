import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { certificateFor, verifyCertificate } from '../../src/cert/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { problemFromText } from '../../src/problem/index.js';
import { example, lscert, tempProblem } from '../helpers/cli.js';

/**
 * Review findings (2026-12-07): the given f* and f_i* must not contradict what intervals prove,
 * in `check` (src/engine/assumptions.ts) and in the checker (src/cert/given.ts, its own code).
 */
const lsu = readFileSync(example('ls-underdetermined.yaml'), 'utf8');

describe('given f_i* below a proved lower bound of f_i over R^d', () => {
  it('check refuses it (exit 65, one line naming termMinima); it certified a false α-β claim before', () => {
    const file = tempProblem(lsu.replace('termMinima: [0, 0]', 'termMinima: [-1000, -1000]'), 'lsu-low.yaml');
    const r = lscert(['check', file, '--condition', 'alpha-beta', '--alpha', '10', '--beta', '1', '--no-linear-forms']);
    expect(r.code).toBe(65);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/termMinima.*f_1\* = -1000 is below 0, a proved lower bound of f_1 over all of R\^d/);
  });
});

describe('the checker repeats the contradiction tests on the embedded problem', () => {
  const p = problemFromText(lsu, 'yaml', 'lsu.yaml');
  const r = check(p, { condition: 'pl', mu: Rational.of(1, 2) }, { reduce: false });
  const rehash = (c: { problem: { canonical: unknown; hash: string } }) => {
    c.problem.hash = createHash('sha256').update(JSON.stringify(c.problem.canonical)).digest('hex');
  };

  it('the honest certificate verifies', () => {
    expect(r.verdict).toBe('certified');
    expect(verifyCertificate(JSON.parse(JSON.stringify(certificateFor(p, r)))).reasons).toEqual([]);
  });

  it('f* = 100 (f = 0 on S) with PL μ = 1000 and a one-leaf tree: invalid (it was VALID)', () => {
    const c = JSON.parse(JSON.stringify(certificateFor(p, r)));
    c.problem.canonical.fstar = ['n', '100'];
    rehash(c);
    c.claim.constants.mu = '1000';
    c.tree = { leaf: [{ point: null, how: 'bounds', methods: ['natural'] }] };
    const v = verifyCertificate(c);
    expect(v.ok).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/problem: fstar = 100 contradicts S/);
  });

  it('f_i* = −1000: invalid', () => {
    const c = JSON.parse(JSON.stringify(certificateFor(p, r)));
    c.problem.canonical.termMinima = [
      ['n', '-1000'],
      ['n', '-1000'],
    ];
    rehash(c);
    const v = verifyCertificate(c);
    expect(v.ok).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/problem: termMinima\[0\] = -1000 is below 0, a lower bound of f_1 over all of R\^d/);
  });
});
