import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeStatus } from '../../src/cli/act.js';
import { registerExportSmt } from '../../src/cli/commands/exportSmt.js';
import { EXIT, InputError, UsageError } from '../../src/cli/exit.js';
import { example } from '../helpers/cli.js';

/** Runs `lscert export-smt …` in process (the command is registered by the CLI's main). */
async function run(...args: string[]): Promise<{ status?: number; stdout: string; error?: unknown }> {
  const program = new Command('lscert').exitOverride();
  registerExportSmt(program);
  for (const c of program.commands) c.exitOverride();
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'lscert', 'export-smt', ...args]);
    return { status: takeStatus(), stdout };
  } catch (error) {
    return { stdout, error };
  } finally {
    spy.mockRestore();
  }
}

describe('lscert export-smt (command)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes SMT-LIB for x^4 and exits 0', async () => {
    const r = await run(example('x4.yaml'), '--condition', 'alpha-beta', '--alpha', '3', '--beta', '0.5');
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(EXIT.OK);
    expect(r.stdout).toMatch(/^; lscert export-smt/);
    expect(r.stdout.trimEnd().endsWith('(check-sat)')).toBe(true);
  });

  it('refuses irrational points of S with an input error (exit 65)', async () => {
    const r = await run(example('ex6-saddle.yaml'), '--condition', 'alpha-beta', '--alpha', '50', '--beta', '0');
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as InputError).exitCode).toBe(EXIT.INPUT);
    expect((r.error as Error).message).toMatch(/ex6-saddle\.yaml: export-smt: .*irrational/);
    expect(r.stdout).toBe('');
  });

  it('refuses S = auto and S given by equations (exit 65, saying why), and bad flags (exit 64)', async () => {
    const auto = (await run('--term', 'x^2', '--box', 'x=-1:1', '--auto', '--condition', 'pl', '--mu', '1')).error;
    expect(auto).toBeInstanceOf(InputError);
    expect((auto as Error).message).toMatch(/export-smt: minimizers: auto is computed by the search, and this command needs S written in the problem/);
    const implicit = (await run(example('hyperbola.yaml'), '--condition', 'pl', '--mu', '0.5')).error;
    expect(implicit).toBeInstanceOf(InputError);
    expect((implicit as Error).message).toMatch(/hyperbola\.yaml: export-smt: minimizers: implicit has no closed-form projection map/);
    expect((await run(example('x4.yaml'), '--condition', 'alpha-beta', '--alpha', '3')).error).toBeInstanceOf(UsageError);
  });

  it('takes a problem from the command line', async () => {
    const r = await run('--term', 'x^2', '--box', 'x=-1:1', '--points', '0', '--term-minima', '0', '--condition', 'pl', '--mu', '1');
    expect(r.error).toBeUndefined();
    expect(r.stdout).toContain('(declare-const x Real)');
  });
});
