import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { loadProblemFile } from '../../src/problem/index.js';
import { fieldError, withFields } from './helpers.js';

const mf = (template: Record<string, unknown>, variables: unknown = ['w[2]', 's[2]']) =>
  withFields({ variables, terms: undefined, template, domain: { '*': [-2, 2] }, minimizers: { auto: true } });

describe('template expansion', () => {
  it('generates the product of the index ranges, last index fastest', () => {
    const p = mf({
      data: {
        X: [
          [1, 2],
          [3, '1/2'],
        ],
      },
      index: { i: 2, j: 2 },
      term: '0.5*(X[i][j] - w[i]*s[j])^2',
    });
    expect(p.variables).toEqual(['w_0', 'w_1', 's_0', 's_1']);
    expect(p.termTexts).toEqual(['0.5*(1 - w_0*s_0)^2', '0.5*(2 - w_0*s_1)^2', '0.5*(3 - w_1*s_0)^2', '0.5*((1/2) - w_1*s_1)^2']);
    expect(p.termOrigins[2]).toBe('template.term (i=1, j=0)');
  });
  it('splices negative and exact data values in parentheses', () => {
    const p = mf({ data: { b: [-1, 'sqrt(2)'] }, index: { i: 2 }, term: 'w[i] - b[i]' });
    expect(p.termTexts).toEqual(['w_0 - (-1)', 'w_1 - (sqrt(2))']);
  });
  it('data values stay exact', () => {
    const p = mf({ data: { X: [0.1, '1/3'] }, index: { i: 2 }, term: 'w[0] - X[i]' });
    expect(toText(p.terms[0]!)).toContain('1/10');
    expect(toText(p.terms[1]!)).toContain('1/3');
  });
  it('sum() and dot() expand to plain sums', () => {
    const p = mf({
      data: {
        X: [
          [1, 2],
          [3, 4],
        ],
      },
      index: { i: 2 },
      term: 'sum(k, 0, 1, w[k]*X[i][k]) + dot(s, X[i])',
    });
    expect(p.termTexts[1]).toBe('(w_0*3 + w_1*4) + (s_0*3 + s_1*4)');
  });
  it('matrix variables and index arithmetic', () => {
    const p = mf({ index: { i: 2 }, term: 'W[i][1 - i]^2' }, ['W[2][2]']);
    expect(p.termTexts).toEqual(['W_0_1^2', 'W_1_0^2']);
  });
  it('an empty sum is 0', () => {
    expect(mf({ term: 'sum(k, 1, 0, w[k]) + w[0]' }).termTexts).toEqual(['0 + w_0']);
  });
  it('rows bind columns by name; index may be a data list length', () => {
    const p = withFields({
      variables: ['v[2]'],
      terms: undefined,
      template: {
        columns: ['a', 'y'],
        rows: [
          [1, 1],
          [2, -1],
          [3, 1],
        ],
        term: 'softplus(-y*(v[0]*a + v[1]))',
      },
      domain: { v: [-1, 1] },
      minimizers: { auto: true },
      termMinima: 0,
    });
    expect(p.terms.length).toBe(3);
    expect(p.termTexts[1]).toBe('softplus(-(-1)*(v_0*2 + v_1))');
    expect(p.termOrigins[1]).toBe('template.term (row 1)');
    expect(p.termMinima?.length).toBe(3);
    const q = mf({ data: { Y: [1, 2, 3] }, index: { i: 'Y' }, term: 'w[0]*Y[i]' });
    expect(q.terms.length).toBe(3);
  });
  it('terms and a list of templates combine, in order', () => {
    const p = withFields({
      variables: ['w[2]'],
      terms: ['w_0^2'],
      template: [{ index: { i: 2 }, term: 'w[i]^4' }, { term: 'w[1]' }],
      domain: { '*': [0, 1] },
      minimizers: { auto: true },
    });
    expect(p.termTexts).toEqual(['w_0^2', 'w_0^4', 'w_1^4', 'w_1']);
    expect(p.termOrigins).toEqual(['terms[0]', 'template[0].term (i=0)', 'template[0].term (i=1)', 'template[1].term']);
  });
  it('bundled examples generate the expected terms', () => {
    expect(loadProblemFile('examples/mf-2x2.yaml').terms.length).toBe(4);
    const net = loadProblemFile('examples/relu-net.yaml');
    expect(net.terms.length).toBe(4);
    expect(net.variables).toEqual(['W_0_0', 'W_0_1', 'W_1_0', 'W_1_1', 'v_0', 'v_1']);
    expect(net.termTexts[0]).toBe('softplus(-1 * (v_0 * relu(W_0_0*1 + W_0_1*0.5) + v_1 * relu(W_1_0*1 + W_1_1*0.5)))');
  });
});

