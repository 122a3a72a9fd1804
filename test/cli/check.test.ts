import { describe, expect, it } from 'vitest';
import { example, lscert, tempProblem } from '../helpers/cli.js';

const check = (file: string, ...args: string[]) => lscert(['check', example(file), '--json', ...args]);

describe('lscert check (acceptance of issue [2])', () => {
  it('x^4 on [-1,1]: alpha-beta (3, 0.5) certified, (5, 0.5) refuted', () => {
    const a = check('x4.yaml', '--condition', 'alpha-beta', '--alpha', '3', '--beta', '0.5');
    expect(a.code).toBe(0);
    expect(a.json()).toMatchObject({
      verdict: 'certified',
      condition: 'alpha-beta',
      constants: { alpha: 3, beta: 0.5 },
      problem: 'x4',
      counterexample: null,
      coverage: 1,
    });
    const b = check('x4.yaml', '--condition', 'alpha-beta', '--alpha', '5', '--beta', '0.5');
    expect(b.code).toBe(1);
    const w = b.json().counterexample;
    expect(w.term).toBe(0);
    expect(w.residual[1]).toBeLessThan(0);
    expect(w.residual[0]).toBeLessThanOrEqual(w.residual[1]);
  });

  it('x^4: PL refuted, Aiming theta=3 certified, QCvx theta=4 certified', () => {
    expect(check('x4.yaml', '--condition', 'pl', '--mu', '0.1').code).toBe(1);
    expect(check('x4.yaml', '--condition', 'aiming', '--theta', '3').code).toBe(0);
    expect(check('x4.yaml', '--condition', 'qcvx', '--theta', '4').code).toBe(0);
  });

  it('(x^2-1)^2 on [-2,2]: alpha-beta (2, 1) refuted; PL refuted', () => {
    expect(check('double-well.yaml', '--condition', 'alpha-beta', '--alpha', '2', '--beta', '1').code).toBe(1);
    expect(check('double-well.yaml', '--condition', 'pl', '--mu', '0.1').code).toBe(1);
  });

  it('paper example 1 on [-3,3]^2: (2.5, 2) certified, (2.5, 1.9) refuted', () => {
    const a = check('ex1-unbounded.yaml', '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2');
    expect(a.json().verdict).toBe('certified');
    const b = check('ex1-unbounded.yaml', '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9');
    expect(b.code).toBe(1);
    expect(b.json().counterexample.projection).toHaveLength(2);
  });

  it('paper example 6 on [-2,3]^2 with S as two exact points: beta = 0 refuted', () => {
    const r = check('ex6-saddle.yaml', '--condition', 'alpha-beta', '--alpha', '50', '--beta', '0');
    expect(r.code).toBe(1);
    expect(r.json().counterexample.residual[1]).toBeLessThan(0);
  });

  it('a tiny budget gives inconclusive with partial coverage, exit 2', () => {
    const r = check('ex1-unbounded.yaml', '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2', '--max-boxes', '50', '--no-z3');
    expect(r.code).toBe(2);
    const j = r.json();
    expect(j.verdict).toBe('inconclusive');
    expect(j.coverage).toBeGreaterThanOrEqual(0);
    expect(j.coverage).toBeLessThan(1);
  });
});

describe('the text headline states the claim decided, exactly', () => {
  // It printed constants to 6 significant digits: mu = 8.000001 (refuted: the residual at x = 1
  // is −2·10⁻⁶) read "pl (mu = 8): REFUTED", the headline of a claim that is certified.
  const claim = ['--term', '(x^2-2)^2', '--box', 'x=1:2', '--points', 'sqrt(2)', '--fstar', '0', '--term-minima', '0', '--condition', 'pl'];
  it('check: mu = 8.000001 refuted and mu = 8 certified say so; 1/3 stays 1/3', () => {
    const above = lscert(['check', ...claim, '--mu', '8.000001']);
    expect(above.code).toBe(1);
    expect(above.stdout.split('\n')[0]).toMatch(/^command-line: pl \(mu = 8\.000001\): REFUTED/);
    const at = lscert(['check', ...claim, '--mu', '8']);
    expect(at.code).toBe(0);
    expect(at.stdout.split('\n')[0]).toMatch(/^command-line: pl \(mu = 8\): CERTIFIED/);
    expect(lscert(['check', ...claim, '--mu', '1/3']).stdout).toMatch(/pl \(mu = 1\/3\)/);
  });

  it('check and probe: alpha = 2.0000001, beta = 1.9999999 are not printed as 2 and 2', () => {
    const ab = ['--condition', 'alpha-beta', '--alpha', '2.0000001', '--beta', '1.9999999'];
    expect(lscert(['check', example('ex1-unbounded.yaml'), ...ab]).stdout).toMatch(/alpha-beta \(alpha = 2\.0000001, beta = 1\.9999999\)/);
    expect(lscert(['probe', example('ex1-unbounded.yaml'), ...ab, '--runs', '2']).stdout).toMatch(/alpha-beta \(alpha = 2\.0000001, beta = 1\.9999999\)/);
  });
});

