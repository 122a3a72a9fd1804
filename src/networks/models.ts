/**
 * The models of `lscert empirical`, written as pure functions of a flat list of parameter
 * tensors, so that one gradient call (tf.valueAndGrads, or the MLP's hand-written backward pass) gives the step of every optimizer and
 * the replay (run 2) executes exactly the kernels of run 1. Initial weights come from the
 * seeded JavaScript RNG (rng.ts), never from tfjs's random ops.
 *
 * Losses are per sample (shape [B]); the mini-batch loss f_ik is their mean. Every loss is
 * ≥ 0 with infimum 0 (cross-entropy, the half-space sigmoid loss plus a ridge term, the
 * squared error of matrix factorization), which is why the paper's choice f_ik* = 0 is a valid
 * lower bound of f_ik*.
 */
import type { Tensor, Tensor1D } from '@tensorflow/tfjs';
import type { TF } from './backend.js';
import type { Dataset } from './data.js';
import type { Rng } from './rng.js';
import { LscertError } from '../errors.js';

export const MODEL_NAMES = ['mlp', 'cnn', 'lstm', 'transformer', 'halfspace', 'mf'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelOptions {
  /** Hidden layers (mlp), conv blocks (cnn). */
  depth: number;
  /** Hidden width (mlp), channels of the first conv (cnn), hidden size (lstm), model dimension (transformer), rank (mf). */
  width: number;
  /** Ridge weight of the half-space model (λ/2‖x‖² in every term). */
  lambda: number;
}

export class ModelError extends LscertError {
  constructor(message: string) {
    super('usage', message);
  }
}

export interface Model {
  name: ModelName;
  description: string;
  paramNames: string[];
  shapes: number[][];
  /** Initial parameters from the seeded RNG. */
  init(rng: Rng): Float32Array[];
  /** Per-sample losses, shape [B]. `x` is [B, ...xShape], `y` the batch targets (one-hot [B, C] for classification, else [B]). */
  losses(tf: TF, params: Tensor[], x: Tensor, y: Tensor): Tensor;
  /**
   * Mean loss and its gradient, when the model has a hand-written backward pass (the MLP);
   * otherwise the trainer uses tf.valueAndGrads on `losses`. Call inside tf.tidy.
   */
  valueAndGrads?(tf: TF, params: Tensor[], x: Tensor, y: Tensor): { value: Tensor; grads: Tensor[] };
}

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const normalInit = (rng: Rng, n: number, sd: number) => Float32Array.from({ length: n }, () => rng.normal() * sd);

/** Cross-entropy per sample from logits [B, C] and one-hot targets [B, C]. */
export function crossEntropy(tf: TF, logits: Tensor, onehot: Tensor): Tensor {
  return tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, onehot), 1));
}

/** Dense layer list (He-normal weights, zero biases) for sizes [d0, d1, ..., dL]. */
function denseShapes(sizes: number[]): { names: string[]; shapes: number[][] } {
  const names: string[] = [];
  const shapes: number[][] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    names.push(`W${l + 1}`, `b${l + 1}`);
    shapes.push([sizes[l]!, sizes[l + 1]!], [sizes[l + 1]!]);
  }
  return { names, shapes };
}

function heInit(shapes: number[][]): (rng: Rng) => Float32Array[] {
  return (rng) => shapes.map((s) => (s.length === 1 ? new Float32Array(s[0]!) : normalInit(rng, prod(s), Math.sqrt(2 / prod(s.slice(0, -1))))));
}

/**
 * MLP forward pass: returns the logits, the layer inputs a_{l-1} and the pre-activations z_l.
 */
export function mlpForward(tf: TF, params: Tensor[], x: Tensor): { logits: Tensor; inputs: Tensor[]; pre: Tensor[] } {
  const L = params.length / 2;
  let a = x.rank > 2 ? tf.reshape(x, [x.shape[0]!, -1]) : x;
  const inputs: Tensor[] = [];
  const pre: Tensor[] = [];
  for (let l = 0; l < L; l++) {
    inputs.push(a);
    const z = tf.add(tf.matMul(a, params[2 * l]!), params[2 * l + 1]!);
    pre.push(z);
    a = l + 1 < L ? tf.relu(z) : z;
  }
  return { logits: a, inputs, pre };
}

