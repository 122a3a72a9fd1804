import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { removeTemps, type TempEntry } from '../../src/tempfiles.js';
import { BIN, example, lscert, ROOT } from '../helpers/cli.js';

/**
 * Output directories (`report --out`, `empirical --out`), audit finds, through the spawned CLI:
 * an --out under /proc fails at once (Node's recursive mkdir spun there forever, deaf to
 * signals); `empirical --out` is checked before any training and written into a temporary
 * directory renamed into place at the end, so an error or a signal leaves nothing partial;
 * `report --out` replacing an old report leaves the old or the new one, never neither.
 */

const fresh = () => mkdtempSync(join(tmpdir(), 'lscert-outdir-'));
/** Tiny training settings: a run takes a second or two. */
const TINY = [
  'empirical',
  '--model',
  'halfspace',
  '--samples',
  '16',
  '--epochs',
  '1',
  '--seeds',
  '1',
  '--backend',
  'cpu',
  '--grid',
  '5',
  '--diag-samples',
  '16',
];
const RUN_FILES = ['diagnostics.svg', 'heatmap.json', 'heatmap.svg', 'result.json', 'trajectory.json'];

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
  it.skipIf(!existsSync('/proc/self'))('report and empirical, /proc/self/foo and /proc/1/x/y', () => {
    for (const out of ['/proc/self/foo', '/proc/1/x/y']) {
      for (const args of [['report', example('x4.yaml'), '--no-z3', '--time-limit', '5'], [...TINY, '--sweep', 'batch=1,2'], TINY]) {
        const r = lscert([...args, '--out', out]);
        expect(r.code, `${args[0]} --out ${out}: ${r.stderr}`).toBe(65);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(`--out ${out}:`);
        expect(r.stdout).toBe('');
      }
    }
  });
});

describe('empirical --out: checked before training, written all at once', () => {
  it('onto a regular file: exit 65 before any training, the file untouched', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'afile'), 'keep');
    // --lr 1e30 diverges (exit 65, "training diverged"): the --out message proves nothing was trained.
    for (const extra of [[], ['--sweep', 'batch=1,2'], ['--lr', '1e30']]) {
      const r = lscert([...TINY, ...extra, '--out', join(dir, 'afile')]);
      expect(r.code, r.stderr).toBe(65);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--out .*afile: exists and is not a directory/);
      expect(r.stdout).toBe('');
    }
    const p = lscert(['empirical', '--preset', 'paper', '--preset-scale', '0.01', '--seeds', '1', '--out', join(dir, 'afile')]);
    expect(p.code, p.stderr).toBe(65);
    expect(p.stderr.trim()).toMatch(/--out .*afile: exists and is not a directory$/);
    expect(readdirSync(dir)).toEqual(['afile']);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('keep');
  });

  it('an empty --out is a usage error (exit 64), for report too', () => {
    for (const args of [
      [...TINY, '--out', ''],
      [...TINY, '--out', ' '],
      ['report', example('x4.yaml'), '--out', ''],
    ]) {
      const r = lscert(args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr.trim()).toBe('lscert: --out needs a directory name');
    }
  });

  it('a failed run (diverged) leaves no directory, no temporary one, no parents', () => {
    const dir = fresh();
    const r = lscert([...TINY, '--lr', '1e30', '--out', join(dir, 'a', 'b', 'e')]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/training diverged/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces an earlier output (a run by a sweep and back), refuses a directory holding anything else', () => {
    const dir = fresh();
    const out = join(dir, 'e');
    expect(lscert([...TINY, '--out', out]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(RUN_FILES);
    const s = lscert([...TINY, '--sweep', 'batch=1,2', '--out', out]);
    expect(s.code, s.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['batch-1', 'batch-2', 'sweep.json', 'sweep.svg']);
    expect(lscert([...TINY, '--out', out]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(RUN_FILES);
    expect(tmpNames(dir)).toEqual([]);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = lscert([...TINY, '--out', out]);
    expect(r.code).toBe(65);
    expect(r.stderr.trim()).toMatch(/not an lscert empirical output directory \(it holds "notes.txt", which lscert empirical does not write\); refusing/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    mkdirSync(join(dir, 'empty'));
    expect(lscert([...TINY, '--out', join(dir, 'empty')]).code, 'an empty directory is used').toBe(0);
  });

  it('SIGINT during training: exit 130, no directory, no temporary directory, no parents it created', async () => {
    const parent = fresh();
    const out = join(parent, 'nested', 'e');
    // Long training (far beyond the signal); the temporary directory exists before it starts.
    const args = ['empirical', '--model', 'mlp', '--width', '8', '--depth', '1', '--samples', '4096', '--epochs', '1000', '--seeds', '1', '--backend', 'cpu'];
    const r = await interrupt([...args, '--out', out], 'SIGINT', tmpThen(join(parent, 'nested'), 1000));
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('stopped by SIGINT');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('an old output moved aside by a killed run (SIGKILL between the two renames) is put back, not deleted', () => {
    const dir = fresh();
    // What a run with a pid that no longer exists left: the old output aside, nothing at --out.
    const aside = join(dir, '.e.tmp-99999999-abcdef.old');
    mkdirSync(aside);
    writeFileSync(join(aside, 'notes.txt'), 'mine');
    const r = lscert([...TINY, '--out', join(dir, 'e')]);
    // Put back, then refused (it holds a file of the user's): nothing lost.
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/--out .*e: exists and is not an lscert empirical output directory/);
    expect(readdirSync(dir)).toEqual(['e']);
    expect(readFileSync(join(dir, 'e', 'notes.txt'), 'utf8')).toBe('mine');
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
