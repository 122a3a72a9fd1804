import { describe, expect, it } from 'vitest';
import { problemFromText } from '../../src/problem/index.js';
import { jsonErrorOffset } from '../../src/problem/jsonPosition.js';
import { errorOf } from './helpers.js';

const yaml = (lines: string[]): string => `${lines.join('\n')}\n`;
const good = ['name: t', 'variables: [x, y]', 'terms:', '  - "x^2"', '  - x + z', 'domain: { x: [0, 1], y: [0, 1] }', 'minimizers: { auto: true }'];

describe('positions in the file', () => {
  it('YAML syntax error with line and column', () => {
    const e = errorOf(() => problemFromText('name: t\nvariables: [x, y\nterms: []\n', 'yaml', 'f.yaml'));
    expect(e.field).toBe('');
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.fileColumn).toBeDefined();
    expect(e.message).toMatch(/^f\.yaml:\d+:\d+: YAML syntax error: /);
  });
  it('duplicate YAML keys are a syntax error', () => {
    const e = errorOf(() => problemFromText('name: t\nname: u\n', 'yaml', 'f.yaml'));
    expect(e.message).toMatch(/^f\.yaml:2:1: YAML syntax error: Map keys must be unique/);
  });
  it('JSON syntax error with line and column', () => {
    const e = errorOf(() => problemFromText('{\n  "name": "t",\n  "variables" ["x"]\n}', 'json', 'f.json'));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^f\.json:3:\d+: JSON syntax error: Unexpected token '\['$/);
  });
  it('an expression error points at the token in the file (plain scalar)', () => {
    const e = errorOf(() => problemFromText(yaml(good), 'yaml', 'f.yaml'));
    expect(e.message).toBe("f.yaml:5:9: terms[1], column 5: unknown variable 'z' (variables are x, y)");
    expect([e.line, e.fileColumn, e.column]).toEqual([5, 9, 5]);
  });
  it('an expression error points at the token in the file (quoted scalar)', () => {
    const lines = [...good];
    lines[3] = '  - "x^2 + q"';
    lines[4] = '  - y';
    const e = errorOf(() => problemFromText(yaml(lines), 'yaml', 'f.yaml'));
    expect([e.line, e.fileColumn, e.column]).toEqual([4, 12, 7]);
  });
  it('an unknown field points at its key', () => {
    const lines = [...good];
    lines[4] = '  - y';
    lines.push('fstr: 0');
    const e = errorOf(() => problemFromText(yaml(lines), 'yaml', 'f.yaml'));
    expect(e.message).toMatch(/^f\.yaml:8:1: fstr: unknown field 'fstr' \(did you mean 'fstar'\?\)/);
  });
  it('a bad value points at the value', () => {
    const lines = [...good];
    lines[4] = '  - y';
    lines[5] = 'domain: { x: [0, 1], y: [2, 1] }';
    const e = errorOf(() => problemFromText(yaml(lines), 'yaml', 'f.yaml'));
    expect(e.message).toBe('f.yaml:6:25: domain.y: lower bound 2 is greater than upper bound 1');
  });
});

describe('jsonErrorOffset (places JSON syntax errors V8 reports without a position)', () => {
  it('is undefined exactly on valid JSON and agrees with V8 wherever V8 gives a position', () => {
    const seeds = ['{"name": "v", "n": [1, -2.5e3, 0.1, true, false, null], "s": "a\\u00e9\\n"}', '[]', '{}', '[{"a":{}}]', '"x"', '12'];
    const chars = ['{', '}', '[', ']', ',', ':', '"', 'x', '1', '-', '.', 'e', ' ', '\\', 't', '\n', '0', 'E', '+'];
    let seed = 7;
    const rnd = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * m);
    };
    let positioned = 0;
    for (let it = 0; it < 20000; it++) {
      let s = seeds[rnd(seeds.length)]!;
      for (let o = 0; o <= rnd(3); o++) {
        const k = rnd(s.length + 1);
        const c = chars[rnd(chars.length)]!;
        const r = rnd(3);
        s = r === 0 ? s.slice(0, k) + c + s.slice(k) : r === 1 ? s.slice(0, k) + s.slice(k + 1) : s.slice(0, k) + c + s.slice(k + 1);
      }
      let msg: string | undefined;
      try {
        JSON.parse(s);
      } catch (e) {
        msg = (e as Error).message;
      }
      const off = jsonErrorOffset(s);
      if (msg === undefined) {
        expect(off, s).toBeUndefined();
        continue;
      }
      expect(off, s).toBeDefined();
      const at = /at position (\d+)/.exec(msg);
      if (at) {
        positioned++;
        expect(off, s).toBe(Number(at[1]));
      }
      const token = /^Unexpected token '(.)'/su.exec(msg);
      if (token) expect(s[off!], s).toBe(token[1]);
      if (/end of JSON input/.test(msg)) expect(off, s).toBe(s.length);
    }
    expect(positioned).toBeGreaterThan(1000);
  });
});

describe('a JSON file that opens with a byte order mark (YAML already allowed one)', () => {
  it('loads, and positions are unchanged', () => {
    const p = problemFromText(
      '\uFEFF{"name": "t", "variables": ["x"], "terms": ["x^2"], "domain": {"x": [-1, 1]}, "minimizers": {"points": [[0]]}}',
      'json',
      'f.json',
    );
    expect(p.name).toBe('t');
    const e = errorOf(() => problemFromText('\uFEFF{\n  "name": "t",\n  "variables" ["x"]\n}', 'json', 'f.json'));
    expect(e.message).toMatch(/^f\.json:3:15: JSON syntax error: /);
  });
});
