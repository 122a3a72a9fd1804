/**
 * Smooth activations: tanh, sigmoid, softplus. All three are increasing, so the image of
 * [al,ah] is [f(al), f(ah)]; each endpoint is bounded by a chain of enclosures, every
 * step monotone in the right direction, using only libm functions with a documented
 * error < 1 ulp (exp, expm1, log1p; see README.md) widened by `down2/up2`, and basic
 * operations rounded by `down/up` (Lemma R of rounding.ts). Results are clamped to the
 * mathematical range, which is sound because the exact values lie in it.
 */
import { down, down2, downSum, up, up2, upSum } from './rounding.js';
import { OUT } from './out.js';

/** Beyond this, v/(v+2) is 1 to double precision; clamping v keeps the quotient finite. */
const BIG = 2 ** 60;

/**
 * Lower bound of tanh t for t ≥ 0, from tanh t = v/(v+2) with v = expm1(2t) ≥ 0.
 * v ↦ v/(v+2) is increasing, so a lower bound u ≤ v (clamped to [0, 2^60], still ≤ v)
 * gives u/(u+2) ≤ tanh t; dividing by an upper bound of u+2 and rounding down keeps it
 * below. Math.tanh itself is not used: fdlibm documents no error bound for it.
 */
function tanhLoPos(t: number): number {
  const u = Math.min(BIG, Math.max(0, down2(Math.expm1(2 * t))));
  return Math.max(0, down(u / upSum(u + 2)));
}

/** Upper bound of tanh t for t ≥ 0 (mirror of tanhLoPos; tanh t ≤ 1). */
function tanhHiPos(t: number): number {
  const u = up2(Math.expm1(2 * t));
  if (u === Infinity) return 1;
  return Math.min(1, up(u / downSum(u + 2)));
}

/** tanh[al,ah], via the odd symmetry tanh(−t) = −tanh t on negative endpoints. */
export function tanh(al: number, ah: number): void {
  OUT[0] = al >= 0 ? tanhLoPos(al) : -tanhHiPos(-al);
  OUT[1] = ah >= 0 ? tanhHiPos(ah) : -tanhLoPos(-ah);
}

/**
 * sigmoid[al,ah], σ(x) = 1/(1+e^−x). Lower endpoint: an upper bound E ≥ e^−al gives
 * 1/up(1+E) ≤ σ(al); upper endpoint: a lower bound E ≥ 0 of e^−ah gives
 * 1/down(1+E) ≥ σ(ah). e^−x = +∞ (x → −∞) yields 1/∞ = 0. Range clamps: σ ∈ [0,1],
 * σ(x) ≥ 1/2 for x ≥ 0 and ≤ 1/2 for x ≤ 0 (so σ[0,1] starts exactly at 1/2).
 */
export function sigmoid(al: number, ah: number): void {
  const lo = Math.max(0, down(1 / upSum(1 + up2(Math.exp(-al)))));
  const hi = Math.min(1, up(1 / downSum(1 + Math.max(0, down2(Math.exp(-ah))))));
  OUT[0] = al >= 0 ? Math.max(0.5, lo) : lo;
  OUT[1] = ah <= 0 ? Math.min(0.5, hi) : hi;
}

/**
 * softplus[al,ah], softplus(x) = log(1+e^x) = max(x,0) + log1p(e^−|x|) (no overflow).
 * For a fixed endpoint a, m = max(a,0) and −|a| are exact; e^−|a| ∈ (0,1] is bounded by
 * down2/up2 (and clamped to [0,1]), log1p is increasing so bounding it at the bounds of
 * its argument (again widened by down2/up2) bounds log1p(e^−|a|), and the final sum is
 * rounded by downSum/upSum. Since log1p(e^−|a|) > 0, softplus(a) ≥ m is also used as a
 * lower bound (it makes softplus(+large) tight and softplus ≥ 0 exact).
 */
export function softplus(al: number, ah: number): void {
  const ml = Math.max(al, 0);
  const el = Math.max(0, down2(Math.exp(-Math.abs(al))));
  OUT[0] = Math.max(ml, downSum(ml + Math.max(0, down2(Math.log1p(el)))));
  const mh = Math.max(ah, 0);
  const eh = Math.min(1, up2(Math.exp(-Math.abs(ah))));
  OUT[1] = upSum(mh + up2(Math.log1p(eh)));
}
