import { compileFloat, type FloatEvaluator } from './compile.js';
import { derivative } from './derivative.js';
import { simplify } from './simplify.js';
import type { Expr } from './types.js';

/**
 * Float starting points for the nearest-point enclosures of an S given by equations,
 * S = {y ∈ Rᵈ : g(y) = 0} (the search's src/engine/nearest.ts and the checker's
 * src/cert/nearest.ts). NOT rigorous: both callers only start from these points and prove what
 * they use with their own Krawczyk test and interval exclusion, so a wrong point costs a wider
 * (or no) enclosure, never a wrong one. It is shared on purpose (the checker's independence is
 * about what it trusts, and it trusts nothing here): the same start gives the search and the
 * checker the same enclosure of every box, bit for bit, so that the checker re-proves what the
 * search proved.
 */
export class NearestStart {
  private readonly m: number;
  /** g and its Jacobian (row-major m × d). */
  private readonly gjFloat: FloatEvaluator;
  /** g, its Jacobian and the Hessians of every g_r (row-major), for Newton on the Lagrange system. */
  private readonly ghFloat: FloatEvaluator;
  private readonly gFloat: FloatEvaluator;

  constructor(
    equations: readonly Expr[],
    private readonly d: number,
  ) {
    this.m = equations.length;
    const jac = equations.map((g) => Array.from({ length: d }, (_, j) => simplify(derivative(g, j))));
    const hess = jac.flatMap((row) => row.flatMap((e) => Array.from({ length: d }, (_, k) => simplify(derivative(e, k)))));
    this.gFloat = compileFloat(equations);
    this.gjFloat = compileFloat([...equations, ...jac.flat()]);
    this.ghFloat = compileFloat([...equations, ...jac.flat(), ...hess]);
  }

  /**
   * An approximate nearest point of x on S (floats; not rigorous), or null: the nearest point of x
   * on the linearisation of S at q, iterated (q ← x − Jᵀ(JJᵀ)⁻¹(g(q) + J(x − q)), J = Dg(q)), with
   * steps capped so that a start where Dg is nearly singular does not jump far away. A fixed point
   * has g(q) = 0 and x − q in the row space of J (a critical point of the distance); which one is
   * nearest is settled rigorously by the enclosures. A few such steps start Newton's method on the
   * Lagrange system (`kktNewton`: the plain iteration converges slowly, even oscillates, where S
   * is curved); falls back on `reach` (a point of S, not necessarily near) when it fails.
   */
  approximate(x: readonly number[]): number[] | null {
    const start = this.linearised(x, 12) ?? this.reach(x);
    if (!start) return null;
    const q = this.kktNewton(x, start);
    return q ? (this.reach(q) ?? start) : this.reach(start);
  }

  /** `steps` iterations of q ← x − Jᵀ(JJᵀ)⁻¹(g(q) + J(x − q)) from q = x, capped steps (floats). */
  private linearised(x: readonly number[], steps: number): number[] | null {
    const { d, m } = this;
    let q = [...x];
    const out = new Float64Array(m + m * d);
    for (let it = 0; it < steps; it++) {
      this.gjFloat.eval(q, out);
      const g = out.subarray(0, m);
      const J = out.subarray(m);
      if (!g.every(Number.isFinite) || !J.every(Number.isFinite)) return null;
      const G = new Float64Array(m * m);
      for (let r = 0; r < m; r++) for (let s = 0; s < m; s++) for (let j = 0; j < d; j++) G[r * m + s]! += J[r * d + j]! * J[s * d + j]!;
      const Gi = floatInverse(G, m);
      if (!Gi) return null;
      const rhs = Array.from({ length: m }, (_, r) => g[r]! + x.reduce((u, xj, j) => u + J[r * d + j]! * (xj - q[j]!), 0));
      const w = Array.from({ length: m }, (_, r) => rhs.reduce((u, v, s) => u + Gi[r * m + s]! * v, 0));
      const step = x.map((xj, j) => xj - w.reduce((u, wr, r) => u + J[r * d + j]! * wr, 0) - q[j]!);
      const size = Math.max(...step.map(Math.abs));
      if (!Number.isFinite(size)) return null;
      const cap = 0.25 * (1 + Math.max(...q.map(Math.abs)));
      const f = size > cap ? cap / size : 1;
      q = q.map((v, j) => v + f * step[j]!);
    }
    return q;
  }

