/**
 * Affine arithmetic (AA) with rigorous outward rounding.
 *
 * A form x̂ = c + Σ_k dev[k]·ε_k ± r stands for every real c + Σ dev[k]·ε_k + t with
 * ε_k ∈ [−1, 1] and |t| ≤ r. The noise symbols ε_0 … ε_{n−1} are the input variables
 * (x_i = mid_i + rad_i·ε_i), the later ones are fresh symbols, one per nonlinear operation
 * (the error of its linearisation, or the quadratic term of a product). `r` collects the
 * floating-point rounding errors of every operation (and, where no fresh symbol is given,
 * nonlinear errors too) as one uncorrelated radius.
 *
 * Invariant (the soundness statement). For every point of the input box there is ONE
 * assignment of every noise symbol in [−1, 1] such that each form computed from the
 * inputs is within its own r of the exact value of its expression at that point. Linear
 * operations keep it with the same ε (their rounding errors go to r); a nonlinear
 * operation f(x̂) ≈ α·x̂ + ζ keeps it by giving its error e, |e| ≤ δ, a fresh symbol
 * ε_new = e/δ, which no earlier form uses (a precondition of every `sym` argument below:
 * a symbol index larger than every symbol of the operands, used by no other operation).
 *
 * Rounding. Every coefficient computed as z = fl(fl(α·x) + fl(β·y)) has an error of at
 * most u·(|fl(αx)| + |fl(βy)| + |z|) + MIN with u = 2^−53 (round to nearest: the error of
 * one operation is ≤ u·|result|, except for products that underflow, ≤ MIN/2 each; sums
 * have no underflow error). The computed sums T̃ of those magnitudes are bounded with
 * {@link sumBound}, multiplied by u with `up`, and added to r with `upSum`. Everything that
 * bounds an error is computed with `up`/`upSum` (rounding.ts, Lemma R) or with the
 * outward-rounded kernel.
 *
 * Validity. A form with a finite centre and a finite r has finite coefficients (each
 * coefficient enters the error sum, so an overflow or NaN makes r non-finite); such a form
 * is *valid*. A NaN centre means "undefined" (a domain error: {@link Affine} only) and
 * gives [NaN, NaN]; any other invalid form (overflow) gives [−∞, +∞]. Neither proves
 * anything.
 */
import * as K from './kernel.js';
import { PI_HI, PI_LO, E_HI, E_LO } from './constants.js';
import { Interval } from './interval.js';

const OUT = K.OUT;
const EPS = Number.EPSILON;
/** u = 2^−53, the unit roundoff of round-to-nearest. */
const U = EPS / 2;
const MIN = Number.MIN_VALUE;
const TWO_PI = 2 * Math.PI;

/** A mutable affine form (the allocation-free core works on these). */
export class AffineForm {
  /** Centre (a double). NaN: undefined. */
  c = 0;
  /** Radius of the accumulated rounding (and unattributed) error, ≥ 0. */
  r = 0;
  /** dev[0..len) are the partial deviations; entries from len on are stale and never read. */
  len = 0;
  readonly dev: Float64Array;
  constructor(capacity: number) {
    this.dev = new Float64Array(capacity);
  }
}

/**
 * An upper bound of the exact sum of m non-negative doubles whose floating-point sum (in
 * any order, round to nearest) is s. Each addition of non-negatives satisfies
 * fl(a + b) ≥ (a + b)/(1 + u), so the exact sum is ≤ s·(1 + u)^(m−1) ≤ s·(1 + m·EPS) when
 * m·u ≤ 1/2 ((1 + u)^k ≤ e^(ku) ≤ 1 + 2ku for ku ≤ 1). m·EPS is exact (m < 2^52 integer).
 */
function sumBound(s: number, m: number): number {
  return s === 0 ? 0 : K.upSum(s + K.up(s * (m * EPS)));
}

/** u·(exact sum of `m` magnitudes whose float sum is t) + nMin·MIN, rounded up. */
function roundErr(t: number, m: number, nMin: number): number {
  return K.upSum(K.up(sumBound(t, m) * U) + nMin * MIN);
}

/** Whether the form is valid (finite centre and radius; then every coefficient is finite). */
export function affValid(x: AffineForm): boolean {
  return Number.isFinite(x.c) && x.r < Infinity;
}

/** An upper bound of Σ|dev[k]| + r, the radius of the form's range (NaN/∞ when invalid). */
export function affRadius(x: AffineForm): number {
  const d = x.dev;
  let s = 0;
  for (let k = 0; k < x.len; k++) s += Math.abs(d[k]!);
  return K.upSum(sumBound(s, x.len) + x.r);
}

/**
 * The range of the form, outward rounded, into `OUT`: [c − R, c + R] with R from
 * {@link affRadius}. NaN centre → [NaN, NaN]; any other invalid form → [−∞, +∞].
 */
