/**
 * The two-pass protocol of the paper (DOMAIN.md §5):
 *   run 1 trains and keeps the last iterate x^K (the stand-in for Proj(x^k, S));
 *   run 2 replays the identical trajectory (same seed: same initial weights, same batch order,
 *   same kernels in the same order) and logs per step k, for its mini-batch i_k,
 *     c_k = ⟨∇f_ik(x^k), x^k − x^K⟩,  f_ik(x^k),  f_ik(x^K),
 *   plus, every `diagEvery` steps, the full-loss quantities (f(x^k), ∇f(x^k), ⟨∇f, x^k − x^K⟩,
 *   ‖x^k − x^K‖) from which the angle, the empirical PL quantities and the aiming ratio follow.
 * The gradient that moves run 2 is the one computed for c_k, so the measurement cannot alter
 * the trajectory; run 2's final iterate is compared bit for bit with run 1's.
 * There is no dropout in these models, so "dropout off while measuring" holds trivially.
 *
 * Every read back to the host is asynchronous (`await t.data()`, never dataSync): the WebGPU
 * backend in Node cannot read synchronously (its readSync needs OffscreenCanvas, which Node
 * lacks). test/networks/replay.test.ts runs the trainer with synchronous reads disabled.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { TF } from './backend.js';
import { gather, type Dataset } from './data.js';
import { buildModel, type Model, type ModelName, type ModelOptions } from './models.js';
import { makeOptimizer, type OptimizerOptions } from './optim.js';
import { mlpPerSampleDots, naivePerSampleDots } from './persample.js';
import { makeRng, permutation, subSeed } from './rng.js';

export interface TrainOptions {
  model: ModelName;
  modelOptions: ModelOptions;
  optimizer: OptimizerOptions;
  batch: number;
  epochs: number;
  /** Log per-sample constraints (c_{k,i}, f_i(x^k), f_i(x^K)) instead of per mini-batch. */
  perSample: boolean;
  /** Full-loss diagnostics every this many steps (the last step always). */
  diagEvery: number;
  /** Samples used for the full-loss diagnostics (the first ones of a seeded permutation; all when ≥ n). */
  diagSamples: number;
  /** Use tf.valueAndGrads even where the model has a hand-written backward pass (the bench's baseline). */
  autograd?: boolean;
}

/** What run 2 logged for one seed. Constraint j: c[j] − α(fk[j] − fK[j]) + β(fk[j] − 0) ≥ 0. */
export interface SeedLog {
  seed: number;
  steps: number;
  /** Step index of each constraint (one per step, or one per sample of each step with --per-sample). */
  k: Int32Array;
  c: Float64Array;
  fk: Float64Array;
  fK: Float64Array;
  diag: { k: number[]; f: number[]; gradNorm: number[]; dot: number[]; dist: number[] };
  /** f(x^K) on the diagnostics set (the same set as diag.f). */
  fFinal: number;
  run1Ms: number;
  run2Ms: number;
  /** run 2's final iterate equals run 1's bit for bit. */
  replayIdentical: boolean;
}

export interface RunHooks {
  /** Called after every update with the parameters x^{k+1} (read back to the host); used by the replay test. */
  onStep?: (pass: 1 | 2, k: number, params: Float32Array[]) => void;
}

interface Ctx {
  tf: TF;
  data: Dataset;
  model: Model;
  o: TrainOptions;
}

function batches(n: number, B: number, epochs: number, seed: number): Int32Array[] {
  const rng = makeRng(subSeed(seed, 2));
  const out: Int32Array[] = [];
  const per = Math.max(1, Math.floor(n / B));
  for (let e = 0; e < epochs; e++) {
    const p = permutation(n, rng);
    for (let b = 0; b < per; b++) out.push(p.subarray(b * B, Math.min(n, (b + 1) * B)));
  }
  return out;
}

