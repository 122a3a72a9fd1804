import * as b from './build.js';
import type { Expr } from './types.js';

/** Replaces every variable by `map(index)` (rebuilding with the smart constructors); `undefined` keeps the variable. */
export function substitute(e: Expr, map: (varIndex: number) => Expr | undefined): Expr {
  return rewrite(e, (x) => (x.kind === 'var' ? map(x.index) : undefined));
}

/**
 * e with each subexpression x for which `replace(x)` gives an expression replaced by it (tried
 * outermost first: a replaced node's children are not visited), the rest rebuilt with the smart
 * constructors. `replace` is called once per distinct node object.
 */
export function rewrite(e: Expr, replace: (x: Expr) => Expr | undefined): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (x: Expr): Expr => {
    const hit = memo.get(x);
    if (hit) return hit;
    const rep = replace(x);
    if (rep !== undefined) {
      memo.set(x, rep);
      return rep;
    }
    let r: Expr;
    switch (x.kind) {
      case 'num':
      case 'const':
      case 'var':
        r = x;
        break;
      case 'add':
        r = b.add(...x.terms.map(go));
        break;
      case 'mul':
        r = b.mul(...x.factors.map(go));
        break;
      case 'div':
        r = b.div(go(x.num), go(x.den));
        break;
      case 'neg':
        r = b.neg(go(x.arg));
        break;
      case 'pow':
        r = b.pow(go(x.base), go(x.exponent));
        break;
      case 'call':
        r = b.call(x.fn, ...x.args.map(go));
        break;
    }
    memo.set(x, r);
    return r;
  };
  return go(e);
}

/** The indices of the variables that occur in `e`. */
export function freeVariables(e: Expr): Set<number> {
  const out = new Set<number>();
  const walk = (x: Expr): void => {
    switch (x.kind) {
      case 'var':
        out.add(x.index);
        return;
      case 'add':
        return x.terms.forEach(walk);
      case 'mul':
        return x.factors.forEach(walk);
      case 'div':
        walk(x.num);
        return walk(x.den);
      case 'neg':
        return walk(x.arg);
      case 'pow':
        walk(x.base);
        return walk(x.exponent);
      case 'call':
        return x.args.forEach(walk);
      default:
        return;
    }
  };
  walk(e);
  return out;
}
