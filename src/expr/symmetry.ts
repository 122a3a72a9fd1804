import * as b from './build.js';
import { simplify as simplifyExact, type SimplifyOptions } from './simplify.js';
import { structuralKey } from './print.js';
import { substitute } from './substitute.js';
import type { Expr } from './types.js';

/**
 * Proves that the map σ (one expression per variable) leaves f = (1/n) Σ f_i invariant,
 * symbolically: either σ permutes the terms (simplify(f_i∘σ) and simplify(f_π(i)) print the same
 * canonical form, for a permutation π), or simplify(f∘σ − f) is the number 0. The simplifier
 * rewrites only by exact identities (on the set where the terms are defined), so a success is a
 * proof of f(σ(x)) = f(x) there. Returns how it was proved, or null when neither test succeeds
 * (which proves nothing either way).
 */
export function proveInvariance(
  terms: readonly Expr[],
  sigma: readonly Expr[],
  /** Called between the steps (may throw to stop: the loader's time limit). */
  onTime: () => void = () => {},
): { how: 'permutes-terms'; permutation: number[] } | { how: 'difference-is-zero' } | null {
  const apply = (e: Expr) => substitute(e, (i) => sigma[i]!);
  const key = (e: Expr) => structuralKey(canonicalForm(e));
  // Indices of the terms by key, in order: each image takes the first unused one (linear, where
  // a search of the whole list per image was quadratic in the number of terms).
  const byKey = new Map<string, number[]>();
  terms.forEach((t, j) => {
    if ((j & 255) === 255) onTime();
    const k = key(t);
    const list = byKey.get(k);
    if (list) list.push(j);
    else byKey.set(k, [j]);
  });
  const next = new Map<string, number>();
  const perm: number[] = [];
  for (let i = 0; i < terms.length; i++) {
    if ((i & 255) === 255) onTime();
    const img = key(apply(terms[i]!));
    const list = byKey.get(img);
    const at = next.get(img) ?? 0;
    if (!list || at >= list.length) break;
    next.set(img, at + 1);
    perm.push(list[at]!);
  }
  if (perm.length === terms.length) return { how: 'permutes-terms', permutation: perm };
  onTime();
  const f = b.add(...terms);
  const diff = canonicalForm(b.sub(apply(f), f));
  return diff.kind === 'num' && diff.value.isZero() ? { how: 'difference-is-zero' } : null;
}

/**
 * A canonical form for comparing expressions: the simplifier expands only at the top level
 * (inside function arguments and denominators it keeps structure, for tight interval bounds),
 * so here every function argument, divisor and power base is itself expanded first. Exact
 * rewriting throughout (same identities as simplify).
 */
export function canonicalForm(e: Expr, deadline?: number): Expr {
  const opts = deadline !== undefined ? { deadline } : {};
  const simplify = (x: Expr, o: SimplifyOptions = {}) => simplifyExact(x, { ...opts, ...o });
  const inner = (x: Expr): Expr => {
    switch (x.kind) {
      case 'add':
        return b.add(...x.terms.map(inner));
      case 'mul':
        return b.mul(...x.factors.map(inner));
      case 'neg':
        return b.neg(inner(x.arg));
      case 'div':
        return b.div(inner(x.num), simplify(inner(x.den)));
      case 'pow':
        return b.pow(simplify(inner(x.base)), simplify(inner(x.exponent)));
      case 'call':
        return b.call(x.fn, ...x.args.map((a) => simplify(inner(a))));
      default:
        return x;
    }
  };
  return simplify(inner(e));
}
