import type { Arith, Bool, Context } from 'z3-solver';
import type { AlgebraicRoot } from '../exact/algebraic.js';
import { Rational } from '../exact/rational.js';
import { build as b, compileInterval, structuralKey, toText, type Expr } from '../expr/index.js';
import { LscertError } from '../errors.js';

/**
 * Translation of lscert expressions into exact real arithmetic (for Z3, in process, and for
 * SMT-LIB text). Only polynomial and rational expressions translate: numbers, variables,
 * algebraic constants root(p, t, lo, hi) (see `algebraic`), +, ·, −, / and powers with an
 * integer exponent. Everything else (pi, e, exp, sqrt, abs, non-integer or symbolic exponents)
 * is refused with `NotRationalError`.
 *
 * Division never becomes a partial operation: each distinct quotient num/den gets a fresh
 * unknown q with the side conditions
 *     q · den = num   and   den > 0   (or den < 0)
 * where the sign of den must have been proved by the caller's `SignOracle` on the whole
 * region the query ranges over (box × slot enclosures). Then q is uniquely the true quotient
 * at every point of the region, so a query "∃ point: side ∧ φ" is equivalent to "∃ point: φ"
 * with the true values. When the sign is not proved the translation is refused with
 * `SignUnknownError` (the caller answers 'unknown'); a negative integer power b^(−k) is the
 * quotient 1 / b^k and needs the same proof.
 */

/** The expression contains something that is not polynomial/rational. */
export class NotRationalError extends LscertError {
  constructor(readonly what: string) {
    super('unsupported', `not polynomial/rational: contains ${what}`);
  }
}

/** A denominator whose sign is not proved on the region. */
export class SignUnknownError extends LscertError {
  constructor(readonly den: Expr) {
    super('unsupported', `the sign of the denominator ${toText(den)} is not proved on the box`);
  }
}

/** Proved sign of a denominator on the whole region (1: > 0, −1: < 0), undefined when not proved. */
export type SignOracle = (den: Expr) => 1 | -1 | undefined;

/** What a target language must provide: T are real terms, B are formulas. */
export interface Backend<T, B> {
  num(r: Rational): T;
  /** Variable `index` of the expression tree (x then slots). */
  variable(index: number): T;
  add(terms: readonly T[]): T;
  mul(factors: readonly T[]): T;
  neg(t: T): T;
  /** A fresh real unknown (for a quotient). */
  fresh(): T;
  eq(a: T, b: T): B;
  gt0(t: T): B;
  lt0(t: T): B;
}

/** Largest integer exponent expanded into a product (beyond it the translation is refused). */
export const MAX_EXPONENT = 64;

/**
 * Translates expressions with one backend, sharing subterms and quotients (by structural
 * key) across every call on the same instance. `side` collects the quotient constraints;
 * they are definitional, so constraints left by a refused translation do no harm.
 */
export class Translator<T, B> {
  readonly side: B[] = [];
  private readonly memo = new Map<string, T>();
  /** Denominators whose sign constraint is already in `side`. */
  private readonly signed = new Set<string>();
  /** Number of quotient unknowns introduced. */
  quotients = 0;
  /** Number of algebraic constants (root(…)) introduced as unknowns. */
  algebraics = 0;

  constructor(
    private readonly be: Backend<T, B>,
    private readonly signOf: SignOracle,
  ) {}

  /** The term of `e`; throws NotRationalError or SignUnknownError. */
  term(e: Expr): T {
    const key = structuralKey(e);
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const t = this.build(e);
    this.memo.set(key, t);
    return t;
  }

