import type { Rational } from '../exact/rational.js';

/** The four conditions (README: conditions; docs/cli.md). */
export type ConditionName = 'alpha-beta' | 'pl' | 'aiming' | 'qcvx';
export const CONDITIONS: readonly ConditionName[] = ['alpha-beta', 'pl', 'aiming', 'qcvx'];

/**
 * A claim: a condition with exact constants. Constants are exact rationals (a flag
 * `--alpha 2.5` is read as its decimal 5/2), so the claim checked is exactly the claim typed.
 */
export type Claim =
  | { readonly condition: 'alpha-beta'; readonly alpha: Rational; readonly beta: Rational }
  | { readonly condition: 'pl'; readonly mu: Rational }
  | { readonly condition: 'aiming' | 'qcvx'; readonly theta: Rational };

/** The constants of a claim as plain numbers, for JSON output (`{ alpha: 2.5, beta: 2 }`). */
export function claimConstants(c: Claim): Record<string, number> {
  switch (c.condition) {
    case 'alpha-beta':
      return { alpha: c.alpha.toNumber(), beta: c.beta.toNumber() };
    case 'pl':
      return { mu: c.mu.toNumber() };
    default:
      return { theta: c.theta.toNumber() };
  }
}

/** Checks the side conditions of the definitions; returns a message when they fail. */
export function claimProblem(c: Claim): string | undefined {
  switch (c.condition) {
    case 'alpha-beta':
      if (c.beta.sign() < 0) return `beta must be >= 0, got ${c.beta}`;
      if (c.alpha.cmp(c.beta) <= 0) return `alpha must be > beta (got alpha = ${c.alpha}, beta = ${c.beta})`;
      return undefined;
    case 'pl':
      return c.mu.sign() > 0 ? undefined : `mu must be > 0, got ${c.mu}`;
    default:
      return c.theta.sign() > 0 ? undefined : `theta must be > 0, got ${c.theta}`;
  }
}