export function affRange(x: AffineForm): void {
  const c = x.c;
  if (c !== c) {
    OUT[0] = NaN;
    OUT[1] = NaN;
    return;
  }
  const R = affRadius(x);
  if (!(R < Infinity && Number.isFinite(c))) {
    OUT[0] = -Infinity;
    OUT[1] = Infinity;
    return;
  }
  OUT[0] = K.addDown(c, -R);
  OUT[1] = K.addUp(c, R);
}

/**
 * out := a form whose range contains [lo, hi]: centre ≈ mid, radius ρ ≥ max(hi − c, c − lo)
 * (rounded up), carried by the fresh symbol `sym` (or by r when sym < 0). [NaN, NaN] gives
 * the undefined form; an unbounded interval the form c = 0, r = ∞.
 */
export function affSetInterval(out: AffineForm, lo: number, hi: number, sym: number): void {
  out.len = 0;
  if (!(lo <= hi)) {
    out.c = NaN;
    out.r = NaN;
    return;
  }
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) {
    out.c = 0;
    out.r = Infinity;
    return;
  }
  const c = Math.min(hi, Math.max(lo, lo * 0.5 + hi * 0.5));
  const rho = Math.max(K.addUp(hi, -c), K.addUp(c, -lo));
  out.c = c;
  if (sym < 0) {
    out.r = rho;
  } else {
    out.r = 0;
    out.dev.fill(0, 0, sym);
    out.dev[sym] = rho;
    out.len = sym + 1;
  }
}

/** out := x (out may be x). */
export function affCopy(out: AffineForm, x: AffineForm): void {
  if (out === x) return;
  out.c = x.c;
  out.r = x.r;
  out.len = x.len;
  out.dev.set(x.dev.subarray(0, x.len));
}

/** Gives `out` the coefficient v ≥ 0 on the fresh symbol `sym` (or adds v to r if sym < 0). */
function addFresh(out: AffineForm, sym: number, v: number): void {
  if (!(v < Infinity)) {
    out.r = Infinity;
    return;
  }
  if (sym < 0) {
    out.r = K.upSum(out.r + v);
    return;
  }
  if (out.len <= sym) {
    out.dev.fill(0, out.len, sym);
    out.len = sym + 1;
  }
  out.dev[sym] = v;
}

/**
 * out := α·x + β·y + ζ (y may be null, then β is ignored); α, β, ζ are doubles taken as
 * exact. `out` may be `x` or `y` (each coefficient is read before it is written).
 * Error: see the file comment; r_out ≥ |α|·r_x + |β|·r_y + the rounding errors.
 */
export function affLin(out: AffineForm, alpha: number, x: AffineForm, beta: number, y: AffineForm | null, zeta: number): void {
  const xd = x.dev;
  const lx = x.len;
  const cx = x.c;
  const rx = x.r;
  const od = out.dev;
  let t = 0;
  let L = lx;
  const pc = alpha * cx;
  let rr = K.up(Math.abs(alpha) * rx);
  if (y === null) {
    for (let k = 0; k < lx; k++) {
      const z = alpha * xd[k]!;
      od[k] = z;
      t += Math.abs(z);
    }
    const c = pc + zeta;
    t += Math.abs(pc) + Math.abs(c);
    out.c = c;
    out.len = lx;
    out.r = K.upSum(rr + roundErr(t, lx + 2, lx + 1));
    return;
  }
  const yd = y.dev;
  const ly = y.len;
  const cy = y.c;
  const ry = y.r;
  const m = Math.min(lx, ly);
  for (let k = 0; k < m; k++) {
    const p = alpha * xd[k]!;
    const q = beta * yd[k]!;
    const z = p + q;
    od[k] = z;
    t += Math.abs(p) + Math.abs(q) + Math.abs(z);
  }
  for (let k = m; k < lx; k++) {
    const z = alpha * xd[k]!;
    od[k] = z;
    t += Math.abs(z);
  }
  for (let k = m; k < ly; k++) {
    const z = beta * yd[k]!;
    od[k] = z;
    t += Math.abs(z);
  }
  if (ly > L) L = ly;
  const qc = beta * cy;
  const s = pc + qc;
  const c = s + zeta;
  t += Math.abs(pc) + Math.abs(qc) + Math.abs(s) + Math.abs(c);
  rr = K.upSum(rr + K.up(Math.abs(beta) * ry));
  out.c = c;
  out.len = L;
  out.r = K.upSum(rr + roundErr(t, 3 * L + 4, L + 2));
}

/**
 * out := x·y: c_x·c_y + Σ (c_y·x_k + c_x·y_k)·ε_k, the quadratic term bounded by
 * R_x·R_y (R the full radii, r included) on the fresh symbol `sym` (in r when sym < 0 or
 * when one operand has no deviations), and |c_y|·r_x + |c_x|·r_y + rounding in r.
 * `out` may be `x` or `y`.
 */
