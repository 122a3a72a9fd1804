/**
 * Optimizers and step-size schedules, written with plain tensor ops so that run 1 and the
 * replay (run 2) execute the same kernels in the same order. Formulas follow PyTorch
 * (momentum: v ← μv + g, x ← x − γv; Adam with bias correction, ε outside the square root),
 * so the bench can run the same training in PyTorch.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { TF } from './backend.js';

export const OPTIMIZERS = ['sgd', 'sgd-momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const SCHEDULES = ['constant', 'step', 'cosine', 'inv-sqrt'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface OptimizerOptions {
  name: OptimizerName;
  lr: number;
  momentum: number;
  schedule: ScheduleName;
  /** Factor of the `step` schedule, applied at 50 % and 75 % of the steps. */
  decay: number;
}

/** γ_k for step k of K. */
export function stepSize(o: OptimizerOptions, k: number, K: number): number {
  switch (o.schedule) {
    case 'constant':
      return o.lr;
    case 'step':
      return o.lr * o.decay ** ((k >= K / 2 ? 1 : 0) + (k >= (3 * K) / 4 ? 1 : 0));
    case 'cosine':
      return o.lr * 0.5 * (1 + Math.cos((Math.PI * k) / K));
    case 'inv-sqrt':
      return o.lr / Math.sqrt(k + 1);
  }
}

export interface Optimizer {
  /** New parameters (the old ones and replaced state are disposed). */
  step(params: Tensor[], grads: Tensor[], k: number, K: number): Tensor[];
  dispose(): void;
}

export function makeOptimizer(tf: TF, o: OptimizerOptions): Optimizer {
  let m: Tensor[] | undefined;
  let v: Tensor[] | undefined;
  const swap = (old: Tensor[] | undefined, next: Tensor[]) => {
    old?.forEach((t) => t.dispose());
    return next;
  };
  return {
    step(params, grads, k, K) {
      const lr = stepSize(o, k, K);
      let next: Tensor[];
      if (o.name === 'sgd') {
        // one scalar tensor per step, not one per parameter tensor (the same kernels and values as tf.mul(lr, g))
        next = tf.tidy(() => {
          const g = tf.scalar(lr);
          return params.map((p, i) => tf.sub(p, tf.mul(g, grads[i]!)));
        });
      } else if (o.name === 'sgd-momentum') {
        const mu = o.momentum;
        const vel = tf.tidy(() => grads.map((g, i) => (m ? tf.add(tf.mul(mu, m[i]!), g) : tf.clone(g))));
        m = swap(m, vel);
        next = tf.tidy(() => {
          const g = tf.scalar(lr);
          return params.map((p, i) => tf.sub(p, tf.mul(g, vel[i]!)));
        });
      } else {
        const [b1, b2, eps] = [0.9, 0.999, 1e-8];
        const t = k + 1;
        const m1 = tf.tidy(() => grads.map((g, i) => (m ? tf.add(tf.mul(b1, m[i]!), tf.mul(1 - b1, g)) : tf.mul(1 - b1, g))));
        const v1 = tf.tidy(() => grads.map((g, i) => (v ? tf.add(tf.mul(b2, v[i]!), tf.mul(1 - b2, tf.square(g))) : tf.mul(1 - b2, tf.square(g)))));
        m = swap(m, m1);
        v = swap(v, v1);
        const c1 = 1 - b1 ** t;
        const c2 = Math.sqrt(1 - b2 ** t);
        next = tf.tidy(() => params.map((p, i) => tf.sub(p, tf.mul(lr / c1, tf.div(m1[i]!, tf.add(tf.div(tf.sqrt(v1[i]!), c2), eps))))));
      }
      params.forEach((p) => p.dispose());
      return next;
    },
    dispose() {
      m?.forEach((t) => t.dispose());
      v?.forEach((t) => t.dispose());
    },
  };
}
