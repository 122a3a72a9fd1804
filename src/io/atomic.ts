import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { registerTemp, releaseTemp, removeStale, tempName } from '../tempfiles.js';

/**
 * Writes a file atomically: a temp file beside it, then rename (never half-written). The temp
 * file is registered for removal on SIGINT/SIGTERM (src/tempfiles.ts); one left by a killed
 * run (its pid no longer exists) is removed by the next write to the same path.
 */
export function writeFileAtomic(path: string, content: string): void {
  const prefix = `.${basename(path)}.tmp-`;
  removeStale(dirname(path), prefix);
  const tmp = join(dirname(path), tempName(prefix));
  const id = registerTemp(tmp);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    releaseTemp(id);
  }
}
