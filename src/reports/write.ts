import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadProblemFile, type Problem } from '../problem/index.js';
import { buildReport, userClaims, type BuiltReport } from './compute.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_DEFAULTS, type ReportData, type ReportOptions } from './types.js';
import { withDeadline } from '../engine/budget.js';
import { fsReason, stageOutDir } from '../io/outdir.js';

import { ReportOutputError } from './errors.js';

export { ReportOutputError };

export interface WrittenReport {
  /** The report directory (absolute). */
  readonly dir: string;
  /** Files written into it: report.html, report.md, report.json and the certificates. */
  readonly files: string[];
  readonly data: ReportData;
}

function writeFileSynced(path: string, content: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The files a report directory holds (writeReport): replacing a directory with anything else would delete it. */
const REPORT_FILE = /^(report\.(html|md|json)|[A-Za-z0-9_.-]+\.cert\.json)$/;

/**
 * Why a non-empty existing directory is not an lscert report that may be replaced, or null when it
 * is one: its report.json must be an lscert report (format "lscert-report") and every entry a
 * plain file of the kinds a report writes. A user's file put into an old report, or a folder
 * that merely holds some report.json, is never deleted.
 */
function notAReport(dir: string, entries: readonly string[]): string | null {
  if (entries.length === 0) return null;
  if (!entries.includes('report.json')) return 'no report.json';
  try {
    const j = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { format?: unknown };
    if (j?.format !== 'lscert-report') return 'its report.json is not an lscert report';
  } catch {
    return 'its report.json is not an lscert report';
  }
  for (const e of entries) {
    if (!REPORT_FILE.test(e)) return `it holds ${JSON.stringify(e)}, which a report does not write`;
    if (!lstatSync(join(dir, e)).isFile()) return `${JSON.stringify(e)} is not a plain file`;
  }
  return null;
}

/**
 * Writes the report of a problem into `outDir`: report.html (self-contained), report.md,
 * report.json and the certificates of the certified rows.
 *
 * Atomic: everything is written into a temporary directory next to `outDir`
 * (`.NAME.tmp-PID-XXXXXX`), which is then renamed to `outDir`; on any error (or SIGINT/SIGTERM)
 * nothing is left behind, neither a partial directory nor parents this call created. Temporary
 * directories left by a run that was killed (SIGKILL, a crash: their pid no longer exists)
 * are removed when the same `outDir` is written again. `timeLimitSec` bounds the whole
 * computation (an ambient deadline, src/engine/budget.ts). An existing `outDir` is replaced only when
 * it is empty or is an lscert report (notAReport); anything else is refused.
 *
 *   import { writeReport } from 'lscert/dist/reports/index.js';
 *   await writeReport('examples/paper/ex6-saddle.yaml', 'proofs/reports/ex6-saddle', { fix: 'beta = alpha - 1' });
 *
 * Throws ProblemError (bad problem file), ReportUsageError (bad options) or
 * ReportOutputError (the directory cannot be created or replaced).
 */
export async function writeReport(problem: string | Problem, outDir: string, options: ReportOptions = {}): Promise<WrittenReport> {
  // The budget's clock: the caller's (the CLI starts it before loading the problem), else now.
  const started = Math.min(options.startedAt ?? Date.now(), Date.now());
  const p = typeof problem === 'string' ? loadProblemFile(problem) : problem;
  userClaims(options); // usage errors before any file is touched
  // The target is checked and the temporary directory created before the computation
  // (src/io/outdir.ts: also the old report's swap, safe against a signal at any moment).
  const staged = stageOutDir(outDir, {
    label: `--out ${outDir}`,
    what: 'an lscert report directory',
    notOurs: notAReport,
    fail: (m) => new ReportOutputError(m),
  });
  // Without the CLI's worker (the library in a user's process), remove it on a signal here.
  const onSignal = (sig: NodeJS.Signals) => {
    staged.abort();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const T = (options.timeLimitSec ?? REPORT_DEFAULTS.timeLimitSec) * 1000;
    // One clock for both: the report's phases and its ambient deadline.
    const built: BuiltReport = await withDeadline(started + T, () => buildReport(p, { ...options, startedAt: started }));
    const files: [string, string][] = [
      ['report.json', `${JSON.stringify(built.data, null, 1)}\n`],
      ['report.md', renderMarkdown(built.data)],
      ['report.html', renderHtml(built.data, built.plots)],
      ...built.certificates.map((c): [string, string] => [c.file, c.content]),
    ];
    try {
      for (const [name, content] of files) writeFileSynced(join(staged.tmp, name), content);
    } catch (err) {
      throw new ReportOutputError(`--out ${outDir}: cannot write the report: ${fsReason(err)}`);
    }
    staged.commit();
    return { dir: staged.target, files: files.map(([n]) => n), data: built.data };
  } catch (err) {
    staged.abort();
    throw err;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