  /**
   * Newton's method on the Lagrange system of min ½|q − x|² subject to g(q) = 0:
   * q − x + Jᵀλ = 0, g(q) = 0 (Jacobian [[I + Σ λ_r ∇²g_r, Jᵀ], [J, 0]]), from q with the
   * least-squares λ; capped steps. The point reached (floats), or null when it does not converge.
   */
  private kktNewton(x: readonly number[], q0: readonly number[]): number[] | null {
    const { d, m } = this;
    const n = d + m;
    const out = new Float64Array(m + m * d + m * d * d);
    let q = [...q0];
    let lambda: number[] | null = null;
    const scale = 1 + Math.max(...x.map(Math.abs));
    for (let it = 0; it < 60; it++) {
      this.ghFloat.eval(q, out);
      if (!out.every(Number.isFinite)) return null;
      const g = out.subarray(0, m);
      const J = out.subarray(m, m + m * d);
      const H = out.subarray(m + m * d);
      if (!lambda) {
        // λ = −(JJᵀ)⁻¹ J (q − x): the best multipliers for the stationarity equation at q.
        const G = new Float64Array(m * m);
        for (let r = 0; r < m; r++) for (let s = 0; s < m; s++) for (let j = 0; j < d; j++) G[r * m + s]! += J[r * d + j]! * J[s * d + j]!;
        const Gi = floatInverse(G, m);
        if (!Gi) return null;
        const Jv = Array.from({ length: m }, (_, r) => q.reduce((u, qj, j) => u + J[r * d + j]! * (qj - x[j]!), 0));
        lambda = Array.from({ length: m }, (_, r) => -Jv.reduce((u, v, s) => u + Gi[r * m + s]! * v, 0));
      }
      const lam: number[] = lambda;
      const F = [...q.map((qj, j) => qj - x[j]! + lam.reduce((u, l, r) => u + l * J[r * d + j]!, 0)), ...Array.from(g)];
      const res = Math.max(...F.map(Math.abs));
      if (res <= 1e-14 * scale) return q;
      const K = new Float64Array(n * n);
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < d; k++) K[j * n + k] = (j === k ? 1 : 0) + lam.reduce((u, l, r) => u + l * H[r * d * d + j * d + k]!, 0);
        for (let r = 0; r < m; r++) {
          K[j * n + d + r] = J[r * d + j]!;
          K[(d + r) * n + j] = J[r * d + j]!;
        }
      }
      const Ki = floatInverse(K, n);
      if (!Ki) return null;
      const step = Array.from({ length: n }, (_, a) => -F.reduce((u, v, b) => u + Ki[a * n + b]! * v, 0));
      const size = Math.max(...step.slice(0, d).map(Math.abs));
      if (!Number.isFinite(size)) return null;
      const cap = 0.25 * (1 + Math.max(...q.map(Math.abs)));
      const f = size > cap ? cap / size : 1;
      q = q.map((v, j) => v + f * step[j]!);
      lambda = lam.map((l, r) => l + f * step[d + r]!);
      if (size <= 1e-15 * scale && res <= 1e-12 * scale) return q;
    }
    this.gFloat.eval(q, out);
    return out.subarray(0, m).every((v) => Math.abs(v) <= 1e-9 * scale) ? q : null;
  }

  /** Gauss–Newton projection of `start` onto S (floats; not rigorous), or null when it does not converge. */
  reach(start: readonly number[]): number[] | null {
    const { d, m } = this;
    let y = [...start];
    const out = new Float64Array(m + m * d);
    for (let it = 0; it < 60; it++) {
      this.gjFloat.eval(y, out);
      const g = out.subarray(0, m);
      const J = out.subarray(m);
      if (!g.every(Number.isFinite) || !J.every(Number.isFinite)) return null;
      const scale = 1 + Math.max(...y.map(Math.abs));
      if (g.every((v) => Math.abs(v) <= 1e-15 * scale)) return y;
      // Minimal-norm step: y ← y − Jᵀ (J Jᵀ)⁻¹ g.
      const G = new Float64Array(m * m);
      for (let r = 0; r < m; r++) for (let s = 0; s < m; s++) for (let j = 0; j < d; j++) G[r * m + s]! += J[r * d + j]! * J[s * d + j]!;
      const Gi = floatInverse(G, m);
      if (!Gi) return null;
      const w = Array.from({ length: m }, (_, r) => Array.from({ length: m }, (_, s) => Gi[r * m + s]! * g[s]!).reduce((u, v) => u + v, 0));
      const next = y.map((v, j) => v - w.reduce((u, wr, r) => u + J[r * d + j]! * wr, 0));
      const moved = Math.max(...next.map((v, j) => Math.abs(v - y[j]!)));
      y = next;
      if (moved <= 1e-16 * scale) break;
    }
    this.gFloat.eval(y, out);
    return out.subarray(0, m).every((v) => Math.abs(v) <= 1e-9 * (1 + Math.max(...y.map(Math.abs)))) ? y : null;
  }
}

/**
 * The inverse of a row-major n×n matrix by Gauss–Jordan elimination with partial pivoting (floats,
 * untrusted); null when (nearly) singular or not finite. Also the engine's `invert`.
 */
export function floatInverse(M: ArrayLike<number>, n: number): Float64Array | null {
  const a = Float64Array.from(M);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[piv * n + col]!)) piv = r;
    const p = a[piv * n + col]!;
    if (!(Math.abs(p) > 1e-14 * scale)) return null;
    if (piv !== col)
      for (let k = 0; k < n; k++) {
        [a[col * n + k], a[piv * n + k]] = [a[piv * n + k]!, a[col * n + k]!];
        [inv[col * n + k], inv[piv * n + k]] = [inv[piv * n + k]!, inv[col * n + k]!];
      }
    for (let k = 0; k < n; k++) {
      a[col * n + k]! /= p;
      inv[col * n + k]! /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k]! -= f * a[col * n + k]!;
        inv[r * n + k]! -= f * inv[col * n + k]!;
      }
    }
  }
  return inv.every(Number.isFinite) ? inv : null;
}
