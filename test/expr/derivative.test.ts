import fc from 'fast-check';
import { derivative as mjsDerivative, parse as mjsParse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { compileFloat, derivative, gradient, hessian, kinkGuards, parseExpr, simplify, toText, type Expr } from '../../src/expr/index.js';
import { exprArb } from '../helpers/arbitraries.js';

const at = (e: Expr, x: number[]) => {
  const out = new Float64Array(1);
  compileFloat([e]).eval(x, out);
  return out[0]!;
};

/** Central difference with step h; returns undefined where the function is not finite nearby. */
function central(e: Expr, x: number[], i: number, h = 1e-5): number | undefined {
  const p = [...x];
  const m = [...x];
  p[i]! += h;
  m[i]! -= h;
  const d = (at(e, p) - at(e, m)) / (2 * h);
  return Number.isFinite(d) ? d : undefined;
}

/** Coordinates away from 0 (|x| ≥ 1e-2), where 1/x-type terms keep finite differences meaningful. */
const coord = fc.double({ min: 1e-2, max: 2, noNaN: true }).chain((v) => fc.constantFrom(v, -v));

describe('symbolic derivatives', () => {
  it('match central finite differences on random smooth expressions', () => {
    fc.assert(
      fc.property(exprArb({ maxDepth: 3 }), coord, coord, (e, x, y) => {
        // Skip points within 1e-2 of a kink or where the function blows up.
        const near = kinkGuards(e).some((k) => Math.abs(at(k.guard, [x, y])) < 1e-2);
        const v = at(e, [x, y]);
        if (near || !Number.isFinite(v) || Math.abs(v) > 1e4) return;
        for (const i of [0, 1]) {
          const fd = central(e, [x, y], i);
          const sd = at(simplify(derivative(e, i)), [x, y]);
          if (fd === undefined || !Number.isFinite(sd) || Math.abs(sd) > 1e4) continue;
          // the difference quotient's own error is O(h^2 f''') + O(eps/h): a relative 1e-4 budget
          const fd2 = central(e, [x, y], i, 1e-4);
          if (fd2 === undefined || Math.abs(fd2 - fd) > 1e-4 * Math.max(1, Math.abs(fd))) continue; // too curved here for FD
          expect(Math.abs(sd - fd)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(fd)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agree with mathjs derivative(…, {simplify: false}) where mathjs has the rule', () => {
    const vars = { variables: ['x', 'y'] };
    const texts = [
      '(x+y)^2/((x+y)^2+1)',
      '1 - exp(-x^2-y^2)',
      '(1+x^2+y^2)/(4+x^2+y^2)',
      'sin(x*y)*cos(x) + tanh(y)',
      'sqrt(1+x^2) * log(2+y^2)',
      'x^3*y - 4*x*y^2 + 7',
    ];
    for (const t of texts) {
      for (const [i, v] of ['x', 'y'].entries()) {
        const ours = simplify(derivative(parseExpr(t, vars), i));
        const theirs = mjsDerivative(mjsParse(t), v, { simplify: false }).compile();
        for (const [px, py] of [
          [0.3, -0.7],
          [1.1, 0.4],
          [-1.5, 2],
        ] as const) {
          const ref = theirs.evaluate({ x: px, y: py }) as number;
          expect(at(ours, [px, py])).toBeCloseTo(ref, 10);
        }
      }
    }
  });

  it('builds symmetric Hessians', () => {
    const e = parseExpr('x^4 + x*y^3 + exp(x*y)', { variables: ['x', 'y'] });
    const h = hessian(e, 2, (z) => simplify(z));
    expect(toText(h[0]![1]!)).toBe(toText(h[1]![0]!));
    expect(at(h[0]![0]!, [1, 0])).toBeCloseTo(12, 12);
    expect(gradient(e, 2)).toHaveLength(2);
  });

  it('lists kinks of abs, relu, max and min, and none for smooth terms', () => {
    const e = parseExpr('abs(x) + relu(x*y - 1) + max(x, y)', { variables: ['x', 'y'] });
    expect(
      kinkGuards(e)
        .map((k) => k.fn)
        .sort(),
    ).toEqual(['abs', 'max', 'relu']);
    expect(kinkGuards(parseExpr('exp(x) + softplus(y)', { variables: ['x', 'y'] }))).toEqual([]);
  });
});
