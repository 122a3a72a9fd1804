import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  check,
  claimOf,
  constants,
  loadProblem,
  LscertUsageError,
  probe,
  ProblemError,
  toClaim,
  verifyCertificate,
  type CheckReport,
  type ProbeReport,
} from '../../src/index.js';
import { example } from '../helpers/cli.js';

describe('loadProblem', () => {
  it('accepts a path, a problem object and a loaded Problem', () => {
    const a = loadProblem(example('x4.yaml'));
    expect(a.name).toBe('x4');
    const b = loadProblem({ name: 'x4', variables: ['x'], terms: ['x^4'], domain: { x: [-1, 1] }, minimizers: { points: [[0]] }, fstar: 0, termMinima: [0] });
    expect(b.hash).toBe(a.hash);
    expect(loadProblem(a)).toBe(a);
  });

  it('invalid input throws ProblemError naming the field', () => {
    expect(() => loadProblem({ name: 'bad', variables: ['x'], terms: ['x^'], domain: { x: [0, 1] }, minimizers: { points: [[0]] } })).toThrow(ProblemError);
    expect(() => loadProblem('nope.yaml')).toThrow(/nope\.yaml/);
  });
});

describe('claims', () => {
  it('numbers are the decimals they print as; strings are exact', () => {
    const c = toClaim('pl', { mu: 0.1 });
    expect(c.condition === 'pl' && c.mu.toString()).toBe('1/10');
    const d = claimOf({ condition: 'alpha-beta', alpha: '5/2', beta: 2 });
    expect(d.condition === 'alpha-beta' && [d.alpha.toString(), d.beta.toString()]).toEqual(['5/2', '2']);
  });

  it('the command line rules apply', () => {
    expect(() => toClaim('alpha-beta', { alpha: 1, beta: 2 })).toThrow(/alpha must be > beta/);
    expect(() => toClaim('pl', { theta: 1 })).toThrow(LscertUsageError);
    expect(() => toClaim('pl', {})).toThrow(/needs mu/);
    expect(() => toClaim('nope', { mu: 1 })).toThrow(/condition must be one of/);
    expect(() => toClaim('pl', { mu: 'sqrt(2)' })).toThrow(/rational/);
  });
});

describe('check, probe, verifyCertificate, constants: the contract JSON shapes', () => {
  it('check: certified with a certificate that verifyCertificate accepts (object and file)', async () => {
    const r: CheckReport = await check(example('x4.yaml'), { condition: 'alpha-beta', alpha: 3, beta: 0.5 }, { certificate: true });
    expect(r).toMatchObject({
      verdict: 'certified',
      condition: 'alpha-beta',
      constants: { alpha: 3, beta: 0.5 },
      problem: 'x4',
      counterexample: null,
      coverage: 1,
    });
    expect('tree' in r || 'system' in r).toBe(false);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ verdict: 'certified' });
    const v = await verifyCertificate(r.certificate);
    expect(v).toMatchObject({ valid: true, problem: 'x4', condition: 'alpha-beta' });
    const file = join(mkdtempSync(join(tmpdir(), 'lscert-api-')), 'cert.json');
    writeFileSync(file, JSON.stringify(r.certificate));
    expect((await verifyCertificate(file, { problemFile: example('x4.yaml') })).valid).toBe(true);
  });

  it('check: refuted with a verified counterexample; z3 can be turned off', async () => {
    const r = await check(example('x4.yaml'), { condition: 'alpha-beta', alpha: 5, beta: 0.5 }, { z3: false });
    expect(r.verdict).toBe('refuted');
    expect(r.counterexample!.residual[1]).toBeLessThan(0);
    expect(r.certificate).toBeUndefined();
  });

  it('probe: refuted or inconclusive, with the seed', async () => {
    const r: ProbeReport = await probe(example('double-well.yaml'), { condition: 'pl', mu: 0.1 }, { seed: 5, runs: 20 });
    expect(r).toMatchObject({ verdict: 'refuted', seed: 5, condition: 'pl' });
    const s = await probe(example('x4.yaml'), { condition: 'aiming', theta: 3 }, { seed: 5, runs: 20 });
    expect(s.verdict).toBe('inconclusive');
  });

  it('constants: brackets of the best constant (contract §4)', async () => {
    const r = await constants(example('least-squares.yaml'), { condition: 'pl' }, { timeLimitMs: 30_000 });
    expect(r).toMatchObject({ condition: 'pl', parameter: 'mu', objective: 'max' });
    expect(r.certified!).toBeLessThanOrEqual(2 / 3);
    expect(r.refuted!).toBeGreaterThanOrEqual(2 / 3);
  });
});
