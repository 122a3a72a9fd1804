import type { Rational } from '../exact/rational.js';
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
  return { k: k.value, m: m.value, text: `beta = ${rhs}` };
}
