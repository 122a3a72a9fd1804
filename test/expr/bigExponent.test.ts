import { describe, expect, it } from 'vitest';
import { compileAffine } from '../../src/expr/affine-eval.js';
import { compileInterval, encloseConstant, parseExpr } from '../../src/expr/index.js';
import { lscert, tempProblem } from '../helpers/cli.js';

/**
 * Integer exponents beyond doubles (review finding, 2026-12-08): Number(2^60 + 1) is the even
 * 2^60, so (−1)^(2^60 + 1) — truly −1 — was enclosed as [1, 1] by the interpreter (constant parts
 * of every compiled expression, f* at points of S, the checker) and by the affine evaluator.
 * A false PL claim was certified (and its certificate verified), a true one refuted. Such an
 * exponent is now a real power with its exponent enclosed: a negative base is undefined (not
 * proved), a positive one is enclosed soundly.
 */
const odd = '1152921504606846977'; // 2^60 + 1
const P = (s: string) => parseExpr(s, { variables: ['x'] });
const contains = (lo: number, hi: number, v: number) => !(lo > v || hi < v); // NaN ends contain (undefined, not proved)

describe('integer exponents of 2^31 and more', () => {
  it('no evaluator encloses (−1)^(2^60 + 1) away from −1', () => {
    const e = P(`(-1)^${odd}`);
    const c = encloseConstant(e);
    expect(contains(c.lo, c.hi, -1) || c.isEmpty()).toBe(true);
    const lo = new Float64Array(1);
    const hi = new Float64Array(1);
    for (const ev of [compileInterval([P(`x*(-1)^${odd}`)]), compileAffine([P(`x*(-1)^${odd}`)])]) {
      ev.eval([1], [1], lo, hi);
      expect(contains(lo[0]!, hi[0]!, -1), `${lo[0]}, ${hi[0]}`).toBe(true);
    }
  });

  it('a positive base is still enclosed: (1 + 2^-52)^(2^53 + 1) contains e^2 (1 + 2^-52)', () => {
    const e = P('(1 + 2^(-52))^9007199254740993');
    const c = encloseConstant(e);
    const v = Math.exp(2) * (1 + 2 ** -52);
    expect(c.lo).toBeLessThanOrEqual(v * (1 + 1e-12));
    expect(c.hi).toBeGreaterThanOrEqual(v * (1 - 1e-12));
  });

  it('check neither certifies the false claim nor refutes the true one', () => {
    const file = (term: string) =>
      tempProblem(`name: big-odd-power\nvariables: [x]\nterms: ["${term}"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\n`);
    // f = x^2 (2 + (−1)^odd) = x^2: PL holds for μ ≤ 2 only
    const falseClaim = lscert(['check', file(`x^2 * (2 + (-1)^${odd})`), '--condition', 'pl', '--mu', '4', '--time-limit', '10', '--json']);
    expect(JSON.parse(falseClaim.stdout).verdict).not.toBe('certified');
    // f = x^2 − (1 + (−1)^odd)/4 x^4 = x^2: PL with μ = 2 holds
    const trueClaim = lscert(['check', file(`x^2 - (1 + (-1)^${odd})/4 * x^4`), '--condition', 'pl', '--mu', '2', '--time-limit', '10', '--json']);
    expect(JSON.parse(trueClaim.stdout).verdict).not.toBe('refuted');
  });
});
