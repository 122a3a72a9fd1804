import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, lscert } from '../helpers/cli.js';

/**
 * Z3 asks the whole claim as one exact query before the regions the intervals left (issue [9]
 * §3: in a worker thread racing the search, src/engine/z3race.ts; the note says whether it won
 * the race or answered after the search gave up). Example 1's PL with μ = 1e-5 (S the line
 * x + y = −1/2, where the residual vanishes) needs ~780 000 boxes with the intervals and the
 * normal-segment argument; with 20 000 boxes they leave it open, and Z3 proves it on the whole
 * domain: the certificate is one Z3 leaf that verify-cert asks Z3 again. (This test used
 * Aiming with θ = 0.05 until the normal-segment argument let the intervals certify that claim
 * in ~18 000 boxes, before the Z3 pass runs; test/cli/normal.test.ts covers it now.)
 */
describe('Z3 on the whole claim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lscert-z3whole-'));
  const cert = join(dir, 'aim.json');
  // --no-linear-forms: over y = x + y the intervals alone certify it in ~220 boxes (test/cli/linear-forms.test.ts).
  const args = ['check', example('ex1-unbounded.yaml'), '--condition', 'pl', '--mu', '0.00001', '--max-boxes', '20000', '--no-linear-forms'];

  it('Example 1, PL μ = 1e-5: inconclusive with 20 000 boxes of intervals alone, certified with Z3 (one leaf)', () => {
    const alone = lscert([...args, '--no-z3', '--json']);
    expect(alone.code).toBe(2);
    const r = lscert([...args, '--json', '--cert', cert]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json().notes.join(' ')).toMatch(/Z3 proved the whole claim as one exact query/);
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    expect(c.tree.leaf.every((p: { how: string }) => p.how === 'z3')).toBe(true);
  });

  it('verify-cert asks Z3 again: valid as written, invalid for a false μ', () => {
    const v = lscert(['verify-cert', cert]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/\(1 leaf, /);
    // μ = 1e-4 is refuted at (3, 3) (lscert check refutes it): the same one-leaf tree must not verify.
    expect(lscert([...args.slice(0, 4), '--mu', '0.0001']).code).toBe(1);
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    c.claim.constants.mu = '1/10000';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(c));
    expect(lscert(['verify-cert', bad]).code).toBe(1);
  });
});
