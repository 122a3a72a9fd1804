import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyHessian, krawczyk, SmoothModel } from '../../../src/engine/global/index.js';
import { build as b, compileInterval, gradient, type Expr } from '../../../src/expr/index.js';
import { Rational } from '../../../src/exact/rational.js';

const x = b.variable(0, 'x');
const y = b.variable(1, 'y');
const q = (n: number) => b.num(Rational.of(n, 8));

/** Evaluators of a system g and its Jacobian. */
function system(g: Expr[], d: number) {
  const jac = g.flatMap((gi) => gradient(gi, d));
  return { grad: compileInterval(g), jac: compileInterval(jac) };
}
const box = (lo: number[], hi: number[]) => ({ lo, hi });

describe('krawczyk', () => {
  it('proves the simple root √2 of x² − 2 and excludes boxes without a root', () => {
    const { grad, jac } = system([b.sub(b.pow(x, b.num(2)), b.num(2))], 1);
    expect(krawczyk(grad, jac, box([1.4], [1.5]))).toBe('unique');
    expect(krawczyk(grad, jac, box([1.3], [1.45]))).toBe('unique');
    expect(krawczyk(grad, jac, box([1.5], [1.6]))).toBe('none');
    expect(krawczyk(grad, jac, box([-2], [2]))).not.toBe('unique');
  });

  // 1-D: g = (x − r1)(x − r2); 2-D: g = ((x − r1)(x − r2), y − c·x) with roots (r_k, c·r_k).
  const roots = fc
    .tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: -16, max: 16 }))
    .map(([a, gap, c]) => ({ r1: a / 8, r2: (a + gap) / 8, c: c / 8 }));
  const gen = ({ r1, r2, c }: { r1: number; r2: number; c: number }, d: number) => {
    const g1 = b.mul(b.sub(x, q(r1 * 8)), b.sub(x, q(r2 * 8)));
    return d === 1 ? system([g1], 1) : system([g1, b.sub(y, b.mul(q(c * 8), x))], 2);
  };
  const margins = fc.tuple(fc.double({ min: 1e-9, max: 3, noNaN: true }), fc.double({ min: 1e-9, max: 3, noNaN: true }));

  it('never says "unique" on a box holding two roots (random quadratics, 1-D and 2-D)', () => {
    fc.assert(
      fc.property(roots, margins, fc.constantFrom(1, 2), (r, [m1, m2], d) => {
        const { grad, jac } = gen(r, d);
        const X =
          d === 1 ? box([r.r1 - m1], [r.r2 + m2]) : box([r.r1 - m1, Math.min(r.c * r.r1, r.c * r.r2) - m1], [r.r2 + m2, Math.max(r.c * r.r1, r.c * r.r2) + m2]);
        const s = krawczyk(grad, jac, X);
        expect(s).not.toBe('unique');
        expect(s).not.toBe('none');
      }),
      { numRuns: 300 },
    );
  });

  it('says "unique" on a small box around one simple root, and never "none" on a box holding a root', () => {
    fc.assert(
      fc.property(roots, margins, fc.constantFrom(1, 2), (r, [m1, m2], d) => {
        const { grad, jac } = gen(r, d);
        const gap = r.r2 - r.r1;
        // The root sits well inside (1 % to 10 % of the gap from each face).
        const s1 = (0.01 + 0.03 * m1) * gap;
        const s2 = (0.01 + 0.03 * m2) * gap;
        const sy = 0.05 * (1 + Math.abs(r.c)) * gap; // y-room for the x-error that g2 = y − c·x carries over
        const X = d === 1 ? box([r.r1 - s1], [r.r1 + s2]) : box([r.r1 - s1, r.c * r.r1 - s1 - sy], [r.r1 + s2, r.c * r.r1 + s2 + sy]);
        expect(krawczyk(grad, jac, X)).toBe('unique');
        const big = d === 1 ? box([r.r1 - m1], [r.r1 + m2]) : box([r.r1 - m1, r.c * r.r1 - m1], [r.r1 + m2, r.c * r.r1 + m2]);
        expect(krawczyk(grad, jac, big)).not.toBe('none');
      }),
      { numRuns: 300 },
    );
  });

  it('gives "unknown" (not an error) when the Jacobian is singular or undefined', () => {
    const { grad, jac } = system([b.pow(x, b.num(3))], 1);
    expect(krawczyk(grad, jac, box([0], [0]))).toBe('unknown');
    const s2 = system([b.div(b.ONE, x)], 1);
    expect(krawczyk(s2.grad, s2.jac, box([-1], [1]))).toBe('unknown');
  });
});

describe('classifyHessian', () => {
  const at = box([-0.1, -0.1], [0.1, 0.1]);
  const kind = (f: Expr) => classifyHessian(new SmoothModel(f, 2).hess, at);
  const sq = (e: Expr) => b.pow(e, b.num(2));
  it('decides min, max and saddle from the interval Hessian', () => {
    expect(kind(b.add(sq(x), sq(y)))).toBe('local-min');
    expect(kind(b.neg(b.add(sq(x), sq(y))))).toBe('local-max');
    expect(kind(b.sub(sq(x), sq(y)))).toBe('saddle');
    expect(kind(b.mul(x, y))).toBe('saddle'); // zero diagonal: needs the eigenvector basis
    expect(kind(b.add(b.pow(x, b.num(4)), sq(y)))).toBe('unknown');
  });
});
