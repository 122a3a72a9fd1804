import { ambientDeadline, split, type Box } from '../engine/constantsKit.js';
import type { CasePieces, Family } from './family.js';
import { MinHeap as MinHeapLite } from '../engine/constantsKit.js';
import { ALL, EMPTY, isEmpty, leafRange, meet, tighten, type TRange } from './leafInterval.js';

/** One inner pass: the leaf partition refined toward a target parameter. */
export interface InnerPass {
  /** The reference t0 = target of the pass. */
  readonly target: number;
  /** Parameters proved on every leaf (∩ of the leaf ranges): a rigorous inner range. */
  readonly range: TRange;
  /** Whether every leaf proves the target. */
  readonly reached: boolean;
  readonly boxes: number;
  readonly leaves: number;
  /** Why the pass stopped short ('budget', 'time', 'kink', 'undefined', 'min-width'). */
  readonly stoppedBy?: string;
}

interface Leaf {
  readonly box: Box;
  readonly data: readonly CasePieces[] | 'kink' | 'undefined';
}

/** The lowest residual bound of a leaf at the target (+∞ when the target is proved there). */
function worst(data: Leaf['data'], target: number): number {
  if (typeof data === 'string') return -Infinity;
  let w = Infinity;
  for (const c of data) {
    if (c.local !== undefined && c.local >= target) continue;
    if (c.convex && c.convex.lo <= target && target <= c.convex.hi) continue;
    for (const v of c.s) w = Math.min(w, Number.isNaN(v) ? -Infinity : v);
  }
  return w;
}

/**
 * Branch and bound over the domain for a family referenced at the target t0: a leaf proves
 * t0 when every residual R0 has a lower bound ≥ 0 on it (or local convexity or convex terms cover it); the
 * leaf with the lowest bound is split first (its constraint binds), until every leaf proves
 * t0 or the budget ends. Then each leaf's rigorous parameter range (see `leafRange`) is
 * computed with G on the leaf, and their intersection is a certified range: each of its
 * values holds on every leaf, hence on the whole domain (the leaves cover it).
 * The splitting order depends only on the family and the target, so a larger budget
 * refines the same partition further.
 */
export function innerPass(family: Family, domain: Box, budget: { maxBoxes: number; deadline: number }): InnerPass {
  const target = family.t0;
  const deadline = Math.min(budget.deadline, ambientDeadline());
  const widths = domain.lo.map((l, j) => domain.hi[j]! - l || 1);
  const evalLeaf = (box: Box, parent?: Leaf): Leaf => {
    let data = family.pieces(box);
    if (typeof data !== 'string' && parent && typeof parent.data !== 'string') {
      const pd = parent.data;
      data = data.map((c) =>
        tighten(
          c,
          pd.find((p) => p.point === c.point),
        ),
      );
    }
    return { box, data };
  };
  const heap = new MinHeapLite<Leaf>();
  const stuck: Leaf[] = [];
  const root = evalLeaf(domain);
  heap.push(worst(root.data, target), root);
  let boxes = 1;
  let stoppedBy: string | undefined;
  while (heap.size > 0 && !(heap.peekKey() >= 0)) {
    if (boxes + 2 > budget.maxBoxes) {
      // a split adds two boxes: never past the budget
      stoppedBy = 'budget';
      break;
    }
    // Every split: a leaf can cost milliseconds (a 3-variable residual with a computed S compiles to thousands of lines).
    if (Date.now() > deadline) {
      stoppedBy = 'time';
      break;
    }
    const leaf = heap.pop()!;
    const j = widest(leaf.box, widths);
    const bad = typeof leaf.data === 'string';
    const at = leaf.box.lo[j]! + (leaf.box.hi[j]! - leaf.box.lo[j]!) / 2;
    if ((leaf.box.hi[j]! - leaf.box.lo[j]!) / widths[j]! < (bad ? 2 ** -12 : 1e-9) || !(at > leaf.box.lo[j]! && at < leaf.box.hi[j]!)) {
      stuck.push(leaf);
      stoppedBy = bad ? (leaf.data as string) : 'min-width';
      continue;
    }
    for (const half of split(leaf.box, j, at)) {
      const child = evalLeaf(half, leaf);
      boxes++;
      heap.push(worst(child.data, target), child);
    }
  }
  let range: TRange = ALL;
  for (const l of [...heap.values(), ...stuck]) {
    if (isEmpty(range)) break;
    if (typeof l.data === 'string') range = EMPTY;
    else {
      const cases = l.data;
      const cs = cases.map((c) => family.prep.cases.findIndex((pc) => pc.point === c.point));
      range = meet(
        range,
        leafRange(
          target,
          cases,
          cases.map((c, i) => family.gRange(cs[i]!, c.box)),
        ),
      );
    }
  }
  const reached = !isEmpty(range) && range.lo <= target && target <= range.hi;
  return { target, range, reached, boxes, leaves: heap.size + stuck.length, ...(!reached && stoppedBy && { stoppedBy }) };
}

function widest(b: Box, widths: readonly number[]): number {
  let j = 0;
  let w = -1;
  for (let i = 0; i < b.lo.length; i++) {
    const r = (b.hi[i]! - b.lo[i]!) / widths[i]!;
    if (r > w) [w, j] = [r, i];
  }
  return j;
}
