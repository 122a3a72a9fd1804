/**
 * Exact rational numbers on BigInt: the ground truth for constant folding, for exact
 * problem constants ("1/5", "0.1") and for the test oracles.
 *
 * Invariant (checked by every constructor except `unsafeRaw`): `den > 0` and
 * `gcd(|num|, den) = 1`, so equal rationals have equal fields.
 */
export class Rational {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);
  static readonly MINUS_ONE = new Rational(-1n, 1n);

  /** Builds num/den in lowest terms; throws on a zero denominator. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('Rational: zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return g === 1n ? new Rational(n, d) : new Rational(n / g, d / g);
  }

  /** The exact value of a finite double (every double is a dyadic rational). */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new RangeError(`Rational: non-finite number ${x}`);
    if (Number.isInteger(x)) return Rational.of(BigInt(x));
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, x);
    const bits = buf.getBigUint64(0);
    const sign = bits >> 63n ? -1n : 1n;
    const exp = Number((bits >> 52n) & 0x7ffn);
    const frac = bits & 0xfffffffffffffn;
    const mant = exp === 0 ? frac : frac | (1n << 52n);
    const e = (exp === 0 ? 1 : exp) - 1075;
    return e >= 0 ? Rational.of(sign * (mant << BigInt(e))) : Rational.of(sign * mant, 1n << BigInt(-e));
  }

  /**
   * Parses a decimal literal exactly: "12", "-0.1", "2.5e-3", "1E+4". Returns undefined
   * for anything else (the caller reports the error with its own context).
   */
  static parseDecimal(text: string): Rational | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const [, sgn, intPart, fracPart = '', expPart] = m;
    const exp = Number(expPart ?? '0') - fracPart.length;
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 100000) return undefined;
    let n = BigInt((intPart || '0') + fracPart);
    if (sgn === '-') n = -n;
    return exp >= 0 ? Rational.of(n * 10n ** BigInt(exp)) : Rational.of(n, 10n ** BigInt(-exp));
  }

  /** The decimal a JS number prints as (shortest round-trip), read exactly: 0.1 → 1/10. */
  static fromShortestDecimal(x: number): Rational {
    const r = Rational.parseDecimal(String(x));
    if (!r) throw new RangeError(`Rational: non-finite number ${x}`);
    return r;
  }

  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError('Rational: division by zero');
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  abs(): Rational {
    return this.num < 0n ? this.neg() : this;
  }
  /** this^k for an integer k (negative k needs a non-zero base). */
  pow(k: number): Rational {
    if (!Number.isInteger(k)) throw new RangeError('Rational.pow: integer exponent only');
    let [n, d] = [this.num, this.den];
    if (k < 0) {
      if (n === 0n) throw new RangeError('Rational: division by zero');
      [n, d] = n < 0n ? [-d, -n] : [d, n];
      k = -k;
    }
    // gcd(n, d) = 1 implies gcd(n^k, d^k) = 1: no gcd needed (it is the slow part for large k).
    const e = BigInt(k);
    return new Rational(n ** e, d ** e);
  }
  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  isOne(): boolean {
    return this.num === 1n && this.den === 1n;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }
  cmp(o: Rational): -1 | 0 | 1 {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  equals(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  /** Nearest double (round to nearest; NOT a bound: use interval `fromRational` for bounds). */
  toNumber(): number {
    return ratioToNumber(this.num, this.den);
  }
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/**
 * Correctly rounded (round-half-even) conversion of num/den (den > 0), subnormals
 * included: the quotient is scaled by 2^k so that its integer part has at most 53 bits
 * (k capped at 1074, the subnormal limit), rounded once with BigInt arithmetic, and then
 * scaled back by exact multiplications by powers of two.
 */
function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const neg = num < 0n;
  const n = neg ? -num : num;
  const bits = (x: bigint) => x.toString(2).length;
  let k = 53 - (bits(n) - bits(den));
  if (k > 1074) k = 1074;
  const scaled = (kk: number) => (kk >= 0 ? [n << BigInt(kk), den] : [n, den << BigInt(-kk)]) as [bigint, bigint];
  let [a, b] = scaled(k);
  let q = a / b;
  if (q >= 1n << 53n && k > -2000) {
    k -= 1;
    [a, b] = scaled(k);
    q = a / b;
  }
  const r = a - q * b;
  if (2n * r > b || (2n * r === b && (q & 1n) === 1n)) q += 1n;
  // q ≤ 2^53 and q·2^-k is representable (or overflows to ∞, which is the right rounding).
  let v = Number(q);
  let e = -k;
  while (e > 0) {
    const s2 = Math.min(e, 1000);
    v *= 2 ** s2;
    e -= s2;
    if (!Number.isFinite(v)) break;
  }
  while (e < 0) {
    const s2 = Math.min(-e, 1000);
    v *= 2 ** -s2;
    e += s2;
  }
  return neg ? -v : v;
}
