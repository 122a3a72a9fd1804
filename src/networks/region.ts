/**
 * The supported (α, β) region of a logged trajectory. For each logged constraint j (a step k
 * of a seed, or a sample of it with --per-sample)
 *   T_j(α, β) = c_j − α (f_j(x^k) − f_j(x^K)) + β (f_j(x^k) − f_j*),   f_j* := 0 (as the paper),
 * is linear in (α, β), so {(α, β): min_j T_j ≥ 0, α ≥ β + 0.1, β ≥ 0} is an intersection of
 * half-planes: a convex polygon, unbounded in the direction (1, 1) whenever every f_j(x^K) ≥ 0
 * (the monotonicity fact of DOMAIN.md §2). It is computed exactly (up to float rounding) by
 * clipping the display box with every half-plane, and its extreme points by HiGHS LPs.
 *
 * This is a statement about the logged trajectory only: supported, never certified.
 */
import { solveLp, type LinearProgram } from '../constants/lp.js';

/** a·α − b·β ≤ c. */
export interface HalfPlane {
  a: number;
  b: number;
  c: number;
}

export const GAP = 0.1;

/** The half-planes of the logged constraints (c − α(fk − fK) + β fk ≥ 0) plus α − β ≥ 0.1 and β ≥ 0. */
export function halfPlanes(c: ArrayLike<number>, fk: ArrayLike<number>, fK: ArrayLike<number>): HalfPlane[] {
  const out: HalfPlane[] = [];
  for (let j = 0; j < c.length; j++) out.push({ a: fk[j]! - fK[j]!, b: fk[j]!, c: c[j]! });
  return out;
}

const structural: HalfPlane[] = [
  { a: -1, b: -1, c: -GAP }, // −α + β ≤ −0.1
  { a: 0, b: 1, c: 0 }, // −β ≤ 0  (a·α − b·β with a = 0, b = 1)
];

/** min_j T_j(α, β) over the logged constraints. */
export function minT(hs: readonly HalfPlane[], alpha: number, beta: number): number {
  let m = Infinity;
  for (const h of hs) {
    const t = h.c - alpha * h.a + beta * h.b;
    if (t < m) m = t;
  }
  return m;
}

type P = [number, number];

/** Sutherland–Hodgman: the part of the convex polygon `poly` where a·α − b·β ≤ c. */
function clip(poly: P[], h: HalfPlane): P[] {
  const out: P[] = [];
  const s = (p: P) => h.c - (h.a * p[0] - h.b * p[1]); // ≥ 0 inside
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!;
    const q = poly[(i + 1) % poly.length]!;
    const [sp, sq] = [s(p), s(q)];
    if (sp >= 0) out.push(p);
    if (sp >= 0 !== sq >= 0) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  // drop consecutive duplicates
  return out.filter((p, i) => {
    const q = out[(i + out.length - 1) % out.length]!;
    return out.length === 1 || Math.abs(p[0] - q[0]) > 1e-12 * (1 + Math.abs(p[0])) || Math.abs(p[1] - q[1]) > 1e-12 * (1 + Math.abs(p[1]));
  });
}

/** The supported polygon inside the box [0, alphaMax] × [0, betaMax] (counter-clockwise; empty when none). */
export function supportedPolygon(hs: readonly HalfPlane[], alphaMax: number, betaMax: number): P[] {
  let poly: P[] = [
    [0, 0],
    [alphaMax, 0],
    [alphaMax, betaMax],
    [0, betaMax],
  ];
  for (const h of [...structural, ...hs]) {
    poly = clip(poly, h);
    if (poly.length === 0) break;
  }
  return poly.length >= 3 ? poly : [];
}

/** Point in a convex counter-clockwise polygon, with a signed-distance tolerance (≥ −tol counts as inside). */
export function insidePolygon(poly: readonly P[], p: P, tol = 0): boolean {
  if (poly.length < 3) return false;
  for (let i = 0; i < poly.length; i++) {
    const [u, v] = [poly[i]!, poly[(i + 1) % poly.length]!];
    const [ex, ey] = [v[0] - u[0], v[1] - u[1]];
    const len = Math.hypot(ex, ey);
    if (len === 0) continue;
    if ((ex * (p[1] - u[1]) - ey * (p[0] - u[0])) / len < -tol) return false;
  }
  return true;
}

