import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Curvature, SplitCurvature } from '../../src/cert/bounds.js';
import { LocalConvexity } from '../../src/engine/local.js';
import { rangeOnPieces, rankOneSplit } from '../../src/expr/curvature.js';
import { compileFloat, compileInterval, hessian, parseExpr, simplify } from '../../src/expr/index.js';

/**
 * The rank-one split of a Hessian (src/expr/curvature.ts) and the eigenvalue bounds built on it
 * (engine/local.ts for the search, cert/bounds.ts for the checker): the split is an identity,
 * the bounds hold at sampled points, and the checker proves exactly what the engine records.
 */
const VARS = ['x', 'y', 'z'];
const parse = (t: string) => parseExpr(t, { variables: VARS });
const coef = fc.integer({ min: -4, max: 4 });

/** A random sum of functions of one linear form (some), quadratics, and a rest that is not. */
const termArb = fc.oneof(
  fc
    .tuple(coef, coef, coef, coef, fc.constantFrom('softplus', 'sigmoid', 'exp', 'tanh', 'sin', 'log1p(exp', 'sq'))
    .filter(([a, b2, c]) => a !== 0 || b2 !== 0 || c !== 0)
    .map(([a, b2, c, k, fn]) => {
      const form = `(${a}*x + ${b2}*y + ${c}*z + ${k}/3)`;
      if (fn === 'sq') return `${form}^2`;
      if (fn === 'log1p(exp') return `log1p(exp(${form}))`;
      return `${fn}(${form})`;
    }),
  fc.tuple(coef, coef).map(([a, c]) => `${a}/5*x*y + ${c}/7*z^2`),
  fc.tuple(coef, coef).map(([a, c]) => `${a}/3*exp(x*y/4) + ${c}/4*y*z`),
);
const fArb = fc.array(fc.tuple(coef, termArb), { minLength: 1, maxLength: 5 }).map((ts) => ts.map(([c, t]) => `${c === 0 ? 1 : c}/2*${t}`).join(' + '));

const boxArb = fc
  .array(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0, max: 1.5, noNaN: true })), { minLength: 3, maxLength: 3 })
  .map((s) => ({ lo: s.map(([c, w]) => c - w), hi: s.map(([c, w]) => c + w) }));

function floatHessianAt(H: ReturnType<typeof compileFloat>, x: number[]): number[] {
  const out = new Float64Array(9);
  H.eval(x, out);
  return [...out];
}

describe('rankOneSplit', () => {
  it('finds the functions of one linear form and leaves the rest', () => {
    const s = rankOneSplit(parse('softplus(x - 2*y) + (x + z)^2 + x*y*z + 3'), 3, simplify)!;
    expect(s.rankOne.map((r) => r.a.map(String))).toEqual([
      ['1', '-2', '0'],
      ['1', '0', '1'],
    ]);
    expect(s.rest).not.toBeNull();
    expect(rankOneSplit(parse('x*y*z'), 3, simplify)).toBeNull();
    // Two different linear forms in one function are not one form.
    expect(rankOneSplit(parse('exp(x + y) * sin(x - y)'), 3, simplify)).toBeNull();
  });

  it('is an identity: Σ w_k(aᵀx) a aᵀ + ∇²r equals the Hessian at random points', () => {
    fc.assert(
      fc.property(fArb, fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }), (text, x) => {
        const f = parse(text);
        const split = rankOneSplit(f, 3, simplify);
        if (!split) return;
        const want = floatHessianAt(compileFloat(hessian(f, 3, simplify).flat()), x);
        const got = split.rest ? floatHessianAt(compileFloat(split.rest.flat()), x) : new Array(9).fill(0);
        for (const { curvature, a } of split.rankOne) {
          const t = a.reduce((s, v, j) => s + v.toNumber() * x[j]!, 0);
          const w = new Float64Array(1);
          compileFloat([curvature]).eval([t], w);
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) got[i * 3 + j] += w[0]! * a[i]!.toNumber() * a[j]!.toNumber();
        }
        for (let e = 0; e < 9; e++) expect(got[e]).toBeCloseTo(want[e]!, 8);
      }),
      { numRuns: 150 },
    );
  });
});