function batchTensors(ctx: Ctx, idx: ArrayLike<number>): { x: Tensor; y: Tensor } {
  const { tf, data } = ctx;
  const g = gather(data, idx);
  const x = tf.tensor(g.x, [idx.length, ...data.xShape], 'float32');
  if (data.task !== 'classification') return { x, y: tf.tensor1d(g.y, 'float32') };
  const oh = new Float32Array(idx.length * data.classes);
  for (let i = 0; i < idx.length; i++) oh[i * data.classes + g.y[i]!] = 1;
  return { x, y: tf.tensor2d(oh, [idx.length, data.classes]) };
}

const initParams = (ctx: Ctx, seed: number) => ctx.model.init(makeRng(subSeed(seed, 1))).map((a, i) => ctx.tf.tensor(a, ctx.model.shapes[i]!, 'float32'));
const meanLoss =
  (ctx: Ctx, x: Tensor, y: Tensor) =>
  (...ps: Tensor[]) =>
    ctx.tf.mean(ctx.model.losses(ctx.tf, ps, x, y)) as import('@tensorflow/tfjs').Scalar;

/** Mean loss and gradient: the model's own backward pass when it has one (MLP), else autograd. Call inside tf.tidy. */
const valueAndGrads = (ctx: Ctx, x: Tensor, y: Tensor, params: Tensor[]) =>
  ctx.model.valueAndGrads && !ctx.o.autograd ? ctx.model.valueAndGrads(ctx.tf, params, x, y) : ctx.tf.valueAndGrads(meanLoss(ctx, x, y))(params);

/** One training pass. Pass 2 needs x^K (from pass 1) and fills the log. */
async function pass(
  ctx: Ctx,
  seed: number,
  xK: Tensor[] | undefined,
  log: Partial<SeedLog> | undefined,
  hooks: RunHooks,
): Promise<{ final: Float32Array[]; ms: number }> {
  const { tf, o } = ctx;
  const t0 = performance.now();
  const plan = batches(ctx.data.n, Math.min(o.batch, ctx.data.n), o.epochs, seed);
  const K = plan.length;
  let params = initParams(ctx, seed);
  const opt = makeOptimizer(tf, o.optimizer);
  const rows: { k: number; c: number; fk: number; fK: number }[] = [];
  const diag = { k: [] as number[], f: [] as number[], gradNorm: [] as number[], dot: [] as number[], dist: [] as number[] };
  let diagSet: { x: Tensor; y: Tensor } | undefined;
  if (xK) {
    const m = Math.min(o.diagSamples, ctx.data.n);
    diagSet = batchTensors(
      ctx,
      m >= ctx.data.n ? Array.from({ length: ctx.data.n }, (_, i) => i) : permutation(ctx.data.n, makeRng(subSeed(seed, 3))).subarray(0, m),
    );
  }
  for (let k = 0; k < K; k++) {
    const { x, y } = batchTensors(ctx, plan[k]!);
    const { value, grads } = tf.tidy(() => valueAndGrads(ctx, x, y, params));
    if (xK && diagSet) {
      // --- measurement (run 2 only); reads params/grads, never writes them ---
      if (!o.perSample) {
        const v = tf.tidy(() => {
          let c: Tensor = tf.scalar(0);
          grads.forEach((g, i) => (c = tf.add(c, tf.sum(tf.mul(g, tf.sub(params[i]!, xK[i]!))))));
          return tf.stack([c, value, tf.mean(ctx.model.losses(tf, xK, x, y))]);
        });
        const [c, fk, fKv] = await v.data();
        v.dispose();
        rows.push({ k, c: c!, fk: fk!, fK: fKv! });
      } else {
        const dir = tf.tidy(() => params.map((p, i) => tf.sub(p, xK[i]!)));
        let dots: ArrayLike<number>;
        if (ctx.model.name === 'mlp') {
          const t = mlpPerSampleDots(tf, params, x, y, dir);
          dots = await t.data();
          t.dispose();
        } else dots = await naivePerSampleDots(tf, ctx.model, params, x, y, dir);
        const lk = tf.tidy(() => ctx.model.losses(tf, params, x, y));
        const lK = tf.tidy(() => ctx.model.losses(tf, xK, x, y));
        const [a, b] = [await lk.data(), await lK.data()];
        for (let i = 0; i < a.length; i++) rows.push({ k, c: dots[i]!, fk: a[i]!, fK: b[i]! });
        tf.dispose([dir, lk, lK]);
      }
      if (k % o.diagEvery === 0 || k === K - 1) {
        const d = tf.tidy(() => {
          const r = valueAndGrads(ctx, diagSet!.x, diagSet!.y, params);
          let dot: Tensor = tf.scalar(0);
          let gn: Tensor = tf.scalar(0);
          let dist: Tensor = tf.scalar(0);
          r.grads.forEach((g, i) => {
            const dx = tf.sub(params[i]!, xK[i]!);
            dot = tf.add(dot, tf.sum(tf.mul(g, dx)));
            gn = tf.add(gn, tf.sum(tf.square(g)));
            dist = tf.add(dist, tf.sum(tf.square(dx)));
          });
          return tf.stack([r.value, gn, dot, dist]);
        });
        const [f, gn, dot, dist] = await d.data();
        d.dispose();
        diag.k.push(k);
        diag.f.push(f!);
        diag.gradNorm.push(Math.sqrt(gn!));
        diag.dot.push(dot!);
        diag.dist.push(Math.sqrt(dist!));
      }
    }
    params = opt.step(params, grads, k, K);
    tf.dispose([value, ...grads, x, y]);
    if (hooks.onStep) hooks.onStep(xK ? 2 : 1, k, (await Promise.all(params.map((p) => p.data()))) as Float32Array[]);
  }
  const final = (await Promise.all(params.map((p) => p.data()))).map((a) => Float32Array.from(a as Float32Array));
  if (xK && diagSet && log) {
    const fF = tf.tidy(() => meanLoss(ctx, diagSet!.x, diagSet!.y)(...params));
    log.fFinal = (await fF.data())[0]!;
    fF.dispose();
    log.k = Int32Array.from(rows, (r) => r.k);
    log.c = Float64Array.from(rows, (r) => r.c);
    log.fk = Float64Array.from(rows, (r) => r.fk);
    log.fK = Float64Array.from(rows, (r) => r.fK);
    log.diag = diag;
    log.steps = K;
    tf.dispose([diagSet.x, diagSet.y]);
  }
  tf.dispose(params);
  opt.dispose();
  return { final, ms: performance.now() - t0 };
}

