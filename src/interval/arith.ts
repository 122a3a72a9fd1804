/**
 * The four operations, negation and the reciprocal on endpoint pairs. Results go to
 * `OUT` (see out.ts). Preconditions for all: each argument pair is an interval
 * (lo ≤ hi, lo ≠ +∞, hi ≠ −∞) or [NaN, NaN]; NaN in gives NaN out.
 *
 * Rounding: every endpoint is one exact operation on input endpoints, bounded by the
 * exactness-aware rounders of eft.ts (`addDown/addUp` for + −, `mulDown/mulUp`,
 * `sqrDown/sqrUp`, `divDown/divUp`): an endpoint that is a double is returned as is
 * ([−2,3]² = [0, 9]), any other is widened once outward (≤ 2 ulps); overflow and tiny
 * results fall back to `down/up` (Lemma R of rounding.ts). The bounds also survive a
 * min/max taken afterwards (a min of lower bounds is below the min of exact values).
 * Sign clamps: when the signs of the operands fix the sign of every exact result
 * (e.g. a ≥ 0 and b ≥ 0 give ab ≥ 0), the rounded bound is clamped to 0 (inside the
 * rounders of eft.ts, which see the operands' signs). That is sound (0 is then itself a
 * bound) and keeps `x·x ≥ 0`, `0/y ≥ 0` provable.
 */
import { addDown, addUp, divDown, divUp, mulDown, mulUp, sqrDown, sqrUp } from './eft.js';
import { OUT, setUndefined } from './out.js';

/** [al,ah] + [bl,bh] = [addDown(al, bl), addUp(ah, bh)]: exact sums stay exact. */
export function add(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = addDown(al, bl);
  OUT[1] = addUp(ah, bh);
}

/** [al,ah] − [bl,bh] = [addDown(al, −bh), addUp(ah, −bl)] (negation is exact). */
export function sub(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = addDown(al, -bh);
  OUT[1] = addUp(ah, -bl);
}

/** −[al,ah] = [−ah, −al]; exact. */
export function neg(al: number, ah: number): void {
  OUT[0] = -ah;
  OUT[1] = -al;
}

/**
 * [al,ah] × [bl,bh] by the sign table: only the corner products that can be extreme are
 * computed (2, or 4 when both intervals straddle 0), each bounded by `mulDown/mulUp`.
 *
 * The product is bilinear, so its extrema over the box are at corners (as limits when
 * a corner is infinite). Classify each interval as P (lo ≥ 0), N (hi ≤ 0; [0,0] is taken
 * as P) or M (lo < 0 < hi). With a ∈ P: for b ∈ P the product is increasing in both, so
 * [al·bl, ah·bh]; for b ∈ N it is decreasing in a and increasing in b, so [ah·bl, al·bh];
 * for b ∈ M it is increasing in b and scales with a ≥ 0, so [ah·bl, ah·bh]. The N and M
 * rows follow by a ↦ −a (which swaps and negates the result), and for M × M the extremes
 * are min(al·bh, ah·bl) and max(al·bl, ah·bh). In each case the selected corner is also
 * the minimum (maximum) of the four rounded corners (RN is monotone), so the result is
 * never wider than rounding the min/max of all four.
 *
 * Sign clamps come from the rounders: `mulDown(x, y) ≥ 0` when x, y have the same sign
 * and `mulUp(x, y) ≤ 0` when they differ, so P×P, N×N give lo ≥ 0 and P×N, N×P hi ≤ 0.
 * A corner 0·∞ is taken as 0: the intervals hold only real numbers, and 0·b = 0 for
 * every real b, so e.g. [0,0]×[−∞,∞] = [0,0] exactly (as in IEEE 1788). A NaN input
 * falls through to the M branches, where every selected product involves it, so the
 * result is [NaN, NaN]. The operands are selected first and multiplied once, which keeps
 * the function small enough for V8 to inline it into generated code.
 */
