/**
 * sin and cos on endpoint pairs.
 *
 * On [al,ah] a continuous function attains its extremes at the endpoints or at interior
 * critical points; for sin and cos those are the multiples kπ/2 (value ±1). Endpoint
 * values come from Math.sin/Math.cos (error < 1 ulp, see README.md) widened by
 * down2/up2. The critical points are located with the rigorous enclosure
 * π ∈ [PI_LO, PI_HI]: every integer k with kπ/2 ∈ [al,ah] lies in [kLo, kHi] computed
 * below, and each such k whose point is a maximum (minimum) sets the bound to 1 (−1).
 * Extra candidates only widen the result, so being unsure is resolved by including.
 */
import { PI_HI, PI_LO } from './constants.js';
import { down, down2, up, up2 } from './rounding.js';
import { OUT, setEmpty } from './out.js';

const HALF_PI_LO = PI_LO / 2; // exact halving: < π/2
const HALF_PI_HI = PI_HI / 2; // > π/2
const TWO_PI_LO = 2 * PI_LO; // exact doubling: < 2π

/** sin[al,ah]: maxima at kπ/2 with k ≡ 1 (mod 4), minima at k ≡ 3. */
export function sin(al: number, ah: number): void {
  trig(al, ah, Math.sin, 1);
}

/** cos[al,ah]: maxima at kπ/2 with k ≡ 0 (mod 4), minima at k ≡ 2. */
export function cos(al: number, ah: number): void {
  trig(al, ah, Math.cos, 0);
}

/**
 * Shared body; `phase` is the residue mod 4 of the maxima. A computed width
 * ≥ 2·PI_LO (or an infinite endpoint) gives [−1,1], which is always sound.
 *
 * Candidate range: k ≥ al/(π/2), and al/(π/2) ≥ al/HALF_PI_HI when al ≥ 0 (resp.
 * ≥ al/HALF_PI_LO when al < 0), a quotient bounded below by `down`; so
 * kLo = ⌈down(…)⌉ ≤ k. Symmetrically kHi = ⌊up(ah/HALF_PI_LO or ah/HALF_PI_HI)⌋ ≥ k.
 * If the range is implausibly long (huge arguments, where doubles are sparser than
 * π/2) the answer is [−1,1]. A point interval needs no critical points at all.
 */
function trig(al: number, ah: number, f: (x: number) => number, phase: number): void {
  if (!(al <= ah)) return setEmpty();
  if (!(ah - al < TWO_PI_LO)) {
    OUT[0] = -1;
    OUT[1] = 1;
    return;
  }
  const fa = f(al);
  const fb = f(ah);
  let lo = Math.max(-1, Math.min(down2(fa), down2(fb)));
  let hi = Math.min(1, Math.max(up2(fa), up2(fb)));
  if (al === ah) {
    OUT[0] = lo; // a point: no interior, no critical point to look for
    OUT[1] = hi;
    return;
  }
  const kLo = Math.ceil(down(al / (al >= 0 ? HALF_PI_HI : HALF_PI_LO)));
  const kHi = Math.floor(up(ah / (ah >= 0 ? HALF_PI_LO : HALF_PI_HI)));
  if (kHi - kLo > 8 || !(Math.abs(kLo) < 2 ** 52) || !(Math.abs(kHi) < 2 ** 52)) {
    lo = -1;
    hi = 1;
  } else {
    for (let k = kLo; k <= kHi; k++) {
      const r = (((k - phase) % 4) + 4) % 4;
      if (r === 0) hi = 1;
      else if (r === 2) lo = -1;
    }
  }
  OUT[0] = lo;
  OUT[1] = hi;
}