const sameBits = (a: Float32Array[], b: Float32Array[]) =>
  a.length === b.length &&
  a.every((x, i) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(b[i]!.buffer, b[i]!.byteOffset, b[i]!.byteLength)));

/** Runs both passes for one seed. */
export async function measureSeed(tf: TF, data: Dataset, o: TrainOptions, seed: number, hooks: RunHooks = {}): Promise<SeedLog> {
  const ctx: Ctx = { tf, data, model: buildModel(o.model, o.modelOptions, data), o };
  const r1 = await pass(ctx, seed, undefined, undefined, hooks);
  const xK = r1.final.map((a, i) => tf.tensor(a, ctx.model.shapes[i]!, 'float32'));
  const log: Partial<SeedLog> = { seed };
  const r2 = await pass(ctx, seed, xK, log, hooks);
  tf.dispose(xK);
  return { ...(log as SeedLog), run1Ms: r1.ms, run2Ms: r2.ms, replayIdentical: sameBits(r1.final, r2.final) };
}

/** Run 1 only (the bench's baseline): training steps, no measurement. */
export async function trainOnly(tf: TF, data: Dataset, o: TrainOptions, seed: number): Promise<{ final: Float32Array[]; ms: number; steps: number }> {
  const ctx: Ctx = { tf, data, model: buildModel(o.model, o.modelOptions, data), o };
  const r = await pass(ctx, seed, undefined, undefined, {});
  return { ...r, steps: batches(data.n, Math.min(o.batch, data.n), o.epochs, seed).length };
}
