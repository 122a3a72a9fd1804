import { describe, expect, it } from 'vitest';
import { example, lscert } from '../helpers/cli.js';

/**
 * `lscert constants` through the built CLI (npm run build first). The command is registered
 * by src/cli/main.ts; until it is, these tests are skipped (and say so).
 */
const registered = /^\s*constants\b/m.test(lscert(['--help']).stdout);
if (!registered) console.warn('lscert constants is not registered in src/cli/main.ts yet: CLI tests skipped');

describe.skipIf(!registered)('lscert constants (CLI)', () => {
  it('x⁴ Aiming --json: the contract fields; lscert check certifies `certified` and refutes `refuted`', { timeout: 60_000 }, () => {
    const r = lscert(['constants', example('x4.yaml'), '--condition', 'aiming', '--json']);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j).toMatchObject({ condition: 'aiming', parameter: 'theta', objective: 'max', region: { certified: [], refuted: [] } });
    expect(j.certified).toBeLessThanOrEqual(4);
    expect(j.refuted).toBeGreaterThanOrEqual(4);
    expect(lscert(['check', example('x4.yaml'), '--condition', 'aiming', '--theta', String(j.certified)]).code).toBe(0);
    expect(lscert(['check', example('x4.yaml'), '--condition', 'aiming', '--theta', String(j.refuted)]).code).toBe(1);
  });

  it('x⁴ PL, human table: says the best μ is 0', { timeout: 30_000 }, () => {
    const r = lscert(['constants', example('x4.yaml'), '--condition', 'pl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/best μ = 0/);
    expect(r.stdout).toMatch(/certified\s+0\b/);
  });

  it('alpha-beta with a tie, from command-line terms: certified pair re-checked by lscert check', { timeout: 60_000 }, () => {
    const r = lscert([
      'constants',
      '--term',
      'x^4',
      '--box',
      'x=-1:1',
      '--points',
      '0',
      '--term-minima',
      '0',
      '--condition',
      'alpha-beta',
      '--fix',
      'beta = alpha - 1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j).toMatchObject({ parameter: 'alpha', objective: 'min', tie: 'beta = alpha - 1', certified: 1, certifiedPair: { alpha: 1, beta: 0 } });
    expect(
      lscert(['check', '--term', 'x^4', '--box', 'x=-1:1', '--points', '0', '--term-minima', '0', '--condition', 'alpha-beta', '--alpha', '1', '--beta', '0'])
        .code,
    ).toBe(0);
  });

  const errors: [string[], number, RegExp][] = [
    [['constants', example('x4.yaml'), '--condition', 'alpha-beta', '--fix', 'beta = alpha^2'], 64, /not of the form/],
    [['constants', example('x4.yaml'), '--condition', 'alpha-beta', '--objective', 'fastest'], 64, /--objective must be one of/],
    [['constants', example('nope.yaml'), '--condition', 'pl'], 65, /nope\.yaml/],
  ];
  it.each(errors)('%j exits %i', { timeout: 30_000 }, (args, code, msg) => {
    const r = lscert(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
