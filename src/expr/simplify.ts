import { TimeLimitReached } from '../errors.js';
import { Rational } from '../exact/rational.js';
import * as b from './build.js';
import { structuralKey } from './print.js';
import type { Expr } from './types.js';

/**
 * Algebraic simplifier: folds constants exactly, cancels `x - x`, expands products and
 * integer powers of sums, and collects like terms. Everything that is not a polynomial
 * (calls, divisions by non-constants, non-integer powers) becomes an *atom* whose own
 * arguments are simplified recursively; the result is a sum of rational-coefficient
 * monomials in variables and atoms.
 *
 * Soundness note: every rewrite is an exact identity wherever the input is defined. The
 * result may be defined on a larger set (log(y) - log(y) → 0); callers that need
 * definedness (the engine does) check the original terms, not the simplified residual.
 */
export interface SimplifyOptions {
  /** Largest number of monomials an expansion may produce before the product is kept as an atom. */
  readonly maxTerms?: number;
  /** Largest integer power of a sum that is expanded. */
  readonly maxPower?: number;
  /**
   * Expand products and powers of sums at the top level (default true). Arguments of
   * atoms (function calls, numerators and denominators of divisions, bases of
   * non-integer powers) are never expanded: `1/((x+y)^2+1)` keeps a denominator whose
   * interval extension is visibly ≥ 1. With `expand: false` only constants are folded and
   * identical terms collected (a structure-preserving form for interval evaluation).
   */
  readonly expand?: boolean;
  /**
   * A Date.now() value past which the simplifier gives up by throwing SimplifyTimeout
   * (checked every few hundred steps). Simplifying large residuals can take seconds and
   * cannot otherwise be interrupted; a caller inside a --time-limit passes its deadline and
   * treats the timeout as "not simplified" (never as a proof). Default: no deadline.
   */
  readonly deadline?: number;
}

/**
 * Thrown by simplify() when its `deadline` passed before it finished. Callers that pass a
 * deadline catch it; one that escapes is a bug (kind 'internal').
 */
export class SimplifyTimeout extends TimeLimitReached {
  constructor() {
    super('simplification stopped at the time limit (a caller that passes a deadline must catch SimplifyTimeout)');
  }
}

interface Monomial {
  coef: Rational;
  /** atom key → [atom, exponent ≥ 1] */
  atoms: Map<string, [Expr, number]>;
}
type Poly = Map<string, Monomial>;

export function simplify(e: Expr, opts: SimplifyOptions = {}): Expr {
  const clock = opts.deadline !== undefined && opts.deadline < Infinity ? { deadline: opts.deadline, steps: 0 } : null;
  const light = new Simplifier(opts.maxTerms ?? 4000, opts.maxPower ?? 12, false, clock);
  if (opts.expand === false) return light.run(e);
  return new Simplifier(opts.maxTerms ?? 4000, opts.maxPower ?? 12, true, clock, light).run(e);
}

/** How many build steps pass between two looks at the clock. */
const CLOCK_EVERY = 256;

class Simplifier {
  private readonly memo = new Map<Expr, Poly>();
  /** Simplifies the inside of atoms (never expanding). */
  private readonly inner: Simplifier;
  constructor(
    private readonly maxTerms: number,
    private readonly maxPower: number,
    private readonly expand: boolean,
    private readonly clock: { readonly deadline: number; steps: number } | null,
    inner?: Simplifier,
  ) {
    this.inner = inner ?? this;
  }

  run(e: Expr): Expr {
    return fromPoly(this.poly(e));
  }

  private atom(e: Expr): Expr {
    return this.inner.run(e);
  }

  private poly(e: Expr): Poly {
    const hit = this.memo.get(e);
    if (hit) return hit;
    const p = this.build(e);
    this.memo.set(e, p);
    return p;
  }

