import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemFromCanonical } from '../../src/cert/canonical.js';
import { lscert, tamperedCopy, tempProblem } from '../helpers/cli.js';

/**
 * f_i* of quadratic terms, exactly (src/exact/quadratic.ts). f_1 = (x − 1)² + x and
 * f_2 = (x + 1)² − x have f_i* = 3/4, attained at ±1/2; natural intervals over R bound both by
 * −∞. The α-β residual of f_1 with S = {0} is (2 − α + β)x² + (α − 1 − β)x + β/4:
 * - (α, β) = (2, 1): x² + 1/4 ≥ 0, certified; the certificate carries the exact slots and verifies;
 * - (α, β) = (5, 1): −2x² + 3x + 1/4 = −13.75 at x = −2: refuted — before, the slot's lower end
 *   was −∞, so no refutation of any α-β claim with β > 0 was possible on these terms.
 */
const problem = (extra = '') =>
  tempProblem(
    `name: shifted\nvariables: [x]\nterms: ["(x - 1)^2 + x", "(x + 1)^2 - x"]\ndomain: { x: [-2, 2] }\nminimizers: { points: [[0]] }\n${extra}`,
    'shifted.yaml',
  );
const claim = (alpha: string, beta: string) => ['--condition', 'alpha-beta', '--alpha', alpha, '--beta', beta];

/** A copy of certificate `cert` whose embedded problem is edited by `edit` and hashed again (so only the edit is wrong). */
const rehashed = (cert: string, edit: (c: any) => void, name: string) =>
  tamperedCopy(
    cert,
    (c) => {
      edit(c);
      c.problem.hash = problemFromCanonical(c.problem.canonical).hash;
    },
    dirname(cert),
    name,
  );

describe('exact f_i* of quadratic terms', () => {
  it('refutes a false α-β claim that needs the lower end of f_i* (it was out of reach)', () => {
    const r = lscert(['check', problem(), ...claim('5', '1'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe('refuted');
    expect(out.counterexample.residual[1]).toBeLessThan(0);
  });

  it('certifies the true claim; the checker accepts the exact slots and refuses a lower end above them', () => {
    const file = problem();
    const cert = join(dirname(file), 'c.json');
    const r = lscert(['check', file, ...claim('2', '1'), '--cert', cert, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const v = lscert(['verify-cert', cert, '--problem', file]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const bad = tamperedCopy(cert, (c) => (c.slots[0].lo = c.slots[0].hi), dirname(file), 'lo');
    const t = lscert(['verify-cert', bad, '--problem', file]);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/slots\[0\]: lo = 0.7500000000000\d+ is above the rigorous lower bound 0.75 of f_0\*/);
  });

  it('verify-cert refuses an embedded problem whose given f_i* is not the exact infimum', () => {
    const file = problem('termMinima: ["3/4", "3/4"]\n');
    const cert = join(dirname(file), 'given.json');
    expect(lscert(['check', file, ...claim('2', '1'), '--cert', cert]).code).toBe(0);
    expect(lscert(['verify-cert', cert]).code).toBe(0);
    // the embedded problem trusted as written (no --problem), with f_1* = 0 instead of 3/4
    const bad = rehashed(cert, (c) => (c.problem.canonical.termMinima[0] = ['n', '0']), 'given0');
    const t = lscert(['verify-cert', bad]);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/termMinima\[0\] = 0, but the exact infimum of the quadratic f_1 over R\^d is 3\/4/);
    // one ulp off (its enclosure touches 3/4's): refused all the same, the comparison is exact
    const ulp = rehashed(cert, (c) => (c.problem.canonical.termMinima[0] = ['n', '7500000000000001/10000000000000000']), 'givenUlp');
    const u = lscert(['verify-cert', ulp]);
    expect(u.code).toBe(1);
    expect(u.stdout).toMatch(/termMinima\[0\] = .*, but the exact infimum of the quadratic f_1 over R\^d is 3\/4/);
  });

  it('verify-cert compares a given f* with f at a rational point of S exactly (one ulp above 1/3 certified PL with μ = 3)', () => {
    const file = tempProblem(
      'name: fs\nvariables: [x]\nterms: ["x^2 + 1/3"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\nfstar: "1/3"\n',
      'fs.yaml',
    );
    const cert = join(dirname(file), 'fs.json');
    expect(lscert(['check', file, '--condition', 'pl', '--mu', '2', '--cert', cert]).code).toBe(0);
    expect(lscert(['verify-cert', cert]).code).toBe(0);
    const bad = rehashed(cert, (c) => (c.problem.canonical.fstar = ['n', '33333333333333337/100000000000000000']), 'fsUlp');
    const t = lscert(['verify-cert', bad]);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/fstar = .*, but f = 1\/3 exactly at point 0 of S/);
  });
});