export function affMul(out: AffineForm, x: AffineForm, y: AffineForm, sym: number): void {
  const cx = x.c;
  const cy = y.c;
  const rx = x.r;
  const ry = y.r;
  const lx = x.len;
  const ly = y.len;
  const quad = K.up(affRadius(x) * affRadius(y));
  const xd = x.dev;
  const yd = y.dev;
  const od = out.dev;
  const m = Math.min(lx, ly);
  let t = 0;
  for (let k = 0; k < m; k++) {
    const p = cy * xd[k]!;
    const q = cx * yd[k]!;
    const z = p + q;
    od[k] = z;
    t += Math.abs(p) + Math.abs(q) + Math.abs(z);
  }
  for (let k = m; k < lx; k++) {
    const z = cy * xd[k]!;
    od[k] = z;
    t += Math.abs(z);
  }
  for (let k = m; k < ly; k++) {
    const z = cx * yd[k]!;
    od[k] = z;
    t += Math.abs(z);
  }
  const L = lx > ly ? lx : ly;
  const P = cx * cy;
  t += Math.abs(P);
  out.c = P;
  out.len = L;
  let r = K.upSum(K.up(Math.abs(cy) * rx) + K.up(Math.abs(cx) * ry));
  r = K.upSum(r + roundErr(t, 3 * L + 1, L + 1));
  out.r = r;
  addFresh(out, lx === 0 || ly === 0 ? -1 : sym, quad);
}

/**
 * A univariate function for the linearisation: kernel enclosures of f and f′, float
 * approximations (which only choose the slope: any slope is sound), and the proven sign of
 * f″ on a range.
 */
export interface UnarySpec {
  readonly name: string;
  /** Kernel enclosure of f on [lo, hi] into OUT. */
  f(lo: number, hi: number): void;
  /** Kernel enclosure of f′ on [lo, hi] into OUT (NaN where f′ is undefined). */
  d(lo: number, hi: number): void;
  /** Float f (approximate). */
  fl(x: number): number;
  /** Float f′ (approximate). */
  dfl(x: number): number;
  /** 1 if f is proved convex on [a, b], −1 if proved concave, 0 if unknown. */
  curv(a: number, b: number): number;
  /** Float estimate of a ξ ∈ [a, b] with f′(ξ) = α (any value: only tightness depends on it). */
  xi(alpha: number, a: number, b: number): number;
}

// Scratch for G(I) = f(I) − α·I.
let GL = 0;
let GH = 0;
function encloseG(spec: UnarySpec, lo: number, hi: number, alpha: number): void {
  spec.f(lo, hi);
  const fl = OUT[0]!;
  const fh = OUT[1]!;
  K.mul(alpha, alpha, lo, hi);
  K.sub(fl, fh, OUT[0]!, OUT[1]!);
  GL = OUT[0]!;
  GH = OUT[1]!;
}

/**
 * G := an enclosure of g = f − α·x on [lo, hi] by the mean-value form about m ∈ [lo, hi]:
 * g(x) = g(m) + g′(η)(x − m) with η ∈ [lo, hi], so g([lo, hi]) ⊆ G(m) + (f′([lo, hi]) − α)·([lo, hi] − m)
 * (f differentiable on [lo, hi]; the kernel's f′ enclosure is NaN where it is not).
 */
function meanValueG(spec: UnarySpec, lo: number, hi: number, m: number, alpha: number): void {
  spec.d(lo, hi);
  K.sub(OUT[0]!, OUT[1]!, alpha, alpha);
  const el = OUT[0]!;
  const eh = OUT[1]!;
  K.sub(lo, hi, m, m);
  K.mul(el, eh, OUT[0]!, OUT[1]!);
  const tl = OUT[0]!;
  const th = OUT[1]!;
  encloseG(spec, m, m, alpha);
  K.add(GL, GH, tl, th);
  GL = OUT[0]!;
  GH = OUT[1]!;
}

/** The last step of every linearisation: out := α·x + ζ ± δ·ε_sym, or the interval [fl, fh] if that is narrower. */
function finish(out: AffineForm, x: AffineForm, alpha: number, L: number, H: number, fl: number, fh: number, sym: number): void {
  if (!(Number.isFinite(L) && Number.isFinite(H) && affValid(x))) {
    affSetInterval(out, fl, fh, sym);
    return;
  }
  const zeta = Math.min(H, Math.max(L, L * 0.5 + H * 0.5));
  const delta = Math.max(K.addUp(H, -zeta), K.addUp(zeta, -L));
  // The linear form keeps the correlation with x (its cancellations later on are the point
  // of AA), so it is kept unless its radius |α|·R_x + δ exceeds twice the plain range's
  // (x̂ much wider than [a, b], e.g. after an intersection with a tighter interval). Either
  // choice is sound; this is a heuristic for tightness only.
  const linRad = K.upSum(K.up(Math.abs(alpha) * affRadius(x)) + delta);
  if (!(linRad <= fh - fl) && Number.isFinite(fl) && Number.isFinite(fh)) {
    affSetInterval(out, fl, fh, sym);
    return;
  }
  affLin(out, alpha, x, 0, null, zeta);
  addFresh(out, sym, delta);
  if (!affValid(out)) affSetInterval(out, fl, fh, sym);
}

