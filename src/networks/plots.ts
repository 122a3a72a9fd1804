/**
 * SVG figures (vega-lite compiled to vega, rendered headless with renderer 'none'): the heat
 * map of min T with the supported polygon, the three diagnostics along k, and the sweep plot.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { GAP, type HeatMap } from './region.js';

export async function toSvg(spec: unknown): Promise<string> {
  const vs = compile(spec as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vs), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Title of the heat map's colour legend (short enough for its title limit: the test checks it is drawn whole). */
const RED_BLUE = ['#b2182b', '#f7f7f7', '#2166ac'] as const;
export const HEAT_LEGEND = 'min T (symmetric log scale)';
export const MIN_ALPHA_LEGEND = 'smallest supported α (LP)';
export const POLYGON_LEGEND = 'supported region (logged steps)';

/**
 * Heat map of min_k T(α, β) like the paper's figures, the supported polygon outlined, the min-α
 * corner marked. Colours: a symmetric-log scale of min T itself (constant = max|min T|·1e-3, so
 * three decades around 0 are resolved whatever the magnitude of T), red < 0 < blue. Cells are
 * clipped to the box, and the part of the box where α < β + 0.1 (not part of the condition) is
 * masked, so no cell shows outside the box or across the polygon's diagonal edge.
 */
export function heatMapSpec(h: HeatMap, polygon: [number, number][], minAlpha: { alpha: number; beta: number } | null, title: string): unknown {
  const aMax = h.alpha[h.alpha.length - 1]!;
  const bMax = h.beta[h.beta.length - 1]!;
  const da = h.alpha.length > 1 ? h.alpha[1]! - h.alpha[0]! : 1;
  const db = h.beta.length > 1 ? h.beta[1]! - h.beta[0]! : 1;
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, v));
  const cells: Record<string, number>[] = [];
  let m = 0;
  // A cell whose grid point has α < β + 0.1 but whose lower-right part reaches α ≥ β + 0.1 takes
  // the value of its nearest drawn neighbour (right, below, or diagonal), so the drawn triangle
  // has no blank steps along its diagonal edge whatever the grid spacing; the mask then cuts the
  // cell at the edge. heatmap.json keeps the grid values only.
  const at = (i: number, j: number) => h.minT[j]?.[i] ?? null;
  h.minT.forEach((row, j) =>
    row.forEach((t0, i) => {
      let t = t0;
      if (t === null && h.alpha[i]! + da / 2 >= h.beta[j]! - db / 2 + GAP) t = at(i + 1, j) ?? at(i, j - 1) ?? at(i + 1, j - 1);
      if (t === null) return;
      m = Math.max(m, Math.abs(t));
      cells.push({
        a0: clamp(h.alpha[i]! - da / 2, aMax),
        a1: clamp(h.alpha[i]! + da / 2, aMax),
        b0: clamp(h.beta[j]! - db / 2, bMax),
        b1: clamp(h.beta[j]! + db / 2, bMax),
        T: t,
      });
    }),
  );
  if (!(m > 0)) m = 1;
  const xs = { field: 'a', type: 'quantitative', title: 'α', scale: { domain: [0, aMax], nice: false, zero: false } };
  const ys = { field: 'b', type: 'quantitative', title: 'β', scale: { domain: [0, bMax], nice: false, zero: false } };
  const layers: unknown[] = [
    {
      data: { values: cells },
      // The stroke, in the cell's own colour, closes the hairline seams renderers leave between cells.
      mark: { type: 'rect', strokeWidth: 0.6, clip: true },
      encoding: {
        x: { ...xs, field: 'a0' },
        x2: { field: 'a1' },
        y: { ...ys, field: 'b0' },
        y2: { field: 'b1' },
        color: {
          field: 'T',
          type: 'quantitative',
          title: HEAT_LEGEND,
          scale: { type: 'symlog', constant: m * 1e-3, domain: [-m, 0, m], range: [...RED_BLUE] },
          legend: { titleLimit: 400, gradientLength: 200, format: '.2~g' },
        },
        stroke: { field: 'T', type: 'quantitative', scale: { type: 'symlog', constant: m * 1e-3, domain: [-m, 0, m], range: [...RED_BLUE] }, legend: null },
      },
    },
  ];
  // The excluded part of the box, α < β + GAP: drawn in the background colour over the cells.
  const cut = Math.min(aMax, bMax + GAP);
  const mask = [
    { a: 0, lo: 0, hi: bMax },
    { a: Math.min(GAP, aMax), lo: 0, hi: bMax },
    { a: cut, lo: clamp(cut - GAP, bMax), hi: bMax },
    ...(cut < aMax ? [{ a: aMax, lo: bMax, hi: bMax }] : []),
  ];
  layers.push({
    data: { values: mask },
    mark: { type: 'area', color: 'white', opacity: 1, clip: true },
    encoding: { x: { ...xs }, y: { ...ys, field: 'lo' }, y2: { field: 'hi' } },
  });
  const closed = polygon.length ? [...polygon, polygon[0]!] : [];
  if (closed.length)
    layers.push({
      data: { values: closed.map(([a, b], o) => ({ a, b, o })) },
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x: xs,
        y: ys,
        order: { field: 'o' },
        color: { datum: POLYGON_LEGEND, type: 'nominal', scale: { range: ['black'] }, legend: { title: null, labelLimit: 300, symbolType: 'stroke' } },
      },
    });
  if (minAlpha)
    layers.push({
      data: { values: [{ a: minAlpha.alpha, b: minAlpha.beta }] },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 90, opacity: 1 },
      encoding: {
        x: xs,
        y: ys,
        color: { datum: MIN_ALPHA_LEGEND, type: 'nominal', scale: { range: ['#111111'] }, legend: { title: null, labelLimit: 300, symbolType: 'diamond' } },
      },
    });
  return {
    $schema: SCHEMA,
    title: { text: title.split('\n'), fontSize: 11 },
    width: 360,
    height: 360,
    layer: layers,
    resolve: { scale: { color: 'independent' } },
  };
}

