import type { Expr } from '../../expr/index.js';
import { kernel } from '../../interval/index.js';
import { maxWidth, midpoint, type Box } from '../box.js';
import { MinHeap } from '../heap.js';
import { classifyHessian } from './classify.js';
import { ambientDeadline } from '../budget.js';
import { krawczykStep, tightenZero } from './krawczyk.js';
import { localMinimize, startPoints } from './local.js';
import { SmoothModel } from './model.js';
import { settleClusters, type FinalBox, type IsolatedMinimizer } from './cluster.js';

export type { IsolatedMinimizer } from './cluster.js';

/** Options of {@link globalMinimize}. */
export interface GlobalMinOptions {
  /** Most boxes processed before the search stops (then `complete` is false). */
  readonly maxBoxes: number;
  /** Boxes whose every side is ≤ tol are not split further (absolute, in x units). */
  readonly tol: number;
  /** Seed and number of local searches that seed the upper bound (defaults 1 and 16). */
  readonly seed?: number;
  readonly starts?: number;
  /**
   * A box inside the exact domain X (X itself lies between it and the box searched, whose
   * bounds may be float enclosures of irrational ones). Defaults to the box searched. Only
   * minimizers in its interior are reported as 'stationary', and `fstar[1]` bounds min f
   * over X from above only from points of this box (see GlobalMinResult).
   */
  readonly inner?: Box;
}

/**
 * The minimum of f over the box X (not over R^d: min over the box ≥ inf over R^d, so
 * `fstar[1]` is an upper bound of the global infimum, while `fstar[0]` bounds only the box
 * minimum from below). Callers must say "computed on the box". X is any set between
 * `opts.inner` and the box searched (`domain`, the outer float box).
 */
export interface GlobalMinResult {
  /**
   * Rigorous enclosure [lo, hi] of min_{x ∈ X} f(x): lo ≤ min over the outer box ≤ min over X;
   * hi is f's upper bound at a point of the inner box ⊆ X (never at a point of the outer box
   * that may lie outside X, whose value can be below min over X): +∞ when none was evaluated.
   */
  readonly fstar: [number, number];
  /**
   * Hulls of the clusters of touching candidate boxes (clusters are disjoint, hulls may overlap);
   * together they hold every minimizer of f over the box.
   */
  readonly candidates: Box[];
  /** `isolated[i]` refines `candidates[i]`: see {@link IsolatedMinimizer}. */
  readonly isolated: IsolatedMinimizer[];
  /** True when every box was settled within `maxBoxes` (else leftover boxes are candidates; none when the deadline stopped the search). */
  readonly complete: boolean;
  /** Boxes processed. */
  readonly boxes: number;
}

interface Node extends FinalBox {
  readonly smooth: boolean;
}

/**
 * Interval branch and bound for the minimum of f over the box `domain` (auto S). The result is
 * about the box, not R^d: its minimum is an upper bound of the global infimum, and its
 * minimizers are the global ones only if those lie in the box. Soundness: a box is discarded
 * only if (a) its lower bound (natural extension, or the mean value form f(c) + ∇f(B)·(B − c)
 * when f is smooth on B) exceeds an upper bound U of the minimum (U = rigorous interval value
 * of f at a point of the box); (b) f is smooth on it and ∂f/∂x_j > 0 with B's lower j-face
 * inside the domain (a minimizer in B would need ∂f/∂x_j ≤ 0 there; on the domain's face the
 * box is reduced to that face instead), or symmetrically for < 0; (c) it lies in the domain's
 * interior, f is smooth on it, and Krawczyk proves it holds no stationary point, or exactly
 * one which the interval Hessian proves a saddle or local max. An interior box with a unique
 * stationary point z stops there, with lower bound f(K).lo (any interior minimizer in it is z).
 */
export function globalMinimize(f: Expr, dim: number, domain: Box, opts: GlobalMinOptions): GlobalMinResult {
  const m = SmoothModel.within(f, dim);
  // No model before the time limit: nothing is pinned down, as when the search itself runs out of time.
  return m ? minimizeModel(m, domain, opts) : { fstar: [-Infinity, Infinity], candidates: [], isolated: [], complete: false, boxes: 0 };
}

