import { Interval } from '../interval/index.js';

/** A box of doubles: every real x with lo[j] ≤ x_j ≤ hi[j]. */
export interface CheckBox {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

/**
 * The checker's nearest-point cells of a finite S = {p_0, …, p_{m−1}} (points given as
 * rigorous enclosures). x is in the closed cell of p_j iff for every k ≠ j
 *   g_jk(x) = a_jk · x − c_jk ≤ 0,   a_jk = 2(p_k − p_j),  c_jk = ‖p_k‖² − ‖p_j‖²
 * (‖x − p_j‖² ≤ ‖x − p_k‖² expanded). All arithmetic is outward-rounded interval
 * arithmetic over the enclosures, so each test below holds for the exact points.
 */
export class Cells {
  private readonly a: Interval[][][];
  private readonly c: Interval[][];

  constructor(private readonly pts: readonly (readonly Interval[])[]) {
    const norm2 = pts.map((p) => p.reduce((s, v) => s.add(v.sqr()), Interval.point(0)));
    const two = Interval.point(2);
    this.a = pts.map((pj) => pts.map((pk) => pk.map((v, i) => v.sub(pj[i]!).mul(two))));
    this.c = pts.map((_, j) => pts.map((_, k) => norm2[k]!.sub(norm2[j]!)));
  }

  /**
   * True when p_j is provably not a nearest point anywhere on the box: some p_k is
   * strictly closer on all of it (g_jk > 0 on the box). Never true for a true nearest point.
   */
  excluded(box: CheckBox, j: number): boolean {
    for (let k = 0; k < this.pts.length; k++) {
      if (k === j) continue;
      let g = this.c[j]![k]!.neg();
      const a = this.a[j]![k]!;
      for (let i = 0; i < a.length; i++) g = g.add(a[i]!.mul(Interval.of(box.lo[i]!, box.hi[i]!)));
      if (g.lo > 0) return true;
    }
    return false;
  }

  /**
   * A box containing box ∩ cell_j, or null when that set is provably empty. One pass of
   * linear constraint propagation: from a_i x_i ≤ c − Σ_{l≠i} a_l x_l ≤ C.hi, x_i is bounded
   * above by C.hi / a_i when a_i > 0 (below when a_i < 0), rounded outward. Only points
   * that violate a cell constraint are cut, so every x of the cell in the box is kept.
   */
  contract(box: CheckBox, j: number): CheckBox | null {
    const lo = [...box.lo];
    const hi = [...box.hi];
    for (let k = 0; k < this.pts.length; k++) {
      if (k === j) continue;
      const a = this.a[j]![k]!;
      for (let i = 0; i < a.length; i++) {
        let C = this.c[j]![k]!;
        for (let l = 0; l < a.length; l++) if (l !== i) C = C.sub(a[l]!.mul(Interval.of(lo[l]!, hi[l]!)));
        if (!Number.isFinite(C.hi)) continue;
        const q = Interval.point(C.hi).div(a[i]!);
        if (a[i]!.lo > 0 && Number.isFinite(q.hi)) hi[i] = Math.min(hi[i]!, q.hi);
        else if (a[i]!.hi < 0 && Number.isFinite(q.lo)) lo[i] = Math.max(lo[i]!, q.lo);
        if (lo[i]! > hi[i]!) return null;
      }
    }
    return { lo, hi };
  }
}
