/**
 * lscert's sound interval layer: the public API. Other layers import this file only.
 *
 * - `Interval`: the immutable interval class (friendly layer).
 * - `kernel`: the allocation-free pair kernel for generated code (`kernel.OUT`,
 *   `kernel.add(al, ah, bl, bh)`, `kernel.down`, …).
 * - `fromRational`: tight double enclosure [lo, hi] of an exact rational.
 * - `PI`, `E`: rigorous enclosures of π and e.
 * - `provesNonNegative` & co.: from an enclosure to a proof (false on empty/NaN).
 * - `Affine`, `AffineSpace`: affine arithmetic (friendly layer); `affine`: its
 *   allocation-free core for compiled evaluators (see README.md, "Affine arithmetic").
 */
import { Interval } from './interval.js';

export { Interval } from './interval.js';
export * as kernel from './kernel.js';
export { fromRational } from './from-rational.js';
export { provePositiveDefinite } from './psd.js';
export { Affine, AffineSpace } from './affine.js';
export * as affine from './affine.js';
export {
  type Enclosure,
  certainlyNonNegative,
  certainlyNegative,
  provesNonNegative,
  provesPositive,
  provesNegative,
  provesNonPositive,
} from './proves.js';

/** π ∈ PI = [Math.PI, nextUp(Math.PI)]. */
export const PI: Interval = Interval.PI;
/** e ∈ E = [Math.E, nextUp(Math.E)]. */
export const E: Interval = Interval.E;
