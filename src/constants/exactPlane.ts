import { Rational } from '../exact/rational.js';

/** An exact half-plane a·α + b·β ≤ c. */
export interface ExactHalfPlane {
  readonly a: Rational;
  readonly b: Rational;
  readonly c: Rational;
}

/** a·α + b·β ≤ c from doubles, each taken exactly. */
export const exactPlane = (a: number, b: number, c: number): ExactHalfPlane => ({
  a: Rational.fromNumber(a),
  b: Rational.fromNumber(b),
  c: Rational.fromNumber(c),
});

const holds = (h: ExactHalfPlane, x: Rational, y: Rational) => h.a.mul(x).add(h.b.mul(y)).cmp(h.c) <= 0;

/**
 * Whether the intersection of the half-planes is empty, decided exactly (rational
 * arithmetic, no rounding). Precondition: the set contains no line (it is pointed, e.g.
 * it lies in a wedge {0 ≤ β ≤ κα}); a non-empty pointed polyhedron has a vertex, the
 * intersection of two of the boundary lines, so it is empty iff no such intersection point
 * satisfies every half-plane.
 */
export function exactlyEmpty(hs: readonly ExactHalfPlane[]): boolean {
  return feasibleVertex(hs) === null;
}

/** A vertex of the (pointed) intersection that satisfies every half-plane, or null (empty). */
function feasibleVertex(hs: readonly ExactHalfPlane[]): [Rational, Rational] | null {
  for (let i = 0; i < hs.length; i++) {
    for (let j = i + 1; j < hs.length; j++) {
      const p = hs[i]!;
      const q = hs[j]!;
      const det = p.a.mul(q.b).sub(p.b.mul(q.a));
      if (det.isZero()) continue;
      const x = p.c.mul(q.b).sub(p.b.mul(q.c)).div(det);
      const y = p.a.mul(q.c).sub(p.c.mul(q.a)).div(det);
      if (hs.every((h) => holds(h, x, y))) return [x, y];
    }
  }
  return null;
}

/**
 * Whether `base ∩ pool` is empty, decided exactly without enumerating all of `pool`: start
 * from `base` (which must make the set pointed) and add, one at a time, a half-plane of the
 * pool that cuts off the current feasible vertex. Empty as soon as the working set is (a
 * subset of the constraints already proves it); not empty when a feasible vertex violates
 * none of the pool; undecided (false) after `rounds` additions.
 */
export function exactlyEmptyWithin(base: readonly ExactHalfPlane[], pool: readonly ExactHalfPlane[], rounds = 40): boolean {
  const work = [...base];
  for (let r = 0; r <= rounds; r++) {
    const v = feasibleVertex(work);
    if (!v) return true;
    // The half-plane that cuts the vertex deepest (float score to choose; exact test to decide).
    const [x, y] = [v[0].toNumber(), v[1].toNumber()];
    let cut: ExactHalfPlane | undefined;
    let depth = -Infinity;
    for (const h of pool) {
      if (holds(h, v[0], v[1])) continue;
      const d = (h.a.toNumber() * x + h.b.toNumber() * y - h.c.toNumber()) / (Math.hypot(h.a.toNumber(), h.b.toNumber()) || 1);
      if (!cut || d > depth) [cut, depth] = [h, d];
    }
    if (!cut) return false;
    work.push(cut);
  }
  return false;
}
