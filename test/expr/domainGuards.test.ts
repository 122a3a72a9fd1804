import { describe, expect, it } from 'vitest';
import { domainGuards, parseExpr, toText } from '../../src/expr/index.js';

describe('domainGuards: where an expression can be defined', () => {
  const P = (s: string) => parseExpr(s, { variables: ['x', 'y'] });
  it('sqrt arguments (≥ 0), log (> 0) and log1p (1 + arg > 0), nested, deduplicated', () => {
    const g = domainGuards(P('sqrt(x) - y + log(y + 1) * sqrt(x) + log1p(sqrt(x - y))'));
    expect(g.map((d) => [toText(d.arg), d.strict])).toEqual(
      expect.arrayContaining([
        ['x', false],
        ['y + 1', true],
        ['x - y', false],
      ]),
    );
    expect(g.filter((d) => toText(d.arg) === 'x')).toHaveLength(1);
    expect(g.some((d) => d.strict && /sqrt\(x - y\)/.test(toText(d.arg)))).toBe(true);
  });
  it('none for expressions defined everywhere', () => {
    expect(domainGuards(P('exp(x) * y^2 + abs(x - y)'))).toEqual([]);
  });
});
