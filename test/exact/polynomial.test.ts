import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideByOne,
  inPrincipalIdeal,
  type Poly,
  POLY_ZERO,
  PolyLimitError,
  polyAdd,
  polyConst,
  polyDegree,
  polyEquals,
  polyEvaluate,
  polyFromExpr,
  polyIsZero,
  polyLeadingTerm,
  polyMul,
  polyScale,
  polySub,
  polyToString,
  polyVar,
  groebnerBasis,
  remainderBySet,
  vanishesOn,
} from '../../src/exact/polynomial.js';

const polyPow = (p: Poly, n: number): Poly => Array.from({ length: n }).reduce<Poly>((acc) => polyMul(acc, p), polyConst(Rational.ONE));
import { Rational } from '../../src/exact/rational.js';
import { build as b, derivative, type Expr, gradient, parseExpr } from '../../src/expr/index.js';

const V = { variables: ['x', 'y', 'z'] };
const P = (text: string): Expr => parseExpr(text, V);
const poly = (text: string): Poly => {
  const p = polyFromExpr(P(text));
  if (!p) throw new Error(`not a polynomial: ${text}`);
  return p;
};
const Q = (n: number, d = 1) => Rational.of(n, d);

/** The exact value of a polynomial-like expression (a test oracle: evaluates the tree, expands nothing). */
function evalExact(e: Expr, y: readonly Rational[]): Rational {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'var':
      return y[e.index]!;
    case 'add':
      return e.terms.reduce((s, t) => s.add(evalExact(t, y)), Rational.ZERO);
    case 'mul':
      return e.factors.reduce((s, t) => s.mul(evalExact(t, y)), Rational.ONE);
    case 'neg':
      return evalExact(e.arg, y).neg();
    case 'div':
      return evalExact(e.num, y).div(evalExact(e.den, y));
    case 'pow': {
      const k = evalExact(e.exponent, y);
      if (!k.isInteger()) throw new Error('non-integer power');
      return evalExact(e.base, y).pow(Number(k.num));
    }
    default:
      throw new Error(`not evaluable exactly: ${e.kind}`);
  }
}

// Random polynomial expressions as text (small: the expansion must stay cheap).
const leaf = fc.oneof(
  fc.constantFrom('x', 'y', 'z'),
  fc.integer({ min: -5, max: 5 }).map((n) => `(${n})`),
  fc.tuple(fc.integer({ min: -7, max: 7 }), fc.integer({ min: 1, max: 6 })).map(([n, d]) => `(${n}/${d})`),
);
const exprText = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), tie('e')).map(([a, c]) => `(${a} + ${c})`),
    fc.tuple(tie('e'), tie('e')).map(([a, c]) => `(${a} - ${c})`),
    fc.tuple(tie('e'), tie('e')).map(([a, c]) => `(${a} * ${c})`),
    tie('e').map((a) => `(-${a})`),
    fc.tuple(tie('e'), fc.integer({ min: 0, max: 3 })).map(([a, k]) => `(${a})^${k}`),
    fc.tuple(tie('e'), fc.constantFrom('2', '3', '(-5/4)', '(1+1)')).map(([a, c]) => `(${a}) / ${c}`),
    tie('e').map((a) => `square(${a})`),
  ),
})).e;
const rational = fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 9 })).map(([n, d]) => Q(n, d));
const point = fc.tuple(rational, rational, rational);

/** A random polynomial in x, y, z: up to `terms` terms, each exponent at most `deg`. */
const randomPoly = (terms: number, deg: number) =>
  fc
    .array(fc.tuple(rational, fc.tuple(fc.nat(deg), fc.nat(deg), fc.nat(deg))), { maxLength: terms })
    .map((ts) => ts.reduce<Poly>((acc, [c, [i, j, k]]) => polyAdd(acc, monomial(c, [i, j, k])), POLY_ZERO));
