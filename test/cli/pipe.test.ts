import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, example, ROOT } from '../helpers/cli.js';

/**
 * A reader that goes away (`lscert check … | head -c 0`): lscert stops as for a signal, with
 * exit status 141 (128 + SIGPIPE) and nothing on stderr: no unhandled EPIPE error, no stack trace
 * (the output conventions allow a stack trace only with --debug).
 */
function closedStdout(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    // The read end of the pipe is closed before lscert writes anything.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout closed by its reader', () => {
  it('check --json: exit 141, silent', async () => {
    const r = await closedStdout(['check', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2', '--json', '--no-z3']);
    expect(r.code, r.stderr).toBe(141);
    expect(r.stderr).toBe('');
  });

  it('check (text output): exit 141, silent', async () => {
    const r = await closedStdout(['check', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9', '--no-z3']);
    expect(r.code, r.stderr).toBe(141);
    expect(r.stderr).toBe('');
  });
});
