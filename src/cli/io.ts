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

/** True when colours may be used on this stream (a TTY and NO_COLOR unset). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

export const paint = (on: boolean) => ({
  green: (s: string) => (on ? `\x1b[32m${s}\x1b[0m` : s),
  red: (s: string) => (on ? `\x1b[31m${s}\x1b[0m` : s),
  yellow: (s: string) => (on ? `\x1b[33m${s}\x1b[0m` : s),
  bold: (s: string) => (on ? `\x1b[1m${s}\x1b[0m` : s),
  dim: (s: string) => (on ? `\x1b[2m${s}\x1b[0m` : s),
});

/** Formats a number for humans: up to 6 significant digits. */
export const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));
