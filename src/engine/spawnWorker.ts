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
  try {
    if (here.endsWith('.js')) return new Worker(new URL(`./${name}.js`, here), options);
    if (!here.endsWith('.ts')) return null;
    const tsx = createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
    if (!existsSync(tsx)) return null;
    const entry = new URL(`./${name}.ts`, here).href;
    const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
    return new Worker(boot, { ...options, eval: true });
  } catch {
    return null;
  }
}