/** Distance from p to the polygon's boundary. */
export function boundaryDistance(poly: readonly P[], p: P): number {
  let d = Infinity;
  for (let i = 0; i < poly.length; i++) {
    const [u, v] = [poly[i]!, poly[(i + 1) % poly.length]!];
    const [ex, ey] = [v[0] - u[0], v[1] - u[1]];
    const l2 = ex * ex + ey * ey;
    const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - u[0]) * ex + (p[1] - u[1]) * ey) / l2));
    d = Math.min(d, Math.hypot(p[0] - u[0] - t * ex, p[1] - u[1] - t * ey));
  }
  return d;
}

export interface Extreme {
  alpha: number;
  beta: number;
}

export interface RegionLp {
  status: 'optimal' | 'infeasible' | 'error';
  /** Smallest supported α, and the smallest β that goes with it. */
  minAlpha: Extreme | null;
  /** Smallest supported β, and the smallest α that goes with it. */
  minBeta: Extreme | null;
  /** Smallest supported α − β. */
  minGap: Extreme | null;
  solver: 'highs';
}

function lp(hs: readonly HalfPlane[], obj: Record<string, number>, extra: LinearProgram['rows'] = []): LinearProgram {
  return {
    variables: [
      { name: 'alpha', lo: 0 },
      { name: 'beta', lo: 0 },
    ],
    sense: 'min',
    objective: obj,
    rows: [
      { coef: { alpha: 1, beta: -1 }, op: '>=', rhs: GAP },
      ...hs.map((h) => ({ coef: { alpha: h.a, beta: -h.b }, op: '<=' as const, rhs: h.c })),
      ...extra,
    ],
  };
}

/** Lexicographic minimum: first `first`, then `second` with `first` held at its optimum. */
async function lexMin(
  hs: readonly HalfPlane[],
  first: Record<string, number>,
  second: Record<string, number>,
): Promise<{ status: RegionLp['status']; x?: Extreme }> {
  const r1 = await solveLp(lp(hs, first));
  if (r1.status === 'infeasible') return { status: 'infeasible' };
  if (r1.status !== 'optimal') return { status: 'error' };
  const cap = r1.value + 1e-9 * Math.max(1, Math.abs(r1.value));
  const r2 = await solveLp(lp(hs, second, [{ coef: first, op: '<=', rhs: cap }]));
  const x = { ...(r2.status === 'optimal' ? r2.x : r1.x) };
  // Report the first objective at its optimum (the second LP may sit up to the cap above it).
  const keys = Object.keys(first);
  if (keys.length === 1) x[keys[0]!] = r1.x[keys[0]!]!;
  return { status: 'optimal', x: { alpha: x.alpha!, beta: x.beta! } };
}

/** Extreme points of the supported region by LP (HiGHS), over every constraint given. */
export async function regionLp(hs: readonly HalfPlane[]): Promise<RegionLp> {
  const a = await lexMin(hs, { alpha: 1 }, { beta: 1 });
  if (a.status !== 'optimal') return { status: a.status, minAlpha: null, minBeta: null, minGap: null, solver: 'highs' };
  const b = await lexMin(hs, { beta: 1 }, { alpha: 1 });
  const g = await lexMin(hs, { alpha: 1, beta: -1 }, { alpha: 1 });
  return { status: 'optimal', minAlpha: a.x!, minBeta: b.x ?? null, minGap: g.x ?? null, solver: 'highs' };
}

/** A round number ≥ x (1, 2, 2.5, 5 × 10^k). */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= x * (1 - 1e-12)) return m * e;
  return 10 * e;
}

export interface HeatMap {
  alpha: number[];
  beta: number[];
  /** minT[j][i] at (alpha[i], beta[j]); null where α < β + 0.1 (not shown, as in the paper). */
  minT: (number | null)[][];
}

export function heatMap(hs: readonly HalfPlane[], alphaMax: number, betaMax: number, n: number): HeatMap {
  const alpha = Array.from({ length: n }, (_, i) => (alphaMax * i) / (n - 1));
  const beta = Array.from({ length: n }, (_, j) => (betaMax * j) / (n - 1));
  const grid = beta.map((b) => alpha.map((a) => (a >= b + GAP ? minT(hs, a, b) : null)));
  return { alpha, beta, minT: grid };
}
