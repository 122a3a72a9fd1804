import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, lscert } from '../helpers/cli.js';

/**
 * The Z3 pass asks the whole claim as one exact query before the regions the intervals left
 * (issue [9] §3, run after the search). Example 1's Aiming with θ = 0.05 (S the line
 * x + y = −1/2, where the residual vanishes) leaves tens of thousands of boxes open to the
 * intervals; Z3 proves it on the whole domain, and the certificate is one Z3 leaf that
 * verify-cert asks Z3 again.
 */
describe('Z3 on the whole claim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lscert-z3whole-'));
  const cert = join(dir, 'aim.json');
  const args = ['check', example('ex1-unbounded.yaml'), '--condition', 'aiming', '--theta', '0.05'];

  it('Example 1, Aiming θ = 0.05: inconclusive with intervals alone, certified with Z3 (one leaf)', () => {
    const alone = lscert([...args, '--no-z3', '--json']);
    expect(alone.code).toBe(2);
    const r = lscert([...args, '--json', '--cert', cert]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json().notes.join(' ')).toMatch(/Z3 proved the whole claim as one exact query/);
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    expect(c.tree.leaf.every((p: { how: string }) => p.how === 'z3')).toBe(true);
  });

  it('verify-cert asks Z3 again: valid as written, invalid for a false θ', () => {
    const v = lscert(['verify-cert', cert]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/\(1 leaf, /);
    // θ = 1/2 is refuted at (3, 3) (lscert check refutes it): the same one-leaf tree must not verify.
    expect(lscert([...args.slice(0, 4), '--theta', '0.5']).code).toBe(1);
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    c.claim.constants.theta = '1/2';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(c));
    expect(lscert(['verify-cert', bad]).code).toBe(1);
  });
});
