import { CONDITIONS, claimProblem, type Claim, type ConditionName } from '../conditions/index.js';
import type { Rational } from '../exact/rational.js';
import { ExprError, ExprLimitError, parseConstant, type Expr } from '../expr/index.js';
import { printable } from '../problem/printable.js';
import { InputError, UsageError } from './exit.js';

export interface ClaimFlags {
  condition?: string;
  alpha?: string;
  beta?: string;
  mu?: string;
  theta?: string;
}

/** Reads an exact rational constant flag ("2.5", "5/2", "1e-3"). */
export function rationalFlag(name: string, v: string): Rational {
  const shown = printable(v, 40);
  let e: Expr;
  try {
    e = parseConstant(v);
  } catch (err) {
    // Over an input limit (a 100 000-digit fraction): invalid input (65), refused before any gcd.
    if (err instanceof ExprLimitError) throw new InputError(`${name}: '${shown}': ${err.message}`);
    throw new UsageError(`${name}: '${shown}' is not a number (${err instanceof ExprError ? err.message : String(err)})`);
  }
  if (e.kind !== 'num') throw new UsageError(`${name}: '${shown}' must be a rational number such as 2.5 or 5/2`);
  // The claim is exact, but it is printed, reported and compared as a double too: a value
  // beyond the doubles ('1e400' printed "Infinity") or a nonzero one that rounds to 0
  // ('1e-400' printed "0") would say a different claim than the one checked.
  const x = e.value.toNumber();
  if (!Number.isFinite(x))
    throw new UsageError(`${name}: '${shown}' is not finite as a double (its magnitude is above 1.8e308); give a value within the range of doubles`);
  if (x === 0 && !e.value.isZero()) throw new UsageError(`${name}: '${shown}' is nonzero but rounds to 0 as a double (its magnitude is below 5e-324)`);
  return e.value;
}

export function conditionFlag(v: string | undefined): ConditionName {
  if (!v) throw new UsageError(`missing --condition <${CONDITIONS.join('|')}>`);
  if (!(CONDITIONS as readonly string[]).includes(v)) throw new UsageError(`--condition must be one of ${CONDITIONS.join(', ')}, got '${v}'`);
  return v as ConditionName;
}

/** The claim of `check`/`probe`: the condition and exactly the constants it takes. */
export function claimFromFlags(f: ClaimFlags): Claim {
  const condition = conditionFlag(f.condition);
  const need: Record<ConditionName, (keyof ClaimFlags)[]> = { 'alpha-beta': ['alpha', 'beta'], pl: ['mu'], aiming: ['theta'], qcvx: ['theta'] };
  for (const k of ['alpha', 'beta', 'mu', 'theta'] as const) {
    if (f[k] !== undefined && !need[condition].includes(k))
      throw new UsageError(`--${k} does not apply to --condition ${condition} (it takes ${need[condition].map((n) => `--${n}`).join(' and ')})`);
  }
  for (const k of need[condition]) if (f[k] === undefined) throw new UsageError(`--condition ${condition} needs --${k}`);
  let claim: Claim;
  switch (condition) {
    case 'alpha-beta':
      claim = { condition, alpha: rationalFlag('--alpha', f.alpha!), beta: rationalFlag('--beta', f.beta!) };
      break;
    case 'pl':
      claim = { condition, mu: rationalFlag('--mu', f.mu!) };
      break;
    default:
      claim = { condition, theta: rationalFlag('--theta', f.theta!) };
  }
  const bad = claimProblem(claim);
  if (bad) throw new UsageError(bad);
  return claim;
}
