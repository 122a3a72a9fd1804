import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type TF } from '../../src/networks/backend.js';
import { gaussianClasses } from '../../src/networks/data.js';
import { makeRng } from '../../src/networks/rng.js';
import { measureSeed, type TrainOptions } from '../../src/networks/train.js';

/**
 * The two-pass protocol needs run 2 to retrace run 1 exactly. These tests record the
 * parameters after every update of both runs and compare the bytes.
 */
let tf: TF;
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});

const data = gaussianClasses(96, 8, 3, makeRng(7));
const base: TrainOptions = {
  model: 'mlp',
  modelOptions: { depth: 2, width: 16, lambda: 0 },
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9, schedule: 'constant', decay: 0.1 },
  batch: 16,
  epochs: 3,
  perSample: false,
  diagEvery: 1,
  diagSamples: 96,
};

async function trajectories(o: TrainOptions, seed: number) {
  const runs: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] };
  const log = await measureSeed(tf, data, o, seed, {
    onStep: (pass, _k, params) => {
      const flat = new Float32Array(params.reduce((s, p) => s + p.length, 0));
      let off = 0;
      for (const p of params) {
        flat.set(p, off);
        off += p.length;
      }
      runs[pass].push(new Uint8Array(flat.buffer));
    },
  });
  return { runs, log };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

describe('two-pass replay is bit-identical (wasm backend, and cpu)', () => {
  for (const [name, o] of [
    ['sgd, mini-batch logging', base],
    ['adam, per-sample logging', { ...base, optimizer: { ...base.optimizer, name: 'adam', lr: 0.01 }, perSample: true }],
    ['sgd-momentum, cosine schedule', { ...base, optimizer: { ...base.optimizer, name: 'sgd-momentum', schedule: 'cosine' } }],
  ] as [string, TrainOptions][]) {
    it(name, async () => {
      const { runs, log } = await trajectories(o, 3);
      expect(runs[1].length).toBe(log.steps);
      expect(runs[2].length).toBe(log.steps);
      const differing = runs[1].map((r, k) => (sameBytes(r, runs[2][k]!) ? -1 : k)).filter((k) => k >= 0);
      expect(differing).toEqual([]);
      expect(log.replayIdentical).toBe(true);
      // The comparison is not vacuous: the parameters move, and another seed gives another trajectory.
      expect(sameBytes(runs[1][0]!, runs[1][runs[1].length - 1]!)).toBe(false);
      const other = await trajectories(o, 4);
      expect(sameBytes(other.runs[1][0]!, runs[1][0]!)).toBe(false);
    });
  }

  it('also on the pure-JavaScript cpu backend (sgd-momentum, per-sample logging)', async () => {
    const cpu = await initBackend('cpu');
    try {
      const saved = tf;
      tf = cpu.tf;
      const { runs, log } = await trajectories({ ...base, epochs: 1, perSample: true, optimizer: { ...base.optimizer, name: 'sgd-momentum' } }, 3);
      tf = saved;
      expect(runs[1].length).toBe(log.steps);
      expect(runs[1].every((r, k) => sameBytes(r, runs[2][k]!))).toBe(true);
      expect(log.replayIdentical).toBe(true);
    } finally {
      tf = (await initBackend('wasm')).tf;
    }
  });

  it('run 2 logs one finite constraint per step, diagnostics up to the last step, and the first batch loss lies above its loss at x^K', async () => {
    const { log } = await trajectories(base, 5);
    expect(log.c.length).toBe(log.steps);
    // c_k = <g, x^k - x^K>: at k = 0 the iterate is far from x^K and the loss is larger there.
    expect(log.fk[0]!).toBeGreaterThan(log.fK[0]!);
    expect(log.diag.k[log.diag.k.length - 1]).toBe(log.steps - 1);
    for (const v of [...log.c, ...log.fk, ...log.fK]) expect(Number.isFinite(v)).toBe(true);
  });

  it('never reads synchronously (the WebGPU backend in Node cannot): the same log with dataSync disabled', async () => {
    const o: TrainOptions = { ...base, epochs: 1, perSample: true };
    const ref = await measureSeed(tf, data, o, 6);
    // (the wasm backend's own asynchronous read calls its readSync, so the trap sits on Tensor, where lscert's code reads)
    const proto = tf.Tensor.prototype as unknown as Record<'dataSync' | 'arraySync', () => unknown>;
    const saved = { dataSync: proto.dataSync, arraySync: proto.arraySync };
    let calls = 0;
    const trap = () => {
      calls++;
      throw new Error('synchronous read');
    };
    proto.dataSync = trap;
    proto.arraySync = trap;
    try {
      const log = await measureSeed(tf, data, o, 6);
      expect(log.replayIdentical).toBe(true);
      expect(Array.from(log.c)).toEqual(Array.from(ref.c));
      expect(log.diag.f).toEqual(ref.diag.f);
      expect(calls).toBe(0);
      // the trap works: a synchronous read does go through it
      expect(() => tf.scalar(1).dataSync()).toThrow('synchronous read');
      expect(calls).toBe(1);
    } finally {
      Object.assign(proto, saved);
    }
  });
});
