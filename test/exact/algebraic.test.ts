import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlgebraicError, algebraicRoot, evalUPoly, inverseModulo, narrowRoot, rootEnclosure, rootText, type AlgebraicRoot } from '../../src/exact/algebraic.js';
import { vanishesOn } from '../../src/exact/polynomial.js';
import { Rational } from '../../src/exact/rational.js';
import { ExprError, interpretInterval, parseExpr, structuralKey, toText } from '../../src/expr/index.js';
import { fromRational } from '../../src/interval/index.js';

const q = (n: number, d = 1) => Rational.of(n, d);
const poly = (...cs: number[]) => cs.map((c) => q(c));
const root = (cs: Rational[], lo: Rational, hi: Rational): AlgebraicRoot => {
  const r = algebraicRoot(cs, lo, hi);
  if (r instanceof Rational) throw new Error('expected an irrational root');
  return r;
};
/** The exact rational value of a double. */
const exact = (x: number) => Rational.fromNumber(x);

// The characteristic polynomial of X Xᵀ for Example 4b's X (examples/paper/mf-3x3.yaml).
const CUBIC = [q(-9, 1_000_000), q(2091, 40_000), q(-1067, 200), q(1)];

describe('algebraicRoot (Sturm isolation)', () => {
  it('accepts an interval with exactly one root and normalizes p (integer, content 1, positive lead)', () => {
    const r = root([q(-2, 3), q(0), q(1, 3)], q(1), q(2)); // (t² − 2)/3
    expect(r.coeffs.map(String)).toEqual(['-2', '0', '1']);
    expect(rootText(r)).toBe('root(t^2 - 2, t, 1, 2)');
  });

  it('rejects intervals with no root, two roots, a root at an end, and empty intervals', () => {
    expect(() => algebraicRoot(poly(-2, 0, 1), q(2), q(3))).toThrow(/0 real roots/);
    expect(() => algebraicRoot(poly(-2, 0, 1), q(-2), q(2))).toThrow(/2 real roots/);
    expect(() => algebraicRoot(poly(-4, 0, 1), q(2), q(3))).toThrow(/end .* is itself a root/);
    expect(() => algebraicRoot(poly(-2, 0, 1), q(2), q(1))).toThrow(AlgebraicError);
    expect(() => algebraicRoot(poly(5), q(0), q(1))).toThrow(/constant/);
  });

  it('counts the three close roots of Example 4b’s cubic (0.000175, 0.00964, 5.325)', () => {
    expect(() => algebraicRoot(CUBIC, q(0), q(6))).toThrow(/3 real roots/);
    expect(() => algebraicRoot(CUBIC, q(0), q(1, 100))).toThrow(/2 real roots/);
    expect(algebraicRoot(CUBIC, q(1, 1000), q(1, 100))).not.toBeInstanceOf(Rational);
    expect(algebraicRoot(CUBIC, q(0), q(1, 1000))).not.toBeInstanceOf(Rational);
  });

  it('refuses what it cannot isolate quickly: degree above 32, or remainders past 4096 bits (it ran for minutes)', () => {
    expect(() => algebraicRoot([q(-2), ...new Array(32).fill(q(0)), q(1)], q(1), q(2))).toThrow(/degree 33; root\(\) takes degree 32 at most/);
    // a dense degree-32 polynomial with 7-digit coefficients: its Sturm remainders pass 4096 bits
    let seed = 7;
    const dense = Array.from({ length: 33 }, (_, k) => {
      seed = (seed * 48271) % 2147483647;
      return k === 32 ? q(1) : q((seed % 2000001) - 1000000, (seed % 997) + 1);
    });
    expect(() => algebraicRoot(dense, q(-1000), q(1000))).toThrow(/more than 4096 bits/);
  });

  it('takes the square-free part (a double root becomes simple) and folds degree 1 to a rational', () => {
    // (t − 1)²(t − 3): square-free part (t − 1)(t − 3)
    const r = root(poly(-3, 7, -5, 1), q(2), q(4));
    expect(r.coeffs.map(String)).toEqual(['3', '-4', '1']);
    expect(algebraicRoot(poly(-1, 2), q(0), q(1))).toEqual(q(1, 2));
  });

  it('encloses the root: p changes sign between the double ends, which are adjacent or equal', () => {
    for (const r of [root(poly(-2, 0, 1), q(1), q(2)), root(CUBIC, q(5), q(6)), root(poly(-1, -1, 0, 1), q(1), q(2))]) {
      const [lo, hi] = rootEnclosure(r);
      const s = evalUPoly(r.coeffs, exact(lo)).sign() * evalUPoly(r.coeffs, exact(hi)).sign();
      expect(s).toBeLessThanOrEqual(0);
      expect(hi - lo).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(hi));
    }
    const [lo, hi] = rootEnclosure(root(poly(-2, 0, 1), q(1), q(2)));
    expect(lo <= Math.SQRT2 && Math.SQRT2 <= hi).toBe(true);
  });

  it('narrowRoot keeps the sign change (property: random integer cubics with a root in [−8, 8])', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), (a, b2, c) => {
        const p = poly(c, b2, a, 1);
        let r: AlgebraicRoot | Rational;
        try {
          r = algebraicRoot(p, q(-8, 1).add(q(1, 7)), q(8).add(q(1, 11)));
        } catch {
          return; // 0 or several roots there: nothing to narrow
        }
        if (r instanceof Rational) return;
        const n = narrowRoot(r, 40);
        expect(evalUPoly(r.coeffs, n.lo).sign() * evalUPoly(r.coeffs, n.hi).sign()).toBeLessThanOrEqual(0);
        const [flo, fhi] = rootEnclosure(r);
        expect(fromRational(n.lo)[0]).toBeLessThanOrEqual(fhi);
        expect(flo).toBeLessThanOrEqual(fromRational(n.hi)[1]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('inverseModulo', () => {
  it('inverts q modulo p when they share no root: s·q ≡ 1 (mod p), checked at the root', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 4 }), (cs) => {
        const qq = cs.map((c) => q(c));
        const s = inverseModulo(qq, CUBIC);
        if (cs.every((c) => c === 0)) {
          expect(s).toBeNull();
          return;
        }
        // CUBIC is irreducible over Q (no rational root, degree 3): every non-zero q is invertible
        expect(s).not.toBeNull();
        const r = narrowRoot(root(CUBIC, q(5), q(6)), 200);
        const t = r.lo.add(r.hi).div(q(2));
        const prod = evalUPoly(s!, t).mul(evalUPoly(qq, t));
        expect(Math.abs(prod.sub(Rational.ONE).toNumber())).toBeLessThan(1e-30);
      }),
      { numRuns: 100 },
    );
  });

  it('is null when q and p share a root', () => {
    expect(inverseModulo(poly(-1, 1), poly(3, -4, 1))).toBeNull(); // t − 1 divides (t − 1)(t − 3)
    expect(inverseModulo(poly(-2, 1), poly(3, -4, 1))).not.toBeNull();
  });
});

