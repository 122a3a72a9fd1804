/**
 * The figures of `lscert empirical` (issue [11]): the heat map's colour scale resolves small
 * values, its legend titles are whole, cells stay in the box and on the drawn side of α = β + 0.1,
 * the smallest-α diamond and the polygon have legend entries; each seed has its own colours in
 * the diagnostics; the sweep's log axis has a tick at every setting and β·σ²_int has its own
 * axis; result.json has the run's time and no momentum for plain SGD.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { conditionFit, DEFAULTS, runEmpirical, type EmpiricalOptions } from '../../src/networks/empirical.js';
import { diagnosticsSpec, HEAT_LEGEND, heatMapSpec, MIN_ALPHA_LEGEND, POLYGON_LEGEND, sweepSpec, toSvg, type DiagPoint } from '../../src/networks/plots.js';
import { GAP, type HeatMap } from '../../src/networks/region.js';
import type { SeedLog } from '../../src/networks/train.js';

type Spec = Record<string, any>;

/** A heat map like today's runs: |min T| at most 0.0015, both signs. */
function smallHeat(n = 21, aMax = 2, bMax = 2): HeatMap {
  const alpha = Array.from({ length: n }, (_, i) => (aMax * i) / (n - 1));
  const beta = Array.from({ length: n }, (_, j) => (bMax * j) / (n - 1));
  const minT = beta.map((b) => alpha.map((a) => (a >= b + GAP ? 0.0015 * Math.tanh(3 * (b - 0.6 * a + 0.2)) * (b > 0.5 ? 1e-2 : 1) : null)));
  return { alpha, beta, minT };
}

const rgb = (c: string) => {
  const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(c) ?? /#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(c);
  if (!m) throw new Error(`not a colour: ${c}`);
  return c.startsWith('#') ? [1, 2, 3].map((i) => Number.parseInt(m[i]!, 16)) : [1, 2, 3].map((i) => Number(m[i]));
};

/** The colour scale of the heat map's cells, as Vega builds it. */
async function heatColour(spec: Spec): Promise<(t: number) => number[]> {
  const vs = compile(spec as TopLevelSpec).spec as Spec;
  const view = new vega.View(vega.parse(vs), { renderer: 'none' });
  await view.runAsync();
  const name = (vs.scales as { name: string; type: string }[]).find((s) => s.type === 'symlog')?.name;
  expect(name, 'a symlog colour scale').toBeDefined();
  const scale = view.scale(name!) as (t: number) => string;
  return (t) => rgb(String(scale(t)));
}

