import { TimeLimitReached } from '../errors.js';
import { CompileTimeout, compileInterval, gradient, kinkGuards, simplify, type Expr, type IntervalEvaluator } from '../expr/index.js';
import { kernel } from '../interval/index.js';
import { midpoint, split, type Box } from './box.js';
import { MinHeap } from './heap.js';

/**
 * The range of one expression over a box, bracketed from both sides:
 * - `min` = [lo, u]: lo is a rigorous lower bound of inf f over the box (outward-rounded
 *   interval bounds, minimum over a tiling of the box), u an upper bound of it (the rigorous
 *   upper bound of f at a point of the box, so inf f ≤ u);
 * - `max` = [l, hi] symmetrically. So f(box) ⊆ [min[0], max[1]], and the true extremes lie
 *   in the two brackets. NaN anywhere (f undefined somewhere) makes the affected end ∓∞.
 */
export interface RangeBracket {
  readonly min: readonly [number, number];
  readonly max: readonly [number, number];
  /** Boxes evaluated (both sides). */
  readonly boxes: number;
}

/**
 * Branch and bound on each side: the box whose bound is worst is split (widest side) until
 * `maxBoxes` evaluations per side are spent, the clock passes `deadline` (ms since the
 * epoch), or the bracket is closed to 1e-9 relative. The
 * point values are interval evaluations at box midpoints (every number returned is a
 * rigorous interval bound). Null when the evaluator could not be compiled before `compileBy`
 * (default `deadline`; the gradient for the mean-value form is built only before `deadline`).
 */
export function rangeOf(e: Expr, box: Box, maxBoxes = 10_000, deadline = Infinity, compileBy = deadline): RangeBracket | null {
  const d = box.lo.length;
  // Mean-value form only where e is differentiable: no kink functions in it, and only when its
  // gradient is built before `deadline` (65 functions of 64 logistic terms spent 1.7 s building
  // gradients at --time-limit 1); without it, the natural extension alone (still rigorous).
  let smooth = kinkGuards(e).length === 0 && Date.now() < deadline;
  let ev: IntervalEvaluator | null = null;
  if (smooth) {
    try {
      // (the gradient too within the deadline: 10 000 squares in d = 10 000 took 49 s at --time-limit 3)
      ev = compileInterval([e, ...gradient(e, d, deadline).map((g) => simplify(g, { expand: false, deadline }))], { rounding: 'tight', deadline });
    } catch (err) {
      if (!(err instanceof TimeLimitReached)) throw err;
      smooth = false;
    }
  }
  // Not even the natural extension compiles before `compileBy` (the caller's hard limit; a mean
  // of 20 000 terms took 8 s past it): null, nothing bounded.
  try {
    ev ??= compileInterval([e], { rounding: 'tight', deadline: compileBy });
  } catch (err) {
    if (err instanceof CompileTimeout) return null;
    throw err;
  }
  const lo = new Float64Array(ev.outputs);
  const hi = new Float64Array(ev.outputs);
  const cl = new Float64Array(ev.outputs);
  const ch = new Float64Array(ev.outputs);
  const O = kernel.OUT;
  let boxes = 0;
  /** Enclosure of e on b: natural extension ∩ mean value form e(c) + ∇e(b)·(b − c) (when smooth). */
  const enclose = (b: Box): [number, number] => {
    ev.eval(b.lo, b.hi, lo, hi);
    boxes++;
    let l = lo[0]!;
    let h = hi[0]!;
    if (Number.isNaN(l) || Number.isNaN(h)) return [-Infinity, Infinity];
    if (smooth && d > 0) {
      const c = midpoint(b);
      ev.eval(c, c, cl, ch);
      let ml = cl[0]!;
      let mh = ch[0]!;
      for (let j = 0; j < d; j++) {
        kernel.sub(b.lo[j]!, b.hi[j]!, c[j]!, c[j]!);
        kernel.mul(lo[j + 1]!, hi[j + 1]!, O[0]!, O[1]!);
        kernel.add(ml, mh, O[0]!, O[1]!);
        ml = O[0]!;
        mh = O[1]!;
      }
      if (ml > l) l = ml; // comparisons false on NaN: a NaN form changes nothing
      if (mh < h) h = mh;
    }
    return [l, h];
  };
  const side = (sign: 1 | -1): [number, number] => {
    // Work with g = sign·f: a lower bound of min g and a point value ≥ it.
    const lower = (b: Box) => {
      const [l, h] = enclose(b);
      return sign === 1 ? l : -h;
    };
    let best = Infinity; // rigorous upper bound of min g: g's upper end at a point
    const probe = (x: readonly number[]) => {
      ev.eval(x, x, cl, ch);
      const v = sign === 1 ? ch[0]! : -cl[0]!;
      if (v < best) best = v; // NaN never lowers it
    };
    const heap = new MinHeap<Box>();
    heap.push(lower(box), box);
    probe(midpoint(box));
    let spent = 1;
    // The clock is read every 32 splits (a split adds 2 to `spent`, which stays odd: testing
    // `spent & 63` never read it, and --time-limit was ignored).
    for (let splits = 0; heap.size > 0 && spent < maxBoxes && ((splits & 31) !== 0 || Date.now() < deadline); splits++) {
      const key = heap.peekKey();
      if (best - key <= 1e-9 * Math.max(1, Math.abs(best))) break;
      const b = heap.pop()!;
      let j = 0;
      for (let k = 1; k < b.lo.length; k++) if (b.hi[k]! - b.lo[k]! > b.hi[j]! - b.lo[j]!) j = k;
      const at = b.lo[j]! + (b.hi[j]! - b.lo[j]!) / 2;
      if (!(at > b.lo[j]! && at < b.hi[j]!)) {
        heap.push(key, b); // too narrow to split in doubles: its bound stays
        break;
      }
      for (const c of split(b, j, at)) {
        heap.push(lower(c), c);
        probe(midpoint(c));
        spent++;
      }
    }
    const bound = heap.size ? heap.peekKey() : best;
    return sign === 1 ? [bound, best] : [-best, -bound];
  };
  const min = side(1);
  const max = side(-1);
  return { min, max, boxes };
}
