/**
 * The GPU check of issue [11] §3, run by `scripts/gpu-check.sh` (docs/networks.md, "GPU check"):
 *
 * - which TensorFlow.js backends start on this machine, and why the others do not;
 * - training steps per second of three workloads (a small MLP, an MNIST-sized MLP, a small
 *   CNN) on every backend that starts, wasm included, so GPU and CPU figures come from the same
 *   machine; protocol of `npm run bench -- networks`: one whole warm-up run, median of three;
 * - whether the two-pass replay is bit-identical on each backend (run 2 retraces run 1), and
 *   how far each backend's final iterate lies from wasm's;
 * - PyTorch on the same MLPs (same weights, data, batch order) on CPU and, when torch sees
 *   one, on CUDA: the measured reference.
 *
 * Writes one JSON file (`--out FILE`, schema `lscert-gpu-check/1`); prints a short summary.
 * `--quick` shrinks every workload to seconds (the test's mode). Nothing here is asserted:
 * a backend that fails is recorded with its error, and the script still exits 0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { BACKENDS, hasVulkanLoader, initBackend, type BackendName } from '../src/networks/backend.js';
import { gaussianClasses, imageData, type Dataset } from '../src/networks/data.js';
import type { ModelName } from '../src/networks/models.js';
import { makeRng } from '../src/networks/rng.js';
import { measureSeed, trainOnly, type TrainOptions } from '../src/networks/train.js';
import { maxDiff, median, torchMlp } from './networks.js';

interface Workload {
  id: string;
  title: string;
  data: () => Dataset;
  model: ModelName;
  depth: number;
  width: number;
  batch: number;
  epochs: number;
}

const WORKLOADS = (quick: boolean): Workload[] =>
  quick
    ? [
        {
          id: 'mlp-small',
          title: 'MLP 16-16-16-4, batch 16',
          data: () => gaussianClasses(64, 16, 4, makeRng(0)),
          model: 'mlp',
          depth: 2,
          width: 16,
          batch: 16,
          epochs: 1,
        },
        {
          id: 'cnn',
          title: 'CNN on 8x8 images, batch 16',
          data: () => imageData(32, 8, 4, makeRng(0)),
          model: 'cnn',
          depth: 1,
          width: 2,
          batch: 16,
          epochs: 1,
        },
      ]
    : [
        {
          id: 'mlp-small',
          title: 'MLP 16-64-64-4 (the CPU bench), batch 32',
          data: () => gaussianClasses(512, 16, 4, makeRng(0)),
          model: 'mlp',
          depth: 2,
          width: 64,
          batch: 32,
          epochs: 10,
        },
        {
          id: 'mlp-mnist',
          title: 'MLP 784-512-512-10 (MNIST-sized), batch 256',
          data: () => gaussianClasses(4096, 784, 10, makeRng(0)),
          model: 'mlp',
          depth: 2,
          width: 512,
          batch: 256,
          epochs: 2,
        },
        {
          id: 'cnn',
          title: 'CNN 2 x (conv3x3, 8/16 channels) on 28x28 images, batch 32',
          data: () => imageData(512, 28, 10, makeRng(0)),
          model: 'cnn',
          depth: 2,
          width: 8,
          batch: 32,
          epochs: 1,
        },
      ];

const options = (w: Workload, n: number): TrainOptions => ({
  model: w.model,
  modelOptions: { depth: w.depth, width: w.width, lambda: 0 },
  optimizer: { name: 'sgd', lr: 0.05, momentum: 0, schedule: 'constant', decay: 0.1 },
  batch: w.batch,
  epochs: w.epochs,
  perSample: false,
  diagEvery: 4,
  diagSamples: Math.min(n, 128),
});

/** A warm-up run longer than this makes the timing one run instead of the median of three (slow CPU backends). */
const SLOW_MS = 15_000;

const sh = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

