import { Interval } from '../interval/index.js';
import type { Box } from './box.js';

/**
 * Nearest points of a finite S = {p_0, …, p_{m−1}} over a box. x lies in the closed
 * Voronoi cell of p_j iff for every k: ‖x − p_j‖² ≤ ‖x − p_k‖², i.e.
 *   g_jk(x) = 2 xᵀ(p_k − p_j) − (‖p_k‖² − ‖p_j‖²) ≤ 0.
 * The points are enclosures (exact coordinates such as (1−√(2√3−3))/2 are irrational);
 * every test below holds for the true points.
 */
export class VoronoiCells {
  private readonly a: Interval[][][]; // a[j][k][i] = 2 (p_k − p_j)_i
  private readonly c: Interval[][]; //   c[j][k]   = ‖p_k‖² − ‖p_j‖²

  constructor(readonly points: readonly (readonly Interval[])[]) {
    const sq = points.map((p) => p.reduce((s, v) => s.add(v.sqr()), Interval.point(0)));
    this.a = points.map((pj) => points.map((pk) => pk.map((v, i) => v.sub(pj[i]!).mul(Interval.point(2)))));
    this.c = points.map((_, j) => points.map((_, k) => sq[k]!.sub(sq[j]!)));
  }

  get size(): number {
    return this.points.length;
  }

  /** Enclosure of g_jk over the box (> 0 everywhere means p_j is never nearest there). */
  private g(j: number, k: number, box: Box): Interval {
    const a = this.a[j]![k]!;
    let s = this.c[j]![k]!.neg();
    for (let i = 0; i < a.length; i++) s = s.add(a[i]!.mul(Interval.of(box.lo[i]!, box.hi[i]!)));
    return s;
  }

  /**
   * Indices of the points that may be a nearest point somewhere in the box: p_j is
   * dropped only when some p_k is provably strictly closer on the whole box.
   */
  candidates(box: Box): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.size; j++) {
      let excluded = false;
      for (let k = 0; k < this.size && !excluded; k++) if (k !== j && this.g(j, k, box).lo > 0) excluded = true;
      if (!excluded) out.push(j);
    }
    return out;
  }

  /**
   * A box containing box ∩ cell_j (one pass of linear constraint propagation on every
   * g_jk ≤ 0), or null when that intersection is provably empty. Sound: a coordinate is
   * only cut where the constraint proves no point of the cell can lie.
   */
  contract(box: Box, j: number): Box | null {
    const lo = [...box.lo];
    const hi = [...box.hi];
    for (let k = 0; k < this.size; k++) {
      if (k === j) continue;
      const a = this.a[j]![k]!;
      for (let i = 0; i < a.length; i++) {
        // a_i x_i ≤ c − Σ_{l≠i} a_l x_l ≤ C.hi
        let C = this.c[j]![k]!;
        for (let l = 0; l < a.length; l++) if (l !== i) C = C.sub(a[l]!.mul(Interval.of(lo[l]!, hi[l]!)));
        const bound = Interval.point(C.hi).div(a[i]!);
        if (a[i]!.lo > 0 && Number.isFinite(bound.hi)) hi[i] = Math.min(hi[i]!, bound.hi);
        else if (a[i]!.hi < 0 && Number.isFinite(bound.lo)) lo[i] = Math.max(lo[i]!, bound.lo);
        if (lo[i]! > hi[i]!) return null;
      }
    }
    return { lo, hi };
  }
}
