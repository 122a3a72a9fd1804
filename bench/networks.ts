/**
 * `npm run bench -- networks` (issue [7]): training steps per second of the MLP and the cost of
 * the measuring pass (run 2) relative to run 1, on every TensorFlow.js backend that starts
 * here, and the same network, batch, data, initial weights and batch order in PyTorch on CPU
 * (Debian python3-torch), side by side. Printed, not asserted. PyTorch is skipped with a
 * message when `python3 -c "import torch"` fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKENDS, initBackend } from '../src/networks/backend.js';
import { gaussianClasses, type Dataset } from '../src/networks/data.js';
import { buildModel } from '../src/networks/models.js';
import { makeRng, permutation, subSeed } from '../src/networks/rng.js';
import { measureSeed, trainOnly, type TrainOptions } from '../src/networks/train.js';

const N = 512;
const D = 16;
const C = 4;
const EPOCHS = 10;

const OPTS = (width: number, diagEvery: number): TrainOptions => ({
  model: 'mlp',
  modelOptions: { depth: 2, width, lambda: 0 },
  optimizer: { name: 'sgd', lr: 0.05, momentum: 0, schedule: 'constant', decay: 0.1 },
  batch: 32,
  epochs: EPOCHS,
  perSample: false,
  diagEvery,
  diagSamples: N,
});

interface Row {
  engine: string;
  width: number;
  steps: number;
  run1: number; // s
  /** run 2 / run 1 with only the per-step log (diagnostics once, at the last step). */
  logRatio: number;
  /** run 2 / run 1 with full-loss diagnostics every 4 steps. */
  diagRatio: number;
  note?: string;
}

/** Timed runs per engine; the median is reported (PyTorch's script does the same). */
const REPEATS = 3;
export async function median<T extends { ms: number }>(n: number, run: () => Promise<T>): Promise<T> {
  const rs: T[] = [];
  for (let i = 0; i < n; i++) rs.push(await run());
  rs.sort((a, b) => a.ms - b.ms);
  return rs[Math.floor(n / 2)]!;
}

const fmtRow = (r: Row) =>
  `  ${r.engine.padEnd(44)} ${String(r.width).padStart(5)} ${(r.steps / r.run1).toFixed(0).padStart(9)} ${r.logRatio.toFixed(2).padStart(10)}x ${r.diagRatio.toFixed(2).padStart(10)}x${r.note ? `   ${r.note}` : ''}`;

/** The Python side: same formulas as src/networks (MLP, ReLU, cross-entropy, plain SGD) and the same protocol. */
const PY = `
import json, sys, time, torch
torch.set_num_threads(int(sys.argv[2]))
dev = sys.argv[3] if len(sys.argv) > 3 else 'cpu'
def sync():
    if dev == 'cuda':
        torch.cuda.synchronize()
cfg = json.load(open(sys.argv[1]))
X = torch.tensor(cfg['x'], dtype=torch.float32).reshape(cfg['n'], cfg['d']).to(dev)
Y = torch.tensor(cfg['y'], dtype=torch.long).to(dev)
init = [torch.tensor(a, dtype=torch.float32).reshape(s).to(dev) for a, s in zip(cfg['init'], cfg['shapes'])]
plan = [torch.tensor(b, dtype=torch.long).to(dev) for b in cfg['plan']]
lr = cfg['lr']
def losses(ps, x, y):
    a = x
    L = len(ps) // 2
    for l in range(L):
        z = a @ ps[2 * l] + ps[2 * l + 1]
        a = torch.relu(z) if l + 1 < L else z
    return torch.nn.functional.cross_entropy(a, y, reduction='none')
def run(xK=None, diag_every=10**9):
    ps = [p.clone().requires_grad_(True) for p in init]
    K = len(plan)
    log = []
    t0 = time.perf_counter()
    for k, idx in enumerate(plan):
        x, y = X[idx], Y[idx]
        loss = losses(ps, x, y).mean()
        g = torch.autograd.grad(loss, ps)
        if xK is not None:
            with torch.no_grad():
                c = sum((gi * (p - q)).sum() for gi, p, q in zip(g, ps, xK)).item()
                log.append((c, loss.item(), losses(xK, x, y).mean().item()))
            if k % diag_every == 0 or k == K - 1:
                full = losses(ps, X, Y).mean()
                gf = torch.autograd.grad(full, ps)
                with torch.no_grad():
                    dot = sum((gi * (p - q)).sum() for gi, p, q in zip(gf, ps, xK)).item()
                    gn = sum((gi * gi).sum() for gi in gf).item()
        with torch.no_grad():
            ps = [(p - lr * gi).requires_grad_(True) for p, gi in zip(ps, g)]
    sync()
    return [p.detach() for p in ps], time.perf_counter() - t0
run()  # warm-up
runs = sorted((run() for _ in range(3)), key=lambda r: r[1])
xK, t1 = runs[1]  # the median of three, as the tfjs side
_, t2log = run(xK)
_, t2diag = run(xK, cfg['diagEvery'])
name = torch.cuda.get_device_name(0) if dev == 'cuda' else 'cpu'
print(json.dumps({'run1': t1, 'run2Log': t2log, 'run2Diag': t2diag, 'final': [p.cpu().flatten().tolist() for p in xK], 'version': torch.__version__, 'threads': torch.get_num_threads(), 'device': name}))
`;

