import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary file of a test run (the tests' own and those of the CLI processes they
 * spawn, which inherit the environment) goes under one folder, removed when the run ends:
 * `npm test` leaves nothing behind in the system's temp folder.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'lscert-tests-'));
  process.env.TMPDIR = root;
  process.env.TEMP = root;
  process.env.TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
