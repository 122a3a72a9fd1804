import { describe, expect, it } from 'vitest';
import { parseTie, TieError } from '../../src/constants/index.js';

describe('parseTie: beta = k*alpha + m with exact k, m', () => {
  const ok: [string, string, string][] = [
    ['beta = alpha - 1', '1', '-1'],
    ['beta = 0.8*alpha', '4/5', '0'],
    ['beta=(alpha-2)/3', '1/3', '-2/3'],
    ['beta = 1/4', '0', '1/4'],
    // (Was 'beta = 2*alpha + 0.1', which no alpha > 0 satisfies with alpha > beta: refused since 2026-12-07, below.)
    ['  beta =  2*alpha - 0.1 ', '2', '-1/10'],
    ['beta = alpha*0.5 - alpha/4', '1/4', '0'],
  ];
  it.each(ok)('%s', (text, k, m) => {
    const t = parseTie(text);
    expect(t.k.toString()).toBe(k);
    expect(t.m.toString()).toBe(m);
  });

  const bad: [string, RegExp][] = [
    ['beta = alpha^2', /not of the form/],
    ['alpha = 2', /left side must be 'beta'/],
    ['beta = 2*gamma', /unknown variable 'gamma'/],
    ['beta = exp(alpha)', /not of the form/],
    ['beta = sqrt(2)*alpha', /not of the form/],
    ['beta == alpha', /expected 'beta = k\*alpha \+ m'/],
    ['beta = ', /empty/],
    ['beta = (alpha', /cannot read/],
    // No alpha > 0 on the line has alpha > beta >= 0 (constants ran them to "no finite limit", exit 0).
    ['beta = alpha + 1', /no alpha > 0 on 'beta = alpha \+ 1' has alpha > beta >= 0/],
    ['beta = alpha', /no alpha > 0/],
    ['beta = 2*alpha', /no alpha > 0/],
    ['beta = 2*alpha + 0.1', /no alpha > 0/],
    ['beta = -1', /no alpha > 0/],
    ['beta = -alpha', /no alpha > 0/],
  ];
  it.each(bad)('rejects %s', (text, msg) => {
    expect(() => parseTie(text)).toThrow(TieError);
    expect(() => parseTie(text)).toThrow(msg);
  });
});
