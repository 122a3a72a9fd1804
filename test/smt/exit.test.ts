import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * z3-solver runs its solver in worker threads; the package unrefs them, so a process that
 * used Z3 must exit on its own once its work is done (no shutdownZ3 needed). Checked on the
 * built dist/ when it is up to date (fast), otherwise on the sources through tsx.
 */
const dist = join(ROOT, 'dist');
const built = join(dist, 'smt', 'decide.js');
const srcDir = join(ROOT, 'src', 'smt');
const newestSource = Math.max(...readdirSync(srcDir).map((f) => statSync(join(srcDir, f)).mtimeMs));
const fresh = existsSync(built) && statSync(built).mtimeMs >= newestSource;

function runFixture(mode?: 'shutdown') {
  const extra = mode ? [mode] : [];
  const args = fresh
    ? [join(import.meta.dirname, 'fixtures', 'decide-and-exit.mjs'), dist, ...extra]
    : ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'decide-and-exit.ts'), ...extra];
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 100_000 });
  return { r, elapsed: performance.now() - t };
}

describe('a process that used Z3', () => {
  it('exits by itself after a query', () => {
    const { r, elapsed } = runFixture();
    expect(r.signal, `killed after ${elapsed.toFixed(0)} ms: the process did not exit on its own (stderr: ${r.stderr})`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ result: 'unsat' });
  });

  it('also exits after shutdownZ3', () => {
    const { r, elapsed } = runFixture('shutdown');
    expect(r.signal, `killed after ${elapsed.toFixed(0)} ms (stderr: ${r.stderr})`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ result: 'unsat' });
    expect(lines[1]).toBe('shut down');
  });
});
