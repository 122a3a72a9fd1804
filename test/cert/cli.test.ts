import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeStatus } from '../../src/cli/act.js';
import { registerVerifyCert } from '../../src/cli/commands/verifyCert.js';
import { InputError } from '../../src/cli/exit.js';
import { Rational } from '../../src/exact/rational.js';
import { ab, certified, example } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'lscert-cert-'));
const file = (name: string, content: string) => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};

/** Runs `lscert verify-cert …` in process; returns the exit status and stdout. */
async function run(...args: string[]): Promise<{ code: number | undefined; out: string }> {
  const program = new Command('lscert').exitOverride();
  registerVerifyCert(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await program.parseAsync(['node', 'lscert', 'verify-cert', ...args]);
  } finally {
    spy.mockRestore();
  }
  return { code: takeStatus(), out };
}

afterEach(() => vi.restoreAllMocks());

describe('lscert verify-cert', () => {
  const { cert } = certified('x4', ab(Rational.of(3), Rational.of(1, 2)));
  const good = file('good.json', JSON.stringify(cert));

  it('exit 0 and the JSON report for a valid certificate', async () => {
    const r = await run(good, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ valid: true, leaves: 1, reasons: [], problem: 'x4', condition: 'alpha-beta', constants: { alpha: 3, beta: 0.5 } });
    expect(typeof j.elapsedMs).toBe('number');
  });

  it('a human line without --json', async () => {
    const r = await run(good);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^certificate VALID: .*good\.json: alpha-beta \(alpha = 3, beta = 1\/2\) holds on the whole domain of problem 'x4'/);
    // What was verified (issue [8a] §2): hash, domain, the trusted values, and where the problem came from.
    expect(r.out).toMatch(/sha256 [0-9a-f]{64}/);
    expect(r.out).toMatch(/taken from the certificate.*--problem FILE/);
    expect(r.out).toMatch(/domain: x in \[-1, 1\]/);
    expect(r.out).toMatch(/trusted \(given by the problem, not proved\): S = points \(0\); f_i\* = 0/);
  });

  it('exit 1 for a tampered certificate, with reasons', async () => {
    const bad = structuredClone(cert) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    bad.claim.constants.alpha = '5';
    const r = await run(file('bad.json', JSON.stringify(bad)), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ valid: false });
    expect(JSON.parse(r.out).reasons[0]).toMatch(/box \[-1, 1\]/);
  });

  it('exit 1 for a stale certificate (--problem names another problem)', async () => {
    const r = await run(good, '--json', '--problem', example('ex1-unbounded.yaml'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).reasons.join()).toMatch(/stale certificate/);
  });

  it('invalid input (exit 65 via InputError): missing file, malformed JSON, not a certificate', async () => {
    await expect(run(join(dir, 'nope.json'))).rejects.toThrow(InputError);
    await expect(run(file('broken.json', '{"format": '))).rejects.toThrow(/not valid JSON/);
    await expect(run(file('other.json', '{"verdict": "certified"}'))).rejects.toThrow(/not a certificate/);
  });
});
