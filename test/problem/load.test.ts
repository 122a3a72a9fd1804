import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { toText, type Expr } from '../../src/expr/index.js';
import { loadProblemFile, outerBox, problemFromText } from '../../src/problem/index.js';
import { base, errorOf, fromObject, withFields } from './helpers.js';

const rat = (e: Expr | undefined): string => {
  if (e?.kind !== 'num') throw new Error(`not a rational: ${e ? toText(e) : e}`);
  return e.value.toString();
};

describe('bundled examples', () => {
  const files = readdirSync('examples').filter((f) => /\.(ya?ml|json)$/.test(f));
  it.each(files)('%s loads', (f) => {
    const p = loadProblemFile(`examples/${f}`);
    expect(p.source).toBe(`examples/${f}`);
    expect(p.terms.length).toBe(p.termTexts.length);
    expect(p.domain.length).toBe(p.variables.length);
    expect(p.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ex6-saddle is the contract example', () => {
    const p = loadProblemFile('examples/ex6-saddle.yaml');
    expect(p.name).toBe('ex6-saddle');
    expect(p.minimizers.kind).toBe('points');
    expect(p.termMinima?.map(rat)).toEqual(['0', '0']);
    expect(p.fstar && toText(p.fstar)).toContain('sqrt(3)');
    expect(rat(p.parameters.get('c'))).toBe('1/5');
  });
});

describe('minimizer forms', () => {
  it('points', () => {
    const p = withFields({
      minimizers: {
        points: [
          [0, '1/2'],
          ['sqrt(2)/2', -1],
        ],
      },
    });
    expect(p.minimizers.kind).toBe('points');
    if (p.minimizers.kind !== 'points') return;
    expect(p.minimizers.points.map((pt) => pt.map(toText))).toEqual([
      ['0', '1/2'],
      [toText(withFields({ fstar: 'sqrt(2)/2' }).fstar!), '-1'],
    ]);
  });
  it('points in one variable may be scalars', () => {
    const p = withFields({ variables: ['x'], terms: ['x^4'], domain: { x: [-1, 1] }, minimizers: { points: [0, [0.5]] } });
    expect(p.minimizers.kind === 'points' && p.minimizers.points.map((pt) => pt.map(rat))).toEqual([['0'], ['1/2']]);
  });
  it('affine', () => {
    const p = withFields({
      minimizers: {
        affine: {
          A: [
            [1, 1],
            [1, -1],
          ],
          b: ['-1/2', 0],
        },
      },
    });
    expect(p.minimizers.kind).toBe('affine');
    if (p.minimizers.kind !== 'affine') return;
    expect(p.minimizers.A.map((r) => r.map(rat))).toEqual([
      ['1', '1'],
      ['1', '-1'],
    ]);
    expect(p.minimizers.b.map(rat)).toEqual(['-1/2', '0']);
  });
  it('projection', () => {
    const p = withFields({ minimizers: { projection: ['(x-y-1/2)/2', '(-x+y-1/2)/2'] } });
    expect(p.minimizers.kind === 'projection' && p.minimizers.map.length).toBe(2);
  });
  it('auto', () => {
    expect(withFields({ minimizers: { auto: true } }).minimizers).toEqual({ kind: 'auto' });
  });
});

describe('exact numbers', () => {
  it('reads a number as its shortest decimal', () => {
    const p = withFields({ fstar: 0.1, domain: { x: [-0.3, 1e-3], y: [0, 2.5] }, minimizers: { auto: true } });
    expect(rat(p.fstar)).toBe('1/10');
    expect(p.domain.map((b) => [rat(b.lo), rat(b.hi)])).toEqual([
      ['-3/10', '1/1000'],
      ['0', '5/2'],
    ]);
  });
  it('refuses a number that is not the double it would be read as (1e-400 was read as 0)', () => {
    const text = (bound: string) => `name: t\nvariables: [x]\nterms: ["x^2"]\ndomain: { x: [${bound}, 1e30] }\nminimizers: { auto: true }\n`;
    for (const [bound, read] of [
      ['1e-400', '0'],
      ['0.12345678901234567890', '0.12345678901234568'],
      ['9007199254740993', '9007199254740992'],
      ['1e-100001', '0'],
      ['0x20000000000001', '9007199254740992'],
      ['0o400000000000000001', '9007199254740992'],
    ] as const) {
      const e = errorOf(() => problemFromText(text(bound), 'yaml', 'a.yaml'));
      expect(e.message).toBe(
        `a.yaml:4:15: domain.x[0]: the number ${bound} is not exactly a double (it would be read as ${read}): write it as a string, "${bound}", to keep its exact value`,
      );
      if (bound.startsWith('0x') || bound.startsWith('0o')) continue; // YAML only; no exact string form needed
      const json = `{"name": "t", "variables": ["x"], "terms": ["x^2"], "domain": {"x": [${bound}, 1e30]}, "minimizers": {"auto": true}}`;
      expect(errorOf(() => problemFromText(json, 'json', 'a.json')).message).toContain('a.json:1:70: domain.x[0]: the number');
      // as a string it is exact (1e-100001 as a string is refused by the constant size limit instead)
      if (bound !== '1e-100001')
        expect(rat(problemFromText(text(`"${bound}"`), 'yaml', 'a.yaml').domain[0]!.lo)).toBe(Rational.parseDecimal(bound)!.toString());
    }
    // numbers that are their shortest decimal pass: 0.1, 1e-300, 2.5, 1e21
    for (const ok of ['0.1', '1e-300', '-2.5', '1e21', '0x10', '0o17', '-0x1F', '.5', '+3'])
      expect(() => problemFromText(text(ok), 'yaml', 'a.yaml')).not.toThrow();
  });
  it('reads exact strings exactly and encloses them', () => {
    const p = withFields({ fstar: '1/3', domain: { x: ['-sqrt(2)', 'pi'], y: [0, '2*e'] } });
    expect(rat(p.fstar)).toBe('1/3');
    const b = p.domain[0]!;
    expect(b.loEnclosure.lo).toBeLessThanOrEqual(-Math.SQRT2);
    expect(b.loEnclosure.hi).toBeGreaterThanOrEqual(-Math.SQRT2);
    expect(b.hiEnclosure.hi).toBeGreaterThanOrEqual(Math.PI);
  });
  it('outerBox contains the exact box', () => {
    const p = withFields({ domain: { x: ['-sqrt(2)', 'pi'], y: ['1/3', '2/3'] }, minimizers: { auto: true } });
    const box = outerBox(p);
    expect(box.lo[0]).toBeLessThanOrEqual(-Math.SQRT2);
    expect(box.hi[0]).toBeGreaterThanOrEqual(Math.PI);
    expect(box.lo[1]).toBeLessThanOrEqual(1 / 3);
    expect(box.hi[1]).toBeGreaterThanOrEqual(2 / 3);
  });
  it('inlines parameters (defined in any order) into terms and constants', () => {
    const p = withFields({ parameters: { c: '2*d', d: '1/4' }, terms: ['c*x^2', 'y^2 + d'], fstar: 'c - d' });
    expect(toText(p.terms[0]!)).not.toContain('c');
    expect(toText(p.parameters.get('c')!)).toBe('2*(1/4)');
    expect(p.fstar && toText(p.fstar)).not.toMatch(/[cd]/);
  });
  it('termMinima: one per term, or one for all', () => {
    expect(withFields({ termMinima: [0, '1/2'] }).termMinima?.map(rat)).toEqual(['0', '1/2']);
    expect(withFields({ termMinima: 0 }).termMinima?.map(rat)).toEqual(['0', '0']);
  });
});

describe('domain keys', () => {
  it('"*" covers the variables not listed', () => {
    const p = withFields({ domain: { '*': [-1, 1], y: [0, 2] } });
    expect(p.domain.map((b) => [b.variable, rat(b.lo), rat(b.hi)])).toEqual([
      ['x', '-1', '1'],
      ['y', '0', '2'],
    ]);
  });
  it('a shaped variable is bounded through its base name', () => {
    const p = withFields({ variables: ['w[2]', 'z'], terms: ['w_0*w_1 + z^2'], domain: { w: [-1, 1], z: [0, 1] }, minimizers: { auto: true } });
    expect(p.variables).toEqual(['w_0', 'w_1', 'z']);
    expect(p.domain.map((b) => b.variable)).toEqual(['w_0', 'w_1', 'z']);
  });
});

describe('formats, hash, origins', () => {
  const yamlText =
    'name: test-problem\nvariables: [x, y]\nterms: ["x^2 + y^2", "(x-1)^2 + y^2"]\n' +
    'domain: { x: [-2, 3], y: [-2, 3] }\nminimizers: { points: [["1/2", 0]] }\n';
  it('YAML and JSON of the same problem give the same hash', () => {
    expect(problemFromText(yamlText, 'yaml', 'a.yaml').hash).toBe(fromObject(base()).hash);
  });
  it('a different problem gives a different hash', () => {
    expect(withFields({ domain: { x: [-2, 3], y: [-2, 4] } }).hash).not.toBe(fromObject(base()).hash);
  });
  it('records term texts and origins', () => {
    const p = fromObject(base());
    expect(p.termTexts).toEqual(['x^2 + y^2', '(x-1)^2 + y^2']);
    expect(p.termOrigins).toEqual(['terms[0]', 'terms[1]']);
  });
  it('a missing file is a ProblemError', () => {
    const e = errorOf(() => loadProblemFile('examples/no-such-file.yaml'));
    expect(e.message).toBe('examples/no-such-file.yaml: cannot read the problem file: no such file');
    expect(e.exitCode).toBe(65);
  });
});
