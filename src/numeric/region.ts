/**
 * The empirical (α, β) region of the numeric fallback: every evaluated pair (x, i) gives the
 * half-plane α·a − β·b ≤ c (a = f_i(x) − f_i(x_p), b = f_i(x) − f_i*, c = ⟨∇f_i(x), x − x_p⟩,
 * DOMAIN §2), and the region is their intersection with α ≥ β + 0.1, β ≥ 0 (the paper's
 * display convention, DOMAIN §5). Exact half-plane clipping of a convex polygon in doubles.
 *
 * EMPIRICAL: the half-planes come from float32 evaluations at finitely many points, so the
 * region only contains the valid pairs (an outer estimate, when f_i* is a lower bound);
 * nothing here proves that any pair is valid.
 */

import { clip, type HalfPlane, type Pt } from '../constants/polygon.js';

/** The display gap α ≥ β + GAP. */
export const GAP = 0.1;
/** The clipping window reaches α = WINDOW_MAX; the region is reported up to a smaller α. */
const WINDOW_MAX = 1e6;

export interface EmpiricalRegion {
  /** Vertices (α, β) in order, clipped to α ≤ alphaMax; empty when no pair in the window survives. */
  readonly polygon: Pt[];
  readonly alphaMax: number;
  readonly gap: number;
  /** The clipping window's largest α: the region was computed up to it. */
  readonly window: number;
  /** Smallest α of any pair in the region (up to α = window), or null when it is empty. */
  readonly smallestAlpha: number | null;
  /** Half-planes seen, and how many of them cut the polygon. */
  readonly constraints: number;
  readonly binding: number;
  /** Pairs whose coefficients were not finite (e.g. f_i* with no finite lower bound): skipped. */
  readonly skipped: number;
}

/** Intersects half-planes as they stream in (a polygon of a few dozen vertices at most). */
export class RegionAccumulator {
  private poly: Pt[] = [
    [GAP, 0],
    [WINDOW_MAX, 0],
    [WINDOW_MAX, WINDOW_MAX - GAP],
  ];
  private total = 0;
  private cuts = 0;
  private skipped = 0;

  add(a: number, b: number, c: number): void {
    this.total++;
    if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c))) {
      this.skipped++;
      return;
    }
    // α, β ≥ 0: a ≤ 0 ≤ b, c ≥ 0 holds everywhere in the window.
    if (a <= 0 && b >= 0 && c >= 0) return;
    if (this.poly.length === 0) return;
    let inside = true;
    for (const p of this.poly) if (p[0] * a - p[1] * b > c) inside = false;
    if (inside) return;
    this.cuts++;
    this.poly = clip(this.poly, { a, b, c } satisfies HalfPlane);
  }

  /** The region, reported up to α = max(10, 2 α_claim, 2 · smallest α). */
  result(alphaClaim: number): EmpiricalRegion {
    const smallest = this.poly.length ? Math.min(...this.poly.map((p) => p[0])) : null;
    const alphaMax = Math.min(WINDOW_MAX, Math.max(10, 2 * alphaClaim, smallest !== null ? 2 * smallest : 0));
    const polygon = this.poly.length ? clip(this.poly, { a: 1, b: 0, c: alphaMax }) : [];
    return { polygon, alphaMax, gap: GAP, window: WINDOW_MAX, smallestAlpha: smallest, constraints: this.total, binding: this.cuts, skipped: this.skipped };
  }
}

/** PL, Aiming, QCvx: the largest constant κ with num ≥ κ · den at every evaluated point. */
export class ConstantAccumulator {
  private best = Infinity;
  private none = false;
  private total = 0;
  private skipped = 0;

  add(num: number, den: number): void {
    this.total++;
    if (!(Number.isFinite(num) && Number.isFinite(den))) {
      this.skipped++;
      return;
    }
    if (den > 0) this.best = Math.min(this.best, num / den);
    else if (num < 0) this.none = true; // num ≥ κ·den fails for every κ > 0
  }

  /**
   * `max`: the largest supported constant (0 when no positive constant is supported, null when
   * no evaluated point constrains it).
   */
  result(): { max: number | null; constraints: number; skipped: number } {
    const max = this.none || this.best <= 0 ? 0 : Number.isFinite(this.best) ? this.best : null;
    return { max, constraints: this.total, skipped: this.skipped };
  }
}
