import { describe, expect, it } from 'vitest';
import { toText } from '../../src/expr/index.js';
import { loadProblemFile, problemFromCli, type CliProblemOptions } from '../../src/problem/index.js';
import { errorOf } from './helpers.js';

const ex1: CliProblemOptions = {
  terms: ['(x+y)^2/((x+y)^2+1)', '(x+y+1)^2/((x+y+1)^2+1)'],
  box: 'x=-3:3,y=-3:3',
  projection: '(x-y-1/2)/2;(-x+y-1/2)/2',
  fstar: '1/5',
  termMinima: '0,0',
  name: 'ex1-unbounded-minimizers',
};

describe('problems from the command line', () => {
  it('equals the same problem from a file (same hash)', () => {
    const p = problemFromCli(ex1);
    expect(p.source).toBe('<command line>');
    expect(p.variables).toEqual(['x', 'y']);
    expect(p.hash).toBe(loadProblemFile('examples/ex1-unbounded.yaml').hash);
  });
  it('points, affine and auto', () => {
    const pts = problemFromCli({ terms: ['max(x, y)^2'], box: 'x=-1:1,y=0:2', points: '0,0;1,max(1/2, 1)' });
    expect(pts.minimizers.kind === 'points' && pts.minimizers.points.map((q) => q.length)).toEqual([2, 2]);
    expect(pts.minimizers.kind === 'points' && toText(pts.minimizers.points[1]![1]!)).toContain('max');
    const aff = problemFromCli({ ...ex1, name: 'ex1-affine', projection: undefined, affine: '1,1=-1/2' });
    expect(aff.hash).toBe(loadProblemFile('examples/ex1-affine.yaml').hash);
    expect(aff.minimizers.kind).toBe('affine');
    expect(problemFromCli({ terms: ['x^2'], box: 'x=-1:1', auto: true }).minimizers.kind).toBe('auto');
  });
  it('implicit: the same problem as examples/hyperbola.yaml', () => {
    const hyp = problemFromCli({ terms: ['(x*y - 1)^2'], box: 'x=0.5:2,y=0.5:2', implicit: 'x*y - 1', fstar: '0', termMinima: '0', name: 'hyperbola' });
    expect(hyp.minimizers.kind).toBe('implicit');
    expect(hyp.hash).toBe(loadProblemFile('examples/hyperbola.yaml').hash);
    const two = problemFromCli({ terms: ['(x*y - z)^2'], box: 'x=0.5:2,y=0.5:2,z=0:1', implicit: 'x*y - z; x - y' });
    expect(two.minimizers.kind === 'implicit' && two.minimizers.equations.length).toBe(2);
  });
  it('shaped variables, parameters and a single term minimum', () => {
    const p = problemFromCli({ terms: ['c*(w_0 - w_1)^2', 'w_2^2'], box: 'w[3]=-1:1', params: 'c=2*d,d=1/4', termMinima: '0', auto: true });
    expect(p.variables).toEqual(['w_0', 'w_1', 'w_2']);
    expect(p.termMinima?.length).toBe(2);
    expect(p.parameters.size).toBe(2);
  });
});

describe('command-line errors name the flag', () => {
  const err = (o: Partial<CliProblemOptions>) => errorOf(() => problemFromCli({ terms: ['x^2'], box: 'x=-1:1', auto: true, ...o }));
  it('missing pieces', () => {
    expect(err({ terms: [] }).message).toBe('<command line>: --term: at least one --term EXPR is needed');
    expect(err({ box: undefined }).message).toContain('--box: the box is required');
    expect(err({ auto: undefined }).message).toBe(
      '<command line>: give the minimizers S with exactly one of --points, --affine, --projection, --implicit or --auto',
    );
    expect(err({ points: '0' }).message).toContain('got --points and --auto');
  });
  it('bad box', () => {
    expect(err({ box: 'x-1:1' }).message).toBe("<command line>: --box: expected name=lo:hi, got 'x-1:1'");
    expect(err({ box: 'x=1:-1' }).message).toBe('<command line>: --box x: lower bound 1 is greater than upper bound -1');
  });
  it('expression errors give the term number and column', () => {
    const e = err({ terms: ['x^2', 'x + z'] });
    expect(e.message).toBe("<command line>: --term #2, column 5: unknown variable 'z' (variables are x)");
    expect(e.line).toBeUndefined();
  });
  it('minimizer pieces', () => {
    expect(err({ auto: undefined, points: '0;1,2' }).message).toContain('--points[1]: point has 2 coordinates, expected 1 (x)');
    expect(err({ auto: undefined, points: '5' }).message).toContain('--points[0][0]: x = 5 lies outside the domain [-1, 1] of x');
    expect(err({ auto: undefined, affine: '1' }).message).toContain("--affine: expected an equation 'a1,a2,...=b', got '1'");
    expect(err({ auto: undefined, projection: 'x;x' }).message).toContain('--projection: needs one expression per variable (1: x), got 2');
    expect(err({ auto: undefined, implicit: 'x - (1', terms: ['x^2 + y^2'], box: 'x=-1:1,y=-1:1' }).message).toBe(
      '<command line>: --implicit[0], column 7: syntax error: parenthesis ) expected',
    );
    expect(err({ auto: undefined, implicit: 'x - 1' }).message).toContain('--implicit: has 1 equation for 1 variable; S must be a curve or surface');
    expect(err({ fstar: 'x' }).message).toContain("--fstar, column 1: must be a constant, but uses the variable 'x'");
    expect(err({ termMinima: '0,0' }).message).toContain('--term-minima: has 2 values but there is 1 term');
    expect(err({ params: 'c' }).message).toContain("--param: expected name=value, got 'c'");
    expect(err({ params: 'c=x' }).message).toContain('--param c, column 1: parameters must be constants');
  });
});
