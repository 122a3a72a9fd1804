import { describe, expect, it } from 'vitest';
import { lscert, tempProblem } from '../helpers/cli.js';

/**
 * `constants` over linear forms (issue [10] §2): Remark 1's first family in d = 6 depends on x
 * only through s = x1 + … + x6, so the leaf passes run over s (one dimension) instead of the
 * 6-D box. Every printed end is confirmed again here by `check` in x, through the CLI.
 */
const d = 6;
const xs = Array.from({ length: d }, (_, j) => `x${j + 1}`);
const s = xs.join(' + ');
const problem = `name: remark1-d${d}
variables: [${xs.join(', ')}]
terms:
  - "(${s})^2/((${s})^2 + 1)"
  - "(${s} + 1)^2/((${s} + 1)^2 + 1)"
domain: { "*": [-1, 2] }
minimizers:
  affine: { A: [[${xs.map(() => 1).join(', ')}]], b: ["-1/2"] }
fstar: "1/5"
termMinima: [0, 0]
`;

describe('constants: leaf passes over linear forms', () => {
  const file = tempProblem(problem, `remark1-d${d}.yaml`);

  it(`Remark 1 with d = ${d}: the α-β region's leaf passes run over y1 = ${s}, and both ends are confirmed in x`, { timeout: 180_000 }, () => {
    const r = lscert(['constants', file, '--condition', 'alpha-beta', '--json', '--time-limit', '90']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.notes.join(' ')).toContain(`leaf passes over y1 = ${s}`);
    expect(out.certifiedPair).not.toBeNull();
    expect(out.refutedPair).not.toBeNull();
    // the leaves proved a range (the passes ran in y and reached targets)
    expect(out.brackets.inner).not.toBeNull();
    const pair = (p: { alpha: string | number; beta: string | number }) => ['--alpha', String(p.alpha), '--beta', String(p.beta)];
    const c = lscert(['check', file, '--condition', 'alpha-beta', ...pair(out.certifiedPair), '--json']);
    expect(JSON.parse(c.stdout).verdict).toBe('certified');
    const f = lscert(['check', file, '--condition', 'alpha-beta', ...pair(out.refutedPair), '--json']);
    expect(JSON.parse(f.stdout).verdict).toBe('refuted');
    // every vertex of the certified polygon is certified by check() in x as well (the set is convex)
    for (const [a, b] of out.region.certified.slice(0, 3) as [number, number][]) {
      const v = lscert(['check', file, '--condition', 'alpha-beta', '--alpha', String(a), '--beta', String(b), '--json']);
      expect(JSON.parse(v.stdout).verdict, `(${a}, ${b})`).toBe('certified');
    }
  });
});
