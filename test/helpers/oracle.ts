import { Decimal } from 'decimal.js';
import { Rational } from '../../src/exact/rational.js';
import type { Expr } from '../../src/expr/index.js';

/**
 * Reference evaluators for tests. `evalRational` is exact for polynomial and rational
 * expressions; `evalDecimal` uses 80-digit decimal arithmetic (decimal.js), far more
 * precise than a double, for every function. Both return undefined where the
 * expression is undefined at the point (division by 0, log of a non-positive, …).
 */
export function evalRational(e: Expr, x: readonly Rational[]): Rational | undefined | 'nonrational' {
  const ev = (y: Expr) => evalRational(y, x);
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'var':
      return x[e.index]!;
    case 'const':
      return 'nonrational';
    case 'neg': {
      const a = ev(e.arg);
      return a instanceof Rational ? a.neg() : a;
    }
    case 'add':
    case 'mul': {
      const parts = (e.kind === 'add' ? e.terms : e.factors).map(ev);
      const bad = parts.find((p) => !(p instanceof Rational));
      if (bad !== undefined || parts.some((p) => p === undefined)) return parts.includes('nonrational') ? 'nonrational' : undefined;
      const rs = parts as Rational[];
      return e.kind === 'add' ? rs.reduce((a, c) => a.add(c)) : rs.reduce((a, c) => a.mul(c));
    }
    case 'div': {
      const a = ev(e.num);
      const c = ev(e.den);
      if (a === 'nonrational' || c === 'nonrational') return 'nonrational';
      if (!a || !c || c.isZero()) return undefined;
      return a.div(c);
    }
    case 'pow': {
      const a = ev(e.base);
      if (e.exponent.kind !== 'num' || !e.exponent.value.isInteger()) return 'nonrational';
      if (a === 'nonrational' || a === undefined) return a;
      const k = Number(e.exponent.value.num);
      if (a.isZero() && k < 0) return undefined;
      return a.pow(k);
    }
    case 'call':
      return 'nonrational';
  }
}

const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof D>;
export const dec = (r: Rational): Dec => new D(r.num.toString()).div(r.den.toString());

/** Thrown when the 80-digit oracle would be too slow (sin of 1e300 needs π to 300 digits). */
export class OracleSkip extends Error {}
const HUGE = new D('1e6');

/** log(1 + u) at 80 digits; 1 + u loses a tiny u, so the series below 1e−10 (relative error < u^4 < 1e−40). */
function log1pDec(u: Dec): Dec {
  if (u.abs().lt('1e-10')) return u.sub(u.pow(2).div(2)).add(u.pow(3).div(3)).sub(u.pow(4).div(4));
  return u.add(1).ln();
}

export function evalDecimal(e: Expr, x: readonly Dec[]): Dec | undefined {
  const ev = (y: Expr) => evalDecimal(y, x);
  const all = (ys: readonly Expr[]) => {
    const vs = ys.map(ev);
    return vs.some((v) => v === undefined) ? undefined : (vs as Dec[]);
  };
  switch (e.kind) {
    case 'num':
      return dec(e.value);
    case 'var':
      return x[e.index]!;
    case 'const':
      return e.name === 'pi' ? D.acos(-1) : D.exp(1);
    case 'neg':
      return ev(e.arg)?.neg();
    case 'add':
      return all(e.terms)?.reduce((a, c) => a.add(c));
    case 'mul':
      return all(e.factors)?.reduce((a, c) => a.mul(c));
    case 'div': {
      const a = ev(e.num);
      const c = ev(e.den);
      return a && c && !c.isZero() ? a.div(c) : undefined;
    }
    case 'pow': {
      const a = ev(e.base);
      const k = ev(e.exponent);
      if (!a || !k) return undefined;
      if (k.abs().gt(HUGE) || a.abs().gt('1e100')) throw new OracleSkip();
      if (k.isInteger()) return a.isZero() && k.isNeg() ? undefined : a.pow(k);
      if (a.isZero() && k.gt(0)) return new D(0);
      return a.gt(0) ? a.pow(k) : undefined;
    }
    case 'call': {
      const args = all(e.args);
      if (!args) return undefined;
      const [u, v] = args as [Dec, Dec];
      if (['exp', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus'].includes(e.fn) && u.abs().gt(HUGE)) throw new OracleSkip();
      switch (e.fn) {
        case 'exp':
          return u.exp();
        case 'log':
          return u.gt(0) ? u.ln() : undefined;
        case 'log1p':
          if (!u.gt(-1)) return undefined;
          return log1pDec(u);
        case 'sqrt':
          return u.gte(0) ? u.sqrt() : undefined;
        case 'abs':
          return u.abs();
        case 'sin':
          return u.sin();
        case 'cos':
          return u.cos();
        case 'tanh':
          return u.tanh();
        case 'sigmoid':
          return new D(1).div(u.neg().exp().add(1));
        case 'softplus':
          // log(1 + e^u): for u ≪ 0, 1 + e^u rounds to 1 at 80 digits (softplus(−244) ≈
          // 3e−107 came out as 0), so through the log1p series as above.
          return log1pDec(u.exp());
        case 'relu':
          return u.gt(0) ? u : new D(0);
        case 'max':
          return D.max(u, v);
        case 'min':
          return D.min(u, v);
        case 'sign':
          return new D(u.isZero() ? 0 : u.gt(0) ? 1 : -1);
        case 'step':
          return u.isZero() ? undefined : new D(u.gt(0) ? 1 : 0);
      }
    }
  }
}

/** Exact decimal of a double (every finite double is a finite decimal). */
export function decOfDouble(v: number): Dec {
  const r = Rational.fromNumber(v);
  return new D(r.num.toString()).div(r.den.toString());
}

/**
 * lo ≤ v ≤ hi, with lo/hi doubles compared exactly (infinite endpoints allowed). The
 * 80-digit oracle value v is itself rounded (a relative error near 1e-80), so a slack of
 * 1e-60·|v| is allowed: far below one ulp of a double (1e-16), it cannot hide an endpoint
 * on the wrong side unless the exact value lies within 1e-60 of a double.
 */
export function decInInterval(v: Dec, lo: number, hi: number): boolean {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return false;
  const slack = v.abs().mul('1e-60');
  const okLo = lo === -Infinity || (lo !== Infinity && exactLe(lo, v.add(slack)));
  const okHi = hi === Infinity || (hi !== -Infinity && exactGe(hi, v.sub(slack)));
  return okLo && okHi;
}
function exactLe(a: number, v: Dec): boolean {
  const r = Rational.fromNumber(a);
  // a ≤ v  ⟺  num ≤ v·den   (den > 0), all exact in 80-digit arithmetic only if v is exact; compare with margin-free big decimals
  return new D(r.num.toString()).lte(v.mul(r.den.toString()));
}
function exactGe(a: number, v: Dec): boolean {
  const r = Rational.fromNumber(a);
  return new D(r.num.toString()).gte(v.mul(r.den.toString()));
}
