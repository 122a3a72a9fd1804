import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, lscert, tamperedCopy } from '../helpers/cli.js';

/**
 * The normal-segment argument (issue [9] §1, docs/engine.md "Near a continuum of minimizers"):
 * claims whose residual vanishes on a line of minimizers, decided by the intervals alone
 * (--no-z3), with certificates that verify-cert re-checks and rejects when tampered with.
 */
const dir = mkdtempSync(join(tmpdir(), 'lscert-normal-'));

interface Leaf {
  how: string;
  base?: number;
  kappa?: number;
  exact?: boolean;
}
type Tree = { leaf: Leaf[] } | { split: [number, number]; children: [Tree, Tree] };

function leaves(t: Tree): Leaf[][] {
  const out: Leaf[][] = [];
  const stack = [t];
  while (stack.length) {
    const n = stack.pop()!;
    if ('leaf' in n) out.push(n.leaf);
    else stack.push(...n.children);
  }
  return out;
}

/** Runs check --no-z3 --json with a certificate; returns the verdict, JSON and the certificate (when certified). */
function run(file: string, claim: string[], name: string) {
  const cert = join(dir, `${name}.json`);
  // --no-linear-forms: Example 1 and the least-squares problem depend on x through 1 and 2 linear
  // forms, over which they are decided by the same argument at one point (test/cli/linear-forms.test.ts);
  // this file is about the argument in x (projection map, tangent penalty κ).
  const r = lscert(['check', example(file), ...claim, '--no-z3', '--json', '--cert', cert, '--no-linear-forms']);
  const j = r.json();
  return { code: r.code, j, cert, tree: j.verdict === 'certified' ? (JSON.parse(readFileSync(cert, 'utf8')).tree as Tree) : null };
}

const tampered = (cert: string, edit: (c: any) => void, name: string) => tamperedCopy(cert, edit, dir, name);

describe('underdetermined least squares in 3-D (S a line, exact quadratic residuals)', () => {
  // A = [[1, 1, 0], [0, 1, −1]]: f − f* = |r|²/4 and |∇f|² = rᵀ(AAᵀ)r/4, so μ* = λ_min(AAᵀ)/2.
  const A = [
    [1, 1, 0],
    [0, 1, -1],
  ];
  const G = A.map((ri) => A.map((rj) => ri.reduce((s, v, k) => s + v * rj[k]!, 0)));
  const [a, bb, c] = [G[0]![0]!, G[0]![1]!, G[1]![1]!];
  const lambdaMin = (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + bb * bb);
  const muStar = lambdaMin / 2;

  it('PL: certified at 0.99 μ* (one exact leaf, verified) and refuted at 1.01 μ*', () => {
    expect(muStar).toBeCloseTo(0.5, 12);
    const ok = run('ls-underdetermined.yaml', ['--condition', 'pl', '--mu', String(0.99 * muStar)], 'ls-pl');
    expect(ok.code, JSON.stringify(ok.j)).toBe(0);
    expect(leaves(ok.tree!)).toEqual([[{ point: null, how: 'normal-segment', base: 0, kappa: 0, exact: true }]]);
    expect(lscert(['verify-cert', ok.cert]).code).toBe(0);
    const no = run('ls-underdetermined.yaml', ['--condition', 'pl', '--mu', String(1.01 * muStar)], 'ls-pl-no');
    expect(no.code).toBe(1);
    expect(no.j.counterexample.residual[1]).toBeLessThan(0);
  });

  it('α-β with interpolation: certified for α − β < 2 and refuted above (residual r_i²(1 − (α − β)/2))', () => {
    for (const [alpha, beta, want] of [
      [2.5, 0.6, 0],
      [3, 1.05, 0],
      [2.5, 0.4, 1],
      [3, 0.9, 1],
    ] as const) {
      const r = run('ls-underdetermined.yaml', ['--condition', 'alpha-beta', '--alpha', String(alpha), '--beta', String(beta)], `ls-ab-${alpha}-${beta}`);
      expect(r.code, `α = ${alpha}, β = ${beta}: ${JSON.stringify(r.j)}`).toBe(want);
      if (want === 0) expect(lscert(['verify-cert', r.cert]).code).toBe(0);
    }
  });

  it('a tampered exact leaf fails: the claim raised above μ*, or the leaf marked for another base', () => {
    const ok = run('ls-underdetermined.yaml', ['--condition', 'pl', '--mu', '0.45'], 'ls-pl-045');
    expect(ok.code).toBe(0);
    const raised = tampered(
      ok.cert,
      (c) => {
        c.claim.constants.mu = '3/5';
      },
      'ls-raised',
    );
    const v = lscert(['verify-cert', raised]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/normal-segment/);
    const base = tampered(
      ok.cert,
      (c) => {
        c.tree.leaf[0].base = 1;
      },
      'ls-base',
    );
    expect(lscert(['verify-cert', base]).code).toBe(1);
  });
});

