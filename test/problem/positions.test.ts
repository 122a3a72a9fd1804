import { describe, expect, it } from 'vitest';
import { problemFromText } from '../../src/problem/index.js';
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