  private build(e: Expr): T {
    const be = this.be;
    switch (e.kind) {
      case 'num':
        return be.num(e.value);
      case 'var':
        return be.variable(e.index);
      case 'const':
        if (e.name === 'root') return this.algebraic(e.root);
        throw new NotRationalError(`the constant ${e.name}`);
      case 'call':
        throw new NotRationalError(`${e.fn}(…)`);
      case 'add':
        return be.add(e.terms.map((t) => this.term(t)));
      case 'mul':
        return be.mul(e.factors.map((t) => this.term(t)));
      case 'neg':
        return be.neg(this.term(e.arg));
      case 'div':
        return this.quotient(e.num, e.den);
      case 'pow': {
        const k = integerExponent(e.exponent);
        if (k === undefined) throw new NotRationalError(`the power ${toText(e)} (only integer exponents are rational)`);
        if (Math.abs(k) > MAX_EXPONENT) throw new NotRationalError(`the power ${toText(e)} (exponent above ${MAX_EXPONENT})`);
        if (k < 0) return this.quotient(b.ONE, k === -1 ? e.base : { kind: 'pow', base: e.base, exponent: b.num(-k) });
        if (k === 0) return be.num(Rational.ONE);
        const base = this.term(e.base);
        return k === 1 ? base : be.mul(new Array<T>(k).fill(base));
      }
    }
  }

  /**
   * root(p, t, lo, hi): a fresh unknown r with p(r) = 0 and lo < r < hi. p has exactly one root in
   * [lo, hi] and neither end is one (src/exact/algebraic.ts proved it), so these side conditions make
   * r the constant itself at every point, as a quotient's make q the quotient. Shared per constant
   * (term() memoizes by structural key, which names the constant).
   */
  private algebraic(root: AlgebraicRoot): T {
    const be = this.be;
    const r = be.fresh();
    this.algebraics++;
    const terms = root.coeffs.flatMap((c, k) => (c.isZero() ? [] : [be.mul([be.num(c), ...new Array<T>(k).fill(r)])]));
    this.side.push(be.eq(be.add(terms), be.num(Rational.ZERO)));
    this.side.push(be.gt0(be.add([r, be.num(root.lo.neg())])));
    this.side.push(be.gt0(be.add([be.num(root.hi), be.neg(r)])));
    return r;
  }

  private quotient(num: Expr, den: Expr): T {
    const key = `(/ ${structuralKey(num)} ${structuralKey(den)})`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    if (den.kind === 'num') {
      if (den.value.isZero()) throw new SignUnknownError(den);
      const t = this.be.mul([this.be.num(Rational.ONE.div(den.value)), this.term(num)]);
      this.memo.set(key, t);
      return t;
    }
    const sign = this.signOf(den);
    if (sign === undefined) throw new SignUnknownError(den);
    const n = this.term(num);
    const d = this.term(den);
    const q = this.be.fresh();
    this.quotients++;
    this.side.push(this.be.eq(this.be.mul([q, d]), n));
    const denKey = structuralKey(den);
    if (!this.signed.has(denKey)) {
      this.signed.add(denKey);
      this.side.push(sign > 0 ? this.be.gt0(d) : this.be.lt0(d));
    }
    this.memo.set(key, q);
    return q;
  }
}

/** The exponent as a JS integer when it is an exact integer constant. */
function integerExponent(e: Expr): number | undefined {
  let v: Rational | undefined;
  if (e.kind === 'num') v = e.value;
  else if (e.kind === 'neg' && e.arg.kind === 'num') v = e.arg.value.neg();
  if (!v?.isInteger()) return undefined;
  const k = Number(v.num);
  return Number.isSafeInteger(k) ? k : undefined;
}

/**
 * Why `e` cannot be translated regardless of signs (a function, a constant, a
 * non-integer power), or undefined when it is polynomial/rational in shape.
 */
export function nonRationalPart(e: Expr): string | undefined {
  switch (e.kind) {
    case 'num':
    case 'var':
      return undefined;
    case 'const':
      return e.name === 'root' ? undefined : `the constant ${e.name}`;
    case 'call':
      return `${e.fn}(…)`;
    case 'add':
      return firstDefined(e.terms, nonRationalPart);
    case 'mul':
      return firstDefined(e.factors, nonRationalPart);
    case 'neg':
      return nonRationalPart(e.arg);
    case 'div':
      return nonRationalPart(e.num) ?? nonRationalPart(e.den);
    case 'pow': {
      const k = integerExponent(e.exponent);
      if (k === undefined || Math.abs(k) > MAX_EXPONENT) return `the power ${toText(e)}`;
      return nonRationalPart(e.base);
    }
  }
}

