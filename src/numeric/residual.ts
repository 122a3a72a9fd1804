/**
 * The residual of a claim on a batch of points, in TensorFlow.js (float32, NOT rigorous).
 *
 *   α-β     R_i = ⟨∇f_i(x), x − x_p⟩ − α (f_i(x) − f_i(x_p)) + β (f_i(x) − f_i*)   (one per term)
 *   PL      R   = ‖∇f(x)‖² − 2μ (f(x) − f*)
 *   Aiming  R   = ⟨∇f(x), x − x_p⟩ − θ (f(x) − f*)
 *   QCvx    R   = ⟨∇f(x), x − x*⟩ − θ (f(x) − f(x*))
 *
 * The same definitions as src/conditions/residuals.ts, evaluated numerically: directional
 * derivatives by forward mode (one pass for all terms), ‖∇f‖² by tf.grad. Everything is a
 * tfjs op, so tf.grad of the residual drives the adversarial descent. x_p is the nearest
 * point of a finite S (float distances), the image of the projection map, or a point given
 * per row (the paper's stand-in x^K when S is not known).
 */

import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { ConditionName } from '../conditions/index.js';
import type { TF } from '../networks/backend.js';
import { columns, stackColumns, type TfProgram } from './tfExpr.js';

/** How x_p is obtained in floats. */
export type FloatProjection =
  | { readonly kind: 'map'; readonly map: TfProgram }
  /** The nearest of finitely many points (one point: a fixed x_p, e.g. QCvx's x*). */
  | { readonly kind: 'points'; readonly points: readonly (readonly number[])[] }
  /** PL needs none; other conditions then need x_p given per row. */
  | { readonly kind: 'none' };

export interface ResidualModel {
  readonly condition: ConditionName;
  readonly dim: number;
  /** The terms f_i (outputs 0..n-1). */
  readonly terms: TfProgram;
  readonly projection: FloatProjection;
  /** α-β: the values of f_i* used (given, or lower bounds: the refuting direction). */
  readonly termMinima: readonly number[];
  /** PL, Aiming: f*; QCvx: f(x*). */
  readonly fstar: number;
  readonly alpha: number;
  readonly beta: number;
  /** μ (PL) or θ (Aiming, QCvx). */
  readonly constant: number;
}

/** What one batch gives: residuals and the pieces the empirical statements are made of. */
export interface ResidualBatch {
  /** [B, m]: one column per obligation (n for α-β, 1 otherwise). */
  readonly R: Tensor2D;
  /** [B, d] x_p per row, or null (PL). */
  readonly xp: Tensor2D | null;
  /** [B, n] f_i(x). */
  readonly fx: Tensor2D;
  /**
   * α-β: [B, n] each, with R_i = c − α a + β b: a = f_i(x) − f_i(x_p), b = f_i(x) − f_i*,
   * c = ⟨∇f_i(x), x − x_p⟩ (the half-plane α a − β b ≤ c of each (x, i)).
   * Other conditions: [B, 1] with a = 0, b = den, c = num: R = num − const · den.
   */
  readonly a: Tensor2D;
  readonly b: Tensor2D;
  readonly c: Tensor2D;
}

export const obligations = (m: ResidualModel): number => (m.condition === 'alpha-beta' ? m.terms.outputs : 1);

/** x_p for every row of x (inside tf.tidy of the caller). */
export function projectBatch(tf: TF, m: ResidualModel, x: Tensor2D): Tensor2D | null {
  const p = m.projection;
  switch (p.kind) {
    case 'none':
      return null;
    case 'map':
      // the map's own columns, not the batch's: those hold only what the terms read (a map of S = {x_0 = 1}
      // reads every x_j; the terms' columns alone crashed the fallback, review finding)
      return stackColumns(tf, p.map.eval(tf, columns(tf, x, p.map.used))) as Tensor2D;
    case 'points': {
      const P = tf.tensor2d(
        p.points.map((q) => [...q]),
        [p.points.length, m.dim],
      );
      if (p.points.length === 1) return tf.broadcastTo(P, x.shape) as Tensor2D;
      // The nearest point is piecewise constant in x: pick it on a copy of x that is not on
      // the gradient tape (tf.grad cannot differentiate through argMin's integer indices).
      const xc = tf.tensor2d(x.dataSync() as Float32Array, x.shape);
      const d2 = tf.sum(tf.square(tf.sub(tf.expandDims(xc, 1), tf.expandDims(P, 0))), 2);
      return tf.gather(P, tf.argMin(d2, 1)) as Tensor2D;
    }
  }
}

/**
 * Residuals at the rows of x. `xpRows` overrides x_p (the paper's x^K stand-in). Call inside
 * tf.tidy; differentiable in x.
 */
export function residualBatch(tf: TF, m: ResidualModel, x: Tensor2D, xpRows?: Tensor2D): ResidualBatch {
  const cols = columns(tf, x, m.terms.used);
  const n = m.terms.outputs;
  const B = x.shape[0];
  if (m.condition === 'pl') {
    const mean = (xx: Tensor2D) => tf.div(tf.addN(m.terms.eval(tf, columns(tf, xx, m.terms.used))), n) as Tensor1D;
    const g = tf.grad((xx: Tensor) => tf.sum(mean(xx as Tensor2D)))(x);
    const num = tf.sum(tf.square(g), 1);
    const fx = stackColumns(tf, m.terms.eval(tf, cols)) as Tensor2D;
    const f = tf.div(tf.sum(fx, 1), n);
    const den = tf.mul(tf.sub(f, m.fstar), 2);
    const R = tf.sub(num, tf.mul(den, m.constant));
    return { R: tf.reshape(R, [B, 1]), xp: null, fx, a: tf.zeros([B, 1]), b: tf.reshape(den, [B, 1]), c: tf.reshape(num, [B, 1]) };
  }
  const xp = xpRows ?? projectBatch(tf, m, x);
  if (!xp) throw new Error(`residualBatch: ${m.condition} needs x_p`);
  const v = tf.sub(x, xp);
  const dual = m.terms.evalDual(tf, cols, columns(tf, v, m.terms.used));
  const fx = stackColumns(tf, dual.value) as Tensor2D;
  const dd = stackColumns(tf, dual.tangent) as Tensor2D;
  if (m.condition === 'alpha-beta') {
    const fxp = stackColumns(tf, m.terms.eval(tf, columns(tf, xp, m.terms.used))) as Tensor2D;
    const a = tf.sub(fx, fxp) as Tensor2D;
    const b = tf.sub(fx, tf.tensor1d([...m.termMinima])) as Tensor2D;
    let R = tf.sub(dd, tf.mul(a, m.alpha));
    // β = 0 with an unbounded f_i* lower bound would give 0·∞ = NaN: the term is 0.
    if (m.beta !== 0) R = tf.add(R, tf.mul(b, m.beta));
    return { R: R as Tensor2D, xp, fx, a, b, c: dd };
  }
  // Aiming, QCvx: ⟨∇f, x − x_p⟩ = mean of the terms' directional derivatives.
  const num = tf.div(tf.sum(dd, 1), n);
  const f = tf.div(tf.sum(fx, 1), n);
  const den = tf.sub(f, m.fstar);
  const R = tf.sub(num, tf.mul(den, m.constant));
  return { R: tf.reshape(R, [B, 1]), xp, fx, a: tf.zeros([B, 1]), b: tf.reshape(den, [B, 1]), c: tf.reshape(num, [B, 1]) };
}
