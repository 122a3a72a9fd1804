/**
 * The friendly immutable interval: a thin wrapper over the pair kernel (every method
 * calls one kernel function and reads `OUT`), so its soundness is the kernel's.
 */
import type { Rational } from '../exact/rational.js';
import * as K from './kernel.js';
import { E_HI, E_LO, PI_HI, PI_LO } from './constants.js';
import { fromRational } from './from-rational.js';
import { MAX } from './float.js';
import { upSum } from './rounding.js';

const OUT = K.OUT;

/**
 * A closed interval [lo, hi] of real numbers, lo ≤ hi, with ±∞ endpoints meaning
 * unbounded (the set holds only reals). [NaN, NaN] is both the empty interval and
 * UNDEFINED, the answer to a domain error (an operation undefined at some point of the
 * box: √ or log reaching below their domain, division by an interval containing 0, …).
 * NaN propagates through every operation, and since every comparison with NaN is false,
 * such a result never proves anything.
 */
export class Interval {
  private constructor(
    /** Lower endpoint (a double ≤ every element); NaN when empty. */
    readonly lo: number,
    /** Upper endpoint (a double ≥ every element); NaN when empty. */
    readonly hi: number,
  ) {}

  /** [−∞, +∞], all reals (not a domain error: those give {@link Interval.UNDEFINED}). */
  static readonly ENTIRE = new Interval(-Infinity, Infinity);
  /** The empty interval [NaN, NaN]. */
  static readonly EMPTY = new Interval(NaN, NaN);
  /**
   * [NaN, NaN], the answer to domain errors (the same value as {@link Interval.EMPTY}:
   * `isEmpty()` is true; it propagates and proves nothing).
   */
  static readonly UNDEFINED = Interval.EMPTY;
  /** A rigorous enclosure of π (two adjacent doubles). */
  static readonly PI = new Interval(PI_LO, PI_HI);
  /** A rigorous enclosure of e (two adjacent doubles). */
  static readonly E = new Interval(E_LO, E_HI);

  /**
   * [lo, hi] from doubles taken as exact. NaN in either gives EMPTY; lo > hi, lo = +∞ or
   * hi = −∞ throw RangeError (no real number lies in such a set: a caller bug).
   */
  static of(lo: number, hi: number): Interval {
    if (lo !== lo || hi !== hi) return Interval.EMPTY;
    if (lo > hi || lo === Infinity || hi === -Infinity) {
      throw new RangeError(`Interval.of: invalid endpoints [${lo}, ${hi}]`);
    }
    return new Interval(lo, hi);
  }

  /** The point interval [x, x] of a double taken as exact (use fromRational for "0.1"). */
  static point(x: number): Interval {
    return Interval.of(x, x);
  }

  /** The tightest double enclosure of an exact rational (see from-rational.ts). */
  static fromRational(r: Rational): Interval {
    const [lo, hi] = fromRational(r);
    return new Interval(lo, hi);
  }

  /** Wraps the kernel's last result (the kernel keeps lo ≤ hi or both NaN). */
  private static out(): Interval {
    return new Interval(OUT[0]!, OUT[1]!);
  }

