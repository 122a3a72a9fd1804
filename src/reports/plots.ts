import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Grid } from './grid.js';
import type { DrawnBox } from './tree.js';

/**
 * Plots as SVG strings, rendered in Node by Vega (no browser, no canvas): vega-lite specs
 * compiled to Vega, and a Vega spec for the contour plot (vega-lite has no isocontours).
 */

const W = 420;
const H = 360;

export interface Marker {
  readonly x: number;
  readonly y: number;
  readonly kind: string;
  readonly label: string;
}

export interface RenderedPlot {
  readonly svg: string;
  /** Number of drawn mark items (an empty plot has none). */
  readonly marks: number;
}

/** Vega and vega-lite log warnings to the console: the report keeps stdout and stderr clean. */
const quiet = vega.logger(vega.None);

async function render(spec: vega.Spec): Promise<RenderedPlot> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger: quiet, logLevel: vega.None });
  const raw = await view.toSVG();
  view.finalize();
  // Path coordinates are pixels: two decimals are plenty (and make the page several times smaller).
  const svg = raw.replace(/ d="([^"]*)"/g, (_m, d: string) => ` d="${d.replace(/(\.\d\d)\d+/g, '$1')}"`);
  return { svg, marks: (svg.match(/<(path|rect|line)\b/g) ?? []).length };
}

const renderLite = (spec: TopLevelSpec) => render(compile({ ...spec, config: { aria: false } } as TopLevelSpec, { logger: quiet }).spec);

/** Marker styles: one shape and colour per kind (shared by every plot). */
const MARKERS: Record<string, { shape: string; color: string }> = {
  'S (minimizer)': { shape: 'diamond', color: '#111111' },
  'S (sampled)': { shape: 'circle', color: '#111111' },
  saddle: { shape: 'square', color: '#e66101' },
  'local min': { shape: 'triangle-up', color: '#1f78b4' },
  'local max': { shape: 'triangle-down', color: '#6a3d9a' },
  'stationary (unclassified)': { shape: 'circle', color: '#6a3d9a' },
  counterexample: { shape: 'cross', color: '#d7191c' },
};

function markerLayer(markers: readonly Marker[], x: string, y: string, oneD = false): Record<string, unknown> {
  const kinds = [...new Set(markers.map((m) => m.kind))];
  return {
    data: { values: markers.map((m) => ({ x: m.x, y: oneD ? m.y : m.y, kind: m.kind, label: m.label })) },
    mark: { type: 'point', filled: true, opacity: 0.95, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: x },
      y: { field: 'y', type: 'quantitative', title: y },
      shape: { field: 'kind', type: 'nominal', title: 'marked', scale: { domain: kinds, range: kinds.map((k) => MARKERS[k]?.shape ?? 'circle') } },
      // The colour scale of the plot is the data's: markers take fixed colours without a second legend.
      color: { field: 'kind', type: 'nominal', legend: null, scale: { domain: kinds, range: kinds.map((k) => MARKERS[k]?.color ?? '#333') } },
      size: { field: 'kind', type: 'nominal', legend: null, scale: { type: 'ordinal', domain: kinds, range: kinds.map((k) => (k === 'S (sampled)' ? 10 : 90)) } },
      tooltip: [{ field: 'label', type: 'nominal' }],
    },
  };
}

/** Quantile thresholds of the finite values (levels spread over where the values are). */
function thresholds(values: Float64Array, levels: number): number[] {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return [];
  const out: number[] = [];
  for (let k = 1; k < levels; k++) {
    const q = v[Math.min(v.length - 1, Math.floor((k / levels) * v.length))]!;
    if (!out.length || q > out[out.length - 1]! + 1e-12 * Math.max(1, Math.abs(q))) out.push(q);
  }
  // The lowest level at the minimum: every grid cell lies in some band (no unfilled hole).
  if (!out.length || out[0]! > v[0]!) out.unshift(v[0]!);
  return out;
}

