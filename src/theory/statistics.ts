/**
 * Confidence bands for the mean of a simulated quantity (issue [11] §4). Float statistics:
 * a band is a statistical statement at a stated level, never a proof.
 *
 * - `clt`: the normal approximation, mean ± z_{1−δ/2}·s/√n with the sample standard
 *   deviation s (n − 1 in the denominator). Asymptotic: its level is exact only as n → ∞.
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
 * `clt`: z_{1−δ/2}·sd/√n. `hoeffding`: range·√(ln(2/δ)/(2n)), range = b − a of the samples.
 */
export function halfWidth(method: BandMethod, n: number, delta: number, s: { sd: number; range?: number }): number {
  if (!(n >= 1) || !(delta > 0 && delta < 1)) return Infinity;
  if (method === 'clt') return n < 2 ? Infinity : (normalQuantile(1 - delta / 2) * s.sd) / Math.sqrt(n);
  const range = s.range;
  if (range === undefined || !(range >= 0) || !Number.isFinite(range)) return Infinity;
  return range * Math.sqrt(Math.log(2 / delta) / (2 * n));
}
