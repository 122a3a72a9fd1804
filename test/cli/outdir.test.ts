import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { removeTemps, type TempEntry } from '../../src/tempfiles.js';
import { BIN, example, lscert, ROOT } from '../helpers/cli.js';

/**
 * Output directories (`report --out`), audit finds, through the spawned CLI: an --out under
 * /proc fails at once (Node's recursive mkdir spun there forever, deaf to signals);
 * `report --out` replacing an old report leaves the old or the new one, never neither.
 */

const fresh = () => mkdtempSync(join(tmpdir(), 'lscert-outdir-'));
/** Spawns the CLI, sends `sig` once `ready()` holds (or after 60 s); resolves with its exit. */
function interrupt(args: readonly string[], sig: NodeJS.Signals, ready: () => boolean): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', () => {});
    const started = Date.now();
    const poll = setInterval(() => {
      if (child.exitCode !== null) return;
      if (ready() || Date.now() - started > 60_000) {
        clearInterval(poll);
        child.kill(sig);
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

const tmpNames = (dir: string) => readdirSync(dir).filter((n) => n.includes('.tmp-'));
/** Ready once `dir` holds a temporary directory and `ms` more have passed (the command is then computing). */
function tmpThen(dir: string, ms: number): () => boolean {
  let seen = 0;
  return () => {
    if (!seen && existsSync(dir) && tmpNames(dir).length > 0) seen = Date.now();
    return seen > 0 && Date.now() - seen > ms;
  };
}

describe('--out under /proc: one line, exit 65, at once (it spun forever in mkdir)', () => {
  // The spawn helper kills a run after 120 s: a hang fails the test with code -1.
  it.skipIf(!existsSync('/proc/self'))('report, /proc/self/foo and /proc/1/x/y', () => {
    for (const out of ['/proc/self/foo', '/proc/1/x/y']) {
      {
        const r = lscert(['report', example('x4.yaml'), '--no-z3', '--time-limit', '5', '--out', out]);
        expect(r.code, `report --out ${out}: ${r.stderr}`).toBe(65);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(`--out ${out}:`);
        expect(r.stdout).toBe('');
      }
    }
  });
});

describe('report --out replacing an old report: the old or the new one, never neither', () => {
  let dir: string;
  let out: string;
  let old: string;
  beforeAll(() => {
    dir = fresh();
    out = join(dir, 'rep');
    const r = lscert(['report', example('x4.yaml'), '--out', out, '--alpha', '3', '--beta', '0.5', '--no-z3', '--time-limit', '5', '--max-boxes', '5000']);
    expect(r.code, r.stderr).toBe(0);
    old = readFileSync(join(out, 'report.json'), 'utf8');
  });

  it('SIGINT while the new report is computed: exit 130, the old report intact, nothing left beside it', async () => {
    // A claim no check decides within the budget: the report computes until the signal.
    const r4 = join(dir, 'r4.yaml');
    writeFileSync(
      r4,
      `name: remark1-d4
variables: [x1, x2, x3, x4]
terms:
  - "(x1+x2+x3+x4+1)^2/((x1+x2+x3+x4+1)^2+1)"
  - "(x1+x2+x3+x4)^2/((x1+x2+x3+x4)^2+1)"
domain: { "*": ["1/10", 2] }
minimizers: { affine: { A: [[1, 1, 1, 1]], b: ["-1/2"] } }
`,
    );
    const r = await interrupt(['report', r4, '--out', out, '--time-limit', '120'], 'SIGINT', tmpThen(dir, 1500));
    expect(r.code, r.stderr).toBe(130);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(old);
    expect(readdirSync(dir).sort()).toEqual(['r4.yaml', 'rep']);
  });

  it('the swap: a signal between its two renames puts the old report back (the cleanup the CLI runs on a signal)', () => {
    // The window is a few microseconds, too narrow to hit with a real signal: this drives the
    // registry the CLI's main thread cleans on a signal, at that exact moment.
    const d = fresh();
    const target = join(d, 'rep');
    const tmp = join(d, '.rep.tmp-1-x');
    const aside = `${tmp}.old`;
    mkdirSync(target);
    writeFileSync(join(target, 'report.json'), 'old');
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'report.json'), 'new');
    const reg = new Map<number, TempEntry>([
      [1, { path: tmp }],
      [2, { path: aside, restoreTo: target }], // registered after tmp: cleaned first
    ]);
    renameSync(target, aside); // first rename done, the second not yet: nothing at the target
    removeTemps(reg);
    expect(readFileSync(join(target, 'report.json'), 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['rep']);
    // After the second rename, the same cleanup keeps the new report and removes the old one.
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'report.json'), 'new');
    const reg2 = new Map<number, TempEntry>([
      [1, { path: tmp }],
      [2, { path: aside, restoreTo: target }],
    ]);
    renameSync(target, aside);
    renameSync(tmp, target);
    removeTemps(reg2);
    expect(readFileSync(join(target, 'report.json'), 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['rep']);
  });
});
