import { writeFileAtomic } from '../io/atomic.js';
import type { SimulateResult } from './simulate.js';

/**
 * The plot of `simulate --plot FILE.svg`: the theorem's bound and the observed running minimum
 * min_{k<K} of the mean gap with its band, against K (log-log), as a vega-lite spec rendered by
 * the same headless vega as `empirical`'s figures (src/networks/plots.ts). NGN adds the main
 * text's form of the bound. Values ≤ 0 cannot be drawn on a log axis: band ends ≤ 0 are drawn
 * at the bottom of the plot (the caption says so).
 */
export function simulatePlotSpec(r: SimulateResult): unknown {
  const s = r.series;
  const positives = [...s.observed, ...s.bound, ...s.upper].filter((v): v is number => v !== null && v > 0 && Number.isFinite(v));
  const floor = positives.length ? Math.min(...positives) / 10 : 1e-12;
  const clip = (v: number | null) => (v === null ? null : Math.max(v, floor));
  const lines: { K: number; value: number; curve: string }[] = [];
  const band: { K: number; lower: number; upper: number }[] = [];
  s.K.forEach((K, j) => {
    const b = s.bound[j];
    if (b !== null && b !== undefined && b > 0) lines.push({ K, value: b, curve: 'bound (theorem, certified constants)' });
    const m = s.mainText?.[j];
    if (m !== null && m !== undefined && m > 0) lines.push({ K, value: m, curve: 'bound with 2βσ²/c2 (main text)' });
    const o = s.observed[j]!;
    if (o > 0 && Number.isFinite(o)) lines.push({ K, value: o, curve: 'observed min_{k<K} mean gap' });
    const lo = clip(s.lower[j] ?? null);
    const up = s.upper[j];
    if (lo !== null && up !== null && up !== undefined && up > 0) band.push({ K, lower: lo, upper: up });
  });
  const leftAt = r.rows.find((row) => row.leftBox > 0)?.K;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${r.problem}: ${r.optimizer}, α = ${r.constants.alpha}, β = ${r.constants.beta}, ${r.statistics.runs} runs`,
      subtitle: `shaded: the band of min_{k<K} E[f(x_k) − f*] (${r.statistics.band}, ${r.statistics.confidence} jointly over the iterations); float simulation, not a proof${leftAt ? `; runs leave the box from K = ${leftAt}` : ''}`,
      fontSize: 11,
    },
    width: 480,
    height: 300,
    layer: [
      {
        data: { values: band },
        mark: { type: 'area', opacity: 0.25, color: '#1f78b4' },
        encoding: {
          x: { field: 'K', type: 'quantitative', scale: { type: 'log' }, title: 'K (iterations)' },
          y: { field: 'lower', type: 'quantitative', scale: { type: 'log' }, title: 'min_{k<K} E[f(x_k) − f*]' },
          y2: { field: 'upper' },
        },
      },
      {
        data: { values: lines },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'K', type: 'quantitative', scale: { type: 'log' } },
          y: { field: 'value', type: 'quantitative', scale: { type: 'log' } },
          color: { field: 'curve', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 320 } },
          strokeDash: { field: 'curve', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 320 } },
        },
      },
    ],
  };
}

/** Renders the plot and writes it atomically (temp file beside it, then rename). */
export async function writeSimulatePlot(r: SimulateResult, file: string): Promise<void> {
  const { toSvg } = await import('../networks/plots.js'); // Vega loads only when a plot is asked for
  writeFileAtomic(file, await toSvg(simulatePlotSpec(r)));
}
