import type { Tensor } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { initBackend, type TF } from '../../src/networks/backend.js';
import { gaussianClasses, sequenceData } from '../../src/networks/data.js';
import { buildModel } from '../../src/networks/models.js';
import { mlpPerSampleDots, naivePerSampleDots } from '../../src/networks/persample.js';
import { makeRng } from '../../src/networks/rng.js';

let tf: TF;
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});

function oneHot(y: Float32Array, C: number): Float32Array {
  const o = new Float32Array(y.length * C);
  y.forEach((c, i) => (o[i * C + c] = 1));
  return o;
}

describe('per-sample gradient dot products <grad f_i(x), V>', () => {
  for (const [depth, width, B] of [
    [1, 8, 5],
    [3, 12, 17],
  ] as const) {
    it(`efficient (pre-activation) method = naive per-sample loop, MLP depth ${depth}, width ${width}, batch ${B}`, async () => {
      const data = gaussianClasses(B, 6, 3, makeRng(depth * 10 + width));
      const model = buildModel('mlp', { depth, width, lambda: 0 }, data);
      const rng = makeRng(99);
      const params = model.init(rng).map((a, i) => tf.tensor(a, model.shapes[i]!));
      // a direction with non-zero bias parts too
      const V = model.shapes.map((s) =>
        tf.tensor(
          Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()),
          s,
        ),
      );
      const x = tf.tensor(data.x, [B, 6]);
      const y = tf.tensor2d(oneHot(data.y, 3), [B, 3]);
      const fast = mlpPerSampleDots(tf, params, x, y, V);
      const eff = Array.from(fast.dataSync());
      const naive = Array.from(await naivePerSampleDots(tf, model, params, x, y, V));
      expect(eff.length).toBe(B);
      const scale = Math.max(...naive.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-3);
      for (let i = 0; i < B; i++) expect(Math.abs(eff[i]! - naive[i]!)).toBeLessThanOrEqual(1e-5 * scale + 1e-6);
      // samples really differ (a broadcasting bug would give one value for all)
      expect(new Set(eff.map((v) => v.toFixed(4))).size).toBeGreaterThan(1);
      // the mean of the per-sample dots is the batch-gradient dot
      const g = tf.grads((...ps: Tensor[]) => tf.mean(model.losses(tf, ps, x, y)))(params);
      const batchDot = g.reduce((s, gl, l) => s + tf.sum(tf.mul(gl, V[l]!)).dataSync()[0]!, 0);
      expect(Math.abs(eff.reduce((s, v) => s + v, 0) / B - batchDot)).toBeLessThanOrEqual(1e-5 * scale + 1e-6);
      tf.dispose([...params, ...V, x, y, fast, ...g]);
    });
  }

  for (const [depth, width, B, shape, backend] of [
    [1, 8, 5, [6], 'wasm'],
    [3, 12, 17, [6], 'wasm'],
    [2, 10, 7, [2, 3], 'wasm'],
    [2, 10, 7, [6], 'cpu'], // matMul's transpose flags instead of explicit transposes
  ] as const) {
    it(`the MLP's hand-written backward pass = autograd on its losses (${backend}, depth ${depth}, width ${width}, batch ${B}, samples ${shape.join('x')})`, async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      onTestFinished(async () => {
        await tf.setBackend('wasm');
      });
      const data = gaussianClasses(B, 6, 3, makeRng(depth * 7 + width));
      const model = buildModel('mlp', { depth, width, lambda: 0 }, data);
      const rng = makeRng(11);
      // biases moved off zero so every term of the backward pass matters
      const params = model.init(rng).map((a, i) => tf.tensor(a.length === model.shapes[i]![0] ? a.map(() => rng.normal()) : a, model.shapes[i]!));
      const x = tf.tensor(data.x, [B, ...shape]);
      const y = tf.tensor2d(oneHot(data.y, 3), [B, 3]);
      const mine = tf.tidy(() => model.valueAndGrads!(tf, params, x, y));
      const ref = tf.valueAndGrads((...ps: Tensor[]) => tf.mean(model.losses(tf, ps, x, y)) as import('@tensorflow/tfjs').Scalar)(params);
      expect(mine.value.dataSync()[0]).toBe(ref.value.dataSync()[0]);
      expect(mine.grads.map((g) => g.shape)).toEqual(model.shapes);
      let scale = 0;
      for (const g of ref.grads) for (const v of g.dataSync()) scale = Math.max(scale, Math.abs(v));
      expect(scale).toBeGreaterThan(1e-3);
      mine.grads.forEach((g, l) => {
        const [a, b] = [g.dataSync(), ref.grads[l]!.dataSync()];
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-6 * scale);
      });
      tf.dispose([...params, x, y, mine.value, ...mine.grads, ref.value, ...ref.grads]);
    });
  }

  it('the naive loop agrees with the batch gradient for a non-MLP model (LSTM)', async () => {
    const data = sequenceData(4, 10, 4, 3, makeRng(3));
    const model = buildModel('lstm', { depth: 1, width: 6, lambda: 0 }, data);
    const rng = makeRng(5);
    const params = model.init(rng).map((a, i) => tf.tensor(a, model.shapes[i]!));
    const V = model.shapes.map((s) =>
      tf.tensor(
        Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()),
        s,
      ),
    );
    const x = tf.tensor(data.x, [4, 10, 4]);
    const y = tf.tensor2d(oneHot(data.y, 3), [4, 3]);
    const naive = await naivePerSampleDots(tf, model, params, x, y, V);
    const g = tf.grads((...ps: Tensor[]) => tf.mean(model.losses(tf, ps, x, y)))(params);
    const batchDot = g.reduce((s, gl, l) => s + tf.sum(tf.mul(gl, V[l]!)).dataSync()[0]!, 0);
    expect(Math.abs(naive.reduce((s, v) => s + v, 0) / 4 - batchDot)).toBeLessThan(1e-4 * (1 + Math.abs(batchDot)));
    tf.dispose([...params, ...V, x, y, ...g]);
  });
});
