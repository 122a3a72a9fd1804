/**
 * Exactness-aware directed rounding of one + − × ÷ √ through error-free transformations:
 * the rounded result is widened only when the exact result is not a double, and then by
 * one `downSum/upSum` step (≤ 2 ulps); `[−2,3]² = [0, 9]`, `[1,2] + [3,4] = [4, 6]`.
 *
 * Notation as in rounding.ts: `RN` is IEEE 754 binary64 round-to-nearest-even, `MIN =
 * 2^−1074`, `EPS = 2^−52`, `TINY = 2^−968`, `HUGE = 2^1023`. For a double x ≠ 0 let
 * `e(x) = ⌊log2|x|⌋`.
 *
 * Widening rule. Let s = RN(z) be the rounded result of one operation with exact value
 * z, and let the error-free transformation give the exact sign of z − s. If z − s ≥ 0,
 * s is a lower bound; if z − s ≤ 0, s is an upper bound. If z − s < 0 then z lies in
 * (s − ulp/2, s), and z ≠ s implies that s is a normal number (below 2^−1022 every
 * result of + and − is exact, and the transformations below are only trusted for
 * |s| ≥ TINY otherwise), so `RN(s − RN(|s|·EPS)) ≤ nextDown(s) < z` (the `downSum`
 * argument of rounding.ts); symmetrically for the upper bound. Outside the ranges where
 * the transformation is proven exact (overflow; products, quotients and cubes below TINY
 * or, for × ÷, from HUGE on; operands beyond about 2^996, where Veltkamp's split
 * overflows) the functions fall back to
 * `down/up` of rounding.ts (one-operation Lemma R, with the MIN term for underflow), so
 * every result is at least as tight as the plain `down(RN(z))`/`up(RN(z))`.
 *
 * Lemma U (IEEE = exponent-unbounded arithmetic). Consider a straight-line computation
 * of + − × on doubles. In the model with 53-bit significands and an unbounded exponent
 * range (the model of Knuth's TwoSum and Dekker's/Shewchuk's TwoProduct proofs), let
 * every exact intermediate value be an integer multiple of MIN, and every intermediate
 * that the model rounds either be a multiple of MIN or have magnitude ≥ 2^−1022. Then, if
 * no IEEE operation overflows, IEEE binary64 computes exactly the values of the model.
 * Proof by induction over the operations (inputs agree): an exact value of the model
 * (≤ 53 significant bits, a multiple of MIN, below 2^1024 since nothing overflows) is a
 * double, normal or subnormal, so IEEE RN returns it too; a rounded value of magnitude
 * ≥ 2^−1022 is rounded on the same grid in both; a multiple of MIN below 2^−1022 has at
 * most 52 significant bits and is exact in both. Moreover any overflow makes the final
 * error term ±∞ or NaN: ±∞ only propagates through + − × of finite or infinite operands
 * (to ±∞ or NaN, as ∞ − ∞ = NaN and 0·∞ = NaN), and every intermediate flows into the
 * error term. So "the error term is finite" certifies "no overflow happened".
 */
import { down, downSum, up, upSum } from './rounding.js';

/** 2^−52. */
const EPS = Number.EPSILON;
/** The largest finite double. */
const MAX = Number.MAX_VALUE;
/** 2^−968: products of magnitude ≥ TINY have an exactly representable Dekker error. */
const TINY = 2 ** -968;
/** 2^1023: below it no partial product of Dekker's algorithm can overflow. */
const HUGE = 2 ** 1023;
/** Veltkamp's splitting constant 2^27 + 1 for 53-bit significands. */
const SPLITTER = 134217729;

/**
 * Lower bound of the exact a + b (TwoSum). Knuth's TwoSum, s = RN(a+b), bb = RN(s−a),
 * err = RN(RN(a − RN(s−bb)) + RN(b−bb)), gives err = a + b − s exactly in the unbounded
 * model, for any order of a and b. Every value is a sum or difference of multiples of MIN
 * (a and b are), so Lemma U applies whenever nothing overflows, i.e. whenever err is
 * finite; then err ≥ 0 means a + b ≥ s. Otherwise (err < 0, or err = ±∞/NaN after an
 * overflow or with an infinite operand) `downSum(s)`, sound for one addition.
 * NaN in gives NaN; `addDown(−∞, x) = −∞`; an overflow to +∞ gives MAX.
 */
