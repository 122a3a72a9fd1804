/**
 * Generated problems with known thin failure regions (the benchmark of issue [5]).
 *
 * f_b(x) = ‖x‖² · (1 + c·exp(−‖x − q‖²/ε²)) is ≥ 0 and vanishes only at 0, so S = {0},
 * f* = 0 and f_b* = 0 exactly, whatever q, ε, c. Divided by ‖x‖², the residuals of Aiming,
 * α-β and PL are a positive constant plus a bump term that dips below 0 on one side of q once
 * c is large enough. c is tuned (bisection) so that the set where the residual is negative
 * is a tiny ball-like region of mean radius `radius` (2e-3 … 8e-3) at a random position.
 */
import { rng } from '../../src/engine/index.js';

export interface ThinProblem {
  /** The problem file (contract §1) as an object. */
  readonly spec: Record<string, unknown>;
  readonly condition: 'aiming' | 'alpha-beta' | 'pl';
  readonly constants: Record<string, string>;
  /** Centre (the minimum of the residual) and mean radius of the failure region, measured in floats. */
  readonly centre: number[];
  readonly radius: number;
  /** The index of the term that fails (α-β). */
  readonly term: number;
  readonly dim: number;
}

type Vec = number[];
const dot = (a: Vec, b: Vec) => a.reduce((s, v, j) => s + v * b[j]!, 0);

/** The residual divided by ‖x‖² (same sign), in floats, for the generator only. */
function normalizedResidual(kind: ThinProblem['condition'], k: number, q: Vec, eps: number, c: number): (x: Vec) => number {
  return (x) => {
    const u = x.map((v, j) => v - q[j]!);
    const E = Math.exp(-dot(u, u) / eps ** 2);
    const g = 1 + c * E;
    const gradG = u.map((v) => (-2 * c * E * v) / eps ** 2);
    const r2 = dot(x, x);
    if (kind === 'pl') {
      // (‖∇f‖² − 2μ f)/r² with ∇f = 2 x g + r² ∇g
      const grad = x.map((v, j) => 2 * v * g + r2 * gradG[j]!);
      return (dot(grad, grad) - 2 * k * r2 * g) / r2;
    }
    // (⟨∇f, x⟩ − κ' f)/r² = (2 − κ') g + ⟨∇g, x⟩   (κ' = θ, or α − β)
    return (2 - k) * g + dot(gradG, x);
  };
}

/** A local minimum of h near q (multi-start compass search in floats). */
function localMin(h: (x: Vec) => number, q: Vec, eps: number): { x: Vec; v: number } {
  let best = { x: q, v: h(q) };
  const d = q.length;
  const starts: Vec[] = [q];
  for (let a = 0; a < 8; a++) starts.push(q.map((v, j) => v + 1.2 * eps * Math.cos(a + j * 1.7) * (j % 2 ? Math.sin(a) : 1)));
  for (const s of starts) {
    let x = s;
    let v = h(x);
    let step = eps / 2;
    while (step > eps * 1e-7) {
      let moved = false;
      for (let j = 0; j < d; j++)
        for (const sg of [1, -1]) {
          const y = [...x];
          y[j] = y[j]! + sg * step;
          const vy = h(y);
          if (vy < v) {
            x = y;
            v = vy;
            moved = true;
          }
        }
      if (!moved) step /= 2;
    }
    if (v < best.v) best = { x, v };
  }
  return best;
}

/** Mean distance from m to the boundary of {h < 0} along fixed directions (0 when h(m) ≥ 0). */
function meanRadius(h: (x: Vec) => number, m: Vec, eps: number): number {
  if (!(h(m) < 0)) return 0;
  const d = m.length;
  const dirs: Vec[] = [];
  for (let a = 0; a < 24; a++) {
    const v = Array.from({ length: d }, (_, j) => Math.sin(a * 2.399 + j * 1.3) + (j === a % d ? 0.5 : 0));
    const n = Math.hypot(...v);
    dirs.push(v.map((c) => c / n));
  }
  let sum = 0;
  for (const dir of dirs) {
    let lo = 0;
    let hi = eps;
    for (let i = 0; i < 50; i++) {
      const t = (lo + hi) / 2;
      if (h(m.map((v, j) => v + t * dir[j]!)) < 0) lo = t;
      else hi = t;
    }
    sum += lo;
  }
  return sum / dirs.length;
}

const fix = (v: number, digits = 6) => Number(v.toPrecision(digits));

/** The k-th benchmark problem (deterministic in `seed`). */
export function thinProblem(k: number, seed = 20240605): ThinProblem {
  const random = rng(seed + 7919 * k);
  const dim = k % 3 === 2 ? 3 : 2;
  const kind: ThinProblem['condition'] = (['aiming', 'alpha-beta', 'pl'] as const)[(k + Math.floor(k / 3)) % 3]!;
  const names = ['x', 'y', 'z'].slice(0, dim);
  const lo = names.map(() => -fix(0.5 + random(), 2));
  const hi = names.map(() => fix(0.5 + random(), 2));
  let q: Vec;
  do q = names.map((_, j) => fix(lo[j]! + 0.2 + random() * (hi[j]! - lo[j]! - 0.4), 4));
  while (Math.hypot(...q) < 0.35);
  const eps = fix(0.04 + 0.04 * random(), 2);
  const target = 2e-3 + 6e-3 * random();
  // The constant: θ or α − β in [0.5, 1.5] (so 2 − it > 0), μ in [0.5, 1.5].
  const kk = fix(0.5 + random(), 2);
  const at = (c: number) => {
    const h = normalizedResidual(kind, kk, q, eps, c);
    const m = localMin(h, q, eps);
    return { h, m, r: meanRadius(h, m.x, eps) };
  };
  // Bisection on c: the region grows with c.
  let cLo = 0;
  let cHi = 0.05;
  while (at(cHi).r < target && cHi < 1e6) cHi *= 2;
  for (let i = 0; i < 60; i++) {
    const cm = (cLo + cHi) / 2;
    if (at(cm).r < target) cLo = cm;
    else cHi = cm;
  }
  const c = fix(cHi, 8);
  const final = at(c);
  const sq = names.map((n) => `${n}^2`).join(' + ');
  const dist = names.map((n, j) => `(${n} - (${q[j]}))^2`).join(' + ');
  const bump = `(${sq}) * (1 + ${c} * exp(-(${dist}) / ${fix(eps * eps, 8)}))`;
  // α-β: a second, harmless term (⟨∇q,x⟩ = 2q for a quadratic form, so its residual is (2 − α + β) q ≥ 0); the bump term's place varies.
  const other = names.map((n, j) => `${j + 1}*${n}^2`).join(' + ');
  const term = kind === 'alpha-beta' ? k % 2 : 0;
  const terms = kind === 'alpha-beta' ? (term === 0 ? [bump, other] : [other, bump]) : [bump];
  const spec = {
    name: `thin-${k}`,
    variables: names,
    terms,
    domain: Object.fromEntries(names.map((n, j) => [n, [lo[j], hi[j]]])),
    minimizers: { points: [names.map(() => 0)] },
    fstar: 0,
    termMinima: terms.map(() => 0),
  };
  const constants: Record<string, string> =
    kind === 'aiming' ? { theta: String(kk) } : kind === 'pl' ? { mu: String(kk) } : { alpha: String(fix(kk + 0.5, 3)), beta: '0.5' };
  return { spec, condition: kind, constants, centre: final.m.x, radius: final.r, term, dim };
}