/** Contour plot of f over a 2-D slice with markers (S, stationary points, counterexamples). */
export async function contourPlot(g: Grid, names: [string, string], markers: readonly Marker[]): Promise<RenderedPlot> {
  const values = Array.from(g.values, (v) => (Number.isFinite(v) ? v : NaN));
  const th = thresholds(g.values, 16);
  const fin = values.filter(Number.isFinite);
  const kinds = [...new Set(markers.map((m) => m.kind))];
  const spec: vega.Spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    config: { aria: false } as vega.Config,
    width: W,
    height: H,
    padding: 5,
    data: [
      { name: 'grid', values: [{ width: g.nx, height: g.ny, values }] },
      { name: 'contours', source: 'grid', transform: [{ type: 'isocontour', thresholds: th, scale: { expr: `[${W / g.nx}, ${-H / g.ny}]` }, translate: [0, H] }] },
      { name: 'markers', values: markers.map((m) => ({ ...m })) },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: g.xRange, range: 'width', zero: false, nice: false },
      { name: 'y', type: 'linear', domain: g.yRange, range: 'height', zero: false, nice: false },
      { name: 'color', type: 'linear', domain: [Math.min(...fin), Math.max(...fin)], range: { scheme: 'viridis' } },
      { name: 'shape', type: 'ordinal', domain: kinds, range: kinds.map((k) => MARKERS[k]?.shape ?? 'circle') },
      { name: 'mcolor', type: 'ordinal', domain: kinds, range: kinds.map((k) => MARKERS[k]?.color ?? '#333') },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: names[0] },
      { orient: 'left', scale: 'y', title: names[1] },
    ],
    legends: [
      { fill: 'color', type: 'gradient', title: 'f', gradientLength: H - 40 },
      ...(kinds.length ? [{ shape: 'shape', fill: 'mcolor', title: 'marked', symbolStrokeColor: 'white' } as vega.Legend] : []),
    ],
    marks: [
      {
        type: 'shape',
        from: { data: 'contours' },
        encode: { enter: { stroke: { value: '#ffffff' }, strokeWidth: { value: 0.4 }, strokeOpacity: { value: 0.6 }, fill: { scale: 'color', field: 'contour.value' } } },
        transform: [{ type: 'geoshape', field: 'datum.contour' }],
      },
      {
        type: 'symbol',
        from: { data: 'markers' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'x' },
            y: { scale: 'y', field: 'y' },
            shape: { scale: 'shape', field: 'kind' },
            fill: { scale: 'mcolor', field: 'kind' },
            stroke: { value: 'white' },
            strokeWidth: { signal: "datum.kind === 'S (sampled)' ? 0 : 0.8" },
            size: { signal: "datum.kind === 'S (sampled)' ? 10 : 110" },
            tooltip: { field: 'label' },
          },
        },
      },
    ],
  };
  return render(spec);
}

/** f along a 1-D domain with markers. */
export async function linePlot(g: Grid, name: string, yTitle: string, markers: readonly Marker[], zeroRule = false): Promise<RenderedPlot> {
  const pts = g.xs.map((x, i) => ({ x, y: g.values[i]! })).filter((q) => Number.isFinite(q.y));
  const layers: Record<string, unknown>[] = [
    { data: { values: pts }, mark: { type: 'line', color: '#2c7fb8' }, encoding: { x: { field: 'x', type: 'quantitative', title: name, scale: { domain: g.xRange, nice: false, zero: false } }, y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } } } },
  ];
  if (zeroRule) layers.push({ data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#999', strokeDash: [4, 3] }, encoding: { y: { field: 'y', type: 'quantitative' } } });
  if (markers.length) layers.push(markerLayer(markers, name, yTitle, true));
  return renderLite({ width: W, height: 240, layer: layers, resolve: { scale: { color: 'independent', shape: 'independent' } } } as unknown as TopLevelSpec);
}

/** Heat map of a grid (symmetric-log diverging colours centred at 0: red < 0 < blue). */
export async function heatmap(g: Grid, names: [string, string], title: string, markers: readonly Marker[]): Promise<RenderedPlot> {
  const dx = (g.xRange[1] - g.xRange[0]) / g.nx;
  const dy = (g.yRange[1] - g.yRange[0]) / g.ny;
  const cells: Record<string, number>[] = [];
  let maxAbs = 0;
  for (let j = 0; j < g.ny; j++) {
    for (let i = 0; i < g.nx; i++) {
      const v = g.values[j * g.nx + i]!;
      if (!Number.isFinite(v)) continue;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      const x = g.xs[i]!;
      const y = g.ys[j]!;
      cells.push({ x: x - dx / 2, x2: x + dx / 2, y: y - dy / 2, y2: y + dy / 2, v: Number(v.toPrecision(4)) });
    }
  }
  const m = maxAbs || 1;
  const layers: Record<string, unknown>[] = [
    {
      data: { values: cells },
      mark: { type: 'rect', strokeWidth: 0 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: names[0], scale: { domain: g.xRange, nice: false, zero: false } },
        x2: { field: 'x2' },
        y: { field: 'y', type: 'quantitative', title: names[1], scale: { domain: g.yRange, nice: false, zero: false } },
        y2: { field: 'y2' },
        color: { field: 'v', type: 'quantitative', title, scale: { type: 'symlog', domain: [-m, 0, m], range: ['#b2182b', '#f7f7f7', '#2166ac'], constant: Math.max(m * 1e-4, 1e-12) } },
        tooltip: [{ field: 'v', type: 'quantitative', title }],
      },
    },
  ];
  if (markers.length) layers.push(markerLayer(markers, names[0], names[1]));
  return renderLite({ width: W, height: H, layer: layers, resolve: { scale: { color: 'independent' } } } as unknown as TopLevelSpec);
}