  /** x + y (exact sums stay exact) */
  add(o: Interval): Interval {
    K.add(this.lo, this.hi, o.lo, o.hi);
    return Interval.out();
  }
  /** x − y (exact differences stay exact) */
  sub(o: Interval): Interval {
    K.sub(this.lo, this.hi, o.lo, o.hi);
    return Interval.out();
  }
  /** x · y (0·∞ corners count as 0: the intervals hold only reals; exact products stay exact) */
  mul(o: Interval): Interval {
    K.mul(this.lo, this.hi, o.lo, o.hi);
    return Interval.out();
  }
  /** undefined ([NaN, NaN]) when `o` contains 0 (also as an endpoint). */
  div(o: Interval): Interval {
    K.div(this.lo, this.hi, o.lo, o.hi);
    return Interval.out();
  }
  /** x^y; undefined ([NaN, NaN]) for a possibly negative base with a non-integer exponent. */
  pow(o: Interval): Interval {
    K.pow(this.lo, this.hi, o.lo, o.hi);
    return Interval.out();
  }
  /** max(x, y), elementwise */
  max(o: Interval): Interval {
    K.max(this.lo, this.hi, o.lo, o.hi);
    return Interval.out();
  }
  /** min(x, y), elementwise */
  min(o: Interval): Interval {
    K.min(this.lo, this.hi, o.lo, o.hi);
    return Interval.out();
  }
  /** x^n for an integer n (tight; undefined ([NaN, NaN]) for n < 0 when 0 ∈ x). */
  powInt(n: number): Interval {
    K.powInt(this.lo, this.hi, n);
    return Interval.out();
  }
  /** −x (exact) */
  neg(): Interval {
    K.neg(this.lo, this.hi);
    return Interval.out();
  }
  /** x² (tight: [−2,3]² = [0, 9], exact since 9 is a double) */
  sqr(): Interval {
    K.sqr(this.lo, this.hi);
    return Interval.out();
  }
  /** 1/x; undefined ([NaN, NaN]) when 0 ∈ x */
  recip(): Interval {
    K.recip(this.lo, this.hi);
    return Interval.out();
  }
  /** √x; undefined ([NaN, NaN]) unless x ≥ 0 */
  sqrt(): Interval {
    K.sqrt(this.lo, this.hi);
    return Interval.out();
  }
  /** eˣ (an overflowing upper endpoint is +∞, never finite) */
  exp(): Interval {
    K.exp(this.lo, this.hi);
    return Interval.out();
  }
  /** ln x; undefined ([NaN, NaN]) unless x > 0 */
  log(): Interval {
    K.log(this.lo, this.hi);
    return Interval.out();
  }
  /** ln(1 + x); undefined ([NaN, NaN]) unless x > −1 */
  log1p(): Interval {
    K.log1p(this.lo, this.hi);
    return Interval.out();
  }
  /** sin x */
  sin(): Interval {
    K.sin(this.lo, this.hi);
    return Interval.out();
  }
  /** cos x */
  cos(): Interval {
    K.cos(this.lo, this.hi);
    return Interval.out();
  }
  /** tanh x */
  tanh(): Interval {
    K.tanh(this.lo, this.hi);
    return Interval.out();
  }
  /** |x| */
  abs(): Interval {
    K.abs(this.lo, this.hi);
    return Interval.out();
  }
  /** 1/(1 + e^−x) */
  sigmoid(): Interval {
    K.sigmoid(this.lo, this.hi);
    return Interval.out();
  }
  /** ln(1 + eˣ) */
  softplus(): Interval {
    K.softplus(this.lo, this.hi);
    return Interval.out();
  }
  /** max(x, 0) */
  relu(): Interval {
    K.relu(this.lo, this.hi);
    return Interval.out();
  }
  /** sign x (−1, 0 or 1, hulled; sign[0,0] = [0,0]) */
  sign(): Interval {
    K.sign(this.lo, this.hi);
    return Interval.out();
  }
  /** Heaviside step (0 for x < 0, 1 for x > 0, [0,1] when 0 ∈ x) */
  step(): Interval {
    K.step(this.lo, this.hi);
    return Interval.out();
  }

  /** Whether the double x lies in the interval (false when empty or x is NaN). */
  contains(x: number): boolean {
    return this.lo <= x && x <= this.hi;
  }

  /** An upper bound of hi − lo (rounded up; +∞ if unbounded; NaN if empty). */
  width(): number {
    return Math.max(0, upSum(this.hi - this.lo));
  }

  /**
   * A double inside the interval near its middle, for bisection (not an enclosure):
   * lo/2 + hi/2 clamped into [lo, hi]; 0 for ENTIRE; ±MAX for half-unbounded; NaN if empty.
   */
  mid(): number {
    const { lo, hi } = this;
    if (lo === -Infinity) return hi === Infinity ? 0 : Math.min(-MAX, hi);
    if (hi === Infinity) return Math.max(MAX, lo);
    return Math.min(hi, Math.max(lo, lo / 2 + hi / 2));
  }

  /** Whether this is [−∞, +∞]. */
  isEntire(): boolean {
    return this.lo === -Infinity && this.hi === Infinity;
  }
  /** Whether this is [NaN, NaN]: empty, or undefined (a domain error). */
  isEmpty(): boolean {
    return this.lo !== this.lo || this.hi !== this.hi;
  }
  /** Both endpoints finite (false when empty). */
  isBounded(): boolean {
    return Number.isFinite(this.lo) && Number.isFinite(this.hi);
  }

  /** The smallest interval containing both (EMPTY is the neutral element). */
  hull(o: Interval): Interval {
    if (this.isEmpty()) return o;
    if (o.isEmpty()) return this;
    return new Interval(Math.min(this.lo, o.lo), Math.max(this.hi, o.hi));
  }

  /** The intersection (EMPTY when disjoint or either is empty). */
  intersect(o: Interval): Interval {
    const lo = Math.max(this.lo, o.lo);
    const hi = Math.min(this.hi, o.hi);
    return lo <= hi ? new Interval(lo, hi) : Interval.EMPTY;
  }

  /**
   * `[lo, hi]` with shortest round-trip decimals, `[empty]` (also for UNDEFINED, the same
   * value) or `[entire]`.
   */
  toString(): string {
    if (this.isEmpty()) return '[empty]';
    if (this.isEntire()) return '[entire]';
    return `[${this.lo}, ${this.hi}]`;
  }
}
