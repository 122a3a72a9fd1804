import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, lscert, tamperedCopy, tempProblem } from '../helpers/cli.js';

/**
 * Convexity arguments on large boxes (docs/engine.md, "Local convexity"): regularised logistic
 * regression, a generalised linear model whose Hessian ∇²f = (1/n) Σ σ'(a_iᵀx) a_i a_iᵀ + λI is
 * bounded below by λI through the rank-one split, so PL (μ ≤ λ), Aiming and QCvx (θ ≤ 1) hold on
 * the whole box in one leaf; and α-β for α ≥ 1, α − β ≤ 1 from the convexity of every term.
 * Before the split, these claims stayed inconclusive from d = 4 on (docs/benchmarks.md).
 */
const dir = mkdtempSync(join(tmpdir(), 'lscert-convexity-'));

const A = [
  [5, -6, 6],
  [-4, 0, 7],
  [7, 1, 5],
  [-6, -1, -3],
  [4, 3, 1],
  [-1, -5, -1],
];
const Y = [1, -1, 1, -1, -1, 1];
const reg = '1/20*(x^2 + y^2 + z^2)';
const terms = A.map((a, i) => `"softplus(${-Y[i]!}*(${a[0]}/8*x + ${a[1]}/8*y + ${a[2]}/8*z)) + ${reg}"`);
const problem = tempProblem(
  [
    '# Regularised logistic regression (λ = 1/10), d = 3, n = 6: f is 1/10-strongly convex.',
    'name: logreg-test',
    'variables: [x, y, z]',
    `terms: [${terms.join(', ')}]`,
    'domain: { x: [-3, 3], y: [-3, 3], z: [-3, 3] }',
    'minimizers: { auto: true }',
    '',
  ].join('\n'),
  'logreg.yaml',
);

type Tree = { leaf: { how: string; m?: number; M?: number }[] } | { split: [number, number]; children: [Tree, Tree] };
function hows(t: Tree): Set<string> {
  const out = new Set<string>();
  const stack = [t];
  while (stack.length) {
    const n = stack.pop()!;
    if ('leaf' in n) for (const l of n.leaf) out.add(l.how);
    else stack.push(...n.children);
  }
  return out;
}

function run(file: string, claim: string[], name: string) {
  const cert = join(dir, `${name}.json`);
  const r = lscert(['check', file, ...claim, '--no-z3', '--json', '--cert', cert]);
  const j = r.json();
  return { code: r.code, j, cert, tree: j.verdict === 'certified' ? (JSON.parse(readFileSync(cert, 'utf8')).tree as Tree) : null };
}

const tampered = (cert: string, edit: (c: any) => void, name: string) => tamperedCopy(cert, edit, dir, name);