/**
 * Loss and gradient of the MLP's mean cross-entropy, with the backward pass written out
 * (issue [11], §3: fewer tensor operations per step). Autograd records a tape and runs about
 * 97 kernels per step on a 3-layer MLP; this runs 39. On wasm it forms every weight gradient
 * as matMul(transpose(a), δ) and every back-propagated δ as matMul(δ, transpose(W)): that
 * backend's transposed matMul is about 10× slower than an explicit transpose followed by a
 * plain product at width 256; the other backends use matMul's transpose flags (on the cpu
 * backend the explicit transpose is the slow part). `npm run bench -- networks` measures both
 * against autograd.
 *
 *   δ_L = (softmax(z_L) − onehot) · s,    δ_{l−1} = (δ_l W_lᵀ) ⊙ step(z_{l−1}),
 *   ∇W_l = a_{l−1}ᵀ δ_l,                 ∇b_l = Σ_rows δ_l,
 * with s = 1/B for the mean loss. `deltas` are δ_l with s = 1: row i is ∂ℓ_i/∂z_{l,i}, the
 * per-sample pre-activation gradients that persample.ts needs. tf.valueAndGrads on
 * `Model.losses` stays the test oracle (test/networks/persample.test.ts).
 */
export function mlpBackward(
  tf: TF,
  params: Tensor[],
  x: Tensor,
  onehot: Tensor,
  scale: number,
): { value: Tensor; grads: Tensor[]; deltas: Tensor[]; inputs: Tensor[] } {
  const { logits, inputs, pre } = mlpForward(tf, params, x);
  const L = params.length / 2;
  const value = tf.mean(crossEntropy(tf, logits, onehot));
  const grads: Tensor[] = new Array(2 * L);
  const deltas: Tensor[] = new Array(L);
  // wasm: explicit transposes (its transposed matMul is slow); other backends: matMul's own flags (the cpu backend's transpose is the slow part there)
  const explicit = tf.getBackend() === 'wasm';
  const aT = (a: Tensor, b: Tensor) => (explicit ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b, true, false));
  const bT = (a: Tensor, b: Tensor) => (explicit ? tf.matMul(a, tf.transpose(b)) : tf.matMul(a, b, false, true));
  let d = tf.mul(tf.sub(tf.softmax(logits), onehot), scale);
  for (let l = L - 1; l >= 0; l--) {
    deltas[l] = d;
    grads[2 * l] = aT(inputs[l]!, d);
    grads[2 * l + 1] = tf.sum(d, 0);
    // relu'(z) = step(z): 1 for z > 0, 0 otherwise (tfjs's own Relu gradient uses the same step)
    if (l > 0) d = tf.mul(bT(d, params[2 * l]!), tf.step(pre[l - 1]!));
  }
  return { value, grads, deltas, inputs };
}

/**
 * 3×3 'same' convolution as im2col + matMul: pad, nine shifted slices concatenated along
 * channels, one matrix product. Only pad/slice/concat/matMul are differentiated, which every
 * backend registers (the wasm backend has no Conv2DBackpropFilter kernel), and the reduction
 * order is that of one matMul, the same in run 1 and run 2.
 */
export function conv3x3(tf: TF, a: Tensor, K: Tensor): Tensor {
  const [B, H, W, C] = a.shape as [number, number, number, number];
  const out = K.shape[3]!;
  const padded = tf.pad(a, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const cols: Tensor[] = [];
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) cols.push(tf.slice(padded, [0, dy, dx, 0], [B, H, W, C]));
  const patches = tf.reshape(tf.concat(cols, 3), [B * H * W, 9 * C]);
  return tf.reshape(tf.matMul(patches, tf.reshape(K, [9 * C, out])), [B, H, W, out]);
}

/** 2×2 average pooling, stride 2 (an odd last row/column is dropped), by reshape and mean. */
export function avgPool2(tf: TF, a: Tensor): Tensor {
  const [B, H, W, C] = a.shape as [number, number, number, number];
  const [h, w] = [Math.floor(H / 2), Math.floor(W / 2)];
  const cut = H % 2 || W % 2 ? tf.slice(a, [0, 0, 0, 0], [B, 2 * h, 2 * w, C]) : a;
  return tf.mean(tf.reshape(cut, [B, h, 2, w, 2, C]), [2, 4]);
}

