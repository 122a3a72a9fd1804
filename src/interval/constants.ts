/**
 * Rigorous double bounds of the mathematical constants used by the kernel.
 *
 * π = 3.14159265358979323846…; Math.PI = 0x1.921fb54442d18p+1 =
 * 3.141592653589793115997963… < π and its successor 3.141592653589793560087… > π.
 * e = 2.71828182845904523536…; Math.E = 0x1.5bf0a8b145769p+1 = 2.718281828459045090795…
 * < e and its successor 2.718281828459045534884… > e.
 * (Checked against 40-digit decimal expansions with exact rationals in the tests.)
 */

/** The largest double below π (it is Math.PI). */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: the exact double, written out as a bound of π
export const PI_LO = 3.141592653589793;
/** The least double above π, nextUp(Math.PI). */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: a bound of π, one ulp above Math.PI
export const PI_HI = 3.1415926535897936;
/** The largest double below e (it is Math.E). */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: the exact double, written out as a bound of e
export const E_LO = 2.718281828459045;
/** The least double above e, nextUp(Math.E). */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: a bound of e, one ulp above Math.E
export const E_HI = 2.7182818284590455;
