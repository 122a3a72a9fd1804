/**
 * Checks, on this engine, the assumption behind every transcendental bound of the
 * kernel: V8's Math.exp/expm1/log/log1p/sin/cos have an error below 1 ulp (README.md).
 * The reference is the BigInt oracle of hp.ts, independent of Math.*.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rational } from '../../src/exact/rational.js';
import { nextUp } from '../../src/interval/float.js';
import { cosHP, expHP, expm1HP, log1pHP, logHP, sinHP, tol } from './hp.js';
import { R } from './helpers.js';

interface Case {
  name: string;
  f: (x: number) => number;
  hp: (x: Rational) => Rational;
  args: fc.Arbitrary<number>;
}

const d = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const CASES: Case[] = [
  { name: 'exp', f: Math.exp, hp: expHP, args: fc.oneof(d(-700, 700), d(-1, 1)) },
  {
    name: 'expm1',
    f: Math.expm1,
    hp: expm1HP,
    args: fc.oneof(
      d(-40, 700),
      d(-1e-5, 1e-5).filter((x) => Math.abs(x) > 1e-30),
    ),
  },
  { name: 'log', f: Math.log, hp: logHP, args: fc.oneof(d(1e-300, 1e300), d(0.5, 2)) },
  {
    name: 'log1p',
    f: Math.log1p,
    hp: log1pHP,
    args: fc.oneof(
      d(-0.999, 1e10),
      d(-1e-5, 1e-5).filter((x) => Math.abs(x) > 1e-30),
    ),
  },
  { name: 'sin', f: Math.sin, hp: sinHP, args: fc.oneof(d(-100, 100), d(-1e5, 1e5)) },
  { name: 'cos', f: Math.cos, hp: cosHP, args: fc.oneof(d(-100, 100), d(-1e5, 1e5)) },
];

describe('V8 libm accuracy (error < 1 ulp, the kernel widens by ≥ 2)', () => {
  for (const c of CASES) {
    it(`Math.${c.name}`, () => {
      let worst = 0;
      let worstAt = NaN;
      fc.assert(
        // the fixed-point oracle resolves 2^−320: keep arguments (hence results) ≥ 2^−60
        fc.property(
          c.args.filter((x) => x === 0 || Math.abs(x) >= 2 ** -60),
          (x) => {
            const y = c.f(x);
            const v = c.hp(R(x));
            const err = R(y).sub(v).abs().add(tol(v));
            const a = Math.abs(y);
            const ulp = R(nextUp(a)).sub(R(a));
            const ratio = err.div(ulp).toNumber();
            if (ratio > worst) [worst, worstAt] = [ratio, x];
            expect(err.cmp(ulp), `Math.${c.name}(${x}) = ${y}: error ${ratio} ulp`).toBe(-1);
          },
        ),
        { numRuns: 150 },
      );
      console.log(`libm ${c.name}: worst observed error ${worst.toFixed(3)} ulp (at x = ${worstAt})`);
    });
  }
});
