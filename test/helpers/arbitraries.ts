import fc from 'fast-check';
import { Rational } from '../../src/exact/rational.js';
import { build as b, type Expr, type FnName } from '../../src/expr/index.js';

const VARS = ['x', 'y'];
const UNARY: FnName[] = ['exp', 'log', 'log1p', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus', 'relu'];

/** Small exact constants, including non-dyadic ones (1/3, 1/10) that no double represents. */
export const smallRational = fc.tuple(fc.integer({ min: -9, max: 9 }), fc.constantFrom(1, 2, 3, 5, 10)).map(([n, d]) => Rational.of(n, d));

/** Random expression trees in x, y covering every user function and operator. */
export function exprArb(opts: { polynomialOnly?: boolean; rational?: boolean; maxDepth?: number } = {}): fc.Arbitrary<Expr> {
  const { polynomialOnly = false, rational = false, maxDepth = 4 } = opts;
  const leaf = fc.oneof(
    fc.constantFrom(0, 1).map((i) => b.variable(i, VARS[i]!)),
    smallRational.map((r) => b.num(r)),
    ...(polynomialOnly || rational ? [] : [fc.constantFrom(b.constant('pi'), b.constant('e'))]),
  );
  const { tree } = fc.letrec<{ tree: Expr }>((tie) => {
    const sub = tie('tree');
    const ops: fc.Arbitrary<Expr>[] = [
      fc.tuple(sub, sub).map(([p, q]) => b.add(p, q)),
      fc.tuple(sub, sub).map(([p, q]) => b.sub(p, q)),
      fc.tuple(sub, sub).map(([p, q]) => b.mul(p, q)),
      sub.map((p) => b.neg(p)),
      fc.tuple(sub, fc.integer({ min: 0, max: 4 })).map(([p, k]) => b.pow(p, b.num(k))),
    ];
    if (!polynomialOnly) {
      ops.push(fc.tuple(sub, sub).map(([p, q]) => b.div(p, q)));
      ops.push(fc.tuple(sub, fc.integer({ min: -3, max: -1 })).map(([p, k]) => b.pow(p, b.num(k))));
    }
    if (!polynomialOnly && !rational) {
      ops.push(fc.tuple(fc.constantFrom(...UNARY), sub).map(([f, p]) => b.call(f, p)));
      ops.push(fc.tuple(fc.constantFrom<FnName>('max', 'min'), sub, sub).map(([f, p, q]) => b.call(f, p, q)));
      ops.push(fc.tuple(sub, smallRational).map(([p, r]) => b.pow(p, b.num(r))));
    }
    return { tree: fc.oneof({ maxDepth, depthIdentifier: 'expr' }, leaf, ...ops) };
  });
  return tree;
}

/** A random box in [-4, 4]^2 (double endpoints) and a rational point inside it. */
export const boxAndPoint = fc
  .tuple(
    fc.array(fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })), { minLength: 2, maxLength: 2 }),
    fc.array(fc.integer({ min: 0, max: 64 }), { minLength: 2, maxLength: 2 }),
  )
  .map(([ivs, ts]) => {
    const lo = ivs.map(([a]) => a);
    const hi = ivs.map(([a, w]) => a + w);
    const point = lo.map((l, i) => {
      const L = Rational.fromNumber(l);
      const H = Rational.fromNumber(hi[i]!);
      return L.add(H.sub(L).mul(Rational.of(ts[i]!, 64)));
    });
    return { lo, hi, point };
  });
