/**
 * Claims that depend on x only through a few linear forms (issue [10] §2, docs/engine.md "Linear
 * forms"), through the CLI: the Remark-1 family (two terms of s = x1 + … + xd, S the hyperplane
 * s = −1/2, α = 2.5, β = 2, which holds) is decided over y = s whatever d is, the certificate
 * records W and verify-cert proves the reduction itself; a tampered reduction or a claim raised
 * past what the tree proves fails; a false claim is refuted at a point of the box in x; shards,
 * --jobs and --no-linear-forms decide in x.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { example, lscert, tempProblem } from '../helpers/cli.js';

/** The `how` of every case proof of every leaf of a certificate's tree. */
function leafKinds(cert: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [(cert as { tree: unknown }).tree];
  while (stack.length) {
    const n = stack.pop() as { children?: unknown[]; leaf?: { how: string }[] };
    if (n.children) stack.push(...n.children);
    else if (n.leaf) out.push(...n.leaf.map((l) => l.how));
  }
  return out;
}

function remark1(d: number): string {
  const xs = Array.from({ length: d }, (_, j) => `x${j + 1}`);
  const s = xs.join(' + ');
  return tempProblem(
    [
      `name: remark1-d${d}`,
      `variables: [${xs.join(', ')}]`,
      'terms:',
      `  - "(${s})^2/((${s})^2 + 1)"`,
      `  - "(${s} + 1)^2/((${s} + 1)^2 + 1)"`,
      'domain: { "*": [-1, 2] }',
      `minimizers: { affine: { A: [[${xs.map(() => 1).join(', ')}]], b: ["-1/2"] } }`,
      'fstar: "1/5"',
      'termMinima: [0, 0]',
      '',
    ].join('\n'),
    `remark1-d${d}.yaml`,
  );
}

type Json = Record<string, unknown> & {
  verdict: string;
  notes: string[];
  reduction?: { forms: string[]; W: string[][]; domain: { lo: number[]; hi: number[] } };
  counterexample: { x: number[]; residual: [number, number] } | null;
};

const AB = ['--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2'];

