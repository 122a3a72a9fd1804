/**
 * A small high-precision oracle for the tests: exp, expm1, log, log1p, sin, cos, tanh,
 * sigmoid and softplus of an exact rational, evaluated in BigInt fixed point with
 * P = 320 fraction bits and returned as an exact Rational `v` whose error is far below
 * `tol(v) = 2^−200·|v|` for the arguments the tests use (series truncated below 2^−P, a
 * few units of 2^−P lost per step, reduction constants accurate to 2^−P times at most
 * ~1100, results not smaller than ~2^−100 except exact zeros; exp is relative anyway).
 *
 * It is independent of Math.*: it is what lets the tests check both the kernel's
 * enclosures and the < 1 ulp claim about V8's libm that the kernel relies on.
 */
import { Rational } from '../../src/exact/rational.js';

const P = 320n;
const ONE = 1n << P;

/** ⌊r·2^P⌋. */
function fx(r: Rational): bigint {
  const n = r.num << P;
  const q = n / r.den;
  return n < 0n && q * r.den !== n ? q - 1n : q;
}
const mulF = (a: bigint, b: bigint): bigint => (a * b) >> P;
const toR = (m: bigint): Rational => Rational.of(m, ONE);

/** atanh(z) = Σ z^(2k+1)/(2k+1), |z| ≤ 1/3, fixed point. */
function atanhF(z: bigint): bigint {
  const z2 = mulF(z, z);
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = mulF(term, z2);
  }
  return sum;
}

/** atan(1/n) = Σ (−1)^k / ((2k+1) n^(2k+1)), fixed point. */
function atanInvF(n: bigint): bigint {
  let term = ONE / n;
  let sum = 0n;
  const n2 = n * n;
  for (let k = 1n, s = 1n; term !== 0n; k += 2n, s = -s) {
    sum += (s * term) / k;
    term /= n2;
  }
  return sum;
}

const LN2 = 2n * atanhF(ONE / 3n);
const HALF_PI = 2n * (4n * atanInvF(5n) - atanInvF(239n)); // Machin: π/4 = 4 atan(1/5) − atan(1/239)

/** π/2 to 320 bits (error < 2^−318). */
export const HALF_PI_HP: Rational = Rational.of(HALF_PI, ONE);

/** Σ_{k ≥ k0} r^k/k! for |r| ≤ 1 (k0 = 0: exp, k0 = 1: expm1). */
function expSeriesF(r: bigint, k0: number): bigint {
  let term = ONE;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k++) {
    if (k - 1n >= BigInt(k0)) sum += term;
    term = mulF(term, r) / k;
  }
  return sum;
}

/** e^x. */
export function expHP(x: Rational): Rational {
  const k = Math.round(x.toNumber() / Math.LN2);
  const e = expSeriesF(fx(x) - BigInt(k) * LN2, 0);
  return k >= 0 ? Rational.of(e << BigInt(k), ONE) : Rational.of(e, ONE << BigInt(-k));
}

/** e^x − 1 (series near 0 to keep relative accuracy). */
export function expm1HP(x: Rational): Rational {
  if (Math.abs(x.toNumber()) < 0.5) return toR(expSeriesF(fx(x), 1));
  return expHP(x).sub(Rational.ONE);
}

/** ln q for q > 0: q = m·2^e with m ∈ [1,2), ln m = 2 atanh((m−1)/(m+1)). */
export function logHP(q: Rational): Rational {
  let e = q.num.toString(2).length - q.den.toString(2).length;
  const scale = (k: number): Rational => (k >= 0 ? Rational.of(1n << BigInt(k)) : Rational.of(1n, 1n << BigInt(-k)));
  let m = q.div(scale(e));
  while (m.cmp(Rational.ONE) < 0) m = q.div(scale(--e));
  while (m.cmp(Rational.of(2)) >= 0) m = q.div(scale(++e));
  const z = m.sub(Rational.ONE).div(m.add(Rational.ONE));
  return toR(2n * atanhF(fx(z)) + BigInt(e) * LN2);
}

/**
 * ln(1 + x) for x > −1: for |x| < 2^−10, x·Σ (−x)^k/(k+1) with the sum in fixed point
 * (relative accuracy whatever the size of x), else ln of the exact 1 + x.
 */
export function log1pHP(x: Rational): Rational {
  if (Math.abs(x.toNumber()) >= 2 ** -10) return logHP(Rational.ONE.add(x));
  const mx = -fx(x);
  let pw = ONE;
  let sum = 0n;
  for (let k = 1n; pw !== 0n; k++) {
    sum += pw / k;
    pw = mulF(pw, mx);
  }
  return x.mul(toR(sum));
}

function sinCosF(x: Rational): [bigint, bigint] {
  const k = Math.round(x.toNumber() / (Math.PI / 2));
  const r = fx(x) - BigInt(k) * HALF_PI;
  const r2 = mulF(r, r);
  let s = 0n;
  let c = 0n;
  let ts = r;
  let tc = ONE;
  for (let n = 1n; ts !== 0n || tc !== 0n; n += 2n) {
    s += ts;
    c += tc;
    ts = -mulF(ts, r2) / ((n + 1n) * (n + 2n));
    tc = -mulF(tc, r2) / (n * (n + 1n));
  }
  const q = ((k % 4) + 4) % 4;
  return [[s, c, -s, -c][q]!, [c, -s, -c, s][q]!];
}

/** sin x (argument reduction by a 320-bit π/2; fine for |x| up to ~1e6). */
export const sinHP = (x: Rational): Rational => toR(sinCosF(x)[0]);
/** cos x. */
export const cosHP = (x: Rational): Rational => toR(sinCosF(x)[1]);

/** tanh x = expm1(2x)/(expm1(2x) + 2). */
export function tanhHP(x: Rational): Rational {
  const u = expm1HP(x.mul(Rational.of(2)));
  return u.div(u.add(Rational.of(2)));
}

/** 1/(1 + e^−x). */
export const sigmoidHP = (x: Rational): Rational => Rational.ONE.div(Rational.ONE.add(expHP(x.neg())));

/** ln(1 + e^x). */
export const softplusHP = (x: Rational): Rational => log1pHP(expHP(x));

/** The oracle's error allowance 2^−200·|v| (zero for the exact zeros sin 0, log 1). */
export function tol(v: Rational): Rational {
  return Rational.of(1n, 1n << 200n).mul(v.abs());
}
