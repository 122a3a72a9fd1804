/**
 * Confidence bands for the mean of a simulated quantity (issue [11] §4). Float statistics:
 * a band is a statistical statement at a stated level, never a proof.
 *
 * - `clt`: mean ± t_{n−1, 1−δ/2}·s/√n with the sample standard deviation s (n − 1 in the
 *   denominator) and Student's t quantile with n − 1 degrees of freedom. APPROXIMATE: its level
 *   is exact for normal samples only, and asymptotic (CLT) otherwise; for few skewed samples it
 *   can miss badly (two runs that sampled the same terms have s = 0 and a band of width 0).
 *   Hence `CLT_MIN_RUNS`: below it a CLT band is printed but never flags a violation.
 * - `hoeffding`: mean ± (b − a)·√(ln(2/δ)/(2n)) for samples known to lie in [a, b].
 *   Non-asymptotic: the level holds for every n, but only where [a, b] is a true range.
 *
 * A band for m means at once (one per iteration k) takes δ/m for each (Bonferroni), so that
 * all m hold together with probability ≥ 1 − δ.
 */
export type BandMethod = 'clt' | 'hoeffding';
export const BAND_METHODS: readonly BandMethod[] = ['clt', 'hoeffding'];

/**
 * The standard normal quantile Φ⁻¹(p), 0 < p < 1 (P. J. Acklam's rational approximation,
 * relative error below 1.2e-9: far below the statistical error of any band it serves).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return Number.NaN;
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

/**
 * The fewest runs with which a CLT band may flag a violation (review finding: with 2 runs both
 * can sample the same term, s = 0, and the band is a point above the true mean with
 * probability 1/4; with 10 runs on a skewed gap it missed the true min_k E in 20 of 20 tries).
 * Below it the band is too weak to flag violations: use the Hoeffding band, valid at every n.
 */
export const CLT_MIN_RUNS = 30;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: relative error about 1e-15). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz), for x < (a+1)/(a+b+2). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  return Number.NaN;
}

/** The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T > t) for Student's T with `df` degrees of freedom, t ≥ 0. */
export function studentTUpperTail(t: number, df: number): number {
  if (!(t >= 0)) return Number.NaN;
  if (t === Infinity) return 0;
  return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * The t with P(T > t) = q for Student's T with `df` ≥ 1 degrees of freedom, 0 < q ≤ 1/2 (the
 * upper quantile t_{df, 1−q}; q is passed as the tail so that tails of 1e-10 keep their digits).
 * Closed forms for df = 1, 2; else bisection on the tail (incomplete beta function, relative
 * error about 1e-13) to a relative width of 1e-14, and the upper end of the bracket is returned,
 * raised by 1e-12: a band built on it is, if anything, a little wide.
 */
export function studentTQuantileUpper(q: number, df: number): number {
  if (!(q > 0 && q <= 0.5) || !(df >= 1)) return Number.NaN;
  const up = (t: number) => t * (1 + 1e-12);
  if (df === 1) return up(1 / Math.tan(Math.PI * q)); // tan(π(½ − q))
  if (df === 2) return up((1 - 2 * q) / Math.sqrt(2 * q * (1 - q)));
  // The t quantile lies above the normal one (heavier tails): bracket it from there.
  let lo = Math.max(0, normalQuantile(1 - q));
  if (!Number.isFinite(lo)) lo = 0;
  let hi = Math.max(1, lo * 2);
  while (studentTUpperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    const tail = studentTUpperTail(mid, df);
    if (Number.isNaN(tail)) return Infinity;
    if (tail > q) lo = mid;
    else hi = mid;
  }
  return up(hi);
}

/** Running sums of one quantity (Welford's algorithm: stable mean and variance). */
export class MeanAccumulator {
  n = 0;
  mean = 0;
  private m2 = 0;
  push(v: number): void {
    this.n++;
    const d = v - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (v - this.mean);
  }
  /** The sample standard deviation (0 for fewer than two samples). */
  sd(): number {
    return this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0;
  }
}

/**
 * Half-width of a two-sided band at level 1 − δ for the mean of n samples.
 * `clt`: t_{n−1, 1−δ/2}·sd/√n (Student's t; approximate, see the file comment).
 * `hoeffding`: range·√(ln(2/δ)/(2n)), range = b − a of the samples.
 */
export function halfWidth(method: BandMethod, n: number, delta: number, s: { sd: number; range?: number }): number {
  if (!(n >= 1) || !(delta > 0 && delta < 1)) return Infinity;
  if (method === 'clt') return n < 2 ? Infinity : (tQuantileCached(delta / 2, n - 1) * s.sd) / Math.sqrt(n);
  const range = s.range;
  if (range === undefined || !(range >= 0) || !Number.isFinite(range)) return Infinity;
  return range * Math.sqrt(Math.log(2 / delta) / (2 * n));
}

/** The last quantile asked for: the bands of one simulation ask K times for the same (q, df). */
let lastT: { q: number; df: number; t: number } | null = null;
function tQuantileCached(q: number, df: number): number {
  if (lastT && lastT.q === q && lastT.df === df) return lastT.t;
  const t = studentTQuantileUpper(q, df);
  lastT = { q, df, t };
  return t;
}