describe('Example 1 (S the line x + y = −1/2, rational terms)', () => {
  it('Aiming θ = 0.05 is certified by the intervals alone, with normal-segment leaves that verify', () => {
    const r = run('ex1-unbounded.yaml', ['--condition', 'aiming', '--theta', '0.05'], 'ex1-aim');
    expect(r.code, JSON.stringify(r.j)).toBe(0);
    const segs = leaves(r.tree!).filter((l) => l[0]!.how === 'normal-segment');
    expect(segs.length).toBeGreaterThan(10);
    expect(segs.every((l) => l[0]!.exact === false && l[0]!.kappa! > 0)).toBe(true);
    expect(lscert(['verify-cert', r.cert]).code).toBe(0);
  });

  it("PL μ = 1e-4 is certified by the intervals alone where it holds ([−2, 2]²), and refuted on the example's [−3, 3]²", () => {
    // Issue [9] asks for μ = 1e-4 certified on examples/ex1-unbounded.yaml, whose box is [−3, 3]²:
    // false there (at (3, 3), |∇f|²/2 ≈ 5.2e-5 < μ (f − f*) ≈ 7.8e-5). On [−2, 2]² it holds, and the
    // normal-segment argument proves it near the line of minimizers.
    const text = readFileSync(example('ex1-unbounded.yaml'), 'utf8').replace('domain: { x: [-3, 3], y: [-3, 3] }', 'domain: { x: [-2, 2], y: [-2, 2] }');
    expect(text).toContain('[-2, 2]');
    const small = join(dir, 'ex1-2.yaml');
    writeFileSync(small, text);
    const cert = join(dir, 'ex1-pl.json');
    const r = lscert(['check', small, '--condition', 'pl', '--mu', '1e-4', '--no-z3', '--no-linear-forms', '--json', '--cert', cert]);
    expect(r.code, r.stdout).toBe(0);
    const tree = JSON.parse(readFileSync(cert, 'utf8')).tree as Tree;
    expect(leaves(tree).some((l) => l[0]!.how === 'normal-segment')).toBe(true);
    expect(lscert(['verify-cert', cert, '--problem', small]).code).toBe(0);
    const big = lscert(['check', example('ex1-unbounded.yaml'), '--condition', 'pl', '--mu', '1e-4', '--no-z3', '--no-linear-forms', '--json']);
    expect(big.code).toBe(1);
    const [x, y] = big.json().counterexample.x as number[];
    expect(Math.abs(x! + y! + 0.5)).toBeGreaterThan(4);
  });

  it('tampered interval leaves fail: κ negative, marked exact, or a θ beyond the curvature near S', () => {
    const r = { cert: join(dir, 'ex1-aim.json') }; // written by the test above
    const edit = (f: (leaf: Leaf) => void) => (c: any) => {
      const stack = [c.tree];
      while (stack.length) {
        const n = stack.pop();
        if (n.leaf) {
          if (n.leaf[0].how === 'normal-segment') return f(n.leaf[0]);
        } else stack.push(...n.children);
      }
    };
    for (const [name, f] of [
      ['kappa', (l: Leaf) => (l.kappa = -1)],
      ['exact', (l: Leaf) => (l.exact = true)],
    ] as const) {
      const v = lscert(['verify-cert', tampered(r.cert, edit(f), `ex1-${name}`)]);
      expect(v.code, `${name}: ${v.stdout}`).toBe(1);
      expect(v.stdout).toMatch(/normal-segment/);
    }
    // Near S the residual's curvature is (2 − θ)∇²f: with θ = 2.5 no normal-segment leaf holds (nor do most bounds leaves).
    const v = lscert([
      'verify-cert',
      tampered(
        r.cert,
        (c) => {
          c.claim.constants.theta = '5/2';
        },
        'ex1-theta',
      ),
    ]);
    expect(v.code).toBe(1);
  });
});
