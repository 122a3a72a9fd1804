import { compileInterval, encloseConstant, parseConstant, parseExpr, type Expr } from '../../../src/expr/index.js';

/** Shared fixtures of the global tests (DOMAIN §3). */
const V2 = { variables: ['x', 'y'] };
const V1 = { variables: ['x'] };

export const ex6 = parseExpr('((x^2+y^2)/(1+x^2+y^2) + ((x-1)^2+(y-1)^2)/(1+(x-1)^2+(y-1)^2))/2', V2);
export const ex2 = parseExpr('((1-exp(-x^2-y^2)) + (1-exp(-(x-2)^2-(y-2)^2)))/2', V2);
export const leastSquares = parseExpr('((x+y-1)^2 + (x-y)^2)/2', V2);
export const doubleWell = parseExpr('(x^2-1)^2', V1);
export const quartic = parseExpr('x^4', V1);
export const kinked = parseExpr('(abs(x)-1)^2', V1);

/** Rigorous enclosure of an exact constant written as text. */
export const exact = (s: string) => encloseConstant(parseConstant(s));
/** f* of example 6 and its minimizer coordinate t (the other minimizer is 1 − t). */
export const ex6Fstar = exact('(3 - sqrt(3))/4');
export const ex6T = exact('(1 - sqrt(2*sqrt(3) - 3))/2');
export const ex6OneMinusT = exact('(1 + sqrt(2*sqrt(3) - 3))/2');

/** Rigorous enclosure of f at a point (degenerate box). */
export function fAt(f: Expr, x: number[]): [number, number] {
  const ev = compileInterval([f]);
  const lo = new Float64Array(1);
  const hi = new Float64Array(1);
  ev.eval(x, x, lo, hi);
  return [lo[0]!, hi[0]!];
}

/** Box b contains the enclosure iv in coordinate j (so it contains the exact value). */
export const holds = (b: { lo: readonly number[]; hi: readonly number[] }, j: number, iv: { lo: number; hi: number }) => b.lo[j]! <= iv.lo && iv.hi <= b.hi[j]!;
