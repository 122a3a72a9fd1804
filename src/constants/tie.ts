import { Rational } from '../exact/rational.js';
import { build as b, derivative, ExprError, parseExpr, simplify, substitute, toText, type Expr } from '../expr/index.js';
import { LscertError } from '../errors.js';

/** A linear tie β = k·α + m with exact k and m. */
export interface Tie {
  readonly k: Rational;
  readonly m: Rational;
  /** The tie as typed. */
  readonly text: string;
}

/** A --fix text that is not a linear tie of β to α. */
export class TieError extends LscertError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * Parses `beta = <expression linear in alpha>` ("beta = alpha - 1", "beta = 0.8*alpha",
 * "beta = (alpha - 2)/3"). Numbers are exact decimals or fractions; the right side must be
 * k·alpha + m exactly (checked symbolically).
 */
export function parseTie(text: string): Tie {
  const parts = text.split('=');
  if (parts.length !== 2) throw new TieError(`--fix: expected 'beta = k*alpha + m', got '${text}'`);
  const [lhs, rhs] = [parts[0]!.trim(), parts[1]!.trim()];
  if (lhs !== 'beta') throw new TieError(`--fix: the left side must be 'beta' (as in 'beta = alpha - 1'), got '${lhs}'`);
  if (!rhs) throw new TieError(`--fix: the right side of '${text}' is empty`);
  let e: Expr;
  try {
    e = parseExpr(rhs, { variables: ['alpha'] });
  } catch (err) {
    const col = err instanceof ExprError && err.column !== undefined ? ` at column ${err.column}` : '';
    throw new TieError(`--fix: cannot read '${rhs}'${col}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const k = simplify(derivative(e, 0));
  const m = simplify(substitute(e, () => b.num(0)));
  if (k.kind !== 'num' || m.kind !== 'num') throw new TieError(`--fix: '${rhs}' is not of the form k*alpha + m with rational k, m`);
  const rest = simplify(b.sub(e, b.add(b.mul(b.num(k.value), b.variable(0, 'alpha')), b.num(m.value))));
  if (!(rest.kind === 'num' && rest.value.isZero())) throw new TieError(`--fix: '${rhs}' is not linear in alpha (left over: ${toText(rest)})`);
  if (!tieFeasible(k.value, m.value))
    throw new TieError(`--fix: no alpha > 0 on 'beta = ${rhs}' has alpha > beta >= 0 (the alpha-beta-condition needs alpha > beta >= 0)`);
  return { k: k.value, m: m.value, text: `beta = ${rhs}` };
}

/**
 * Whether some α > 0 on the line β = kα + m has α > β ≥ 0: the three constraints α > 0,
 * (1 − k)α > m and kα + m ≥ 0 cut the α-axis to an interval, decided in exact arithmetic.
 * ("beta = alpha + 1", "beta = 2*alpha" have none: `constants` ran them to "no finite limit".)
 */
export function tieFeasible(k: Rational, m: Rational): boolean {
  // lower/upper ends of α, each with whether it is strict.
  let lo = { v: Rational.ZERO, strict: true };
  let hi: { v: Rational; strict: boolean } | null = null;
  // c·α > d (strict) or c·α ≥ d.
  const add = (c: Rational, d: Rational, strict: boolean): boolean => {
    if (c.isZero()) return strict ? d.sign() < 0 : d.sign() <= 0;
    const v = d.div(c);
    if (c.sign() > 0) {
      const cmp = v.cmp(lo.v);
      if (cmp > 0 || (cmp === 0 && strict)) lo = { v, strict };
    } else {
      const cmp = hi === null ? -1 : v.cmp(hi.v);
      if (hi === null || cmp < 0 || (cmp === 0 && strict)) hi = { v, strict };
    }
    return true;
  };
  if (!add(Rational.ONE.sub(k), m, true) || !add(k, m.neg(), false)) return false;
  if (hi === null) return true;
  const h = hi as { v: Rational; strict: boolean };
  const c = lo.v.cmp(h.v);
  return c < 0 || (c === 0 && !lo.strict && !h.strict);
}
