import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type TF } from '../../src/networks/backend.js';
import { loadData } from '../../src/networks/data.js';
import { DEFAULT_DATA, MODEL_NAMES } from '../../src/networks/models.js';
import { regionLp, halfPlanes } from '../../src/networks/region.js';
import { measureSeed } from '../../src/networks/train.js';

let tf: TF;
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});

describe('every model trains, replays bit for bit and yields constraints', () => {
  for (const model of MODEL_NAMES) {
    it(model, async () => {
      const data = loadData({ name: DEFAULT_DATA[model], seed: 0, samples: model === 'mf' ? undefined : 32 });
      const log = await measureSeed(
        tf,
        data,
        {
          model,
          modelOptions: { depth: model === 'mlp' ? 2 : 1, width: model === 'mf' ? 3 : 6, lambda: 1e-5 },
          optimizer: { name: 'sgd', lr: model === 'halfspace' ? 0.25 : 0.05, momentum: 0, schedule: 'constant', decay: 0.1 },
          batch: 16,
          epochs: 2,
          perSample: false,
          diagEvery: 4,
          diagSamples: 32,
        },
        1,
      );
      expect(log.replayIdentical).toBe(true);
      expect(log.steps).toBe(2 * Math.floor(data.n / 16));
      expect(log.c.every(Number.isFinite)).toBe(true);
      // training made progress on the mini-batches: the first batch's loss is above its loss at x^K
      expect(log.fk[0]!).toBeGreaterThan(log.fK[0]!);
      const lp = await regionLp(halfPlanes(log.c, log.fk, log.fK));
      expect(['optimal', 'infeasible']).toContain(lp.status);
    });
  }
});
