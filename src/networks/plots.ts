/**
 * SVG figures (vega-lite compiled to vega, rendered headless with renderer 'none'): the heat
 * map of min T with the supported polygon, the three diagnostics along k, and the sweep plot.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { HeatMap } from './region.js';

export async function toSvg(spec: unknown): Promise<string> {
  const vs = compile(spec as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vs), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Heat map of min_k T(α, β) like the paper's figures, the supported polygon outlined, the min-α corner marked. */
export function heatMapSpec(h: HeatMap, polygon: [number, number][], minAlpha: { alpha: number; beta: number } | null, title: string): unknown {
  const da = h.alpha.length > 1 ? h.alpha[1]! - h.alpha[0]! : 1;
  const db = h.beta.length > 1 ? h.beta[1]! - h.beta[0]! : 1;
  const cells: Record<string, number>[] = [];
  h.minT.forEach((row, j) =>
    row.forEach((t, i) => {
      if (t === null) return;
      // Colour by a signed log scale so that the sign (what matters) stays readable over many decades.
      cells.push({
        a0: h.alpha[i]! - da / 2,
        a1: h.alpha[i]! + da / 2,
        b0: h.beta[j]! - db / 2,
        b1: h.beta[j]! + db / 2,
        T: t,
        sT: Math.sign(t) * Math.log10(1 + Math.abs(t)),
      });
    }),
  );
  const closed = polygon.length ? [...polygon, polygon[0]!] : [];
  const layers: unknown[] = [
    {
      data: { values: cells },
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'a0', type: 'quantitative', title: 'α', scale: { domain: [0, h.alpha[h.alpha.length - 1]] } },
        x2: { field: 'a1' },
        y: { field: 'b0', type: 'quantitative', title: 'β', scale: { domain: [0, h.beta[h.beta.length - 1]] } },
        y2: { field: 'b1' },
        color: { field: 'sT', type: 'quantitative', title: 'sign·log10(1+|min T|)', scale: { scheme: 'redblue', domainMid: 0 } },
      },
    },
  ];
  if (closed.length)
    layers.push({
      data: { values: closed.map(([a, b], o) => ({ a, b, o })) },
      mark: { type: 'line', color: 'black', strokeWidth: 2 },
      encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, order: { field: 'o' } },
    });
  if (minAlpha)
    layers.push({
      data: { values: [minAlpha] },
      mark: { type: 'point', shape: 'diamond', filled: true, color: 'black', size: 80 },
      encoding: { x: { field: 'alpha', type: 'quantitative' }, y: { field: 'beta', type: 'quantitative' } },
    });
  return { $schema: SCHEMA, title: { text: title.split('\n'), fontSize: 11 }, width: 360, height: 360, layer: layers };
}

export interface DiagPoint {
  seed: number;
  k: number;
  angle: number | null;
  aiming: number | null;
  pl: Record<string, number | null>;
}

/** Three panels along k: the angle ∠(∇f, x^k − x^K), the PL quantities per δ, the aiming ratio. */
export function diagnosticsSpec(points: DiagPoint[], title: string): unknown {
  const rows = points.map((p) => ({ seed: `seed ${p.seed}`, k: p.k, angle: p.angle, aiming: p.aiming }));
  const pl: Record<string, unknown>[] = [];
  for (const p of points) for (const [d, v] of Object.entries(p.pl)) if (v !== null) pl.push({ k: p.k, seed: `seed ${p.seed}`, delta: `δ=${d}`, v });
  const panel = (field: string, ytitle: string, rule?: number) => ({
    title: { text: ytitle, fontSize: 10 },
    width: 300,
    height: 180,
    layer: [
      {
        data: { values: rows.filter((r) => (r as Record<string, unknown>)[field] !== null) },
        mark: { type: 'line', point: false },
        encoding: {
          x: { field: 'k', type: 'quantitative', title: 'step k' },
          y: { field, type: 'quantitative', title: null, scale: { zero: false } },
          color: { field: 'seed', type: 'nominal' },
        },
      },
      ...(rule === undefined
        ? []
        : [
            {
              data: { values: [{ y: rule }] },
              mark: { type: 'rule', strokeDash: [4, 3], color: 'grey' },
              encoding: { y: { field: 'y', type: 'quantitative' } },
            },
          ]),
    ],
  });
  return {
    $schema: SCHEMA,
    title: { text: title, fontSize: 11 },
    resolve: { scale: { color: 'independent' } },
    hconcat: [
      panel('angle', 'angle(∇f(x^k), x^k − x^K), degrees (> 90: Aiming fails)', 90),
      {
        title: { text: 'PL: 2 log‖∇f‖ − (2/δ) log(f(x^k) − f(x^K))', fontSize: 10 },
        width: 300,
        height: 180,
        data: { values: pl },
        mark: 'line',
        encoding: {
          x: { field: 'k', type: 'quantitative', title: 'step k' },
          y: { field: 'v', type: 'quantitative', title: null, scale: { zero: false } },
          color: { field: 'delta', type: 'nominal' },
          detail: { field: 'seed' },
        },
      },
      panel('aiming', 'aiming ratio ⟨∇f(x^k), x^k − x^K⟩ / f(x^k)', 0),
    ],
  };
}

/** Sweep plot: smallest supported α, its β, and β·σ²_int against the swept setting. */
export function sweepSpec(key: string, rows: { value: number; alpha: number | null; beta: number | null; betaSigma2: number | null }[]): unknown {
  const long: Record<string, unknown>[] = [];
  for (const r of rows)
    for (const [q, v] of [
      ['smallest α', r.alpha],
      ['β at smallest α', r.beta],
      ['β·σ²_int', r.betaSigma2],
    ] as const)
      if (v !== null) long.push({ value: r.value, q, v });
  return {
    $schema: SCHEMA,
    title: { text: `supported constants against ${key} (logged trajectories only)`, fontSize: 11 },
    width: 360,
    height: 240,
    data: { values: long },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: key, scale: { type: 'log', base: 2 } },
      y: { field: 'v', type: 'quantitative', title: 'value', scale: { type: 'symlog' } },
      color: { field: 'q', type: 'nominal', title: null },
    },
  };
}
