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
const EPOCHS = 5;

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

const fmtRow = (r: Row) =>
  `  ${r.engine.padEnd(34)} ${String(r.width).padStart(5)} ${(r.steps / r.run1).toFixed(0).padStart(9)} ${r.logRatio.toFixed(2).padStart(10)}x ${r.diagRatio.toFixed(2).padStart(10)}x${r.note ? `   ${r.note}` : ''}`;

/** The Python side: same formulas as src/networks (MLP, ReLU, cross-entropy, plain SGD) and the same protocol. */
const PY = `
import json, sys, time, torch
torch.set_num_threads(int(sys.argv[2]))
cfg = json.load(open(sys.argv[1]))
X = torch.tensor(cfg['x'], dtype=torch.float32).reshape(cfg['n'], cfg['d'])
Y = torch.tensor(cfg['y'], dtype=torch.long)
init = [torch.tensor(a, dtype=torch.float32).reshape(s) for a, s in zip(cfg['init'], cfg['shapes'])]
plan = [torch.tensor(b, dtype=torch.long) for b in cfg['plan']]
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
    return [p.detach() for p in ps], time.perf_counter() - t0
run()  # warm-up
xK, t1 = run()
_, t2log = run(xK)
_, t2diag = run(xK, cfg['diagEvery'])
print(json.dumps({'run1': t1, 'run2Log': t2log, 'run2Diag': t2diag, 'final': [p.flatten().tolist() for p in xK], 'version': torch.__version__, 'threads': torch.get_num_threads()}))
`;

function findPython(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function torchRows(data: Dataset, width: number, tfFinal: Float32Array[] | undefined): Row[] | string {
  const py = findPython();
  if (!py) return 'PyTorch skipped: `python3 -c "import torch"` fails (Debian: apt-get install -y python3-torch)';
  const model = buildModel('mlp', { depth: 2, width, lambda: 0 }, data);
  const seed = 1;
  const init = model.init(makeRng(subSeed(seed, 1)));
  // the batch order of src/networks/train.ts (same RNG stream)
  const rng = makeRng(subSeed(seed, 2));
  const plan: number[][] = [];
  for (let e = 0; e < EPOCHS; e++) {
    const p = permutation(data.n, rng);
    for (let b = 0; b < Math.floor(data.n / 32); b++) plan.push(Array.from(p.subarray(b * 32, (b + 1) * 32)));
  }
  const dir = mkdtempSync(join(tmpdir(), 'lscert-bench-'));
  try {
    const cfg = join(dir, 'cfg.json');
    const script = join(dir, 'mlp.py');
    writeFileSync(
      cfg,
      JSON.stringify({
        n: data.n,
        d: D,
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
    const rows: Row[] = [];
    for (const threads of [1, Math.min(2, cpus().length)]) {
      const r = spawnSync(py, [script, cfg, String(threads)], { encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.status !== 0) return `PyTorch run failed: ${r.stderr.trim().split('\n').pop()}`;
      const j = JSON.parse(r.stdout) as { run1: number; run2Log: number; run2Diag: number; final: number[][]; version: string; threads: number };
      let note = '';
      if (tfFinal) {
        let diff = 0;
        j.final.forEach((a, l) => a.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - tfFinal[l]![i]!)))));
        note = `max |x^K(torch) - x^K(tfjs)| = ${diff.toExponential(1)} (same init, data, batches)`;
      }
      rows.push({
        engine: `pytorch ${j.version} (${j.threads} thr)`,
        width,
        steps: plan.length,
        run1: j.run1,
        logRatio: j.run2Log / j.run1,
        diagRatio: j.run2Diag / j.run1,
        note,
      });
      if (threads === Math.min(2, cpus().length)) break;
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchNetworks(): Promise<void> {
  const data = gaussianClasses(N, D, C, makeRng(0));
  console.log(
    `\nnetworks: MLP ${D}-w-w-${C} on ${N} Gaussian-class samples, SGD lr 0.05, batch 32, ${EPOCHS} epochs (${EPOCHS * (N / 32)} steps); machine: ${cpus().length} cores (shared with other work: figures are noisy)`,
  );
  console.log('  run 2 (log) = replay + c_k, f_ik(x^k), f_ik(x^K) per step; run 2 (+diag) adds the full-loss gradient on all 512 samples every 4 steps');
  console.log(`  ${'engine'.padEnd(34)} ${'width'.padStart(5)} ${'steps/s'.padStart(9)} ${'run2(log)'.padStart(11)} ${'run2(+diag)'.padStart(11)}`);
  for (const width of [64, 256]) {
    let tfFinal: Float32Array[] | undefined;
    for (const name of BACKENDS) {
      let be: Awaited<ReturnType<typeof initBackend>>;
      try {
        be = await initBackend(name);
      } catch (e) {
        if (width === 64) console.log(`  ${name.padEnd(34)}   not available: ${(e as Error).message.replace(/^backend '\w+' is not available: /, '')}`);
        continue;
      }
      trainOnly(be.tf, data, { ...OPTS(width, 1e9), epochs: 1 }, 1); // warm-up (kernel compilation)
      const r1 = trainOnly(be.tf, data, OPTS(width, 1e9), 1);
      const log = measureSeed(be.tf, data, OPTS(width, 1e9), 1);
      const diag = measureSeed(be.tf, data, OPTS(width, 4), 1);
      if (name === 'wasm') tfFinal = r1.final;
      console.log(
        fmtRow({
          engine: `tfjs ${be.detail}`,
          width,
          steps: r1.steps,
          run1: r1.ms / 1000,
          logRatio: log.run2Ms / log.run1Ms,
          diagRatio: diag.run2Ms / diag.run1Ms,
          note: log.replayIdentical && diag.replayIdentical ? 'replay bit-identical' : 'REPLAY DIFFERS',
        }),
      );
    }
    const t = torchRows(data, width, tfFinal);
    if (typeof t === 'string') {
      console.log(`  ${t}`);
      break;
    }
    for (const r of t) console.log(fmtRow(r));
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await benchNetworks();