export function addDown(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  return err >= 0 && err < Infinity ? s : downSum(s);
}

/** Upper bound of the exact a + b (mirror of {@link addDown}). */
export function addUp(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  const err = a - (s - bb) + (b - bb);
  return err <= 0 && err > -Infinity ? s : upSum(s);
}

/**
 * The exact error a·b − p of p = RN(a·b) (Veltkamp split with 2^27 + 1, Dekker's product
 * in Shewchuk's form: each subtraction below is exact in the unbounded model, Shewchuk
 * 1997, Theorem 18): exact whenever |p| ≥ TINY and the result is finite.
 *
 * Why the guard suffices (Lemma U). Let u_a = max(MIN, 2^(e(a)−52)); a is a multiple of
 * u_a, and so are the split c = RN((2^27+1)·a) (a rounding of a multiple of u_a is one:
 * either exact, or rounded on a coarser power-of-two grid), c − a, a_hi and a_lo; same
 * for b. Every partial product a_i·b_j, their sums and differences, and a·b − p are then
 * multiples of u_a·u_b ≥ 2^(e(a)+e(b)−104), and p (normal) is a multiple of its ulp ≥
 * that. Since |a·b| < 2^(e(a)+e(b)+2), |p| ≥ 2^−968 forces e(a)+e(b) ≥ −970, so all are
 * multiples of 2^−1074 = MIN. The rounded intermediates are p (≥ TINY, normal) and the
 * splits (multiples of u_a ≥ MIN). Overflow (|a| ≳ 2^996 in the split, or |p| near MAX)
 * makes the result non-finite. Callers guard with TINY ≤ |p| < HUGE: then |a·b| < 2^1023,
 * every partial product is below |a·b|·(1 + 2^−26)² < MAX and every difference is
 * smaller, so the only possible overflow is in the split ((2^27+1)·a for |a| ≳ 2^997),
 * which makes a_hi = ∞ − ∞ = NaN and the result NaN: "unknown", and callers widen.
 */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

/** The exact error x² − p of p = RN(x²) (Shewchuk's Square); same guard as productError. */
function squareError(x: number, p: number): number {
  const t = SPLITTER * x;
  const xh = t - (t - x);
  const xl = x - xh;
  return xl * xl - (p - xh * xh - (xh + xh) * xl);
}

/**
 * Lower bound of the exact a·b for doubles a, b (±∞ allowed; 0·±∞ counts as 0, since
 * interval endpoints stand for real numbers). p = RN(a·b). For TINY ≤ |p| < HUGE the
 * Dekker error decides (see {@link productError}): err ≥ 0 → p is exact or below;
 * err < 0 → p − |p|·EPS (p normal); err = NaN (the split overflowed) → p − |p|·EPS, sound
 * by Lemma R for the one multiplication. Otherwise see {@link productSlow}. The result is
 * ≥ 0 whenever a and b have the same sign (so products of non-negative intervals need no
 * clamp): above TINY p − p·EPS > 0.
 */
export function mulDown(a: number, b: number): number {
  const p = a * b;
  const ap = Math.abs(p);
  if (ap >= TINY && ap < HUGE) return productError(a, b, p) >= 0 ? p : p - ap * EPS;
  return productSlow(a, b, p, false);
}

/** Upper bound of the exact a·b (mirror of {@link mulDown}; ≤ 0 when the signs differ). */
export function mulUp(a: number, b: number): number {
  const p = a * b;
  const ap = Math.abs(p);
  if (ap >= TINY && ap < HUGE) return productError(a, b, p) <= 0 ? p : p + ap * EPS;
  return productSlow(a, b, p, true);
}

/**
 * The slow path of mulDown/mulUp (`upper` selects the bound). p NaN: NaN for a NaN
 * operand, else 0·∞ = 0. |p| ≥ HUGE (or ±∞): p ∓ |p|·EPS (normal p, Lemma R), with
 * MAX for a lower bound +∞ and −MAX for an upper bound −∞ (an overflow: the exact value
 * is beyond MAX). |p| < TINY: an exact zero (a or b is 0) gives 0; otherwise `down(p)`
 * (`up(p)`), which covers underflow (Lemma R with the MIN term), clamped at 0 when the
 * operands' signs fix the sign of the exact product (same signs make it ≥ 0, so 0 is a
 * lower bound; opposite signs make it ≤ 0, so 0 is an upper bound).
 */