describe('QCvx with an infinite S: one failing x* refutes nothing', () => {
  // f = x²(1 + y²) on [−1, 1] × [2, 4], S = {x = 0}. With x* = (0, t):
  // ⟨∇f, x − x*⟩ − θ f = x² (2 + 4y² − 2ty − θ(1 + y²)). For t = 0 and θ = 3 that is x²(y² − 1) ≥ 0
  // on the box, so the claim holds; x* = P(centre) = (0, 3) fails at y = 2 (2 + 16 − 12 − 15 < 0).
  const file = () =>
    tempProblem(
      'name: qcvx-xstar\nvariables: [x, y]\nterms: ["x^2 * (1 + y^2)"]\ndomain: { x: [-1, 1], y: [2, 4] }\nminimizers: { affine: { A: [[1, 0]], b: [0] } }\nfstar: 0\n',
    );
  it('the claim holds with x* = 0 (independent check on a grid)', () => {
    for (let i = 0; i <= 40; i++)
      for (let j = 0; j <= 40; j++) {
        const [x, y] = [-1 + i / 20, 2 + j / 20];
        expect(2 * x * x * (1 + 2 * y * y) - 3 * x * x * (1 + y * y)).toBeGreaterThanOrEqual(0);
      }
  });
  it('lscert does not say refuted (it said refuted, from x* = (0, 3) alone)', () => {
    const r = lscert(['check', file(), '--condition', 'qcvx', '--theta', '3', '--json', '--no-z3', '--time-limit', '20']);
    const j = r.json();
    expect(j.verdict).not.toBe('refuted');
    expect(r.code).not.toBe(1);
    expect(j.reason).toMatch(/other points of S were not tried/);
  });
});

