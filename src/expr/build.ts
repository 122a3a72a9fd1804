import type { AlgebraicRoot } from '../exact/algebraic.js';
import { Rational } from '../exact/rational.js';
import { bitLength, MAX_FOLD_BITS } from './limits.js';
import type { ConstName, Expr, FnName } from './types.js';

/**
 * Smart constructors for the expression tree. They do only the cheapest, always-valid
 * clean-ups (flatten nested sums/products, drop 0 terms and 1 factors, fold a product
 * with a literal 0 only when no factor can be undefined) so that derivatives stay small;
 * the real work is in `simplify`.
 */
export const num = (v: Rational | number | bigint): Expr => ({
  kind: 'num',
  value: v instanceof Rational ? v : typeof v === 'bigint' ? Rational.of(v) : Rational.fromNumber(v),
});
export const ZERO: Expr = num(0);
export const ONE: Expr = num(1);
export const constant = (name: ConstName): Expr => ({ kind: 'const', name });
/** An algebraic constant (built by the parser's root(), which proves the isolation). */
export const rootConstant = (root: AlgebraicRoot): Expr => ({ kind: 'const', name: 'root', root });
export const variable = (index: number, name: string): Expr => ({ kind: 'var', index, name });

export const isNum = (e: Expr, v?: number): boolean => e.kind === 'num' && (v === undefined || e.value.equals(Rational.fromNumber(v)));

/** True when the expression is defined everywhere (no division, log, sqrt, non-integer power). */
export function isTotal(e: Expr): boolean {
  switch (e.kind) {
    case 'num':
    case 'const':
    case 'var':
      return true;
    case 'add':
      return e.terms.every(isTotal);
    case 'mul':
      return e.factors.every(isTotal);
    case 'neg':
      return isTotal(e.arg);
    case 'div':
      return false;
    case 'pow':
      return e.exponent.kind === 'num' && e.exponent.value.isInteger() && e.exponent.value.sign() >= 0 && isTotal(e.base);
    case 'call':
      return !['log', 'log1p', 'sqrt'].includes(e.fn) && e.args.every(isTotal);
  }
}

export function add(...terms: Expr[]): Expr {
  const out: Expr[] = [];
  for (const t of terms) {
    if (t.kind === 'add') out.push(...t.terms);
    else if (!isNum(t, 0)) out.push(t);
  }
  if (out.length === 0) return ZERO;
  return out.length === 1 ? out[0]! : { kind: 'add', terms: out };
}

export function mul(...factors: Expr[]): Expr {
  const out: Expr[] = [];
  for (const f of factors) {
    if (f.kind === 'mul') out.push(...f.factors);
    else if (!isNum(f, 1)) out.push(f);
  }
  // A literal zero factor annihilates the product only when every other factor is defined
  // everywhere; otherwise 0 * log(x) must keep log's domain (and its "unbounded" verdict).
  if (out.some((f) => isNum(f, 0)) && out.every(isTotal)) return ZERO;
  if (out.length === 0) return ONE;
  return out.length === 1 ? out[0]! : { kind: 'mul', factors: out };
}

export function neg(arg: Expr): Expr {
  if (arg.kind === 'num') return num(arg.value.neg());
  if (arg.kind === 'neg') return arg.arg;
  return { kind: 'neg', arg };
}

export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));

export function div(n: Expr, d: Expr): Expr {
  if (isNum(d, 1)) return n;
  if (n.kind === 'num' && d.kind === 'num' && !d.value.isZero()) {
    // (p/q) / (r/s) = ps/qr: folded only while it stays of a workable size (limits.ts).
    const [p, q, r, s] = [n.value.num, n.value.den, d.value.num, d.value.den].map(bitLength) as [number, number, number, number];
    if (p + s <= MAX_FOLD_BITS && q + r <= MAX_FOLD_BITS) return num(n.value.div(d.value));
  }
  return { kind: 'div', num: n, den: d };
}

export function pow(base: Expr, exponent: Expr): Expr {
  if (isNum(exponent, 1)) return base;
  if (isNum(exponent, 0) && isTotal(base)) return ONE;
  if (base.kind === 'num' && exponent.kind === 'num' && exponent.value.isInteger()) {
    const k = Number(exponent.value.num);
    if (Math.abs(k) <= 64 && !(base.value.isZero() && k < 0) && foldablePower(base.value, k)) return num(base.value.pow(k));
  }
  return { kind: 'pow', base, exponent };
}

/** True when c^k stays within MAX_FOLD_BITS (else the power is kept as a node: exact, and enclosed by intervals). */
export const foldablePower = (c: Rational, k: number): boolean => Math.abs(k) * Math.max(bitLength(c.num), bitLength(c.den)) <= MAX_FOLD_BITS;

export const call = (fn: FnName, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