/**
 * out := f(x̂) for x̂ whose exact values lie in [a, b] (a sound enclosure, e.g. the form's
 * range or a tighter one) and [fl, fh] ⊇ f([a, b]) (a kernel enclosure, inside f's domain:
 * the caller checks the domain). f(x) = α·x + g(x) with α the secant slope; the range of
 * g on [a, b] is enclosed rigorously and becomes ζ ± δ:
 *
 * - f proved convex (or concave) on [a, b] (`spec.curv`): g′ = f′ − α is monotone. With a
 *   narrow [p, q] around the estimated root of g′, if the kernel proves g′(p) ≤ 0 ≤ g′(q)
 *   (convex; the mirror for concave), g is monotone on [a, p] and on [q, b], so
 *   g([a, b]) ⊆ hull(G(a), G([p, q]), G(b)), G the kernel's f(I) − α·I (Chebyshev: δ is
 *   about half the min-range error). An endpoint of [p, q] at a or b needs no check.
 * - otherwise (or if a check fails): the mean-value form
 *   g([a, b]) ⊆ G(m) + (f′([a, b]) − α)·([a, b] − m), m the midpoint, sound for f
 *   differentiable on [a, b].
 * Non-finite bounds fall back to the interval [fl, fh] on the fresh symbol.
 */
export function affUnary(out: AffineForm, x: AffineForm, a: number, b: number, fl: number, fh: number, spec: UnarySpec, sym: number): void {
  if (!(a <= b && Number.isFinite(a) && Number.isFinite(b) && fl <= fh)) {
    affSetInterval(out, fl, fh, sym);
    return;
  }
  const m = Math.min(b, Math.max(a, a * 0.5 + b * 0.5));
  let alpha = a === b ? spec.dfl(a) : (spec.fl(b) - spec.fl(a)) / (b - a);
  if (!Number.isFinite(alpha)) alpha = spec.dfl(m);
  if (!Number.isFinite(alpha)) {
    affSetInterval(out, fl, fh, sym);
    return;
  }
  encloseG(spec, a, a, alpha);
  let L = GL;
  let H = GH;
  encloseG(spec, b, b, alpha);
  L = Math.min(L, GL);
  H = Math.max(H, GH);
  let ok = a === b;
  const cv = a < b ? spec.curv(a, b) : 0;
  if (cv !== 0) {
    let xi = spec.xi(alpha, a, b);
    if (!Number.isFinite(xi)) xi = m;
    const h = (b - a) * 2 ** -30 + Math.abs(xi) * 2 ** -40;
    const p = Math.max(a, Math.min(b, xi - h));
    const q = Math.min(b, Math.max(a, xi + h));
    ok = true;
    if (p > a) {
      spec.d(p, p);
      ok = cv > 0 ? OUT[1]! <= alpha : OUT[0]! >= alpha;
    }
    if (ok && q < b) {
      spec.d(q, q);
      ok = cv > 0 ? OUT[0]! >= alpha : OUT[1]! <= alpha;
    }
    if (ok) {
      // g on [p, q] by the mean-value form about ξ (g′ is nearly 0 there, so this is
      // second-order small; the plain G([p, q]) would lose about |α|·(q − p)).
      const xc = Math.min(q, Math.max(p, xi));
      meanValueG(spec, p, q, xc, alpha);
      L = Math.min(L, GL);
      H = Math.max(H, GH);
    }
  }
  if (!ok) {
    meanValueG(spec, a, b, m, alpha);
    L = GL;
    H = GH;
  }
  finish(out, x, alpha, L, H, fl, fh, sym);
}

/**
 * out := relu(x̂) for x̂ in [a, b]: x̂ itself if a ≥ 0, 0 if b ≤ 0, else the secant slope
 * α = b/(b − a); g = relu − α·x is linear on [a, 0] and on [0, b], so its range is
 * hull(g(a), g(0) = 0, g(b)), each enclosed with the kernel.
 */
export function affRelu(out: AffineForm, x: AffineForm, a: number, b: number, sym: number): void {
  if (!(a <= b)) return affSetInterval(out, NaN, NaN, -1);
  if (a >= 0) return affCopy(out, x);
  if (b <= 0) return affSetInterval(out, 0, 0, -1);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return affSetInterval(out, 0, b, sym);
  const alpha = b / (b - a);
  K.mul(alpha, alpha, a, a);
  const gal = -OUT[1]!;
  const gah = -OUT[0]!;
  K.mul(alpha, alpha, b, b);
  K.sub(b, b, OUT[0]!, OUT[1]!);
  finish(out, x, alpha, Math.min(0, gal, OUT[0]!), Math.max(0, gah, OUT[1]!), 0, b, sym);
}