describe('lscert check: usage and input errors', () => {
  const cases: [string[], number, RegExp][] = [
    [['check', example('x4.yaml'), '--condition', 'nope'], 64, /--condition must be one of/],
    [['check', example('x4.yaml'), '--condition', 'alpha-beta', '--alpha', '3'], 64, /needs --beta/],
    [['check', example('x4.yaml'), '--condition', 'pl', '--mu', 'abc'], 64, /--mu/],
    [['check', example('x4.yaml'), '--condition', 'alpha-beta', '--alpha', '1', '--beta', '2'], 64, /alpha must be > beta/],
    [['check', example('x4.yaml'), '--condition', 'pl', '--mu', '1', '--theta', '2'], 64, /does not apply/],
    [['check', example('x4.yaml'), '--condition', 'pl', '--mu', '1', '--max-boxes', '0'], 64, /--max-boxes/],
    [['check', '--condition', 'pl', '--mu', '1'], 64, /missing problem/],
    [['check', 'does-not-exist.yaml', '--condition', 'pl', '--mu', '1'], 65, /does-not-exist\.yaml/],
    [['check', example('x4.yaml'), '--bogus'], 64, /unknown option/],
  ];
  for (const [args, code, msg] of cases) {
    it(`${args.slice(2).join(' ')} → ${code}`, () => {
      const r = lscert(args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    });
  }
});

describe('lscert eval / bound / --help / --version', () => {
  it('eval prints values, gradients and enclosures', () => {
    const r = lscert(['eval', example('ex1-unbounded.yaml'), '--at', 'x=1,y=2', '--json']);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.values[0].name).toBe('f');
    const f1 = 9 / 10;
    expect(j.values[1].enclosure[0]).toBeLessThanOrEqual(f1);
    expect(j.values[1].enclosure[1]).toBeGreaterThanOrEqual(f1);
    expect(j.values[1].gradient).toHaveLength(2);
  });

  it('eval warns for a point outside the box and where f is undefined (issue [8] §3)', () => {
    const r = lscert(['eval', '--term', 'log(x)', '--box', 'x=0.1:1', '--auto', '--at', 'x=-1/2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/f +=\s+undefined/);
    expect(r.stdout).not.toMatch(/∇f/);
    expect(r.stderr).toMatch(/warning: the point lies outside the domain \(x ∉ \[0\.1, 1\]\)/);
    expect(r.stderr).toMatch(/warning: f, f_1 are undefined at this point/);
    const j = lscert(['eval', '--term', 'log(x)', '--box', 'x=0.1:1', '--auto', '--at', 'x=1/2', '--json']).json();
    expect(j.warnings).toEqual([]);
  });

  it('eval reports kinks', () => {
    const r = lscert(['eval', '--term', 'abs(x) + x^2', '--box', 'x=-1:1', '--points', '0', '--at', 'x=0', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().kinks).toHaveLength(1);
  });

  it('bound brackets the minimum and maximum of f tightly and says what the numbers are (issue [8] §3)', () => {
    // Example 1: f = ((x+y)²/((x+y)²+1) + (x+y+1)²/((x+y+1)²+1))/2 on the box: min f = 1/5 (on S).
    const r = lscert(['bound', example('ex1-unbounded.yaml'), '--json']);
    expect(r.code).toBe(0);
    const f = r.json().bounds[0];
    expect(f.min[0]).toBeLessThanOrEqual(0.2);
    expect(f.min[1]).toBeGreaterThanOrEqual(0.2);
    expect(f.min[0]).toBeGreaterThan(0.15); // the old 256-box hull said 0.0156
    expect(f.max[0]).toBeLessThanOrEqual(f.max[1]);
    expect(f.max[1]).toBeLessThan(1); // the old hull said 1.525
    const text = lscert(['bound', example('ex1-unbounded.yaml')]).stdout;
    expect(text).not.toMatch(/exact endpoints/);
    expect(text).toMatch(/f_1 +min ∈/);
    expect(text).toMatch(/rigorous lower bound of the infimum/);
  });

  it('bound encloses the range of f and each f_i', () => {
    const r = lscert(['bound', example('x4.yaml'), '--json']);
    expect(r.code).toBe(0);
    const [lo, hi] = r.json().bounds[0].enclosure;
    expect(lo).toBeLessThanOrEqual(0);
    expect(hi).toBeGreaterThanOrEqual(1);
    expect(hi).toBeLessThan(1.01);
  });

  it('--help and --version exit 0', () => {
    expect(lscert(['--help']).code).toBe(0);
    const v = lscert(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a command-line problem works like a file', () => {
    const r = lscert([
      'check',
      '--term',
      'x^4',
      '--box',
      'x=-1:1',
      '--points',
      '0',
      '--term-minima',
      '0',
      '--condition',
      'alpha-beta',
      '--alpha',
      '3',
      '--beta',
      '0.5',
      '--json',
    ]);
    expect(r.code).toBe(0);
  });
});

describe('projection maps are sanity-checked on samples', () => {
  it('refuses a map whose images are provably not minimizers (exit 65: a proved contradiction, issue [8] §2)', () => {
    const r = lscert([
      'check',
      '--term',
      '(x+y)^2',
      '--box',
      'x=-1:1,y=-1:1',
      '--projection',
      'x;y',
      '--term-minima',
      '0',
      '--condition',
      'alpha-beta',
      '--alpha',
      '3',
      '--beta',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/--projection: (f differs between points of S|the projection onto S of .* is not a minimizer of f)/);
  });
  it('warns when the map lands on S but is not the nearest point (sampling can only suspect that)', () => {
    const r = lscert([
      'check',
      '--term',
      '(x+y)^2',
      '--box',
      'x=-1:1,y=-1:1',
      '--projection',
      'x;-x',
      '--term-minima',
      '0',
      '--condition',
      'alpha-beta',
      '--alpha',
      '3',
      '--beta',
      '1',
      '--json',
    ]);
    expect(r.json().warnings.join(' ')).toMatch(/nearer|nearest|closer/);
  });
  it('stays quiet for the correct map of example 1', () => {
    const r = lscert(['check', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9', '--json']);
    expect(r.json().warnings).toEqual([]);
  });
});

describe('universal refutation, computed S, certificates through the CLI', () => {
  it('PL on the double well fails for every mu (stationary point at 0)', () => {
    const r = check('double-well.yaml', '--condition', 'pl', '--mu', '0.1');
    expect(r.code).toBe(1);
    const j = r.json();
    expect(j.universal.kind).toBe('non-global-stationary-point');
    expect(j.universal.f[0]).toBeGreaterThan(j.universal.fstar[1]);
    expect(Math.abs(j.universal.point[0])).toBeLessThan(1e-6);
    expect(j.reason).toMatch(/fails for every μ/);
  });

  it('Aiming on paper example 6 fails for every theta (saddle at (1/2, 1/2))', () => {
    const j = check('ex6-saddle.yaml', '--condition', 'aiming', '--theta', '0.5').json();
    expect(j.verdict).toBe('refuted');
    expect(j.universal.stationaryKind).toBe('saddle');
  });

  it('minimizers: auto finds a unique minimizer and says on what set', () => {
    const r = lscert(['check', '--term', '(x-1/3)^2 + 2*(y+1/5)^2 + x*y/4', '--box', 'x=-1:1,y=-1:1', '--auto', '--condition', 'pl', '--mu', '0.5', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().notes.join(' ')).toMatch(/S computed on the box \(not on R\^d\)/);
  });

  it('minimizers: auto says so when S cannot be pinned down (exit 2)', () => {
    const r = lscert(['check', '--term', '(x^2-1)^2', '--box', 'x=-2:2', '--auto', '--condition', 'alpha-beta', '--alpha', '2', '--beta', '1', '--json']);
    expect(r.code).toBe(2);
    expect(r.json().reason).toMatch(/could not pin down S/);
  });

  it('check --cert writes a certificate that verify-cert accepts; a tampered one fails', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'lscert-cert-'));
    const cert = join(dir, 'ex1.json');
    const r = lscert(['check', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2', '--cert', cert, '--json']);
    expect(r.code).toBe(0);
    const ok = lscert(['verify-cert', cert, '--json', '--problem', example('ex1-unbounded.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.json().valid).toBe(true);
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    c.claim.constants.beta = '1';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(c));
    const bad = lscert(['verify-cert', join(dir, 'bad.json'), '--json']);
    expect(bad.code).toBe(1);
    expect(bad.json().valid).toBe(false);
    expect(lscert(['verify-cert', join(dir, 'nope.json')]).code).toBe(65);
  });
});

describe('Z3 settles the regions intervals cannot (polynomial residuals)', () => {
  const args = ['check', '--term', '(x-y)^2 + (x+y)^4', '--box', 'x=-1:1,y=-1:1', '--points', '0,0', '--condition', 'aiming', '--theta', '1', '--json'];
  it('intervals alone stay inconclusive near the degenerate minimizer', () => {
    const r = lscert([...args, '--no-z3', '--max-boxes', '4000']);
    expect(r.code).toBe(2);
  });
  it('with Z3 the claim is certified, and verify-cert asks Z3 again', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const cert = join(mkdtempSync(join(tmpdir(), 'lscert-z3-')), 'c.json');
    const r = lscert([...args, '--cert', cert]);
    expect(r.code).toBe(0);
    // Since the whole claim is asked first, Z3 settles it in one query; else region by region.
    expect(r.json().notes.join(' ')).toMatch(
      /Z3 proved the whole claim as one exact query|Z3 tried all \d+ region\(s\) the intervals left open and closed (them all|it)/,
    );
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    expect(JSON.stringify(c.tree)).toContain('"z3"');
    expect(lscert(['verify-cert', cert]).code).toBe(0);
    // A z3 leaf for a false claim (theta = 2.5 fails near the line x = y) must not verify.
    c.claim.constants.theta = '5/2';
    writeFileSync(cert, JSON.stringify(c));
    expect(lscert(['verify-cert', cert]).code).toBe(1);
  });
});
