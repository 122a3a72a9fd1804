import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lscert, tempProblem } from '../helpers/cli.js';

const base = {
  name: 'v',
  variables: ['x', 'y'],
  terms: ['x^2 + y^2'],
  domain: { x: [-1, 1], y: [-1, 1] },
  minimizers: { points: [[0, 0]] },
};

/** Each invalid file must give exit 65 and one line naming the file, the field and (for expressions) the column. */
const bad: [string, Record<string, unknown>, RegExp][] = [
  ['syntax error with column', { terms: ['x^2 + * y'] }, /terms\[0\], column 7: syntax error/],
  ['unknown variable', { terms: ['x^2 + z'] }, /terms\[0\], column 7: unknown variable 'z'/],
  ['unknown function', { terms: ['foo(x)'] }, /terms\[0\], column 1: unknown function 'foo'/],
  ['empty terms', { terms: [] }, /terms/],
  ['lo > hi', { domain: { x: [1, -1], y: [-1, 1] } }, /domain\.x.*greater than/],
  ['non-finite bound', { domain: { x: ['-inf', 1], y: [-1, 1] } }, /domain\.x/],
  ['variable missing from the domain', { domain: { x: [-1, 1] } }, /variable 'y' has no bounds/],
  ['point of S with wrong dimension', { minimizers: { points: [[0]] } }, /minimizers\.points\[0\]/],
  ['point of S outside the box', { minimizers: { points: [[5, 0]] } }, /minimizers\.points\[0\].*outside/],
  ['projection map of wrong arity', { minimizers: { projection: ['x'] } }, /minimizers\.projection.*one expression per variable/],
  ['non-numeric exact string', { fstar: 'abc' }, /fstar/],
  ['two forms of S', { minimizers: { points: [[0, 0]], auto: true } }, /exactly one of/],
  ['bad name', { name: 'Bad Name' }, /name/],
];

describe('invalid problem files through the CLI (exit 65, one line)', () => {
  for (const [label, patch, msg] of bad) {
    it(label, () => {
      const file = tempProblem(JSON.stringify({ ...base, ...patch }), 'p.json');
      const r = lscert(['check', file, '--condition', 'pl', '--mu', '1']);
      expect(r.code).toBe(65);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('p.json');
      expect(lines[0]).toMatch(msg);
      expect(r.stdout).toBe('');
    });
  }

  it('YAML syntax errors give line and column', () => {
    const file = tempProblem('name: v\nvariables: [x\nterms: ["x"]\n');
    const r = lscert(['bound', file]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/problem\.yaml:\d+:\d+/);
  });

  it('a YAML expression error names the file line of the field', () => {
    const file = tempProblem('name: v\nvariables: [x]\nterms:\n  - "x + q"\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\n');
    const r = lscert(['bound', file]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/problem\.yaml:4:\d+: terms\[0\], column 5: unknown variable 'q'/);
  });
});

describe('flags every command reads the same way (exit 64, one line, nothing written)', () => {
  const file = () => tempProblem(JSON.stringify(base), 'p.json');
  for (const [cmd, extra] of [
    ['check', ['--condition', 'pl', '--mu', '1']],
    ['constants', ['--condition', 'pl']],
    ['bound', []],
    ['probe', ['--condition', 'pl', '--mu', '1']],
  ] as const) {
    for (const t of ['-1', '0', 'abc', ''])
      it(`${cmd} --time-limit '${t}'`, () => {
        const r = lscert([cmd, file(), ...extra, '--time-limit', t]);
        expect(r.code, r.stdout + r.stderr).toBe(64);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/--time-limit must be a positive number of seconds/);
      });
  }
  it('check --cert onto the problem file itself, or an empty name', () => {
    const f = file();
    const before = readFileSync(f, 'utf8');
    const r = lscert(['check', f, '--condition', 'pl', '--mu', '1', '--cert', f]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/is the problem file itself/);
    expect(readFileSync(f, 'utf8')).toBe(before);
    expect(lscert(['check', f, '--condition', 'pl', '--mu', '1', '--cert', '']).code).toBe(64);
  });
});

describe('a problem or certificate that is a FIFO (the read blocked for ever, deaf to signals)', () => {
  it.skipIf(process.platform === 'win32')('check and verify-cert: exit 65 at once, one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lscert-fifo-'));
    const fifo = join(dir, 'p.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const args of [
      ['check', fifo, '--condition', 'pl', '--mu', '1'],
      ['verify-cert', fifo],
    ]) {
      const r = lscert(args);
      expect(r.code, args[0]).toBe(65);
      expect(r.stderr).toMatch(/not a regular file/);
    }
  });
});
