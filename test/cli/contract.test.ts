/**
 * Review findings on the outside contract (/work/shared/CONTRACT.md §2–§3) and on messages:
 * each case drives the built CLI as a user would, and each failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { example, lscert } from '../helpers/cli.js';

/** One line on stderr, starting with "lscert:". */
const oneLine = (stderr: string) => {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^lscert: /);
  return lines[0]!;
};

describe('eval --at: one value per variable (x=1,x=2 used x=2 without a word)', () => {
  it('a variable given twice is a usage error (64) naming it', () => {
    const r = lscert(['eval', example('x4.yaml'), '--at', 'x=1,x=2']);
    expect(r.code).toBe(64);
    expect(oneLine(r.stderr)).toMatch(/--at: 'x' is given twice \('1' and '2'\)/);
    expect(r.stdout).toBe('');
  });
});

describe('problem flags that do not go together are usage errors (64), as docs/cli.md says', () => {
  it('two forms of S, or none, on the command line', () => {
    const two = lscert(['check', '--term', 'x^2', '--box', 'x=-1:1', '--points', '0', '--auto', '--condition', 'pl', '--mu', '1']);
    expect(two.code).toBe(64);
    expect(oneLine(two.stderr)).toMatch(/exactly one of --points, --affine, --projection, --implicit or --auto, got --points and --auto/);
    const none = lscert(['check', '--term', 'x^2', '--box', 'x=-1:1', '--condition', 'pl', '--mu', '1']);
    expect(none.code).toBe(64);
    expect(oneLine(none.stderr)).toMatch(/exactly one of --points/);
  });

  it('a problem flag with a problem file (--points was ignored without a word)', () => {
    const r = lscert(['check', example('x4.yaml'), '--points', '1', '--condition', 'pl', '--mu', '1']);
    expect(r.code).toBe(64);
    expect(oneLine(r.stderr)).toMatch(/give either a problem file or the problem flags, not both: --points given with the file/);
    expect(r.stdout).toBe('');
  });

  it('a bad value of a problem flag stays invalid input (65)', () => {
    const r = lscert(['check', '--term', 'x^2 +', '--box', 'x=-1:1', '--points', '0', '--condition', 'pl', '--mu', '1']);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toMatch(/--term #1, column \d+: syntax error/);
  });
});