function productSlow(a: number, b: number, p: number, upper: boolean): number {
  if (p !== p) return a !== a || b !== b ? NaN : 0; // NaN only from 0·∞ once NaN is excluded
  const ap = Math.abs(p);
  if (ap >= TINY) return upper ? (p === -Infinity ? -MAX : p + ap * EPS) : p === Infinity ? MAX : p - ap * EPS;
  if (a === 0 || b === 0) return 0;
  const sameSign = a > 0 === b > 0;
  return upper ? (sameSign ? up(p) : Math.min(0, up(p))) : sameSign ? Math.max(0, down(p)) : down(p);
}

/**
 * Lower bound of x² (≥ 0), exact when x² is a double: as {@link mulDown} with Shewchuk's
 * Square (one split). `sqrDown(±∞) = MAX`; NaN gives NaN.
 */
export function sqrDown(x: number): number {
  const p = x * x;
  if (p >= TINY && p < HUGE) return squareError(x, p) >= 0 ? p : p - p * EPS;
  return squareSlow(x, p, false);
}

/** Upper bound of x², exact when x² is a double (mirror of {@link sqrDown}). */
export function sqrUp(x: number): number {
  const p = x * x;
  if (p >= TINY && p < HUGE) return squareError(x, p) <= 0 ? p : p + p * EPS;
  return squareSlow(x, p, true);
}

/** The slow path of sqrDown/sqrUp: as {@link productSlow} for a = b = x (clamped at 0). */
function squareSlow(x: number, p: number, upper: boolean): number {
  if (p >= TINY) return upper ? p + p * EPS : p === Infinity ? MAX : p - p * EPS; // +∞ stays +∞
  if (x === 0) return 0;
  return upper ? up(p) : Math.max(0, down(p)); // NaN stays NaN
}

/**
 * Lower bound of the exact a/b (b ≠ 0; NaN and ∞ operands allowed). q = RN(a/b) is
 * correctly rounded; with p = RN(q·b) and the exact err = q·b − p, the residual
 * r = a − q·b = (a − p) − err is computed exactly, and a/b − q = r/b, so r/b ≥ 0 means q
 * is a lower bound. Guard: |q| ≥ TINY (q normal, so it is also the unbounded model's
 * RN(a/b)) and TINY ≤ |p| < HUGE (productError exact unless NaN, e(q)+e(b) ≥ −970).
 * Exactness in the model, units of U = 2^(e(q)+e(b)−104) ≥ MIN: |a/b − q| ≤ 2^(e(q)−53)
 * and |b| < 2^(e(b)+1) give |r| < 2^(e(q)+e(b)−52) = 2^52·U; |err| ≤ ulp(p)/2 ≤
 * 2^(e(q)+e(b)−52) since |p| ≤ 2^(e(q)+e(b)+2); so |a − p| = |r + err| < 2^53·U. a, p,
 * err are multiples of U (a is normal, ≥ |p|/2, so its ulp ≥ 2^(e(q)+e(b)−53)), hence
 * a − p and r are doubles and both subtractions are exact (Lemma U). A NaN err (split
 * overflow) makes r NaN and q is widened. Otherwise see {@link smallQuotient}. The result
 * is ≥ 0 when a and b have the same sign (q − q·EPS > 0 for q ≥ TINY), so quotients of
 * one-signed intervals need no clamp.
 */
export function divDown(a: number, b: number): number {
  const q = a / b;
  const aq = Math.abs(q);
  if (aq >= TINY) {
    const p = q * b;
    const ap = Math.abs(p);
    if (ap >= TINY && ap < HUGE) {
      const r = a - p - productError(q, b, p);
      return (b > 0 ? r >= 0 : r <= 0) ? q : q - aq * EPS;
    }
  }
  return smallQuotient(a, b, q, false);
}

/** Upper bound of the exact a/b (mirror of {@link divDown}; ≤ 0 when the signs differ). */
export function divUp(a: number, b: number): number {
  const q = a / b;
  const aq = Math.abs(q);
  if (aq >= TINY) {
    const p = q * b;
    const ap = Math.abs(p);
    if (ap >= TINY && ap < HUGE) {
      const r = a - p - productError(q, b, p);
      return (b > 0 ? r <= 0 : r >= 0) ? q : q + aq * EPS;
    }
  }
  return smallQuotient(a, b, q, true);
}

