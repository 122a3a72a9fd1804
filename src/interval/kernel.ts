/**
 * The pair kernel: allocation-free interval operations for generated code.
 *
 * Every operation takes endpoints as plain numbers (`al, ah` for the first argument,
 * `bl, bh` for the second), writes the result's endpoints to `OUT[0]` and `OUT[1]` and
 * returns nothing. Contract: for inputs that are intervals (lo ≤ hi, ±∞ allowed) or
 * [NaN, NaN], the output encloses the exact image of the inputs (every rounding outward,
 * none where the endpoint is exact: + − × ÷ sqr powInt use error-free transformations),
 * is itself an interval or [NaN, NaN], is UNDEFINED = [NaN, NaN] exactly where the
 * operation is undefined at some point of the inputs (domain errors: √ or log below
 * their domain, log1p ≤ −1, division or reciprocal by an interval containing 0, negative
 * powers across 0, a possibly negative base with a non-integer exponent), and NaN in
 * gives NaN out. Overflow gives an infinite endpoint, never a wrong finite one.
 *
 * Scalar rounders for inlined code (see eft.ts and rounding.ts for the proofs):
 * `addDown(a, b)/addUp(a, b)` bound the exact a + b (exact sums stay exact; use them
 * for + and −, e.g. `lo = addDown(al, bl)`, `lo = addDown(al, -bh)`), and
 * `mulDown/mulUp`, `sqrDown/sqrUp`, `divDown/divUp` likewise for one × x² ÷, and
 * `cube(x, upper)` a bound of x³ (the endpoint function of `powInt(·, 3)`). The cheap
 * `downSum/upSum` (after one + or −, always widening) and `down/up` (after one × ÷ √)
 * remain sound but are wider than the kernel's own results.
 */
export { OUT } from './out.js';
export { add, sub, mul, div, neg, recip, sqr } from './arith.js';
export { powInt, pow } from './power.js';
export { sqrt, exp, log, log1p } from './elementary.js';
export { sin, cos } from './trig.js';
export { tanh, sigmoid, softplus } from './activation.js';
export { abs, relu, max, min, sign, step } from './nonsmooth.js';
export { down, up, downSum, upSum } from './rounding.js';
export { addDown, addUp, mulDown, mulUp, sqrDown, sqrUp, divDown, divUp, cube } from './eft.js';
export { nextUp, nextDown, ulpDistance } from './float.js';
export { certainlyNonNegative, certainlyNegative } from './proves.js';
