/**
 * Real algebraic numbers: "the root of p in [lo, hi]", for a polynomial p with rational
 * coefficients and an isolating interval with rational ends. They are the constants of
 * `root(p(t), t, lo, hi)` in the expression language (for example the largest eigenvalue of
 * a 3×3 matrix, a root of its characteristic cubic), so that problems whose minimizers need
 * such a constant can still be stated exactly.
 *
 * Everything here is exact rational arithmetic: the isolation is proved with a Sturm sequence,
 * and the double enclosure comes from exact bisection followed by the outward conversion of
 * the rational ends (fromRational). Nothing in it depends on a floating-point root finder.
 */
import { LscertError } from '../errors.js';
import { fromRational } from '../interval/from-rational.js';
import { Rational } from './rational.js';

/** A real root of p = Σ coeffs[k] t^k, the only one in [lo, hi] (neither end is a root). */
export interface AlgebraicRoot {
  /** c_0 … c_n: square-free, integer, content 1, c_n > 0, n ≥ 2 (degree 1 folds to a rational). */
  readonly coeffs: readonly Rational[];
  readonly lo: Rational;
  readonly hi: Rational;
  /** Display name of the bound variable (t in root(t^3 - 2, t, 1, 2)). */
  readonly variable: string;
  /** Identity: equal keys are the same number (same p, same interval). */
  readonly key: string;
}

/** Why a root() definition is rejected (bad input: the message is user-facing). */
export class AlgebraicError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}

type UPoly = Rational[]; // coefficients, low degree first, no trailing zeros (the zero polynomial is [])

function trim(p: UPoly): UPoly {
  let n = p.length;
  while (n > 0 && p[n - 1]!.isZero()) n--;
  return p.slice(0, n);
}

const deg = (p: UPoly) => p.length - 1;

/** p(x), exactly (Horner). */
export function evalUPoly(p: readonly Rational[], x: Rational): Rational {
  let acc = Rational.ZERO;
  for (let k = p.length - 1; k >= 0; k--) acc = acc.mul(x).add(p[k]!);
  return acc;
}

/**
 * The sign of p(x) for p with integer coefficients, in BigInt alone: for x = a/b (b > 0),
 * sign p(x) = sign Σ c_k a^k b^(n−k), by Horner without any gcd (Rational's normalization on
 * every step made a degree-60 root take seconds to enclose).
 */
function signAt(p: readonly Rational[], x: Rational): -1 | 0 | 1 {
  const n = p.length - 1;
  if (n < 0) return 0;
  // Only numerators are read: a fractional coefficient would give a wrong sign, so refuse it
  // (every caller passes a primitive polynomial or a Sturm element scaled to integers).
  for (const c of p) if (c.den !== 1n) throw new Error('signAt: the polynomial must have integer coefficients');
  const a = x.num;
  const b = x.den;
  let acc = p[n]!.num;
  let bPow = 1n;
  for (let k = n - 1; k >= 0; k--) {
    bPow *= b;
    acc = acc * a + p[k]!.num * bPow;
  }
  return acc > 0n ? 1 : acc < 0n ? -1 : 0;
}

function derivative(p: UPoly): UPoly {
  return trim(p.slice(1).map((c, k) => c.mul(Rational.of(k + 1))));
}

/** Remainder and quotient of a by b (b non-zero). */
function divmod(a: UPoly, b: UPoly): { q: UPoly; r: UPoly } {
  let r = a.slice();
  const q: Rational[] = new Array(Math.max(0, a.length - b.length + 1)).fill(Rational.ZERO);
  const lead = b[b.length - 1]!;
  while (r.length >= b.length && r.length > 0) {
    const shift = r.length - b.length;
    const c = r[r.length - 1]!.div(lead);
    q[shift] = c;
    for (let k = 0; k < b.length; k++) r[shift + k] = r[shift + k]!.sub(c.mul(b[k]!));
    r = trim(r);
  }
  return { q: trim(q), r };
}

/** A gcd of a and b, up to a constant factor (each remainder made primitive, so coefficients stay small). */
function gcd(a: UPoly, b: UPoly): UPoly {
  let x = a;
  let y = b;
  while (y.length > 0) {
    const r = divmod(x, y).r;
    [x, y] = [y, r.length > 0 ? positivePrimitive(r) : r];
  }
  return x;
}