/** A python3 that imports torch, or undefined. */
export function findPython(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

export interface TorchMlpRun {
  run1: number;
  run2Log: number;
  run2Diag: number;
  final: number[][];
  version: string;
  threads: number;
  /** 'cpu', or the CUDA device's name. */
  device: string;
  steps: number;
}

/**
 * The MLP of src/networks trained in PyTorch with the same initial weights, data and batch order
 * (plain SGD, lr 0.05, diagnostics every 4 steps in the +diag run); an error message when
 * PyTorch is missing or the run fails.
 */
export function torchMlp(
  data: Dataset,
  o: { depth: number; width: number; batch: number; epochs: number; threads: number; device: 'cpu' | 'cuda' },
): TorchMlpRun | string {
  const py = findPython();
  if (!py) return 'PyTorch skipped: `python3 -c "import torch"` fails (Debian: apt-get install -y python3-torch)';
  const model = buildModel('mlp', { depth: o.depth, width: o.width, lambda: 0 }, data);
  const seed = 1;
  const init = model.init(makeRng(subSeed(seed, 1)));
  // the batch order of src/networks/train.ts (same RNG stream)
  const rng = makeRng(subSeed(seed, 2));
  const plan: number[][] = [];
  for (let e = 0; e < o.epochs; e++) {
    const p = permutation(data.n, rng);
    for (let b = 0; b < Math.floor(data.n / o.batch); b++) plan.push(Array.from(p.subarray(b * o.batch, (b + 1) * o.batch)));
  }
  const dir = mkdtempSync(join(tmpdir(), 'lscert-bench-'));
  try {
    const cfg = join(dir, 'cfg.json');
    const script = join(dir, 'mlp.py');
    writeFileSync(
      cfg,
      JSON.stringify({
        n: data.n,
        d: data.x.length / data.n,
        x: Array.from(data.x),
        y: Array.from(data.y),
        init: init.map((a) => Array.from(a)),
        shapes: model.shapes,
        plan,
        lr: 0.05,
        diagEvery: 4,
      }),
    );
    writeFileSync(script, PY);
    const r = spawnSync(py, [script, cfg, String(o.threads), o.device], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) return `PyTorch run failed: ${r.stderr.trim().split('\n').pop()}`;
    return { ...(JSON.parse(r.stdout) as Omit<TorchMlpRun, 'steps'>), steps: plan.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest |a − b| over the parameters. */
export const maxDiff = (a: ArrayLike<number>[], b: ArrayLike<number>[]) => {
  let diff = 0;
  a.forEach((x, l) => {
    for (let i = 0; i < x.length; i++) diff = Math.max(diff, Math.abs(x[i]! - b[l]![i]!));
  });
  return diff;
};

function torchRows(data: Dataset, width: number, tfFinal: Float32Array[] | undefined): Row[] | string {
  const rows: Row[] = [];
  for (const threads of [...new Set([1, Math.min(2, cpus().length)])]) {
    const j = torchMlp(data, { depth: 2, width, batch: 32, epochs: EPOCHS, threads, device: 'cpu' });
    if (typeof j === 'string') return j;
    rows.push({
      engine: `pytorch ${j.version} (${j.threads} thr)`,
      width,
      steps: j.steps,
      run1: j.run1,
      logRatio: j.run2Log / j.run1,
      diagRatio: j.run2Diag / j.run1,
      note: tfFinal ? `max |x^K(torch) - x^K(tfjs)| = ${maxDiff(j.final, tfFinal).toExponential(1)} (same init, data, batches)` : '',
    });
  }
  return rows;
}

export async function benchNetworks(): Promise<void> {
  const data = gaussianClasses(N, D, C, makeRng(0));
  console.log(
    `\nnetworks: MLP ${D}-w-w-${C} on ${N} Gaussian-class samples, SGD lr 0.05, batch 32, ${EPOCHS} epochs (${EPOCHS * (N / 32)} steps); machine: ${cpus().length} cores (shared with other work: figures are noisy)`,
  );
  console.log('  run 2 (log) = replay + c_k, f_ik(x^k), f_ik(x^K) per step; run 2 (+diag) adds the full-loss gradient on all 512 samples every 4 steps');
  console.log(`  steps/s: median of ${REPEATS} runs after one whole warm-up run, in every engine`);
  console.log(`  ${'engine'.padEnd(44)} ${'width'.padStart(5)} ${'steps/s'.padStart(9)} ${'run2(log)'.padStart(11)} ${'run2(+diag)'.padStart(11)}`);
  for (const width of [64, 256]) {
    let tfFinal: Float32Array[] | undefined;
    let wasmSps = 0;
    for (const name of BACKENDS) {
      let be: Awaited<ReturnType<typeof initBackend>>;
      try {
        be = await initBackend(name);
      } catch (e) {
        if (width === 64) console.log(`  ${name.padEnd(34)}   not available: ${(e as Error).message.replace(/^backend '\w+' is not available: /, '')}`);
        continue;
      }
      // The MLP's hand-written backward pass (models.ts mlpBackward), then autograd (tf.valueAndGrads) as the baseline.
      let fused = 0;
      for (const autograd of [false, true]) {
        const o = (diagEvery: number): TrainOptions => ({ ...OPTS(width, diagEvery), autograd });
        await trainOnly(be.tf, data, o(1e9), 1); // warm-up: one whole run, as PyTorch gets (JIT, kernel compilation)
        const r1 = await median(REPEATS, () => trainOnly(be.tf, data, o(1e9), 1));
        const log = await measureSeed(be.tf, data, o(1e9), 1);
        const diag = await measureSeed(be.tf, data, o(4), 1);
        if (name === 'wasm' && !autograd) tfFinal = r1.final;
        const sps = r1.steps / (r1.ms / 1000);
        if (!autograd) fused = sps;
        console.log(
          fmtRow({
            engine: `tfjs ${be.detail}${autograd ? ', autograd' : ''}`,
            width,
            steps: r1.steps,
            run1: r1.ms / 1000,
            logRatio: log.run2Ms / log.run1Ms,
            diagRatio: diag.run2Ms / diag.run1Ms,
            note: `${log.replayIdentical && diag.replayIdentical ? 'replay bit-identical' : 'REPLAY DIFFERS'}${autograd ? `; hand-written backward ${(fused / sps).toFixed(2)}x faster` : ''}`,
          }),
        );
        if (name === 'wasm' && !autograd) wasmSps = sps;
      }
    }
    const t = torchRows(data, width, tfFinal);
    if (typeof t === 'string') {
      console.log(`  ${t}`);
      break;
    }
    for (const r of t) console.log(fmtRow(r));
    const torch1 = t[0]!.steps / t[0]!.run1;
    if (wasmSps > 0) console.log(`  wasm / PyTorch (1 thread) at width ${width}: ${(wasmSps / torch1).toFixed(2)} (target of issue [11]: at least 0.5)`);
  }
}

// run directly (not when imported, also from a bundle, where every module shares one import.meta.url)
if (/[/\\]networks\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) await benchNetworks();
