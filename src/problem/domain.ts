import { listNames } from '../expr/index.js';
import type { InputContext } from './context.js';
import { readConstant, type ExactValue, type ProblemScope } from './exprs.js';
import type { VariableDecl } from './names.js';
import type { FieldPath } from './fieldPositions.js';
import { didYouMean } from './suggest.js';
import type { BoxBound, Problem } from './types.js';

/**
 * Reads `domain`, a mapping to `[lo, hi]` pairs. A key is a variable, the base name of a
 * shaped variable (`w` for all of w_0, w_1, …), or `"*"` for every variable not otherwise
 * listed. Bounds are exact constants. Fails on a missing or unknown variable, a bound
 * that is not finite, or lo > hi (decided exactly for rationals, else on the enclosures).
 */
export function readDomain(ctx: InputContext, path: FieldPath, raw: unknown, decl: VariableDecl, scope: ProblemScope): BoxBound[] {
  const obj = ctx.object(path, raw, 'a mapping from variables to [lo, hi]');
  const pairs = new Map<string, [ExactValue, ExactValue]>();
  for (const key of Object.keys(obj)) {
    const p = [...path, key];
    if (key !== '*' && !decl.names.includes(key) && !decl.shapes.has(key)) {
      const known = [...decl.names, ...decl.shapes.keys()];
      ctx.fail(p, `'${key}' is not a variable${didYouMean(key, known)} (variables are ${listNames(decl.names)})`, { key: true });
    }
    pairs.set(key, readPair(ctx, p, obj[key], scope));
  }
  return decl.names.map((name) => {
    const base = decl.baseOf.get(name);
    const key = pairs.has(name) ? name : base !== undefined && pairs.has(base) ? base : pairs.has('*') ? '*' : undefined;
    if (key === undefined) ctx.fail(path, `variable '${name}' has no bounds (add ${name}: [lo, hi], or "*": [lo, hi] for all variables)`);
    const [lo, hi] = pairs.get(key)!;
    return { variable: name, lo: lo.expr, hi: hi.expr, loEnclosure: lo.enclosure, hiEnclosure: hi.enclosure };
  });
}

function readPair(ctx: InputContext, path: FieldPath, raw: unknown, scope: ProblemScope): [ExactValue, ExactValue] {
  const arr = ctx.array(path, raw, '[lo, hi]');
  if (arr.length !== 2) ctx.fail(path, `expected [lo, hi], got a list of ${arr.length}`);
  const lo = readConstant(ctx, [...path, 0], arr[0], scope, 'a lower bound');
  const hi = readConstant(ctx, [...path, 1], arr[1], scope, 'an upper bound');
  const ordered = lo.expr.kind === 'num' && hi.expr.kind === 'num' ? lo.expr.value.cmp(hi.expr.value) <= 0 : !(lo.enclosure.lo > hi.enclosure.hi);
  if (!ordered) ctx.fail(path, `lower bound ${String(arr[0])} is greater than upper bound ${String(arr[1])}`);
  return [lo, hi];
}

/**
 * A float box that contains the exact domain X (outward: each side is the outer end of
 * its bound's rigorous enclosure). Use it where proving more than X is harmless: the root
 * of a proof tree (a condition proved on a superset is proved on X), sampling, plots.
 */
export function outerBox(p: Pick<Problem, 'domain'>): { lo: number[]; hi: number[] } {
  return { lo: p.domain.map((b) => b.loEnclosure.lo), hi: p.domain.map((b) => b.hiEnclosure.hi) };
}

/**
 * A float box contained in the exact domain X (each side is the inner end of its bound's
 * enclosure). Use it for every test that something lies INSIDE X: a counterexample, a
 * computed minimizer, a stationary point that refutes, the point whose f value bounds f*
 * from above. When a bound is irrational and lo = hi exactly, the inner box is empty on
 * that side (lo > hi), and nothing lies inside it: such tests then fail, which is sound.
 */
export function innerBox(p: Pick<Problem, 'domain'>): { lo: number[]; hi: number[] } {
  return { lo: p.domain.map((b) => b.loEnclosure.hi), hi: p.domain.map((b) => b.hiEnclosure.lo) };
}

/** Both float boxes around the exact domain: outer ⊇ X ⊇ inner (see outerBox, innerBox). */
export function domainBoxes(p: Pick<Problem, 'domain'>): { outer: { lo: number[]; hi: number[] }; inner: { lo: number[]; hi: number[] } } {
  return { outer: outerBox(p), inner: innerBox(p) };
}
