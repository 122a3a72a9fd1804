import { Rational } from '../exact/rational.js';
import { build as b, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';

/** f = (1/n) Σ f_i as one expression. */
export function objective(p: Problem): Expr {
  const n = p.terms.length;
  return n === 1 ? p.terms[0]! : b.mul(b.num(Rational.of(1, n)), b.add(...p.terms));
}
