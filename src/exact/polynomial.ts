import { LscertError, TimeLimitReached } from '../errors.js';
import { bitLength, MAX_FOLD_BITS } from '../expr/limits.js';
import { structuralKey } from '../expr/print.js';
import type { Expr } from '../expr/types.js';
import { inverseModulo } from './algebraic.js';
import { Rational } from './rational.js';

/**
 * Exact multivariate polynomials over Q, in the problem's variables y_0, y_1, … (by index),
 * used to prove symbolically that an expression vanishes on a set S = {y : g(y) = 0}
 * (issue [9]: "prove the vanishing facts f(p) = f*, ∇f(p) = 0 … symbolically where they are
 * exact"): e vanishes on S when e ∈ (g), i.e. e = h·g for a polynomial h.
 *
 * A Poly is sparse: a map from the key of an exponent vector to its term. Exponent vectors
 * have their trailing zeros trimmed (the constant monomial is [], key ''), so equal monomials
 * have equal keys; no stored coefficient is zero (the zero polynomial is the empty map).
 * Polys are immutable values: every operation returns a new map.
 *
 * Monomial order: graded lex (total degree first, then the larger exponent of the earliest
 * variable wins: y0 > y1 > …, y0·y1 > y1²).
 */
export interface Term {
  /** Exponent of each variable by index, trailing zeros trimmed. */
  readonly exps: readonly number[];
  /** Non-zero. */
  readonly coeff: Rational;
}
export type Poly = ReadonlyMap<string, Term>;

/** Default limits of polyFromExpr (and of vanishesOn). */
export const POLY_MAX_TERMS = 20_000;
export const POLY_MAX_DEGREE = 64;
/** Most term operations (products of two terms) one multiplication or one division may do. */
export const POLY_MAX_WORK = 2_000_000;

export interface PolyLimits {
  /** Most terms of any intermediate polynomial (default POLY_MAX_TERMS). */
  readonly maxTerms?: number;
  /** Largest total degree of any intermediate polynomial (default POLY_MAX_DEGREE). */
  readonly maxDegree?: number;
  /** Date.now() value past which a conversion or division stops with PolyTimeout (default none). */
  readonly deadline?: number;
}

/**
 * A conversion or division stopped at PolyLimits.deadline: "unknown", never cached as a property
 * of the polynomials (computeGroebner does not catch it, so no basis is remembered as failed).
 */
export class PolyTimeout extends TimeLimitReached {
  constructor() {
    super('polynomial arithmetic stopped at the time limit');
  }
}

/** A division (or a conversion) that would exceed the size limits above. */
export class PolyLimitError extends LscertError {
  constructor(message: string) {
    super('unsupported', message);
  }
}

// ---------------------------------------------------------------------------------------
// Monomials

const keyOf = (exps: readonly number[]): string => exps.join(',');

function trim(exps: number[]): number[] {
  let n = exps.length;
  while (n > 0 && exps[n - 1] === 0) n--;
  exps.length = n;
  return exps;
}

const totalDegree = (exps: readonly number[]): number => exps.reduce((s, e) => s + e, 0);

/** The product of two monomials (the sum of two trimmed vectors is trimmed). */
function mulExps(a: readonly number[], b: readonly number[]): number[] {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice();
  for (let i = 0; i < short.length; i++) out[i]! += short[i]!;
  return out;
}

/** Whether monomial a divides monomial b. */
function divides(a: readonly number[], b: readonly number[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]! > b[i]!) return false;
  return true;
}

/** b / a for a monomial a that divides b. */
function divExps(b: readonly number[], a: readonly number[]): number[] {
  const out = b.slice();
  for (let i = 0; i < a.length; i++) out[i]! -= a[i]!;
  return trim(out);
}

/** Graded lex: negative when a < b, positive when a > b, 0 when equal. */
function cmpGrlex(a: readonly number[], b: readonly number[]): number {
  const d = totalDegree(a) - totalDegree(b);
  if (d !== 0) return d;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const e = (a[i] ?? 0) - (b[i] ?? 0);
    if (e !== 0) return e;
  }
  return 0;
}

/** Adds c·m to a mutable polynomial, dropping a coefficient that cancels to 0. Returns whether m is new. */
function addTerm(p: Map<string, Term>, exps: readonly number[], c: Rational, key = keyOf(exps)): boolean {
  if (c.isZero()) return false;
  const t = p.get(key);
  if (!t) {
    p.set(key, { exps, coeff: c });
    return true;
  }
  const s = t.coeff.add(c);
  if (s.isZero()) p.delete(key);
  else p.set(key, { exps: t.exps, coeff: s });
  return false;
}

// ---------------------------------------------------------------------------------------
// Constructors and arithmetic

export const POLY_ZERO: Poly = new Map();

export function polyConst(c: Rational): Poly {
  return c.isZero() ? POLY_ZERO : new Map([['', { exps: [], coeff: c }]]);
}

/** The variable y_index. */
export function polyVar(index: number): Poly {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`polyVar: bad variable index ${index}`);
  const exps = new Array<number>(index + 1).fill(0);
  exps[index] = 1;
  return new Map([[keyOf(exps), { exps, coeff: Rational.ONE }]]);
}

