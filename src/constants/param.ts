import type { Claim } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';

/**
 * A one-parameter family of claims t ↦ claim(t), affine in t: the constants of the claim are
 * `base + t·dir` (exact rationals). Every residual of a condition is affine in its
 * constants, so every residual of the family is affine in t (the fact the whole layer rests on).
 *
 * - `scalar`: μ (PL) or θ (Aiming, QCvx) = t.
 * - `line`: (α, β) = base + t·dir, e.g. a tie β = kα + m is base (0, m), dir (1, k).
 */
export type Parametrization =
  | { readonly kind: 'scalar'; readonly condition: 'pl' | 'aiming' | 'qcvx' }
  | {
      readonly kind: 'line';
      readonly base: readonly [Rational, Rational];
      readonly dir: readonly [Rational, Rational];
      /** A window α ≤ alphaMax on the plane (for objectives whose optimum may be at infinity). */
      readonly alphaMax?: Rational;
    };

/** The claim at parameter t (exact). */
export function claimAt(p: Parametrization, t: Rational): Claim {
  if (p.kind === 'scalar') return p.condition === 'pl' ? { condition: 'pl', mu: t } : { condition: p.condition, theta: t };
  const [a, b] = pairAt(p, t);
  return { condition: 'alpha-beta', alpha: a, beta: b };
}

/** (α, β) at t for a line family. */
export function pairAt(p: Extract<Parametrization, { kind: 'line' }>, t: Rational): [Rational, Rational] {
  return [p.base[0].add(t.mul(p.dir[0])), p.base[1].add(t.mul(p.dir[1]))];
}

/**
 * The values of t for which claim(t) satisfies the definitions (μ, θ > 0; α > β ≥ 0), as
 * linear constraints `coef·t > rhs` (strict) or `coef·t ≥ rhs`.
 */
export function definitionConstraints(p: Parametrization): { coef: Rational; rhs: Rational; strict: boolean }[] {
  if (p.kind === 'scalar') return [{ coef: Rational.ONE, rhs: Rational.ZERO, strict: true }];
  const [b0, b1] = p.base;
  const [d0, d1] = p.dir;
  return [
    // β ≥ 0: b1 + t·d1 ≥ 0
    { coef: d1, rhs: b1.neg(), strict: false },
    // α − β > 0: (b0 − b1) + t (d0 − d1) > 0
    { coef: d0.sub(d1), rhs: b1.sub(b0), strict: true },
    // the window α ≤ alphaMax: −d0·t ≥ b0 − alphaMax
    ...(p.alphaMax ? [{ coef: d0.neg(), rhs: b0.sub(p.alphaMax), strict: false }] : []),
  ];
}

/** Whether t satisfies the definitions exactly. */
export function admissible(p: Parametrization, t: Rational): boolean {
  return definitionConstraints(p).every(({ coef, rhs, strict }) => {
    const c = coef.mul(t).cmp(rhs);
    return strict ? c > 0 : c >= 0;
  });
}

/** The admissible t as a float range (ends approximate; `strict`: the binding end is excluded). */
export function admissibleRange(p: Parametrization): { lo: number; hi: number; strict: boolean } {
  let lo = -Infinity;
  let hi = Infinity;
  let strictLo = false;
  let strictHi = false;
  for (const { coef, rhs, strict } of definitionConstraints(p)) {
    const s = coef.sign();
    if (s === 0) {
      if (strict ? !(0 > rhs.sign()) : !(0 >= rhs.sign())) return { lo: Infinity, hi: -Infinity, strict };
      continue;
    }
    const v = rhs.div(coef).toNumber();
    if (s > 0 && (v > lo || (v === lo && strict))) [lo, strictLo] = [v, strict];
    if (s < 0 && (v < hi || (v === hi && strict))) [hi, strictHi] = [v, strict];
  }
  return { lo, hi, strict: strictLo || strictHi };
}
