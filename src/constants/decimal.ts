import { Rational } from '../exact/rational.js';

/**
 * Short decimals for printed constants. A printed constant must be exactly the constant that
 * was checked: a decimal with at most 15 significant digits prints (JSON, shortest
 * round-trip) as itself, and `lscert check --alpha <printed>` reads that decimal exactly.
 */

/** The decimal with `digits` significant digits next to x in direction dir (≤ x for 'down'). */
export function roundDecimal(x: Rational, digits: number, dir: 'down' | 'up'): Rational {
  if (x.isZero()) return x;
  const abs = x.abs();
  // e = ⌊log10 |x|⌋, found exactly by comparing with powers of ten.
  let e = Math.floor(Math.log10(Math.abs(x.toNumber())) || 0);
  while (Rational.of(10).pow(e).cmp(abs) > 0) e--;
  while (
    Rational.of(10)
      .pow(e + 1)
      .cmp(abs) <= 0
  )
    e++;
  const scale = Rational.of(10).pow(digits - 1 - e); // x·scale has `digits` digits before the point
  const y = x.mul(scale);
  const fl = floorDiv(y.num, y.den);
  const n = dir === 'down' ? fl : fl * y.den === y.num ? fl : fl + 1n;
  return Rational.of(n).div(scale);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * The shortest decimal d (at most 15 significant digits) on the `dir` side of x with
 * |x − d| ≤ tol: d ≤ x for 'down', d ≥ x for 'up'. x is a double taken exactly.
 */
export function shortDecimal(x: number, dir: 'down' | 'up', tol: number): Rational {
  const r = Rational.fromNumber(x);
  const t = Rational.fromNumber(Math.max(tol, 0));
  for (let digits = 1; digits < 15; digits++) {
    const d = roundDecimal(r, digits, dir);
    if (d.sub(r).abs().cmp(t) <= 0) return d;
  }
  return roundDecimal(r, 15, dir);
}

/** A short decimal strictly inside (lo, hi), as close to `toward` ('lo' or 'hi') as `tol` allows. */
export function decimalInside(lo: Rational, hi: Rational, toward: 'lo' | 'hi', tol: number): Rational | null {
  if (lo.cmp(hi) > 0) return null;
  const end = toward === 'hi' ? hi : lo;
  const dir = toward === 'hi' ? 'down' : 'up';
  for (let digits = 1; digits <= 15; digits++) {
    const d = roundDecimal(end, digits, dir);
    if (
      d.cmp(lo) >= 0 &&
      d.cmp(hi) <= 0 &&
      d
        .sub(end)
        .abs()
        .cmp(Rational.fromNumber(Math.max(tol, 0))) <= 0
    )
      return d;
  }
  const d = roundDecimal(end, 15, dir);
  return d.cmp(lo) >= 0 && d.cmp(hi) <= 0 ? d : null;
}

/**
 * The double nearest to r (ties to even), exactly: a printed decimal with at most 15
 * significant digits then reads back as itself. `Rational.toNumber` is correctly rounded.
 */
export function toDouble(r: Rational): number {
  return r.toNumber(); // correctly rounded (ties to even), see src/exact/rational.ts
}