function firstDefined<X>(xs: readonly X[], f: (x: X) => string | undefined): string | undefined {
  for (const x of xs) {
    const r = f(x);
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * A sign oracle by interval evaluation of the denominator over the region lo ≤ v ≤ hi
 * (all variables: x then slots). Rigorous: a sign is returned only when the enclosure
 * excludes 0 (and is not NaN).
 */
export function intervalSignOracle(lo: readonly number[], hi: readonly number[]): SignOracle {
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  const cache = new Map<string, 1 | -1 | undefined>();
  return (den) => {
    const key = structuralKey(den);
    if (cache.has(key)) return cache.get(key);
    let s: 1 | -1 | undefined;
    try {
      compileInterval([den]).eval(lo, hi, ol, oh);
      if (ol[0]! > 0) s = 1;
      else if (oh[0]! < 0) s = -1;
    } catch {
      s = undefined;
    }
    cache.set(key, s);
    return s;
  };
}

// ---------------------------------------------------------------- Z3 backend

/** The name of lscert's Z3 context. */
export type Z3Name = 'lscert';
export type Z3Context = Context<Z3Name>;
export type Z3Real = Arith<Z3Name>;
export type Z3Bool = Bool<Z3Name>;

/** Fresh names are unique across backends, so terms of several translations can meet in one solver. */
let freshCounter = 0;

/** A backend building Z3 terms over the given variables (index → term). */
export function z3Backend(Z3: Z3Context, vars: readonly Z3Real[], prefix = 'q'): Backend<Z3Real, Z3Bool> {
  const zero = Z3.Real.val(0);
  return {
    num: (r) => Z3.Real.val({ numerator: r.num, denominator: r.den }),
    variable: (i) => {
      const v = vars[i];
      if (!v) throw new Error(`z3Backend: variable index ${i} has no term`);
      return v;
    },
    add: (ts) => (ts.length === 0 ? zero : ts.length === 1 ? ts[0]! : Z3.Sum(ts[0]!, ...ts.slice(1))),
    mul: (ts) => (ts.length === 0 ? Z3.Real.val(1) : ts.length === 1 ? ts[0]! : Z3.Product(ts[0]!, ...ts.slice(1))),
    neg: (t) => t.neg(),
    fresh: () => Z3.Real.const(`${prefix}!${freshCounter++}`),
    eq: (a, c) => a.eq(c),
    gt0: (t) => t.gt(zero),
    lt0: (t) => t.lt(zero),
  };
}

export type TranslateResult<T, B> =
  | { readonly ok: true; readonly term: T; readonly side: readonly B[] }
  | { readonly ok: false; readonly why: 'not-rational' | 'sign-unknown'; readonly message: string };

/**
 * One expression to a Z3 real term. `vars[i]` is the term of variable i; `signOf` proves
 * denominator signs (e.g. `intervalSignOracle(box lo, box hi)`).
 */
export function toZ3(Z3: Z3Context, e: Expr, vars: readonly Z3Real[], signOf: SignOracle): TranslateResult<Z3Real, Z3Bool> {
  const tr = new Translator(z3Backend(Z3, vars), signOf);
  return attempt(() => tr.term(e), tr);
}

/** Runs a translation, turning the two refusals into a result. */
export function attempt<T, B>(f: () => T, tr: Translator<T, B>): TranslateResult<T, B> {
  try {
    return { ok: true, term: f(), side: tr.side };
  } catch (err) {
    if (err instanceof NotRationalError) return { ok: false, why: 'not-rational', message: err.message };
    if (err instanceof SignUnknownError) return { ok: false, why: 'sign-unknown', message: err.message };
    throw err;
  }
}
