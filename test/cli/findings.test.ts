import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, example, lscert } from '../helpers/cli.js';

/**
 * What a new user ran into (issue [8] §3), each driven through the spawned CLI as the user
 * ran it. Each test fails on the behaviour the issue reported.
 */
const ONE_D = ['--term', 'x^2', '--box', 'x=-1:1', '--points', '0', '--condition', 'pl', '--mu', '0.1'];
const tmp = () => mkdtempSync(join(tmpdir(), 'lscert-findings-'));

describe('term numbering: one convention (from 1) in text, from 0 only as the JSON index', () => {
  it('check and its JSON agree on the same counterexample', () => {
    const args = ['check', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9'];
    const j = lscert([...args, '--json']).json();
    const t = lscert(args).stdout;
    if (j.counterexample.term !== null) expect(t).toContain(`term f_${j.counterexample.term + 1}`);
    expect(t).not.toMatch(/term \d/);
  });
});

describe('--cert to a path that cannot be written', () => {
  it('names the user path (not a temporary name), still prints the verdict, exits 65', () => {
    const r = lscert(['check', ...ONE_D, '--cert', '/nonexistent-lscert-dir/x.json']);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(/CERTIFIED/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^lscert: cannot write the certificate to \/nonexistent-lscert-dir\/x\.json: the directory \/nonexistent-lscert-dir does not exist/,
    );
    expect(r.stderr).not.toMatch(/tmp-|ENOENT/);
    const j = lscert(['check', ...ONE_D, '--cert', '/nonexistent-lscert-dir/x.json', '--json']);
    expect(j.code).toBe(65);
    expect(j.json()).toMatchObject({ verdict: 'certified', certificate: null });
  });

  it.skipIf(!existsSync('/proc/self'))('a directory that exists but creates no files (/proc) is not called missing', () => {
    const r = lscert(['check', ...ONE_D, '--cert', '/proc/lscert-nope.json']);
    expect(r.code).toBe(65);
    expect(r.stderr.trim()).toBe('lscert: cannot write the certificate to /proc/lscert-nope.json: no file can be created in /proc');
  });
});

describe('review findings (2026-12-07, seventh session)', () => {
  it('minimizers: implicit with an equation that has no zero is an input error (it ran to the time limit, inconclusive)', () => {
    const dir = tmp();
    const file = join(dir, 'empty.yaml');
    writeFileSync(file, 'name: e\nvariables: [x, y]\nterms: ["x^2+y^2"]\ndomain: { "*": [-1, 1] }\nminimizers: { implicit: ["x^2+y^2+1"] }\n');
    const r = lscert(['check', file, '--condition', 'pl', '--mu', '100']);
    expect(r.code).toBe(65);
    expect(r.stderr.trim()).toMatch(/empty\.yaml:5:\d+: minimizers\.implicit\[0\]: has no zero: its values lie in \[1, Infinity\] on all of R\^2/);
    // An equation with zeros (even none in the box) is accepted.
    writeFileSync(file, 'name: e\nvariables: [x, y]\nterms: ["(x^2+y^2-9)^2"]\ndomain: { "*": [-1, 1] }\nminimizers: { implicit: ["x^2+y^2-9"] }\nfstar: 0\n');
    expect(lscert(['check', file, '--condition', 'pl', '--mu', '0.01', '--time-limit', '5']).code).not.toBe(65);
  });

  it('theory: a largest step that overflows is reported by its lower end, not as none', () => {
    const r = lscert(['theory', '--optimizer', 'sgd', '--alpha', '1e308', '--beta', '0', '--L', '1e-308', '--sigma2', '0.5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.admissible).toBe(true);
    expect(j.maxStepSize).toBe(Number.MAX_VALUE);
    expect(j.maxStepSizeUnbounded).toBe(false);
  });
});

describe('verify-cert on a malformed claim names the field', () => {
  const dir = tmp();
  const cert = join(dir, 'c.json');
  expect(lscert(['check', ...ONE_D, '--cert', cert]).code).toBe(0);
  const mutate = (f: (c: any) => void) => {
    const c = JSON.parse(readFileSync(cert, 'utf8'));
    f(c);
    const out = join(dir, 'bad.json');
    writeFileSync(out, JSON.stringify(c));
    return lscert(['verify-cert', out]);
  };
  it.each([
    ['a decimal', (c: any) => (c.claim.constants.mu = '0.1'), /claim\.constants\.mu: expected an exact rational string .* got "0\.1"/],
    ['a number', (c: any) => (c.claim.constants.mu = 0.1), /claim\.constants\.mu: expected an exact rational string .* got 0\.1/],
    ['the wrong constant', (c: any) => (c.claim.constants = { alpha: '1/10' }), /claim\.constants: expected exactly the field\(s\) mu for pl, got "alpha"/],
    ['a negative mu', (c: any) => (c.claim.constants.mu = '-1/10'), /claim\.constants\.mu: must be > 0, got -1\/10/],
    ['an unknown condition', (c: any) => (c.claim.condition = 'convex'), /claim\.condition: expected one of alpha-beta, pl, aiming, qcvx, got "convex"/],
  ])('%s', (_what, f, msg) => {
    const r = mutate(f);
    expect(r.code).toBe(1);
    const first = r.stdout.split('\n')[0]!;
    expect(first).toMatch(/^certificate INVALID: /);
    expect(first).toMatch(msg);
    expect(r.stdout).not.toContain('?');
  });
});

// Example 1's QCvx θ = 0.05 is certified at once over y = x + y (test/cli/linear-forms.test.ts): the
// tests below need an inconclusive run, so they decide it in x (--no-linear-forms).
describe('open regions: the total and their measure, not only the first few', () => {
  it('text and JSON give the count and the open share of the domain', () => {
    const args = ['check', example('ex1-unbounded.yaml'), '--condition', 'qcvx', '--theta', '0.05', '--no-linear-forms', '--max-boxes', '2000'];
    const j = lscert([...args, '--json']).json();
    expect(j.verdict).toBe('inconclusive');
    expect(j.openCount).toBeGreaterThan(j.openRegions.length);
    expect(j.openRegions.length).toBe(20);
    const t = lscert(args).stdout;
    const m = t.match(/(\d+) open regions \(([\d.]+)% of the domain\), 3 shown:/);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(j.openCount);
    expect(Number(m![2])).toBeCloseTo((1 - j.coverage) * 100, 1);
  });
});

describe('the Z3 pass says what it tried, out of how many, and why it stopped', () => {
  it("--max-boxes 200 on Example 1 (the issue's case): now certified, Z3 proving the whole claim in one query", () => {
    const j = lscert([
      'check',
      example('ex1-unbounded.yaml'),
      '--condition',
      'alpha-beta',
      '--alpha',
      '2.5',
      '--beta',
      '2',
      '--max-boxes',
      '200',
      '--json',
    ]).json();
    expect(j.verdict).toBe('certified');
    expect(j.notes.join(' ')).toMatch(/Z3 proved the whole claim as one exact query/);
  });
  it('when the whole query does not settle it, the regions Z3 never saw are counted (a 4-D Remark-1 claim)', () => {
    const dir = tmp();
    const r4 = join(dir, 'r4.yaml');
    // On [1/10, 2]^4 the terms' infima (at s = −1 and s = 0) lie outside the box and are not given:
    // f_i* is enclosed in [0, f_i at the corner], too wide for the whole query to settle the claim
    // (test/cli/limits.test.ts). On [−1, 2]^4 the whole query now certifies it.
    writeFileSync(
      r4,
      'name: r4\nvariables: [x1, x2, x3, x4]\nterms:\n  - "(x1+x2+x3+x4+1)^2/((x1+x2+x3+x4+1)^2+1)"\n  - "(x1+x2+x3+x4)^2/((x1+x2+x3+x4)^2+1)"\ndomain: { "*": ["1/10", 2] }\nminimizers: { affine: { A: [[1, 1, 1, 1]], b: ["-1/2"] } }\n',
    );
    // --no-linear-forms: over s = x1 + … + x4 this claim is certified at once (test/cli/linear-forms.test.ts).
    const j = lscert([
      'check',
      r4,
      '--condition',
      'alpha-beta',
      '--alpha',
      '2.5',
      '--beta',
      '2',
      '--max-boxes',
      '500',
      '--time-limit',
      '6',
      '--json',
      '--no-linear-forms',
    ]).json();
    expect(j.verdict).toBe('inconclusive');
    const note = j.notes.find((n: string) => n.startsWith('Z3 tried')) as string;
    const m = note.match(
      /^Z3 tried (\d+) of the (\d+) region\(s\) the intervals left open and closed ([\w ]+); the other (\d+) were not tried \((the pass takes at most \d+ regions|time budget spent)\)/,
    );
    expect(m, note).not.toBeNull();
    expect(Number(m![1]) + Number(m![4])).toBe(Number(m![2]));
    expect(j.openCount).toBeGreaterThanOrEqual(Number(m![4]));
  });
  it('no "left for an exact pass" when no exact pass runs (QCvx with S a map)', () => {
    const j = lscert([
      'check',
      example('ex1-unbounded.yaml'),
      '--condition',
      'qcvx',
      '--theta',
      '0.05',
      '--no-linear-forms',
      '--max-boxes',
      '20000',
      '--json',
    ]).json();
    expect(j.verdict).toBe('inconclusive');
    expect(j.reason).not.toMatch(/exact pass/);
    expect(j.openRegions.every((o: { why: string }) => o.why !== 'deferred')).toBe(true);
  });
});

describe('bound says what its numbers are', () => {
  it('brackets of the min and the max, near the true range of Example 1 (about [0.2, 0.977])', () => {
    const r = lscert(['bound', example('ex1-unbounded.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/exact endpoints/);
    const m = r.stdout.match(/\n {2}f +min ∈ \[([\d.e-]+), ([\d.e-]+)\] +max ∈ \[([\d.e-]+), ([\d.e-]+)\]/);
    expect(m).not.toBeNull();
    const [lo1, hi1, lo2, hi2] = m!.slice(1).map(Number) as [number, number, number, number];
    expect(lo1).toBeLessThanOrEqual(0.2);
    expect(hi1).toBeGreaterThanOrEqual(0.2);
    expect(hi1 - lo1).toBeLessThan(0.01);
    expect(lo2).toBeLessThanOrEqual(0.9765);
    expect(hi2 - lo2).toBeLessThan(0.01);
  });
});

describe('eval warns where its numbers do not apply', () => {
  it('a point outside the box', () => {
    const r = lscert(['eval', example('ex1-unbounded.yaml'), '--at', 'x=5,y=5']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: the point lies outside the domain/);
  });
  it('a point where f is undefined: no NaN beside a finite gradient', () => {
    const r = lscert(['eval', '--term', 'log(x)', '--box', 'x=-1:1', '--points', '0.5', '--at', 'x=-0.5']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|∇f/);
    expect(r.stderr).toMatch(/undefined at this point/);
  });
});

describe('--auto with a minimizer on the edge of the box', () => {
  it('says plainly that a boundary minimizer is not a stationary point', () => {
    const r = lscert(['check', '--term', 'x^2', '--box', 'x=1:2', '--auto', '--condition', 'pl', '--mu', '0.1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/lies on the boundary of the box \(x = 1\), where f need not be stationary/);
    expect(r.stdout).toMatch(/give S explicitly/);
  });
});

describe('constants', () => {
  it('the certified end is certified by check with default flags (the printed command)', () => {
    const r = lscert(['constants', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--fix', 'beta = alpha - 0.5']);
    expect(r.code).toBe(0);
    const cmd = r.stdout.match(/reproduce the certified end: lscert (check .*)$/m);
    expect(cmd, r.stdout).not.toBeNull();
    const again = lscert(cmd![1]!.split(' '));
    expect(again.code, again.stdout).toBe(0);
  });
  it('never weaker than check: four-term least squares with best μ = 1', () => {
    const P = ['--term', '(x-1)^2', '--term', '(y-1)^2', '--term', '(x+y-2)^2/2', '--term', '(x-y)^2/2', '--box', 'x=-2:3,y=-2:3', '--points', '1,1'];
    expect(lscert(['check', ...P, '--condition', 'pl', '--mu', '0.9']).code).toBe(0);
    const j = lscert(['constants', ...P, '--condition', 'pl', '--json']).json();
    expect(j.certified).toBeGreaterThanOrEqual(0.9);
    expect(j.refuted).toBeGreaterThan(1);
  });
});

describe('small things', () => {
  it('"1 box", not "1 boxes"', () => {
    const r = lscert(['check', ...ONE_D]);
    expect(r.stdout).toMatch(/\(1 box, /);
  });
  it('commander errors start with lscert:, exit 64', () => {
    const a = lscert(['check', '--bogus']);
    expect(a.code).toBe(64);
    expect(a.stderr).toMatch(/^lscert: unknown option '--bogus'/);
    const b = lscert(['chek']);
    expect(b.code).toBe(64);
    expect(b.stderr).toMatch(/^lscert: unknown command 'chek'/);
    const c = lscert(['eval', example('ex1-unbounded.yaml')]);
    expect(c.code).toBe(64);
    expect(c.stderr).toMatch(/^lscert: required option '--at <point>' not specified/);
  });
});

// `script` (util-linux) gives the command a terminal; without it the progress test is skipped.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('progress on a terminal', () => {
  const onTty = (args: string[]) => {
    const log = join(tmp(), 'tty.log');
    const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qec', cmd, log], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    return { code: r.status, text: readFileSync(log, 'utf8') };
  };
  it('constants draws a bar while it works, cleared before the result is printed', () => {
    const r = onTty(['constants', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--fix', 'beta = alpha - 0.5']);
    expect(r.code).toBe(0);
    const bar = r.text.indexOf('of the time budget');
    const result = r.text.indexOf('smallest α');
    expect(bar).toBeGreaterThanOrEqual(0);
    expect(result).toBeGreaterThan(bar);
    expect(r.text.slice(result)).not.toMatch(/of the time budget/);
  });
  it('check draws its bar before the verdict, not after it', () => {
    const r = onTty(['check', example('ex1-unbounded.yaml'), '--condition', 'qcvx', '--theta', '0.05', '--no-linear-forms', '--max-boxes', '20000']);
    expect(r.code).toBe(2);
    const bar = r.text.indexOf('% proved');
    const verdict = r.text.indexOf('INCONCLUSIVE');
    expect(bar).toBeGreaterThanOrEqual(0);
    expect(verdict).toBeGreaterThan(bar);
    expect(r.text.slice(verdict)).not.toMatch(/% proved \|/);
  });
  it('no bar with --json', () => {
    const r = onTty(['check', example('ex1-unbounded.yaml'), '--condition', 'qcvx', '--theta', '0.05', '--no-linear-forms', '--max-boxes', '20000', '--json']);
    expect(r.text).not.toMatch(/% proved/);
  });
});