/** out := |x̂| for x̂ in [a, b]: ±x̂ on one side of 0, else the secant (b + a)/(b − a) and the hull of g at a, 0, b. */
export function affAbs(out: AffineForm, x: AffineForm, a: number, b: number, sym: number): void {
  if (!(a <= b)) return affSetInterval(out, NaN, NaN, -1);
  if (a >= 0) return affCopy(out, x);
  if (b <= 0) return affLin(out, -1, x, 0, null, 0);
  const hi = Math.max(-a, b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return affSetInterval(out, 0, hi, sym);
  const alpha = (b + a) / (b - a);
  K.mul(alpha, alpha, a, a);
  K.sub(-a, -a, OUT[0]!, OUT[1]!);
  const gal = OUT[0]!;
  const gah = OUT[1]!;
  K.mul(alpha, alpha, b, b);
  K.sub(b, b, OUT[0]!, OUT[1]!);
  finish(out, x, alpha, Math.min(0, gal, OUT[0]!), Math.max(0, gah, OUT[1]!), 0, hi, sym);
}

// ---------------------------------------------------------------------------------------
// The univariate functions. Convexity claims are proved from the sign of f″ on [a, b]:
// stated per function, or read off a kernel enclosure (sin, cos).

const sgn = (v: number) => (v < 0 ? -1 : 1);
/** −1 (concave) if the kernel proves s ≥ 0 on [a,b] for f″ = −s, 1 if s ≤ 0, else 0. */
function curvFromNegated(lo: number, hi: number): number {
  return lo >= 0 ? -1 : hi <= 0 ? 1 : 0;
}
/** tanh and sigmoid: f″ has the sign of −x. */
const curvOdd = (a: number, b: number) => (a >= 0 ? -1 : b <= 0 ? 1 : 0);
const sigmoidFl = (u: number) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u)));
const softplusFl = (u: number) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));

export const EXP: UnarySpec = {
  name: 'exp',
  f: K.exp,
  d: K.exp,
  fl: Math.exp,
  dfl: Math.exp,
  curv: () => 1, // exp″ = exp > 0
  xi: (al) => Math.log(al),
};

export const LOG: UnarySpec = {
  name: 'log',
  f: K.log,
  d: K.recip, // 1/x
  fl: Math.log,
  dfl: (x) => 1 / x,
  curv: () => -1, // −1/x² < 0
  xi: (al) => 1 / al,
};

export const LOG1P: UnarySpec = {
  name: 'log1p',
  f: K.log1p,
  d(lo, hi) {
    K.add(lo, hi, 1, 1);
    K.recip(OUT[0]!, OUT[1]!);
  },
  fl: Math.log1p,
  dfl: (x) => 1 / (1 + x),
  curv: () => -1,
  xi: (al) => 1 / al - 1,
};

export const SQRT: UnarySpec = {
  name: 'sqrt',
  f: K.sqrt,
  d(lo, hi) {
    K.sqrt(lo, hi);
    K.recip(2 * OUT[0]!, 2 * OUT[1]!); // 2·s is exact (or overflows to ∞, still an upper bound)
  },
  fl: Math.sqrt,
  dfl: (x) => 0.5 / Math.sqrt(x),
  curv: () => -1, // −x^(−3/2)/4 < 0 on x > 0 (the caller's range is in the domain)
  xi: (al) => 0.25 / (al * al),
};

export const SIN: UnarySpec = {
  name: 'sin',
  f: K.sin,
  d: K.cos,
  fl: Math.sin,
  dfl: Math.cos,
  curv(a, b) {
    K.sin(a, b); // sin″ = −sin
    return curvFromNegated(OUT[0]!, OUT[1]!);
  },
  xi(al, a, b) {
    const m = a * 0.5 + b * 0.5;
    const ac = Math.acos(Math.max(-1, Math.min(1, al)));
    return Math.sin(m) >= 0 ? 2 * Math.PI * Math.floor(m / TWO_PI) + ac : 2 * Math.PI * Math.ceil(m / TWO_PI) - ac;
  },
};

export const COS: UnarySpec = {
  name: 'cos',
  f: K.cos,
  d(lo, hi) {
    K.sin(lo, hi);
    K.neg(OUT[0]!, OUT[1]!);
  },
  fl: Math.cos,
  dfl: (x) => -Math.sin(x),
  curv(a, b) {
    K.cos(a, b); // cos″ = −cos
    return curvFromNegated(OUT[0]!, OUT[1]!);
  },
  xi(al, a, b) {
    const m = a * 0.5 + b * 0.5;
    const as = Math.asin(Math.max(-1, Math.min(1, al)));
    return Math.cos(m) >= 0 ? TWO_PI * Math.round(m / TWO_PI) - as : TWO_PI * Math.round((m - Math.PI) / TWO_PI) + Math.PI + as;
  },
};