describe('regularised logistic regression on [−3, 3]³', () => {
  it('PL (μ = 1/20) is certified by strong convexity in one leaf, the certificate verifies, and a raised m fails', () => {
    const ok = run(problem, ['--condition', 'pl', '--mu', '1/20'], 'pl');
    expect(ok.code, JSON.stringify(ok.j)).toBe(0);
    expect(ok.j.boxes).toBe(1);
    expect('leaf' in ok.tree! && ok.tree.leaf[0]!.how).toBe('local-convexity');
    const leaf = (ok.tree as { leaf: { m: number; M: number }[] }).leaf[0]!;
    // λ_min ≥ λ = 1/10, found up to the bisection's tolerance.
    expect(leaf.m).toBeGreaterThanOrEqual(0.1 - 1e-8);
    expect(lscert(['verify-cert', ok.cert]).code).toBe(0);
    for (const [edit, name] of [
      [(c: any) => (c.tree.leaf[0].m = 0.2), 'pl-m'],
      [(c: any) => (c.tree.leaf[0].M = leaf.m * 1.01), 'pl-M'],
    ] as const) {
      const v = lscert(['verify-cert', tampered(ok.cert, edit, name)]);
      expect(v.code, v.stdout).toBe(1);
      expect(v.stdout).toMatch(/not implied by the recomputed .* nor proved by the rank-one split/);
    }
  });

  it('--no-convexity turns the argument off: the same claim is not proved in 200 boxes', () => {
    const r = lscert(['check', problem, '--condition', 'pl', '--mu', '1/20', '--no-z3', '--json', '--no-convexity', '--max-boxes', '200']);
    expect(r.code).toBe(2);
    expect(r.json().coverage).toBeLessThan(1);
  });

  it('PL far above the curvature (μ = 10) is refuted', () => {
    const no = run(problem, ['--condition', 'pl', '--mu', '10'], 'pl-no');
    expect(no.code).toBe(1);
    expect(no.j.counterexample.residual[1]).toBeLessThan(0);
  });

  it('Aiming and QCvx with θ = 1 are certified in one leaf (convexity gives θ ≤ 1 + m/M)', () => {
    for (const c of ['aiming', 'qcvx']) {
      const ok = run(problem, ['--condition', c, '--theta', '1'], c);
      expect(ok.code, JSON.stringify(ok.j)).toBe(0);
      expect(ok.j.boxes).toBe(1);
      expect(lscert(['verify-cert', ok.cert]).code).toBe(0);
    }
  });

  it('α-β with α ≥ 1 and α − β ≤ 1 is certified by convex terms; the checker refuses the leaf for other constants', () => {
    for (const [alpha, beta] of [
      ['1', '0'],
      ['3/2', '1/2'],
      ['2', '3/2'],
    ]) {
      const ok = run(problem, ['--condition', 'alpha-beta', '--alpha', alpha, '--beta', beta], `ab-${alpha}-${beta}`.replace(/\//g, '_'));
      expect(ok.code, JSON.stringify(ok.j)).toBe(0);
      expect(hows(ok.tree!)).toEqual(new Set(['convexity']));
      expect(lscert(['verify-cert', ok.cert]).code).toBe(0);
    }
    const base = join(dir, 'ab-1-0.json');
    for (const [alpha, beta] of [
      ['3', '1'],
      ['1/2', '0'],
    ]) {
      const v = lscert([
        'verify-cert',
        tampered(
          base,
          (c) => {
            c.claim.constants = { alpha, beta };
          },
          `ab-claim-${alpha}`.replace(/\//g, '_'),
        ),
      ]);
      expect(v.code, v.stdout).toBe(1);
      expect(v.stdout).toMatch(/only for alpha >= 1 and 0 <= alpha - 1 <= beta/);
    }
  });
});

describe('certificates the checker once refused (found by a review)', () => {
  it('a quadratic term whose Gershgorin bound is exactly 0, and a term whose Hessian overflows at the edge, verify', () => {
    for (const [name, text] of [
      [
        'gershgorin-zero',
        'name: g0\nvariables: [x, y, z]\nterms: ["3/2*x^2 + x*y + 2*x*z + 1/2*y^2 + z^2", "x^2 + y^2 + z^2"]\ndomain: { "*": [-1, 1] }\nminimizers: { points: [[0, 0, 0]] }\n',
      ],
      [
        'overflow',
        'name: ov\nvariables: [x, y]\nterms: ["exp(exp(x^2))*(1 + y^2)"]\ndomain: { x: ["-2558/1000", "2558/1000"], y: [0, 0] }\nminimizers: { points: [[0, 0]] }\n',
      ],
    ]) {
      const ok = run(tempProblem(text, `${name}.yaml`), ['--condition', 'alpha-beta', '--alpha', '1', '--beta', '0'], name);
      expect(ok.code, JSON.stringify(ok.j)).toBe(0);
      const v = lscert(['verify-cert', ok.cert]);
      expect(v.code, v.stdout).toBe(0);
    }
  });
});

describe('constants use convex terms', () => {
  it('α-β with β = α − 1: the best α is 1 (the definition β ≥ 0 limits it), certified by convex terms and confirmed by check()', () => {
    const r = lscert(['constants', problem, '--condition', 'alpha-beta', '--fix', 'beta = alpha - 1', '--json', '--time-limit', '20']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.certified).toBe(1);
    expect(j.confirmation.certified).toMatchObject({ verdict: 'certified', claim: { alpha: '1', beta: '0' } });
  });
});

describe('a forged convexity leaf on a problem whose terms are not convex', () => {
  it('is rejected (Example 6: f_i = 1 − exp(−‖x − c_i‖²) is not convex far from c_i), though α − β = 1 passes the constants test', () => {
    const ok = run(example('ex6-saddle.yaml'), ['--condition', 'alpha-beta', '--alpha', '41.37', '--beta', '40.37'], 'ex6');
    expect(ok.code, JSON.stringify(ok.j)).toBe(0);
    const forged = tampered(
      ok.cert,
      (c) => {
        c.tree = { leaf: [0, 1].map((point) => ({ point, how: 'convexity' })) };
      },
      'ex6-forged',
    );
    const v = lscert(['verify-cert', forged]);
    expect(v.code, v.stdout).toBe(1);
    expect(v.stdout).toMatch(/f_\d+ is not proved convex on the hull/);
  });
});
