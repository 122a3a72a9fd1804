import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, lscert, tempProblem } from '../helpers/cli.js';

/**
 * S given by equations (issue [9] §2): f = (x y − 1)² on [1/2, 2]² with
 * `minimizers: { implicit: ["x*y - 1"] }` (examples/hyperbola.yaml). The best constants are
 * computed here independently of lscert:
 * - PL: |∇f|² / (2 f) = 2 (x² + y²), so μ* = 2 · min (x² + y²) = 1 (at (1/2, 1/2));
 * - Aiming (and α-β, whose one-term residual is Aiming's with θ = α − β because f_1* = f* = 0):
 *   θ* = inf ⟨∇f(x), x − p(x)⟩ / f(x) = inf 2 ⟨∇g(x), x − p⟩ / g(x), with p(x) the nearest point
 *   of the hyperbola: p = (t, 1/t) with t the real root of t⁴ − a t³ + b t − 1 = 0 that is
 *   closest (a quartic, solved here by sign changes and bisection).
 */
function nearest(a: number, b: number): [number, number] {
  const q = (t: number) => t ** 4 - a * t ** 3 + b * t - 1;
  let best: [number, number] | null = null;
  let bestD = Infinity;
  const R = 2 + Math.abs(a) + Math.abs(b);
  const N = 4000;
  for (let k = 0; k < N; k++) {
    let lo = -R + (2 * R * k) / N;
    let hi = lo + (2 * R) / N;
    if (Math.sign(q(lo)) * Math.sign(q(hi)) > 0) continue;
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2;
      if (Math.sign(q(mid)) === Math.sign(q(lo))) lo = mid;
      else hi = mid;
    }
    const t = (lo + hi) / 2;
    if (t === 0) continue;
    const d = (t - a) ** 2 + (1 / t - b) ** 2;
    if (d < bestD) [best, bestD] = [[t, 1 / t], d];
  }
  return best!;
}

/** ⟨∇f(x), x − p(x)⟩ / f(x) for f = (x y − 1)². */
function aimingRatio(a: number, b: number): number {
  const g = a * b - 1;
  const [p, q] = nearest(a, b);
  return (2 * g * (b * (a - p) + a * (b - q))) / (g * g);
}

const N = 40;
let thetaStar = Infinity;
for (let i = 0; i <= N; i++)
  for (let j = 0; j <= N; j++) {
    const [a, b] = [0.5 + (1.5 * i) / N, 0.5 + (1.5 * j) / N];
    if (Math.abs(a * b - 1) > 1e-6) thetaStar = Math.min(thetaStar, aimingRatio(a, b));
  }
const MU_STAR = 1;

function check(claim: string[]) {
  const r = lscert(['check', example('hyperbola.yaml'), ...claim, '--json']);
  return { code: r.code, j: r.json(), stderr: r.stderr };
}

/** A refutation's witness fails independently: its residual, with the quartic's nearest point, is < 0. */
function expectWitnessFails(x: number[], residual: (a: number, b: number) => number) {
  expect(x[0]!).toBeGreaterThanOrEqual(0.5);
  expect(x[1]!).toBeLessThanOrEqual(2);
  expect(residual(x[0]!, x[1]!)).toBeLessThan(0);
}