describe('template errors', () => {
  const tpl = (template: Record<string, unknown>, variables: unknown = ['w[2]', 's[2]']) =>
    fieldError({ variables, terms: undefined, template, domain: { '*': [-2, 2] }, minimizers: { auto: true } });

  it('out-of-range data index names the binding and the template column', () => {
    const e = tpl({ data: { X: [1, 2] }, index: { i: 3 }, term: 'w[0] - X[i]' });
    expect(e.field).toBe('template.term (i=2)');
    expect(e.column).toBe(8);
    expect(e.message).toContain('index 2 is out of range for X (2 entries, indices start at 0)');
  });
  it('an expression error in a generated term maps back to the template column', () => {
    const e = tpl({ index: { i: 2 }, term: 'w[i] + z' });
    expect(e.field).toBe('template.term (i=0)');
    expect(e.column).toBe(8);
    expect(e.message).toContain("unknown variable 'z'");
    expect(e.message).toContain('in the generated term "w_0 + z"');
  });
  it('a vector variable index out of range', () => {
    const e = tpl({ index: { i: 3 }, term: 'w[i]' });
    expect(e.field).toBe('template.term (i=2)');
    expect(e.message).toContain('w[2] is not a variable (w is declared as w[2], indices start at 0)');
  });
  it('unknown names, indices and functions', () => {
    expect(tpl({ term: 'u[0]' }).message).toContain("'u' is neither a data list (template.data) nor a vector variable");
    expect(tpl({ term: 'w[q]' }).message).toContain("'q' is not an index");
    expect(tpl({ term: 'sum(k, 0, 1)' }).message).toContain('expected sum(k, lo, hi, body) with 4 arguments, got 3');
    expect(tpl({ term: 'dot(w, s[0])' }).message).toContain('is declared as s[2]');
    expect(tpl({ data: { X: [1, 2, 3] }, term: 'dot(w, X)' }).message).toContain('dot(): the vectors have lengths 2 and 3');
    expect(tpl({ data: { X: [1, 2] }, term: 'X + w[0]' }).message).toContain("'X' is a data list; index it, e.g. X[i]");
  });
  it('structure errors', () => {
    expect(tpl({ index: { i: 2 } }).message).toContain("template: missing required field 'term'");
    expect(tpl({ term: 'w[0]', idx: { i: 2 } }).message).toContain("template.idx: unknown field 'idx'; allowed fields are term, data, index, columns and rows");
    expect(tpl({ term: 'w[0]', index: { i: -1 } }).field).toBe('template.index.i');
    expect(tpl({ term: 'w[0]', index: { x: 2 } }, ['x', 'w[2]']).message).toContain("'x' is already the name of a variable");
    expect(tpl({ term: 'w[0]', index: { exp: 2 } }).message).toContain("'exp' is the name of a function");
    expect(tpl({ term: 'w[0]', rows: [[1]] }).message).toContain("'rows' and 'columns' go together");
    expect(tpl({ term: 'w[0]', columns: ['a', 'b'], rows: [[1]] }).message).toContain('row has 1 entries, expected 2 (a, b)');
    expect(tpl({ term: 'w[0]', data: { X: [1, 'abc'] } }).field).toBe('template.data.X[1]');
    expect(tpl({ term: 'w[0]', index: { i: 0 } }).message).toContain('the template generates no terms');
    expect(tpl({ term: 'w[0]', index: { i: 1000, j: 1000 } }).message).toContain('the template generates 1000000 terms');
  });
});
