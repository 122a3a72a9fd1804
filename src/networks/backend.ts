/**
 * TensorFlow.js backend selection for the numeric (network) layer.
 *
 * Order tried by `auto`, fastest first (issue [7]):
 *   1. `tensorflow` — @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node, when the user has
 *      installed one of them (optional; never required, they download libtensorflow at install);
 *   2. `webgpu`     — @tensorflow/tfjs-backend-webgpu on Dawn (npm `webgpu`, optional dependency),
 *      only when Dawn finds a GPU adapter (needs a Vulkan loader, Debian `libvulkan1`);
 *   3. `wasm`       — @tensorflow/tfjs-backend-wasm (always installed);
 *   4. `cpu`        — the pure-JS backend of @tensorflow/tfjs.
 * `--backend NAME` forces one; a forced backend that cannot start is an error, not a silent fallback.
 *
 * All tensor code must use the `tf` object returned here: tfjs-node ships its own re-export of
 * tfjs, and using that object guarantees kernels run on the engine the backend was registered in.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LscertError } from '../errors.js';

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

export type TF = typeof import('@tensorflow/tfjs');

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was not used (module missing, no adapter, init error). */
  reason?: string;
}

export interface BackendChoice {
  name: BackendName;
  /** Free text: package and adapter that ran, e.g. "wasm (SIMD)" or "webgpu (NVIDIA H100)". */
  detail: string;
  tf: TF;
  attempts: BackendAttempt[];
}

export class BackendError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}

let current: BackendChoice | undefined;

/** Silences tfjs's one-time "install tfjs-node" console banner and its kernel-registration warnings. */
function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const { log, warn } = console;
  console.log = (...a: unknown[]) => {
    if (!String(a[0] ?? '').includes('TensorFlow.js')) log(...a);
  };
  console.warn = (...a: unknown[]) => {
    const s = String(a[0] ?? '');
    if (!/already registered|backend was already/i.test(s)) warn(...a);
  };
  return fn().finally(() => {
    console.log = log;
    console.warn = warn;
  });
}

async function importOptional(name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function tryTensorflow(): Promise<{ tf: TF; detail: string } | string> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    const m = await importOptional(pkg);
    if (!m) continue;
    const tf = ((m as { default?: unknown }).default ?? m) as TF;
    if (await tf.setBackend('tensorflow')) return { tf, detail: `tensorflow (${pkg})` };
  }
  return '@tensorflow/tfjs-node(-gpu) is not installed';
}

/** Dawn needs a Vulkan loader on Linux; without one it prints a native warning, so look first. */
export function hasVulkanLoader(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/lib/x86_64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
  ];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}

async function tryWebgpu(tf: TF): Promise<string | undefined> {
  if (!hasVulkanLoader()) return 'no Vulkan loader (libvulkan.so.1; Debian package libvulkan1), so no WebGPU adapter';
  const dawn = (await importOptional('webgpu')) as { create?: (flags: string[]) => unknown; globals?: Record<string, unknown> } | undefined;
  if (!dawn?.create) return 'the optional package `webgpu` (Dawn) is not installed';
  let adapterInfo = '';
  try {
    const g = globalThis as Record<string, unknown>;
    if (dawn.globals) for (const [k, v] of Object.entries(dawn.globals)) if (!(k in g)) g[k] = v;
    const gpu = dawn.create([]) as { requestAdapter(): Promise<{ info?: { vendor?: string; description?: string; device?: string } } | null> };
    // Dawn prints "Couldn't load Vulkan" on stderr when no loader exists; that is the expected "no GPU" path.
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'no WebGPU adapter (no GPU, or no Vulkan loader: install libvulkan1)';
    adapterInfo = [adapter.info?.vendor, adapter.info?.device, adapter.info?.description].filter(Boolean).join(' ');
    const nav = (g.navigator ?? {}) as Record<string, unknown>;
    if (!('gpu' in nav)) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    if (!g.navigator) Object.defineProperty(g, 'navigator', { value: nav, configurable: true });
  } catch (e) {
    return `WebGPU adapter request failed: ${(e as Error).message}`;
  }
  // a literal import (not importOptional) so that bundlers include it: scripts/gpu-check.sh bundles this module
  const m = await import('@tensorflow/tfjs-backend-webgpu').catch(() => undefined);
  if (!m) return 'the optional package @tensorflow/tfjs-backend-webgpu is not installed';
  try {
    if (!(await tf.setBackend('webgpu'))) return 'tfjs could not initialise the webgpu backend';
  } catch (e) {
    return `webgpu backend init failed: ${(e as Error).message}`;
  }
  return adapterInfo ? `ok:${adapterInfo}` : 'ok:';
}

/**
 * Picks and initialises a backend (once per process; a later call with another forced name
 * switches). Throws BackendError when a forced backend cannot start.
 */
export async function initBackend(want: BackendName | 'auto' = 'auto'): Promise<BackendChoice> {
  if (current && (want === 'auto' || want === current.name)) return current;
  return quiet(async () => {
    const attempts: BackendAttempt[] = [];
    const order = want === 'auto' ? BACKENDS : [want];
    let base: TF | undefined;
    const tfjs = async () => (base ??= (await import('@tensorflow/tfjs')) as unknown as TF);
    for (const name of order) {
      let reason: string | undefined;
      let choice: BackendChoice | undefined;
      try {
        if (name === 'tensorflow') {
          const r = await tryTensorflow();
          if (typeof r === 'string') reason = r;
          else choice = { name, detail: r.detail, tf: r.tf, attempts };
        } else if (name === 'webgpu') {
          const tf = await tfjs();
          const r = await tryWebgpu(tf);
          if (r?.startsWith('ok:')) choice = { name, detail: `webgpu${r.length > 3 ? ` (${r.slice(3)})` : ''}`, tf, attempts };
          else reason = r;
        } else if (name === 'wasm') {
          const tf = await tfjs();
          await import('@tensorflow/tfjs-backend-wasm');
          if (await tf.setBackend('wasm')) {
            // In Node tfjs-backend-wasm never uses its threaded binary (WASM_HAS_MULTITHREAD_SUPPORT is
            // false there), so kernels run single-threaded: reductions have one fixed order (deterministic).
            const simd = await tf
              .env()
              .getAsync('WASM_HAS_SIMD_SUPPORT')
              .catch(() => false);
            const threads = await tf
              .env()
              .getAsync('WASM_HAS_MULTITHREAD_SUPPORT')
              .catch(() => false);
            choice = { name, detail: `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'multi-threaded' : 'single-threaded'})`, tf, attempts };
          } else reason = 'tfjs could not initialise the wasm backend';
        } else {
          const tf = await tfjs();
          if (await tf.setBackend('cpu')) {
            // The cpu backend prints a "install tfjs-node" banner on first use; lscert reports the backends it tried itself.
            (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
            choice = { name, detail: 'cpu (pure JavaScript)', tf, attempts };
          } else reason = 'tfjs could not initialise the cpu backend';
        }
      } catch (e) {
        reason = (e as Error).message;
      }
      attempts.push({ name, ok: !!choice, ...(reason ? { reason } : {}) });
      if (choice) {
        await choice.tf.ready();
        current = choice;
        return choice;
      }
    }
    const why = attempts.map((a) => `${a.name}: ${a.reason}`).join('; ');
    throw new BackendError(want === 'auto' ? `no TensorFlow.js backend could start (${why})` : `backend '${want}' is not available: ${why}`);
  });
}

/** The backend chosen by the last initBackend call, if any. */
export function currentBackend(): BackendChoice | undefined {
  return current;
}
