import { termMinimumSlot, type Claim, type ProjectionModel } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { encloseConstant, interpretInterval, substitute } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import type { Problem } from '../problem/index.js';
import { range } from './facts.js';
import type { Range, StationaryPoint } from './types.js';

/**
 * α-β refuted for a whole cone of pairs by one stationary point, when f has ONE term.
 *
 * The argument. With n = 1, f = f_1 and the α-β residual at x (x_p a nearest point of S) is
 *
 *   R_1(x) = ⟨∇f_1(x), x − x_p⟩ − α (f_1(x) − f_1(x_p)) + β (f_1(x) − f_1*).
 *
 * Let z be a stationary point of f in the domain: ∇f_1(z) = 0 exactly (the Krawczyk test
 * proves that the small box Z holds exactly one zero of ∇f, so the true z lies in Z, and
 * the box lies inside the exact domain: src/reports/stationary.ts tests it against the
 * domain's inner box). Write A = f_1(z) − f_1(x_p) and D = f_1(x_p) − f_1*. Then
 *
 *   R_1(z) = −α A + β (A + D) = −(α − β) A + β D.
 *
 * - If A > 0 and D ≤ 0, R_1(z) ≤ −(α − β) A < 0 for EVERY α > β ≥ 0: the claim fails at z
 *   for every admissible pair. D ≤ 0 means f_1* ≥ f_1(x_p). The true infimum always has
 *   f_1* ≤ f_1(x_p), so for it D ≤ 0 means f_1* = f_1(x_p) = f*: x_p is a global minimizer
 *   of f_1 on R^d, the paper's setting (S = argmin f, f* = inf f = f_1* when n = 1). It is
 *   proved here from enclosures: D.hi = f_1(x_p).hi − f_1*.lo ≤ 0 (e.g. a given f_1* = 0 and
 *   f_1(x_p) = 0 exactly, or a computed f_1* whose interval lower bound over R^d is f_1(x_p)).
 * - If D may be positive (a given f_1* below f_1(x_p), or a computed f_1* whose lower end is
 *   loose), the claim still fails at z when (α − β) A > β D, i.e. for β < κ α with
 *   κ = A.lo / (A.lo + D.hi) (rounded down): a cone, not the whole window.
 *
 * Which x_p is nearest to z is not decided: A and D are enclosed for every point of S (a finite
 * S), or for P(Z) (S given by its projection map), and the worst case is kept. f_1* is the
 * residual's own: the user's value (trusted, as everywhere), or the enclosure of the infimum
 * that `buildResiduals` uses (termMinimumSlot). Everything is outward-rounded interval
 * arithmetic; f* itself is not used.
 */
export interface OneTermRefutation {
  /** Every pair 0 ≤ β < κ·α is refuted (κ ≤ 1, a rigorous lower bound); κ = 1: every α > β. */
  readonly kappa: number;
  /** The stationary point (float, inside `box`) and its Krawczyk box. */
  readonly point: number[];
  readonly box: { lo: number[]; hi: number[] };
  readonly kind: StationaryPoint['kind'];
  /** Enclosures, worst case over the candidate x_p: A = f(z) − f(x_p) (lower end) and D = f(x_p) − f_1* (upper end). */
  readonly gap: Range;
  readonly excess: Range;
  /** How f_1* entered: given, or computed. */
  readonly fiStar: string;
}

/** The one-term refutation from the proved stationary points, if one applies (see above). */
export function oneTermRefutation(p: Problem, model: ProjectionModel, stationary: readonly StationaryPoint[]): OneTermRefutation | null {
  if (p.terms.length !== 1) return null;
  const t = p.terms[0]!;
  const slots = model.kind === 'points' && model.slots ? model.slots.map((s) => Interval.of(s.lo, s.hi)) : [];
  let fiStar: Interval;
  let how: string;
  if (p.termMinima) {
    fiStar = encloseConstant(p.termMinima[0]!);
    how = 'given (trusted)';
  } else {
    const s = termMinimumSlot(p, t, 0);
    fiStar = Interval.of(s.lo, s.hi);
    how = 'computed (enclosure of the infimum over R^d)';
  }
  let best: OneTermRefutation | null = null;
  for (const s of stationary) {
    if (s.status === 'global') continue;
    const Z = s.box.lo.map((l, j) => Interval.of(l, s.box.hi[j]!));
    const fz = interpretInterval(t, [...Z, ...slots]);
    // f_1(x_p) for every candidate nearest point.
    const fxp: Interval[] =
      model.kind === 'points'
        ? model.points.map((pt) =>
            interpretInterval(
              substitute(t, (i) => pt[i]!),
              [...Z.map(() => Interval.ENTIRE), ...slots],
            ),
          )
        : [
            interpretInterval(
              substitute(t, (i) => model.map[i]!),
              Z,
            ),
          ];
    let kappa = 1;
    let aLo = Infinity;
    let dHi = -Infinity;
    for (const v of fxp) {
      const A = fz.sub(v);
      const D = v.sub(fiStar);
      // NaN or infinite ends prove nothing (comparisons false on NaN).
      if (!(A.lo > 0) || !(D.hi < Infinity)) {
        kappa = 0;
        break;
      }
      aLo = Math.min(aLo, A.lo);
      dHi = Math.max(dHi, D.hi);
      if (D.hi > 0) {
        const k = Interval.point(A.lo).div(Interval.point(A.lo).add(Interval.point(D.hi))).lo;
        kappa = Math.min(kappa, k > 0 ? k : 0);
      }
    }
    if (!(kappa > 0)) continue;
    if (!best || kappa > best.kappa)
      best = {
        kappa,
        point: [...s.point],
        box: { lo: [...s.box.lo], hi: [...s.box.hi] },
        kind: s.kind,
        gap: range(aLo, Infinity),
        excess: range(-Infinity, dHi),
        fiStar: how,
      };
    if (kappa === 1) break;
  }
  return best;
}

/** Whether the refuted cone holds an α-β claim: β < κ·α, compared exactly (κ is a double). */
export function coneHolds(r: OneTermRefutation, claim: Claim): boolean {
  if (claim.condition !== 'alpha-beta') return false;
  if (r.kappa === 1) return claim.alpha.cmp(claim.beta) > 0;
  return claim.beta.cmp(Rational.fromNumber(r.kappa).mul(claim.alpha)) < 0;
}

/** One sentence stating the refutation (for the verdict row, the reading and the plane). */
export function oneTermText(r: OneTermRefutation): string {
  const z = `(${r.point.map((v) => Number(v.toPrecision(6))).join(', ')})`;
  const kind = r.kind === 'unknown' ? 'stationary point' : r.kind.replace('-', ' ');
  const scope = r.kappa === 1 ? 'every α > β' : `every β < ${Number(r.kappa.toPrecision(6))}·α`;
  return `fails for ${scope}: f has one term and a ${kind} z ≈ ${z} (proved by the Krawczyk test) with f(z) > f(x_p) for every x_p in S, so ∇f_1(z) = 0 and R_1(z) = −(α − β)(f(z) − f(x_p)) + β(f(x_p) − f_1*) < 0${r.kappa === 1 ? ' (f_1* ≥ f(x_p) proved: f_1* = f*)' : ' (with f_1* below f(x_p) by at most the enclosed gap)'}`;
}
