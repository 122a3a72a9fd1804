import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, lscert } from '../helpers/cli.js';

// The CLI runs dist/: `npm run build` first (npm test does).
const fresh = () => mkdtempSync(join(tmpdir(), 'lscert-report-'));
/** No temporary or partial directory left next to the target. */
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.tmp-'));

describe('lscert report: bad input leaves nothing behind', () => {
  it('missing problem file: exit 65, one line naming the file, no directory', () => {
    const dir = fresh();
    const out = join(dir, 'rep');
    const r = lscert(['report', join(dir, 'nope.yaml'), '--out', out]);
    expect(r.code).toBe(65);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nope\.yaml.*no such file/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an --out path that cannot be created: exit 65, one line, nothing created', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'x');
    const r = lscert(['report', example('x4.yaml'), '--out', join(dir, 'file', 'sub', 'rep'), '--time-limit', '5']);
    expect(r.code).toBe(65);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--out .*file\/sub\/rep.*not a directory/);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('an --out that is a file, or a directory that is not a report: exit 65, left untouched', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'afile'), 'keep');
    let r = lscert(['report', example('x4.yaml'), '--out', join(dir, 'afile')]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/exists and is not a directory/);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('keep');
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'notes.txt'), 'mine');
    r = lscert(['report', example('x4.yaml'), '--out', join(dir, 'other')]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/not an lscert report directory/);
    expect(readdirSync(join(dir, 'other'))).toEqual(['notes.txt']);
    // A folder that merely holds some report.json (it was replaced, deleting everything in it).
    mkdirSync(join(dir, 'proj', 'src'), { recursive: true });
    writeFileSync(join(dir, 'proj', 'report.json'), 'not even json');
    writeFileSync(join(dir, 'proj', 'src', 'main.c'), 'code');
    r = lscert(['report', example('x4.yaml'), '--out', join(dir, 'proj'), '--no-z3', '--time-limit', '5']);
    expect(r.code).toBe(65);
    expect(r.stderr.trim()).toMatch(/not an lscert report directory \(its report.json is not an lscert report\); refusing/);
    expect(readFileSync(join(dir, 'proj', 'src', 'main.c'), 'utf8')).toBe('code');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a report directory with a file the user added is not replaced', () => {
    const dir = fresh();
    const out = join(dir, 'rep');
    const args = ['report', example('x4.yaml'), '--out', out, '--alpha', '3', '--beta', '0.5', '--no-z3', '--time-limit', '5', '--max-boxes', '5000'];
    expect(lscert(args).code).toBe(0);
    expect(lscert(args).code, 'an lscert report is replaced').toBe(0);
    writeFileSync(join(out, 'precious.txt'), 'mine');
    const r = lscert(args);
    expect(r.code).toBe(65);
    expect(r.stderr.trim()).toMatch(/it holds "precious.txt", which a report does not write/);
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('mine');
  });

  it('bad flags: exit 64 before anything is written', () => {
    const dir = fresh();
    const out = join(dir, 'rep');
    // (the library's own checks of every option are in report.test.ts)
    for (const args of [
      ['--alpha', '3'],
      ['--fix', 'alpha = 2'],
    ]) {
      const r = lscert(['report', example('x4.yaml'), '--out', out, ...args]);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(lscert(['report', example('x4.yaml')]).code).toBe(64); // --out is required
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('lscert report: writes a report', () => {
  it('writes report.html, report.md, report.json and certificates, and replaces its own report', () => {
    const dir = fresh();
    const out = join(dir, 'deep', 'rep');
    const r = lscert([
      'report',
      example('x4.yaml'),
      '--out',
      out,
      '--alpha',
      '3',
      '--beta',
      '0.5',
      '--time-limit',
      '6',
      '--max-boxes',
      '20000',
      '--no-z3',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // no progress output without a terminal
    const s = r.json();
    expect(s.out).toBe(out);
    expect(s.files).toEqual(expect.arrayContaining(['report.html', 'report.md', 'report.json']));
    expect(s.verdicts[0]).toMatchObject({ condition: 'alpha-beta', verdict: 'certified' });
    for (const f of s.files) expect(existsSync(join(out, f))).toBe(true);
    const cert = s.verdicts[0].certificate;
    expect(lscert(['verify-cert', join(out, cert), '--json']).code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.verdicts).toHaveLength(4);
    // Run again into the same directory: the old report is replaced atomically.
    const again = lscert(['report', example('x4.yaml'), '--out', out, '--alpha', '3', '--beta', '0.5', '--time-limit', '3', '--max-boxes', '5000', '--no-z3']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^report written to /);
    expect(again.stdout.includes('\x1b[')).toBe(false); // NO_COLOR
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).budget.timeLimitSec).toBe(3);
    expect(leftovers(join(dir, 'deep'))).toEqual([]);
  });
});
