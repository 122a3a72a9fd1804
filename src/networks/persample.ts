/**
 * Per-sample gradient dot products ⟨∇f_i(x), V⟩ for a whole batch.
 *
 * Efficient exact method (MLP): with z_l = a_{l-1} W_l + b_l, the per-sample gradient of W_l
 * is the outer product a_{l-1,i} δ_{l,i}ᵀ, where δ_{l,i} = ∂ℓ_i/∂z_{l,i}. Hence
 *   ⟨∇_{W_l} ℓ_i, V_W⟩ = (a_{l-1,i} V_W) · δ_{l,i},   ⟨∇_{b_l} ℓ_i, V_b⟩ = δ_{l,i} · V_b,
 * i.e. one row-wise product per layer, with no loop over samples. The δ_l of all samples come
 * from ONE backward pass of Σ_i ℓ_i (models.ts mlpBackward with scale 1; samples do not
 * interact, so row i is ∂ℓ_i/∂z_{l,i}).
 *
 * Naive method (any model): one backward pass per sample. Used by the tests as the reference
 * and by `--per-sample` for models other than the MLP.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { TF } from './backend.js';
import { mlpBackward, type Model } from './models.js';

/** ⟨∇ℓ_i(params), V⟩ for every sample of the batch, MLP only; shape [B]. */
export function mlpPerSampleDots(tf: TF, params: Tensor[], x: Tensor, onehot: Tensor, V: Tensor[]): Tensor {
  return tf.tidy(() => {
    const L = params.length / 2;
    const B = x.shape[0]!;
    // δ_l with scale 1: row i is ∂ℓ_i/∂z_{l,i} (samples do not interact)
    const { deltas, inputs } = mlpBackward(tf, params, x, onehot, 1);
    let dots: Tensor = tf.zeros([B]);
    for (let l = 0; l < L; l++) {
      const d = deltas[l]!;
      dots = tf.add(dots, tf.sum(tf.mul(tf.matMul(inputs[l]!, V[2 * l]!), d), 1));
      dots = tf.add(dots, tf.squeeze(tf.matMul(d, tf.reshape(V[2 * l + 1]!, [-1, 1])), [1]));
    }
    return dots;
  });
}

/** The same quantity by one backward pass per sample (any model). */
export async function naivePerSampleDots(tf: TF, model: Model, params: Tensor[], x: Tensor, y: Tensor, V: Tensor[]): Promise<Float64Array> {
  const B = x.shape[0]!;
  const out = new Float64Array(B);
  for (let i = 0; i < B; i++) {
    const s = tf.tidy(() => {
      const xi = tf.slice(x, i, 1);
      const yi = tf.slice(y, i, 1);
      const g = tf.grads((...ps: Tensor[]) => tf.sum(model.losses(tf, ps, xi, yi)))(params);
      let s: Tensor = tf.scalar(0);
      g.forEach((gl, l) => (s = tf.add(s, tf.sum(tf.mul(gl, V[l]!)))));
      return s;
    });
    out[i] = (await s.data())[0]!;
    s.dispose();
  }
  return out;
}