export const polyIsZero = (p: Poly): boolean => p.size === 0;

/** Total degree; -1 for the zero polynomial. */
export function polyDegree(p: Poly): number {
  let d = -1;
  for (const t of p.values()) d = Math.max(d, totalDegree(t.exps));
  return d;
}

export function polyAdd(a: Poly, b: Poly): Poly {
  const out = new Map(a);
  for (const [k, t] of b) addTerm(out, t.exps, t.coeff, k);
  return out;
}

export function polyNeg(a: Poly): Poly {
  const out = new Map<string, Term>();
  for (const [k, t] of a) out.set(k, { exps: t.exps, coeff: t.coeff.neg() });
  return out;
}

export function polySub(a: Poly, b: Poly): Poly {
  const out = new Map(a);
  for (const [k, t] of b) addTerm(out, t.exps, t.coeff.neg(), k);
  return out;
}

/** c·a for a rational c. */
export function polyScale(a: Poly, c: Rational): Poly {
  if (c.isZero()) return POLY_ZERO;
  const out = new Map<string, Term>();
  for (const [k, t] of a) out.set(k, { exps: t.exps, coeff: t.coeff.mul(c) });
  return out;
}

/** The exact product (no limits; polyFromExpr multiplies under its limits). */
export function polyMul(a: Poly, b: Poly): Poly {
  return mulLimited(a, b, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY) as Poly;
}

/** a·b, or null when the product would pass the limits (its degree, its terms, or the work). */
function mulLimited(a: Poly, b: Poly, maxTerms: number, maxWork: number): Poly | null {
  if (a.size * b.size > maxWork) return null;
  const out = new Map<string, Term>();
  for (const s of a.values()) {
    for (const t of b.values()) {
      addTerm(out, mulExps(s.exps, t.exps), s.coeff.mul(t.coeff));
      if (out.size > maxTerms) return null;
    }
  }
  return out;
}

export function polyEquals(a: Poly, b: Poly): boolean {
  if (a.size !== b.size) return false;
  for (const [k, t] of a) {
    const u = b.get(k);
    if (!u?.coeff.equals(t.coeff)) return false;
  }
  return true;
}

/** The exact value at a rational point (point[i] is y_i; every variable of p must be given). */
export function polyEvaluate(p: Poly, point: readonly Rational[]): Rational {
  let sum = Rational.ZERO;
  for (const t of p.values()) {
    let v = t.coeff;
    t.exps.forEach((e, i) => {
      if (e === 0) return;
      const y = point[i];
      if (!y) throw new RangeError(`polyEvaluate: no value for variable ${i}`);
      v = v.mul(y.pow(e));
    });
    sum = sum.add(v);
  }
  return sum;
}

/** The terms in decreasing graded-lex order. */
export function polyTerms(p: Poly): Term[] {
  return [...p.values()].sort((s, t) => cmpGrlex(t.exps, s.exps));
}

/** The leading term in graded-lex order; undefined for the zero polynomial. */
export function polyLeadingTerm(p: Poly): Term | undefined {
  let best: Term | undefined;
  for (const t of p.values()) if (!best || cmpGrlex(t.exps, best.exps) > 0) best = t;
  return best;
}

