/**
 * An oracle for rank-1 matrix factorization f_ij(w, s) = ½ (X_ij − w_i s_j)², independent of
 * lscert (floats only): the top singular triple of X by power iteration, the nearest points of x
 * on the scaling orbit S = {(t u, σ v / t) : t ≠ 0} by a log grid and golden-section search on
 * both branches (ties kept), and the α-β residuals at x with a given nearest point.
 */
export type Matrix = readonly (readonly number[])[];

/** σ₁, u, v of X (square) by power iteration on XᵀX. */
export function topSingular(X: Matrix): { sigma: number; u: number[]; v: number[] } {
  const n = X.length;
  const mulX = (v: readonly number[]) => X.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));
  const mulXt = (w: readonly number[]) => Array.from({ length: n }, (_, j) => X.reduce((s, row, i) => s + row[j]! * w[i]!, 0));
  let v: number[] = Array.from({ length: n }, (_, j) => (j === 0 ? 1 : 0));
  for (let k = 0; k < 1000; k++) {
    const w = mulXt(mulX(v));
    const norm = Math.hypot(...w);
    v = w.map((c) => c / norm);
  }
  const xv = mulX(v);
  const sigma = Math.hypot(...xv);
  return { sigma, u: xv.map((c) => c / sigma), v };
}

/** Every nearest point of x = (w, s) on the orbit (t u, σ v / t), t ≠ 0, to within 1e-9 (ties kept). */
export function nearestPoints(X: Matrix, x: readonly number[]): number[][] {
  const { sigma, u, v } = topSingular(X);
  const at = (t: number) => [...u.map((c) => t * c), ...v.map((c) => (sigma * c) / t)];
  const dist = (t: number) => at(t).reduce((s, p, j) => s + (p - x[j]!) ** 2, 0);
  const found: { t: number; d: number }[] = [];
  for (const sign of [1, -1]) {
    // Dense log grid then golden-section refinement around the best grid point, on each branch.
    let best = 0;
    let bestD = Infinity;
    for (let k = 0; k <= 4000; k++) {
      const t = sign * 10 ** (-3 + (6 * k) / 4000);
      const d = dist(t);
      if (d < bestD) [best, bestD] = [t, d];
    }
    let [a, b] = [best / 1.01, best * 1.01];
    for (let k = 0; k < 200; k++) {
      const m1 = a + (b - a) * 0.382;
      const m2 = a + (b - a) * 0.618;
      if (dist(m1) < dist(m2)) b = m2;
      else a = m1;
    }
    found.push({ t: (a + b) / 2, d: dist((a + b) / 2) });
  }
  const dmin = Math.min(...found.map((f) => f.d));
  return found.filter((f) => f.d <= dmin + 1e-9).map((f) => at(f.t));
}

/** The α-β residuals R_ij at x with nearest point p (f_ij* = 0). */
export function residuals(X: Matrix, x: readonly number[], p: readonly number[], alpha: number, beta: number): number[] {
  const n = X.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const e = (y: readonly number[]) => X[i]![j]! - y[i]! * y[n + j]!;
      const f = (y: readonly number[]) => 0.5 * e(y) ** 2;
      // ∇f_ij = −e · ∂(w_i s_j): ∂/∂w_i = s_j, ∂/∂s_j = w_i.
      const g = new Array<number>(2 * n).fill(0);
      g[i] = -e(x) * x[n + j]!;
      g[n + j] = -e(x) * x[i]!;
      const inner = g.reduce((s, gk, k) => s + gk * (x[k]! - p[k]!), 0);
      out.push(inner - alpha * (f(x) - f(p)) + beta * f(x));
    }
  return out;
}