const nonzeroPoly = (terms: number, deg: number) => randomPoly(terms, deg).filter((p) => !polyIsZero(p));

function monomial(c: Rational, exps: readonly number[]): Poly {
  let p = polyConst(c);
  exps.forEach((e, i) => {
    for (let k = 0; k < e; k++) p = polyMul(p, polyVar(i));
  });
  return p;
}

describe('polyFromExpr', () => {
  it('expands an expression into the polynomial it equals (exact values at random rational points)', () => {
    fc.assert(
      fc.property(exprText, point, (text, y) => {
        const e = P(text);
        const p = polyFromExpr(e);
        expect(p).not.toBeNull();
        expect(polyEvaluate(p!, y).equals(evalExact(e, y))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('normalizes: equal polynomials written differently are equal maps', () => {
    expect(polyEquals(poly('(x + y)^2'), poly('x^2 + 2*x*y + y^2'))).toBe(true);
    expect(polyEquals(poly('square(x - 1)'), poly('x*x - 2*x + 1'))).toBe(true);
    expect(polyEquals(poly('pow(x, 3)'), poly('x^(1 + 2)'))).toBe(true);
    expect(polyEquals(poly('x/2 - 0.5*x'), POLY_ZERO)).toBe(true);
    expect(polyEquals(poly('x * 2^(-1)'), poly('x/2'))).toBe(true);
    expect(polyEquals(poly('(x*y - 1)^0'), polyConst(Rational.ONE))).toBe(true);
    expect(polyIsZero(poly('(x - x)*(y + 1)^5'))).toBe(true);
    expect(polyDegree(poly('x^2*y^3 + z'))).toBe(5);
    expect(polyDegree(POLY_ZERO)).toBe(-1);
    // Parameters are inlined by the parser: a numeric one is a coefficient.
    const withParam = polyFromExpr(parseExpr('a*x', { variables: ['x'], parameters: new Map([['a', b.num(Q(3, 4))]]) }));
    expect(polyToString(withParam!, ['x'])).toBe('3/4*x');
  });

  it('is null for anything that is not a polynomial', () => {
    for (const text of [
      'sqrt(x)',
      'exp(x) - 1',
      'abs(x)',
      'max(x, y)',
      '1/x',
      'x/(y + 1)',
      '(x^2 - 1)/(x - 1)',
      'x/0',
      'x^0.5',
      'x^(-1)',
      'x^y',
      'pi*x',
      'e + x',
      '0*log(x)',
    ]) {
      expect(polyFromExpr(P(text)), text).toBeNull();
    }
    const nonNumericParam = parseExpr('a*x', { variables: ['x'], parameters: new Map([['a', b.call('sqrt', b.num(2))]]) });
    expect(polyFromExpr(nonNumericParam)).toBeNull();
  });

  it('is null past its limits (degree, terms, constant size)', () => {
    expect(polyFromExpr(P('x^64'))).not.toBeNull();
    expect(polyFromExpr(P('x^65'))).toBeNull();
    expect(polyFromExpr(P('(x*y)^33'))).toBeNull();
    expect(polyFromExpr(P('(x + y)^10'))!.size).toBe(11);
    expect(polyFromExpr(P('(x + y)^10'), { maxTerms: 5 })).toBeNull();
    expect(polyFromExpr(P('(x + y + z)^8'), { maxDegree: 7 })).toBeNull();
    expect(polyFromExpr(b.pow(b.num(Q(3, 2)), b.num(100_000)))).toBeNull();
    expect(polyToString(polyFromExpr(b.pow(b.num(-1), b.num(100_001)))!)).toBe('-1');
  });

  it('prints in graded-lex order', () => {
    expect(polyToString(poly('1/3 - 2*x*y^2 + x^3 - y'), ['x', 'y'])).toBe('x^3 - 2*x*y^2 - y + 1/3');
    expect(polyToString(poly('-x + z'))).toBe('-y0 + y2');
    expect(polyToString(POLY_ZERO)).toBe('0');
  });
});

describe('divideByOne', () => {
  it('f = q·g + r exactly, and no term of r is divisible by the leading monomial of g', () => {
    fc.assert(
      fc.property(randomPoly(8, 3), nonzeroPoly(4, 2), (f, g) => {
        const { quotient, remainder } = divideByOne(f, g);
        expect(polyEquals(polyAdd(polyMul(quotient, g), remainder), f)).toBe(true);
        const lm = polyLeadingTerm(g)!.exps;
        for (const t of remainder.values()) expect(lm.every((e, i) => e <= (t.exps[i] ?? 0))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a zero divisor, and stops with PolyLimitError when the dividend blows up', () => {
    expect(() => divideByOne(poly('x'), POLY_ZERO)).toThrow(RangeError);
    expect(() => inPrincipalIdeal(poly('x'), POLY_ZERO)).toThrow(RangeError);
    // x^30 mod (x − y − z − w − u − v): the remainder is (y + z + w + u + v)^30, with 46 376 terms.
    const vars = { variables: ['x', 'y', 'z', 'w', 'u', 'v'] };
    const f = polyFromExpr(parseExpr('x^30', vars))!;
    const g = polyFromExpr(parseExpr('x - y - z - w - u - v', vars))!;
    expect(() => divideByOne(f, g, { maxTerms: 2000 })).toThrow(PolyLimitError);
    expect(vanishesOn(parseExpr('x^30', vars), [parseExpr('x - y - z - w - u - v', vars)], { maxTerms: 2000 })).toBeNull();
    expect(divideByOne(polyFromExpr(parseExpr('x^3', vars))!, g, { maxTerms: 2000 }).remainder.size).toBe(35);
  });
});

describe('inPrincipalIdeal', () => {
  const g = poly('x*y - 1');
  const f = P('(x*y - 1)^2');

  it('proves the vanishing facts of f = (xy − 1)² on S = {xy = 1}', () => {
    expect(inPrincipalIdeal(poly('(x*y - 1)^2'), g)).toBe(true);
    const fx = polyFromExpr(derivative(f, 0))!;
    expect(polyEquals(fx, poly('2*y*(x*y - 1)'))).toBe(true);
    expect(inPrincipalIdeal(fx, g)).toBe(true);
    // |∇f|² − 2μ f ∈ (xy − 1) for a rational μ.
    const [gx, gy] = gradient(f, 2) as [Expr, Expr];
    const mu = b.num(Q(3, 7));
    const pl = b.sub(b.add(b.pow(gx, b.num(2)), b.pow(gy, b.num(2))), b.mul(b.num(2), mu, f));
    expect(inPrincipalIdeal(polyFromExpr(pl)!, g)).toBe(true);
    expect(vanishesOn(pl, [P('x*y - 1')])).toBe(true);
  });

  it('rejects non-members', () => {
    expect(inPrincipalIdeal(poly('x*y'), g)).toBe(false);
    expect(inPrincipalIdeal(poly('x'), poly('x^2'))).toBe(false);
    expect(inPrincipalIdeal(poly('x^2'), poly('x'))).toBe(true);
    expect(inPrincipalIdeal(poly('x + y'), poly('x - y'))).toBe(false);
    expect(inPrincipalIdeal(POLY_ZERO, g)).toBe(true);
    expect(inPrincipalIdeal(poly('x + 3'), polyConst(Q(-2, 5)))).toBe(true); // a unit generates the whole ring
  });

  it('g·h ∈ (g) for random g ≠ 0 and h', () => {
    fc.assert(
      fc.property(nonzeroPoly(4, 2), randomPoly(4, 2), (gg, h) => {
        expect(inPrincipalIdeal(polyMul(gg, h), gg)).toBe(true);
        expect(inPrincipalIdeal(polyMul(polyScale(h, Q(-3, 2)), polyMul(gg, gg)), gg)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('g = x − 1/2: f ∉ (g) exactly when f is non-zero at some point of S (checked on a grid of S)', () => {
    const g1 = poly('x - 1/2');
    const half = Q(1, 2);
    fc.assert(
      fc.property(randomPoly(6, 2), fc.boolean(), (f0, multiple) => {
        // Half of the cases are members (f0·g), half are random (rarely members).
        const f = multiple ? polyMul(f0, g1) : f0;
        const member = inPrincipalIdeal(f, g1);
        // f restricted to S is a polynomial in (y, z) of degree ≤ 2 in each: it is zero iff it
        // vanishes on the 3×3 grid {0, 1, 2}².
        let nonzeroOnS = false;
        for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) if (!polyEvaluate(f, [half, Q(j), Q(k)]).isZero()) nonzeroOnS = true;
        expect(member).toBe(!nonzeroOnS);
        if (multiple) expect(member).toBe(true);
        expect(polyIsZero(divideByOne(f, g1).remainder)).toBe(member);
      }),
      { numRuns: 300 },
    );
  });
});

describe('vanishesOn', () => {
  it('one generator: exact membership', () => {
    expect(vanishesOn(P('x^2*y - x'), [P('x*y - 1')])).toBe(true);
    expect(vanishesOn(P('x*y'), [P('x*y - 1')])).toBe(false);
    expect(vanishesOn(P('(x - 1)*(x + 1)/3'), [P('2*x - 2')])).toBe(true);
  });

  it('several generators: membership in their ideal is decided (Gröbner basis)', () => {
    expect(vanishesOn(P('x*z'), [P('y'), P('x')])).toBe(true);
    // in (x, y) but in neither (x) nor (y): was missed before the Gröbner basis
    expect(vanishesOn(P('x + y'), [P('x'), P('y')])).toBe(true);
    // x z − 1 = z (x − y) + (y z − 1): needs both equations of S = {x = y, y z = 1}
    expect(vanishesOn(P('x*z - 1'), [P('x - y'), P('y*z - 1')])).toBe(true);
    expect(vanishesOn(P('x'), [P('x - y'), P('y*z - 1')])).toBe(false);
    // (x² − y, x y − 1): x³ − 1 is in it (x·(x² − y) + (x y − 1)), x − 1 is not
    expect(vanishesOn(P('x^3 - 1'), [P('x^2 - y'), P('x*y - 1')])).toBe(true);
    expect(vanishesOn(P('x - 1'), [P('x^2 - y'), P('x*y - 1')])).toBe(false);
    expect(vanishesOn(P('x - x'), [])).toBe(true);
    expect(vanishesOn(P('x'), [])).toBe(false);
    expect(vanishesOn(P('x'), [P('0*y')])).toBe(false);
    expect(vanishesOn(P('x'), [P('3')])).toBe(true); // S is empty
  });

  it('a combination h1·g1 + h2·g2 + h3·g3 of random polynomials reduces to 0 on the Gröbner basis (completeness), and the basis lies in the ideal', () => {
    const small = fc
      .array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 })), {
        minLength: 1,
        maxLength: 3,
      })
      .map((ts) =>
        ts.reduce(
          (acc, [c, i, j, k]) =>
            polyAdd(acc, polyMul(polyConst(Q(c)), polyMul(polyPow(polyVar(0), i), polyMul(polyPow(polyVar(1), j), polyPow(polyVar(2), k))))),
          POLY_ZERO,
        ),
      );
    fc.assert(
      fc.property(fc.array(small, { minLength: 2, maxLength: 3 }), fc.array(small, { minLength: 3, maxLength: 3 }), (gs, hs) => {
        const G = groebnerBasis(gs);
        if (G === null) return; // past the limits: nothing claimed
        const combo = gs.reduce((acc, g, k) => polyAdd(acc, polyMul(hs[k]!, g)), POLY_ZERO);
        expect(polyIsZero(remainderBySet(combo, G))).toBe(true);
        // G generates the whole ideal: every generator reduces to 0 on it (G lies in the ideal by construction)
        for (const g of gs) expect(polyIsZero(remainderBySet(g, G))).toBe(true);
        // Gröbner property: every S-pair reduces to 0 (checked through a second basis computation: nothing new)
        expect(groebnerBasis(G)!.length).toBe(G.length);
      }),
      { numRuns: 150 },
    );
  });

  it('square roots of positive rationals: sqrt(c) is a variable t with t² − c in the ideal', () => {
    // x² − 2 = (x − √2)(x + √2)
    expect(vanishesOn(P('x^2 - 2'), [P('x - sqrt(2)')])).toBe(true);
    // S = {√2·x = 1}: x − 1/√2 vanishes there (also as a division by sqrt(2))
    expect(vanishesOn(P('x - 1/sqrt(2)'), [P('sqrt(2)*x - 1')])).toBe(true);
    expect(vanishesOn(P('2*x - sqrt(2)'), [P('x*sqrt(2) - 1')])).toBe(true);
    // √(8/2) = 2: a rational square is its positive root (as a variable with t² = 4, t = −2 would be allowed too)
    expect(vanishesOn(P('x - (3 - sqrt(8/2))/sqrt(2)'), [P('x*sqrt(2) - 3 + 2')])).toBe(true);
    expect(vanishesOn(P('x - sqrt(9/4)'), [P('2*x - 3')])).toBe(true);
    // not on S: x = √2 there, not √3 (two radicals, two variables)
    expect(vanishesOn(P('x - sqrt(3)'), [P('x - sqrt(2)')])).toBe(false);
    expect(vanishesOn(P('x - sqrt(2)/2'), [P('x - sqrt(2)')])).toBe(false);
    // what is not a square root of a positive rational stays unsupported
    expect(vanishesOn(P('x'), [P('x - sqrt(y)')])).toBeNull();
    expect(vanishesOn(P('x'), [P('x - sqrt(-2)')])).toBeNull();
    // a polynomial in one radical as a divisor: 1/(1 + √2) = √2 − 1 (the inverse modulo t² − 2)
    expect(vanishesOn(P('x - sqrt(2) + 1'), [P('x - 1/(1 + sqrt(2))')])).toBe(true);
    expect(vanishesOn(P('x'), [P('x - 1/(1 + sqrt(2))')])).toBe(false);
    // two radicals in one divisor are not inverted
    expect(vanishesOn(P('x'), [P('x - 1/(sqrt(3) + sqrt(2))')])).toBeNull();
  });

  it('gives up (null) past the basis limits', () => {
    // a system whose basis (18 elements) needs intermediate polynomials of more than 50 terms
    const sys = [P('x^3 + y^3 + z^3 + x*y*z - 1'), P('x^2*y + y^2*z + z^2*x - 2'), P('x*y + y*z + z*x - 3')];
    expect(vanishesOn(P('x'), sys, { maxTerms: 50 })).toBeNull();
    expect(vanishesOn(P('x'), sys)).toBe(false);
    expect(groebnerBasis(sys.map((e) => polyFromExpr(e)!))!.length).toBe(18);
  });

  it('null when something needed is not a polynomial', () => {
    expect(vanishesOn(P('sqrt(x)'), [P('x')])).toBeNull();
    expect(vanishesOn(P('x'), [P('exp(x) - 1')])).toBeNull();
    // A proof through a polynomial generator stands whatever the others are.
    expect(vanishesOn(P('x*y'), [P('exp(x) - 1'), P('y')])).toBe(true);
    expect(vanishesOn(P('x - x'), [P('exp(x) - 1')])).toBe(true);
  });

  it('agrees with polySub on identities (f − f ∈ any ideal)', () => {
    const f = poly('(x + y)^3 - z');
    expect(polyIsZero(polySub(f, f))).toBe(true);
  });
});