/**
 * The slow path of divDown/divUp (tiny, huge, infinite or NaN quotients): 0/b = 0
 * exactly (b ≠ 0; 0/0 is NaN), else `down(q)`/`up(q)` (Lemma R, with the MIN term for
 * underflow) clamped at 0 when the signs of a and b fix the sign of a/b.
 */
function smallQuotient(a: number, b: number, q: number, upper: boolean): number {
  if (q === 0 && a === 0) return 0;
  const sameSign = a > 0 === b > 0;
  return upper ? (sameSign ? up(q) : Math.min(0, up(q))) : sameSign ? Math.max(0, down(q)) : down(q);
}

/**
 * A bound of x³, the upper one if `upper`, exact when x³ is a double of magnitude at
 * least TINY (and not within a factor 1 + 2^−24 of MAX, where a partial product may
 * overflow, which the finiteness check catches). With m = |x| (x³ = ±m³), the needed
 * bound of m³ is an upper one iff `upper` and x ≥ 0, or a lower one and x < 0.
 * s = RN(m²), t = RN(s·m), with the exact errors e1 = m² − s (as squareError) and
 * e2 = s·m − t (as productError), sharing m's split.
 * Guard: t ≥ TINY (then s ≥ TINY too: s ≥ t when m < 1, s ≥ 1 otherwise) and both
 * errors finite (no overflow), so both transformations are exact (Lemma U).
 * - e1 = 0: m³ = s·m = t + e2 exactly, so e2's sign directs the rounding of t as in
 *   {@link mulDown} (t ± t·EPS; t is normal).
 * - e1 ≠ 0: m² is not a double, hence neither is m³ (for m = k·2^e with k odd, m³ a double
 *   needs k³ < 2^53, which gives k² < 2^53), and a bound of m² in the needed direction
 *   (s itself when e1 has the right sign, else s ∓ s·EPS) times m, rounded by `down/up`
 *   (Lemma R; s·m is increasing in s for m ≥ 0), bounds m³.
 * - otherwise (zero, tiny, overflow, ∞, NaN): 0 for 0, else the chain up(up(s)·m) /
 *   down(down(s)·m) with clamps at 0, the previous binary-powering bound.
 * Never wider than that chain; NaN gives NaN.
 */
export function cube(x: number, upper: boolean): number {
  const neg = x < 0;
  const m = neg ? -x : x;
  const d = upper !== neg ? 1 : -1; // the direction of the bound of m³
  const s = m * m;
  const t = s * m;
  if (t >= TINY) {
    let c = SPLITTER * m;
    const mh = c - (c - m);
    const ml = m - mh;
    c = SPLITTER * s;
    const sh = c - (c - s);
    const sl = s - sh;
    const e1 = ml * ml - (s - mh * mh - (mh + mh) * ml);
    const e2 = sl * ml - (t - sh * mh - sl * mh - sh * ml);
    if (e1 - e1 === 0 && e2 - e2 === 0) {
      let r: number;
      if (e1 === 0) r = e2 * d > 0 ? t + d * t * EPS : t;
      else {
        const v = (e1 * d > 0 ? s + d * s * EPS : s) * m;
        r = d > 0 ? up(v) : down(v);
      }
      return neg ? -r : r;
    }
  }
  return cubeSlow(m, s, neg, d);
}

/** The fallback of {@link cube}: 0³ = 0, else the previous chain with clamps at 0. */
function cubeSlow(m: number, s: number, neg: boolean, d: number): number {
  if (m === 0) return 0;
  const r = d > 0 ? up(up(s) * m) : Math.max(0, down(Math.max(0, down(s)) * m));
  return neg ? -r : r;
}

/**
 * Whether s = RN(√x) (x ≥ 0 a double) is exactly √x: then s² = x, i.e. RN(s²) = x with
 * a zero Dekker error (under the guard s² ≥ TINY; below it the answer is "no", which
 * only costs tightness).
 */
export function sqrtIsExact(x: number, s: number): boolean {
  const p = s * s;
  return p === x && p >= TINY && p < Infinity && squareError(s, p) === 0;
}
