import { buildResiduals, objective, type Claim, type ProjectionModel } from '../conditions/index.js';
import { compileFloat, gradient } from '../expr/index.js';
import { ambientDeadline } from '../engine/budget.js';
import { TimeLimitReached } from '../errors.js';
import { outerBox, type Problem } from '../problem/index.js';
import type { SliceInfo } from './types.js';

/**
 * Float samples for the plots (NOT rigorous: pictures for orientation; every verdict and every
 * number the report states as proved comes from interval arithmetic).
 */
export interface Grid {
  /** Plotted variables (1 or 2 indices). */
  readonly axes: number[];
  readonly nx: number;
  readonly ny: number;
  /** Cell centres along each plotted axis. */
  readonly xs: number[];
  readonly ys: number[];
  /** Row-major values, index j*nx + i (NaN where undefined). */
  readonly values: Float64Array;
  readonly xRange: [number, number];
  readonly yRange: [number, number];
  /** Sampling stopped at the deadline: the cells after it are NaN (blank), not sampled. */
  readonly cut: boolean;
}

/** The slice to draw: the two variables and the values of the others. */
export function chooseSlice(
  p: Problem,
  through: { x: readonly number[]; label: string } | null,
  /** The command's deadline: past it, the widest sides instead of the gradient (its own grace is for the plots themselves). */
  deadline = ambientDeadline(),
): SliceInfo & { point: number[] } {
  const d = p.variables.length;
  const box = outerBox(p);
  const centre = box.lo.map((l, j) => l / 2 + box.hi[j]! / 2);
  const point = through ? [...through.x] : centre;
  if (d <= 2) return { axes: d === 1 ? [0] : [0, 1], fixed: [], through: d === 1 ? 'the whole interval' : 'the whole box', point };
  // The two variables along which f changes most at the point (|∂f/∂x_j| times the box width);
  // past the command's deadline (the gradient of 200 terms in 40 variables takes 0.6 s), the two
  // widest sides.
  const out = new Float64Array(d);
  let byGradient = true;
  try {
    compileFloat(gradient(objective(p), d, deadline)).eval(point, out);
  } catch (e) {
    if (!(e instanceof TimeLimitReached)) throw e;
    byGradient = false;
    out.fill(1);
  }
  const score = Array.from(out, (v, j) => (Number.isFinite(v) ? Math.abs(v) * (box.hi[j]! - box.lo[j]!) : 0));
  const order = score.map((s, j) => ({ s, j })).sort((a, b) => b.s - a.s || a.j - b.j);
  const axes = [order[0]!.j, order[1]!.j].sort((a, b) => a - b);
  const fixed = p.variables
    .map((v, j) => ({ variable: v, value: point[j]!, j }))
    .filter((q) => !axes.includes(q.j))
    .map(({ variable, value }) => ({ variable, value }));
  const why = through ? `the 2-D slice through ${through.label}` : "the 2-D slice through the domain's centre (no counterexample)";
  const rule = byGradient ? 'largest |∂f/∂x_j|·width there' : 'the widest sides: the time limit was reached before the gradient';
  return { axes, fixed, through: `${why}: ${p.variables[axes[0]!]}, ${p.variables[axes[1]!]} vary (${rule}), the others fixed`, point };
}

/** Samples `fn` (at full points) over the slice: n×n cell centres (n points for one axis). */
function sample(p: Problem, slice: { axes: number[]; point: number[] }, n: number, fn: ((x: number[]) => number) | null): Grid {
  const box = outerBox(p);
  const [a, b] = slice.axes as [number, number | undefined];
  const cells = (j: number, m: number) => Array.from({ length: m }, (_, i) => box.lo[j]! + ((i + 0.5) * (box.hi[j]! - box.lo[j]!)) / m);
  const xs = cells(a, n);
  const ys = b === undefined ? [0] : cells(b, n);
  const values = new Float64Array(xs.length * ys.length).fill(Number.NaN);
  const x = [...slice.point];
  // The plots run in the report's grace after the time limit (withGrace): a row is not started
  // past it (f on 5000 terms sampled 48×48 ran 1.8 s past the limit).
  const deadline = ambientDeadline();
  let cut = fn === null;
  for (let j = 0; j < ys.length && fn !== null; j++) {
    if (Date.now() >= deadline) {
      cut = true;
      break;
    }
    for (let i = 0; i < xs.length; i++) {
      x[a] = xs[i]!;
      if (b !== undefined) x[b] = ys[j]!;
      values[j * xs.length + i] = fn(x);
    }
  }
  return {
    axes: slice.axes,
    nx: xs.length,
    ny: ys.length,
    xs,
    ys,
    values,
    xRange: [box.lo[a]!, box.hi[a]!],
    yRange: b === undefined ? [0, 1] : [box.lo[b]!, box.hi[b]!],
    cut,
  };
}

