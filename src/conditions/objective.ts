import { Rational } from '../exact/rational.js';
import { build as b, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';

/** f per problem: one expression object, so models built from it can be shared (SmoothModel.within). */
const objectives = new WeakMap<Problem, Expr>();

/** f = (1/n) Σ f_i as one expression (the same object for the same problem object). */
export function objective(p: Problem): Expr {
  const hit = objectives.get(p);
  if (hit) return hit;
  const n = p.terms.length;
  const f = n === 1 ? p.terms[0]! : b.mul(b.num(Rational.of(1, n)), b.add(...p.terms));
  objectives.set(p, f);
  return f;
}
