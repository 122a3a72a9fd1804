import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageOutDir, type StagedDir } from '../io/outdir.js';

/**
 * The `--out DIR` of `lscert empirical` (a run, a sweep, the preset): written into a temporary
 * directory beside DIR, created before any training, and renamed to DIR at the end
 * (src/io/outdir.ts). An existing DIR is replaced only when it is empty or an earlier output
 * of `lscert empirical` (notAnEmpiricalOutput); anything else is refused (exit 65).
 */
export function stageEmpiricalOut(out: string): StagedDir {
  return stageOutDir(out, { label: `--out ${out}`, what: 'an lscert empirical output directory', notOurs: (d, e) => notAnEmpiricalOutput(d, e, false) });
}

/** The files of one run (writeArtefacts in empirical.ts). */
const RUN_FILES = new Set(['heatmap.svg', 'heatmap.json', 'diagnostics.svg', 'trajectory.json', 'result.json']);
/** The top-level files of a sweep (sweep.ts) or of the preset (presetHtml.ts). */
const TOP_FILE = /^(sweep\.svg|sweep\.json|paper\.json|paper\.html|(fig1|table2)-[A-Za-z0-9_.-]+\.svg)$/;
/** A sweep's folder of one setting (`width-8`). */
const SETTING_DIR = /^(width|depth|batch)-[0-9][0-9.e+-]*$/;
/** The JSON file that marks each kind of output, and its `command`. */
const MARKERS: readonly (readonly [string, string])[] = [
  ['result.json', 'empirical'],
  ['sweep.json', 'empirical-sweep'],
  ['paper.json', 'empirical-preset'],
];

/**
 * Why a non-empty directory is not an earlier output of `lscert empirical` (null: it is one):
 * it must hold a result.json, sweep.json or paper.json of that command, and nothing but the
 * plain files (and, for a sweep, the setting folders) the command writes. A file of the user's
 * keeps it from being replaced.
 */
export function notAnEmpiricalOutput(dir: string, entries: readonly string[], nested: boolean): string | null {
  const marker = MARKERS.find(([f]) => entries.includes(f) && (!nested || f === 'result.json'));
  if (!marker) return nested ? 'no result.json' : 'no result.json, sweep.json or paper.json';
  try {
    const j = JSON.parse(readFileSync(join(dir, marker[0]), 'utf8')) as { command?: unknown };
    if (j?.command !== marker[1]) throw new Error('not ours');
  } catch {
    return `its ${marker[0]} is not an lscert empirical result`;
  }
  for (const e of entries) {
    const st = lstatSync(join(dir, e));
    if (!nested && SETTING_DIR.test(e) && st.isDirectory()) {
      const inner = notAnEmpiricalOutput(join(dir, e), readdirSync(join(dir, e)), true);
      if (inner) return `${e}: ${inner}`;
      continue;
    }
    if (!RUN_FILES.has(e) && (nested || !TOP_FILE.test(e))) return `it holds ${JSON.stringify(e)}, which lscert empirical does not write`;
    if (!st.isFile()) return `${JSON.stringify(e)} is not a plain file`;
  }
  return null;
}
