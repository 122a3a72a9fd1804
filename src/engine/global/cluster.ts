import { inInterior, type Box, type DomainBoxes } from '../box.js';
import { ambientDeadline } from '../budget.js';
import { classifyHessian, type StationaryKind } from './classify.js';
import { proveUniqueZero } from './krawczyk.js';
import type { SmoothModel } from './model.js';

/** A box left by the branch and bound: `lb` bounds f from below on the minimizers it may hold. */
export interface FinalBox {
  readonly box: Box;
  readonly lb: number;
  /** Set when Krawczyk proved `box` holds exactly one stationary point, which lies in `zero`. */
  readonly zero?: Box;
}

/**
 * A cluster of candidate boxes, refined.
 * - status 'stationary' (unique = true): the cluster lies in the interior of the INNER box
 *   (inside the exact domain, away from its boundary), so each minimizer in it is a
 *   stationary point, and `box` holds exactly one stationary point (Krawczyk on a superset of
 *   the cluster): the cluster holds at most one minimizer.
 * - 'boundary': the cluster is not inside the inner box's interior: it touches the outer
 *   box's boundary (`onFace`), where a minimizer need not be a stationary point, or it
 *   reaches into the band between the inner and outer boxes of an irrational bound, where it
 *   may lie outside the exact domain; nothing more is proved (unique = false).
 * - 'unknown': interior, but uniqueness was not proved (degenerate, e.g. x⁴, or a kink).
 * `point` is a float approximation, not an enclosure.
 */
export interface IsolatedMinimizer {
  readonly box: Box;
  readonly unique: boolean;
  readonly point: number[];
  readonly status: 'stationary' | 'boundary' | 'unknown';
  /** For 'stationary': the Hessian type proved on `box` (never 'saddle'/'local-max': those clusters are dropped). */
  readonly kind?: StationaryKind;
  /** For 'boundary': the coordinates j whose outer bound the cluster touches, as 'lo'/'hi' per j (others: null). */
  readonly onFace?: readonly ('lo' | 'hi' | null)[];
}

const touch = (a: Box, b: Box) => a.lo.every((l, j) => l <= b.hi[j]! && b.lo[j]! <= a.hi[j]!);
const hullOf = (bs: readonly Box[]): Box => ({
  lo: bs[0]!.lo.map((_, j) => Math.min(...bs.map((b) => b.lo[j]!))),
  hi: bs[0]!.hi.map((_, j) => Math.max(...bs.map((b) => b.hi[j]!))),
});
const mid = (b: Box) => b.lo.map((l, j) => Math.min(b.hi[j]!, Math.max(l, l / 2 + b.hi[j]! / 2)));

/**
 * Groups the final boxes into clusters of touching boxes and settles each (see
 * {@link IsolatedMinimizer}). `pointUpper(x)` returns a point of the domain found from x (local
 * search) and a rigorous upper bound `hi` of f there. Clusters proved to hold only a saddle/local max, or whose lower
 * bound exceeds the final upper bound U, are dropped (they hold no minimizer).
 */
export function settleClusters(
  m: SmoothModel,
  boxes: DomainBoxes,
  finals: readonly FinalBox[],
  U0: number,
  pointUpper: (x: number[]) => { x: number[]; hi: number },
): { clusters: { hull: Box; lb: number; upper: number; isolated: IsolatedMinimizer }[]; U: number } {
  const domain = boxes.outer;
  let U = U0;
  // Sorted by lower x_0 edge, a box can only touch the later boxes that start before it ends.
  const live = finals.filter((n) => !(n.lb > U)).sort((a, c) => a.box.lo[0]! - c.box.lo[0]!);
  const parent = live.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < live.length; i++) {
    const end = live[i]!.box.hi[0]!;
    for (let k = i + 1; k < live.length && live[k]!.box.lo[0]! <= end; k++) {
      if (touch(live[i]!.box, live[k]!.box)) parent[find(i)] = find(k);
    }
  }
  const groups = new Map<number, FinalBox[]>();
  live.forEach((n, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(n);
    else groups.set(r, [n]);
  });
  const lo = new Float64Array(m.dim + 1);
  const hi = new Float64Array(m.dim + 1);
  const out: { hull: Box; lb: number; upper: number; isolated: IsolatedMinimizer }[] = [];
  // Soundness: 'stationary' needs the interior of the inner box (⊆ the exact domain): a
  // cluster reaching into the outer box's margin may hold a minimizer outside the domain.
  const inside = (X: Box) => inInterior(X, boxes.inner);
  const clusters = [...groups.values()].map((members) => ({ members, lb: members.reduce((a, n) => Math.min(a, n.lb), Infinity) }));
  clusters.sort((a, c) => a.lb - c.lb);
  // Past the command's deadline no cluster gets a local search or a uniqueness proof (status
  // 'unknown': nothing is claimed about it); on a ReLU network they took 2 s after the box budget.
  const deadline = ambientDeadline();
  for (const [rank, { members, lb: lb0 }] of clusters.entries()) {
    const hull = hullOf(members.map((n) => n.box));
    let lb = lb0;
    const late = Date.now() > deadline;
    // A local search from the most promising clusters only (there may be thousands after a budget stop).
    const local = rank < 16 && !late ? pointUpper(mid(hull)) : { x: mid(hull), hi: Infinity };
    if (local.hi < U) U = local.hi; // (never Math.min: a NaN must not replace U)
    const guess = local.x.every((v, j) => hull.lo[j]! <= v && v <= hull.hi[j]!) ? local.x : mid(hull);
    let isolated: IsolatedMinimizer;
    let upper = Infinity;
    if (!inside(hull)) {
      const onFace = hull.lo.map((l, j) => (l <= domain.lo[j]! ? 'lo' : hull.hi[j]! >= domain.hi[j]! ? 'hi' : null));
      isolated = { box: hull, unique: false, point: guess, status: 'boundary', onFace };
    } else {
      const single = members.length === 1 && members[0]!.zero;
      const proof = single
        ? { box: single }
        : !late && m.isRegular(hull)
          ? proveUniqueZero(m.grad, m.hess, hull, (X) => inside(X) && m.isRegular(X), hull)
          : null;
      if (proof) {
        const kind = classifyHessian(m.hess, proof.box);
        if (kind === 'saddle' || kind === 'local-max') continue;
        m.fg.eval(proof.box.lo, proof.box.hi, lo, hi);
        if (lo[0]! > lb) lb = lo[0]!;
        if (hi[0]! < U) U = hi[0]!;
        upper = hi[0]!;
        isolated = { box: proof.box, unique: true, point: mid(proof.box), status: 'stationary', kind };
      } else {
        isolated = { box: hull, unique: false, point: guess, status: 'unknown' };
      }
    }
    out.push({ hull, lb, upper, isolated });
  }
  return { clusters: out.filter((c) => !(c.lb > U)), U };
}
