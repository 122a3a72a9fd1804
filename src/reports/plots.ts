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
  /** Text drawn next to the marker (a counterexample's number). */
  readonly tag?: string;
}

/** The legend entry of counterexample markers (each is labelled with its number: cxN in the Counterexamples section). */
export const CX_KIND = 'counterexample N (cxN)';

export interface RenderedPlot {
  readonly svg: string;
  /** Number of drawn mark items (an empty plot has none). */
  readonly marks: number;
}

/** Vega and vega-lite log warnings to the console: the report keeps stdout and stderr clean. */
const quiet = vega.logger(vega.None);

let renders = 0;

async function render(spec: vega.Spec): Promise<RenderedPlot> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger: quiet, logLevel: vega.None });
  const raw = await view.toSVG();
  view.finalize();
  // Path coordinates are pixels: two decimals are plenty (and make the page several times smaller).
  // In-page references (clip paths, legend gradients) get a prefix unique to this picture:
  // several SVGs share one page, and ids must not collide.
  const tag = `p${++renders}-`;
  const svg = raw
    .replace(/ d="([^"]*)"/g, (_m, d: string) => ` d="${d.replace(/(\.\d\d)\d+/g, '$1')}"`)
    .replace(/ id="([^"]+)"/g, (_m, id: string) => ` id="${tag}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${tag}${id})`);
  return { svg, marks: (svg.match(/<(path|rect|line)\b/g) ?? []).length };
}

const renderLite = (spec: TopLevelSpec) =>
  render(compile({ ...spec, config: { aria: false, legend: { labelLimit: 260 } } } as TopLevelSpec, { logger: quiet }).spec);

/** Marker styles: one shape and colour per kind (shared by every plot). */
const MARKERS: Record<string, { shape: string; color: string }> = {
  'S (minimizer)': { shape: 'diamond', color: '#111111' },
  'S (sampled)': { shape: 'circle', color: '#111111' },
  saddle: { shape: 'square', color: '#e66101' },
  'local min': { shape: 'triangle-up', color: '#1f78b4' },
  'local max': { shape: 'triangle-down', color: '#6a3d9a' },
  'stationary (unclassified)': { shape: 'circle', color: '#6a3d9a' },
  [CX_KIND]: { shape: 'cross', color: '#d7191c' },
};

/** Text layers (a white halo, then the text) for markers that carry a tag. */
/** Whether a tag at x goes to the left of its marker (near the right edge of the plot). */
const leftOf = (x: number, range: readonly [number, number]) => x > range[0] + 0.8 * (range[1] - range[0]);

function tagLayers(markers: readonly Marker[], xRange: readonly [number, number]): Record<string, unknown>[] {
  const tagged = markers.filter((m) => m.tag);
  const enc = { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'tag', type: 'nominal' } };
  return [false, true].flatMap((left) => {
    const these = tagged.filter((m) => leftOf(m.x, xRange) === left);
    if (!these.length) return [];
    const data = { values: these.map((m) => ({ x: m.x, y: m.y, tag: m.tag })) };
    const mark = { type: 'text', align: left ? 'right' : 'left', baseline: 'bottom', dx: left ? -6 : 6, dy: -4, fontSize: 12, fontWeight: 'bold' };
    return [
      { data, mark: { ...mark, stroke: 'white', strokeWidth: 3, strokeOpacity: 0.9, fill: 'white' }, encoding: enc },
      { data, mark: { ...mark, fill: '#b2182b' }, encoding: enc },
    ];
  });
}

function markerLayer(markers: readonly Marker[], x: string, y: string, oneD = false): Record<string, unknown> {
  const kinds = [...new Set(markers.map((m) => m.kind))];
  return {
    data: { values: markers.map((m) => ({ x: m.x, y: oneD ? m.y : m.y, kind: m.kind, label: m.label })) },
    mark: { type: 'point', filled: true, opacity: 0.95, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: x },
      y: { field: 'y', type: 'quantitative', title: y },
      shape: {
        field: 'kind',
        type: 'nominal',
        title: 'marked',
        legend: { labelLimit: 240 },
        scale: { domain: kinds, range: kinds.map((k) => MARKERS[k]?.shape ?? 'circle') },
      },
      // Shape and colour on one field with one title: one legend of coloured shapes ("marked"),
      // next to the plot's own colour legend (the layers resolve colour independently).
      color: {
        field: 'kind',
        type: 'nominal',
        title: 'marked',
        legend: { labelLimit: 240 },
        scale: { domain: kinds, range: kinds.map((k) => MARKERS[k]?.color ?? '#333') },
      },
      size: {
        field: 'kind',
        type: 'nominal',
        legend: null,
        scale: { type: 'ordinal', domain: kinds, range: kinds.map((k) => (k === 'S (sampled)' ? 10 : 90)) },
      },
      tooltip: [{ field: 'label', type: 'nominal' }],
    },
  };
}

/** Quantile thresholds of the finite values (levels spread over where the values are). */
function thresholds(values: Float64Array, levels: number): number[] {
  const v = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
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
      {
        name: 'contours',
        source: 'grid',
        transform: [{ type: 'isocontour', thresholds: th, scale: { expr: `[${W / g.nx}, ${-H / g.ny}]` }, translate: [0, H] }],
      },
      { name: 'markers', values: markers.map((m) => ({ ...m })) },
      { name: 'tags', values: markers.filter((m) => m.tag).map((m) => ({ x: m.x, y: m.y, tag: m.tag, left: leftOf(m.x, g.xRange) })) },
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
      ...(kinds.length ? [{ shape: 'shape', fill: 'mcolor', title: 'marked', symbolStrokeColor: 'white', labelLimit: 240 } as vega.Legend] : []),
    ],
    marks: [
      {
        type: 'shape',
        from: { data: 'contours' },
        encode: {
          enter: { stroke: { value: '#ffffff' }, strokeWidth: { value: 0.4 }, strokeOpacity: { value: 0.6 }, fill: { scale: 'color', field: 'contour.value' } },
        },
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
      // Counterexample numbers next to their markers (a white halo, then the text).
      ...[true, false].map(
        (halo): vega.Mark => ({
          type: 'text',
          from: { data: 'tags' },
          encode: {
            enter: {
              x: { scale: 'x', field: 'x' },
              y: { scale: 'y', field: 'y' },
              text: { field: 'tag' },
              align: { signal: "datum.left ? 'right' : 'left'" },
              baseline: { value: 'bottom' },
              dx: { signal: 'datum.left ? -6 : 6' },
              dy: { value: -4 },
              fontSize: { value: 12 },
              fontWeight: { value: 'bold' },
              fill: { value: halo ? 'white' : '#b2182b' },
              ...(halo && { stroke: { value: 'white' }, strokeWidth: { value: 3 }, strokeOpacity: { value: 0.9 } }),
            },
          },
        }),
      ),
    ],
  };
  return render(spec);
}

/** f along a 1-D domain with markers. */
export async function linePlot(g: Grid, name: string, yTitle: string, markers: readonly Marker[], zeroRule = false): Promise<RenderedPlot> {
  const pts = g.xs.map((x, i) => ({ x, y: g.values[i]! })).filter((q) => Number.isFinite(q.y));
  const layers: Record<string, unknown>[] = [
    {
      data: { values: pts },
      mark: { type: 'line', color: '#2c7fb8' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: name, scale: { domain: g.xRange, nice: false, zero: false } },
        y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
      },
    },
  ];
  if (zeroRule)
    layers.push({
      data: { values: [{ y: 0 }] },
      mark: { type: 'rule', color: '#999', strokeDash: [4, 3] },
      encoding: { y: { field: 'y', type: 'quantitative' } },
    });
  if (markers.length) layers.push(markerLayer(markers, name, yTitle, true), ...tagLayers(markers, g.xRange));
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
        color: {
          field: 'v',
          type: 'quantitative',
          title,
          scale: { type: 'symlog', domain: [-m, 0, m], range: ['#b2182b', '#f7f7f7', '#2166ac'], constant: Math.max(m * 1e-4, 1e-12) },
        },
        tooltip: [{ field: 'v', type: 'quantitative', title }],
      },
    },
  ];
  if (markers.length) layers.push(markerLayer(markers, names[0], names[1]), ...tagLayers(markers, g.xRange));
  return renderLite({ width: W, height: H, layer: layers, resolve: { scale: { color: 'independent', shape: 'independent' } } } as unknown as TopLevelSpec);
}

export const BOX_COLORS: Record<string, string> = {
  'proved: bounds': '#1a9641',
  'proved: local convexity': '#a6d96a',
  'proved: normal segment': '#d9ef8b',
  'proved: Z3': '#66c2a5',
  open: '#fdae61',
  'open: kink or undefined': '#9e9ac8',
  'not reached': '#d9d9d9',
  mixed: '#ffffbf',
};

/** Branch-and-bound boxes coloured by status (1-D: a strip). */
export async function boxesPlot(
  boxes: readonly DrawnBox[],
  axes: number[],
  names: string[],
  range: { x: [number, number]; y: [number, number] },
  markers: readonly Marker[],
): Promise<RenderedPlot> {
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
        y:
          b === undefined
            ? { field: 'y', type: 'quantitative', title: null, axis: null, scale: { domain: [0, 1] } }
            : { field: 'y', type: 'quantitative', title: names[1], scale: { domain: range.y, nice: false, zero: false } },
        y2: { field: 'y2' },
        color: { field: 'status', type: 'nominal', title: 'box status', scale: { domain: statuses, range: statuses.map((s) => BOX_COLORS[s]) } },
      },
    },
  ];
  const placed = markers.map((m) => (b === undefined ? { ...m, y: 0.5 } : m));
  if (markers.length) layers.push(markerLayer(placed, names[0], names[1] ?? ''), ...tagLayers(placed, range.x));
  return renderLite({
    width: W,
    height: b === undefined ? 120 : H,
    layer: layers,
    resolve: { scale: { color: 'independent', shape: 'independent' } },
  } as unknown as TopLevelSpec);
}

/** A square window of the (α, β) plane: α and β both range over [lo, hi]. */
export interface PlaneView {
  readonly lo: number;
  readonly hi: number;
}

/**
 * The part of the (α, β) plane where the decision is made: a square [s, s + w]² centred on the
 * diagonal that holds the tight pairs, the checked pair, the claim and the tips (smallest-α
 * vertices) of the undecided and certified regions, with a margin. Every pair of the window
 * has β < α, so the square's upper-left triangle is empty (the overview inset goes there).
 * The whole window [0, alphaMax] when nothing is decided or the square would cover most of it.
 */
export function planeView(alphaMax: number, points: readonly (readonly [number, number])[]): { view: PlaneView; zoomed: boolean } {
  const full = { view: { lo: 0, hi: alphaMax }, zoomed: false };
  const pts = points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && a >= 0 && a <= alphaMax && b >= 0);
  if (!pts.length) return full;
  const minB = Math.min(...pts.map((q) => q[1]));
  const maxA = Math.max(...pts.map((q) => q[0]));
  const span = Math.max(maxA - minB, 0.02 * alphaMax);
  const pad = 0.35 * span;
  const lo = Math.max(0, minB - pad);
  const hi = Math.min(alphaMax, maxA + pad);
  if (hi - lo > 0.6 * alphaMax) return full;
  return { view: { lo, hi }, zoomed: true };
}

/** The part of a convex polygon where side(p) ≥ 0 (one Sutherland–Hodgman step; side is affine). */
function clipSide(poly: readonly (readonly [number, number])[], side: (p: readonly [number, number]) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < poly.length; i++) {
    const P = poly[i]!;
    const Q = poly[(i + 1) % poly.length]!;
    const sp = side(P);
    const sq = side(Q);
    if (sp >= 0) out.push([P[0], P[1]]);
    if (sp >= 0 !== sq >= 0) {
      const t = sp / (sp - sq);
      out.push([P[0] + t * (Q[0] - P[0]), P[1] + t * (Q[1] - P[1])]);
    }
  }
  return out;
}

/** A convex polygon clipped to the square [lo, hi]² (Vega sizes a picture by all its marks, clipped or not). */
function clipToView(poly: readonly (readonly [number, number])[], v: PlaneView): [number, number][] {
  let out: [number, number][] = poly.map(([a, b]) => [a, b]);
  for (const side of [
    (q: readonly [number, number]) => q[0] - v.lo,
    (q: readonly [number, number]) => v.hi - q[0],
    (q: readonly [number, number]) => q[1] - v.lo,
    (q: readonly [number, number]) => v.hi - q[1],
  ]) {
    if (out.length) out = clipSide(out, side);
  }
  return out;
}

/** Region colours of the plane (one legend entry each). */
export const PLANE_REGIONS: Record<string, string> = {
  refuted: '#f4cccc',
  undecided: '#fff2cc',
  certified: '#93c47d',
  'not computed': '#eeeeee',
};

/**
 * The (α, β) plane: refuted, undecided and certified regions, the claim, the checked pair and
 * the tight pairs, zoomed to `view` (with an overview of the whole window as an inset in the
 * empty upper-left corner when zoomed). Raw Vega: two coordinate systems in one picture.
 */
export async function planePlot(input: {
  alphaMax: number;
  /** Outer polygon: pairs outside it are refuted; null when the region was not computed. */
  refuted: readonly [number, number][] | null;
  certified: readonly [number, number][];
  /** Every pair with β < κα is refuted (the one-term argument); null when it does not apply. */
  kappa: number | null;
  claim: { kind: 'point'; alpha: number; beta: number } | { kind: 'line'; k: number; m: number; tie: string } | null;
  checked: { alpha: number; beta: number; verdict: string } | null;
  certifiedPair: { alpha: number; beta: number } | null;
  refutedPair: { alpha: number; beta: number } | null;
  view: PlaneView;
  zoomed: boolean;
}): Promise<RenderedPlot> {
  const A = input.alphaMax;
  const S = H;
  const poly = (pts: readonly (readonly [number, number])[]) => pts.map(([a, b], o) => ({ a, b, o }));
  const regions: { name: string; kind: string; pts: readonly (readonly [number, number])[] }[] = [];
  const win: [number, number][] = [
    [0, 0],
    [A, 0],
    [A, A],
  ];
  // Base layer: the window is refuted where the region pass ran (outside the outer polygon
  // every pair fails at a verified point), unknown where it did not.
  const allRefuted = !input.refuted && input.kappa !== null && input.kappa >= 1;
  regions.push({ name: 'window', kind: input.refuted || allRefuted ? 'refuted' : 'not computed', pts: win });
  if (input.kappa !== null && !input.refuted && !allRefuted) {
    // The cone 0 ≤ β < κα (refuted by the one-term argument).
    regions.push({
      name: 'cone',
      kind: 'refuted',
      pts: [
        [0, 0],
        [A, 0],
        [A, input.kappa * A],
      ],
    });
  }
  if (input.refuted && input.refuted.length >= 3) regions.push({ name: 'outer', kind: 'undecided', pts: input.refuted });
  // Two certified vertices: the segment between them (drawn thick).
  if (input.certified.length >= 2) regions.push({ name: 'inner', kind: 'certified', pts: input.certified });
  const kinds = Object.keys(PLANE_REGIONS).filter((k) => regions.some((r) => r.kind === k));
  const pts: { a: number; b: number; kind: string }[] = [];
  for (const [a, b] of input.certified) pts.push({ a, b, kind: 'certified vertex' });
  if (input.certifiedPair) pts.push({ a: input.certifiedPair.alpha, b: input.certifiedPair.beta, kind: 'tight: certified' });
  if (input.refutedPair) pts.push({ a: input.refutedPair.alpha, b: input.refutedPair.beta, kind: 'tight: refuted' });
  if (input.claim?.kind === 'point') pts.push({ a: input.claim.alpha, b: input.claim.beta, kind: 'claim' });
  if (input.checked && !(input.claim?.kind === 'point' && input.claim.alpha === input.checked.alpha && input.claim.beta === input.checked.beta))
    pts.push({ a: input.checked.alpha, b: input.checked.beta, kind: `checked: ${input.checked.verdict}` });
  const style: Record<string, [string, string]> = {
    'certified vertex': ['circle', '#274e13'],
    'tight: certified': ['diamond', '#38761d'],
    'tight: refuted': ['cross', '#cc0000'],
    claim: ['triangle-up', '#111111'],
    'checked: certified': ['square', '#1a7f37'],
    'checked: refuted': ['square', '#c62828'],
    'checked: inconclusive': ['square', '#b26a00'],
  };
  const pkinds = Object.keys(style).filter((k) => pts.some((q) => q.kind === k));
  const seg: { a: number; b: number; o: number }[] = [];
  if (input.claim?.kind === 'line') {
    const { k, m } = input.claim;
    // β = kα + m clipped to the window 0 ≤ β ≤ α ≤ A.
    const N = 256;
    for (let i = 0; i <= N; i++) {
      const a = (A * i) / N;
      const b = k * a + m;
      if (b >= 0 && b <= a) seg.push({ a, b, o: i });
    }
  }
  const inView = (a: number, b: number) => a >= input.view.lo && a <= input.view.hi && b >= input.view.lo && b <= input.view.hi;
  const data: vega.Data[] = [
    ...regions.map((r) => ({ name: r.name, values: poly(clipToView(r.pts, input.view)) })),
    // The overview shows the whole window: its own copies of the regions.
    ...regions.map((r) => ({ name: `${r.name}-all`, values: poly(r.pts) })),
    { name: 'pairs', values: pts.filter((q) => inView(q.a, q.b)) },
    { name: 'line', values: seg.filter((q) => inView(q.a, q.b)) },
    { name: 'line-all', values: seg },
    { name: 'view', values: [{ a: input.view.lo, a2: input.view.hi, b: input.view.lo, b2: input.view.hi }] },
  ];
  const polygonMarks = (x: string, y: string, thin: boolean): vega.Mark[] => [
    ...regions.map(
      (r): vega.Mark => ({
        type: 'line',
        from: { data: thin ? `${r.name}-all` : r.name },
        encode: {
          enter: {
            x: { scale: x, field: 'a' },
            y: { scale: y, field: 'b' },
            interpolate: { value: 'linear-closed' },
            fill: { value: PLANE_REGIONS[r.kind]! },
            fillOpacity: { value: 1 },
            stroke: { value: r.kind === 'certified' ? '#274e13' : r.kind === 'undecided' ? '#b45f06' : '#cc4125' },
            strokeWidth: { value: r.pts.length === 2 ? (thin ? 1.5 : 3) : thin ? 0.4 : r.name === 'window' || r.name === 'cone' ? 0.5 : 1 },
          },
        },
      }),
    ),
    ...(seg.length
      ? [
          {
            type: 'line',
            from: { data: thin ? 'line-all' : 'line' },
            encode: {
              enter: {
                x: { scale: x, field: 'a' },
                y: { scale: y, field: 'b' },
                stroke: { value: '#111' },
                strokeWidth: { value: thin ? 0.8 : 1.5 },
                strokeDash: { value: [6, 3] },
              },
            },
          } as vega.Mark,
        ]
      : []),
  ];
  const mainMarks: vega.Mark[] = [
    {
      type: 'group',
      encode: { enter: { width: { signal: 'width' }, height: { signal: 'height' }, clip: { value: true } } },
      marks: polygonMarks('x', 'y', false),
    },
    {
      type: 'symbol',
      from: { data: 'pairs' },
      encode: {
        enter: {
          x: { scale: 'x', field: 'a' },
          y: { scale: 'y', field: 'b' },
          shape: { scale: 'pshape', field: 'kind' },
          fill: { scale: 'pcolor', field: 'kind' },
          size: { value: 80 },
          stroke: { value: 'white' },
          strokeWidth: { value: 0.6 },
          tooltip: { signal: "datum.kind + ': α = ' + format(datum.a, '.6~g') + ', β = ' + format(datum.b, '.6~g')" },
        },
      },
    },
  ];
  const I = Math.round(S / 3);
  const inset: vega.Mark[] = input.zoomed
    ? [
        {
          type: 'group',
          name: 'overview',
          encode: {
            enter: {
              x: { value: 6 },
              y: { value: 6 },
              width: { value: I },
              height: { value: I },
              fill: { value: 'white' },
              stroke: { value: '#888' },
              strokeWidth: { value: 0.8 },
              clip: { value: true },
            },
          },
          scales: [
            { name: 'xo', type: 'linear', domain: [0, A], range: [0, I], zero: false, nice: false },
            { name: 'yo', type: 'linear', domain: [0, A], range: [I, 0], zero: false, nice: false },
          ],
          marks: [
            ...polygonMarks('xo', 'yo', true),
            {
              type: 'rect',
              from: { data: 'view' },
              encode: {
                enter: {
                  x: { scale: 'xo', field: 'a' },
                  x2: { scale: 'xo', field: 'a2' },
                  y: { scale: 'yo', field: 'b' },
                  y2: { scale: 'yo', field: 'b2' },
                  fill: { value: 'transparent' },
                  stroke: { value: '#000' },
                  strokeWidth: { value: 1.2 },
                },
              },
            },
            {
              type: 'text',
              encode: {
                enter: {
                  x: { value: 3 },
                  y: { value: 3 },
                  baseline: { value: 'top' },
                  text: { value: `overview 0–${A}` },
                  fontSize: { value: 9 },
                  fill: { value: '#444' },
                },
              },
            },
          ],
        } as vega.Mark,
      ]
    : [];
  const spec: vega.Spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    config: { aria: false } as vega.Config,
    width: S,
    height: S,
    padding: 5,
    data,
    scales: [
      { name: 'x', type: 'linear', domain: [input.view.lo, input.view.hi], range: 'width', zero: false, nice: false },
      { name: 'y', type: 'linear', domain: [input.view.lo, input.view.hi], range: 'height', zero: false, nice: false },
      { name: 'region', type: 'ordinal', domain: kinds, range: kinds.map((k) => PLANE_REGIONS[k]!) },
      { name: 'pshape', type: 'ordinal', domain: pkinds.length ? pkinds : ['none'], range: pkinds.length ? pkinds.map((k) => style[k]![0]) : ['circle'] },
      { name: 'pcolor', type: 'ordinal', domain: pkinds.length ? pkinds : ['none'], range: pkinds.length ? pkinds.map((k) => style[k]![1]) : ['#000'] },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'α', grid: true, gridOpacity: 0.25 },
      { orient: 'left', scale: 'y', title: 'β', grid: true, gridOpacity: 0.25 },
    ],
    legends: [
      { fill: 'region', title: 'region', symbolType: 'square', symbolStrokeColor: '#999', symbolStrokeWidth: 0.5, labelLimit: 220 },
      ...(pkinds.length ? [{ shape: 'pshape', fill: 'pcolor', title: 'pairs' } as vega.Legend] : []),
    ],
    marks: [...mainMarks, ...inset],
  };
  return render(spec);
}
