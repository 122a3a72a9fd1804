/**
 * The four operations, negation and the reciprocal on endpoint pairs. Results go to
 * `OUT` (see out.ts). Preconditions for all: each argument pair is an interval
 * (lo ≤ hi, lo ≠ +∞, hi ≠ −∞) or [NaN, NaN]; NaN in gives NaN out.
 *
 * Rounding: + and − use `downSum/upSum` (exact at zero), × and ÷ use `down/up`; all are
 * sound for one basic operation by Lemma R of rounding.ts, and also after a min/max.
 * Sign clamps: when the signs of the operands fix the sign of every exact result
 * (e.g. a ≥ 0 and b ≥ 0 give ab ≥ 0), the rounded bound is clamped to 0. That is sound
 * (0 is then itself a bound) and keeps `x·x ≥ 0`, `0/y ≥ 0` provable.
 */
import { down, downSum, up, upSum } from './rounding.js';
import { OUT, setUndefined } from './out.js';

/** [al,ah] + [bl,bh] = [down(al+bl), up(ah+bh)]; exact sums keep their zeros. */
export function add(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = downSum(al + bl);
  OUT[1] = upSum(ah + bh);
}

/** [al,ah] − [bl,bh] = [down(al−bh), up(ah−bl)]. */
export function sub(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = downSum(al - bh);
  OUT[1] = upSum(ah - bl);
}

/** −[al,ah] = [−ah, −al]; exact. */
export function neg(al: number, ah: number): void {
  OUT[0] = -ah;
  OUT[1] = -al;
}

/**
 * [al,ah] × [bl,bh]: min/max of the four corner products, rounded outward.
 *
 * The product is bilinear, so its extrema over the box are at corners (as limits when
 * a corner is infinite). A corner 0·∞ is taken as 0: the intervals hold only real
 * numbers, and 0·b = 0 for every real b, so e.g. [0,0]×[−∞,∞] = [0,0] exactly (as in
 * IEEE 1788). In IEEE arithmetic 0·∞ is NaN, which the slow path replaces by 0; a NaN
 * input still yields [NaN, NaN].
 */
export function mul(al: number, ah: number, bl: number, bh: number): void {
  const p1 = al * bl;
  const p2 = al * bh;
  const p3 = ah * bl;
  const p4 = ah * bh;
  let lo = Math.min(p1, p2, p3, p4);
  let hi = Math.max(p1, p2, p3, p4);
  if (lo !== lo || hi !== hi) {
    if (al !== al || ah !== ah || bl !== bl || bh !== bh) {
      OUT[0] = NaN;
      OUT[1] = NaN;
      return;
    }
    if ((al === 0 && ah === 0) || (bl === 0 && bh === 0)) {
      OUT[0] = 0; // exactly 0·b = 0
      OUT[1] = 0;
      return;
    }
    lo = Math.min(z(p1), z(p2), z(p3), z(p4));
    hi = Math.max(z(p1), z(p2), z(p3), z(p4));
  }
  lo = down(lo);
  hi = up(hi);
  if ((al >= 0 && bl >= 0) || (ah <= 0 && bh <= 0)) lo = Math.max(0, lo);
  if ((al >= 0 && bh <= 0) || (ah <= 0 && bl >= 0)) hi = Math.min(0, hi);
  OUT[0] = lo;
  OUT[1] = hi;
}

/** NaN (only from 0·∞ once NaN inputs are excluded) → 0. */
function z(p: number): number {
  return p === p ? p : 0;
}

/**
 * [al,ah] ÷ [bl,bh]. A divisor that contains 0, even only as an endpoint ([0,1]),
 * gives UNDEFINED ([NaN, NaN]): the quotient is undefined or unbounded somewhere on the box.
 *
 * Otherwise b has one strict sign and a/b is monotone in each argument, so the extremes
 * are the corner quotients selected by the signs (for b > 0: inf = al/bh if al ≥ 0 else
 * al/bl; sup = ah/bl if ah ≥ 0 else ah/bh; mirrored for b < 0). The selected corners
 * never form ∞/∞ or 0/0, and an infinite divisor endpoint gives the limit 0.
 */
export function div(al: number, ah: number, bl: number, bh: number): void {
  let lo: number;
  let hi: number;
  if (bl > 0) {
    lo = down(al >= 0 ? al / bh : al / bl);
    hi = up(ah >= 0 ? ah / bl : ah / bh);
    if (al >= 0) lo = Math.max(0, lo);
    if (ah <= 0) hi = Math.min(0, hi);
  } else if (bh < 0) {
    lo = down(ah >= 0 ? ah / bh : ah / bl);
    hi = up(al >= 0 ? al / bl : al / bh);
    if (ah <= 0) lo = Math.max(0, lo);
    if (al >= 0) hi = Math.min(0, hi);
  } else {
    setUndefined(); // 0 ∈ b, or b is NaN (NaN propagates)
    return;
  }
  OUT[0] = lo;
  OUT[1] = hi;
}

/**
 * 1 / [al,ah]: UNDEFINED ([NaN, NaN]) when 0 ∈ [al,ah]; otherwise [down(1/ah), up(1/al)] (1/x is
 * decreasing on each side of 0), clamped to the sign of x (1/±∞ = ±0 is a limit).
 */
export function recip(al: number, ah: number): void {
  if (al > 0) {
    OUT[0] = Math.max(0, down(1 / ah));
    OUT[1] = up(1 / al);
  } else if (ah < 0) {
    OUT[0] = down(1 / ah);
    OUT[1] = Math.min(0, up(1 / al));
  } else {
    setUndefined();
  }
}

/**
 * [al,ah]² with the dependency taken into account: [−2,3]² = [0, 9⁺] (not [−6, 9]).
 * The lower bound is clamped at 0 (sound: squares are ≥ 0), and it is exactly 0
 * whenever 0 ∈ [al,ah].
 */
export function sqr(al: number, ah: number): void {
  if (al >= 0) {
    OUT[0] = Math.max(0, down(al * al));
    OUT[1] = up(ah * ah);
  } else if (ah <= 0) {
    OUT[0] = Math.max(0, down(ah * ah));
    OUT[1] = up(al * al);
  } else if (al < 0 && ah > 0) {
    OUT[0] = 0;
    OUT[1] = up(Math.max(al * al, ah * ah));
  } else {
    OUT[0] = NaN;
    OUT[1] = NaN;
  }
}