export const TANH: UnarySpec = {
  name: 'tanh',
  f: K.tanh,
  d(lo, hi) {
    K.tanh(lo, hi);
    K.sqr(OUT[0]!, OUT[1]!);
    K.sub(1, 1, OUT[0]!, OUT[1]!); // 1 − tanh²
  },
  fl: Math.tanh,
  dfl: (x) => 1 - Math.tanh(x) ** 2,
  curv: curvOdd, // tanh″ = −2 tanh·(1 − tanh²)
  xi: (al, a, b) => sgn(a + b) * Math.atanh(Math.sqrt(Math.max(0, 1 - al))),
};

export const SIGMOID: UnarySpec = {
  name: 'sigmoid',
  f: K.sigmoid,
  d(lo, hi) {
    K.sigmoid(lo, hi);
    const sl = OUT[0]!;
    const sh = OUT[1]!;
    K.sub(1, 1, sl, sh);
    K.mul(sl, sh, OUT[0]!, OUT[1]!); // σ·(1 − σ)
  },
  fl: sigmoidFl,
  dfl: (x) => sigmoidFl(x) * sigmoidFl(-x),
  curv: curvOdd, // σ″ = σ(1 − σ)(1 − 2σ)
  xi(al, a, b) {
    const s = 0.5 * (1 + sgn(a + b) * Math.sqrt(Math.max(0, 1 - 4 * al)));
    return Math.log(s / (1 - s));
  },
};

export const SOFTPLUS: UnarySpec = {
  name: 'softplus',
  f: K.softplus,
  d: K.sigmoid,
  fl: softplusFl,
  dfl: sigmoidFl,
  curv: () => 1, // softplus″ = σ(1 − σ) > 0
  xi: (al) => Math.log(al / (1 - al)),
};

const POW_INT = new Map<number, UnarySpec>();

/** x^n for an integer n ∉ {0, 1} (n·x^(n−1) by the kernel's powInt; n < 0 needs 0 ∉ range). */
export function powIntSpec(n: number): UnarySpec {
  let s = POW_INT.get(n);
  if (s) return s;
  const e = n - 1;
  s = {
    name: `pow${n}`,
    f: (lo, hi) => K.powInt(lo, hi, n),
    d(lo, hi) {
      K.powInt(lo, hi, e);
      K.mul(OUT[0]!, OUT[1]!, n, n);
    },
    fl: (x) => x ** n,
    dfl: (x) => n * x ** e,
    // f″ = n(n−1)·x^(n−2): the sign of x^(n−2) (n(n−1) > 0 for every integer n ∉ {0, 1}).
    curv: (a, b) => (n % 2 === 0 ? (n > 0 || a > 0 || b < 0 ? 1 : 0) : a >= 0 ? 1 : b <= 0 ? -1 : 0),
    xi: (al, a, b) => (Math.abs(e) % 2 === 1 ? sgn(al / n) : sgn(a + b)) * Math.abs(al / n) ** (1 / e),
  };
  POW_INT.set(n, s);
  return s;
}

/**
 * x^r on x > 0 for a non-integer exponent r enclosed by [rl, rh] (and r − 1 by [sl, sh]);
 * f′ = r·x^(r−1); convex when r > 1 or r < 0, concave when 0 < r < 1 (f″ = r(r−1)x^(r−2)).
 */
export function powRealSpec(rl: number, rh: number, sl: number, sh: number): UnarySpec {
  const r = rl * 0.5 + rh * 0.5;
  return {
    name: 'powr',
    f: (lo, hi) => K.pow(lo, hi, rl, rh),
    d(lo, hi) {
      K.pow(lo, hi, sl, sh);
      K.mul(OUT[0]!, OUT[1]!, rl, rh);
    },
    fl: (x) => x ** r,
    dfl: (x) => r * x ** (r - 1),
    curv: () => (rl > 1 || rh < 0 ? 1 : rl > 0 && rh < 1 ? -1 : 0),
    xi: (al) => (al / r) ** (1 / (r - 1)),
  };
}

// ---------------------------------------------------------------------------------------

/**
 * A set of noise symbols: the first `inputs` are the input variables, later ones are handed
 * out by {@link AffineSpace.fresh} (never twice), as the soundness invariant requires.
 */
