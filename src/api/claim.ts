import { CONDITIONS, claimProblem, type Claim, type ConditionName } from '../conditions/index.js';
import type { Rational } from '../exact/rational.js';
import { ExprError, parseConstant, type Expr } from '../expr/index.js';
import { LscertUsageError } from './errors.js';

/**
 * A constant of a claim: a number, read as the decimal it prints as (`0.1` is 1/10, exactly
 * as `--mu 0.1` on the command line), or a string holding an exact rational (`"5/2"`, `"1e-3"`).
 */
export type Constant = number | string;

/** The constants of a condition: alpha and beta (α-β), mu (PL), theta (Aiming, QCvx). */
export interface ConstantsSpec {
  readonly alpha?: Constant;
  readonly beta?: Constant;
  readonly mu?: Constant;
  readonly theta?: Constant;
}

/** A claim as users write it: `{ condition: 'pl', mu: 0.1 }`. */
export type ClaimSpec =
  | { readonly condition: 'alpha-beta'; readonly alpha: Constant; readonly beta: Constant }
  | { readonly condition: 'pl'; readonly mu: Constant }
  | { readonly condition: 'aiming' | 'qcvx'; readonly theta: Constant };

const NEEDS: Record<ConditionName, readonly (keyof ConstantsSpec)[]> = { 'alpha-beta': ['alpha', 'beta'], pl: ['mu'], aiming: ['theta'], qcvx: ['theta'] };

function rational(name: string, v: Constant): Rational {
  const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  let e: Expr;
  try {
    e = parseConstant(text);
  } catch (err) {
    throw new LscertUsageError(`${name}: '${String(v)}' is not a number (${err instanceof ExprError ? err.message : String(err)})`);
  }
  if (e.kind !== 'num') throw new LscertUsageError(`${name}: '${String(v)}' must be a rational number such as 2.5 or "5/2"`);
  return e.value;
}

/**
 * The exact claim of a condition and its constants (the same rules as the command line:
 * exactly the constants the condition takes, α > β ≥ 0, μ > 0, θ > 0). Throws
 * `LscertUsageError` otherwise.
 */
export function toClaim(condition: string, constants: ConstantsSpec): Claim {
  if (!(CONDITIONS as readonly string[]).includes(condition))
    throw new LscertUsageError(`condition must be one of ${CONDITIONS.join(', ')}, got '${condition}'`);
  const c = condition as ConditionName;
  for (const k of ['alpha', 'beta', 'mu', 'theta'] as const) {
    if (constants[k] !== undefined && !NEEDS[c].includes(k)) throw new LscertUsageError(`${k} does not apply to ${c} (it takes ${NEEDS[c].join(' and ')})`);
  }
  for (const k of NEEDS[c]) if (constants[k] === undefined) throw new LscertUsageError(`${c} needs ${k}`);
  let claim: Claim;
  switch (c) {
    case 'alpha-beta':
      claim = { condition: c, alpha: rational('alpha', constants.alpha!), beta: rational('beta', constants.beta!) };
      break;
    case 'pl':
      claim = { condition: c, mu: rational('mu', constants.mu!) };
      break;
    default:
      claim = { condition: c, theta: rational('theta', constants.theta!) };
  }
  const bad = claimProblem(claim);
  if (bad) throw new LscertUsageError(bad);
  return claim;
}

/** `toClaim` for a whole claim object. */
export function claimOf(spec: ClaimSpec): Claim {
  const { condition, ...constants } = spec;
  return toClaim(condition, constants as ConstantsSpec);
}