  private build(e: Expr): Poly {
    const clock = this.clock;
    if (clock && ++clock.steps % CLOCK_EVERY === 0 && Date.now() >= clock.deadline) throw new SimplifyTimeout();
    switch (e.kind) {
      case 'num':
        return constPoly(e.value);
      case 'const':
      case 'var':
        return atomPoly(e);
      case 'add': {
        // Accumulated in place (acc is this call's own map): copying it per term made long sums
        // quadratic (64 logistic terms: 10 s of the bounder's gradients). The clock is read per
        // term too, since one term can carry a large polynomial.
        const acc: Poly = new Map();
        for (const t of e.terms) {
          addInto(acc, this.poly(t), Rational.ONE);
          if (clock && ++clock.steps % CLOCK_EVERY === 0 && Date.now() >= clock.deadline) throw new SimplifyTimeout();
        }
        return acc;
      }
      case 'neg':
        return scale(this.poly(e.arg), Rational.MINUS_ONE);
      case 'mul': {
        let acc = constPoly(Rational.ONE);
        for (const f of e.factors) {
          const next = this.mulOrAtom(acc, this.poly(f));
          if (!next) return atomPoly(b.mul(...e.factors.map((x) => this.atom(x))));
          acc = next;
        }
        return acc;
      }
      case 'div': {
        const den = this.atom(e.den);
        if (den.kind === 'num' && !den.value.isZero()) return scale(this.poly(e.num), Rational.ONE.div(den.value));
        return atomPoly(b.div(this.atom(e.num), den));
      }
      case 'pow': {
        const ex = this.atom(e.exponent);
        if (ex.kind === 'num' && ex.value.isInteger()) {
          const k = Number(ex.value.num);
          const base = this.poly(e.base);
          const c = asConstant(base);
          if (c && (k >= 0 || !c.isZero()) && Math.abs(k) <= 64 && b.foldablePower(c, k)) return constPoly(c.pow(k));
          if (k >= 0 && k <= this.maxPower && (this.expand || base.size <= 1)) {
            let acc = constPoly(Rational.ONE);
            for (let i = 0; i < k && acc; i++) acc = this.mulOrAtom(acc, base)!;
            if (acc) return acc;
          }
        }
        return atomPoly(b.pow(this.atom(e.base), ex));
      }
      case 'call': {
        const args = e.args.map((a) => this.atom(a));
        const folded = foldCall(e.fn, args);
        return folded ? constPoly(folded) : atomPoly(b.call(e.fn, ...args));
      }
    }
  }

  private mulOrAtom(p: Poly, q: Poly): Poly | undefined {
    if (p.size * q.size > this.maxTerms) return undefined;
    // Without expansion a sum is only multiplied by a constant (monomials multiply freely).
    if (!this.expand && !(asConstant(p) || asConstant(q) || (p.size === 1 && q.size === 1))) return undefined;
    return mulPoly(p, q);
  }
}

