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

/**
 * Which field of a claim an error of `claimFromFlags` is about, and the message without the
 * flags' names: a claims file (`demo --claims`) names the field and its position instead.
 */
export interface ClaimField {
  readonly key: keyof ClaimFlags;
  /** Present in the claim (a bad value, or one the condition does not take), or missing. */
  readonly present: boolean;
  readonly detail: string;
}

const claimFields = new WeakMap<Error, ClaimField>();

/** The claim field an error of `claimFromFlags` is about, when it is about one. */
export const claimFieldOf = (e: unknown): ClaimField | undefined => (e instanceof Error ? claimFields.get(e) : undefined);

function about<E extends Error>(e: E, key: keyof ClaimFlags, present: boolean, detail: string): E {
  claimFields.set(e, { key, present, detail });
  return e;
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
  if (!v) throw about(new UsageError(`missing --condition <${CONDITIONS.join('|')}>`), 'condition', false, `missing: one of ${CONDITIONS.join(', ')}`);
  if (!(CONDITIONS as readonly string[]).includes(v)) {
    const detail = `must be one of ${CONDITIONS.join(', ')}, got '${printable(v, 40)}'`;
    throw about(new UsageError(`--condition ${detail}`), 'condition', true, detail);
  }
  return v as ConditionName;
}

/** The claim of `check`/`probe`: the condition and exactly the constants it takes. */
export function claimFromFlags(f: ClaimFlags): Claim {
  const condition = conditionFlag(f.condition);
  const need: Record<ConditionName, (keyof ClaimFlags)[]> = { 'alpha-beta': ['alpha', 'beta'], pl: ['mu'], aiming: ['theta'], qcvx: ['theta'] };
  for (const k of ['alpha', 'beta', 'mu', 'theta'] as const) {
    if (f[k] !== undefined && !need[condition].includes(k))
      throw about(
        new UsageError(`--${k} does not apply to --condition ${condition} (it takes ${need[condition].map((n) => `--${n}`).join(' and ')})`),
        k,
        true,
        `does not apply to condition ${condition} (it takes ${need[condition].join(' and ')})`,
      );
  }
  for (const k of need[condition])
    if (f[k] === undefined) throw about(new UsageError(`--condition ${condition} needs --${k}`), k, false, `missing: condition ${condition} needs ${k}`);
  const value = (k: 'alpha' | 'beta' | 'mu' | 'theta'): Rational => {
    try {
      return rationalFlag(`--${k}`, f[k]!);
    } catch (e) {
      if (e instanceof Error) about(e, k, true, e.message.replace(`--${k}: `, ''));
      throw e;
    }
  };
  let claim: Claim;
  switch (condition) {
    case 'alpha-beta':
      claim = { condition, alpha: value('alpha'), beta: value('beta') };
      break;
    case 'pl':
      claim = { condition, mu: value('mu') };
      break;
    default:
      claim = { condition, theta: value('theta') };
  }
  const bad = claimProblem(claim);
  // "beta must be >= 0", "alpha must be > beta", "mu must be > 0": the first word is the field.
  if (bad) throw about(new UsageError(bad), bad.split(' ')[0] as keyof ClaimFlags, true, bad.replace(/^\w+ /, ''));
  return claim;
}
