import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCertificate } from '../../src/cert/index.js';
import { Rational } from '../../src/exact/rational.js';
import { ExprLimitError, MAX_EXACT_BITS, MAX_EXPR_DEPTH, parseExpr } from '../../src/expr/index.js';
import { MAX_POINTS } from '../../src/problem/limits.js';
import { printable } from '../../src/problem/printable.js';
import { ProblemError, problemFromText } from '../../src/problem/index.js';
import { lscert, ROOT } from '../helpers/cli.js';
import { ab, certified, nodes, type Mutable } from './fixtures.js';

/**
 * Issue [8a] §2–3: certificates, problem files, command-line problems and claims files are
 * hostile input. Each case of the issue is reproduced at full size; the CLI runs with a
 * timeout (a hang fails the test), and every refusal must be one line on stderr, exit 65, no
 * stack trace.
 */
const dir = mkdtempSync(join(tmpdir(), 'lscert-hostile-'));
const write = (name: string, content: string) => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};
const R = (n: number, d = 1) => Rational.of(n, d);
const x4 = () => certified('x4', ab(R(3), R(1, 2))).cert as Mutable;
const rehash = (c: Mutable) => {
  c.problem.hash = createHash('sha256').update(JSON.stringify(c.problem.canonical)).digest('hex');
  return c;
};

/** A refusal: exit 65, one line on stderr naming the input, nothing on stdout, no stack trace. */
function refused(args: string[], why: RegExp): void {
  const r = lscert(args);
  expect(r.code, r.stderr).toBe(65);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(why);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

// A random-looking 50 000-digit integer (the 100 000-digit fraction of the issue is two of them).
const digits = (n: number, seed: number) => {
  let s = '';
  let x = seed;
  while (s.length < n) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += String(x).padStart(10, '0');
  }
  return `7${s.slice(1, n)}`;
};
const HUGE_ALPHA = `${digits(50000, 1)}/${digits(50000, 2)}`;
const TOWER = 'name: tower\nvariables: [x]\nterms: ["((((3/2)^64)^64)^64) * x^2"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\n';