describe('S given by equations: f = (x y − 1)² with implicit: ["x*y - 1"]', () => {
  it('the independent best constants: μ* = 1, θ* = 4/3 (at the corner (1/2, 1/2))', () => {
    expect(thetaStar).toBeCloseTo(4 / 3, 6);
  });

  it('PL certified at 0.99 μ* and refuted at 1.01 μ*', () => {
    const ok = check(['--condition', 'pl', '--mu', String(0.99 * MU_STAR)]);
    expect(ok.j.verdict).toBe('certified');
    expect(ok.code).toBe(0);
    expect(ok.j.notes.join(' ')).toMatch(/S given by equations.*f = f\* and ∇f = 0 on S are proved symbolically/);
    const no = check(['--condition', 'pl', '--mu', String(1.01 * MU_STAR)]);
    expect(no.j.verdict).toBe('refuted');
    const mu = 1.01 * MU_STAR;
    expectWitnessFails(no.j.counterexample.x, (a, b) => {
      const g = a * b - 1;
      return 4 * g * g * (a * a + b * b) - 2 * mu * g * g;
    });
  }, 120_000);

  it('the same problem from the command line (--implicit): the same verdicts', () => {
    const flags = ['--term', '(x*y - 1)^2', '--box', 'x=0.5:2,y=0.5:2', '--implicit', 'x*y - 1', '--fstar', '0', '--term-minima', '0', '--json', '--no-z3'];
    const ok = lscert(['check', ...flags, '--condition', 'pl', '--mu', String(0.99 * MU_STAR)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json().verdict).toBe('certified');
    const no = lscert(['check', ...flags, '--condition', 'pl', '--mu', String(1.01 * MU_STAR)]);
    expect(no.code, no.stderr).toBe(1);
  }, 120_000);

  it('Aiming certified at 0.97 θ* and refuted at 1.03 θ*', () => {
    const ok = check(['--condition', 'aiming', '--theta', String(0.97 * thetaStar)]);
    expect(ok.j.verdict).toBe('certified');
    const theta = 1.03 * thetaStar;
    const no = check(['--condition', 'aiming', '--theta', String(theta)]);
    expect(no.j.verdict).toBe('refuted');
    expectWitnessFails(no.j.counterexample.x, (a, b) => {
      const g = a * b - 1;
      return g * g * (aimingRatio(a, b) - theta);
    });
  }, 120_000);

  it('α-β certified for α − β = 0.97 θ* and refuted for α − β = 1.03 θ*', () => {
    const ok = check(['--condition', 'alpha-beta', '--alpha', String(1 + 0.97 * thetaStar), '--beta', '1']);
    expect(ok.j.verdict).toBe('certified');
    const no = check(['--condition', 'alpha-beta', '--alpha', String(1 + 1.03 * thetaStar), '--beta', '1']);
    expect(no.j.verdict).toBe('refuted');
  }, 120_000);

  it('constants: μ and θ bracketed within 5 % of μ* and θ*; the α-β region hugs α − β = θ*', () => {
    // A generous limit: the command ends when its brackets are done (about 1.5 s, 2 s and 11 s on an
    // idle core); with 40 s, three busy processes on 2 cores left the α-β region short of rays.
    const run = (args: string[]) => lscert(['constants', example('hyperbola.yaml'), ...args, '--json', '--time-limit', '120']).json();
    for (const [condition, best] of [
      ['pl', MU_STAR],
      ['aiming', thetaStar],
    ] as const) {
      const r = run(['--condition', condition]);
      expect(r.certified, condition).toBeLessThanOrEqual(best);
      expect(r.certified, condition).toBeGreaterThanOrEqual(0.95 * best);
      expect(r.refuted, condition).toBeGreaterThan(best);
      expect(r.refuted, condition).toBeLessThanOrEqual(1.05 * best);
      expect(r.confirmation.certified.verdict).toBe('certified');
      expect(r.confirmation.refuted.verdict).toBe('refuted');
      expect(r.notes.join(' ')).toMatch(/S given by equations/);
    }
    // α-β (one term, f_1* = f* = 0): the claim holds iff α − β ≤ θ*.
    const ab = run(['--condition', 'alpha-beta']);
    const gaps = (vs: [number, number][]) => vs.map(([a, b]) => a - b);
    expect(ab.region.certified.length).toBeGreaterThan(2);
    expect(Math.max(...gaps(ab.region.certified))).toBeLessThanOrEqual(thetaStar);
    expect(Math.max(...gaps(ab.region.certified))).toBeGreaterThanOrEqual(0.95 * thetaStar);
    // Outside the refuted (outer) polygon every pair fails: it must contain the whole true region.
    expect(Math.max(...gaps(ab.region.refuted))).toBeGreaterThanOrEqual(thetaStar);
    expect(Math.max(...gaps(ab.region.refuted))).toBeLessThanOrEqual(1.05 * thetaStar);
  }, 180_000);

  it('probe: finds verified counterexamples above μ* and θ*, none below (the slots at an approximate nearest point)', () => {
    const probe = (args: string[]) => lscert(['probe', example('hyperbola.yaml'), ...args, '--json', '--time-limit', '3']);
    const mu = 1.01 * MU_STAR;
    const no = probe(['--condition', 'pl', '--mu', String(mu)]);
    expect(no.json().verdict).toBe('refuted');
    expectWitnessFails(no.json().counterexample.x, (a, b) => {
      const g = a * b - 1;
      return 4 * g * g * (a * a + b * b) - 2 * mu * g * g;
    });
    const theta = 1.03 * thetaStar;
    const na = probe(['--condition', 'aiming', '--theta', String(theta)]).json();
    expect(na.verdict).toBe('refuted');
    expectWitnessFails(na.counterexample.x, (a, b) => {
      const g = a * b - 1;
      return g * g * (aimingRatio(a, b) - theta);
    });
    // The reported nearest point lies on S.
    const [p, q] = na.counterexample.projection;
    expect(Math.abs(p * q - 1)).toBeLessThan(1e-6);
    for (const ok of [
      ['--condition', 'pl', '--mu', String(0.99 * MU_STAR)],
      ['--condition', 'aiming', '--theta', String(0.97 * thetaStar)],
    ]) {
      const r = probe(ok).json();
      expect(r.verdict, ok.join(' ')).toBe('inconclusive');
      expect(r.counterexample).toBeNull();
    }
  }, 120_000);

  it('QCvx: one fixed x*, a point of S proved near the centre; its failure refutes nothing, its proof certifies', () => {
    // On the hyperbola QCvx fails for x* = (1, 1) (at x = (2, 0.6): g = 0.2 > 0 while
    // ⟨∇f, x − x*⟩ = 2 g (2xy − x − y) < 0): another x* might work, so that is not a refutation.
    const h = check(['--condition', 'qcvx', '--theta', '1', '--no-z3']);
    expect(h.j.verdict).toBe('inconclusive');
    expect(h.code).toBe(2);
    expect(h.j.reason).toMatch(/refuted for x\* = \(1, 1\), a point of S near the centre of the domain; other points of S were not tried/);
    // f = (x + y)² with S = {x + y = 0} given by equations, on a box S does not meet: for any x* ∈ S,
    // ⟨∇f, x − x*⟩ = 2 (x + y)², so QCvx holds exactly for θ ≤ 2.
    const line = tempProblem(
      'name: line\nvariables: [x, y]\nterms: ["(x + y)^2"]\ndomain: { x: [1, 2], y: [0, 1] }\nminimizers: { implicit: ["x + y"] }\nfstar: 0\n',
    );
    const dir = mkdtempSync(join(tmpdir(), 'lscert-qcvx-'));
    const ok = lscert(['check', line, '--condition', 'qcvx', '--theta', '1.9', '--no-z3', '--json', '--cert', join(dir, 'c.json')]);
    expect(ok.json().verdict).toBe('certified');
    expect(ok.json().xstar.value[0] + ok.json().xstar.value[1]).toBeCloseTo(0, 12);
    // The certificate holds x* as a small box that verify-cert proves again to hold a point of S
    // (one Krawczyk test); moved off S, or with a larger θ, it fails.
    const cert = join(dir, 'c.json');
    expect(existsSync(cert)).toBe(true);
    expect(lscert(['verify-cert', cert]).code).toBe(0);
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    expect(c.slots.map((s: { name: string }) => s.name)).toEqual(['Xstar_x', 'Xstar_y']);
    const moved = structuredClone(c);
    moved.slots[0].lo += 0.1;
    moved.slots[0].hi += 0.1;
    writeFileSync(join(dir, 'moved.json'), JSON.stringify(moved));
    const m = lscert(['verify-cert', join(dir, 'moved.json')]);
    expect(m.code).toBe(1);
    expect(m.stdout).toMatch(/is not proved to hold a point of S/);
    const larger = structuredClone(c);
    larger.claim.constants.theta = '21/10';
    writeFileSync(join(dir, 'theta.json'), JSON.stringify(larger));
    expect(lscert(['verify-cert', join(dir, 'theta.json')]).code).toBe(1);
    // A curved S: the circle, a box S does not meet; x* ≈ (0.98, 0.20) has one free coordinate.
    const circle = tempProblem(
      'name: circle\nvariables: [x, y]\nterms: ["(x^2 + y^2 - 1)^2"]\ndomain: { x: [2, 3], y: [0, 1] }\nminimizers: { implicit: ["x^2 + y^2 - 1"] }\nfstar: 0\n',
      'circle.yaml',
    );
    const cc = lscert(['check', circle, '--condition', 'qcvx', '--theta', '0.5', '--no-z3', '--json', '--cert', join(dir, 'circle.json')]);
    expect(cc.json().verdict).toBe('certified');
    const [xs, ys] = cc.json().xstar.value;
    expect(Math.abs(xs * xs + ys * ys - 1)).toBeLessThan(1e-12);
    expect(lscert(['verify-cert', join(dir, 'circle.json')]).code).toBe(0);
    // Shards take x* near the whole domain's centre, as one job does (they took it near their own
    // centres, so every merge was refused): the same x*, a merged certificate that verifies.
    for (const k of [1, 2]) {
      const sh = lscert([
        'check',
        circle,
        '--condition',
        'qcvx',
        '--theta',
        '0.5',
        '--no-z3',
        '--shard',
        `${k}/2`,
        '--json',
        '--cert',
        join(dir, `s${k}.json`),
      ]);
      expect(sh.json().verdict).toBe('certified');
      expect(sh.json().xstar.value).toEqual(cc.json().xstar.value);
    }
    const merged = lscert(['merge-certs', join(dir, 'merged.json'), join(dir, 's1.json'), join(dir, 's2.json')]);
    expect(merged.code, merged.stdout).toBe(0);
    expect(lscert(['verify-cert', join(dir, 'merged.json')]).code).toBe(0);
    // --jobs cuts it into pieces too (it ran as one job while pieces chose their own x*).
    const pj = lscert(['check', circle, '--condition', 'qcvx', '--theta', '0.5', '--no-z3', '--jobs', '2', '--json', '--cert', join(dir, 'jobs.json')]);
    expect(pj.json().verdict).toBe('certified');
    expect(pj.json().jobs.pieces).toBeGreaterThan(1);
    expect(lscert(['verify-cert', join(dir, 'jobs.json')]).code).toBe(0);
    // Shards whose x* boxes differ (one moved by 1e-13) prove nothing together: refused.
    const s2 = JSON.parse(readFileSync(join(dir, 's2.json'), 'utf8'));
    for (const sl of s2.slots) if (sl.name.startsWith('Xstar_')) [sl.lo, sl.hi] = [sl.lo + 1e-13, sl.hi + 1e-13];
    writeFileSync(join(dir, 's2-moved.json'), JSON.stringify(s2));
    const refused = lscert(['merge-certs', join(dir, 'merged2.json'), join(dir, 's1.json'), join(dir, 's2-moved.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/different x\*/);
    const no = lscert(['check', line, '--condition', 'qcvx', '--theta', '2.1', '--no-z3', '--json']);
    expect(no.json().verdict).toBe('inconclusive');
    expect(no.json().reason).toMatch(/other points of S were not tried/);
  }, 120_000);

  it('QCvx proved with the normal-segment argument around x*: certified, and no certificate (the checker accepts no such leaf for it)', () => {
    // S = {x + y = 0} crosses the box: near S only the second-order argument settles boxes.
    const line = tempProblem('name: line\nvariables: [x, y]\nterms: ["(x + y)^2"]\ndomain: { x: [-1, 1], y: [-1, 1] }\nminimizers: { implicit: ["x + y"] }\n');
    const cert = join(mkdtempSync(join(tmpdir(), 'lscert-qcvx-')), 'c.json');
    const r = lscert(['check', line, '--condition', 'qcvx', '--theta', '1', '--no-z3', '--json', '--cert', cert]);
    expect(r.json().verdict).toBe('certified');
    expect(r.json().notes.join(' ')).toMatch(/no certificate written: QCvx with S given by equations was proved with the normal-segment argument/);
    expect(existsSync(cert)).toBe(false);
  });
  it('constants --condition qcvx: brackets the constant of the one x* tried, and refutes nothing', () => {
    // f = (x + y)², S = {x + y = 0}, a box S does not meet: θ ≤ 2 for every x* ∈ S.
    const line = tempProblem(
      'name: line\nvariables: [x, y]\nterms: ["(x + y)^2"]\ndomain: { x: [1, 2], y: [0, 1] }\nminimizers: { implicit: ["x + y"] }\nfstar: 0\n',
    );
    const r = lscert(['constants', line, '--condition', 'qcvx', '--json', '--time-limit', '60']).json();
    expect(r.certified).toBeLessThanOrEqual(2);
    expect(r.certified).toBeGreaterThanOrEqual(0.95 * 2);
    expect(r.refuted).toBeNull();
    expect(r.notes.join(' ')).toMatch(/only one x\* ∈ S \(proved near the centre\) is tried/);
    // The hyperbola: for x* = (1, 1) no positive θ holds near S, which says nothing of the other x*.
    const h = lscert(['constants', example('hyperbola.yaml'), '--condition', 'qcvx', '--json', '--time-limit', '60']).json();
    expect(h.refuted).toBeNull();
    expect(h.best).toBeUndefined();
    expect(h.notes.join(' ')).toMatch(/other x\* ∈ S were not tried, so nothing is refuted/);
  }, 120_000);

  it('what is not supported yet says so in one line (exit 65), and bad input names the field', () => {
    const base = 'name: bad\nvariables: [x, y]\nterms: ["(x*y - 1)^2"]\ndomain: { x: [0.5, 2], y: [0.5, 2] }\n';
    const two = lscert(['check', tempProblem(`${base}minimizers: { implicit: ["x*y - 1", "x - y"] }\n`), '--condition', 'pl', '--mu', '1']);
    expect(two.code).toBe(65);
    expect(two.stderr).toMatch(/minimizers\.implicit.*2 equations for 2 variables/);
    const constant = lscert(['check', tempProblem(`${base}minimizers: { implicit: ["1 + 1"] }\n`), '--condition', 'pl', '--mu', '1']);
    expect(constant.code).toBe(65);
    expect(constant.stderr).toMatch(/minimizers\.implicit\[0\].*is a constant/);
  }, 120_000);
});

interface Leaf {
  how: string;
  point: number | null;
  base?: number;
  kappa?: number;
  exact?: boolean;
}
type Tree = { leaf: Leaf[] } | { split: [number, number]; children: [Tree, Tree] };

function leaves(t: Tree): Leaf[] {
  const out: Leaf[] = [];
  const stack = [t];
  while (stack.length) {
    const n = stack.pop()!;
    if ('leaf' in n) out.push(...n.leaf);
    else stack.push(...n.children);
  }
  return out;
}

/**
 * Certificates with S given by equations: verify-cert encloses the nearest points of every leaf
 * box itself (src/cert/nearest.ts), binds the slots to them, and re-checks the bounds and
 * normal-segment leaves; tampered certificates fail.
 */
describe('certificates with S given by equations (hyperbola, --no-z3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lscert-implicit-'));
  const certs: Record<string, string> = {};
  const verify = (file: string) => {
    const r = lscert(['verify-cert', file, '--json']);
    return { code: r.code, j: r.json() };
  };
  const tampered = (src: string, edit: (c: any) => void, name: string) => {
    const c = JSON.parse(readFileSync(src, 'utf8'));
    edit(c);
    const out = join(dir, `${name}.json`);
    writeFileSync(out, JSON.stringify(c));
    return out;
  };
  const firstSegment = (c: any): Leaf => {
    const stack = [c.tree];
    while (stack.length) {
      const n = stack.pop();
      if (n.leaf) {
        if (n.leaf[0].how === 'normal-segment') return n.leaf[0];
      } else stack.push(...n.children);
    }
    throw new Error('no normal-segment leaf');
  };

  for (const [name, claim] of [
    ['pl', ['--condition', 'pl', '--mu', '0.99']],
    ['aiming', ['--condition', 'aiming', '--theta', '1.3']],
    ['alpha-beta', ['--condition', 'alpha-beta', '--alpha', '2.3', '--beta', '1']],
  ] as const) {
    it(`${name}: check --cert writes a certificate with bounds and normal-segment leaves that verify-cert accepts`, () => {
      const file = join(dir, `${name}.json`);
      const r = lscert(['check', example('hyperbola.yaml'), ...claim, '--no-z3', '--json', '--cert', file]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.json().verdict).toBe('certified');
      const c = JSON.parse(readFileSync(file, 'utf8'));
      // The nearest point is written as d unbounded slots; nothing else is recorded for it.
      expect(c.slots.map((s: any) => [s.name, s.lo, s.hi, s.witness])).toEqual([
        ['S_x', '-Infinity', 'Infinity', null],
        ['S_y', '-Infinity', 'Infinity', null],
      ]);
      expect(c.fstarAt).toBeNull();
      const all = leaves(c.tree);
      expect(all.some((l) => l.how === 'bounds')).toBe(true);
      const segs = all.filter((l) => l.how === 'normal-segment');
      expect(segs.length).toBeGreaterThan(10);
      expect(segs.every((l) => l.base === 0 && l.exact === false && l.kappa! > 0)).toBe(true);
      const v = verify(file);
      expect(v.code, JSON.stringify(v.j.reasons)).toBe(0);
      expect(v.j.valid).toBe(true);
      expect(v.j.leaves).toBe(all.length);
      expect(v.j.verified.assumed.minimizers).toBe('implicit');
      expect(v.j.verified.assumed.minimizersText).toMatch(/x\*y - 1/);
      certs[name] = file;
    }, 120_000);
  }

  it('a false constant in the claim fails (μ = 1.01 > μ* = 1, θ = 7/5 > θ* = 4/3, α − β = 7/5)', () => {
    for (const [name, edit] of [
      ['pl', (c: any) => (c.claim.constants.mu = '101/100')],
      ['aiming', (c: any) => (c.claim.constants.theta = '7/5')],
      ['alpha-beta', (c: any) => (c.claim.constants.alpha = '12/5')],
    ] as const) {
      const v = verify(tampered(certs[name]!, edit, `${name}-false`));
      expect(v.code, name).toBe(1);
      expect(v.j.valid).toBe(false);
      expect(v.j.reasons.join('\n')).toMatch(/lower bound .* < 0/);
    }
  });

  it('tampered normal-segment leaves fail: κ negative, κ = 0 (the tangent penalty is needed), marked exact', () => {
    const kneg = verify(tampered(certs.pl!, (c) => (firstSegment(c).kappa = -1), 'pl-kneg'));
    expect(kneg.code).toBe(1);
    expect(kneg.j.reasons.join('\n')).toMatch(/normal-segment.*kappa must be a finite number/);
    const k0 = verify(
      tampered(
        certs.aiming!,
        (c) => {
          const stack = [c.tree];
          while (stack.length) {
            const n = stack.pop();
            if (n.leaf) {
              if (n.leaf[0].how === 'normal-segment') n.leaf[0].kappa = 0;
            } else stack.push(...n.children);
          }
        },
        'aiming-k0',
      ),
    );
    expect(k0.code).toBe(1);
    expect(k0.j.reasons.join('\n')).toMatch(/normal-segment.*not provably positive definite/);
    const exact = verify(tampered(certs.pl!, (c) => (firstSegment(c).exact = true), 'pl-exact'));
    expect(exact.code).toBe(1);
    expect(exact.j.reasons.join('\n')).toMatch(/normal-segment.*not a constant matrix/);
  });

  it('the nearest-point slots must be written unbounded; a forged Z3 leaf is asked with them free', () => {
    const bounded = verify(
      tampered(
        certs.aiming!,
        (c) => {
          c.slots[0].lo = 1;
          c.slots[0].hi = 1;
        },
        'aiming-slot',
      ),
    );
    expect(bounded.code).toBe(1);
    expect(bounded.j.reasons[0]).toMatch(/slots\[0\]: the nearest-point slot .* must be unbounded/);
    // PL with f* given does not involve the nearest point: the whole claim is one true Z3 query.
    const plZ3 = verify(tampered(certs.pl!, (c) => (c.tree = { leaf: [{ point: null, how: 'z3' }] }), 'pl-z3'));
    expect(plZ3.code, JSON.stringify(plZ3.j.reasons)).toBe(0);
    // Aiming does (x − p): with p free, Z3 finds a p that violates it, so the one-leaf tree fails.
    const aimZ3 = verify(tampered(certs.aiming!, (c) => (c.tree = { leaf: [{ point: 0, how: 'z3' }] }), 'aiming-z3'));
    expect(aimZ3.code).toBe(1);
    expect(aimZ3.j.reasons.join('\n')).toMatch(/z3.*not unsat/);
  }, 60_000);
});

describe('S given by several equations: the vanishing facts need the whole ideal (Gröbner basis)', () => {
  it('f = (x − y)² + (y z − 1)² with implicit ["x - y", "y*z - 1"]: ∇f = 0 and f = f* on S are proved, not trusted', () => {
    // ∂f/∂y = −2(x − y) + 2z(y z − 1) lies in (x − y, y z − 1) but in neither (x − y) nor (y z − 1)
    // alone: before the Gröbner basis the note said "that S consists of minimizers is trusted".
    const file = tempProblem(
      [
        'name: curve',
        'variables: [x, y, z]',
        'terms: ["(x - y)^2", "(y*z - 1)^2"]',
        'domain: { x: [0.5, 2], y: [0.5, 2], z: [0.5, 2] }',
        'minimizers: { implicit: ["x - y", "y*z - 1"] }',
        'fstar: 0',
        'termMinima: 0',
        '',
      ].join('\n'),
    );
    const r = lscert(['check', file, '--condition', 'pl', '--mu', '0.01', '--max-boxes', '200', '--no-z3', '--json']);
    const notes = (r.json().notes as string[]).join(' ');
    expect(notes).toMatch(/f = f\* and ∇f = 0 on S are proved symbolically/);
    expect(notes).not.toMatch(/trusted/);
  }, 60_000);
});

describe('S given by an equation that is not a polynomial: y = sqrt(x)', () => {
  // f = (sqrt(x) − y)², S = {y = sqrt(x)}, f* = 0 on [1/4, 4] × [0, 3]. With u = sqrt(x) − y,
  // |∇f|²/2 = u² (2 + 1/(2x)), so PL holds exactly for μ ≤ μ* = 2 + 1/8 = 2.125 (at x = 4).
  // The facts of the normal-segment argument (the residual and its gradient vanish on S) need
  // sqrt(x) as a variable t with t² = x: before, no box across S was proved (99.7 % in 40 s).
  const text = [
    'name: sqrt-curve',
    'variables: [x, y]',
    'terms: ["(sqrt(x) - y)^2"]',
    'domain: { x: [0.25, 4], y: [0, 3] }',
    'minimizers: { implicit: ["sqrt(x) - y"] }',
    'fstar: 0',
    '',
  ].join('\n');

  it('PL with μ = 2.1 is certified, and its certificate verifies (the checker proves the facts itself)', () => {
    const file = tempProblem(text);
    const cert = join(mkdtempSync(join(tmpdir(), 'lscert-sqrt-')), 'c.json');
    const r = lscert(['check', file, '--condition', 'pl', '--mu', '2.1', '--no-z3', '--json', '--time-limit', '60', '--cert', cert]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().verdict).toBe('certified');
    const v = lscert(['verify-cert', cert, '--json']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.json().valid).toBe(true);
  });

  it('Aiming with θ = 0.9 is certified and verifies: the nearest points near x = 0 are enclosed (sqrt undefined for x < 0)', () => {
    // At (x, 0) with x ≤ 1/2 the nearest point is the curve's end (0, 0) and ⟨∇f, x − p⟩ = f: θ = 1 is
    // tight there. Before, p-boxes across x = 0 (sqrt undefined on part of them) were never dropped,
    // the enclosure of the nearest points reached x = −1.9, and nothing was proved (0 % in 30 s).
    const file = tempProblem(text);
    const cert = join(mkdtempSync(join(tmpdir(), 'lscert-sqrt-')), 'a.json');
    const r = lscert(['check', file, '--condition', 'aiming', '--theta', '0.9', '--no-z3', '--json', '--time-limit', '60', '--cert', cert]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().verdict).toBe('certified');
    const v = lscert(['verify-cert', cert, '--json']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.json().valid).toBe(true);
  });

  it('PL with μ = 2.2 > μ* is refuted', () => {
    const r = lscert(['check', tempProblem(text), '--condition', 'pl', '--mu', '2.2', '--no-z3', '--json', '--time-limit', '60']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.json().counterexample.x[0]).toBeGreaterThan(3.2);
  });
});
