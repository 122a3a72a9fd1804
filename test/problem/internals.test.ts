import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTop } from '../../src/problem/cli.js';
import { didYouMean, editDistance } from '../../src/problem/suggest.js';
import { evalIndex } from '../../src/problem/template/intExpr.js';
import { TemplateError } from '../../src/problem/template/TemplateError.js';
import { symbolsOf, tokenize } from '../../src/problem/tokens.js';

const idx = (text: string, env: Record<string, number> = {}) =>
  evalIndex(
    tokenize(text).filter((t) => t.kind !== 'space'),
    new Map(Object.entries(env)),
    text.length,
  );

describe('tokenize', () => {
  it('concatenating the tokens gives back the text', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (s) =>
          tokenize(s)
            .map((t) => t.text)
            .join('') === s,
      ),
    );
  });
  it('reads numbers, identifiers and symbols', () => {
    expect(tokenize('2.5e-3*x_1').map((t) => [t.kind, t.text])).toEqual([
      ['num', '2.5e-3'],
      ['punct', '*'],
      ['ident', 'x_1'],
    ]);
    expect(symbolsOf('c*exp(d) + 2e')).toEqual([
      { name: 'c', column: 1 },
      { name: 'd', column: 7 },
      { name: 'e', column: 13 },
    ]);
  });
});

describe('index expressions', () => {
  it('evaluates integer arithmetic with bound indices', () => {
    expect(idx('i + 1', { i: 2 })).toBe(3);
    expect(idx('2*(k-1) - -1', { k: 3 })).toBe(5);
    expect(idx('7/2')).toBe(3);
    expect(idx('-7 % 3')).toBe(2);
  });
  it('rejects what is not an integer index expression', () => {
    for (const bad of ['1.5', 'q', 'i +', '(1', '1/0', '1 2']) {
      expect(() => idx(bad, { i: 0 })).toThrow(TemplateError);
    }
  });
});

describe('suggestions', () => {
  it('edit distance counts transpositions as one edit', () => {
    expect(editDistance('fstra', 'fstar')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('suggests only close words', () => {
    expect(didYouMean('termMinimum', ['terms', 'termMinima'])).toBe(" (did you mean 'termMinima'?)");
    expect(didYouMean('z', ['x', 'y'])).toBe('');
  });
});

describe('splitTop', () => {
  it('splits outside parentheses and brackets only', () => {
    expect(splitTop('max(x, 1), 2 ;3', ',')).toEqual(['max(x, 1)', '2 ;3']);
    expect(splitTop('a[0,1],b', ',')).toEqual(['a[0,1]', 'b']);
  });
});
