/**
 * Monotone elementary functions: sqrt, exp, log, log1p.
 *
 * Each is monotone on its domain, so the image of [al,ah] is spanned by the images of
 * the endpoints. `Math.sqrt` is correctly rounded (IEEE 754), so one `down/up` step
 * bounds it (Lemma R of rounding.ts), and it is skipped when the root is exact (s² = x,
 * checked with an error-free square: √[4,9] = [2,3]). `Math.exp/log/log1p` are V8's fdlibm ports with
 * documented error < 1 ulp, so `down2/up2` (≥ 2 ulps outward) bound them (see
 * README.md). Results are then clamped to the mathematical range, which is sound since
 * the exact values lie in it. Domain errors give UNDEFINED ([NaN, NaN]).
 */
import { down, down2, up, up2 } from './rounding.js';
import { sqrtIsExact } from './eft.js';
import { OUT, setEmpty, setUndefined } from './out.js';

/**
 * √[al,ah] for al ≥ 0 (exact endpoints when the roots are doubles); UNDEFINED
 * ([NaN, NaN]) if al < 0 (the root is undefined on part of the box); NaN gives NaN.
 */
export function sqrt(al: number, ah: number): void {
  if (al >= 0) {
    const sl = Math.sqrt(al);
    const sh = Math.sqrt(ah);
    OUT[0] = sl === 0 || sqrtIsExact(al, sl) ? sl + 0 : Math.max(0, down(sl));
    OUT[1] = sh === 0 || sqrtIsExact(ah, sh) ? sh + 0 : up(sh);
  } else if (al < 0) {
    setUndefined();
  } else {
    setEmpty();
  }
}

/**
 * exp[al,ah] = [down2(e^al) ∨ 0, up2(e^ah)]. Overflow: e^ah > MAX gives +∞ from
 * Math.exp and stays +∞ (never a finite upper bound); e^al overflowing gives the lower
 * bound MAX (sound: the exact value exceeds MAX). exp(−∞) = 0 is exact. Range clamps:
 * e^x > 0, and e^x ≥ 1 for x ≥ 0, e^x ≤ 1 for x ≤ 0 (so exp[0,1] starts exactly at 1).
 */
export function exp(al: number, ah: number): void {
  OUT[0] = Math.max(al >= 0 ? 1 : 0, down2(Math.exp(al)));
  OUT[1] = ah <= 0 ? Math.min(1, up2(Math.exp(ah))) : up2(Math.exp(ah));
}

/**
 * log on [al,ah] with 0 ≤ al (caller's guarantee): log 0 is taken as its limit −∞.
 * Sign clamps: log x ≥ 0 for x ≥ 1 and ≤ 0 for x ≤ 1 (so log[1,2] starts exactly at 0).
 * Used by `pow` for 0^y = lim exp(y·log x), y > 0; not a public operation.
 */
export function logNonNeg(al: number, ah: number): void {
  const lo = al === 0 ? -Infinity : down2(Math.log(al));
  const hi = up2(Math.log(ah));
  OUT[0] = al >= 1 ? Math.max(0, lo) : lo;
  OUT[1] = ah <= 1 ? Math.min(0, hi) : hi;
}

/**
 * log[al,ah] for al > 0; UNDEFINED ([NaN, NaN]) when al ≤ 0 (log is undefined or −∞ somewhere on the
 * box; IEEE 1788 would give the image of the positive part instead). log(+∞) = +∞.
 */
export function log(al: number, ah: number): void {
  if (al > 0) logNonNeg(al, ah);
  else if (al <= 0) setUndefined();
  else setEmpty();
}

/** log1p[al,ah] = log(1+x) for al > −1; UNDEFINED ([NaN, NaN]) when al ≤ −1. Sign clamps as for log. */
export function log1p(al: number, ah: number): void {
  if (al > -1) {
    const lo = down2(Math.log1p(al));
    const hi = up2(Math.log1p(ah));
    OUT[0] = al >= 0 ? Math.max(0, lo) : lo;
    OUT[1] = ah <= 0 ? Math.min(0, hi) : hi;
  } else if (al <= -1) {
    setUndefined();
  } else {
    setEmpty();
  }
}