/** Highest degree of a root() polynomial. */
export const MAX_ROOT_DEGREE = 32;
/**
 * Largest coefficient (bits) of a remainder in the square-free and Sturm computations. Beyond it
 * the isolation is refused rather than left to run: a dense random polynomial of degree 64 ran for
 * minutes (parsing is outside --time-limit), degree 32 took 5 s before the remainders were made primitive.
 */
const MAX_REMAINDER_BITS = 4096;

/** p scaled by a positive number to integer coefficients with content 1 (signs kept); refuses too large a result. */
function positivePrimitive(p: UPoly): UPoly {
  const q = primitive(p);
  for (const c of q)
    if (c.num.toString(16).length * 4 > MAX_REMAINDER_BITS)
      throw new AlgebraicError(
        `isolating this root needs coefficients of more than ${MAX_REMAINDER_BITS} bits; give a polynomial of lower degree or with smaller coefficients`,
      );
  return p[p.length - 1]!.sign() < 0 ? q.map((c) => c.neg()) : q;
}

/** p scaled to integer coefficients with content 1 and a positive leading coefficient. */
function primitive(p: UPoly): UPoly {
  let lcm = 1n;
  const g = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : g(b, a % b));
  for (const c of p) lcm = (lcm / g(lcm, c.den)) * c.den;
  const ints = p.map((c) => (c.num * lcm) / c.den);
  let content = 0n;
  for (const c of ints) content = g(content, c);
  const s = ints[ints.length - 1]! < 0n ? -1n : 1n;
  return ints.map((c) => Rational.of((s * c) / content));
}

/** Sign changes of the Sturm sequence at x (zeros skipped). */
function variations(seq: readonly UPoly[], x: Rational): number {
  let count = 0;
  let prev = 0;
  for (const p of seq) {
    const s = signAt(p, x);
    if (s === 0) continue;
    if (prev !== 0 && s !== prev) count++;
    prev = s;
  }
  return count;
}

/**
 * The Sturm sequence of p (integer coefficients), each element scaled by a positive number to
 * integer coefficients with content 1: positive factors keep every sign, hence the count of sign
 * changes, and keep the remainders' coefficients from growing (degree 60: 1.3 s without).
 */
function sturm(p: UPoly): UPoly[] {
  const seq: UPoly[] = [p, positivePrimitive(derivative(p))];
  while (seq[seq.length - 1]!.length > 1) {
    const r = divmod(seq[seq.length - 2]!, seq[seq.length - 1]!).r;
    if (r.length === 0) break;
    seq.push(positivePrimitive(r.map((c) => c.neg())));
  }
  return seq;
}

/** Text of p in `variable`, in the expression language (exact rational coefficients). */
export function polyText(coeffs: readonly Rational[], variable: string): string {
  const parts: string[] = [];
  for (let k = coeffs.length - 1; k >= 0; k--) {
    const c = coeffs[k]!;
    if (c.isZero()) continue;
    const mono = k === 0 ? '' : k === 1 ? variable : `${variable}^${k}`;
    const a = c.abs();
    const body = mono === '' ? a.toString() : a.isOne() ? mono : `${a.toString()}*${mono}`;
    parts.push(parts.length === 0 ? (c.sign() < 0 ? `-${body}` : body) : `${c.sign() < 0 ? '-' : '+'} ${body}`);
  }
  return parts.length ? parts.join(' ') : '0';
}

/** `root(p, t, lo, hi)`: parses back to the same number. */
export function rootText(r: AlgebraicRoot): string {
  return `root(${polyText(r.coeffs, r.variable)}, ${r.variable}, ${r.lo}, ${r.hi})`;
}

/**
 * The root of p in [lo, hi], proved to be the only one there (Sturm's theorem), or a rational
 * when p has degree 1. p is replaced by its square-free part (same roots, all simple).
 * Throws AlgebraicError when p is constant, lo ≥ hi, an end is a root, or [lo, hi] holds
 * no root or more than one.
 */