export const BOX_COLORS: Record<string, string> = {
  'proved: bounds': '#1a9641',
  'proved: local convexity': '#a6d96a',
  'proved: Z3': '#66c2a5',
  open: '#fdae61',
  'open: kink or undefined': '#9e9ac8',
  'not reached': '#d9d9d9',
  mixed: '#ffffbf',
};

/** Branch-and-bound boxes coloured by status (1-D: a strip). */
export async function boxesPlot(boxes: readonly DrawnBox[], axes: number[], names: string[], range: { x: [number, number]; y: [number, number] }, markers: readonly Marker[]): Promise<RenderedPlot> {
  const [a, b] = axes as [number, number | undefined];
  const rows = boxes.map((q) => ({ x: q.lo[a]!, x2: q.hi[a]!, y: b === undefined ? 0 : q.lo[b]!, y2: b === undefined ? 1 : q.hi[b]!, status: q.status }));
  const statuses = Object.keys(BOX_COLORS).filter((s) => rows.some((r) => r.status === s));
  const layers: Record<string, unknown>[] = [
    {
      data: { values: rows },
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: rows.length > 1500 ? 0.1 : 0.4 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: names[0], scale: { domain: range.x, nice: false, zero: false } },
        x2: { field: 'x2' },
        y: b === undefined ? { field: 'y', type: 'quantitative', title: null, axis: null, scale: { domain: [0, 1] } } : { field: 'y', type: 'quantitative', title: names[1], scale: { domain: range.y, nice: false, zero: false } },
        y2: { field: 'y2' },
        color: { field: 'status', type: 'nominal', title: 'box status', scale: { domain: statuses, range: statuses.map((s) => BOX_COLORS[s]) } },
      },
    },
  ];
  if (markers.length) layers.push(markerLayer(markers.map((m) => (b === undefined ? { ...m, y: 0.5 } : m)), names[0], names[1] ?? ''));
  return renderLite({ width: W, height: b === undefined ? 120 : H, layer: layers, resolve: { scale: { color: 'independent', shape: 'independent' } } } as unknown as TopLevelSpec);
}