describe('rangeOnPieces', () => {
  it('encloses the function at sampled points and is tighter than one natural enclosure', () => {
    const ev = compileInterval([parseExpr('sigmoid(x) - sigmoid(x)^2', { variables: ['x'] })]);
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }), (lo, w) => {
        const [rl, rh] = rangeOnPieces(ev, lo, lo + w);
        for (let k = 0; k <= 20; k++) {
          const t = lo + (w * k) / 20;
          const s = 1 / (1 + Math.exp(-t));
          expect(s - s * s).toBeGreaterThanOrEqual(rl - 1e-15);
          expect(s - s * s).toBeLessThanOrEqual(rh + 1e-15);
        }
      }),
    );
    // σ(1 − σ) > 0 everywhere: the parts see it, the natural form of σ − σ² on [−3, 3] does not.
    expect(rangeOnPieces(ev, -3, 3)[0]).toBeGreaterThan(0);
    const lo = new Float64Array(1);
    const hi = new Float64Array(1);
    ev.eval([-3], [3], lo, hi);
    expect(lo[0]).toBeLessThan(0);
    expect(rangeOnPieces(ev, 0, Number.POSITIVE_INFINITY)[0]).toBeNaN();
  });
});

describe('eigenvalue bounds from the split', () => {
  it('hold at sampled points of the box (Rayleigh quotients); the checker proves no better lower bound than a sampled one', () => {
    fc.assert(
      fc.property(fArb, boxArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }), (text, box, u) => {
        const f = parse(text);
        const e = new LocalConvexity(f, 3).bounds(box);
        if (!e) return;
        const H = compileFloat(hessian(f, 3, simplify).flat());
        for (let s = 0; s < 4; s++) {
          const x = [0, 1, 2].map((j) => box.lo[j]! + (box.hi[j]! - box.lo[j]!) * u[s * 3 + j]!);
          const h = floatHessianAt(H, x);
          for (const v of [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
            [u[0]! - 0.5, u[1]! - 0.5, u[2]! + 0.1],
          ]) {
            const n2 = v.reduce((a, c) => a + c * c, 0);
            let q = 0;
            for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q += v[i]! * h[i * 3 + j]! * v[j]!;
            const scale = 1e-9 * (1 + Math.abs(q / n2));
            expect(q / n2).toBeGreaterThanOrEqual(e.m - scale);
            expect(q / n2).toBeLessThanOrEqual(e.M + scale);
          }
        }
        // The checker never proves a lower bound above a Hessian's diagonal entry (a Rayleigh quotient).
        const split = SplitCurvature.of(f, 3);
        if (split && Number.isFinite(e.M)) {
          const h = floatHessianAt(
            H,
            box.lo.map((l, j) => (l + box.hi[j]!) / 2),
          );
          const diagMin = Math.min(h[0]!, h[4]!, h[8]!);
          expect(split.proves(box, diagMin + 1e-6 * (1 + Math.abs(diagMin)), e.M + 1).lower).toBe(false);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('prove strong convexity of regularised logistic regression on a large box, where Gershgorin fails', () => {
    const terms = [
      'softplus(-(3/4*x - 1/2*y + z)) + 1/20*(x^2 + y^2 + z^2)',
      'softplus(1/2*x + 7/8*y - 1/4*z) + 1/20*(x^2 + y^2 + z^2)',
      'softplus(-(x + y + z)) + 1/20*(x^2 + y^2 + z^2)',
      'softplus(5/8*x - 3/8*z) + 1/20*(x^2 + y^2 + z^2)',
    ];
    const f = parse(`((${terms.join(') + (')})) / 4`);
    const box = { lo: [-3, -3, -3], hi: [3, 3, 3] };
    const lc = new LocalConvexity(f, 3);
    const e = lc.eigenBounds(box)!;
    // ∇²f = (1/4) Σ σ'(·) a aᵀ + I/10 ⪰ I/10.
    expect(e.m).toBeGreaterThanOrEqual(0.1 - 1e-8);
    expect(e.m).toBeLessThanOrEqual(0.1 + 1e-3);
    // Gershgorin on the interval Hessian (the checker's other test) proves nothing there.
    expect(new Curvature(f, 3).bounds(box)!.m).toBeLessThan(0);
    const split = SplitCurvature.of(f, 3)!;
    expect(split.proves(box, e.m, e.M)).toEqual({ lower: true, upper: true });
    expect(split.proves(box, 0.11, e.M).lower).toBe(false);
    expect(split.proves(box, e.m, e.M * 0.5).upper).toBe(false);
    // Each softplus term alone (no regulariser) is convex but singular: the weight rule proves it.
    expect(SplitCurvature.of(parse('softplus(x - y) + softplus(2*z)'), 3)!.convex(box)).toBe(true);
    expect(SplitCurvature.of(parse('softplus(x - y) - 1/100*z^2'), 3)!.convex(box)).toBe(false);
  });
});
