/**
 * Directed rounding without changing the FPU rounding mode (JavaScript has none): every
 * operation is done in round-to-nearest and its result is then pushed outward.
 *
 * Notation. `RN(z)` is the round-to-nearest double of a real z (overflowing to ±∞ when
 * |z| ≥ MAX + ulp(MAX)/2); `ulp(x) = 2^(⌊log2|x|⌋ − 52)` for a normal x, `MIN = 2^−1074`.
 *
 * Lemma R (the base of every bound in this folder). For every real z that is not NaN,
 * `nextDown(RN(z)) < z < nextUp(RN(z))`, with `nextDown(+∞) = MAX`, `nextUp(−∞) = −MAX`.
 * Proof: RN(z) is a nearest double, so z lies within half the gap to either neighbour,
 * strictly inside the open interval between them; on overflow to +∞ the exact z exceeds
 * MAX = nextDown(+∞) (symmetrically for −∞).
 *
 * Each rounder below is shown to satisfy `down(x) ≤ nextDown(x)` (resp. `up(x) ≥
 * nextUp(x)`) for every double x, so `down(RN(z)) < z < up(RN(z))`. Because nextDown is
 * monotone, the bound also survives a min/max taken before rounding:
 * `down(min_i RN(z_i)) ≤ nextDown(RN(min_i z_i)) < min_i z_i`.
 */
// Module-local copies (not imports) so that V8 folds them into the inlined rounders.
/** 2^−52 (= Number.EPSILON). */
const EPS = Number.EPSILON;
/** The largest finite double. */
const MAX = Number.MAX_VALUE;
/** 2^−1074, the smallest positive double. */
const MIN = Number.MIN_VALUE;

/**
 * A double ≤ the exact result of the ONE basic IEEE operation (+ − × ÷ √) whose
 * round-to-nearest value is `x`. NaN stays NaN; `down(+∞) = MAX`; `down(−∞) = −∞`.
 *
 * Soundness: let `s = RN(RN(|x|·2^−52) + MIN)`. For a normal x, |x|·2^−52 ≥ ulp(x), and
 * ulp(x) is a double, so by monotonicity of RN, s ≥ ulp(x); then the exact x − s ≤
 * x − ulp(x) ≤ nextDown(x) (at a power of two the gap below is ulp(x)/2, smaller), hence
 * RN(x − s) ≤ nextDown(x). For a subnormal or zero x, s ≥ MIN and x − MIN = nextDown(x)
 * is a double, so again the result is ≤ nextDown(x). With Lemma R this gives
 * `down(RN(z)) < z`. For x = +∞ (a finite operation that overflowed, so z > MAX)
 * MAX = nextDown(+∞) is returned; a lower endpoint +∞ never describes a real number, so
 * MAX is sound there too. The result is at most about 3 ulps below x.
 *
 * The MIN term covers products and quotients that underflow (to 0 or a subnormal): their
 * exact value can be anywhere within MIN/2 of the rounded one. Callers that know the sign
 * of the exact result (e.g. a product of non-negative numbers) may clamp afterwards.
 */
export function down(x: number): number {
  return x === Infinity ? MAX : x - (Math.abs(x) * EPS + MIN);
}

/** The mirror image of {@link down}: a double ≥ the exact result. `up(−∞) = −MAX`. */
export function up(x: number): number {
  return x === -Infinity ? -MAX : x + (Math.abs(x) * EPS + MIN);
}

/**
 * Like {@link down} but valid only for the result of an addition or a subtraction, and
 * exact at zero: `downSum(0) = 0`, so `[0,1] + [0,1]` keeps the lower bound 0.
 *
 * Soundness: both operands are integer multiples of MIN, hence so is their exact sum;
 * a sum of magnitude below 2^−1021 is therefore representable (53 bits suffice), i.e.
 * zero and subnormal results of + and − are exact, and `x − RN(|x|·2^−52) ≤ x` is below
 * them. For a normal x the argument of {@link down} applies without the MIN term.
 */
export function downSum(x: number): number {
  return x === Infinity ? MAX : x - Math.abs(x) * EPS;
}

/** The mirror image of {@link downSum}: ≥ the exact sum or difference, exact at zero. */
export function upSum(x: number): number {
  return x === -Infinity ? -MAX : x + Math.abs(x) * EPS;
}

/**
 * A lower bound for the exact value of an elementary function whose V8 result `x` has an
 * error below 1 ulp (see README.md: fdlibm exp, log, log1p, expm1; fdlibm or glibc
 * sin/cos). `down2(x) = down(down(x)) ≤ nextDown(nextDown(x))` (apply the bound of
 * {@link down} twice and use that nextDown is monotone).
 *
 * Why two ulps: if |x − z| < ulp (measured at x or at z) then z > nextDown(nextDown(x)).
 * Below x the gap is ulp(x) or, at a power of two, ulp(x)/2; two gaps below x are at
 * least one ulp of every real in that range, so a z at or under nextDown²(x) would be at
 * least one ulp away. Overflow (+∞) and underflow (0) are covered as in {@link down}.
 */
export function down2(x: number): number {
  return down(down(x));
}

/** The mirror image of {@link down2}: ≥ nextUp(nextUp(x)). */
export function up2(x: number): number {
  return up(up(x));
}