export interface DiagPoint {
  seed: number;
  k: number;
  angle: number | null;
  aiming: number | null;
  pl: Record<string, number | null>;
}

/** One hue family per seed (dark to light); a seed's lines share its hue, the δ of the PL panel its shade. */
const FAMILIES = [
  ['#08306b', '#2171b5', '#4292c6', '#6baed6', '#9ecae1'],
  ['#7f2704', '#d94801', '#f16913', '#fd8d3c', '#fdae6b'],
  ['#00441b', '#238b45', '#41ab5d', '#74c476', '#a1d99b'],
  ['#3f007d', '#6a51a3', '#807dba', '#9e9ac8', '#bcbddc'],
  ['#67000d', '#cb181d', '#ef3b2c', '#fb6a4a', '#fc9272'],
  ['#252525', '#525252', '#737373', '#969696', '#bdbdbd'],
];

/** Colour of seed number `s` (its index among the seeds) and shade `d` (0 the darkest). */
export const seedColor = (s: number, d = 1) => {
  const f = FAMILIES[s % FAMILIES.length]!;
  return f[Math.min(d, f.length - 1)]!;
};

/**
 * Three panels along k: the angle ∠(∇f, x^k − x^K), the PL quantities per δ, the aiming ratio.
 * Every seed has its own colour (hue family); in the PL panel each (seed, δ) pair has its own shade.
 */
export function diagnosticsSpec(points: DiagPoint[], title: string): unknown {
  const seeds = [...new Set(points.map((p) => p.seed))].sort((a, b) => a - b);
  const seedName = (s: number) => `seed ${s}`;
  const rows = points.map((p) => ({ seed: seedName(p.seed), k: p.k, angle: p.angle, aiming: p.aiming }));
  const deltas = [...new Set(points.flatMap((p) => Object.keys(p.pl)))];
  const pairName = (s: number, d: string) => `${seedName(s)}, δ=${d}`;
  const pl: Record<string, unknown>[] = [];
  for (const p of points) for (const [d, v] of Object.entries(p.pl)) if (v !== null) pl.push({ k: p.k, key: pairName(p.seed, d), v });
  const seedScale = { domain: seeds.map(seedName), range: seeds.map((_, i) => seedColor(i)) };
  const pairs = seeds.flatMap((s, i) => deltas.map((d, j) => ({ name: pairName(s, d), color: seedColor(i, j) })));
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
          color: { field: 'seed', type: 'nominal', title: 'seed', scale: seedScale },
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
          color: {
            field: 'key',
            type: 'nominal',
            title: 'seed, δ',
            scale: { domain: pairs.map((q) => q.name), range: pairs.map((q) => q.color) },
            legend: { labelLimit: 200, columns: seeds.length > 2 ? 2 : 1 },
          },
        },
      },
      panel('aiming', 'aiming ratio ⟨∇f(x^k), x^k − x^K⟩ / f(x^k)', 0),
    ],
  };
}

export interface SweepPlotRow {
  value: number;
  alpha: number | null;
  beta: number | null;
  betaSigma2: number | null;
}

/**
 * Sweep plot, two panels over the swept setting (log₂ axis with a tick at every setting):
 * the smallest supported α and its β; β·σ²_int on its own axis (log scale when positive).
 */
export function sweepSpec(key: string, rows: SweepPlotRow[], title = `supported constants against ${key} (logged trajectories only)`): unknown {
  const values = rows.map((r) => r.value);
  const x = {
    field: 'value',
    type: 'quantitative',
    title: key,
    scale: { type: 'log', base: 2, domain: [Math.min(...values) / 1.25, Math.max(...values) * 1.25], nice: false },
    axis: { values, format: 'd', labelOverlap: false, grid: true },
  };
  const consts: Record<string, unknown>[] = [];
  for (const r of rows)
    for (const [q, v] of [
      ['smallest α', r.alpha],
      ['β at smallest α', r.beta],
    ] as const)
      if (v !== null) consts.push({ value: r.value, q, v });
  const prod = rows.filter((r) => r.betaSigma2 !== null).map((r) => ({ value: r.value, v: r.betaSigma2 }));
  const positive = prod.length > 0 && prod.every((r) => (r.v as number) > 0);
  return {
    $schema: SCHEMA,
    title: { text: title, fontSize: 11 },
    resolve: { scale: { color: 'independent' } },
    hconcat: [
      {
        title: { text: 'smallest supported α and its β', fontSize: 10 },
        width: 300,
        height: 220,
        data: { values: consts },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'v', type: 'quantitative', title: 'constant', axis: { format: '.3~g' } },
          color: { field: 'q', type: 'nominal', title: null, scale: { range: ['#2166ac', '#d6604d'] } },
        },
      },
      {
        title: { text: 'β·σ²_int (β at the smallest α)', fontSize: 10 },
        width: 300,
        height: 220,
        data: { values: prod },
        mark: { type: 'line', point: { color: '#4d9221' }, color: '#4d9221' },
        encoding: {
          x,
          y: { field: 'v', type: 'quantitative', title: 'β·σ²_int', scale: positive ? { type: 'log' } : { type: 'symlog' }, axis: { format: '.3~g' } },
        },
      },
    ],
  };
}
