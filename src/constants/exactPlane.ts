import { Rational } from '../exact/rational.js';

/** An exact half-plane a·α + b·β ≤ c. */
export interface ExactHalfPlane {
  readonly a: Rational;
  readonly b: Rational;
  readonly c: Rational;
}

/** a·α + b·β ≤ c from doubles, each taken exactly. */
export const exactPlane = (a: number, b: number, c: number): ExactHalfPlane => ({ a: Rational.fromNumber(a), b: Rational.fromNumber(b), c: Rational.fromNumber(c) });

const holds = (h: ExactHalfPlane, x: Rational, y: Rational) => h.a.mul(x).add(h.b.mul(y)).cmp(h.c) <= 0;

/**
 * Whether the intersection of the half-planes is empty, decided exactly (rational
 * arithmetic, no rounding). Precondition: the set contains no line (it is pointed, e.g.
 * it lies in a wedge {0 ≤ β ≤ κα}); a non-empty pointed polyhedron has a vertex, the
 * intersection of two of the boundary lines, so it is empty iff no such intersection point
 * satisfies every half-plane.
 */
export function exactlyEmpty(hs: readonly ExactHalfPlane[]): boolean {
  for (let i = 0; i < hs.length; i++) {
    for (let j = i + 1; j < hs.length; j++) {
      const p = hs[i]!;
      const q = hs[j]!;
      const det = p.a.mul(q.b).sub(p.b.mul(q.a));
      if (det.isZero()) continue;
      const x = p.c.mul(q.b).sub(p.b.mul(q.c)).div(det);
      const y = p.a.mul(q.c).sub(p.c.mul(q.a)).div(det);
      if (hs.every((h) => holds(h, x, y))) return false;
    }
  }
  return true;
}