/** Exact folding of calls on rational arguments where the result is rational. */
function foldCall(fn: string, args: Expr[]): Rational | undefined {
  if (!args.every((a) => a.kind === 'num')) return undefined;
  const v = args.map((a) => (a as { value: Rational }).value);
  const x = v[0]!;
  switch (fn) {
    case 'abs':
      return x.abs();
    case 'relu':
      return x.sign() > 0 ? x : Rational.ZERO;
    case 'sign':
      return Rational.of(x.sign());
    case 'step':
      return x.sign() === 0 ? undefined : Rational.of(x.sign() > 0 ? 1 : 0);
    case 'max':
      return x.cmp(v[1]!) >= 0 ? x : v[1];
    case 'min':
      return x.cmp(v[1]!) <= 0 ? x : v[1];
    case 'exp':
    case 'sin':
    case 'tanh':
    case 'log1p':
      return x.isZero() ? (fn === 'exp' ? Rational.ONE : Rational.ZERO) : undefined;
    case 'cos':
      return x.isZero() ? Rational.ONE : undefined;
    case 'log':
      return x.isOne() ? Rational.ZERO : undefined;
    case 'sqrt': {
      if (x.sign() < 0) return undefined;
      const rn = isqrt(x.num);
      const rd = isqrt(x.den);
      return rn * rn === x.num && rd * rd === x.den ? Rational.of(rn, rd) : undefined;
    }
    default:
      return undefined;
  }
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

const constPoly = (c: Rational): Poly => (c.isZero() ? new Map() : new Map([['', { coef: c, atoms: new Map() }]]));

function atomPoly(a: Expr): Poly {
  const k = structuralKey(a);
  return new Map([[`${k}^1`, { coef: Rational.ONE, atoms: new Map([[k, [a, 1]]]) }]]);
}

function asConstant(p: Poly): Rational | undefined {
  if (p.size === 0) return Rational.ZERO;
  if (p.size === 1 && p.has('')) return p.get('')!.coef;
  return undefined;
}

function monoKey(atoms: Map<string, [Expr, number]>): string {
  return [...atoms.entries()]
    .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
    .map(([k, [, n]]) => `${k}^${n}`)
    .join('*');
}

function addPoly(p: Poly, q: Poly, s: Rational): Poly {
  return addInto(new Map(p), q, s);
}

/** out += s·q, in place (out must be the caller's own map, never a memoized one); returns out. */
function addInto(out: Poly, q: Poly, s: Rational): Poly {
  for (const [k, m] of q) {
    const prev = out.get(k);
    const c = prev ? prev.coef.add(m.coef.mul(s)) : m.coef.mul(s);
    if (c.isZero()) out.delete(k);
    else out.set(k, { coef: c, atoms: m.atoms });
  }
  return out;
}

const scale = (p: Poly, s: Rational): Poly => addPoly(new Map(), p, s);

function mulPoly(p: Poly, q: Poly): Poly {
  const out: Poly = new Map();
  for (const m of p.values()) {
    for (const n of q.values()) {
      const atoms = new Map(m.atoms);
      for (const [k, [a, e]] of n.atoms) atoms.set(k, [a, (atoms.get(k)?.[1] ?? 0) + e]);
      const key = monoKey(atoms);
      const prev = out.get(key);
      const c = prev ? prev.coef.add(m.coef.mul(n.coef)) : m.coef.mul(n.coef);
      if (c.isZero()) out.delete(key);
      else out.set(key, { coef: c, atoms });
    }
  }
  return out;
}

/** Rebuilds an expression: monomials in a canonical order (constant last), factors sorted. */
function fromPoly(p: Poly): Expr {
  const monos = [...p.entries()].sort(([a], [c]) => (a === '' ? 1 : c === '' ? -1 : a < c ? -1 : a > c ? 1 : 0));
  const terms = monos.map(([, m]) => {
    const factors = [...m.atoms.entries()].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)).map(([, [a, e]]) => b.pow(a, b.num(e)));
    const absCoef = m.coef.abs();
    const body = factors.length === 0 ? b.num(absCoef) : absCoef.isOne() ? b.mul(...factors) : b.mul(b.num(absCoef), ...factors);
    return m.coef.sign() < 0 ? b.neg(body) : body;
  });
  return b.add(...terms);
}

/**
 * The exact rational value of a constant expression, when it is rational (folded term by term,
 * else simplified); undefined for anything else (pi, log(2), a power past 1024). Used where a
 * given constant must equal an exact value: enclosures that touch can hide one ulp.
 */
export function rationalValue(e: Expr): Rational | undefined {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'neg': {
      const v = rationalValue(e.arg);
      return v?.neg();
    }
    case 'add': {
      let s = Rational.ZERO;
      for (const t of e.terms) {
        const v = rationalValue(t);
        if (!v) return undefined;
        s = s.add(v);
      }
      return s;
    }
    case 'mul': {
      let s = Rational.ONE;
      for (const t of e.factors) {
        const v = rationalValue(t);
        if (!v) return undefined;
        s = s.mul(v);
      }
      return s;
    }
    case 'div': {
      const n = rationalValue(e.num);
      const d = rationalValue(e.den);
      return n && d && !d.isZero() ? n.div(d) : undefined;
    }
    case 'pow': {
      const base = rationalValue(e.base);
      const k = rationalValue(e.exponent);
      if (!base || !k?.isInteger() || Math.abs(Number(k.num)) > 1024) return undefined;
      if (base.isZero() && k.sign() <= 0) return undefined;
      return base.pow(Number(k.num));
    }
    default: {
      const s = simplify(e);
      return s.kind === 'num' ? s.value : undefined;
    }
  }
}
