import type { Box } from '../box.js';
import { rng } from '../rng.js';
import { invert, matVec } from './linalg.js';
import type { SmoothModel } from './model.js';

/**
 * Float search helpers (NOT rigorous): seeded start points and local Newton iterations that
 * only propose candidates; the proofs are made afterwards with interval arithmetic.
 */

/** The engine's seeded generator (mulberry32), under the name this folder uses. */
export const seededRandom = rng;

/** `count` points in the box: the cell centres of a k^d grid (k = ⌊count^{1/d}⌋ ≥ 2), then seeded random points. */
export function startPoints(domain: Box, count: number, seed: number): number[][] {
  const d = domain.lo.length;
  const pts: number[][] = [];
  const k = Math.floor(count ** (1 / d) + 1e-9);
  if (k >= 2) {
    const idx = new Array<number>(d).fill(0);
    for (let n = 0; n < k ** d; n++) {
      pts.push(idx.map((i, j) => domain.lo[j]! + ((i + 0.5) / k) * (domain.hi[j]! - domain.lo[j]!)));
      for (let j = 0; j < d && ++idx[j]! === k; j++) idx[j] = 0;
    }
  }
  const rand = seededRandom(seed);
  while (pts.length < count) pts.push(domain.lo.map((l, j) => l + rand() * (domain.hi[j]! - l)));
  return pts;
}

const clamp = (x: number[], b: Box) => x.map((v, j) => Math.min(b.hi[j]!, Math.max(b.lo[j]!, v)));
const norm2 = (v: ArrayLike<number>, from = 0) => {
  let s = 0;
  for (let i = from; i < v.length; i++) s += v[i]! ** 2;
  return s;
};

/**
 * Newton's method on ∇f = 0 with backtracking on ‖∇f‖², iterates clamped to the domain;
 * falls back to the direction −H∇f (steepest descent of ½‖∇f‖²) when the Newton step fails.
 * Steps are scaled so that |s_j| ≤ radius[j] (keeps a start near its own basin, so a grid of
 * starts finds more distinct stationary points). Returns the last iterate (maybe not stationary).
 */
export function newtonStationary(m: SmoothModel, x0: readonly number[], domain: Box, radius?: readonly number[], iters = 80): number[] {
  const d = m.dim;
  let x = [...x0];
  const fg = m.floatFG(x);
  let phi = norm2(fg, 1);
  for (let it = 0; it < iters && phi > 0 && Number.isFinite(phi); it++) {
    const g = fg.slice(1);
    const H = m.floatHess(x);
    const Hi = invert(H, d);
    const dirs: Float64Array[] = [];
    if (Hi) dirs.push(matVec(Hi, g, d).map((v) => -v));
    dirs.push(matVec(H, g, d).map((v) => -v));
    let moved = false;
    for (const s of dirs) {
      if (radius) {
        const r = Math.max(...s.map((v, j) => Math.abs(v) / radius[j]!));
        if (r > 1) s.forEach((v, j) => (s[j] = v / r));
      }
      for (let t = 1; t > 1e-6 && !moved; t /= 2) {
        const y = clamp(
          x.map((v, j) => v + t * s[j]!),
          domain,
        );
        const phiY = norm2(m.floatFG(y, fg), 1);
        if (phiY < phi) {
          x = y;
          phi = phiY;
          moved = true;
        }
      }
      if (moved) break;
    }
    if (!moved) break;
  }
  return x;
}

/**
 * Local minimization of f over the box: Newton steps when the Hessian gives a descent
 * direction, otherwise gradient steps, with Armijo backtracking and clamping to the box.
 */
export function localMinimize(m: SmoothModel, x0: readonly number[], domain: Box, iters = 60): { x: number[]; f: number } {
  const d = m.dim;
  let x = [...x0];
  const fg = m.floatFG(x);
  let fx = fg[0]!;
  for (let it = 0; it < iters && Number.isFinite(fx); it++) {
    const g = fg.slice(1);
    const gg = norm2(g);
    if (gg === 0) break;
    const Hi = invert(m.floatHess(x), d);
    const dirs: Float64Array[] = [];
    if (Hi) {
      const s = matVec(Hi, g, d).map((v) => -v);
      if (s.reduce((a, v, j) => a + v * g[j]!, 0) < 0) dirs.push(s);
    }
    const w = Math.max(...domain.hi.map((h, j) => h - domain.lo[j]!), 1e-300);
    dirs.push(g.map((v) => (-v * w) / Math.sqrt(gg)));
    let moved = false;
    for (const s of dirs) {
      const slope = s.reduce((a, v, j) => a + v * g[j]!, 0);
      for (let t = 1; t > 1e-10 && !moved; t /= 2) {
        const y = clamp(
          x.map((v, j) => v + t * s[j]!),
          domain,
        );
        m.floatFG(y, fg);
        if (fg[0]! < fx + 1e-4 * t * slope || (fg[0]! < fx && t < 1e-3)) {
          x = y;
          fx = fg[0]!;
          moved = true;
        }
      }
      if (moved) break;
    }
    if (!moved) break;
  }
  m.floatFG(x, fg);
  return { x, f: fg[0]! };
}
