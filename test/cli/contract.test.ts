/**
 * Review findings on the outside contract (/work/shared/CONTRACT.md §2–§3) and on messages:
 * each case drives the built CLI as a user would, and each failed before its fix.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, lscert, tempProblem } from '../helpers/cli.js';

/** One line on stderr, starting with "lscert:". */
const oneLine = (stderr: string) => {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^lscert: /);
  return lines[0]!;
};

describe('eval --at: one value per variable (x=1,x=2 used x=2 without a word)', () => {
  it('a variable given twice is a usage error (64) naming it', () => {
    const r = lscert(['eval', example('x4.yaml'), '--at', 'x=1,x=2']);
    expect(r.code).toBe(64);
    expect(oneLine(r.stderr)).toMatch(/--at: 'x' is given twice \('1' and '2'\)/);
    expect(r.stdout).toBe('');
  });
});

describe('problem flags that do not go together are usage errors (64), as docs/cli.md says', () => {
  it('two forms of S, or none, on the command line', () => {
    const two = lscert(['check', '--term', 'x^2', '--box', 'x=-1:1', '--points', '0', '--auto', '--condition', 'pl', '--mu', '1']);
    expect(two.code).toBe(64);
    expect(oneLine(two.stderr)).toMatch(/exactly one of --points, --affine, --projection, --implicit or --auto, got --points and --auto/);
    const none = lscert(['check', '--term', 'x^2', '--box', 'x=-1:1', '--condition', 'pl', '--mu', '1']);
    expect(none.code).toBe(64);
    expect(oneLine(none.stderr)).toMatch(/exactly one of --points/);
  });

  it('a problem flag with a problem file (--points was ignored without a word)', () => {
    const r = lscert(['check', example('x4.yaml'), '--points', '1', '--condition', 'pl', '--mu', '1']);
    expect(r.code).toBe(64);
    expect(oneLine(r.stderr)).toMatch(/give either a problem file or the problem flags, not both: --points given with the file/);
    expect(r.stdout).toBe('');
  });

  it('a bad value of a problem flag stays invalid input (65)', () => {
    const r = lscert(['check', '--term', 'x^2 +', '--box', 'x=-1:1', '--points', '0', '--condition', 'pl', '--mu', '1']);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toMatch(/--term #1, column \d+: syntax error/);
  });
});

describe('messages (review cosmetics)', () => {
  it('an error listing the variables lists at most 20 and says how many there are', () => {
    const term = lscert(['eval', '--box', 'w[10000]=-1:1', '--term', 'w + 1', '--points', '0', '--at', 'w_0=1']);
    expect(term.code).toBe(65);
    const line = oneLine(term.stderr);
    expect(line).toMatch(/unknown variable 'w' \(variables are w_0, w_1, .*, w_19, … \(10000 in all\)\)$/);
    expect(line).not.toMatch(/w_20/);
    const file = tempProblem(
      JSON.stringify({ name: 'many', variables: ['w[30]'], terms: ['w_0^2'], domain: { w: [-1, 1], v: [0, 1] }, minimizers: { auto: true } }),
      'p.json',
    );
    const dom = lscert(['bound', file]);
    expect(dom.code).toBe(65);
    expect(oneLine(dom.stderr)).toMatch(/domain\.v: 'v' is not a variable.*\(variables are w_0, .*, w_19, … \(30 in all\)\)$/);
    const pts = lscert(['eval', '--box', 'w[30]=-1:1', '--term', 'w_0^2', '--points', '0', '--at', 'w_0=1']);
    expect(pts.code).toBe(65);
    expect(oneLine(pts.stderr)).toMatch(/--points\[0\]: point has 1 coordinate, expected 30 \(w_0, .*, w_19, … \(30 in all\)\)$/);
    const at = lscert(['eval', '--box', 'w[30]=-1:1', '--term', 'w_0^2', '--auto', '--at', 'v=1']);
    expect(at.code).toBe(64);
    expect(oneLine(at.stderr)).toMatch(/--at: unknown variable 'v' \(variables are w_0, .*, w_19, … \(30 in all\)\)$/);
  });

  it('a character an expression cannot hold is named (it said "syntax error in part …")', () => {
    const r = lscert(['eval', '--term', 'x^2 + 😀', '--box', 'x=-1:1', '--points', '0', '--at', 'x=1']);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toMatch(/--term #1, column 7: syntax error: the character '😀' \(U\+1F600\) is not allowed in an expression$/);
  });

  it('!!binary is binary data, not "a mapping"; auto: false names implicit among the alternatives', () => {
    const bin = tempProblem('name: b\nvariables: [x]\nterms: [!!binary "eF4y"]\ndomain: {x: [-1, 1]}\nminimizers: {auto: true}\n');
    const r = lscert(['bound', bin]);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toMatch(/:3:\d+: terms\[0\]: expected an expression \(a string\), got binary data \(!!binary\)$/);
    const off = tempProblem('name: a\nvariables: [x]\nterms: ["x^2"]\ndomain: {x: [-1, 1]}\nminimizers: {auto: false}\n');
    const a = lscert(['bound', off]);
    expect(a.code).toBe(65);
    expect(oneLine(a.stderr)).toMatch(/minimizers\.auto: must be true \(or give points, affine, projection or implicit instead\)$/);
  });

  it("verify-cert of a valid shard suggests the contract's merge-certs --out form", () => {
    const dir = mkdtempSync(join(tmpdir(), 'lscert-contract-'));
    const s1 = join(dir, 's1.json');
    const c = lscert(['check', example('x4.yaml'), '--condition', 'aiming', '--theta', '1', '--shard', '1/2', '--cert', s1]);
    expect(c.code).toBe(0);
    const v = lscert(['verify-cert', s1]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/lscert merge-certs --out OUT\.json SHARD-1\.json … SHARD-2\.json/);
  });
});

/** The fields CONTRACT.md §3 fixes in every `check --json` answer. */
const CHECK_FIELDS = ['verdict', 'condition', 'constants', 'problem', 'counterexample', 'coverage', 'boxes', 'elapsedMs'];

describe('check --json has the contract fields in every answer, early exits included', () => {
  it('out of time while the problem is loaded: condition, constants, problem and counterexample too (they were missing)', () => {
    const file = tempProblem(
      [
        'name: big-load',
        'variables: ["w[3]"]',
        'template:',
        '  index: { i: 200, j: 200 }',
        '  term: "(w[0]*i/100 + w[1]*j/100 + w[2] - sin(i+j))^2"',
        'domain: { w: [-1, 1] }',
        'minimizers: { auto: true }',
        'termMinima: 0',
        '',
      ].join('\n'),
    );
    const r = lscert(['check', file, '--condition', 'pl', '--mu', '1/100', '--time-limit', '1', '--json']);
    expect(r.code, r.stderr).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/time limit reached while the problem was loaded \(\d+ terms read\)/);
    const j = r.json();
    for (const k of CHECK_FIELDS) expect(j, k).toHaveProperty(k);
    expect(j).toMatchObject({
      command: 'check',
      verdict: 'inconclusive',
      condition: 'pl',
      constants: { mu: 0.01 },
      problem: 'big-load',
      counterexample: null,
      coverage: 0,
      boxes: 0,
    });
  });

  it('the other early exits (no time for the search, --jobs, --shard) have them as well', () => {
    for (const extra of [[], ['--jobs', '2'], ['--shard', '1/2']]) {
      const r = lscert([
        'check',
        example('ex1-unbounded.yaml'),
        '--condition',
        'alpha-beta',
        '--alpha',
        '5/2',
        '--beta',
        '2',
        '--time-limit',
        '0.001',
        '--json',
        ...extra,
      ]);
      expect(r.code, `${extra.join(' ')}: ${r.stderr}`).toBe(2);
      const j = r.json();
      for (const k of CHECK_FIELDS) expect(j, `${extra.join(' ')}: ${k}`).toHaveProperty(k);
      expect(j).toMatchObject({ condition: 'alpha-beta', constants: { alpha: 2.5, beta: 2 }, problem: 'ex1-unbounded-minimizers', counterexample: null });
    }
  });
});

describe('PL counterexamples carry the nearest point of S as projection (it was null; CONTRACT.md §3 has only term null)', () => {
  const pl = (args: string[]) => {
    const r = lscert(['check', ...args, '--condition', 'pl', '--json', '--time-limit', '60']);
    expect(r.code, r.stderr).toBe(1);
    const w = r.json().counterexample;
    expect(w.term).toBeNull();
    return w;
  };

  it('finite S, affine S, a projection map, a computed S and S given by equations', () => {
    expect(pl([example('x4.yaml'), '--mu', '0.1']).projection).toEqual([0]);
    // x = (3, 3): P(x) = ((x − y − 1/2)/2, (−x + y − 1/2)/2) = (−1/4, −1/4), for the map and the affine S alike.
    for (const f of ['ex1-unbounded.yaml', 'ex1-affine.yaml']) {
      const w = pl([example(f), '--mu', '1.5']);
      expect(w.x).toEqual([3, 3]);
      expect(w.projection).toEqual([-0.25, -0.25]);
    }
    const auto = pl(['--term', 'x^2/(1+x^2)', '--box', 'x=-3:3', '--auto', '--mu', '1']);
    expect(auto.projection).toHaveLength(1);
    expect(Math.abs(auto.projection[0])).toBeLessThan(1e-9);
    // The hyperbola x y = 1: the nearest point of (1/2, 1/2) is (1, 1), from the engine's enclosure.
    const h = pl([example('hyperbola.yaml'), '--mu', '1.5']);
    expect(h.x).toEqual([0.5, 0.5]);
    for (const v of h.projection) expect(v).toBeCloseTo(1, 6);
  });

  it('null only when lscert has no point of S (S could not be computed)', () => {
    const w = pl(['--term', '(x^2-1)^2', '--box', 'x=-2:2', '--auto', '--mu', '0.1']);
    expect(w.projection).toBeNull();
  });

  it('the text (check, report) says it is the nearest point of S, which PL does not use', () => {
    const r = lscert(['check', example('x4.yaml'), '--condition', 'pl', '--mu', '0.1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}nearest point of S = \(0\) \(PL does not use it\)$/m);
    const out = join(mkdtempSync(join(tmpdir(), 'lscert-contract-')), 'r');
    const rep = lscert(['report', example('x4.yaml'), '--out', out, '--mu', '0.1', '--time-limit', '60']);
    expect(rep.code, rep.stderr).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/x = \([^)]*\), nearest point of S \(PL does not use it\) = \(0\)/);
  });
});

describe('demo --claims: an error about a claim names the claims file, line:column and the field', () => {
  const claims = (json: unknown) => {
    const file = tempProblem(`${JSON.stringify(json)}\n`, 'cl.json');
    const r = lscert(['demo', '--claims', file]);
    expect(r.code, r.stderr).toBe(65);
    expect(r.stdout).toBe('');
    return oneLine(r.stderr);
  };
  const x4 = example('x4.yaml');

  it('a missing constant (it said "claim 1: --condition pl needs --mu"), at the claim', () => {
    expect(claims([{ problem: x4, condition: 'pl', expect: 'refuted' }])).toMatch(/cl\.json:1:2: \[0\]\.mu: missing: condition pl needs mu$/);
  });

  it('a bad value, a constant the condition does not take, a bad condition: at the field', () => {
    const text = (c: Record<string, unknown>) => JSON.stringify([{ problem: x4, ...c, expect: 'refuted' }]);
    const col = (c: Record<string, unknown>, key: string) => text(c).indexOf(`"${key}":`) + `"${key}":`.length + 1;
    const mu = { condition: 'pl', mu: '-1' };
    expect(claims([{ problem: x4, ...mu, expect: 'refuted' }])).toMatch(new RegExp(`cl\\.json:1:${col(mu, 'mu')}: \\[0\\]\\.mu: must be > 0, got -1$`));
    const extra = { condition: 'pl', mu: 1, alpha: 2 };
    expect(claims([{ problem: x4, ...extra, expect: 'refuted' }])).toMatch(/cl\.json:1:\d+: \[0\]\.alpha: does not apply to condition pl \(it takes mu\)$/);
    const cond = { condition: 'plx', mu: 1 };
    expect(claims([{ problem: x4, ...cond, expect: 'refuted' }])).toMatch(
      new RegExp(`cl\\.json:1:${col(cond, 'condition')}: \\[0\\]\\.condition: must be one of alpha-beta, pl, aiming, qcvx, got 'plx'$`),
    );
  });

  it("a problem file that cannot be read is named at the claim's problem field", () => {
    expect(claims([{ problem: 'nope.yaml', condition: 'pl', mu: 1, expect: 'refuted' }])).toMatch(
      /cl\.json:1:13: \[0\]\.problem: cannot read the problem file .*nope\.yaml: no such file$/,
    );
  });

  it('in a catalogue, the field is the check inside its example', () => {
    const line = claims({ examples: [{ problem: x4, checks: [{ condition: 'aiming', expect: 'certified' }] }] });
    expect(line).toMatch(/cl\.json:1:\d+: examples\[0\]\.checks\[0\]\.theta: missing: condition aiming needs theta$/);
  });
});

describe('documented JSON fields (review finding 6)', () => {
  it('qcvx refuted for every θ gives the x* of its counterexample (xstar was absent)', () => {
    const r = lscert(['check', example('double-well.yaml'), '--condition', 'qcvx', '--theta', '1', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const j = r.json();
    expect(j.universal).toBeDefined();
    expect(j.xstar).toEqual({ point: 0, value: [-1] });
    expect(j.counterexample.projection).toEqual([-1]);
  });

  it('S given by equations: minimizersText says S (it was null) and xstar.point is null (it was 0, an index into nothing the user gave)', () => {
    const r = lscert(['check', example('hyperbola.yaml'), '--condition', 'qcvx', '--theta', '1', '--json', '--time-limit', '60']);
    expect([0, 2]).toContain(r.code);
    const j = r.json();
    expect(j.assumed).toMatchObject({ minimizers: 'implicit', minimizersText: 'implicit {x : g(x) = 0}, g = (x*y - 1) (a set of minimizers)' });
    expect(j.xstar.point).toBeNull();
    expect(j.xstar.value).toHaveLength(2);
  });

  it('merge-certs --json has reason and leaves in every answer (null for a certified merge had no reason)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lscert-contract-'));
    const shards = [1, 2].map((k) => {
      const f = join(dir, `s${k}.json`);
      const c = lscert(['check', example('x4.yaml'), '--condition', 'aiming', '--theta', '1', '--shard', `${k}/2`, '--cert', f]);
      expect(c.code, c.stderr).toBe(0);
      return f;
    });
    const m = lscert(['merge-certs', '--out', join(dir, 'm.json'), ...shards, '--json']);
    expect(m.code, m.stderr).toBe(0);
    const j = m.json();
    expect(j).toMatchObject({ verdict: 'certified', reason: null, counterexample: null, refutedBy: null, open: [] });
    expect(j.leaves).toBeGreaterThan(0);
  });
});