export class AffineSpace {
  private next: number;
  constructor(readonly inputs: number) {
    this.next = inputs;
  }
  /** A noise symbol no form of this space uses yet. */
  fresh(): number {
    return this.next++;
  }
  /** The number of symbols handed out so far. */
  get symbols(): number {
    return this.next;
  }
  /** Input variable i ranging over [lo, hi] (its own symbol i). */
  variable(i: number, lo: number, hi: number): Affine {
    if (!(Number.isInteger(i) && i >= 0 && i < this.inputs)) throw new RangeError(`AffineSpace.variable: no input ${i}`);
    const f = new AffineForm(i + 1);
    affSetInterval(f, lo, hi, i);
    return Affine.make(this, f, lo, hi);
  }
  /** A constant known to lie in [lo, hi] (no symbol: the width goes to r). */
  constant(lo: number, hi: number = lo): Affine {
    const f = new AffineForm(0);
    affSetInterval(f, lo, hi, -1);
    return Affine.make(this, f, lo, hi);
  }
  /** The constant enclosed by an interval (its width on r). */
  of(iv: Interval): Affine {
    return this.constant(iv.lo, iv.hi);
  }
  get pi(): Affine {
    return this.constant(PI_LO, PI_HI);
  }
  get e(): Affine {
    return this.constant(E_LO, E_HI);
  }
}

/**
 * An immutable value of affine arithmetic (the friendly layer over the core functions
 * above: each method allocates its result). Like the compiled evaluator
 * (src/expr/affine-eval.ts) it is a reduced product: it carries the affine form AND an
 * interval, the kernel's operation on the operands' intervals intersected with the form's
 * range (both enclose the exact value, so the intersection does). Nonlinear methods
 * linearise on that interval, and answer UNDEFINED (NaN centre, [NaN, NaN]) where the
 * kernel reports a domain error on it. An overflowed form is re-seeded from a bounded
 * interval (its radius on r).
 */
export class Affine {
  private constructor(
    readonly space: AffineSpace,
    private readonly form: AffineForm,
    /** Lower end of the enclosure (NaN: undefined). */
    readonly lo: number,
    /** Upper end of the enclosure. */
    readonly hi: number,
  ) {}

  /** @internal The value with form `f` and natural enclosure [nl, nh] (NaN: undefined). */
  static make(space: AffineSpace, f: AffineForm, nl: number, nh: number): Affine {
    if (!(nl <= nh)) {
      affSetInterval(f, NaN, NaN, -1);
      return new Affine(space, f, NaN, NaN);
    }
    affRange(f);
    if (OUT[0]! <= OUT[1]!) {
      const l = Math.max(nl, OUT[0]!);
      const h = Math.min(nh, OUT[1]!);
      // Two sound enclosures cannot be disjoint; if they were, answer "not proved".
      if (!(l <= h)) return new Affine(space, f, NaN, NaN);
      nl = l;
      nh = h;
    }
    if (!affValid(f)) affSetInterval(f, nl, nh, -1);
    return new Affine(space, f, nl, nh);
  }

  get centre(): number {
    return this.form.c;
  }
  /** The rounding-error radius r. */
  get error(): number {
    return this.form.r;
  }
  /** Partial deviation on symbol k (0 if the form does not use it). */
  deviation(k: number): number {
    return k < this.form.len ? this.form.dev[k]! : 0;
  }
  /** An upper bound of the total radius Σ|dev| + r of the form. */
  radius(): number {
    return affRadius(this.form);
  }
  /** The form's own range, outward rounded (UNDEFINED for a NaN centre, ENTIRE for an overflowed form). */
  formRange(): Interval {
    affRange(this.form);
    const lo = OUT[0]!;
    return lo !== lo ? Interval.UNDEFINED : Interval.of(lo, OUT[1]!);
  }
  /** The enclosure: the form's range ∩ the natural interval enclosure. */
  toInterval(): Interval {
    return this.lo !== this.lo ? Interval.UNDEFINED : Interval.of(this.lo, this.hi);
  }

  private lin(alpha: number, beta: number, y: Affine | null, zeta: number, nl: number, nh: number): Affine {
    const out = new AffineForm(Math.max(this.form.len, y ? y.form.len : 0));
    affLin(out, alpha, this.form, beta, y ? y.form : null, zeta);
    return Affine.make(this.space, out, nl, nh);
  }
  add(y: Affine): Affine {
    K.add(this.lo, this.hi, y.lo, y.hi);
    return this.lin(1, 1, y, 0, OUT[0]!, OUT[1]!);
  }
  sub(y: Affine): Affine {
    K.sub(this.lo, this.hi, y.lo, y.hi);
    return this.lin(1, -1, y, 0, OUT[0]!, OUT[1]!);
  }
  neg(): Affine {
    return this.lin(-1, 0, null, 0, -this.hi, -this.lo);
  }
  /** k·x for a double k taken as exact. */
  scale(k: number): Affine {
    K.mul(k, k, this.lo, this.hi);
    return this.lin(k, 0, null, 0, OUT[0]!, OUT[1]!);
  }
  /** x + k for a double k taken as exact. */
  shift(k: number): Affine {
    K.add(this.lo, this.hi, k, k);
    return this.lin(1, 0, null, k, OUT[0]!, OUT[1]!);
  }
  mul(y: Affine): Affine {
    K.mul(this.lo, this.hi, y.lo, y.hi);
    const nl = OUT[0]!;
    const nh = OUT[1]!;
    const sym = this.space.fresh();
    const out = new AffineForm(sym + 1);
    affMul(out, this.form, y.form, sym);
    return Affine.make(this.space, out, nl, nh);
  }
  div(y: Affine): Affine {
    K.div(this.lo, this.hi, y.lo, y.hi);
    const nl = OUT[0]!;
    const nh = OUT[1]!;
    if (nl !== nl) return this.space.constant(NaN, NaN);
    const r = y.recip();
    const sym = this.space.fresh();
    const out = new AffineForm(sym + 1);
    affMul(out, this.form, r.form, sym);
    return Affine.make(this.space, out, nl, nh);
  }

