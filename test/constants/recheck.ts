import { expect } from 'vitest';
import type { Claim } from '../../src/conditions/index.js';
import type { ConstantsResult } from '../../src/constants/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import type { Problem } from '../../src/problem/index.js';

/** The claim behind a printed value, read from the printed number exactly as `lscert check --alpha <printed>` would. */
export function printedClaim(r: ConstantsResult, side: 'certified' | 'refuted'): Claim | null {
  const q = (x: number) => Rational.fromShortestDecimal(x);
  if (r.condition === 'alpha-beta') {
    const pair = side === 'certified' ? r.certifiedPair : r.refutedPair;
    return pair ? { condition: 'alpha-beta', alpha: q(pair.alpha), beta: q(pair.beta) } : null;
  }
  const v = r[side];
  if (v === null || v === 0) return null;
  return r.condition === 'pl' ? { condition: 'pl', mu: q(v) } : { condition: r.condition, theta: q(v) };
}

/**
 * The acceptance property: the printed value is exactly the value constants confirmed, and
 * `check()` (what `lscert check` runs) certifies / refutes it again. `rerun: false` skips the
 * second check() (for the expensive ones) and relies on the confirmation constants ran on the
 * same exact value.
 */
export function recheck(p: Problem, r: ConstantsResult, side: 'certified' | 'refuted', rerun = true): void {
  const claim = printedClaim(r, side);
  if (!claim) return;
  const conf = r.confirmation[side];
  expect(conf && conf !== 'trivial' && conf.verdict).toBe(side);
  const exact = conf && conf !== 'trivial' ? conf.claim : undefined;
  const printed =
    claim.condition === 'alpha-beta'
      ? { alpha: claim.alpha.toString(), beta: claim.beta.toString() }
      : claim.condition === 'pl'
        ? { mu: claim.mu.toString() }
        : { theta: claim.theta.toString() };
  expect(exact).toEqual(printed);
  if (rerun) expect(check(p, claim, { maxBoxes: 400_000, timeLimitMs: 120_000 }).verdict).toBe(side);
}