export function fGrid(p: Problem, slice: { axes: number[]; point: number[] }, n: number): Grid {
  // Past the deadline f is not even compiled (an empty, cut grid).
  if (Date.now() >= ambientDeadline()) return sample(p, slice, n, null);
  const ev = compileFloat([objective(p)]);
  const out = new Float64Array(1);
  return sample(p, slice, n, (x) => {
    ev.eval(x, out);
    return Number.isFinite(out[0]!) ? out[0]! : NaN;
  });
}

/**
 * min_i R_i(x) of the α-β claim (float), with x_p the float-nearest point of S (or P(x)).
 * Computed f_i* and S slots enter at their midpoints: an estimate for the picture only.
 */
export function residualGrid(
  p: Problem,
  model: ProjectionModel,
  claim: Extract<Claim, { condition: 'alpha-beta' }>,
  slice: { axes: number[]; point: number[] },
  n: number,
): Grid {
  // Past the deadline the residuals are not even built (an empty, cut grid).
  if (Date.now() >= ambientDeadline()) return sample(p, slice, n, null);
  const sys = buildResiduals(p, claim, model);
  const mids = sys.slots.map((s) => (Number.isFinite(s.lo) && Number.isFinite(s.hi) ? s.lo / 2 + s.hi / 2 : Number.isFinite(s.hi) ? s.hi : s.lo));
  const cases = sys.cases.map((c) => ({
    xp: compileFloat(c.xp),
    r: compileFloat(c.residuals),
    outXp: new Float64Array(c.xp.length),
    outR: new Float64Array(c.residuals.length),
  }));
  const d = p.variables.length;
  const full = new Array<number>(d + mids.length).fill(0);
  mids.forEach((v, k) => (full[d + k] = v));
  return sample(p, slice, n, (x) => {
    for (let j = 0; j < d; j++) full[j] = x[j]!;
    let best = 0;
    if (cases.length > 1) {
      let bd = Infinity;
      cases.forEach((c, k) => {
        c.xp.eval(full, c.outXp);
        const dist = c.outXp.reduce((s, v, j) => s + (v - x[j]!) ** 2, 0);
        if (dist < bd) {
          bd = dist;
          best = k;
        }
      });
    }
    const c = cases[best]!;
    c.r.eval(full, c.outR);
    let m = Infinity;
    for (const v of c.outR) m = Math.min(m, v);
    return Number.isFinite(m) ? m : NaN;
  });
}

/** Float images P(x) of grid points that fall in the box: S as dots (for an infinite S). */
export function sampleS(p: Problem, model: ProjectionModel, slice: { axes: number[]; point: number[] }, n: number): number[][] {
  if (model.kind !== 'map') return [];
  const box = outerBox(p);
  const ev = compileFloat(model.map);
  const out = new Float64Array(model.map.length);
  const pts: number[][] = [];
  const seen = new Set<string>();
  const [a, b] = slice.axes as [number, number | undefined];
  const x = [...slice.point];
  for (let j = 0; j < (b === undefined ? 1 : n); j++) {
    for (let i = 0; i < n; i++) {
      x[a] = box.lo[a]! + ((i + 0.5) * (box.hi[a]! - box.lo[a]!)) / n;
      if (b !== undefined) x[b] = box.lo[b]! + ((j + 0.5) * (box.hi[b]! - box.lo[b]!)) / n;
      ev.eval(x, out);
      const y = Array.from(out);
      // Keep images inside the box and (for d > 2) on the slice: the fixed coordinates unchanged.
      const onSlice = y.every((v, k) =>
        slice.axes.includes(k) ? v >= box.lo[k]! && v <= box.hi[k]! : Math.abs(v - slice.point[k]!) <= 1e-9 * (box.hi[k]! - box.lo[k]! || 1),
      );
      if (!onSlice) continue;
      // One dot per cell of a 120×120 raster of the box: images of a grid crowd on S.
      const key = slice.axes.map((k) => Math.round(((y[k]! - box.lo[k]!) / (box.hi[k]! - box.lo[k]! || 1)) * 120)).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      pts.push(y);
    }
  }
  return pts.slice(0, 600);
}