export function mul(al: number, ah: number, bl: number, bh: number): void {
  // lower bound = x1·y1, upper bound = x2·y2
  let x1 = ah;
  let y1 = bl;
  let x2 = ah;
  let y2 = bh;
  if (al >= 0) {
    if (bl >= 0) x1 = al;
    else if (bh <= 0) x2 = al;
  } else if (ah <= 0) {
    if (bl >= 0) {
      x1 = al;
      y1 = bh;
      y2 = bl;
    } else if (bh <= 0) {
      y1 = bh;
      x2 = al;
      y2 = bl;
    } else {
      x1 = al;
      y1 = bh;
      x2 = al;
      y2 = bl;
    }
  } else if (bl >= 0) {
    x1 = al;
    y1 = bh;
  } else if (bh <= 0) {
    x2 = al;
    y2 = bl;
  } else {
    // both straddle 0 (or a NaN): Math.min/max propagate NaN
    OUT[0] = Math.min(mulDown(al, bh), mulDown(ah, bl));
    OUT[1] = Math.max(mulUp(al, bl), mulUp(ah, bh));
    return;
  }
  OUT[0] = mulDown(x1, y1);
  OUT[1] = mulUp(x2, y2);
}

/**
 * [al,ah] ÷ [bl,bh]. A divisor that contains 0, even only as an endpoint ([0,1]),
 * gives UNDEFINED ([NaN, NaN]): the quotient is undefined or unbounded somewhere on the
 * box. A NaN divisor gives [NaN, NaN] too; a NaN dividend makes every quotient NaN.
 *
 * Otherwise b has one strict sign and a/b is monotone in each argument, so the extremes
 * are the corner quotients selected by the signs (for b > 0: inf = al/bh if al ≥ 0 else
 * al/bl; sup = ah/bh if ah ≤ 0 else ah/bl; mirrored for b < 0), each bounded by
 * `divDown/divUp` (exact when the quotient is a double). The selected corners never
 * form ∞/∞ or 0/0, and an infinite divisor endpoint gives the limit 0. Sign clamps come
 * from the rounders (`divDown ≥ 0` for operands of one sign, `divUp ≤ 0` for opposite
 * signs), so `0/y ≥ 0` stays provable. Operands are selected first and divided once.
 */
export function div(al: number, ah: number, bl: number, bh: number): void {
  // lower bound = n1/d1, upper bound = n2/d2 (NaN dividends give NaN quotients)
  let n1 = al;
  let d1 = al >= 0 ? bh : bl;
  let n2 = ah;
  let d2 = ah <= 0 ? bh : bl;
  if (!(bl > 0)) {
    if (!(bh < 0)) {
      setUndefined(); // 0 ∈ b, or b is NaN (NaN propagates)
      return;
    }
    n1 = ah;
    d1 = ah <= 0 ? bl : bh;
    n2 = al;
    d2 = al >= 0 ? bl : bh;
  }
  OUT[0] = divDown(n1, d1);
  OUT[1] = divUp(n2, d2);
}

/**
 * 1 / [al,ah]: UNDEFINED ([NaN, NaN]) when 0 ∈ [al,ah] or x is NaN; otherwise
 * [1/ah, 1/al] rounded outward by `divDown/divUp` (exact when the quotient is a double:
 * 1/[2,4] = [0.25, 0.5]), since 1/x is decreasing on each side of 0. The rounders keep
 * the sign of x (1/±∞ = ±0 is a limit): 1/[1,∞] = [0, 1].
 */
export function recip(al: number, ah: number): void {
  if (al > 0 || ah < 0) {
    OUT[0] = divDown(1, ah);
    OUT[1] = divUp(1, al);
  } else {
    setUndefined(); // 0 ∈ x, or x is NaN (NaN propagates)
  }
}

/**
 * [al,ah]² with the dependency taken into account: [−2,3]² = [0, 9] (not [−6, 9]); the
 * endpoints come from `sqrDown/sqrUp` (one split each, exact when the square is a
 * double). x² is increasing on x ≥ 0 and decreasing on x ≤ 0; the lower bound is ≥ 0
 * (sqrDown clamps), and exactly 0 (= sqrDown(0)) whenever 0 ∈ [al,ah]. NaN gives NaN.
 */
export function sqr(al: number, ah: number): void {
  let x1 = al;
  let x2 = ah;
  if (al >= 0) {
    // increasing: [al², ah²]
  } else if (ah <= 0) {
    x1 = ah;
    x2 = al;
  } else if (ah > 0) {
    // al < 0 < ah: [0, max(al², ah²)]
    x1 = 0;
    if (-al > ah) x2 = al;
  } // else NaN: x1, x2 are NaN
  OUT[0] = sqrDown(x1);
  OUT[1] = sqrUp(x2);
}
