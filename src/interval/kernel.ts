/**
 * The pair kernel: allocation-free interval operations for generated code.
 *
 * Every operation takes endpoints as plain numbers (`al, ah` for the first argument,
 * `bl, bh` for the second), writes the result's endpoints to `OUT[0]` and `OUT[1]` and
 * returns nothing. Contract: for inputs that are intervals (lo ≤ hi, ±∞ allowed) or
 * empty ([NaN, NaN]), the output encloses the exact image of the inputs (every rounding
 * outward), is itself an interval or [NaN, NaN], and is ENTIRE = [−∞, +∞] wherever the
 * operation is undefined or unbounded somewhere on the inputs (domain errors).
 *
 * Scalar rounders for inlined code: `downSum/upSum` after one + or −, `down/up` after
 * one × ÷ or √ (see rounding.ts for the proofs), e.g. `lo = downSum(al + bl)`.
 */
export { OUT } from './out.js';
export { add, sub, mul, div, neg, recip, sqr } from './arith.js';
export { powInt, pow } from './power.js';
export { sqrt, exp, log, log1p } from './elementary.js';
export { sin, cos } from './trig.js';
export { tanh, sigmoid, softplus } from './activation.js';
export { abs, relu, max, min, sign, step } from './nonsmooth.js';
export { down, up, downSum, upSum } from './rounding.js';
export { nextUp, nextDown, ulpDistance } from './float.js';
export { certainlyNonNegative, certainlyNegative } from './proves.js';
