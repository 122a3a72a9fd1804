import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { build as b, derivative, substitute, toText, type Expr } from '../../src/expr/index.js';
import { problemFromText } from '../../src/problem/index.js';
import { evalRational } from '../helpers/oracle.js';

/**
 * Issue [2] property: on random small problems (1–2 variables, polynomial terms that are
 * squares, so f_i* = 0 exactly, S = a numerically found minimizer given as a rational
 * point), a certified verdict is never contradicted by exact evaluation at sample points,
 * and every refutation's witness violates the condition in exact rational arithmetic.
 */
const VARS = ['x', 'y'];
const coef = fc.integer({ min: -3, max: 3 });

const termArb = (d: number) =>
  fc.oneof(
    // (a·x + b·y + c)^2 with (a, b) ≠ 0: infimum 0
    fc.tuple(coef, coef, coef).filter(([a, c2]) => a !== 0 || (d === 2 && c2 !== 0)).map(([a, c2, c]) => `(${a}*x${d === 2 ? ` + ${c2}*y` : ''} + ${c})^2`),
    // (x^2 − c)^2 or (x^2 + a·y − c)^2: infimum 0
    fc.tuple(fc.integer({ min: 0, max: 2 }), coef).map(([c, a]) => `(x^2${d === 2 ? ` + ${a}*y` : ''} - ${c})^2`),
  );

const problemArb = fc.integer({ min: 1, max: 2 }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    terms: fc.array(termArb(d), { minLength: 1, maxLength: 2 }),
    alpha: fc.integer({ min: 1, max: 6 }),
    betaFrac: fc.integer({ min: 0, max: 9 }),
  }),
);

/** Numeric minimizer of f on the box by grid search + coordinate refinement, rounded to a rational. */
function numericMinimizer(f: (x: number[]) => number, d: number): Rational[] {
  let best = new Array(d).fill(0);
  let bv = Infinity;
  const g = 41;
  for (let i = 0; i < g ** d; i++) {
    const x = Array.from({ length: d }, (_, j) => -2 + (4 * (Math.floor(i / g ** j) % g)) / (g - 1));
    const v = f(x);
    if (v < bv) [bv, best] = [v, x];
  }
  let step = 0.05;
  while (step > 1e-9) {
    let moved = false;
    for (let j = 0; j < d; j++) for (const s of [step, -step]) {
      const y = [...best];
      y[j] = Math.max(-2, Math.min(2, y[j]! + s));
      const v = f(y);
      if (v < bv) [bv, best, moved] = [v, y, true];
    }
    if (!moved) step /= 2;
  }
  return best.map((v) => Rational.of(Math.round(v * 2 ** 20), 2 ** 20));
}

function residuals(terms: Expr[], d: number, p: Rational[], alpha: Rational, beta: Rational): Expr[] {
  const x = VARS.slice(0, d).map((n, i) => b.variable(i, n));
  const P = p.map((r) => b.num(r));
  return terms.map((t) =>
    b.add(
      ...x.map((xi, j) => b.mul(derivative(t, j), b.sub(xi, P[j]!))),
      b.neg(b.mul(b.num(alpha), b.sub(t, substitute(t, (i) => P[i]!)))),
      b.mul(b.num(beta), t),
    ),
  );
}

describe('engine soundness on random polynomial problems', () => {
  it('certified is never contradicted; refutations violate exactly', () => {
    let stats = { certified: 0, refuted: 0, inconclusive: 0 };
    fc.assert(
      fc.property(problemArb, ({ d, terms, alpha, betaFrac }) => {
        const vars = VARS.slice(0, d);
        const dom = Object.fromEntries(vars.map((v) => [v, [-2, 2]]));
        const probe = problemFromText(JSON.stringify({ name: 'rand', variables: vars, terms, domain: dom, minimizers: { points: [new Array(d).fill(0)] } }), 'json', 'rand');
        const fExpr = b.mul(b.num(Rational.of(1, terms.length)), b.add(...probe.terms));
        const fx = (x: number[]) => evalRational(fExpr, x.map((v) => Rational.fromNumber(v))) as Rational;
        const pt = numericMinimizer((x) => fx(x).toNumber(), d);
        const text = JSON.stringify({ name: 'rand', variables: vars, terms, domain: dom, minimizers: { points: [pt.map(String)] }, termMinima: terms.map(() => 0) });
        const p = problemFromText(text, 'json', 'rand');
        const A = Rational.of(alpha);
        const B = A.mul(Rational.of(betaFrac, 10));
        const r = check(p, { condition: 'alpha-beta', alpha: A, beta: B }, { maxBoxes: 4000, timeLimitMs: 3000, seed: 1 });
        stats[r.verdict]++;
        const R = residuals([...p.terms], d, pt, A, B);
        if (r.verdict === 'certified') {
          for (let k = 0; k < 150; k++) {
            const x = Array.from({ length: d }, (_, j) => Rational.of(((k * 37 + j * 101) % 161) - 80, 40));
            for (const Ri of R) {
              const v = evalRational(Ri, x);
              if (!(v instanceof Rational)) throw new Error('oracle');
              if (v.sign() < 0) throw new Error(`certified but R = ${v.toNumber()} < 0 at ${x} for ${toText(Ri)}`);
            }
          }
        }
        if (r.verdict === 'refuted') {
          const w = r.counterexample!;
          const x = w.x.map((v) => Rational.fromNumber(v));
          const v = evalRational(R[w.term!]!, x);
          expect(v instanceof Rational && v.sign() < 0).toBe(true);
        }
      }),
      { numRuns: 40, seed: 4242 },
    );
    console.log(`random problems: ${JSON.stringify(stats)}`);
    expect(stats.certified + stats.refuted).toBeGreaterThan(0);
  }, 120_000);
});