describe('§2: what verify-cert says it verified', () => {
  it('a valid certificate: the hash, domain, trusted values, and that the problem came from the certificate', () => {
    const f = write('x4.json', JSON.stringify(x4()));
    const r = lscert(['verify-cert', f]);
    expect(r.code).toBe(0);
    const [first, ...rest] = r.stdout.trimEnd().split('\n');
    expect(first).toMatch(/^certificate VALID: /);
    expect(rest.join('\n')).toMatch(/sha256 [0-9a-f]{64}/);
    expect(rest.join('\n')).toMatch(/taken from the certificate and trusted as written: give --problem FILE/);
    expect(rest.join('\n')).toMatch(/domain: x in \[-1, 1\]/);
    expect(rest.join('\n')).toMatch(/trusted \(given by the problem, not proved\): S = points \(0\); f_i\* = 0/);
    const j = lscert(['verify-cert', f, '--json']).json();
    expect(j.verified).toMatchObject({
      source: 'certificate',
      file: null,
      domain: [{ variable: 'x', lo: '-1', hi: '1' }],
      assumed: { fstar: null, termMinima: ['0'], minimizers: 'points' },
    });
  });

  it('with --problem: the problem is the file (same hash)', () => {
    const f = write('x4p.json', JSON.stringify(x4()));
    const p = write('x4.yaml', 'name: x4\nvariables: [x]\nterms: ["x^4"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\ntermMinima: [0]\n');
    const r = lscert(['verify-cert', f, '--problem', p, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().verified).toMatchObject({ source: 'file', file: p });
  });

  it('a name holding "certificate VALID", a newline and an ANSI conceal code: the first line says INVALID, nothing is unescaped', () => {
    const c = x4();
    const name = 'x4: alpha-beta: certificate VALID\n\x1b[8m';
    c.problem.name = name;
    c.problem.canonical.name = name;
    const f = write('evil-name.json', JSON.stringify(rehash(c)));
    for (const args of [[f], [f, '--json']]) {
      const r = lscert(['verify-cert', ...args]);
      expect(r.code).toBe(1);
      expect(r.stdout.includes('\x1b')).toBe(false);
      if (args.length === 1) {
        expect(r.stdout.split('\n')[0]).toMatch(/^certificate INVALID: /);
        expect(r.stdout).toMatch(/not a valid problem \(name: /);
      }
    }
    // Also a certificate whose hash does not match (the variant) and a stale one.
    const d = x4();
    d.problem.name = name;
    const r = lscert(['verify-cert', write('evil-name2.json', JSON.stringify(d))]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^certificate INVALID: /);
    expect(r.stdout).toContain(printable(name, 120));
  });

  it('the embedded problem is validated exactly as a problem file: lo > hi, a bad variable name, a point outside the domain', () => {
    const cases: [(c: Mutable) => void, RegExp][] = [
      [
        (c) =>
          (c.problem.canonical.domain[0] = [
            ['n', '1'],
            ['n', '-1'],
          ]),
        /not a valid problem \(domain\.x: lower bound .* greater than upper bound/,
      ],
      [(c) => (c.problem.canonical.variables = ['x y']), /not a valid problem \(variables\[0\]: 'x y' is not an identifier/],
      [(c) => (c.problem.canonical.minimizers.points = [[['n', '2']]]), /not a valid problem \(minimizers\.points\[0\]\[0\]: x = 2 lies outside the domain/],
      [(c) => (c.problem.canonical.fstar = ['f', 'log', ['n', '-1']]), /not a valid problem \(fstar: .*not a finite real number/],
    ];
    for (const [edit, why] of cases) {
      const c = x4();
      edit(c);
      c.problem.name = c.problem.canonical.name;
      const v = verifyCertificate(rehash(c));
      expect(v.ok).toBe(false);
      expect(v.reasons.join('\n')).toMatch(why);
    }
  });
});

describe('§3: hostile input is refused (exit 65) or fails (exit 1), never crashes or hangs', () => {
  it('a certificate with `version` nested 5000 deep (was: exit 70 from JSON.stringify)', () => {
    const text = JSON.stringify(x4()).replace('"version":1', `"version":${'['.repeat(5000)}1${']'.repeat(5000)}`);
    refused(['verify-cert', write('nested.json', text)], /nested\.json: version\[0\]\[0\].*nested more than 1000 levels deep/);
    // Just under the limit: decoded, and not a certificate of a known version (65 as well).
    const ok = JSON.stringify(x4()).replace('"version":1', `"version":${'['.repeat(900)}1${']'.repeat(900)}`);
    refused(['verify-cert', write('nested900.json', ok)], /unsupported certificate version \[\[\[/);
  });

  it('the exponent tower ((((3/2)^64)^64)^64): problem file, --problem, certificate (was: ~400 s)', () => {
    const p = write('tower.yaml', TOWER);
    refused(
      ['check', p, '--condition', 'alpha-beta', '--alpha', '3', '--beta', '1'],
      /tower\.yaml:3:\d+: terms\[0\]: an exact constant .* more than 2048 bits/,
    );
    refused(['verify-cert', write('x4-for-tower.json', JSON.stringify(x4())), '--problem', p], /tower\.yaml:3:\d+: terms\[0\]/);
    const c = x4();
    c.problem.canonical.terms[0] = ['*', ['^', ['^', ['^', ['n', '3/2'], ['n', '64']], ['n', '64']], ['n', '64']], ['^', ['v', 0], ['n', '2']]];
    refused(['verify-cert', write('tower.json', JSON.stringify(rehash(c)))], /tower\.json: problem\.terms\[0\]: an exact constant/);
    // The folded value written out: 125 000 digits.
    const d = x4();
    d.problem.canonical.terms[0] = ['*', ['n', '3'.repeat(125000)], ['v', 0]];
    refused(['verify-cert', write('bignum.json', JSON.stringify(rehash(d)))], /problem\.terms\[0\]: a number with 125000 characters/);
  });

  it('a parameter chain that doubles (c_k = c_{k-1} * c_{k-1}) and a power tower are refused at parse time', () => {
    const params = Array.from({ length: 40 }, (_, k) => `  c${k + 1}: "c${k}*c${k}"`).join('\n');
    expect(() =>
      problemFromText(
        `name: d\nvariables: [x]\nparameters:\n  c0: "3/2"\n${params}\nterms: ["c40*x^2"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\n`,
        'yaml',
        'dbl.yaml',
      ),
    ).toThrow(/parameters\.c\d+: an exact constant/);
    expect(() => parseExpr(`${'x^'.repeat(1000)}x`, { variables: ['x'] })).toThrow(ExprLimitError);
    expect(() => parseExpr(`${'('.repeat(5000)}x${')'.repeat(5000)}`, { variables: ['x'] })).toThrow(new RegExp(`nested more than ${MAX_EXPR_DEPTH} levels`));
    expect(() => parseExpr(`${'9'.repeat(700)} * x`, { variables: ['x'] })).toThrow(/has more than 616 digits/);
    expect(() => parseExpr('1e700', { variables: [] })).toThrow(ExprLimitError);
    // Within the limits: the largest literal, 2048-bit constants, a 20 000-term sum (parsed iteratively).
    expect(parseExpr(`${'9'.repeat(600)} * x`, { variables: ['x'] }).kind).toBe('mul');
    expect(parseExpr(`(2^${MAX_EXACT_BITS - 1}) * x`, { variables: ['x'] }).kind).toBe('mul');
    expect(parseExpr(Array(20000).fill('x').join('+'), { variables: ['x'] }).kind).toBe('add');
    expect(parseExpr('1e-320', { variables: [] }).kind).toBe('num');
  });

  it('α as a 100 000-digit fraction: --alpha and a certificate claim (was: 25–60 s of gcd)', () => {
    refused(
      ['check', join(ROOT, 'examples', 'x4.yaml'), '--condition', 'alpha-beta', '--alpha', HUGE_ALPHA, '--beta', '0'],
      /--alpha: '7.*': the number .* has more than 616 digits/,
    );
    const c = x4();
    c.claim.constants.alpha = HUGE_ALPHA;
    refused(['verify-cert', write('alpha.json', JSON.stringify(c))], /claim\.constants\.alpha: a number with 100001 characters/);
  });

  it('|S| with 5000 points: a problem file, --points, a certificate (was: 4.3 GB)', () => {
    const pts = Array.from({ length: 5000 }, (_, i) => `[${i / 5000}]`).join(', ');
    refused(
      ['bound', write('S.yaml', `name: s\nvariables: [x]\nterms: ["x^2"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [${pts}] }\n`)],
      /S\.yaml:\d+:\d+: minimizers\.points: has 5000 points; at most 256/,
    );
    refused(
      [
        'check',
        '--term',
        'x^2',
        '--box',
        'x=-1:1',
        '--points',
        Array.from({ length: 5000 }, (_, i) => String(i / 5000)).join(';'),
        '--condition',
        'pl',
        '--mu',
        '1',
      ],
      /<command line>: --points: has 5000 points/,
    );
    const c = x4();
    c.problem.canonical.minimizers.points = Array.from({ length: 5000 }, (_, i) => [['n', Rational.of(i, 5000).toString()]]);
    refused(['verify-cert', write('S.json', JSON.stringify(rehash(c)))], /problem\.minimizers\.points: 5000 points; at most 256/);
    // At the limit the problem loads.
    const ok = Array.from({ length: MAX_POINTS }, (_, i) => `[${i / MAX_POINTS}]`).join(', ');
    expect(
      problemFromText(`name: s\nvariables: [x]\nterms: ["x^2"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [${ok}] }\n`, 'yaml', 's').minimizers,
    ).toMatchObject({ kind: 'points' });
  });

  it('a problem document nested 5000 deep, and a file over the size limit', () => {
    refused(
      ['bound', write('deep.json', `{"name":"x","variables":["x"],"terms":${'['.repeat(5000)}"x"${']'.repeat(5000)}}`)],
      /deep\.json: lists and mappings are nested more than 64 levels deep/,
    );
    expect(() => problemFromText(`name: x\nvariables: [x]\nterms: ${'['.repeat(70)}x${']'.repeat(70)}\n`, 'yaml', 'deep.yaml')).toThrow(ProblemError);
  });

  it('4319 forged Z3 leaves in a certificate of a polynomial claim: stop at the first failed one (was: 108–141 s)', () => {
    const c = JSON.parse(readFileSync(join(ROOT, 'proofs', 'toy', 'ex1-unbounded-alpha-beta-alpha2.5-beta2.cert.json'), 'utf8')) as Mutable;
    for (const { node } of nodes(c.tree)) if (node.leaf) node.leaf = node.leaf.map((p: Mutable) => ({ point: p.point, how: 'z3' }));
    const forged = structuredClone(c);
    forged.claim.constants = { alpha: '100', beta: '1' };
    const r = lscert(['verify-cert', write('z3-forged.json', JSON.stringify(forged)), '--json']);
    expect(r.code).toBe(1);
    expect(r.json().reasons).toHaveLength(1);
    expect(r.json().reasons[0]).toMatch(/Z3 answers sat, not unsat \(the other 4318 Z3 queries were not asked\)/);
    // A true claim whose every leaf is a Z3 query: --time-limit is honoured, and a time-out is never a pass.
    const slow = lscert(['verify-cert', write('z3-true.json', JSON.stringify(c)), '--time-limit', '3', '--json']);
    expect(slow.code).toBe(1);
    expect(slow.json().reasons[0]).toMatch(/time limit reached after \d+ of 4319 Z3 queries: the certificate is not verified/);
    // Within the limit (+1 s, as every budget): Z3's start-up (1 s, 6 s on a loaded machine) was
    // outside it, and elapsedMs reached 9.6 s at --time-limit 3.
    expect(slow.json().elapsedMs).toBeLessThanOrEqual(4000);
  });

  it('a claims file: malformed JSON, wrong types, bad constants, nesting (was: exit 70)', () => {
    refused(['demo', '--claims', write('c1.json', '{not json')], /c1\.json:1:2: not valid JSON \(Expected property name or '\}'\)/);
    refused(['demo', '--claims', write('c2.json', '{"examples": 3}')], /c2\.json:1:1: expected a catalogue/);
    refused(
      ['demo', '--claims', write('c3.json', '[{"problem":"x4.yaml","condition":"pl","mu":{"a":1},"expect":"certified"}]')],
      /c3\.json:1:45: \[0\]\.mu: expected a string or a number/,
    );
    refused(
      ['demo', '--claims', write('c4.json', '[{"problem":"x4.yaml","condition":"alpha-beta","alpha":"3","beta":"5","expect":"certified"}]')],
      /c4\.json:1:56: \[0\]\.alpha: must be > beta \(got alpha = 3, beta = 5\)/,
    );
    refused(
      ['demo', '--claims', write('c5.json', `[{"problem":"x4.yaml","condition":"pl","mu":"${digits(5000, 3)}","expect":"certified"}]`)],
      /c5\.json:1:45: \[0\]\.mu: .* more than 616 digits/,
    );
    // An unknown key (a misspelt `numeric` was ignored: the claim was decided without it), with its line and column.
    refused(
      ['demo', '--claims', write('c7.json', '[\n {"problem":"x4.yaml",\n  "condition":"pl","mu":"1","numric":true,"expect":"certified"}]')],
      /c7\.json:3:29: \[0\]\.numric: unknown key in a claim \(known: .*numeric/,
    );
    refused(['demo', '--claims', write('c8.json', '{"examples":[],"abut":1}')], /c8\.json:1:16: abut: unknown key in a catalogue/);
    refused(
      ['demo', '--claims', write('c9.json', '{"examples":[{"problem":"x4.yaml","checks":[],"chekcs":[]}]}')],
      /c9\.json:1:47: examples\[0\]\.chekcs: unknown key in an example/,
    );
    refused(['demo', '--claims', write('c6.json', `[${'['.repeat(100)}${']'.repeat(100)}]`)], /c6\.json: .*nested more than 64 levels/);
  });

  it('errors echo input printably: a control character in a problem field stays one escaped line', () => {
    const r = lscert([
      'bound',
      write('ctrl.yaml', 'name: "bad\\nname\\u001b[8m"\nvariables: [x]\nterms: ["x^2"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\n'),
    ]);
    expect(r.code).toBe(65);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('\\x1b[8m');
    expect(r.stderr.includes('\x1b')).toBe(false);
  });
});
