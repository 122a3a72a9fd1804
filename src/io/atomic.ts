import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
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

/**
 * Whether two paths name the same file: the same absolute path, or (both existing) the same
 * device and inode (a link, `./a` and `a`). An output is never written over one of the inputs.
 */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}
