import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` (without extension) next to the module at `here`
 * (its import.meta.url): `name.js` when lscert runs built (dist/); from the TypeScript sources
 * (tests, `npm run bench`), an eval'd bootstrap that loads `name.ts` with tsx's ESM API (its
 * CommonJS build cannot load the ESM loader from a worker). Null when neither is possible.
 * Used by the Z3 race (src/engine/z3race.ts) and `check --jobs` (src/cli/jobs.ts).
 */
export function spawnModuleWorker(here: string, name: string, options: WorkerOptions): Worker | null {
  let w: Worker;
  try {
    if (here.endsWith('.js')) w = new Worker(new URL(`./${name}.js`, here), options);
    else {
      if (!here.endsWith('.ts')) return null;
      const tsx = createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs');
      if (!existsSync(tsx)) return null;
      const entry = new URL(`./${name}.ts`, here).href;
      const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
      w = new Worker(boot, { ...options, eval: true });
    }
  } catch {
    return null;
  }
  live.add(w);
  w.once('exit', () => live.delete(w));
  return w;
}

/** The threads this thread started with spawnModuleWorker that have not exited yet. */
const live = new Set<Worker>();

/**
 * Stops every thread this thread started with spawnModuleWorker, all at once, and resolves
 * when they have all exited (Ctrl-C: src/cli/worker.ts). Stopping them all before the
 * command's own thread is stopped matters: when a thread ends, Node stops the threads it
 * started one after another, each after the previous one has exited, and while one is being
 * stopped the others keep their cores busy (`check --jobs 32` took 9 s to exit on 2 cores).
 */
export async function terminateAllWorkers(): Promise<void> {
  await Promise.all([...live].map((w) => w.terminate().catch(() => undefined)));
}
