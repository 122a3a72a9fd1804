/**
 * The previous kernel implementations of + − × ÷ recip sqr powInt sqrt exp (cheap
 * one-step widening of every rounded result, four corner products, binary powering),
 * kept verbatim (with the UNDEFINED convention for domain errors) as test oracles and as
 * the "before" of bench/kernel.ts. Their soundness rests only on Lemma R of rounding.ts,
 * so the tests demand that the faster, exactness-aware kernel results are never wider
 * than these (new ⊆ old) and still contain the exact values.
 *
 * Not used by src/: do not import from the library.
 */
import { down, down2, downSum, up, up2, upSum } from '../../src/interval/rounding.js';
import { OUT, setEmpty, setUndefined } from '../../src/interval/out.js';

export function add(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = downSum(al + bl);
  OUT[1] = upSum(ah + bh);
}

export function sub(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = downSum(al - bh);
  OUT[1] = upSum(ah - bl);
}

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
      OUT[0] = 0;
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

function z(p: number): number {
  return p === p ? p : 0;
}

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
    setUndefined();
    return;
  }
  OUT[0] = lo;
  OUT[1] = hi;
}

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

function powLoPos(x: number, n: number): number {
  let b = x;
  while (n % 2 === 0) {
    b = Math.max(0, down(b * b));
    n /= 2;
  }
  let r = b;
  n = (n - 1) / 2;
  while (n > 0) {
    b = Math.max(0, down(b * b));
    if (n % 2 === 1) r = Math.max(0, down(r * b));
    n = Math.floor(n / 2);
  }
  return r;
}

function powHiPos(x: number, n: number): number {
  let b = x;
  while (n % 2 === 0) {
    b = up(b * b);
    n /= 2;
  }
  let r = b;
  n = (n - 1) / 2;
  while (n > 0) {
    b = up(b * b);
    if (n % 2 === 1) r = up(r * b);
    n = Math.floor(n / 2);
  }
  return r;
}

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

export function powInt(al: number, ah: number, n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`powInt: exponent ${n} is not an integer`);
  if (!(al <= ah)) return setEmpty();
  if (n === 2) return sqr(al, ah);
  if (n === 1) {
    OUT[0] = al;
    OUT[1] = ah;
  } else if (n === 0) {
    OUT[0] = 1;
    OUT[1] = 1;
  } else if (n > 0) {
    posPow(al, ah, n);
  } else if (al > 0 || ah < 0) {
    posPow(al, ah, -n);
    const pl = OUT[0]!;
    const ph = OUT[1]!;
    if (ph <= 0) {
      OUT[0] = ph < 0 ? down(1 / ph) : -Infinity;
      OUT[1] = Math.min(0, up(1 / pl));
    } else {
      OUT[0] = Math.max(0, down(1 / ph));
      OUT[1] = pl > 0 ? up(1 / pl) : Infinity;
    }
  } else {
    setUndefined();
  }
}

export function sqrt(al: number, ah: number): void {
  if (al >= 0) {
    OUT[0] = Math.max(0, down(Math.sqrt(al)));
    OUT[1] = up(Math.sqrt(ah));
  } else if (al < 0) {
    setUndefined();
  } else {
    setEmpty();
  }
}

export function exp(al: number, ah: number): void {
  OUT[0] = Math.max(al >= 0 ? 1 : 0, down2(Math.exp(al)));
  OUT[1] = ah <= 0 ? Math.min(1, up2(Math.exp(ah))) : up2(Math.exp(ah));
}
