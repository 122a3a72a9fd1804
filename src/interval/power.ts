/**
 * Integer powers (exactness-aware directed-rounded products, no libm) and the real power
 * x^y = exp(y·log x).
 */
import { cube, divDown, divUp, mulDown, mulUp, sqrDown, sqrUp } from './eft.js';
import { OUT, setEmpty, setUndefined } from './out.js';
import { sqr, mul } from './arith.js';
import { exp, logNonNeg } from './elementary.js';

/**
 * A lower bound of x^n for a double x ≥ 0 and an integer n ≥ 1, by binary powering in
 * which every product is bounded below by `mulDown/sqrDown` (eft.ts: exact when the
 * product is a double) and clamped at 0. Soundness by induction: each factor is a lower
 * bound ≥ 0 of a non-negative exact factor, products of such bounds are ≤ the exact
 * products (monotonicity on [0,∞)), and the rounders stay below; the exact power is ≥ 0,
 * so the clamp is sound too. Exact results stay exact (when x^n ≥ 2^−968): x^n is a
 * double only if every intermediate power x^k (k ≤ n) is (for x = m·2^e with m odd, the
 * odd part m^k of x^k has at most as many bits as m^n, and x^k lies between 1 and x^n).
 * Works for any integer n ≤ 2^53 (`%`, `/`, `Math.floor` on doubles).
 */
function powLoPos(x: number, n: number): number {
  let b = x;
  while (n % 2 === 0) {
    b = sqrDown(b);
    n /= 2;
  }
  let r = b;
  n = (n - 1) / 2;
  while (n > 0) {
    b = sqrDown(b);
    if (n % 2 === 1) r = Math.max(0, mulDown(r, b));
    n = Math.floor(n / 2);
  }
  return r;
}

/** An upper bound of x^n for x ≥ 0 (mirror of powLoPos with `mulUp/sqrUp`; +∞ stays +∞). */
function powHiPos(x: number, n: number): number {
  let b = x;
  while (n % 2 === 0) {
    b = sqrUp(b);
    n /= 2;
  }
  let r = b;
  n = (n - 1) / 2;
  while (n > 0) {
    b = sqrUp(b);
    if (n % 2 === 1) r = mulUp(r, b);
    n = Math.floor(n / 2);
  }
  return r;
}

/**
 * [al,ah]^n for an integer n ≥ 1, tight on monotone pieces: odd n is increasing;
 * even n is decreasing on x ≤ 0 and increasing on x ≥ 0, with minimum exactly 0 when
 * 0 ∈ [al,ah]. Odd powers of negative numbers are −(|x|^n), so their lower bound is
 * minus an upper bound of |x|^n.
 */
function posPow(al: number, ah: number, n: number): void {
  if (n % 2 === 0) {
    if (al >= 0) {
      OUT[0] = powLoPos(al, n);
      OUT[1] = powHiPos(ah, n);
    } else if (ah <= 0) {
      OUT[0] = powLoPos(-ah, n);
      OUT[1] = powHiPos(-al, n);
    } else {
      OUT[0] = 0;
      OUT[1] = powHiPos(Math.max(-al, ah), n);
    }
  } else {
    OUT[0] = al >= 0 ? powLoPos(al, n) : -powHiPos(-al, n);
    OUT[1] = ah >= 0 ? powHiPos(ah, n) : -powLoPos(-ah, n);
  }
}

/**
 * [al,ah]^n for any integer n. n = 0 gives [1,1] (x^0 = 1, also at 0); n < 0 is
 * 1/x^|n|, UNDEFINED ([NaN, NaN]) when 0 ∈ [al,ah]. For n < 0 the enclosure [pl,ph] of
 * x^|n| has one strict sign (x ≠ 0), and 1/t is decreasing on each side of 0, so
 * 1/x^|n| ∈ [1/ph, 1/pl], bounded by `divDown/divUp`; a bound pl = 0 (an underflowed
 * positive power) correctly gives +∞. A non-integer n is a caller bug and throws
 * RangeError. NaN in gives NaN out.
 *
 * Hot paths without loops: n = 2 is {@link sqr}; n = 3 bounds x³ at each endpoint
 * (x³ is increasing) with the fused error-free `cube` of eft.ts; n = 4 squares twice (the same bounds as binary
 * powering); n = 1 is exact. The integer check costs one `n | 0` comparison on the
 * other paths (`Number.isInteger` only when n is not an int32). powInt itself is kept
 * small so that V8 can inline it into generated code.
 */
export function powInt(al: number, ah: number, n: number): void {
  if (n === 2) {
    sqr(al, ah);
  } else if (n === 3) {
    OUT[0] = cube(al, false);
    OUT[1] = cube(ah, true);
  } else {
    powIntOther(al, ah, n);
  }
}

/** powInt for n ∉ {2, 3}: n = 1 exact, n = 4 by two squarings, the others by posPow. */
function powIntOther(al: number, ah: number, n: number): void {
  if (n === 1) {
    OUT[0] = al;
    OUT[1] = ah;
    return;
  }
  if (n === 4) {
    if (al >= 0) {
      OUT[0] = sqrDown(sqrDown(al));
      OUT[1] = sqrUp(sqrUp(ah));
    } else if (ah <= 0) {
      OUT[0] = sqrDown(sqrDown(ah));
      OUT[1] = sqrUp(sqrUp(al));
    } else if (ah > 0) {
      OUT[0] = 0;
      OUT[1] = sqrUp(sqrUp(-al > ah ? al : ah));
    } else {
      setEmpty(); // NaN
    }
    return;
  }
  if (n !== (n | 0) && !Number.isInteger(n)) throw new RangeError(`powInt: exponent ${n} is not an integer`);
  if (!(al <= ah)) return setEmpty();
  if (n === 0) {
    OUT[0] = 1;
    OUT[1] = 1;
  } else if (n > 0) {
    posPow(al, ah, n);
  } else if (al > 0 || ah < 0) {
    posPow(al, ah, -n);
    const pl = OUT[0]!;
    const ph = OUT[1]!;
    if (ph <= 0) {
      // odd power of a negative interval: x^|n| ∈ [pl, ph] ⊂ (−∞, 0)
      OUT[0] = ph < 0 ? divDown(1, ph) : -Infinity;
      OUT[1] = Math.min(0, divUp(1, pl));
    } else {
      OUT[0] = Math.max(0, divDown(1, ph));
      OUT[1] = pl > 0 ? divUp(1, pl) : Infinity;
    }
  } else {
    setUndefined();
  }
}

/**
 * The real power [al,ah]^[bl,bh].
 * - y a single integer (bl = bh ∈ ℤ): {@link powInt}, any base.
 * - x > 0: exp(Y·log X), each step an enclosure, so the result encloses x^y.
 * - x ≥ 0 with 0 ∈ X and y > 0: 0^y = 0 is the limit of exp(y·log x) as x → 0⁺; with
 *   log X = [−∞, log ah] the product Y·log X has lower bound −∞ and exp gives 0, so the
 *   same formula is sound.
 * - otherwise (a possibly negative base with a non-integer exponent, or 0^y with
 *   y ≤ 0 possible): UNDEFINED ([NaN, NaN]).
 */
export function pow(al: number, ah: number, bl: number, bh: number): void {
  if (bl === bh && Number.isInteger(bl)) return powInt(al, ah, bl);
  if (!(al <= ah && bl <= bh)) return setEmpty();
  if (!(al > 0 || (al === 0 && bl > 0))) return setUndefined();
  logNonNeg(al, ah);
  mul(OUT[0]!, OUT[1]!, bl, bh);
  exp(OUT[0]!, OUT[1]!);
}
