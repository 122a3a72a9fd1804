/**
 * Sweeps in the spirit of the paper's Table 2: the same measurement for several widths,
 * depths or batch sizes; per setting the smallest supported α (and the β that goes with it),
 * the smallest supported β, the σ²_int estimate and β·σ²_int.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { runEmpirical, STATEMENT, type EmpiricalOptions, type EmpiricalResult, type Progress } from './empirical.js';
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

export async function runSweep(o: EmpiricalOptions, key: SweepKey, values: number[], progress: Progress = () => {}): Promise<SweepResult> {
  const results: EmpiricalResult[] = [];
  const rows: SweepRow[] = [];
  for (const [i, v] of values.entries()) {
    progress(i, values.length, `${key}=${v}`);
    const r = await runEmpirical({ ...withSetting(o, key, v), out: o.out ? join(o.out, `${key}-${v}`) : undefined });
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
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    const svg = join(o.out, 'sweep.svg');
    writeFileAtomic(svg, await toSvg(sweepSpec(key, rows)));
    const js = join(o.out, 'sweep.json');
    out.artefacts = [svg, js, ...results.flatMap((r) => r.artefacts)];
    writeFileAtomic(js, `${JSON.stringify({ ...out, results: undefined })}\n`);
  }
  return out;
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
