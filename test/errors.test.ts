import { describe, expect, it } from 'vitest';
import { EXIT_STATUS, exitStatusOf, kindOf, LscertError } from '../src/errors.js';
import { UsageError, InputError } from '../src/cli/exit.js';
import { ProblemError } from '../src/problem/index.js';
import { UnsupportedError } from '../src/conditions/index.js';
import { ReportOutputError, ReportUsageError } from '../src/reports/errors.js';
import { TieError } from '../src/constants/tie.js';
import { CertDecodeError } from '../src/cert/canonical.js';
import { InputLimitError } from '../src/problem/limits.js';

describe('one error hierarchy, one mapping to exit statuses', () => {
  it('each kind has its status: usage 64, input/unsupported/output 65, internal 70', () => {
    expect(EXIT_STATUS).toEqual({ usage: 64, input: 65, unsupported: 65, output: 65, time: 2, internal: 70 });
  });
  it.each([
    [new UsageError('x'), 'usage', 64],
    [new TieError('x'), 'usage', 64],
    [new ReportUsageError('x'), 'usage', 64],
    [new InputError('x'), 'input', 65],
    [new CertDecodeError('x'), 'input', 65],
    [new InputLimitError('f', 'x'), 'input', 65],
    [new UnsupportedError('x'), 'unsupported', 65],
    [new ReportOutputError('x'), 'output', 65],
  ] as const)('%s', (err, kind, status) => {
    expect(err).toBeInstanceOf(LscertError);
    expect(kindOf(err)).toBe(kind);
    expect(exitStatusOf(err)).toBe(status);
    expect(err.name).toBe(err.constructor.name);
  });
  it('ProblemError keeps its fields and exits 65', () => {
    const e = new ProblemError({ file: 'p.yaml', field: 'terms[0]', detail: 'bad' });
    expect(exitStatusOf(e)).toBe(65);
    expect(e.exitCode).toBe(65);
    expect(e.field).toBe('terms[0]');
  });
  it('file-system errors from user paths are input errors; anything else is internal', () => {
    expect(exitStatusOf(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe(65);
    expect(exitStatusOf(new TypeError('bug'))).toBe(70);
    expect(exitStatusOf('a string')).toBe(70);
    expect(exitStatusOf(null)).toBe(70);
  });
});
