import { Rational } from '../exact/rational.js';
import { bitLength, children, encloseConstant, MAX_EXACT_BITS, toText, type Expr } from '../expr/index.js';

/** Bits an exact value folded here may take before the fold gives up (it then proves nothing). */
const FOLD_BITS = 4 * MAX_EXACT_BITS;

/**
 * A part of `e` that provably has no value at any point (a constant outside a function's
 * domain, or a division by a constant that is exactly 0), with the reason, or undefined when
 * none is found. Every function of the expression language is strict (an
 * undefined argument makes the result undefined, `0 * log(-1)` included), so such a part makes
 * the whole expression undefined at every point: a term like `1/0` or `x^2 + log(-1)` has no
 * value anywhere, and the engine could only ever answer "inconclusive".
 *
 * Only proofs count, never a failed enclosure (an interval division by [0, 1e-323] is
 * "undefined" for the interval kernel although 1/exp(-1000) is a real number):
 * - a / b where b is exactly 0 (b folded in exact rational arithmetic);
 * - log(a) where a ≤ 0, log1p(a) where a ≤ −1, sqrt(a) where a < 0 (a's rigorous enclosure);
 * - a^k where a is exactly 0 and k < 0 is an exact rational;
 * - a^q where q is an exact non-integer rational and a < 0 (lscert's real power x^y needs
 *   x ≥ 0 unless y is an integer: docs/problem-format.md).
 * Anything it cannot prove (sin(pi) = 0, sqrt(2)^2 − 2 = 0) is left alone: such a term runs
 * and is reported as before.
 */
export function undefinedPart(e: Expr): { part: Expr; why: string } | undefined {
  return FINDER.find(e) ?? undefined;
}

class Finder {
  private readonly hasVar = new WeakMap<Expr, boolean>();
  private readonly found = new WeakMap<Expr, { part: Expr; why: string } | null>();
  private readonly exact = new WeakMap<Expr, Rational | null>();

  find(e: Expr): { part: Expr; why: string } | null {
    const hit = this.found.get(e);
    if (hit !== undefined) return hit;
    let r: { part: Expr; why: string } | null = null;
    for (const c of children(e)) {
      r = this.find(c);
      if (r) break;
    }
    if (!r) {
      const why = this.undefinedHere(e);
      if (why) r = { part: e, why };
    }
    this.found.set(e, r);
    return r;
  }

  /**
   * Why the operation at the root of `e` is undefined at every point (its arguments being
   * defined): it needs the arguments that decide it to be constants (a / 0 for any a).
   */
  private undefinedHere(e: Expr): string | undefined {
    switch (e.kind) {
      case 'div':
        return !this.variable(e.den) && this.value(e.den)?.isZero() ? 'division by zero' : undefined;
      case 'call': {
        const a = e.args[0]!;
        if (this.variable(a)) return undefined;
        if (e.fn === 'log' && this.below(a, 0, false)) return 'the logarithm of a number ≤ 0';
        if (e.fn === 'log1p' && this.below(a, -1, false)) return 'log1p of a number ≤ -1';
        if (e.fn === 'sqrt' && this.below(a, 0, true)) return 'the square root of a negative number';
        return undefined;
      }
      case 'pow': {
        if (this.variable(e.base) || this.variable(e.exponent)) return undefined;
        const k = this.value(e.exponent);
        if (!k) return undefined;
        if (k.sign() < 0 && this.value(e.base)?.isZero()) return 'zero to a negative power';
        if (!k.isInteger() && this.below(e.base, 0, true)) return 'a negative number to a non-integer power';
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Whether the constant `e` is provably below c (or at most c, unless `strict`): exactly, else by its rigorous enclosure. */
  private below(e: Expr, c: number, strict: boolean): boolean {
    const v = this.value(e);
    if (v) {
      const s = v.cmp(Rational.of(c));
      return strict ? s < 0 : s <= 0;
    }
    try {
      const enc = encloseConstant(e);
      return !enc.isEmpty() && (strict ? enc.hi < c : enc.hi <= c);
    } catch {
      return false;
    }
  }

  /** The exact rational value of `e` when it is built from rationals by + − × ÷ and integer powers; undefined otherwise. */
  private value(e: Expr): Rational | undefined {
    const hit = this.exact.get(e);
    if (hit !== undefined) return hit ?? undefined;
    const v = this.fold(e);
    this.exact.set(e, v ?? null);
    return v;
  }

  private fold(e: Expr): Rational | undefined {
    let v: Rational | undefined;
    switch (e.kind) {
      case 'num':
        return e.value;
      case 'neg':
        return this.value(e.arg)?.neg();
      case 'add':
      case 'mul': {
        const parts = e.kind === 'add' ? e.terms : e.factors;
        v = e.kind === 'add' ? Rational.of(0) : Rational.of(1);
        for (const p of parts) {
          const x = this.value(p);
          if (!x || !small(v)) return undefined;
          v = e.kind === 'add' ? v.add(x) : v.mul(x);
        }
        break;
      }
      case 'div': {
        const n = this.value(e.num);
        const d = this.value(e.den);
        if (!n || !d || d.isZero()) return undefined;
        v = n.div(d);
        break;
      }
      case 'pow': {
        const b = this.value(e.base);
        const k = this.value(e.exponent);
        if (!b || !k?.isInteger() || bitLength(k.num < 0n ? -k.num : k.num) > 16) return undefined;
        const n = Number(k.num);
        if (b.isZero() && n < 0) return undefined;
        if (Math.abs(n) * Math.max(bitLength(b.num < 0n ? -b.num : b.num), bitLength(b.den)) > FOLD_BITS) return undefined;
        v = b.pow(n);
        break;
      }
      default:
        return undefined;
    }
    return v && small(v) ? v : undefined;
  }

  private variable(e: Expr): boolean {
    const hit = this.hasVar.get(e);
    if (hit !== undefined) return hit;
    const r = e.kind === 'var' || children(e).some((c) => this.variable(c));
    this.hasVar.set(e, r);
    return r;
  }
}

/** Expression nodes are immutable and shared (a parameter is inlined into every term that uses it): answers are kept per node. */
const FINDER = new Finder();

const small = (v: Rational): boolean => bitLength(v.num < 0n ? -v.num : v.num) <= FOLD_BITS && bitLength(v.den) <= FOLD_BITS;

/** For an error message: `1 / 0 is undefined (division by zero)`, the part cut when long. */
export function describeUndefined(u: { part: Expr; why: string }): string {
  const text = toText(u.part);
  return `${text.length > 80 ? `${text.slice(0, 77)}...` : text} is undefined (${u.why})`;
}
