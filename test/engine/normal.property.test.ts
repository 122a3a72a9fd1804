import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../src/conditions/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { build as b, derivative, type Expr } from '../../src/expr/index.js';
import { problemFromText } from '../../src/problem/index.js';
import { evalRational } from '../helpers/oracle.js';

/**
 * Issue [9] property for the normal-segment argument: random 2-D problems whose minimizers
 * form a line S = {a x + b y = c} (given as an affine set, so the residuals vanish on all of
 * S), random conditions and constants. A certified verdict is never contradicted by exact
 * rational evaluation on a dense grid (with the exact projection onto S), and every
 * refutation's witness violates the condition in exact arithmetic.
 */
const small = fc.integer({ min: -2, max: 2 });

const problemArb = fc
  .record({
    a: fc.integer({ min: 1, max: 2 }),
    b: small.filter((v) => v !== 0),
    c: small,
    // interpolating terms (each vanishes on S) or two terms whose sum is minimal on S only
    family: fc.constantFrom('interp', 'shifted'),
    k: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
    kind: fc.constantFrom('square', 'quartic', 'sigmoidal'),
    condition: fc.constantFrom('pl', 'aiming', 'alpha-beta'),
    // μ, θ or α − β as a fraction of a scale where the claims switch from true to false
    t: fc.integer({ min: 1, max: 40 }),
  })
  .map((r) => {
    const u = `(${r.a}*x + ${r.b}*y - ${r.c})`;
    const terms =
      r.family === 'interp'
        ? [r.kind === 'square' ? `${r.k[0]}*${u}^2` : r.kind === 'quartic' ? `${r.k[0]}*${u}^2 + ${u}^4` : `${u}^2/(${u}^2 + 1)`, `${r.k[1]}*${u}^2`]
        : [`${u}^2`, `(${u} - 2)^2`]; // f minimal where u = 1: S = {a x + b y = c + 1}
    return { ...r, terms, sc: r.family === 'interp' ? r.c : r.c + 1 };
  });

function claimOf(condition: string, t: number): Claim {
  if (condition === 'pl') return { condition: 'pl', mu: Rational.of(t, 10) };
  if (condition === 'aiming') return { condition: 'aiming', theta: Rational.of(t, 10) };
  // α = 3, β = 3 − (α − β) with α − β = t/10 (β ≥ 0 needs t ≤ 30)
  const gap = Rational.of(Math.min(t, 30), 10);
  return { condition: 'alpha-beta', alpha: Rational.of(3), beta: Rational.of(3).sub(gap) };
}

describe('normal-segment argument on random problems with a line of minimizers', () => {
  it('certified is never contradicted; refutations violate exactly', () => {
    const stats = { certified: 0, refuted: 0, inconclusive: 0, normalLeaves: 0 };
    fc.assert(
      fc.property(problemArb, (r) => {
        const text = JSON.stringify({
          name: 'line',
          variables: ['x', 'y'],
          terms: r.terms,
          domain: { x: [-2, 2], y: [-2, 2] },
          minimizers: { affine: { A: [[r.a, r.b]], b: [r.sc] } },
          termMinima: [0, 0],
        });
        const p = problemFromText(text, 'json', 'line');
        const claim = claimOf(r.condition, r.t);
        const res = check(p, claim, { maxBoxes: 20_000, timeLimitMs: 4000, seed: 1 });
        stats[res.verdict]++;
        // Exact oracle: P(x) = x − (a, b)(a x + b y − sc)/(a² + b²); f* = f on S.
        const f = b.mul(b.num(Rational.of(1, 2)), b.add(...p.terms));
        const grad = (e: Expr) => [derivative(e, 0), derivative(e, 1)];
        const proj = (x: Rational[]) => {
          const s = Rational.of(r.a)
            .mul(x[0]!)
            .add(Rational.of(r.b).mul(x[1]!))
            .sub(Rational.of(r.sc))
            .div(Rational.of(r.a * r.a + r.b * r.b));
          return [x[0]!.sub(Rational.of(r.a).mul(s)), x[1]!.sub(Rational.of(r.b).mul(s))];
        };
        const ev = (e: Expr, x: Rational[]) => {
          const v = evalRational(e, x);
          if (!(v instanceof Rational)) throw new Error('oracle: not rational');
          return v;
        };
        const fstar = ev(f, proj([Rational.ZERO, Rational.ZERO]));
        const residuals = (x: Rational[]): Rational[] => {
          const xp = proj(x);
          const v = [x[0]!.sub(xp[0]!), x[1]!.sub(xp[1]!)];
          const dot = (g: Expr[]) => ev(g[0]!, x).mul(v[0]!).add(ev(g[1]!, x).mul(v[1]!));
          if (claim.condition === 'pl') {
            const g = grad(f).map((e) => ev(e, x));
            return [
              g[0]!
                .mul(g[0]!)
                .add(g[1]!.mul(g[1]!))
                .sub(Rational.of(2).mul(claim.mu).mul(ev(f, x).sub(fstar))),
            ];
          }
          if (claim.condition === 'aiming') return [dot(grad(f)).sub(claim.theta.mul(ev(f, x).sub(fstar)))];
          if (claim.condition !== 'alpha-beta') throw new Error('unexpected');
          return p.terms.map((t) =>
            dot(grad(t))
              .sub(claim.alpha.mul(ev(t, x).sub(ev(t, xp))))
              .add(claim.beta.mul(ev(t, x))),
          );
        };
        if (res.verdict === 'certified') {
          const stack = res.tree ? [res.tree] : [];
          while (stack.length) {
            const n = stack.pop()!;
            if ('leaf' in n) stats.normalLeaves += n.leaf.filter((c) => c.how === 'normal-segment').length;
            else stack.push(...n.children);
          }
          for (let i = 0; i <= 24; i++)
            for (let j = 0; j <= 24; j++) {
              const x = [Rational.of(i - 12, 6), Rational.of(j - 12, 6)];
              for (const R of residuals(x)) if (R.sign() < 0) throw new Error(`certified ${JSON.stringify(r)} but R = ${R.toNumber()} at (${x})`);
            }
        }
        if (res.verdict === 'refuted') {
          const x = res.counterexample.x.map((v) => Rational.fromNumber(v));
          const R = residuals(x);
          const k = res.counterexample.term ?? 0;
          expect(R[k]!.sign(), JSON.stringify(r)).toBe(-1);
        }
      }),
      { numRuns: 40, seed: 9090 },
    );
    console.log(`random line problems: ${JSON.stringify(stats)}`);
    expect(stats.certified).toBeGreaterThan(5);
    expect(stats.refuted).toBeGreaterThan(5);
    expect(stats.normalLeaves).toBeGreaterThan(20); // the argument was exercised, not only the bounds
  }, 300_000);
});
