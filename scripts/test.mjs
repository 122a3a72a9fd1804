#!/usr/bin/env node
/**
 * `npm test` after the build: the suite in two vitest runs.
 *
 * 1. Every file except SERIAL, on two workers. Most files spawn the CLI and wait for it: one
 *    worker left the second core idle (the suite took 15 min on the 2-core CI machine).
 * 2. SERIAL alone, on one worker: the files whose tests hold a command to its --time-limit or
 *    send it signals (budgets with slack for start-up, not for a second test file competing
 *    for the cores), and the Z3 races, whose outcome depends on the time Z3 gets.
 *
 * With arguments (`npm test -- test/cli/check.test.ts`), one ordinary `vitest run` with them.
 * Exit status: the first failing run's, else 0. Both runs always run.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERIAL = [
  'test/cli/limits.test.ts',
  'test/cli/findings.test.ts',
  'test/cli/z3race.test.ts',
  'test/cli/z3whole.test.ts',
  'test/cli/jobs.test.ts',
  'test/cli/outdir.test.ts',
  'test/cli/pipe.test.ts',
  'test/cert/hostile.test.ts',
];
const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
const run = (args) => spawnSync(process.execPath, [vitest, 'run', '--passWithNoTests', ...args, ...extra], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
if (extra.length) process.exit(run([]));
const first = run(['--maxWorkers', '2', ...SERIAL.flatMap((f) => ['--exclude', f])]);
const second = run(['--maxWorkers', '1', ...SERIAL]);
process.exit(first || second);
