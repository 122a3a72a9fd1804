import * as b from './build.js';
import { toText } from './print.js';
import type { Expr } from './types.js';
import { Rational } from '../exact/rational.js';

/**
 * A place where an expression may fail to be differentiable: the expression is smooth
 * near every point where `guard` ≠ 0 (for abs(u), relu(u), sign(u), step(u) the guard is u;
 * for max(u, v) and min(u, v) it is u − v). A box on which an interval enclosure of the
 * guard excludes 0 contains no kink of this site.
 */
export interface KinkSite {
  readonly fn: string;
  readonly guard: Expr;
  /** The call as text, for messages ("relu(W11*x1 + W12*x2)"). */
  readonly text: string;
}

/** Calls `visit` on every call node of `e`, arguments first (a tree walk; shared subtrees are visited again). */
function forEachCall(e: Expr, visit: (x: Extract<Expr, { kind: 'call' }>) => void): void {
  const walk = (x: Expr): void => {
    switch (x.kind) {
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
        x.args.forEach(walk);
        return visit(x);
      default:
        return;
    }
  };
  walk(e);
}

/** Every kink site of `e` (deduplicated by text). Smooth expressions give []. */
export function kinkGuards(e: Expr): KinkSite[] {
  const out = new Map<string, KinkSite>();
  forEachCall(e, (x) => {
    if (['abs', 'relu', 'sign', 'step', 'max', 'min'].includes(x.fn)) {
      const guard = x.args.length === 2 ? b.sub(x.args[0]!, x.args[1]!) : x.args[0]!;
      const text = toText(x);
      if (!out.has(text)) out.set(text, { fn: x.fn, guard, text });
    }
  });
  return [...out.values()];
}

/**
 * A condition that holds at every point where `e` is defined: `arg ≥ 0` (strict false: sqrt) or
 * `arg > 0` (strict: log; log1p as 1 + arg > 0). Every subexpression is evaluated (the language has
 * no branches), so a box on which some `arg` is provably below 0 (or at most 0, strict) holds no
 * point where e is defined. Deduplicated by text.
 */
export interface DomainGuard {
  readonly arg: Expr;
  readonly strict: boolean;
}

/** The domain guards of `e` (see DomainGuard); [] when e is defined everywhere as far as these functions go. */
export function domainGuards(e: Expr): DomainGuard[] {
  const out = new Map<string, DomainGuard>();
  const add = (arg: Expr, strict: boolean) => {
    const key = `${strict ? '>' : '≥'}${toText(arg)}`;
    if (!out.has(key)) out.set(key, { arg, strict });
  };
  forEachCall(e, (x) => {
    if (x.fn === 'sqrt') add(x.args[0]!, false);
    else if (x.fn === 'log') add(x.args[0]!, true);
    else if (x.fn === 'log1p') add(b.add(b.num(Rational.ONE), x.args[0]!), true);
  });
  return [...out.values()];
}
