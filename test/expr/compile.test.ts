import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { CompileTimeout, compileFloat, compileInterval, interpretInterval, parseExpr, toText, type Expr } from '../../src/expr/index.js';
import { Interval } from '../../src/interval/index.js';
import { boxAndPoint, exprArb } from '../helpers/arbitraries.js';
import { dec, decInInterval, evalDecimal as evalDecimalRaw, evalRational, OracleSkip, type Dec } from '../helpers/oracle.js';

/** The oracle's value, or 'skip' where it would be too slow. */
function evalDecimal(e: Expr, x: readonly Dec[]): Dec | undefined | 'skip' {
  try {
    return evalDecimalRaw(e, x);
  } catch (err) {
    if (err instanceof OracleSkip) return 'skip';
    throw err;
  }
}

function enclose(e: Expr, lo: number[], hi: number[], rounding: 'widen' | 'tight' = 'widen'): [number, number] {
  const ev = compileInterval([e], { rounding });
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  ev.eval(lo, hi, ol, oh);
  return [ol[0]!, oh[0]!];
}

describe('compiled interval evaluator: enclosure property', () => {
  it('contains the exact value of polynomial and rational expressions (BigInt fractions)', () => {
    fc.assert(
      fc.property(exprArb({ rational: true }), boxAndPoint, (e, { lo, hi, point }) => {
        const exact = evalRational(e, point);
        const [l, h] = enclose(e, lo, hi);
        if (exact === undefined) return; // undefined at the point: see the domain test below
        if (!(exact instanceof Rational)) throw new Error('oracle');
        if (Number.isNaN(l) && Number.isNaN(h)) return; // undefined somewhere on the box: no claim made
        const ok =
          (l === -Infinity || (Number.isFinite(l) && Rational.fromNumber(l).cmp(exact) <= 0)) &&
          (h === Infinity || (Number.isFinite(h) && Rational.fromNumber(h).cmp(exact) >= 0));
        if (!ok) throw new Error(`${toText(e)} at ${point.map(String)} = ${exact.toNumber()} not in [${l}, ${h}] over [${lo}]..[${hi}]`);
      }),
      { numRuns: 1500 },
    );
  });

  it('contains the 80-digit value of expressions with every supported function', () => {
    fc.assert(
      fc.property(exprArb(), boxAndPoint, (e, { lo, hi, point }) => {
        const v = evalDecimal(e, point.map(dec));
        if (v === 'skip') return;
        const [l, h] = enclose(e, lo, hi);
        if (v === undefined) {
          // Undefined at a point of the box: the enclosure must be UNDEFINED (NaN), so that
          // no finite bound can come out of it, whatever functions are applied later.
          expect(Number.isNaN(l) && Number.isNaN(h)).toBe(true);
          return;
        }
        if (Number.isNaN(l) && Number.isNaN(h)) return; // undefined elsewhere on the box: no claim made
        if (!decInInterval(v, l, h)) throw new Error(`${toText(e)} at ${point.map(String)} = ${v.toString()} not in [${l}, ${h}]`);
      }),
      { numRuns: 1500 },
    );
  });

  it('in tight mode agrees with the tree interpreter (same kernel, different code path)', () => {
    fc.assert(
      fc.property(exprArb(), boxAndPoint, (e, { lo, hi }) => {
        const [l, h] = enclose(e, lo, hi, 'tight');
        const iv = interpretInterval(
          e,
          lo.map((x, i) => Interval.of(x, hi[i]!)),
        );
        expect(l === iv.lo || (Number.isNaN(l) && Number.isNaN(iv.lo))).toBe(true);
        expect(h === iv.hi || (Number.isNaN(h) && Number.isNaN(iv.hi))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is tight on even powers and shares common subexpressions', () => {
    const e = parseExpr('x^2', { variables: ['x'] });
    expect(enclose(e, [-2], [3], 'tight')).toEqual([0, 9]);
    // widening mode: the dependency-tight [0, 9], widened by one step at the inexact-or-not end
    expect(enclose(e, [-2], [3])).toEqual([0, 9 + 9 * Number.EPSILON]);
    const shared = compileInterval([parseExpr('exp(x)+1', { variables: ['x'] }), parseExpr('exp(x)*2', { variables: ['x'] })]);
    expect(shared.source.match(/exp\(/g)?.length).toBe(1);
  });

  it('float evaluator: NaN from outside a domain stays NaN through relu, step and the kink functions', () => {
    // relu(log(x) + x) at x = −0.01 evaluated to 0 (relu(NaN) = 0) and its derivative
    // step(log(x) + x)·(1/x + 1) to 49.5 (step(NaN) = 1/2): a number where the function is undefined
    const e = parseExpr('relu(log(x) + x)', { variables: ['x'] });
    const f = compileFloat([e]);
    const out = new Float64Array(1);
    f.eval([-0.01], out);
    expect(out[0]).toBeNaN();
    f.eval([2], out);
    expect(out[0]).toBeCloseTo(Math.log(2) + 2, 14);
    f.eval([0.1], out);
    expect(out[0]).toBe(0); // log(0.1) + 0.1 < 0
    for (const text of ['abs(log(x))', 'max(log(x), 0)', 'min(log(x), 1)', 'sqrt(x)']) {
      compileFloat([parseExpr(text, { variables: ['x'] })]).eval([-1], out);
      expect(out[0], text).toBeNaN();
    }
  });

  it('float evaluator matches the decimal oracle where the evaluation is well conditioned', () => {
    fc.assert(
      fc.property(exprArb(), boxAndPoint, (e, { point }) => {
        const v = evalDecimal(e, point.map(dec));
        const f = compileFloat([e]);
        const out = new Float64Array(1);
        const x = point.map((r) => r.toNumber());
        f.eval(x, out);
        if (v === undefined || v === 'skip' || !v.isFinite() || v.abs().gt(1e6)) return;
        const ref = v.toNumber();
        // A narrow rigorous enclosure at the point means rounding errors are not amplified.
        const [l, h] = enclose(e, x, x);
        if (!(h - l <= 1e-9 * Math.max(1, Math.abs(ref)))) return;
        // Float overflow (x^-2 at x = 1e-293, then 0·∞ = NaN) is a limit of floats, not of the compiler.
        if (!Number.isFinite(out[0]!)) return;
        expect(Math.abs(out[0]! - ref)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('compiled interval evaluator: deadline', () => {
  const big = parseExpr(Array.from({ length: 400 }, (_, i) => `log(1 + exp(-(${i % 7} * x - ${(i % 5) + 1} * y)))`).join(' + '), { variables: ['x', 'y'] });

  it('throws CompileTimeout, compiling nothing, once the deadline has passed', () => {
    expect(() => compileInterval([big], { deadline: Date.now() - 1 })).toThrow(CompileTimeout);
  });

  it('without a deadline (or a distant one) compiles the same evaluator', () => {
    const a = compileInterval([big]);
    const b = compileInterval([big], { deadline: Date.now() + 600_000 });
    expect(b.source).toBe(a.source);
    const [lo, hi] = [new Float64Array(1), new Float64Array(1)];
    b.eval([0.5, -0.25], [0.5, -0.25], lo, hi);
    expect(lo[0]).toBeLessThanOrEqual(hi[0]!);
    expect(Number.isFinite(lo[0]!)).toBe(true);
  });
});
