import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lscert, ROOT } from './helpers/cli.js';

/** Every certificate in proofs/ re-verifies and is not stale against its problem file. */
const index = JSON.parse(readFileSync(join(ROOT, 'proofs', 'index.json'), 'utf8')) as { certificate: string; problem: string }[];

describe('proofs/ certificates', () => {
  it('lists at least one certificate', () => expect(index.length).toBeGreaterThan(0));
  for (const { certificate, problem } of index) {
    it(`${certificate} verifies against ${problem}`, () => {
      const r = lscert(['verify-cert', join('proofs', certificate), '--problem', problem, '--json']);
      expect(r.json().reasons).toEqual([]);
      expect(r.code).toBe(0);
    });
  }
});