/** The (α, β) plane: window, refuted outer polygon, certified inner polygon, claim, tight pairs. */
export async function planePlot(input: {
  alphaMax: number;
  certified: readonly [number, number][];
  refuted: readonly [number, number][];
  claim: { kind: 'point'; alpha: number; beta: number } | { kind: 'line'; k: number; m: number; tie: string } | null;
  checked: { alpha: number; beta: number; verdict: string } | null;
  certifiedPair: { alpha: number; beta: number } | null;
  refutedPair: { alpha: number; beta: number } | null;
}): Promise<RenderedPlot> {
  const A = input.alphaMax;
  const poly = (pts: readonly [number, number][], what: string) => pts.map(([a, b], o) => ({ a, b, o, what }));
  const window = poly([[0, 0], [A, 0], [A, A]], 'window 0 ≤ β < α ≤ α_max');
  const enc = { x: { field: 'a', type: 'quantitative', title: 'α', scale: { domain: [0, A], nice: false } }, y: { field: 'b', type: 'quantitative', title: 'β', scale: { domain: [0, A], nice: false } }, order: { field: 'o' } };
  const layers: Record<string, unknown>[] = [
    { data: { values: window }, mark: { type: 'line', interpolate: 'linear-closed', fill: '#f4cccc', fillOpacity: 0.8, stroke: '#cc4125', strokeWidth: 0.5 }, encoding: enc },
  ];
  if (input.refuted.length >= 3) layers.push({ data: { values: poly(input.refuted, 'outer') }, mark: { type: 'line', interpolate: 'linear-closed', fill: '#fff2cc', fillOpacity: 1, stroke: '#b45f06', strokeWidth: 1 }, encoding: enc });
  if (input.certified.length >= 3) layers.push({ data: { values: poly(input.certified, 'inner') }, mark: { type: 'line', interpolate: 'linear-closed', fill: '#93c47d', fillOpacity: 0.9, stroke: '#274e13', strokeWidth: 1 }, encoding: enc });
  else if (input.certified.length === 2) layers.push({ data: { values: poly(input.certified, 'inner') }, mark: { type: 'line', stroke: '#274e13', strokeWidth: 3 }, encoding: enc });
  const pts: { a: number; b: number; kind: string }[] = [];
  for (const [a, b] of input.certified) pts.push({ a, b, kind: 'certified vertex' });
  if (input.certifiedPair) pts.push({ a: input.certifiedPair.alpha, b: input.certifiedPair.beta, kind: 'tight: certified' });
  if (input.refutedPair) pts.push({ a: input.refutedPair.alpha, b: input.refutedPair.beta, kind: 'tight: refuted' });
  if (input.claim?.kind === 'point') pts.push({ a: input.claim.alpha, b: input.claim.beta, kind: 'claim' });
  if (input.checked && !(input.claim?.kind === 'point' && input.claim.alpha === input.checked.alpha && input.claim.beta === input.checked.beta)) pts.push({ a: input.checked.alpha, b: input.checked.beta, kind: `checked: ${input.checked.verdict}` });
  if (input.claim?.kind === 'line') {
    const { k, m } = input.claim;
    // β = kα + m clipped to the window 0 ≤ β ≤ α ≤ A.
    const seg: { a: number; b: number; o: number }[] = [];
    const N = 64;
    for (let i = 0; i <= N; i++) {
      const a = (A * i) / N;
      const b = k * a + m;
      if (b >= 0 && b <= a) seg.push({ a, b, o: i });
    }
    if (seg.length) layers.push({ data: { values: seg }, mark: { type: 'line', stroke: '#111', strokeWidth: 1.5, strokeDash: [6, 3] }, encoding: enc });
  }
  const style: Record<string, [string, string]> = {
    'certified vertex': ['circle', '#274e13'],
    'tight: certified': ['diamond', '#38761d'],
    'tight: refuted': ['cross', '#cc0000'],
    claim: ['triangle-up', '#111111'],
    'checked: certified': ['square', '#1a7f37'],
    'checked: refuted': ['square', '#c62828'],
    'checked: inconclusive': ['square', '#b26a00'],
  };
  const kinds = Object.keys(style).filter((k) => pts.some((q) => q.kind === k));
  if (pts.length) {
    layers.push({
      data: { values: pts },
      mark: { type: 'point', filled: true, size: 80, stroke: 'white', strokeWidth: 0.6 },
      encoding: {
        x: { field: 'a', type: 'quantitative' },
        y: { field: 'b', type: 'quantitative' },
        shape: { field: 'kind', type: 'nominal', title: 'pairs', scale: { domain: kinds, range: kinds.map((k) => style[k]![0]) } },
        color: { field: 'kind', type: 'nominal', title: 'pairs', scale: { domain: kinds, range: kinds.map((k) => style[k]![1]) } },
        tooltip: [{ field: 'kind' }, { field: 'a', title: 'α' }, { field: 'b', title: 'β' }],
      },
    });
  }
  return renderLite({ width: H, height: H, layer: layers } as unknown as TopLevelSpec);
}