export function algebraicRoot(coeffs: readonly Rational[], lo: Rational, hi: Rational, variable = 't'): AlgebraicRoot | Rational {
  let p = trim(coeffs.slice());
  if (p.length < 2) throw new AlgebraicError('the polynomial is constant: it has no isolated root');
  if (p.length - 1 > MAX_ROOT_DEGREE) throw new AlgebraicError(`the polynomial has degree ${p.length - 1}; root() takes degree ${MAX_ROOT_DEGREE} at most`);
  if (lo.cmp(hi) >= 0) throw new AlgebraicError(`the interval [${lo}, ${hi}] is empty or a point: give lo < hi`);
  const g = gcd(p, derivative(p));
  if (g.length > 1) p = divmod(p, g).q; // square-free part: every root simple
  p = primitive(p);
  if (signAt(p, lo) === 0 || signAt(p, hi) === 0)
    throw new AlgebraicError(`an end of [${lo}, ${hi}] is itself a root: give an interval whose ends are not roots`);
  const seq = sturm(p);
  const count = variations(seq, lo) - variations(seq, hi);
  if (count !== 1) throw new AlgebraicError(`${polyText(p, variable)} has ${count} real roots in [${lo}, ${hi}], not exactly one`);
  if (deg(p) === 1) return p[0]!.neg().div(p[1]!);
  const key = `${p.map(String).join(',')}|${lo}|${hi}`;
  return { coeffs: p, lo, hi, variable, key };
}

/** A rational interval [lo, hi] around the root, narrowed by exact bisection `steps` times. */
export function narrowRoot(r: AlgebraicRoot, steps: number): { lo: Rational; hi: Rational } {
  let lo = r.lo;
  let hi = r.hi;
  const sLo = signAt(r.coeffs, lo);
  const half = Rational.of(1, 2);
  for (let k = 0; k < steps; k++) {
    const mid = lo.add(hi).mul(half);
    const s = signAt(r.coeffs, mid);
    if (s === 0) return { lo: mid, hi: mid };
    if (s === sLo) lo = mid;
    else hi = mid;
  }
  return { lo, hi };
}

const enclosures = new Map<string, [number, number]>();

/**
 * Doubles [a, b] with a ≤ root ≤ b, as tight as bisection reaches in a few hundred steps
 * (usually adjacent doubles): the exact rational bracket, each end rounded outward.
 */
export function rootEnclosure(r: AlgebraicRoot): [number, number] {
  const hit = enclosures.get(r.key);
  if (hit) return hit;
  let lo = r.lo;
  let hi = r.hi;
  let out: [number, number] = [fromRational(lo)[0], fromRational(hi)[1]];
  for (let round = 0; round < 40; round++) {
    ({ lo, hi } = narrowRoot({ ...r, lo, hi }, 32));
    const next: [number, number] = [fromRational(lo)[0], fromRational(hi)[1]];
    const same = next[0] === out[0] && next[1] === out[1];
    out = next;
    if (same && round > 1) break; // the doubles no longer move
  }
  enclosures.set(r.key, out);
  return out;
}

/** A double near the root (the midpoint of its enclosure): for float evaluation only. */
export function rootFloat(r: AlgebraicRoot): number {
  const [a, b] = rootEnclosure(r);
  return a + (b - a) / 2;
}

/**
 * s with s·q ≡ 1 modulo p (coefficients low degree first), or null when q and p share a
 * root (their gcd is not constant) or q ≡ 0. Used to divide by a polynomial in an algebraic
 * constant t: q(t) ≠ 0 at every root of p then, and 1/q(t) = s(t) there.
 */
export function inverseModulo(q: readonly Rational[], p: readonly Rational[]): Rational[] | null {
  // extended Euclid: invariant r_k ≡ s_k·q (mod p)
  let r0 = trim(p.slice());
  let r1 = divmod(trim(q.slice()), r0).r;
  let s0: UPoly = [];
  let s1: UPoly = [Rational.ONE];
  while (r1.length > 1) {
    const { q: quo, r } = divmod(r0, r1);
    const s2 = subPoly(s0, mulPoly(quo, s1));
    [r0, r1, s0, s1] = [r1, r, s1, s2];
  }
  if (r1.length === 0) return null; // gcd(q, p) has positive degree (or q ≡ 0)
  const c = r1[0]!;
  return divmod(
    s1.map((x) => x.div(c)),
    trim(p.slice()),
  ).r;
}

function mulPoly(a: UPoly, b: UPoly): UPoly {
  if (!a.length || !b.length) return [];
  const out: Rational[] = new Array(a.length + b.length - 1).fill(Rational.ZERO);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] = out[i + j]!.add(a[i]!.mul(b[j]!));
  return trim(out);
}

function subPoly(a: UPoly, b: UPoly): UPoly {
  const out: Rational[] = [];
  for (let k = 0; k < Math.max(a.length, b.length); k++) out.push((a[k] ?? Rational.ZERO).sub(b[k] ?? Rational.ZERO));
  return trim(out);
}
