import { describe, expect, it } from 'vitest';
import { loadProblemFile } from '../../src/problem/index.js';
import { problemFacts } from '../../src/reports/facts.js';
import { example } from '../helpers/cli.js';

/**
 * Report facts print S and f* with the problem's parameters by name (parameters are inlined into
 * every expression; printed inline, Example 4b's five equations took 6 KB of one table cell).
 */
describe('report facts: parameters by name', () => {
  it('Example 4a: S by its three equations in c00, c01, c10, then what each parameter is', () => {
    const facts = problemFacts(loadProblemFile(example('paper/mf-2x2.yaml')), null, [], []);
    const text = facts.minimizers!.text;
    expect(text).toMatch(/^S = \{x : W_0_0\*S_0_0 - c00 = 0, W_0_0\*S_1_0 - c01 = 0, W_1_0\*S_0_0 - c10 = 0\} where /);
    // every parameter used, each once, in definition order (sd before l2 before c00)
    expect(text).toContain('sd = sqrt(157/20)');
    const where = text.slice(text.indexOf(' where '));
    expect(where.indexOf('sd = ')).toBeLessThan(where.indexOf('l2 = '));
    expect(where.indexOf('l2 = ')).toBeLessThan(where.indexOf('c00 = '));
    expect(where.match(/ l2 = /g)).toHaveLength(1);
    expect(facts.fstar.exact).toBe('l2 / 8 (where sd = sqrt(157/20), l2 = (141/50 - sd) / 2)');
  });

  it('Example 4b: the algebraic constant is named once, and the text is short', () => {
    const facts = problemFacts(loadProblemFile(example('paper/mf-3x3.yaml')), null, [], []);
    const text = facts.minimizers!.text;
    expect(text.match(/root\(/g)).toHaveLength(1);
    expect(text.length).toBeLessThan(1200);
    expect(facts.fstar.exact).toMatch(/^\(1067\/200 - l1\) \/ 18 \(where l1 = root\(1000000\*t\^3 - 5335000\*t\^2 \+ 52275\*t - 9, t, 5, 6\)\)$/);
  });

  it('a problem without parameters prints as before', () => {
    const facts = problemFacts(loadProblemFile(example('paper/ex1-unbounded.yaml')), null, [], []);
    expect(facts.minimizers!.text).not.toMatch(/where/);
  });
});