/** {@link globalMinimize} on an already compiled model (same contract). */
export function minimizeModel(m: SmoothModel, domain: Box, opts: GlobalMinOptions): GlobalMinResult {
  const d = m.dim;
  const lo = new Float64Array(d + 1);
  const hi = new Float64Array(d + 1);
  const inner = opts.inner ?? domain;
  // U: upper bound of the minimum over the outer box (prunes: a box with f > U holds no
  // minimizer over the outer box). Uin: the same from points of the inner box only, so an
  // upper bound of the minimum over X too (what callers may use as "f* ≤ Uin").
  let U = Infinity;
  let Uin = Infinity;
  const noteUpper = (x: Box, v: number) => {
    if (v < U) U = v;
    if (v < Uin && x.lo.every((l, j) => l >= inner.lo[j]! && x.hi[j]! <= inner.hi[j]!)) Uin = v;
  };
  const upper = (x: readonly number[]) => {
    m.fg.eval(x, x, lo, hi);
    noteUpper({ lo: x, hi: x }, hi[0]!);
    return lo[0]!;
  };
  for (const x0 of startPoints(domain, opts.starts ?? 16, opts.seed ?? 1)) upper(localMinimize(m, x0, domain).x);

  const assess = (B0: Box): Node | null => {
    let B = B0;
    for (;;) {
      m.fg.eval(B.lo, B.hi, lo, hi);
      let lb = lo[0]!;
      const smooth = Number.isFinite(lb) && Number.isFinite(hi[0]!) && m.isSmooth(B);
      if (!smooth) return lb > U ? null : { box: B, lb, smooth };
      const g = Array.from({ length: d }, (_, j) => [lo[j + 1]!, hi[j + 1]!] as const);
      let face: Box | null = null;
      for (let j = 0; j < d && !face; j++) {
        const [gl, gh] = g[j]!;
        const at = gl > 0 ? B.lo[j]! : gh < 0 ? B.hi[j]! : NaN;
        if (at !== at) continue;
        if (at !== (gl > 0 ? domain.lo[j]! : domain.hi[j]!)) return null;
        if (B.lo[j] !== B.hi[j]) face = { lo: B.lo.map((v, k) => (k === j ? at : v)), hi: B.hi.map((v, k) => (k === j ? at : v)) };
      }
      if (face) {
        B = face;
        continue;
      }
      const c = midpoint(B);
      let ml = upper(c);
      for (let j = 0; j < d; j++) {
        kernel.sub(B.lo[j]!, B.hi[j]!, c[j]!, c[j]!);
        kernel.mul(g[j]![0], g[j]![1], kernel.OUT[0]!, kernel.OUT[1]!);
        kernel.add(ml, ml, kernel.OUT[0]!, kernel.OUT[1]!);
        ml = kernel.OUT[0]!;
      }
      if (ml > lb) lb = ml;
      return lb > U ? null : { box: B, lb, smooth };
    }
  };

  const heap = new MinHeap<Node>();
  const done: FinalBox[] = [];
  const root = assess(domain);
  if (root) heap.push(root.lb, root);
  let boxes = 0;
  // The caller's time limit (the ambient deadline of --time-limit) stops the search like maxBoxes.
  const deadline = ambientDeadline();
  let outOfTime = false;
  while (heap.size > 0 && boxes < opts.maxBoxes) {
    if ((boxes & 15) === 0 && Date.now() > deadline) {
      outOfTime = true;
      break;
    }
    const n = heap.pop()!;
    boxes++;
    if (n.lb > U) continue;
    const B = n.box;
    if (n.smooth && B.lo.every((l, j) => l > domain.lo[j]! && B.hi[j]! < domain.hi[j]!)) {
      const { status, K } = krawczykStep(m.grad, m.hess, B);
      if (status === 'none') continue;
      if (status === 'unique' && K) {
        const Kt = tightenZero(m.grad, m.hess, K);
        const kind = classifyHessian(m.hess, Kt);
        if (kind === 'saddle' || kind === 'local-max') continue;
        m.fg.eval(Kt.lo, Kt.hi, lo, hi);
        noteUpper(Kt, hi[0]!);
        done.push({ box: B, lb: Math.max(n.lb, lo[0]!), zero: Kt });
        continue;
      }
    }
    if (maxWidth(B) <= opts.tol) {
      done.push(n);
      continue;
    }
    let j = 0;
    let best = -1;
    for (let k = 0; k < d; k++) {
      const w = (B.hi[k]! - B.lo[k]!) / Math.max(domain.hi[k]! - domain.lo[k]!, 1e-300);
      if (w > best) [best, j] = [w, k];
    }
    // Split slightly off the middle so that "round" stationary points rarely sit on a face.
    const at = B.lo[j]! + 0.4941 * (B.hi[j]! - B.lo[j]!);
    if (!(at > B.lo[j]! && at < B.hi[j]!)) {
      done.push(n); // too narrow to split in doubles
      continue;
    }
    for (const [l, h] of [
      [B.lo[j]!, at],
      [at, B.hi[j]!],
    ] as const) {
      const child = assess({ lo: B.lo.map((v, k) => (k === j ? l : v)), hi: B.hi.map((v, k) => (k === j ? h : v)) });
      if (child) heap.push(child.lb, child);
    }
  }
  const complete = heap.size === 0;
  for (const n of heap.values()) done.push(n);
  // Settling the clusters (a local minimization each) is not started past the deadline either: the
  // box budget ran out just before it on a ReLU network, and it took a second more.
  if (Date.now() > deadline) outOfTime = true;
  if (outOfTime) {
    // No time to settle the candidate regions: nothing is pinned down (complete is false). Every
    // minimizer over the outer box lies in a box left (pruned boxes have lb > U ≥ the minimum), so
    // the least lb left is a lower bound of the minimum; Uin stays an upper bound (from points).
    const fLo = done.reduce((a, n) => Math.min(a, n.lb), U);
    return { fstar: [Number.isNaN(fLo) ? -Infinity : fLo, Uin], candidates: [], isolated: [], complete: false, boxes };
  }
  const settled = settleClusters(m, { outer: domain, inner }, done, U, (x) => {
    const y = localMinimize(m, x, domain).x;
    m.fg.eval(y, y, lo, hi);
    noteUpper({ lo: y, hi: y }, hi[0]!);
    return { x: y, hi: hi[0]! };
  });
  for (const c of settled.clusters) if (c.isolated.status === 'stationary') noteUpper(c.isolated.box, c.upper);
  if (settled.U < U) U = settled.U;
  const fLo = settled.clusters.length ? Math.min(...settled.clusters.map((c) => c.lb)) : U;
  return {
    fstar: [Number.isNaN(fLo) ? -Infinity : Math.min(fLo, U), Uin],
    candidates: settled.clusters.map((c) => c.hull),
    isolated: settled.clusters.map((c) => c.isolated),
    complete,
    boxes,
  };
}
