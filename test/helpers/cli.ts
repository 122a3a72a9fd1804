import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'lscert.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

/** Runs the built CLI as a user would (node bin/lscert.js …), without a terminal. */
export function lscert(args: readonly string[], opts: { cwd?: string; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    input: opts.input ?? '',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** Writes a problem file into a fresh temp folder and returns its path. */
export function tempProblem(text: string, name = 'problem.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'lscert-test-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

export const example = (name: string) => join(ROOT, 'examples', name);

/** A copy of the JSON file `cert` edited by `edit`, written as DIR/NAME.json (tampered certificates). */
export function tamperedCopy(cert: string, edit: (c: any) => void, dir: string, name: string): string {
  const c = JSON.parse(readFileSync(cert, 'utf8'));
  edit(c);
  const out = join(dir, `${name}.json`);
  writeFileSync(out, JSON.stringify(c));
  return out;
}