export function buildModel(name: ModelName, o: ModelOptions, data: Dataset): Model {
  const need = (task: Dataset['task']) => {
    if (data.task !== task)
      throw new ModelError(`--model ${name} needs ${task === 'classification' ? 'a classification data set' : `--data ${task}`}, got --data ${data.name}`);
  };
  switch (name) {
    case 'mlp': {
      need('classification');
      const sizes = [prod(data.xShape), ...Array.from({ length: o.depth }, () => o.width), data.classes];
      const { names, shapes } = denseShapes(sizes);
      return {
        name,
        description: `MLP ${sizes.join('-')} (ReLU, cross-entropy)`,
        paramNames: names,
        shapes,
        init: heInit(shapes),
        losses: (tf, p, x, y) => crossEntropy(tf, mlpForward(tf, p, x).logits, y),
        valueAndGrads: (tf, p, x, y) => {
          const { value, grads } = mlpBackward(tf, p, x, y, 1 / x.shape[0]!);
          return { value, grads };
        },
      };
    }
    case 'cnn': {
      need('classification');
      if (data.xShape.length < 2) throw new ModelError(`--model cnn needs images or sequences, --data ${data.name} has vector samples`);
      const [H, W, C] = [data.xShape[0]!, data.xShape[1]!, data.xShape[2] ?? 1];
      const names: string[] = [];
      const shapes: number[][] = [];
      let [h, w, c] = [H, W, C];
      for (let b = 0; b < o.depth; b++) {
        const out = o.width * 2 ** b;
        names.push(`K${b + 1}`, `c${b + 1}`);
        shapes.push([3, 3, c, out], [out]);
        c = out;
        if (h >= 2 && w >= 2) [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
      }
      names.push('Wout', 'bout');
      shapes.push([h * w * c, data.classes], [data.classes]);
      return {
        name,
        description: `CNN ${o.depth}x(conv3x3 ${o.width}·2^b channels, ReLU, avg-pool 2) + dense ${h * w * c}-${data.classes}`,
        paramNames: names,
        shapes,
        init: heInit(shapes),
        losses: (tf, p, x, y) => {
          let a = tf.reshape(x, [x.shape[0]!, H, W, C]);
          for (let b = 0; b < o.depth; b++) {
            a = tf.relu(tf.add(conv3x3(tf, a, p[2 * b]!), p[2 * b + 1]!));
            if (a.shape[1]! >= 2 && a.shape[2]! >= 2) a = avgPool2(tf, a);
          }
          const flat = tf.reshape(a, [x.shape[0]!, -1]);
          return crossEntropy(tf, tf.add(tf.matMul(flat, p[2 * o.depth]!), p[2 * o.depth + 1]!), y);
        },
      };
    }
    case 'lstm': {
      need('classification');
      if (data.xShape.length < 2) throw new ModelError(`--model lstm needs sequences (or images, read row by row), --data ${data.name} has vector samples`);
      const T = data.xShape[0]!;
      const F = prod(data.xShape.slice(1));
      const h = o.width;
      const names = ['Wx', 'Wh', 'b', 'Wout', 'bout'];
      const shapes = [[F, 4 * h], [h, 4 * h], [4 * h], [h, data.classes], [data.classes]];
      return {
        name,
        description: `LSTM (input ${F}, hidden ${h}, ${T} steps) + dense ${h}-${data.classes} on the last state`,
        paramNames: names,
        shapes,
        init: (rng) => {
          const b = new Float32Array(4 * h);
          b.fill(1, h, 2 * h); // forget-gate bias 1
          return [
            normalInit(rng, F * 4 * h, 1 / Math.sqrt(F)),
            normalInit(rng, h * 4 * h, 1 / Math.sqrt(h)),
            b,
            normalInit(rng, h * data.classes, 1 / Math.sqrt(h)),
            new Float32Array(data.classes),
          ];
        },
        losses: (tf, p, x, y) => {
          const B = x.shape[0]!;
          const xs = tf.unstack(tf.reshape(x, [B, T, F]), 1);
          let hs: Tensor = tf.zeros([B, h]);
          let cs: Tensor = tf.zeros([B, h]);
          for (const xt of xs) {
            const g = tf.add(tf.add(tf.matMul(xt, p[0]!), tf.matMul(hs, p[1]!)), p[2]!);
            const [gi, gf, gg, go] = tf.split(g, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
            cs = tf.add(tf.mul(tf.sigmoid(gf), cs), tf.mul(tf.sigmoid(gi), tf.tanh(gg)));
            hs = tf.mul(tf.sigmoid(go), tf.tanh(cs));
          }
          return crossEntropy(tf, tf.add(tf.matMul(hs, p[3]!), p[4]!), y);
        },
      };
    }
    case 'transformer': {
      need('classification');
      if (data.xShape.length < 2)
        throw new ModelError(`--model transformer needs sequences (or images, read row by row), --data ${data.name} has vector samples`);
      const T = data.xShape[0]!;
      const F = prod(data.xShape.slice(1));
      const D = o.width;
      const names = ['E', 'P', 'Wq', 'Wk', 'Wv', 'Wo', 'g1', 'n1', 'W1', 'b1', 'W2', 'b2', 'g2', 'n2', 'Wc', 'bc'];
      const shapes = [
        [F, D],
        [T, D],
        [D, D],
        [D, D],
        [D, D],
        [D, D],
        [D],
        [D],
        [D, 2 * D],
        [2 * D],
        [2 * D, D],
        [D],
        [D],
        [D],
        [D, data.classes],
        [data.classes],
      ];
      return {
        name,
        description: `transformer block (d=${D}, one head, post-LN, MLP ${D}-${2 * D}-${D}) over ${T} tokens, mean-pooled, dense ${D}-${data.classes}`,
        paramNames: names,
        shapes,
        init: (rng) =>
          shapes.map((s, i) => {
            const nm = names[i]!;
            if (nm === 'g1' || nm === 'g2') return new Float32Array(s[0]!).fill(1);
            if (s.length === 1) return new Float32Array(s[0]!);
            return normalInit(rng, prod(s), nm === 'P' ? 0.1 : 1 / Math.sqrt(s[0]!));
          }),
        losses: (tf, p, x, y) => {
          const B = x.shape[0]!;
          const [E, P, Wq, Wk, Wv, Wo, g1, n1, W1, b1, W2, b2, g2, n2, Wc, bc] = p as [
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
            Tensor,
          ];
          const ln = (v: Tensor, g: Tensor, b: Tensor) => {
            const { mean, variance } = tf.moments(v, -1, true);
            return tf.add(tf.mul(tf.div(tf.sub(v, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
          };
          const flat = (v: Tensor) => tf.reshape(v, [B * T, -1]);
          const h0 = tf.add(tf.reshape(tf.matMul(flat(x), E), [B, T, D]), P);
          const proj = (W: Tensor) => tf.reshape(tf.matMul(flat(h0), W), [B, T, D]);
          const att = tf.softmax(tf.div(tf.matMul(proj(Wq), proj(Wk), false, true), Math.sqrt(D)));
          const mix = tf.reshape(tf.matMul(flat(tf.matMul(att, proj(Wv))), Wo), [B, T, D]);
          const h1 = ln(tf.add(h0, mix), g1, n1);
          const m = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(flat(h1), W1), b1)), W2), b2);
          const h2 = ln(tf.add(h1, tf.reshape(m, [B, T, D])), g2, n2);
          return crossEntropy(tf, tf.add(tf.matMul(tf.mean(h2, 1), Wc), bc), y);
        },
      };
    }
    case 'halfspace': {
      need('halfspace');
      const d = prod(data.xShape);
      return {
        name,
        description: `half-space learning: f_i(w) = sigmoid(-b_i wᵀa_i) + (λ/2)‖w‖², λ = ${o.lambda}`,
        paramNames: ['w'],
        shapes: [[d]],
        init: (rng) => [normalInit(rng, d, 1 / Math.sqrt(d))],
        losses: (tf, p, x, y) => {
          const w = p[0]!;
          const margin = tf.mul(y, tf.squeeze(tf.matMul(x, tf.reshape(w, [d, 1])), [1]));
          return tf.add(tf.sigmoid(tf.neg(margin)), tf.mul(o.lambda / 2, tf.sum(tf.square(w))));
        },
      };
    }
    case 'mf': {
      need('mf');
      const { rows, cols } = data.matrix!;
      const r = o.width;
      return {
        name,
        description: `matrix factorization: f_ij(W,S) = ½(X_ij - w_iᵀs_j)², rank ${r}, ${rows}x${cols}`,
        paramNames: ['W', 'S'],
        shapes: [
          [rows, r],
          [cols, r],
        ],
        init: (rng) => [normalInit(rng, rows * r, 1 / Math.sqrt(r)), normalInit(rng, cols * r, 1 / Math.sqrt(r))],
        losses: (tf, p, x, y) => {
          const [i, j] = tf.unstack(tf.cast(x, 'int32'), 1) as [Tensor, Tensor];
          const wi = tf.matMul(tf.oneHot(i as Tensor1D, rows), p[0]!);
          const sj = tf.matMul(tf.oneHot(j as Tensor1D, cols), p[1]!);
          return tf.mul(0.5, tf.square(tf.sub(y, tf.sum(tf.mul(wi, sj), 1))));
        },
      };
    }
  }
}

/** The data set each model uses when --data is not given. */
export const DEFAULT_DATA: Record<ModelName, 'gaussian' | 'images' | 'sequences' | 'halfspace' | 'mf'> = {
  mlp: 'gaussian',
  cnn: 'images',
  lstm: 'sequences',
  transformer: 'sequences',
  halfspace: 'halfspace',
  mf: 'mf',
};
