import type { ProjectionModel } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { ambientDeadline, rng, type Box } from '../engine/constantsKit.js';
import type { Problem } from '../problem/index.js';
import { Family } from './family.js';
import { patternSearch } from '../engine/constantsKit.js';
import { clip, type HalfPlane, type Pt } from './polygon.js';

/** A verified necessary half-plane: every valid (α, β) with α, β ≥ 0 has α·a − β·b ≤ c; `x` is the witness. */
export interface PointPlane extends HalfPlane {
  readonly x: readonly number[];
  readonly term: number;
}

/**
 * Necessary constraints on (α, β) from points. At x with one nearest point, each term gives
 * α·a(x) − β·b(x) ≤ c(x) (a = f_i(x) − f_i(x_p), b = f_i(x) − f_i*, c = ⟨∇f_i(x), x − x_p⟩).
 * With rigorous enclosures at x, α·a_lo − β·b_hi ≤ α·a − β·b ≤ c ≤ c_hi for α, β ≥ 0: the
 * half-plane α·a_lo − β·b_hi ≤ c_hi holds for every valid pair, so a pair outside it is
 * refuted at x. The enclosures come from two families through (0, 0): along α (G = a,
 * R0 = c) and along β (G = −b).
 */
export class PlaneOuter {
  readonly planes: PointPlane[] = [];
  private readonly fa: Family;
  private readonly fb: Family;
  private readonly buf: Float64Array;
  private readonly samples: number[][];

  /** The longest rigorous evaluation of addPoint so far (ms): cut() starts none that would end past its deadline. */
  private addMs = 0;

  constructor(
    p: Problem,
    model: ProjectionModel,
    private readonly boxes: { outer: Box; inner: Box },
    seed: number,
    sampleCount: number,
  ) {
    const z = Rational.ZERO;
    this.fa = new Family(p, model, { kind: 'line', base: [z, z], dir: [Rational.ONE, z] }, 0, boxes);
    this.fb = new Family(p, model, { kind: 'line', base: [z, z], dir: [z, Rational.ONE] }, 0, boxes);
    this.buf = new Float64Array(2 * this.fa.K);
    const dom = boxes.outer;
    const random = rng(seed ^ 0x91a7e);
    this.samples = [dom.lo.map((l, j) => l + (dom.hi[j]! - l) / 2)];
    for (let k = 0; k < Math.min(2 ** dom.lo.length, 64); k++) this.samples.push(dom.lo.map((l, j) => ((k >> j) & 1 ? dom.hi[j]! : l)));
    for (let k = 0; k < sampleCount; k++) this.samples.push(dom.lo.map((l, j) => l + random() * (dom.hi[j]! - l)));
  }

  /** Adds the rigorous half-planes of x (none when x has a Voronoi tie, a kink, or lies outside). */
  addPoint(x: readonly number[]): number {
    const t0 = Date.now();
    const A = this.fa.atPoint(x);
    const B = this.fb.atPoint(x);
    this.addMs = Math.max(this.addMs, Date.now() - t0);
    if (!A || !B || A.case !== B.case) return 0;
    let n = 0;
    for (let k = 0; k < this.fa.K; k++) {
      const h = { a: A.gLo[k]!, b: -B.gLo[k]!, c: A.r0Hi[k]! };
      if (!(Number.isFinite(h.a) && Number.isFinite(h.b) && Number.isFinite(h.c))) continue;
      if (h.a <= 0 && h.b >= 0 && h.c >= 0) continue; // never binds for α, β ≥ 0
      this.planes.push({ ...h, x: [...x], term: k });
      n++;
    }
    return n;
  }

  /** Float residual min over terms of c − α·a + β·b at x (NOT rigorous: for the search). */
  private residual(x: readonly number[], alpha: number, beta: number): number {
    const K = this.fa.K;
    const c = this.fa.nearestCase(x);
    this.fa.floatAt(c, x, this.buf);
    const a = this.buf.slice(K);
    this.fb.floatAt(c, x, this.buf);
    let m = Infinity;
    for (let k = 0; k < K; k++) {
      const r = this.buf[k]! - alpha * a[k]! - beta * this.buf[K + k]!;
      if (Number.isFinite(r)) m = Math.min(m, r);
    }
    return m;
  }