describe('root() in the expression language', () => {
  const parse = (s: string) => parseExpr(s, { variables: ['x', 'y'] });

  it('parses, prints back to itself, and encloses the value', () => {
    const e = parse('root(t^3 - 1067/200*t^2 + 2091/40000*t - 9/1000000, t, 5, 6)');
    expect(toText(e)).toBe('root(1000000*t^3 - 5335000*t^2 + 52275*t - 9, t, 5, 6)');
    expect(structuralKey(parse(toText(e)))).toBe(structuralKey(e));
    const v = interpretInterval(e, []);
    expect(v.lo).toBeLessThan(5.3251837548);
    expect(v.hi).toBeGreaterThan(5.3251837547);
    expect(v.hi - v.lo).toBeLessThan(1e-14);
  });

  it('two roots of the same p in different intervals are different constants', () => {
    const a = parse('root(t^2 - 2, t, 1, 2)');
    const c = parse('root(t^2 - 2, t, -2, -1)');
    expect(structuralKey(a)).not.toBe(structuralKey(c));
    expect(interpretInterval(c, []).hi).toBeLessThan(0);
  });

  it('names the problem in one line, with the column of root', () => {
    const fail = (s: string) => {
      try {
        parse(s);
      } catch (err) {
        expect(err).toBeInstanceOf(ExprError);
        return err as ExprError;
      }
      throw new Error(`no error for ${s}`);
    };
    expect(fail('x + root(t^2 - 2, t, -2, 2)').message).toMatch(/2 real roots in \[-2, 2\]/);
    expect(fail('x + root(t^2 - 2, t, -2, 2)').column).toBe(5);
    expect(fail('root(t^2 - 2, x, 0, 2)').message).toMatch(/bound name 'x'/);
    expect(fail('root(t^2 - x, t, 0, 2)').message).toMatch(/unknown variable 'x'|polynomial in t/);
    expect(fail('root(sin(t), t, 0, 2)').message).toMatch(/polynomial in t/);
    expect(fail('root(t^2 - 2, t, 0, pi)').message).toMatch(/hi must be an exact rational/);
    expect(fail('root(t^2 - 2, t, 0)').message).toMatch(/root takes 4 arguments/);
  });

  it('ideal membership over Q(root): x − r on S = {x = r} proves x³ − 3x − 1 vanishes there, not x² − 2', () => {
    const r = 'root(t^3 - 3*t - 1, t, 1, 2)';
    const S = [parse(`x - ${r}`)];
    expect(vanishesOn(parse('x^3 - 3*x - 1'), S)).toBe(true);
    expect(vanishesOn(parse('x^2 - 2'), S)).toBe(false);
    // division by a polynomial in the constant: 1/(r² + 1) is a polynomial in r modulo its cubic
    expect(vanishesOn(parse(`y*(${r}^2 + 1) - 1`), [parse(`y - 1/(${r}^2 + 1)`)])).toBe(true);
  });
});