const legendTitles = (svg: string) => [...svg.matchAll(/class="mark-text role-legend-title"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => m[1]!);

describe('heat map of min T', () => {
  const h = smallHeat();
  const polygon: [number, number][] = [
    [0.5, 0],
    [2, 0],
    [2, 1.2],
    [1.1, 1],
  ];
  const spec = heatMapSpec(h, polygon, { alpha: 0.5, beta: 0 }, 'title line 1\nline 2') as Spec;

  it('colours by a symmetric log of min T that separates values three decades below the largest', async () => {
    const cells = spec.layer[0];
    expect(cells.encoding.color.field).toBe('T');
    expect(cells.encoding.color.scale.type).toBe('symlog');
    const m = Math.max(...h.minT.flat().map((t) => Math.abs(t ?? 0)));
    expect(m).toBeLessThanOrEqual(0.0015);
    expect(cells.encoding.color.scale.constant).toBeLessThanOrEqual(m / 100);
    const colour = await heatColour(spec);
    const white = colour(0);
    // On a linear scale m/100 would be 1 % of the way from white to the end colour: at most 3
    // units of any channel. The symlog scale puts it well away from white, and apart from −m/100.
    const full = Math.max(...colour(m).map((v, i) => Math.abs(v - white[i]!)));
    expect(full / 100).toBeLessThan(3);
    const tiny = colour(m / 100);
    const dist = Math.max(...tiny.map((v, i) => Math.abs(v - white[i]!)));
    expect(dist, `colour of m/100 ${tiny} vs 0 ${white}`).toBeGreaterThan(40);
    expect(colour(-m / 100)[0]! - colour(m / 100)[0]!).toBeGreaterThan(40); // red side vs blue side
  });

  it('keeps every cell inside the box and masks α < β + 0.1', () => {
    const cells = spec.layer[0].data.values as { a0: number; a1: number; b0: number; b1: number }[];
    expect(cells.length).toBeGreaterThan(50);
    for (const c of cells) {
      expect(c.a0).toBeGreaterThanOrEqual(0);
      expect(c.b0).toBeGreaterThanOrEqual(0);
      expect(c.a1).toBeLessThanOrEqual(2);
      expect(c.b1).toBeLessThanOrEqual(2);
    }
    const mask = spec.layer[1];
    expect(mask.mark.type).toBe('area');
    expect(mask.mark.color).toBe('white');
    // The mask's lower edge is the line β = α − 0.1 (clipped to the box): every cell corner
    // above it is covered, every grid point drawn lies on or below it.
    const lo = (a: number) => {
      const pts = mask.data.values as { a: number; lo: number }[];
      for (let i = 1; i < pts.length; i++)
        if (a <= pts[i]!.a) {
          const [p, q] = [pts[i - 1]!, pts[i]!];
          return q.a === p.a ? Math.min(p.lo, q.lo) : p.lo + ((a - p.a) / (q.a - p.a)) * (q.lo - p.lo);
        }
      return pts[pts.length - 1]!.lo;
    };
    for (const a of [0, 0.05, 0.1, 0.5, 1, 1.7, 2]) expect(lo(a)).toBeCloseTo(Math.max(0, Math.min(2, a - GAP)), 12);
    expect(spec.layer.filter((l: Spec) => l.mark.type !== 'point').every((l: Spec) => l.mark.clip === true)).toBe(true);
  });

  it('draws whole legend titles and a legend entry for the polygon and the smallest-α diamond', async () => {
    const svg = await toSvg(spec);
    expect(svg).toContain(HEAT_LEGEND);
    expect(svg).not.toContain('…');
    expect(legendTitles(svg).join(' ')).not.toMatch(/sign·log10/);
    expect(svg).toContain(MIN_ALPHA_LEGEND);
    expect(svg).toContain(POLYGON_LEGEND);
  });
});

describe('diagnostics', () => {
  const points: DiagPoint[] = [1, 2, 3].flatMap((seed) =>
    [0, 5, 10].map((k) => ({ seed, k, angle: 60 + k + seed, aiming: 1 - k / 20, pl: { '1.00': k - seed, '2.00': k / 2 - seed } })),
  );
  const spec = diagnosticsSpec(points, 'title') as Spec;

  it('gives every seed its own colour in every panel, and every (seed, δ) pair its own in the PL panel', async () => {
    const [angle, pl, aiming] = spec.hconcat as Spec[];
    for (const panel of [angle, aiming]) {
      const sc = panel.layer[0].encoding.color.scale;
      expect(sc.domain).toEqual(['seed 1', 'seed 2', 'seed 3']);
      expect(new Set(sc.range).size).toBe(3);
    }
    const sc = pl.encoding.color.scale;
    expect(sc.domain).toHaveLength(6);
    expect(new Set(sc.range).size).toBe(6);
    const colourOf = (name: string) => sc.range[sc.domain.indexOf(name)];
    expect(colourOf('seed 1, δ=1.00')).not.toBe(colourOf('seed 2, δ=1.00'));
    expect(colourOf('seed 1, δ=2.00')).not.toBe(colourOf('seed 3, δ=2.00'));
    const svg = await toSvg(spec);
    for (const name of ['seed 1, δ=1.00', 'seed 3, δ=2.00']) expect(svg).toContain(name);
  });
});

describe('sweep plot', () => {
  const rows = [32, 64, 128].map((v, i) => ({ value: v, alpha: 2 - i * 0.5, beta: 1 - i * 0.3, betaSigma2: 0.01 / (i + 1) }));
  const spec = sweepSpec('width', rows) as Spec;

  it('puts a tick at every setting of the log axis, and β·σ²_int on its own axis', async () => {
    const [left, right] = spec.hconcat as Spec[];
    expect(left.encoding.x.axis.values).toEqual([32, 64, 128]);
    expect(right.encoding.y.title).toBe('β·σ²_int');
    expect(left.encoding.y.title).not.toBe(right.encoding.y.title);
    expect(right.data.values.map((r: Spec) => r.v)).toEqual(rows.map((r) => r.betaSigma2));
    expect(left.data.values.every((r: Spec) => r.q !== 'β·σ²_int')).toBe(true);
    const svg = await toSvg(spec);
    const labels = [...svg.matchAll(/class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => m[1]!).join(' ');
    for (const v of ['32', '64', '128']) expect(labels).toMatch(new RegExp(`>${v}<`));
  });
});

describe('result.json', () => {
  const base: EmpiricalOptions = {
    ...DEFAULTS,
    model: 'mlp',
    modelOptions: { depth: 1, width: 8, lambda: 1e-5 },
    data: 'gaussian',
    samples: 64,
    epochs: 1,
    seeds: 1,
    grid: 5,
    backend: 'cpu',
  };

  it('holds the run time (> 0, the value returned) and momentum only for sgd-momentum', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lscert-plots-'));
    const r = await runEmpirical({ ...base, out: join(out, 'sgd') });
    const j = JSON.parse(readFileSync(join(out, 'sgd', 'result.json'), 'utf8'));
    expect(j.elapsedMs).toBeGreaterThan(0);
    expect(j.elapsedMs).toBe(r.elapsedMs);
    expect(j.training.optimizer).toEqual({ name: 'sgd', lr: 0.05, schedule: 'constant' });
    expect(j.training.optimizer).not.toHaveProperty('momentum');
    const m = await runEmpirical({ ...base, optimizer: { ...base.optimizer, name: 'sgd-momentum', momentum: 0.8, schedule: 'step' }, out: join(out, 'm') });
    expect(m.training.optimizer).toEqual({ name: 'sgd-momentum', lr: 0.05, schedule: 'step', momentum: 0.8, decay: 0.1 });
    const c = r.diagnostics.conditions;
    expect(c.points).toBe(r.diagnostics.series.length);
    expect(c.aiming.failsForEvery).toBeLessThanOrEqual(r.diagnostics.series.filter((p) => p.angle !== null && p.angle > 90).length);
  });
});

describe('largest Aiming and PL constants (f* = f(x^K))', () => {
  const log = (f: number[], dot: number[], gradNorm: number[], fFinal: number) =>
    ({ diag: { k: f.map((_, i) => i), f, dot, gradNorm, dist: f.map(() => 1) }, fFinal }) as unknown as SeedLog;

  it('takes the tightest point, counts the points that fail for every constant, and sees lower bounds from negative gaps', () => {
    // gaps 2, 1, 0.5; dots 4, 1, 2; ‖∇f‖² 8, 1, 4
    const a = conditionFit([log([3, 2, 1.5], [4, 1, 2], [Math.sqrt(8), 1, 2], 1)]);
    expect(a.points).toBe(3);
    expect(a.aiming).toEqual({ failsForEvery: 0, failsForEveryFraction: 0, holdsForSome: true, thetaMax: 1, thetaMin: 0 });
    expect(a.pl.muMax).toBeCloseTo(0.5, 12); // min(8/4, 1/2, 4/1)
    expect(a.pl.holdsForSome).toBe(true);
    // a point with a positive gap and a negative dot: Aiming fails for every θ; a negative gap bounds θ below
    const b = conditionFit([log([3, 2], [4, -1], [1, 1], 1), log([0.5, 3], [-1, 6], [1, 1], 1)]);
    expect(b.aiming.failsForEvery).toBe(1);
    expect(b.aiming.failsForEveryFraction).toBe(0.25);
    expect(b.aiming.holdsForSome).toBe(false);
    expect(b.aiming.thetaMax).toBeNull();
    expect(b.aiming.thetaMin).toBe(2); // gap −0.5, dot −1: θ ≥ 2
    const c = conditionFit([log([0.5, 3], [-1, 6], [1, 1], 1)]);
    expect(c.aiming).toMatchObject({ holdsForSome: true, thetaMax: 3, thetaMin: 2, failsForEvery: 0 });
    const d = conditionFit([log([2], [1], [0], 1)]);
    expect(d.pl).toEqual({ failsForEvery: 1, failsForEveryFraction: 1, holdsForSome: false, muMax: null });
  });
});
