import { Rational } from '../exact/rational.js';
import { build as b, simplify, structuralKey, toLatex, type Expr } from '../expr/index.js';

/**
 * Display forms of expressions for the report's typeset math. Every rewrite here is an exact
 * identity wherever the input is defined; nothing here feeds a computation (the engine and the
 * certificates use their own trees): these functions only choose how a formula is printed.
 */

/** Factor order in a printed product: numbers, then variables and their powers, then calls, then sums and fractions. */
function rank(f: Expr): number {
  const base = f.kind === 'pow' ? f.base : f;
  switch (base.kind) {
    case 'num':
      return 0;
    case 'var':
    case 'const':
      return 1;
    case 'call':
      return 2;
    case 'div':
      return 4;
    default:
      return 3;
  }
}

/** A term printed with a leading minus sign. */
const isNegative = (t: Expr): boolean =>
  t.kind === 'neg' || (t.kind === 'num' && t.value.sign() < 0) || (t.kind === 'mul' && t.factors[0]?.kind === 'num' && t.factors[0].value.sign() < 0);

/** −e, folding the sign into a number, a double negation or a product's coefficient. */
function negate(e: Expr): Expr {
  if (e.kind === 'num') return b.num(e.value.neg());
  if (e.kind === 'neg') return e.arg;
  if (e.kind === 'mul' && e.factors[0]?.kind === 'num') {
    const c = e.factors[0].value.neg();
    return c.isOne() ? b.mul(...e.factors.slice(1)) : b.mul(b.num(c), ...e.factors.slice(1));
  }
  return b.neg(e);
}

/** An integer exponent of a power (1 for anything that is not a power with an integer exponent). */
const intExponent = (f: Expr): { base: Expr; k: Rational } | null => {
  if (f.kind === 'pow') return f.exponent.kind === 'num' && f.exponent.value.isInteger() ? { base: f.base, k: f.exponent.value } : null;
  return { base: f, k: Rational.ONE };
};

/**
 * A tidier equal expression for printing: numeric factors of a product multiplied into one
 * leading coefficient, signs pulled out of products and numerators, equal factors merged into
 * integer powers (x·x → x²), factors ordered number, variables, calls, sums; double negations
 * removed. Exact: each step is an identity of real arithmetic.
 */
export function tidy(e: Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'const':
    case 'var':
      return e;
    case 'neg':
      return negate(tidy(e.arg));
    case 'add': {
      // A sum reads better led by a positive term: −x + y → y − x (commutativity).
      const terms = b.add(...e.terms.map(tidy));
      if (terms.kind !== 'add' || !isNegative(terms.terms[0]!)) return terms;
      const j = terms.terms.findIndex((t) => !isNegative(t));
      return j < 0 ? terms : b.add(terms.terms[j]!, ...terms.terms.filter((_, k) => k !== j));
    }
    case 'pow':
      return b.pow(tidy(e.base), tidy(e.exponent));
    case 'call':
      return b.call(e.fn, ...e.args.map(tidy));
    case 'div': {
      const n = tidy(e.num);
      const d = tidy(e.den);
      // (−a)/d → −(a/d); (c·a)/d keeps c in the numerator.
      if (n.kind === 'neg') return b.neg(b.div(n.arg, d));
      if (n.kind === 'num' && n.value.sign() < 0) return b.neg(b.div(b.num(n.value.neg()), d));
      if (n.kind === 'mul' && n.factors[0]?.kind === 'num' && n.factors[0].value.sign() < 0) return b.neg(b.div(negate(n), d));
      return b.div(n, d);
    }
    case 'mul': {
      let c = Rational.ONE;
      const merged = new Map<string, { base: Expr; k: Rational; order: number }>();
      const others: { f: Expr; order: number }[] = [];
      let order = 0;
      const visit = (f: Expr) => {
        if (f.kind === 'mul') return f.factors.forEach(visit);
        if (f.kind === 'num') {
          c = c.mul(f.value);
          return;
        }
        if (f.kind === 'neg') {
          c = c.neg();
          return visit(f.arg);
        }
        if (f.kind === 'div' && f.num.kind === 'neg') {
          c = c.neg();
          return visit(b.div(f.num.arg, f.den));
        }
        const p = intExponent(f);
        if (!p) {
          others.push({ f, order: order++ });
          return;
        }
        const key = structuralKey(p.base);
        const prev = merged.get(key);
        if (prev) prev.k = prev.k.add(p.k);
        else merged.set(key, { base: p.base, k: p.k, order: order++ });
      };
      e.factors.map(tidy).forEach(visit);
      const factors = [
        ...[...merged.values()].filter((m) => !m.k.isZero()).map((m) => ({ f: m.k.isOne() ? m.base : b.pow(m.base, b.num(m.k)), order: m.order })),
        ...others,
      ]
        .sort((x, y) => rank(x.f) - rank(y.f) || x.order - y.order)
        .map((x) => x.f);
      if (!factors.length) return b.num(c);
      if (c.isOne()) return b.mul(...factors);
      if (c.equals(Rational.MINUS_ONE)) return b.neg(b.mul(...factors));
      return b.mul(b.num(c), ...factors);
    }
  }
}