describe('lscert check over linear forms', () => {
  const r8 = remark1(8);
  const cert = r8.replace(/\.yaml$/, '.cert.json');

  it('Remark 1 with d = 8: certified over y1 = x1 + … + x8, and the certificate verifies', () => {
    const r = lscert(['check', r8, ...AB, '--json', '--cert', cert]);
    expect(r.code).toBe(0);
    const j = r.json() as Json;
    expect(j.verdict).toBe('certified');
    expect(j.reduction?.forms).toEqual(['x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8']);
    expect(j.reduction?.W).toEqual([['1', '1', '1', '1', '1', '1', '1', '1']]);
    expect(j.reduction?.domain).toEqual({ lo: [-8], hi: [16] });
    expect(j.notes.join('\n')).toMatch(/depends on x only through one linear form/);
    const v = lscert(['verify-cert', cert, '--problem', r8]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/certificate VALID/);
    expect(v.stdout).toMatch(/decided over y1 = x1 \+ x2 \+ x3 \+ x4 \+ x5 \+ x6 \+ x7 \+ x8/);
  });

  it('verify-cert rejects a tampered reduction and a raised claim', () => {
    const good = JSON.parse(readFileSync(cert, 'utf8')) as Record<string, unknown> & { reduction: { W: string[][]; domain: { lo: number[]; hi: number[] } } };
    const variant = (name: string, change: (c: typeof good) => void): string => {
      const c = structuredClone(good);
      change(c);
      const f = cert.replace(/\.cert\.json$/, `-${name}.cert.json`);
      writeFileSync(f, JSON.stringify(c));
      return f;
    };
    const bad: [string, (c: typeof good) => void, RegExp][] = [
      // A form the residuals do not depend on only: the substitution leaves z.
      ['other-form', (c) => (c.reduction.W = [['1', '1', '1', '1', '1', '1', '1', '0']]), /not proved to depend on x through W x only/],
      ['not-echelon', (c) => (c.reduction.W = [['2', '2', '2', '2', '2', '2', '2', '2']]), /reduced row echelon/],
      // The tree must tile a box containing W·domain = [-8, 16].
      ['short-domain', (c) => (c.reduction.domain = { lo: [-8], hi: [12] }), /outside the recorded/],
      ['no-reduction', (c) => delete (c as { reduction?: unknown }).reduction, /.+/],
      ['raised-claim', (c) => ((c.claim as { constants: Record<string, string> }).constants.beta = '19/10'), /.+/],
    ];
    for (const [name, change, why] of bad) {
      const v = lscert(['verify-cert', variant(name, change), '--json']);
      expect(v.code, name).toBe(1);
      const j = v.json() as { valid: boolean; reasons: string[] };
      expect(j.valid, name).toBe(false);
      expect(j.reasons.join('\n'), name).toMatch(why);
    }
  });

  it("Remark 1 with d = 4 (the issue's acceptance): α = 2.5, β = 2 certified, β = 1.9 refuted", () => {
    const r4 = remark1(4);
    const a = lscert(['check', r4, ...AB, '--json']);
    expect(a.code).toBe(0);
    expect((a.json() as Json).reduction?.forms).toEqual(['x1 + x2 + x3 + x4']);
    const b = lscert(['check', r4, '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9', '--json']);
    expect(b.code).toBe(1);
  });

  it('a false claim (β = 1.9) is refuted at a point of the box, confirmed in x', () => {
    const j = lscert(['check', r8, '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9', '--json']).json() as Json;
    expect(j.verdict).toBe('refuted');
    const x = j.counterexample!.x;
    expect(x).toHaveLength(8);
    for (const v of x) expect(v >= -1 && v <= 2).toBe(true);
    expect(j.counterexample!.residual[1]).toBeLessThan(0);
  });

  it('residuals that vanish on S (Example 1: PL, Aiming, QCvx): the second-order argument over y certifies, verify-cert re-proves it', () => {
    const ex1 = example('ex1-unbounded.yaml');
    for (const claim of [
      ['--condition', 'pl', '--mu', '1e-5'],
      ['--condition', 'aiming', '--theta', '0.05'],
      ['--condition', 'qcvx', '--theta', '0.05'],
    ]) {
      const cert = join(tmpdir(), `lscert-lf-${claim[1]}-${process.pid}.cert.json`);
      // --no-z3: the intervals alone (Z3 is not what decides it).
      const j = lscert(['check', ex1, ...claim, '--no-z3', '--json', '--cert', cert]).json() as Json;
      expect(j.verdict, claim.join(' ')).toBe('certified');
      expect(j.reduction?.forms).toEqual(['x + y']);
      const c = JSON.parse(readFileSync(cert, 'utf8')) as { reduction: { base: string[] } };
      expect(c.reduction.base).toEqual(['-1/4', '-1/4']);
      expect(leafKinds(c)).toContain('normal-segment');
      expect(lscert(['verify-cert', cert]).code, claim.join(' ')).toBe(0);
      // The base must be a point where the residual and its gradient vanish, inside the domain.
      for (const [base, why] of [
        [['0', '0'], /not provably 0/],
        [['-7/2', '3'], /outside the domain/],
      ] as const) {
        const t = { ...c, reduction: { ...c.reduction, base } };
        const f = cert.replace(/\.cert\.json$/, '-tampered.cert.json');
        writeFileSync(f, JSON.stringify(t));
        const v = lscert(['verify-cert', f, '--json']).json() as { valid: boolean; reasons: string[] };
        expect(v.valid).toBe(false);
        expect(v.reasons.join('\n')).toMatch(why);
      }
    }
    // A false constant is still refuted (PL μ = 1e-4 fails on this box, far from S).
    expect(lscert(['check', ex1, '--condition', 'pl', '--mu', '1e-4', '--no-z3', '--json']).code).toBe(1);
  });

  it('more variables than --numeric-threshold but one form: decided by the interval engine, not sampled', () => {
    const r16 = remark1(16);
    const j = lscert(['check', r16, ...AB, '--json']).json() as Json;
    expect(j.verdict).toBe('certified');
    expect(j.reduction?.forms).toHaveLength(1);
  });

  it('--no-linear-forms, --jobs and --shard decide in x', () => {
    const r3 = remark1(3);
    const a = lscert(['check', r3, ...AB, '--json', '--no-linear-forms']).json() as Json;
    expect(a.verdict).toBe('certified');
    expect(a.reduction).toBeUndefined();
    const b = lscert(['check', r3, ...AB, '--json', '--jobs', '2']).json() as Json;
    expect(b.verdict).toBe('certified');
    expect(b.notes.join('\n')).toMatch(/--jobs 2: ran as one job: the claim depends on x only through one linear form/);
    const s = lscert(['check', r3, ...AB, '--json', '--shard', '1/2']).json() as Json;
    expect(s.reduction).toBeUndefined();
  });
});
