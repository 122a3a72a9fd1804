import { compileInterval, hessian, simplify, type Expr, type IntervalEvaluator } from '../expr/index.js';
import { kernel } from '../interval/index.js';
import type { Box } from './box.js';

/**
 * Local strong convexity near an isolated global minimizer p (DOMAIN §2: residuals of PL,
 * Aiming and QCvx vanish on S, so bisection alone never closes a box around p).
 *
 * If every symmetric matrix in the interval Hessian H(B) has eigenvalues in [m, M] with
 * m > 0 (Gershgorin: m ≤ min_i (H_ii.lo − Σ_{j≠i} max|H_ij|), M ≥ max_i (H_ii.hi + Σ_{j≠i} max|H_ij|)),
 * and the box B contains p with ∇f(p) = 0 and f(p) = f*, then for every x ∈ B
 * (the segment [x, p] lies in B):
 *   f* ≥ f(x) + ∇f(x)ᵀ(p − x) + (m/2)‖x − p‖²  ⇒  f(x) − f* ≤ ‖∇f(x)‖²/(2m)   (PL with any μ ≤ m)
 *   f(x) − f* ≤ (M/2)‖x − p‖²                  ⇒  ⟨∇f(x), x − p⟩ ≥ (1 + m/M)(f(x) − f*)
 *                                               (Aiming with x_p = p, QCvx with x* = p: any θ ≤ 1 + m/M).
 */
export class LocalConvexity {
  private readonly ev: IntervalEvaluator;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  constructor(
    f: Expr,
    private readonly dim: number,
  ) {
    const H = hessian(f, dim, (e) => simplify(e));
    this.ev = compileInterval(H.flat());
    this.lo = new Float64Array(dim * dim);
    this.hi = new Float64Array(dim * dim);
  }

  /** Rigorous [m, M] eigenvalue bounds of the Hessian over the box, or undefined when m ≤ 0 or unknown. */
  eigenBounds(box: Box): { m: number; M: number } | undefined {
    this.ev.eval(box.lo, box.hi, this.lo, this.hi);
    const d = this.dim;
    let m = Infinity;
    let M = -Infinity;
    for (let i = 0; i < d; i++) {
      let rl = this.lo[i * d + i]!;
      let rh = this.hi[i * d + i]!;
      for (let j = 0; j < d; j++) {
        if (j === i) continue;
        const r = Math.max(Math.abs(this.lo[i * d + j]!), Math.abs(this.hi[i * d + j]!));
        kernel.sub(rl, rh, r, r);
        const a = kernel.OUT[0]!;
        kernel.add(rl, rh, r, r);
        rh = kernel.OUT[1]!;
        rl = a;
      }
      m = Math.min(m, rl);
      M = Math.max(M, rh);
    }
    if (!(m > 0) || !Number.isFinite(M)) return undefined;
    return { m, M };
  }

  /** A rigorous lower bound of 1 + m/M (the certified Aiming/QCvx constant). */
  static aimingConstant(m: number, M: number): number {
    kernel.div(m, m, M, M);
    const q = kernel.OUT[0]!;
    kernel.add(1, 1, q, q);
    return kernel.OUT[0]!;
  }
}
