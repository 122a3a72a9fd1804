import type { Expr } from '../../expr/index.js';
import type { Box } from '../box.js';
import { classifyHessian, type StationaryKind } from './classify.js';
import { proveUniqueZero } from './krawczyk.js';
import { newtonStationary, startPoints } from './local.js';
import { SmoothModel } from './model.js';
import { ambientDeadline } from '../budget.js';

/**
 * A proved non-global stationary point: `box` holds exactly one zero of ∇f (Krawczyk), lies
 * inside the domain, f is smooth on it, and f > fstar.hi ≥ f* on all of it.
 */
export interface StationaryProof {
  /** A small box proved to contain exactly one stationary point of f. */
  readonly box: Box;
  /** A float approximation of that point (not rigorous). */
  readonly point: number[];
  /** Rigorous enclosure [lo, hi] of f over `box`; lo > fstar.hi proves the point is not a global minimizer. */
  readonly fEnclosure: [number, number];
  /** Curvature type from the interval Hessian on `box` ('unknown' when undecided). */
  readonly kind: StationaryKind;
}

/** Options of {@link findNonGlobalStationaryPoint}. */
export interface StationaryOptions {
  /** Seed of the random start points (results are deterministic for a seed). */
  readonly seed: number;
  /** Number of Newton starts (default 64: an 8×8 grid in 2-D, then random points). */
  readonly starts?: number;
}

const inside = (X: Box, D: Box) => X.lo.every((l, j) => l >= D.lo[j]! && X.hi[j]! <= D.hi[j]!);

/**
 * Looks for a stationary point of f in `domain` that is provably not a global minimizer: one
 * such point refutes PL and Aiming for every constant (DOMAIN §2). Candidates come from seeded
 * Newton runs on ∇f = 0 (float, heuristic); each is then proved with the Krawczyk operator on
 * an epsilon-inflated box (outward-rounded interval arithmetic on ∇f and the interval
 * Hessian), and kept only if f's interval enclosure on the proved box has lo > fstar.hi.
 *
 * Soundness: `fstar.hi` must be an upper bound of f* (an f value at any point is one); only
 * `fstar.hi` is used. Every returned proof is rigorous (smoothness of f on the box is checked
 * through its kink guards; the box lies inside `domain`). `null` proves nothing: it means no
 * proof was found (e.g. x⁴, whose only stationary point is the global minimizer).
 */
export function findNonGlobalStationaryPoint(
  f: Expr,
  dim: number,
  domain: Box,
  fstar: { lo: number; hi: number },
  opts: StationaryOptions,
): StationaryProof | null {
  const m = SmoothModel.within(f, dim);
  return m ? findWithModel(m, domain, fstar.hi, opts) : null; // no model in time: nothing found
}

/** {@link findNonGlobalStationaryPoint} on an already compiled model (same contract). */
export function findWithModel(m: SmoothModel, domain: Box, fstarHi: number, opts: StationaryOptions): StationaryProof | null {
  const d = m.dim;
  const scale = domain.lo.map((l, j) => Math.max(domain.hi[j]! - l, 1e-300));
  const fg = new Float64Array(d + 1);
  const cands: { x: number[]; f: number }[] = [];
  const starts = opts.starts ?? 64;
  const radius = scale.map((w) => w / (2 * Math.max(1, Math.floor(starts ** (1 / d)))));
  // The domain's centre first: symmetric problems (matrix factorization, networks at 0) often have a saddle there.
  const centre = domain.lo.map((l, j) => l / 2 + domain.hi[j]! / 2);
  // The command's --time-limit: past it no more starts or proofs are tried (nothing found, never a proof).
  const deadline = ambientDeadline();
  for (const x0 of [centre, ...startPoints(domain, starts, opts.seed)]) {
    if (Date.now() >= deadline) return null;
    const x = newtonStationary(m, x0, domain, radius);
    m.floatFG(x, fg);
    if (!Number.isFinite(fg[0]!) || !(fg[0]! > fstarHi)) continue;
    if (cands.some((c) => c.x.every((v, j) => Math.abs(v - x[j]!) <= 1e-6 * scale[j]!))) continue;
    cands.push({ x, f: fg[0]! });
  }
  cands.sort((a, b) => b.f - a.f);
  const proved: Box[] = [];
  const admissible = (X: Box) => inside(X, domain) && m.isRegular(X);
  for (const { x } of cands) {
    if (Date.now() >= deadline) return null;
    if (proved.some((B) => x.every((v, j) => B.lo[j]! <= v && v <= B.hi[j]!))) continue;
    const res = proveStationaryNear(m, x, scale, admissible);
    if (!res) continue;
    proved.push(res.outer);
    const enc = m.fBox(res.box);
    if (enc.lo > fstarHi) return { box: res.box, point: res.point, fEnclosure: [enc.lo, enc.hi], kind: classifyHessian(m.hess, res.box) };
  }
  return null;
}

/**
 * Krawczyk around a float candidate x: boxes of relative radius 1e-10 … 1e-4 (of `scale`)
 * until one proves exactly one zero of ∇f (`outer`), tightened to `box`; `point` is a float
 * inside `box`. Null when none does. `admissible` must certify smoothness on every box tried.
 */
export function proveStationaryNear(
  m: SmoothModel,
  x: readonly number[],
  scale: readonly number[],
  admissible: (X: Box) => boolean,
): { outer: Box; box: Box; point: number[] } | null {
  for (const r of [1e-10, 1e-8, 1e-6, 1e-4]) {
    const X0: Box = { lo: x.map((v, j) => v - r * scale[j]!), hi: x.map((v, j) => v + r * scale[j]!) };
    const res = proveUniqueZero(m.grad, m.hess, X0, admissible);
    if (!res) continue;
    const point = res.box.lo.map((l, j) => Math.min(res.box.hi[j]!, Math.max(l, l / 2 + res.box.hi[j]! / 2)));
    return { ...res, point };
  }
  return null;
}
