/**
 * The result register of the pair kernel. Every kernel function writes the lower
 * endpoint of its result to `OUT[0]` and the upper one to `OUT[1]` and returns nothing,
 * so generated code allocates no objects: it reads both slots right after each call.
 *
 * Invariant kept by every kernel function, for inputs that are intervals (lo ≤ hi) or
 * empty ([NaN, NaN]): the output is an interval (lo ≤ hi, possibly with infinite
 * endpoints) or [NaN, NaN]; one NaN endpoint never comes with a non-NaN one.
 */
export const OUT = new Float64Array(2);

/**
 * Writes [NaN, NaN]: the operation is undefined at some point of the box (a domain error:
 * log or √ of an interval reaching below their domain, division by an interval containing
 * 0, a possibly negative base with a non-integer exponent). NaN propagates through every
 * later kernel operation, so no finite bound can ever come out of an expression that is
 * undefined somewhere on the box (ENTIRE would not do: cos(ENTIRE) = [−1, 1] is finite),
 * and NaN never proves anything. Reports print it as unbounded.
 */
export function setUndefined(): void {
  OUT[0] = NaN;
  OUT[1] = NaN;
}

/** Writes [−∞, +∞]. */
export function setEntire(): void {
  OUT[0] = -Infinity;
  OUT[1] = Infinity;
}

/** Writes [NaN, NaN], the empty interval (the answer to NaN/empty inputs). */
export function setEmpty(): void {
  OUT[0] = NaN;
  OUT[1] = NaN;
}
