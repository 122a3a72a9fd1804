/**
 * Sweeps in the spirit of the paper's Table 2: the same measurement for several widths,
 * depths or batch sizes; per setting the smallest supported α (and the β that goes with it),
 * the smallest supported β, the σ²_int estimate and β·σ²_int.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { measureEmpirical, STATEMENT, writeArtefacts, type EmpiricalOptions, type EmpiricalResult, type Progress } from './empirical.js';
import { stageEmpiricalOut } from './outdir.js';
import { sweepSpec, toSvg } from './plots.js';
import type { SweepKey } from './sweepArgs.js';

export { parseSweep, SWEEP_KEYS, type SweepKey } from './sweepArgs.js';

export interface SweepRow {
  value: number;
  steps: number;
  finalLoss: number;
  alpha: number | null;
  beta: number | null;
  minBeta: number | null;
  sigma2int: number;
  betaSigma2: number | null;
  replayIdentical: boolean;
  backend: string;
  elapsedMs: number;
}

export interface SweepResult {
  command: 'empirical-sweep';
  statement: string;
  key: SweepKey;
  rows: SweepRow[];
  sigma2intMethod: string;
  results: EmpiricalResult[];
  artefacts: string[];
}

export function withSetting(o: EmpiricalOptions, key: SweepKey, v: number): EmpiricalOptions {
  if (key === 'batch') return { ...o, batch: v };
  return { ...o, modelOptions: { ...o.modelOptions, [key]: v } };
}

/** One row of the Table-2 style table from the result of one setting. */
export function rowOf(v: number, r: EmpiricalResult): SweepRow {
  return {
    value: v,
    steps: r.seeds[0]?.steps ?? 0,
    finalLoss: Math.min(...r.seeds.map((s) => s.finalLoss)),
    alpha: r.region.lp.minAlpha?.alpha ?? null,
    beta: r.region.lp.minAlpha?.beta ?? null,
    minBeta: r.region.lp.minBeta?.beta ?? null,
    sigma2int: r.sigma2int.estimate,
    betaSigma2: r.betaSigma2,
    replayIdentical: r.seeds.every((s) => s.replayIdentical),
    backend: r.backend.name,
    elapsedMs: r.elapsedMs,
  };
}

/**
 * Runs one measurement per setting. With `o.out`, the whole output (sweep.svg, sweep.json and
 * one folder per setting) is written into a temporary directory, created before the first
 * run (a bad --out fails at once), and renamed to `o.out` at the end (src/networks/outdir.ts).
 */
export async function runSweep(o: EmpiricalOptions, key: SweepKey, values: number[], progress: Progress = () => {}): Promise<SweepResult> {
  const staged = o.out === undefined ? undefined : stageEmpiricalOut(o.out);
  try {
    const results: EmpiricalResult[] = [];
    const rows: SweepRow[] = [];
    for (const [i, v] of values.entries()) {
      progress(i, values.length, `${key}=${v}`);
      const t0 = performance.now();
      const { result: r, logs } = await measureEmpirical({ ...withSetting(o, key, v), out: undefined }, () => {}, t0);
      if (staged && o.out !== undefined) r.artefacts = await writeArtefacts(join(staged.tmp, `${key}-${v}`), r, logs, t0, join(o.out, `${key}-${v}`));
      else r.elapsedMs = performance.now() - t0;
      results.push(r);
      rows.push(rowOf(v, r));
    }
    progress(values.length, values.length, 'done');
    const out: SweepResult = {
      command: 'empirical-sweep',
      statement: STATEMENT,
      key,
      rows,
      sigma2intMethod: results[0]?.sigma2int.method ?? '',
      results,
      artefacts: [],
    };
    if (staged && o.out !== undefined) {
      writeFileAtomic(join(staged.tmp, 'sweep.svg'), await toSvg(sweepSpec(key, rows)));
      out.artefacts = [join(o.out, 'sweep.svg'), join(o.out, 'sweep.json'), ...results.flatMap((r) => r.artefacts)];
      writeFileAtomic(join(staged.tmp, 'sweep.json'), `${JSON.stringify({ ...out, results: undefined })}\n`);
      staged.commit();
    }
    return out;
  } catch (err) {
    staged?.abort();
    throw err;
  }
}

const f = (x: number | null, d = 4) =>
  x === null ? '—' : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : Number(x.toPrecision(d)).toString();

/** The Table-2 style table. */
export function sweepTable(s: Pick<SweepResult, 'key' | 'rows'>): string {
  const head = [s.key, 'steps', 'f(x^K)', 'smallest α', 'β at it', 'smallest β', 'σ²_int est.', 'β·σ²_int', 'replay'];
  const body = s.rows.map((r) => [
    String(r.value),
    String(r.steps),
    f(r.finalLoss),
    f(r.alpha),
    f(r.beta),
    f(r.minBeta),
    f(r.sigma2int),
    f(r.betaSigma2),
    r.replayIdentical ? 'identical' : 'DIFFERS',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}