/** A term of a sum as numerator / base^k (k = 0: no denominator). */
function asFraction(t: Expr): { num: Expr; base: Expr | null; k: number } {
  if (t.kind === 'neg') {
    const f = asFraction(t.arg);
    return { ...f, num: b.neg(f.num) };
  }
  if (t.kind === 'mul') {
    const divs = t.factors.filter((f) => f.kind === 'div');
    if (divs.length === 1) {
      const d = divs[0] as Extract<Expr, { kind: 'div' }>;
      const f = asFraction(d);
      return { ...f, num: b.mul(...t.factors.filter((x) => x !== d), f.num) };
    }
  }
  if (t.kind === 'div') {
    const den = t.den;
    if (den.kind === 'pow' && den.exponent.kind === 'num' && den.exponent.value.isInteger() && den.exponent.value.sign() > 0 && den.exponent.value.num <= 16n)
      return { num: t.num, base: den.base, k: Number(den.exponent.value.num) };
    return { num: t.num, base: den, k: 1 };
  }
  return { num: t, base: null, k: 0 };
}

/**
 * A sum of fractions over powers of one common denominator B, written as one fraction
 * N / B^m with N expanded and collected (the quotient rule's u'/v − u v'/v² becomes
 * (u'v − u v')/v²). Null when the terms do not share one denominator. Exact wherever the
 * input is defined (B ≠ 0 there).
 */
export function together(e: Expr): Expr | null {
  const terms = e.kind === 'add' ? e.terms : [e];
  const parts = terms.map(asFraction);
  const bases = parts.filter((q) => q.base);
  if (!bases.length) return null;
  const key = structuralKey(bases[0]!.base!);
  if (!bases.every((q) => structuralKey(q.base!) === key)) return null;
  const B = bases[0]!.base!;
  const m = Math.max(...parts.map((q) => q.k));
  const N = simplify(b.add(...parts.map((q) => (q.k === m ? q.num : b.mul(q.num, m - q.k === 1 ? B : b.pow(B, b.num(m - q.k)))))));
  return b.div(N, m === 1 ? B : b.pow(B, b.num(m)));
}

/**
 * The LaTeX of a formula in its shortest printed form among: as given (tidied), collected
 * without expansion, expanded, and over one common denominator. All are equal expressions;
 * only the printing differs.
 */
export function displayLatex(e: Expr, opts: { alternatives?: boolean } = {}): string {
  const light = simplify(e, { expand: false });
  const cands: Expr[] = [tidy(e)];
  if (opts.alternatives !== false) {
    cands.push(tidy(light));
    cands.push(tidy(simplify(e)));
    const t = together(light);
    if (t) cands.push(tidy(t));
  }
  let best = '';
  for (const c of cands) {
    const s = toLatex(c);
    if (!best || s.length < best.length) best = s;
  }
  return best;
}
