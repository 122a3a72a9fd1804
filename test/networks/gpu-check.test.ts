import { describe, expect, it } from 'vitest';
import { gpuCheck } from '../../bench/gpu-check.js';

/**
 * scripts/gpu-check.sh (issue [11] §3) in its quick mode, without PyTorch: on a machine without a
 * GPU the GPU backends are reported with their reasons, and wasm and cpu train, replay bit for
 * bit and agree with each other. (The full check, and its self-contained pack, are documented in
 * docs/networks.md; its output on a GPU machine goes under bench/results/.)
 */
describe('the GPU check (quick mode)', () => {
  it('records every backend, trains the MLP and the CNN on those that start, and compares them with wasm', async () => {
    const lines: string[] = [];
    const r = await gpuCheck({ quick: true, torch: false, log: (l) => lines.push(l) });
    expect(r.schema).toBe('lscert-gpu-check/1');
    expect(r.backends.map((b) => b.name).sort()).toEqual(['cpu', 'tensorflow', 'wasm', 'webgpu']);
    for (const b of r.backends) {
      if (b.ok) expect(b.detail).toBeTruthy();
      else expect(b.reason).toMatch(/\w/); // a reason for every backend that did not start
    }
    const ok = r.backends.filter((b) => b.ok).map((b) => b.name);
    expect(ok).toContain('wasm');
    expect(ok).toContain('cpu');
    // every started backend ran every workload
    expect(r.runs.length).toBe(ok.length * r.workloads.length);
    for (const run of r.runs) {
      expect(run.error).toBeUndefined();
      expect(run.steps).toBeGreaterThan(0);
      expect(run.stepsPerSec).toBeGreaterThan(0);
      expect(run.replayIdentical).toBe(true);
      // float32 on another backend: the same trajectory up to rounding
      expect(run.maxDiffToWasm).not.toBeNull();
      expect(run.maxDiffToWasm!).toBeLessThan(1e-4);
    }
    expect(r.workloads.map((w) => w.model)).toEqual(['mlp', 'cnn']);
    expect(r.torch).toEqual([]);
    expect(lines.length).toBeGreaterThanOrEqual(r.runs.length);
  });
});