function machine() {
  const icdDirs = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/nvidia/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
  return {
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    nvidiaSmi: sh('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader']) ?? null,
    vulkanLoader: hasVulkanLoader(),
    vulkanIcds: icdDirs.flatMap((d) => (existsSync(d) ? readdirSync(d).map((f) => join(d, f)) : [])),
    env: Object.fromEntries(['VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'LD_LIBRARY_PATH'].map((k) => [k, process.env[k] ?? null])),
  };
}

interface RunResult {
  workload: string;
  backend: string;
  steps: number;
  stepsPerSec: number;
  run2OverRun1: number;
  replayIdentical: boolean;
  /** max |x^K(this backend) − x^K(wasm)| over the parameters (same init, data, batches). */
  maxDiffToWasm: number | null;
  error?: string;
}

/** The whole check; `torch: false` leaves PyTorch out (the test's mode), `log` receives the summary lines. */
export async function gpuCheck(o: { quick: boolean; torch: boolean; log?: (line: string) => void }) {
  const { quick } = o;
  const log = o.log ?? console.log;
  const t0 = performance.now();
  const workloads = WORKLOADS(quick);
  const backends: { name: BackendName; ok: boolean; detail?: string; reason?: string }[] = [];
  const runs: RunResult[] = [];
  const wasmFinal = new Map<string, Float32Array[]>();
  // wasm first: the other backends' final iterates are compared with it. wasm is the CPU reference;
  // the pure-JavaScript cpu backend (5-20x slower) runs only in --quick mode.
  for (const name of ['wasm', ...BACKENDS.filter((b) => b !== 'wasm')] as BackendName[]) {
    if (name === 'cpu' && !quick) {
      backends.push({ name, ok: false, reason: 'skipped: wasm is the CPU reference (the cpu backend runs only with --quick)' });
      continue;
    }
    let be: Awaited<ReturnType<typeof initBackend>>;
    try {
      be = await initBackend(name);
    } catch (e) {
      backends.push({ name, ok: false, reason: (e as Error).message });
      log(`${name}: not available (${(e as Error).message})`);
      continue;
    }
    backends.push({ name, ok: true, detail: be.detail });
    for (const w of workloads) {
      const data = w.data();
      const o = options(w, data.n);
      try {
        const warm = await trainOnly(be.tf, data, o, 1); // warm-up (kernel compilation, JIT)
        const r1 = await median(quick || warm.ms > SLOW_MS ? 1 : 3, () => trainOnly(be.tf, data, o, 1));
        const seedLog = await measureSeed(be.tf, data, o, 1);
        if (name === 'wasm') wasmFinal.set(w.id, r1.final);
        const ref = wasmFinal.get(w.id);
        const r: RunResult = {
          workload: w.id,
          backend: be.detail,
          steps: r1.steps,
          stepsPerSec: r1.steps / (r1.ms / 1000),
          run2OverRun1: seedLog.run2Ms / seedLog.run1Ms,
          replayIdentical: seedLog.replayIdentical,
          maxDiffToWasm: ref ? maxDiff(r1.final, ref) : null,
        };
        runs.push(r);
        log(
          `${be.detail.padEnd(34)} ${w.id.padEnd(10)} ${r.stepsPerSec.toFixed(0).padStart(7)} steps/s  replay ${r.replayIdentical ? 'bit-identical' : 'DIFFERS'}${r.maxDiffToWasm !== null && name !== 'wasm' ? `, max |x^K - x^K(wasm)| = ${r.maxDiffToWasm.toExponential(1)}` : ''}`,
        );
      } catch (e) {
        runs.push({
          workload: w.id,
          backend: be.detail,
          steps: 0,
          stepsPerSec: 0,
          run2OverRun1: 0,
          replayIdentical: false,
          maxDiffToWasm: null,
          error: (e as Error).message,
        });
        log(`${be.detail.padEnd(34)} ${w.id.padEnd(10)} FAILED: ${(e as Error).message}`);
      }
    }
  }
  // PyTorch on the MLP workloads: CPU with every core, and CUDA when torch sees a GPU
  const torch: Record<string, unknown>[] = [];
  for (const w of o.torch ? workloads.filter((x) => x.model === 'mlp') : []) {
    const data = w.data();
    for (const device of ['cpu', 'cuda'] as const) {
      const j = torchMlp(data, { depth: w.depth, width: w.width, batch: w.batch, epochs: w.epochs, threads: device === 'cpu' ? cpus().length : 1, device });
      if (typeof j === 'string') {
        torch.push({ workload: w.id, device, error: j });
        log(`pytorch ${device.padEnd(26)} ${w.id.padEnd(10)} ${j}`);
        if (j.startsWith('PyTorch skipped')) break;
        continue;
      }
      const ref = wasmFinal.get(w.id);
      const row = {
        workload: w.id,
        device: j.device,
        version: j.version,
        threads: j.threads,
        steps: j.steps,
        stepsPerSec: j.steps / j.run1,
        run2OverRun1: j.run2Log / j.run1,
        maxDiffToWasm: ref ? maxDiff(j.final, ref) : null,
      };
      torch.push(row);
      log(`pytorch ${j.version} ${j.device.padEnd(20)} ${w.id.padEnd(10)} ${row.stepsPerSec.toFixed(0).padStart(7)} steps/s`);
    }
  }
  const result = {
    schema: 'lscert-gpu-check/1',
    date: new Date().toISOString(),
    quick,
    machine: machine(),
    protocol: `${quick ? 'quick mode: one timed run' : `one whole warm-up run, then the median of three timed runs (one when the warm-up took over ${SLOW_MS / 1000} s)`}; plain SGD lr 0.05; the replay check runs both passes once with full-loss diagnostics every 4 steps on up to 128 samples`,
    workloads: workloads.map(({ id, title, model, depth, width, batch, epochs }) => ({ id, title, model, depth, width, batch, epochs })),
    backends,
    runs,
    torch,
    elapsedMs: Math.round(performance.now() - t0),
  };
  return result;
}

async function main() {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  if (!out) {
    console.error('usage: gpu-check --out FILE [--quick] [--no-torch]');
    process.exit(64);
  }
  const result = await gpuCheck({ quick: args.includes('--quick'), torch: !args.includes('--no-torch') });
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(tmp, out);
  console.log(`wrote ${out} (${(result.elapsedMs / 1000).toFixed(0)} s)`);
}

// run directly (not when imported by the test); in the bundle of scripts/gpu-check.sh pack, argv[1] is gpu-check.mjs
if (/[/\\]gpu-check\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) await main();