  /**
   * Looks for points where (α, β) fails (float search: samples, then pattern search from the
   * best few) and adds their verified half-planes. Returns how many half-planes were added.
   */
  cut(alpha: number, beta: number, starts = 4): number {
    // Not past the command's deadline: scoring the samples alone took 0.5 s with S given by equations.
    const deadline = ambientDeadline();
    const scored: { x: number[]; v: number }[] = [];
    for (const x of this.samples) {
      if (Date.now() >= deadline) return 0;
      scored.push({ x, v: this.residual(x, alpha, beta) });
    }
    scored.sort((p, q) => p.v - q.v);
    let added = 0;
    for (const { x } of scored.slice(0, starts)) {
      // Each start ends in a rigorous evaluation (addPoint), up to 0.5 s with S given by equations.
      if (Date.now() >= deadline) break;
      const y = patternSearch((z) => this.residual(z, alpha, beta), x, this.boxes.outer, 200);
      // No rigorous evaluation that would end past the deadline (the longest one so far as the
      // estimate; a half-plane not added only leaves the outer region larger): with S given by
      // equations one takes 0.1-0.3 s, and ran 0.2-1.1 s past the limit on Example 4 3x3.
      if (Date.now() + this.addMs >= deadline) break;
      if (this.residual(y, alpha, beta) < 0) added += this.addPoint(y);
    }
    return added;
  }

  /** The outer polygon: `window` clipped by every half-plane (floats, for display and search). */
  polygon(window: readonly Pt[]): Pt[] {
    let poly = [...window];
    for (const h of this.planes) if (poly.length) poly = clip(poly, h);
    return poly;
  }

  /**
   * Cutting-plane rounds: cut at the vertices of the current outer polygon (at most
   * MAX_CUTS_PER_ROUND of them, evenly spread), then drop the half-planes that no longer touch
   * the polygon. Stops at `deadline` (and the ambient deadline of the command).
   *
   * Both limits matter where the valid region has a curved boundary (least squares): every cut
   * at a vertex replaces it by several new ones, so cutting at every vertex multiplied the
   * vertices by about 4 per round (7270 vertices and 50 000 half-planes after six rounds), and
   * clipping the window by every half-plane cost O(half-planes × vertices): minutes, with no
   * time check (issue [8]: `constants --time-limit 10` still running after 60 s).
   */
  refine(window: readonly Pt[], rounds: number, deadline = Infinity): Pt[] {
    const stopAt = Math.min(deadline, ambientDeadline());
    for (let r = 0; r < rounds && Date.now() <= stopAt; r++) {
      const poly = this.polygon(window);
      let added = 0;
      for (const [a, b] of spread(poly, MAX_CUTS_PER_ROUND, r)) {
        if (Date.now() > stopAt) break;
        added += this.cut(a, b, 2);
      }
      this.prune(window);
      if (added === 0) break;
    }
    return this.polygon(window);
  }

  /**
   * Drops the half-planes that touch no vertex of the outer polygon: they are implied by the
   * others and the window, so the polygon (and every LP over the half-planes) is unchanged.
   */
  prune(window: readonly Pt[]): void {
    const poly = this.polygon(window);
    if (poly.length < 3) return;
    const keep = this.planes.filter((h) =>
      poly.some(([a, b]) => {
        const scale = Math.abs(h.a * a) + Math.abs(h.b * b) + Math.abs(h.c);
        return h.a * a - h.b * b - h.c >= -1e-9 * (scale || 1);
      }),
    );
    if (keep.length < this.planes.length) this.planes.splice(0, this.planes.length, ...keep);
  }
}

/** Most vertices cut at in one round of `refine`. */
export const MAX_CUTS_PER_ROUND = 48;

/** At most `n` of the points, evenly spread (shifted with `round` so that later rounds reach others). */
function spread<T>(pts: readonly T[], n: number, round: number): T[] {
  if (pts.length <= n) return [...pts];
  const step = pts.length / n;
  const shift = ((round * 0.618034) % 1) * step;
  const out: T[] = [];
  for (let k = 0; k < n; k++) out.push(pts[Math.min(pts.length - 1, Math.floor(shift + k * step))]!);
  return out;
}