/** For messages: "2*x^2*y - 1/3", terms in decreasing graded-lex order; variable i is names[i] (default y<i>). */
export function polyToString(p: Poly, names: readonly string[] = []): string {
  if (p.size === 0) return '0';
  let out = '';
  for (const t of polyTerms(p)) {
    const mono = t.exps.flatMap((e, i) => (e === 0 ? [] : [`${names[i] ?? `y${i}`}${e > 1 ? `^${e}` : ''}`])).join('*');
    const a = t.coeff.abs();
    const body = mono === '' ? a.toString() : a.isOne() ? mono : `${a}*${mono}`;
    const neg = t.coeff.sign() < 0;
    out += out === '' ? (neg ? `-${body}` : body) : neg ? ` - ${body}` : ` + ${body}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// From expressions

/**
 * The polynomial an expression is, or null when it is not one (or is over the limits).
 * Supported: rational numbers, variables, sums, products, negation, division by a non-zero
 * rational constant, and integer powers ≥ 0 whose exponent is a rational integer constant
 * (any constant sub-expression: x^(2*3)); a non-zero constant base may also have a negative
 * exponent. Everything else is null: the constants pi and e, every function call (sqrt, exp,
 * abs, …), division by a non-constant (even an exact one: (x²−1)/(x−1) is undefined at 1),
 * non-integer powers. Every supported expression is defined everywhere, and equals the
 * returned polynomial at every point.
 *
 * Null also when an intermediate result has more than maxTerms terms or a total degree above
 * maxDegree, or a product would take more than POLY_MAX_WORK term products.
 */
/**
 * Algebraic constants as extra variables: sqrt(c) of a positive rational c, and root(p, t, lo,
 * hi), become variables t (index `base`, `base` + 1, …) recorded here with a polynomial that
 * vanishes at their value (t² − c, resp. p), which the caller adds to an ideal (vanishesOn).
 * Only polynomial identities in t are then derived, and each holds with the constant's value
 * substituted for t: a statement "in the ideal" stays true over Q(√c), resp. Q(root).
 */
export interface Radicals {
  readonly base: number;
  /** Constant's identity → its variable and the coefficients (low degree first) of a polynomial that vanishes at it. */
  readonly byValue: Map<string, { index: number; vanishing: readonly Rational[] }>;
}

export function polyFromExpr(e: Expr, limits: PolyLimits = {}, radicals?: Radicals): Poly | null {
  const maxTerms = limits.maxTerms ?? POLY_MAX_TERMS;
  const maxDegree = limits.maxDegree ?? POLY_MAX_DEGREE;
  // Derivatives share subtrees: each distinct node is converted once.
  const memo = new Map<Expr, Poly | null>();
  const ok = (p: Poly | null): Poly | null => (p && p.size <= maxTerms && polyDegree(p) <= maxDegree ? p : null);
  const mul = (a: Poly, b: Poly): Poly | null => {
    if (polyDegree(a) + polyDegree(b) > maxDegree) return null;
    return ok(mulLimited(a, b, maxTerms, POLY_MAX_WORK));
  };
  const constantOf = (p: Poly): Rational | undefined => (p.size === 0 ? Rational.ZERO : p.size === 1 ? p.get('')?.coeff : undefined);

  const power = (base: Poly, k: bigint): Poly | null => {
    const c = constantOf(base);
    if (c) {
      // A rational constant: c^k, within the folding limit of the smart constructors.
      if (c.isZero()) return k > 0n ? POLY_ZERO : k === 0n ? polyConst(Rational.ONE) : null;
      if (c.abs().isOne()) return polyConst(k % 2n === 0n ? Rational.ONE : c);
      const bits = BigInt(Math.max(bitLength(c.num), bitLength(c.den)));
      if ((k < 0n ? -k : k) * bits > BigInt(MAX_FOLD_BITS)) return null;
      return polyConst(c.pow(Number(k)));
    }
    if (k < 0n || k * BigInt(polyDegree(base)) > BigInt(maxDegree)) return null;
    let result: Poly = polyConst(Rational.ONE);
    let sq = base;
    for (let n = Number(k); n > 0; n >>= 1) {
      if (n & 1) {
        const r = mul(result, sq);
        if (!r) return null;
        result = r;
      }
      if (n > 1) {
        const s = mul(sq, sq);
        if (!s) return null;
        sq = s;
      }
    }
    return result;
  };

  const conv = (x: Expr): Poly | null => {
    const hit = memo.get(x);
    if (hit !== undefined) return hit;
    const p = convUncached(x);
    memo.set(x, p);
    return p;
  };

  const convUncached = (x: Expr): Poly | null => {
    switch (x.kind) {
      case 'num':
        return polyConst(x.value);
      case 'var':
        return ok(polyVar(x.index));
      case 'const': {
        if (!radicals || x.name !== 'root') return null;
        const key = `root:${x.root.key}`;
        let r = radicals.byValue.get(key);
        if (!r) {
          r = { index: radicals.base + radicals.byValue.size, vanishing: x.root.coeffs };
          radicals.byValue.set(key, r);
        }
        return ok(polyVar(r.index));
      }
      case 'call': {
        if (!radicals || x.fn !== 'sqrt' || x.args.length !== 1) return null;
        const a = conv(x.args[0]!);
        const c = a && constantOf(a);
        if (!c || c.sign() <= 0) return null;
        // a rational square: its positive root, exactly (t² − c would also admit −√c)
        const rn = isqrt(c.num);
        const rd = isqrt(c.den);
        if (rn * rn === c.num && rd * rd === c.den) return polyConst(Rational.of(rn, rd));
        const key = `sqrt:${c}`;
        let r = radicals.byValue.get(key);
        if (!r) {
          r = { index: radicals.base + radicals.byValue.size, vanishing: [c.neg(), Rational.ZERO, Rational.ONE] };
          radicals.byValue.set(key, r);
        }
        return ok(polyVar(r.index));
      }
      case 'neg': {
        const a = conv(x.arg);
        return a && polyNeg(a);
      }
      case 'add': {
        const acc = new Map<string, Term>();
        for (const [k, t] of x.terms.entries()) {
          // a sum of 20 000 terms (f of a large problem) reads the clock every 256 of them
          if ((k & 255) === 255 && limits.deadline !== undefined && Date.now() > limits.deadline) throw new PolyTimeout();
          const p = conv(t);
          if (!p) return null;
          for (const [k, u] of p) addTerm(acc, u.exps, u.coeff, k);
          if (acc.size > maxTerms) return null;
        }
        return acc;
      }
      case 'mul': {
        let acc: Poly = polyConst(Rational.ONE);
        for (const f of x.factors) {
          const p = conv(f);
          const m = p && mul(acc, p);
          if (!m) return null;
          acc = m;
        }
        return acc;
      }
      case 'div': {
        const n = conv(x.num);
        const d = conv(x.den);
        if (!n || !d) return null;
        const c = constantOf(d);
        if (c) return c.isZero() ? null : polyScale(n, Rational.ONE.div(c));
        if (!radicals) return null;
        const rad = [...radicals.byValue.values()];
        // a polynomial q(t) in one algebraic constant t with vanishing polynomial p: when gcd(q, p) = 1,
        // q(t) ≠ 0 and 1/q(t) = s(t) with s·q ≡ 1 (mod p) (inverseModulo)
        const used = new Set([...d.values()].flatMap((t) => t.exps.flatMap((ex, i) => (ex > 0 ? [i] : []))));
        const only = used.size === 1 ? rad.find((r) => used.has(r.index)) : undefined;
        if (only) {
          const coeffs: Rational[] = [];
          for (const t of d.values()) {
            const k = t.exps[only.index] ?? 0;
            while (coeffs.length <= k) coeffs.push(Rational.ZERO);
            coeffs[k] = t.coeff;
          }
          const inv = inverseModulo(coeffs, only.vanishing);
          return inv ? mul(n, univariate(inv, only.index)) : null;
        }
        // q·t_1⋯t_k with square-root variables t_i (t_i² = c_i > 0): n / (q·Πt_i) = n·Πt_i / (q·Πc_i)
        if (d.size !== 1) return null;
        const [t] = d.values() as IterableIterator<Term>;
        let scale = t!.coeff;
        for (const [i, ex] of t!.exps.entries()) {
          if (ex === 0) continue;
          const r = rad.find((q) => q.index === i);
          const v = r?.vanishing;
          // only t² − c: vanishing = [−c, 0, 1]
          if (!v || ex !== 1 || v.length !== 3 || !v[1]!.isZero() || !v[2]!.isOne()) return null;
          scale = scale.mul(v[0]!.neg());
        }
        const num = mul(n, new Map([[keyOf(t!.exps), { exps: t!.exps, coeff: Rational.ONE }]]));
        return num && polyScale(num, Rational.ONE.div(scale));
      }
      case 'pow': {
        const base = conv(x.base);
        const ex = conv(x.exponent);
        const k = ex && constantOf(ex);
        if (!base || !k?.isInteger()) return null;
        return power(base, k.num);
      }
    }
  };

  return conv(e);
}

// ---------------------------------------------------------------------------------------
// Division and ideal membership

/** A minimal binary max-heap of monomials in graded-lex order. */
class MonomialHeap {
  private readonly items: (readonly number[])[] = [];
  get size(): number {
    return this.items.length;
  }
  push(m: readonly number[]): void {
    const a = this.items;
    a.push(m);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cmpGrlex(a[i]!, a[parent]!) <= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): readonly number[] | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && cmpGrlex(a[l]!, a[m]!) > 0) m = l;
        if (r < a.length && cmpGrlex(a[r]!, a[m]!) > 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Multivariate division with remainder by one polynomial in graded-lex order: f = q·g + r,
 * where no term of r is divisible by the leading monomial of g. Throws RangeError when g is
 * zero, and PolyLimitError when the running dividend and the remainder together pass
 * maxTerms (default POLY_MAX_TERMS) terms or the division passes POLY_MAX_WORK term operations.
 */
export function divideByOne(f: Poly, g: Poly, limits: Pick<PolyLimits, 'maxTerms'> = {}): { quotient: Poly; remainder: Poly } {
  if (polyIsZero(g)) throw new RangeError('divideByOne: division by the zero polynomial');
  const { quotients, remainder } = divideBySet(f, [g], limits);
  return { quotient: quotients[0]!, remainder };
}

/**
 * The division algorithm (graded lex) by non-zero divisors gs: f = Σ q_k·g_k + r, no term of r
 * divisible by any LM(g_k). Each step cancels the leading term of the running dividend with the
 * first g_k whose LM divides it, or moves that term to r. `budget`, when given, is shared by
 * several divisions (the Gröbner basis). Limits as in divideByOne.
 */
function divideBySet(
  f: Poly,
  gs: readonly Poly[],
  limits: Pick<PolyLimits, 'maxTerms' | 'deadline'>,
  budget?: { left: number },
): { quotients: Map<string, Term>[]; remainder: Poly } {
  const deadline = limits.deadline;
  let steps = 0;
  const divs = gs.map((g) => {
    const lt = polyLeadingTerm(g)!;
    return { lt, rest: [...g.values()].filter((t) => t !== lt), quotient: new Map<string, Term>() };
  });
  const maxTerms = limits.maxTerms ?? POLY_MAX_TERMS;
  const p = new Map(f);
  const heap = new MonomialHeap();
  for (const t of p.values()) heap.push(t.exps);
  const remainder = new Map<string, Term>();
  let work = 0;
  // Each step removes the leading term of p; the terms it adds are all below it (the order
  // is multiplicative), so the popped monomials decrease strictly and a key popped again is
  // a stale duplicate, already gone from p.
  while (heap.size > 0) {
    const m = heap.pop()!;
    const key = keyOf(m);
    const t = p.get(key);
    if (!t) continue;
    p.delete(key);
    const d = divs.find((x) => divides(x.lt.exps, m));
    if (!d) {
      remainder.set(key, t);
      continue;
    }
    if (deadline !== undefined && (++steps & 255) === 0 && Date.now() > deadline) throw new PolyTimeout();
    const qe = divExps(m, d.lt.exps);
    const qc = t.coeff.div(d.lt.coeff);
    addTerm(d.quotient, qe, qc);
    work += d.rest.length + 1;
    if (work > POLY_MAX_WORK) throw new PolyLimitError(`polynomial division needs more than ${POLY_MAX_WORK} term operations`);
    if (budget) {
      budget.left -= d.rest.length + 1;
      if (budget.left < 0) throw new PolyLimitError('Gröbner basis: the work budget is spent');
    }
    for (const r of d.rest) {
      const e = mulExps(r.exps, qe);
      if (addTerm(p, e, r.coeff.mul(qc).neg())) heap.push(e);
    }
    if (p.size + remainder.size > maxTerms) throw new PolyLimitError(`polynomial division: the dividend and remainder grow past ${maxTerms} terms`);
  }
  return { quotients: divs.map((x) => x.quotient), remainder };
}

/**
 * Whether f ∈ (g), the ideal of Q[y] generated by g ≠ 0 (RangeError for g = 0).
 *
 * {g} is a Gröbner basis of the principal ideal (g) (its only S-polynomial, S(g, g), is 0),
 * so f ∈ (g) iff the remainder of f on division by g is 0. Directly: f − q·g = r, and if
 * f ∈ (g) then r = h·g ∈ (g); were r ≠ 0, its leading monomial LM(h)·LM(g) would be
 * divisible by LM(g), which no term of a remainder is.
 */
export function inPrincipalIdeal(f: Poly, g: Poly, limits: Pick<PolyLimits, 'maxTerms' | 'deadline'> = {}): boolean {
  if (polyIsZero(g)) throw new RangeError('inPrincipalIdeal: the generator is the zero polynomial');
  return polyIsZero(divideByOne(f, g, limits).remainder);
}

/**
 * The remainder of f on division by the list gs (graded lex): f = Σ q_k·g_k + r, where no term
 * of r is divisible by any leading monomial LM(g_k). Each step cancels the leading term of the
 * running dividend with the first g_k whose LM divides it, or moves that term to r. Zero
 * divisors are skipped. Throws PolyLimitError past the limits of divideByOne.
 */
export function remainderBySet(f: Poly, gs: readonly Poly[], limits: Pick<PolyLimits, 'maxTerms' | 'deadline'> = {}, budget?: { left: number }): Poly {
  return divideBySet(
    f,
    gs.filter((g) => !polyIsZero(g)),
    limits,
    budget,
  ).remainder;
}

/** Most polynomials in a Gröbner basis, most S-polynomials reduced, and most term operations in all its divisions, before groebnerBasis gives up. */
export const GROEBNER_MAX_BASIS = 64;
export const GROEBNER_MAX_PAIRS = 2_000;
export const GROEBNER_MAX_WORK = 500_000;

/** lcm of two monomials. */
function lcmExps(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return trim(Array.from({ length: n }, (_, i) => Math.max(a[i] ?? 0, b[i] ?? 0)));
}

/** c·m·p for a monomial m. */
function mulTerm(p: Poly, exps: readonly number[], c: Rational): Poly {
  const out = new Map<string, Term>();
  for (const t of p.values()) addTerm(out, mulExps(t.exps, exps), t.coeff.mul(c));
  return out;
}

/**
 * A Gröbner basis (graded lex) of the ideal generated by gs, by Buchberger's algorithm with
 * his first criterion (a pair whose leading monomials are coprime reduces to 0 and is skipped);
 * every element is monic. Every element is in the ideal (a generator, or an S-polynomial of two
 * elements reduced by elements), which is all a proof of membership needs; the Gröbner
 * property only makes the membership test complete. Null when the basis would pass
 * GROEBNER_MAX_BASIS elements, GROEBNER_MAX_PAIRS pairs or GROEBNER_MAX_WORK term operations
 * in all, or a division passes the limits. Results are memoised per generator list.
 */
export function groebnerBasis(gs: readonly Poly[], limits: Pick<PolyLimits, 'maxTerms'> = {}): Poly[] | null {
  // The same equations are asked about many times (each fact of each residual): compute once.
  const key = `${limits.maxTerms ?? POLY_MAX_TERMS}|${gs.map((g) => polyToString(g)).join(';')}`;
  if (BASES.has(key)) return BASES.get(key)!;
  const G = computeGroebner(gs, limits);
  if (BASES.size >= 64) BASES.clear();
  BASES.set(key, G);
  return G;
}

const BASES = new Map<string, Poly[] | null>();

function computeGroebner(gs: readonly Poly[], limits: Pick<PolyLimits, 'maxTerms' | 'deadline'>): Poly[] | null {
  const budget = { left: GROEBNER_MAX_WORK };
  const monic = (g: Poly) => polyScale(g, Rational.ONE.div(polyLeadingTerm(g)!.coeff));
  const G: Poly[] = gs.filter((g) => !polyIsZero(g)).map(monic);
  const pairs: [number, number][] = [];
  for (let j = 1; j < G.length; j++) for (let i = 0; i < j; i++) pairs.push([i, j]);
  let done = 0;
  try {
    while (pairs.length > 0) {
      if (++done > GROEBNER_MAX_PAIRS) return null;
      const [i, j] = pairs.shift()!;
      const a = polyLeadingTerm(G[i]!)!;
      const b = polyLeadingTerm(G[j]!)!;
      const l = lcmExps(a.exps, b.exps);
      if (totalDegree(l) === totalDegree(a.exps) + totalDegree(b.exps)) continue; // coprime: reduces to 0
      // S(g_i, g_j) = (l / LM(g_i))·g_i − (l / LM(g_j))·g_j (both monic)
      const sp = polySub(mulTerm(G[i]!, divExps(l, a.exps), Rational.ONE), mulTerm(G[j]!, divExps(l, b.exps), Rational.ONE));
      const r = remainderBySet(sp, G, limits, budget);
      if (polyIsZero(r)) continue;
      if (G.length >= GROEBNER_MAX_BASIS) return null;
      G.push(monic(r));
      for (let k = 0; k < G.length - 1; k++) pairs.push([k, G.length - 1]);
    }
  } catch (err) {
    if (err instanceof PolyLimitError) return null;
    throw err;
  }
  return G;
}

/** ⌊√n⌋ for n ≥ 0 (Newton's method on bigints, from above: the iterates decrease to the root). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) >> 1n;
  while (y < x) {
    x = y;
    y = (x + n / x) >> 1n;
  }
  return x;
}

/** The largest variable index in e (−1 when none). */
function maxVarIndex(e: Expr): number {
  switch (e.kind) {
    case 'var':
      return e.index;
    case 'num':
    case 'const':
      return -1;
    case 'neg':
      return maxVarIndex(e.arg);
    case 'add':
      return e.terms.reduce((m, t) => Math.max(m, maxVarIndex(t)), -1);
    case 'mul':
      return e.factors.reduce((m, t) => Math.max(m, maxVarIndex(t)), -1);
    case 'div':
      return Math.max(maxVarIndex(e.num), maxVarIndex(e.den));
    case 'pow':
      return Math.max(maxVarIndex(e.base), maxVarIndex(e.exponent));
    case 'call':
      return e.args.reduce((m, t) => Math.max(m, maxVarIndex(t)), -1);
  }
}

/** Σ coeffs[k] y_index^k. */
function univariate(coeffs: readonly Rational[], index: number): Poly {
  let p: Poly = POLY_ZERO;
  let power: Poly = polyConst(Rational.ONE);
  const y = polyVar(index);
  for (let k = 0; k < coeffs.length; k++) {
    if (!coeffs[k]!.isZero()) p = polyAdd(p, polyScale(power, coeffs[k]!));
    if (k + 1 < coeffs.length) power = polyMul(power, y);
  }
  return p;
}

/**
 * Whether e is provably in the ideal (g_1, …, g_m) generated by gs, so that e vanishes on
 * S = {y : g_1(y) = … = g_m(y) = 0} (true is a proof: a zero remainder on division by
 * elements of the ideal writes e as a combination of them). One generator: division by it (a
 * principal ideal's generator is a Gröbner basis). Several: division by a Gröbner basis of the
 * polynomial generators (groebnerBasis), which decides membership in their ideal. Square
 * roots of positive rationals (sqrt(157/20), also as a divisor) are variables t with t² − c
 * added to the ideal (Radicals), so equations with such constants are handled exactly.
 *
 * false means only "not in the ideal", which does NOT mean that e fails to vanish on the real
 * set S (x vanishes on {x² = 0} and on {x² + y² = 0}, yet lies in neither ideal). null when e
 * is not a polynomial, when a generator is not one and the others do not prove it (the ideal
 * of the polynomial generators alone is smaller, so membership in it still proves vanishing
 * on S), or when a division or the basis passes the limits.
 */
export function vanishesOn(e: Expr, gs: readonly Expr[], limits: PolyLimits = {}): boolean | null {
  try {
    const plain = vanishesOnPolynomial(e, gs, limits);
    if (plain === true) return true;
    // Not a polynomial identity: the same test on numerators, with square roots and other functions as variables.
    return vanishesOnFractions(e, gs, limits) === true ? true : plain;
  } catch (err) {
    // Past limits.deadline: unknown (a product of large powers took 2.7 s in the fraction route).
    if (err instanceof PolyTimeout) return null;
    throw err;
  }
}

function vanishesOnPolynomial(e: Expr, gs: readonly Expr[], limits: PolyLimits): boolean | null {
  // sqrt(c) of a rational c > 0 becomes a variable t beyond every variable used, with t² − c in the ideal
  const radicals: Radicals = { base: 1 + gs.reduce((m, g) => Math.max(m, maxVarIndex(g)), maxVarIndex(e)), byValue: new Map() };
  const f = polyFromExpr(e, limits, radicals);
  if (!f) return null;
  if (polyIsZero(f)) return true;
  const polys = gs.map((g) => polyFromExpr(g, limits, radicals));
  for (const r of radicals.byValue.values()) polys.push(univariate(r.vanishing, r.index));
  return inIdeal(f, polys, limits);
}

/**
 * Whether f is provably in the ideal of the polynomials `polys` (null entries: generators that
 * could not be converted; leaving them out makes the ideal smaller, so membership still proves
 * vanishing, and "not in the ideal" becomes "unknown").
 */
function inIdeal(f: Poly, polys: readonly (Poly | null)[], limits: PolyLimits): boolean | null {
  const known = polys.filter((g): g is Poly => g !== null && !polyIsZero(g)); // (0) adds nothing
  const unknown = known.length + polys.filter((g) => g !== null && polyIsZero(g)).length < polys.length;
  if (known.length === 0) return unknown ? null : false;
  try {
    if (known.length === 1) {
      if (inPrincipalIdeal(f, known[0]!, limits)) return true;
      return unknown ? null : false;
    }
    // a single generator may already prove it without a basis
    for (const g of known) if (inPrincipalIdeal(f, g, limits)) return true;
    const G = groebnerBasis(known, limits);
    if (!G) return null;
    if (polyIsZero(remainderBySet(f, G, limits))) return true;
    return unknown ? null : false;
  } catch (err) {
    if (!(err instanceof PolyLimitError)) throw err;
    return null;
  }
}

/** A rational function n/d; d is the product of the expression's denominators as written. */
interface Frac {
  readonly n: Poly;
  readonly d: Poly;
}

/**
 * vanishesOn for expressions that are not polynomials (S given by y = sqrt(x), exp, division by
 * the variables). Every expression becomes a fraction N/D of polynomials in the variables and in
 * extra variables:
 * - sqrt(a) with a = n/d not a constant: a variable t with d·t² − n in the ideal (at every point
 *   where sqrt(a) is defined, t = sqrt(a) satisfies it; so does −sqrt(a), which only makes the
 *   claim stronger); sqrt of a positive rational and algebraic constants as in polyFromExpr;
 * - every other call, and a power with an exponent that is not an integer: a variable with no
 *   relation (a proof then holds for every value of it, the true one included); equal calls (by
 *   structuralKey) are one variable;
 * - D is the product of the denominators met (a/b + c/d = (ad + bc)/(bd), a power with a negative
 *   integer exponent puts its base's numerator in D), so D ≠ 0 wherever the expression is defined.
 * A generator g = N_g/D_g vanishes on S, so N_g does there (D_g ≠ 0 where g is defined). Then
 * N_e in the ideal of the N_g and the relations proves N_e = 0 at every point of S where the
 * extra variables take their true values, and e = N_e/D_e = 0 wherever e is defined on S.
 * A denominator that is the zero polynomial (e undefined everywhere) proves nothing (null).
 */
function vanishesOnFractions(e: Expr, gs: readonly Expr[], limits: PolyLimits): boolean | null {
  const maxTerms = limits.maxTerms ?? POLY_MAX_TERMS;
  const maxDegree = limits.maxDegree ?? POLY_MAX_DEGREE;
  let next = 1 + gs.reduce((m, g) => Math.max(m, maxVarIndex(g)), maxVarIndex(e));
  const atoms = new Map<string, number>();
  const relations: Poly[] = [];
  const ONE = polyConst(Rational.ONE);
  const ok = (p: Poly | null): Poly | null => (p && p.size <= maxTerms && polyDegree(p) <= maxDegree ? p : null);
  const mul = (a: Poly, b: Poly): Poly | null => (polyDegree(a) + polyDegree(b) > maxDegree ? null : ok(mulLimited(a, b, maxTerms, POLY_MAX_WORK)));
  const add = (a: Poly, b: Poly): Poly | null => ok(polyAdd(a, b));
  const isOne = (p: Poly) => p.size === 1 && p.get('')?.coeff.isOne() === true;
  const samePoly = (a: Poly, b: Poly) => a.size === b.size && [...a].every(([k, t]) => b.get(k)?.coeff.equals(t.coeff) === true);
  const constantOf = (p: Poly): Rational | undefined => (p.size === 0 ? Rational.ZERO : p.size === 1 ? p.get('')?.coeff : undefined);
  const variable = (key: string, relation?: (t: Poly) => Poly | null): Poly | null => {
    let i = atoms.get(key);
    if (i === undefined) {
      i = next++;
      atoms.set(key, i);
      if (relation) {
        const r = relation(polyVar(i));
        if (!r) return null;
        relations.push(r);
      }
    }
    return ok(polyVar(i));
  };
  const memo = new Map<Expr, Frac | null>();
  const whole = (p: Poly | null): Frac | null => (p ? { n: p, d: ONE } : null);
  const conv = (x: Expr): Frac | null => {
    const hit = memo.get(x);
    if (hit !== undefined) return hit;
    if (limits.deadline !== undefined && Date.now() > limits.deadline) throw new PolyTimeout();
    const c = convUncached(x);
    // A denominator that is the zero polynomial anywhere (x/(1/(y − y)), sqrt(1/0)): that part is
    // undefined everywhere, and carrying on would move the 0 into a numerator (x·0) or into a
    // relation (0·t² − c puts a constant in the ideal); nothing is proved from it.
    const r = c && polyIsZero(c.d) ? null : c;
    memo.set(x, r);
    return r;
  };
  // Equal calls (structuralKey, the project's tree key) are one variable.
  const atom = (x: Expr): Frac | null => whole(variable(structuralKey(x)));
  const convUncached = (x: Expr): Frac | null => {
    switch (x.kind) {
      case 'num':
        return whole(polyConst(x.value));
      case 'var':
        return whole(ok(polyVar(x.index)));
      case 'const':
        if (x.name !== 'root') return atom(x);
        return whole(variable(`root:${x.root.key}`, (t) => ok(univariateIn(x.root.coeffs, t))));
      case 'neg': {
        const a = conv(x.arg);
        return a && { n: polyNeg(a.n), d: a.d };
      }
      case 'add': {
        let acc: Frac = { n: POLY_ZERO, d: ONE };
        for (const term of x.terms) {
          const t = conv(term);
          if (!t) return null;
          if (samePoly(acc.d, t.d)) {
            const n = add(acc.n, t.n);
            if (!n) return null;
            acc = { n, d: acc.d };
            continue;
          }
          const l = mul(acc.n, t.d);
          const r = mul(t.n, acc.d);
          const n = l && r && add(l, r);
          const d = mul(acc.d, t.d);
          if (!n || !d) return null;
          acc = { n, d };
        }
        return acc;
      }
      case 'mul': {
        let acc: Frac = { n: ONE, d: ONE };
        for (const factor of x.factors) {
          const f = conv(factor);
          const n = f && mul(acc.n, f.n);
          const d = f && (isOne(f.d) ? acc.d : mul(acc.d, f.d));
          if (!n || !d) return null;
          acc = { n, d };
        }
        return acc;
      }
      case 'div': {
        const a = conv(x.num);
        const b = conv(x.den);
        if (!a || !b) return null;
        const n = mul(a.n, b.d);
        const d = mul(a.d, b.n);
        return n && d ? { n, d } : null;
      }
      case 'pow': {
        const ex = conv(x.exponent);
        const k = ex && isOne(ex.d) ? constantOf(ex.n) : undefined;
        if (!k?.isInteger()) return atom(x);
        const base = conv(x.base);
        if (!base) return null;
        const m = k.num < 0n ? -k.num : k.num;
        if (m * BigInt(Math.max(1, polyDegree(base.n), polyDegree(base.d))) > BigInt(maxDegree)) return null;
        let n = ONE;
        let d = ONE;
        for (let i = 0n; i < m; i++) {
          if (limits.deadline !== undefined && Date.now() > limits.deadline) throw new PolyTimeout();
          const nn = mul(n, base.n);
          const dd = mul(d, base.d);
          if (!nn || !dd) return null;
          n = nn;
          d = dd;
        }
        return k.num < 0n ? { n: d, d: n } : { n, d };
      }
      case 'call': {
        if (x.fn !== 'sqrt' || x.args.length !== 1) return atom(x);
        const a = conv(x.args[0]!);
        if (!a) return null;
        const ca = constantOf(a.n);
        const cd = constantOf(a.d);
        if (ca !== undefined && cd !== undefined && !cd.isZero()) {
          // sqrt of a rational: exact when a square, else a variable t with t² − c (c > 0)
          const c = ca.div(cd);
          if (c.sign() < 0) return null;
          if (c.isZero()) return whole(POLY_ZERO);
          const rn = isqrt(c.num);
          const rd = isqrt(c.den);
          if (rn * rn === c.num && rd * rd === c.den) return whole(polyConst(Rational.of(rn, rd)));
          return whole(variable(`sqrt:${c}`, (t) => ok(univariateIn([c.neg(), Rational.ZERO, Rational.ONE], t))));
        }
        // t = sqrt(n/d): d·t² − n = 0
        return whole(
          variable(structuralKey(x), (t) => {
            const t2 = mul(t, t);
            const dt2 = t2 && mul(a.d, t2);
            return dt2 && ok(polySub(dt2, a.n));
          }),
        );
      }
    }
  };
  const fe = conv(e);
  if (!fe || polyIsZero(fe.d)) return null;
  if (polyIsZero(fe.n)) return true;
  const polys = gs.map((g) => {
    const fg = conv(g);
    return fg && !polyIsZero(fg.d) ? fg.n : null;
  });
  return inIdeal(fe.n, [...polys, ...relations], limits);
}

/** Σ coeffs[k]·t^k for a polynomial t (the vanishing polynomial of an algebraic constant at its variable). */
function univariateIn(coeffs: readonly Rational[], t: Poly): Poly {
  let p: Poly = POLY_ZERO;
  let power: Poly = polyConst(Rational.ONE);
  for (let k = 0; k < coeffs.length; k++) {
    if (!coeffs[k]!.isZero()) p = polyAdd(p, polyScale(power, coeffs[k]!));
    if (k + 1 < coeffs.length) power = polyMul(power, t);
  }
  return p;
}
