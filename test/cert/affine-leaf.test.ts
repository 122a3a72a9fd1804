/**
 * Affine arithmetic in the bounder and the checker (issue [10] §1): on the Remark-1 family the
 * residual repeats the linear form s = x1 + x2 + x3, which natural intervals treat as
 * independent occurrences. Leaves proved by the affine enclosure say so ('affine' in their
 * methods), verify-cert recomputes that enclosure with the shared expression kernel (not the
 * engine's bounder), and a leaf that claims less than it needs, or a claim raised past what the
 * tree proves, fails.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lscert, tempProblem } from '../helpers/cli.js';

const R3 = tempProblem(
  `name: remark1-d3
variables: [x1, x2, x3]
terms:
  - "(x1 + x2 + x3)^2/((x1 + x2 + x3)^2 + 1)"
  - "(x1 + x2 + x3 + 1)^2/((x1 + x2 + x3 + 1)^2 + 1)"
domain: { "*": [-1, 2] }
minimizers: { affine: { A: [[1, 1, 1]], b: ["-1/2"] } }
`,
  'r3.yaml',
);
const dir = mkdtempSync(join(tmpdir(), 'lscert-affine-'));
const at = (n: string) => join(dir, n);

type Node = { children?: Node[]; leaf?: { how: string; methods?: string[] }[] };
function leaves(t: Node): { how: string; methods?: string[] }[][] {
  const out: { how: string; methods?: string[] }[][] = [];
  const st: Node[] = [t];
  while (st.length) {
    const n = st.pop()!;
    if (n.children) st.push(...n.children);
    else if (n.leaf) out.push(n.leaf);
  }
  return out;
}

describe('affine leaves', () => {
  it('Remark-1 d = 3 (alpha 2.5, beta 2) is certified with affine leaves, and the certificate verifies', () => {
    const r = lscert([
      'check',
      R3,
      '--condition',
      'alpha-beta',
      '--alpha',
      '2.5',
      '--beta',
      '2',
      '--no-z3',
      // In x: over y = x1 + x2 + x3 (test/cli/linear-forms.test.ts) the form would not repeat.
      '--no-linear-forms',
      '--max-boxes',
      '2000000',
      '--cert',
      at('c.json'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const cert = JSON.parse(readFileSync(at('c.json'), 'utf8'));
    const ls = leaves(cert.tree);
    const affine = ls.filter((l) => l.some((p) => p.methods?.includes('affine'))).length;
    // Most leaves need the affine enclosure: the natural one counts s three times over.
    expect(affine).toBeGreaterThan(ls.length / 2);
    const v = lscert(['verify-cert', at('c.json'), '--json']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json().valid).toBe(true);
  });

  it('a tampered certificate fails: affine leaves relabelled natural, or the claim raised past the threshold', () => {
    const cert = JSON.parse(readFileSync(at('c.json'), 'utf8'));
    const natural = JSON.parse(JSON.stringify(cert).replaceAll('"affine"', '"natural"'));
    writeFileSync(at('natural.json'), JSON.stringify(natural));
    const a = lscert(['verify-cert', at('natural.json'), '--json']);
    expect(a.code).toBe(1);
    expect(a.json().valid).toBe(false);
    expect(a.json().reasons.join('\n')).toMatch(/lower bound .* < 0 \(best of natural, mean-value, monotone\)/);
    // beta = 1.9 is refuted (check says so): the same tree cannot prove it, affine or not.
    const raised = { ...cert, claim: { ...cert.claim, constants: { ...cert.claim.constants, beta: '19/10' } } };
    writeFileSync(at('raised.json'), JSON.stringify(raised));
    const b = lscert(['verify-cert', at('raised.json'), '--json']);
    expect(b.code).toBe(1);
    expect(b.json().valid).toBe(false);
  });
});