  /** f by the linearisation `spec` on this value's enclosure (kernel domain check first). */
  private unary(spec: UnarySpec): Affine {
    const a = this.lo;
    const b = this.hi;
    spec.f(a, b);
    const fl = OUT[0]!;
    const fh = OUT[1]!;
    const sym = this.space.fresh();
    const out = new AffineForm(sym + 1);
    if (fl === fl) affUnary(out, this.form, a, b, fl, fh, spec, sym);
    return Affine.make(this.space, out, fl, fh);
  }
  /** x^n for an integer n (n = 0 gives the kernel's x^0, n = 1 the value itself). */
  powInt(n: number): Affine {
    if (!Number.isInteger(n)) throw new RangeError(`Affine.powInt: ${n} is not an integer`);
    if (n === 1) return this;
    if (n === 0) {
      K.powInt(this.lo, this.hi, 0);
      return this.space.constant(OUT[0]!, OUT[1]!);
    }
    return this.unary(powIntSpec(n));
  }
  sqr(): Affine {
    return this.powInt(2);
  }
  recip(): Affine {
    return this.powInt(-1);
  }
  /**
   * x^y for an exponent enclosed by y (a point integer: {@link powInt}). A positive base
   * is linearised; otherwise the kernel's pow on the enclosure, on a fresh symbol.
   */
  pow(y: Interval): Affine {
    if (y.lo === y.hi && Number.isInteger(y.lo)) return this.powInt(y.lo);
    if (this.lo > 0 && y.isBounded()) {
      K.sub(y.lo, y.hi, 1, 1);
      return this.unary(powRealSpec(y.lo, y.hi, OUT[0]!, OUT[1]!));
    }
    K.pow(this.lo, this.hi, y.lo, y.hi);
    const sym = this.space.fresh();
    const f = new AffineForm(sym + 1);
    affSetInterval(f, OUT[0]!, OUT[1]!, sym);
    return Affine.make(this.space, f, OUT[0]!, OUT[1]!);
  }
  exp(): Affine {
    return this.unary(EXP);
  }
  log(): Affine {
    return this.unary(LOG);
  }
  log1p(): Affine {
    return this.unary(LOG1P);
  }
  sqrt(): Affine {
    return this.unary(SQRT);
  }
  sin(): Affine {
    return this.unary(SIN);
  }
  cos(): Affine {
    return this.unary(COS);
  }
  tanh(): Affine {
    return this.unary(TANH);
  }
  sigmoid(): Affine {
    return this.unary(SIGMOID);
  }
  softplus(): Affine {
    return this.unary(SOFTPLUS);
  }
  relu(): Affine {
    K.relu(this.lo, this.hi);
    const nl = OUT[0]!;
    const nh = OUT[1]!;
    const sym = this.space.fresh();
    const out = new AffineForm(Math.max(sym + 1, this.form.len));
    affRelu(out, this.form, this.lo, this.hi, sym);
    return Affine.make(this.space, out, nl, nh);
  }
  abs(): Affine {
    K.abs(this.lo, this.hi);
    const nl = OUT[0]!;
    const nh = OUT[1]!;
    const sym = this.space.fresh();
    const out = new AffineForm(Math.max(sym + 1, this.form.len));
    affAbs(out, this.form, this.lo, this.hi, sym);
    return Affine.make(this.space, out, nl, nh);
  }
  /** max(x, y) = y + relu(x − y) (exact identity; the dependency between x and y is kept). */
  max(y: Affine): Affine {
    const m = y.add(this.sub(y).relu());
    K.max(this.lo, this.hi, y.lo, y.hi);
    return Affine.make(this.space, m.form, OUT[0]!, OUT[1]!);
  }
  /** min(x, y) = x − relu(x − y). */
  min(y: Affine): Affine {
    const m = this.sub(this.sub(y).relu());
    K.min(this.lo, this.hi, y.lo, y.hi);
    return Affine.make(this.space, m.form, OUT[0]!, OUT[1]!);
  }
}
