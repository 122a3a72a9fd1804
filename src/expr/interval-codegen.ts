/**
 * Source generation for the compiled interval evaluator (`compileInterval`): the hot
 * operations (+ − × ÷, negation, x², x³, x⁴) are emitted as inline JavaScript; every
 * other operation (and every rare path of the inlined ones: M×M products, tiny or huge
 * products, quotients and powers, zeros, ±∞, NaN) is a call into the kernel.
 *
 * Two rounding modes.
 * - 'tight': each inlined operation performs, operation for operation, exactly what the
 *   kernel function would (the same sign-table selection of endpoints, the same
 *   error-free transformation, the same comparisons and the same widening), so an inlined
 *   result is bit-for-bit the kernel's result and inherits its soundness proof
 *   (src/interval/arith.ts, eft.ts, power.ts): exact results stay exact ([−2,3]² = [0, 9]).
 *   Used where an enclosure is shown to a user (`lscert bound`, `lscert eval`).
 * - 'widen' (the default, used by the engine, the certificate checker, the constants and
 *   everything else that evaluates many boxes): the same sign tables, the same guards and
 *   the same kernel slow paths, but the rounded result of every inlined + − × ÷ x² x³ is
 *   widened by one step unconditionally (the kernel's "inexact" branch, without the
 *   error-free transformation that decides whether the step is needed), products and
 *   quotients by a constant ±2^k stay exact (a power-of-two scaling with a normal result
 *   is exact), and a sum of k ≥ 3 terms is widened once by an a-priori bound of the whole
 *   chain (batchSumSnippet). Each snippet below states its bound and why it is sound; the
 *   proofs rest on Lemma R of rounding.ts alone. Results are a few ulps wider than the
 *   kernel's where the kernel keeps an exact result (an exact zero stays zero in both:
 *   zero products, quotients and squares take the kernel's slow path, sums are widened by
 *   a multiple of |s|). Measured on `npm run bench -- eval`: 2.7× the tight mode's speed on the
 *   Example 6 residual, 2.2× on the 40-term polynomial.
 * Certificates are checked with the same evaluator that produced them (both use the
 * default), so a box the engine proved is proved again by the checker.
 * test/expr/compile-inline.test.ts checks the tight mode bit for bit against the kernel,
 * and both modes for enclosure of exact rational values (with special endpoints), and, for
 * + − × and powers, NaN exactly where the kernel gives NaN. (With ÷ and the domain-limited
 * functions the widening mode's few-ulp wider enclosures can reach a domain boundary the
 * kernel's exact ones miss — a denominator [0, …] instead of [2^−53, …] — and give
 * [NaN, NaN], "not proved", where the kernel gives a finite enclosure.)
 *
 * Why bit-identity holds (tight mode). JavaScript evaluates every `+ − × ÷` on doubles in IEEE 754
 * binary64 round-to-nearest, one operation at a time (no contraction into FMA, no
 * extended precision), so the same expression on the same operands gives the same
 * double wherever it is written. The inlined snippets below copy the kernel's
 * expressions verbatim (with the kernel's constants as exact literals); where a snippet
 * departs from the kernel's text it says why the result is the same double:
 * - a constant operand c of a product or quotient has its Veltkamp split computed at
 *   compile time with the kernel's own expressions (`SPLITTER·c`, `t − (t − c)`, ...),
 *   so the literal halves are the values the kernel computes at run time (used only
 *   when they are finite; otherwise the split is left to run time as in the kernel);
 * - negation is exact, so `-x` is passed where the kernel receives the negated endpoint;
 * - the kernel's slow paths are reached by calling the kernel's scalar rounder with the
 *   same operands (it recomputes the same values and takes the same path).
 * test/expr/compile-inline.test.ts checks bit-identity against the tree interpreter (the
 * kernel through `Interval`) on random expressions and boxes with special values.
 *
 * Branch-free rounding decisions. Where the kernel writes `keep ? y : y ∓ w` (w = |y|·EPS,
 * finite in every place this is used, keep a comparison such as `err >= 0`), the
 * generated code writes `y ∓ w·f` with the integer f = (keep) ^ 1, i.e. 1 exactly when
 * the kernel widens (a comparison with NaN is false, so a NaN error widens in both).
 * f = 1: w·1 = w and the expression is the kernel's. f = 0: w·0 = ±0 and y − (±0) or
 * y + (±0) is y for every y ≠ 0 (and y − (+0) = y also for y = ±0); every place where
 * the result may be a zero uses the subtraction form (sumSnippet). The decision of an
 * inexact operation is a coin flip, so a branch there is mispredicted half of the time;
 * on the bench's polynomial this form is about 1.5× faster. (On the deep, latency-bound
 * Example 6 residual, where a predicted branch lets the CPU run ahead of the error
 * computation, branches measured up to ~20% faster in some runs; on the loaded machine
 * of the measurements that difference was within the noise.)
 *
 * Known signs. A compile-time sign of an operand (x² ≥ 0, x² + 1 > 0, constants, ...;
 * see {@link Sign}) removes the sign tests that select endpoints in × ÷ x²; the kernel's
 * selection is then known, so the result is unchanged (in either mode).
 *
 * Layout. Each interval value is a pair of locals (`a7`/`b7`); the code is cut
 * into chunk functions of bounded size (TurboFan optimizes a moderate function well and
 * compiles it quickly); values that cross chunks travel through one Float64Array
 * register `T` (no boxed doubles). Common subexpressions (by structural key, and the
 * partial sums/products of the n-ary `add` and `mul` nodes) are computed once.
 */
import { TimeLimitReached } from '../errors.js';
import { Interval, kernel } from '../interval/index.js';
import { constInterval } from './constants.js';
import { interpretInterval } from './interpret.js';
import { structuralKey } from './print.js';
import { freeVariables } from './substitute.js';
import type { Expr } from './types.js';

/** 2^−968, eft.ts's TINY. */
const TINY = 2 ** -968;
/** 2^1023, eft.ts's HUGE. */
const HUGE = 2 ** 1023;
/** Veltkamp's splitter 2^27 + 1. */
const SPLITTER = 134217729;

/** An exact JavaScript literal for a double (String round-trips; −0, ±∞, NaN spelled out). */
export function lit(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return '1e999';
  if (x === -Infinity) return '(-1e999)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${String(x)})` : String(x);
}

// Constants as literals in the generated source, so that TurboFan folds them.
const L_TINY = lit(TINY);
const L_HUGE = lit(HUGE);
const L_EPS = lit(Number.EPSILON);
const L_MAX = lit(Number.MAX_VALUE);
const L_MIN = lit(Number.MIN_VALUE);
const L_SPL = lit(SPLITTER);

/** One operand of a snippet: its source (an identifier or a literal) and, for a constant, its value. */
interface Opnd {
  readonly s: string;
  readonly k?: number;
}

/** An interval value: the two endpoint operands and the generated values they read. */
interface Val {
  readonly lo: Opnd;
  readonly hi: Opnd;
  /** Names of generated values (`v7`) or variables (`x2`) the operands read. */
  readonly refs: readonly string[];
  /** A sign known at compile time (see {@link Sign}). */
  readonly sg?: Sign;
}

/**
 * A sign the value has at run time whenever it is not the empty pair [NaN, NaN]:
 * 'P' lo ≥ 0, 'pos' lo > 0, 'N' hi ≤ 0, 'neg' hi < 0. Known signs remove sign tests
 * from the generated code; the kernel's result is unchanged because (a) for a
 * non-empty operand the test removed has the known outcome, and (b) an empty operand
 * makes every product, quotient and sum it enters NaN, whatever branch selects the
 * endpoints (each selected product pairs an endpoint of a with one of b; NaN / y and
 * x / NaN are NaN through the kernel's slow paths).
 * Sources (each a property of the kernel's results, i.e. of the bit-identical inlined
 * code): constants by value; x², x⁴ ≥ 0 (sqrDown ≥ 0); sums of ≥ 0 terms ≥ 0, and > 0
 * if one term is > 0 (addDown of such operands: s = RN(a + b) ≥ 0, resp. > 0, and
 * s − |s|·EPS keeps that sign, since RN(|s|·EPS) < s for s > 0); products and quotients
 * by the sign rules of eft.ts (mulDown, divDown ≥ 0 for operands of one sign, mulUp,
 * divUp ≤ 0 for operands of opposite signs, exact zeros giving +0); negation swaps.
 * The widening mode keeps every one of these signs: its one-step widenings are the
 * kernel's own (s − |s|·EPS, p ∓ |p|·EPS for a normal p keep the sign of s and p), its
 * slow paths are the kernel's functions, and batchSumSnippet proves its sign rule.
 */
type Sign = 'P' | 'pos' | 'N' | 'neg';
const isP = (v: Val) => v.sg === 'P' || v.sg === 'pos';
const isN = (v: Val) => v.sg === 'N' || v.sg === 'neg';
const flip = (g: Sign | undefined): Sign | undefined => (g === 'P' ? 'N' : g === 'N' ? 'P' : g === 'pos' ? 'neg' : g === 'neg' ? 'pos' : undefined);
const withSign = (v: Val, sg: Sign | undefined): Val => (sg ? { ...v, sg } : v);
/** The sign of a product or quotient of operands with known signs (P or N only: results may underflow to 0). */
function productSign(a: Val, b: Val): Sign | undefined {
  if ((isP(a) && isP(b)) || (isN(a) && isN(b))) return 'P';
  if ((isP(a) && isN(b)) || (isN(a) && isP(b))) return 'N';
  return undefined;
}

const konst = (x: number): Opnd => ({ s: lit(x), k: x });
const negOp = (o: Opnd): Opnd => (o.k !== undefined ? konst(-o.k) : o.s.startsWith('(-') ? { s: o.s.slice(2, -1) } : { s: `(-${o.s})` });

/**
 * The kernel's Veltkamp split of x into (hi, lo) parts as declarations of `${p}h`, `${p}l`
 * (`t = SPLITTER·x; h = t − (t − x); l = x − h`). For a constant x the parts are computed
 * here by the same expressions and emitted as literals when finite.
 */
function split(p: string, x: Opnd): { code: string; h: string; l: string } {
  if (x.k !== undefined) {
    const t = SPLITTER * x.k;
    const h = t - (t - x.k);
    const l = x.k - h;
    if (Number.isFinite(h) && Number.isFinite(l)) return { code: '', h: lit(h), l: lit(l) };
  }
  return {
    code: `const ${p}t = ${L_SPL} * ${x.s}, ${p}h = ${p}t - (${p}t - ${x.s}), ${p}l = ${x.s} - ${p}h; `,
    h: `${p}h`,
    l: `${p}l`,
  };
}

/** Whether the double x is ±2^k (exact scalings only: ×2 and ÷2 of values in [1, 2^1024)). */
function isPowerOfTwo(x: number): boolean {
  let m = Math.abs(x);
  if (!(m > 0 && m < Infinity)) return false;
  while (m < 1) m *= 2;
  while (m >= 2) m /= 2;
  return m === 1;
}

/**
 * `dst = mulDown(a, b)` (or mulUp when `up`), eft.ts verbatim: for TINY ≤ |p| < HUGE the
 * sign of Dekker's error `productError(a, b, p)` decides between p and p ∓ |p|·EPS;
 * otherwise the kernel's own mulDown/mulUp (its slow path).
 *
 * One operand a constant c whose Veltkamp split is (c, 0) (c has at most 26 significant
 * bits: 2, 50, 1/2, 5/4, ...), x the other, inside the guard (p finite, so x is finite):
 * - If the split of x overflows (SPLITTER·x = ±∞), xh and xl are NaN, so the kernel's
 *   error is NaN and p is widened; the shortened forms below are NaN too.
 * - Otherwise every term is finite and the kernel's error is
 *   `0·xl − (((p − c·xh) − 0·xh) − c·xl)` (c first) or `xl·0 − (((p − xh·c) − xl·c) − xh·0)`
 *   (c second). Subtracting a zero leaves a non-zero double unchanged and gives a zero
 *   from a zero (only the sign of that zero may differ), and `±0 − y = −y` for y ≠ 0;
 *   so the error equals −D up to the sign of a zero, with D = (p − c·xh) − c·xl (c·xh =
 *   xh·c: IEEE products commute). Hence "error ≥ 0" ⟺ "D ≤ 0" and "error ≤ 0" ⟺
 *   "D ≥ 0" (a zero's sign does not change ≤ or ≥), and both forms are NaN together.
 * - c = ±2^k: then D = 0 whenever the split of x is finite, so the decision is "keep p"
 *   exactly when SPLITTER·x is finite. Proof: |p| ≥ TINY = 2^−968, so c·x is normal and
 *   p = c·x exactly (a power-of-two scaling in the normal range, below HUGE); |xh| is
 *   within a factor 1 ± 2^−26 of |x|, so c·xh is normal too and exact; x, xh and
 *   xl = x − xh are multiples of ulp(x) (eft.ts, productError), so c·xl is a multiple of
 *   c·ulp(x) = ulp(p) ≥ 2^−1020 with at most 27 significant bits, a double: p − c·xh =
 *   c·xl and the product c·xl are both exact, and D = c·xl − c·xl = 0. If SPLITTER·x is
 *   finite, so are t − x, xh and xl (|t − x| < |t|), hence "finite" is `t − t === 0`.
 */
function prodSnippet(dst: string, a: Opnd, b: Opnd, up: boolean, fast: boolean): string {
  if (fast) return prodFast(dst, a, b, up);
  const sa = split('_a', a);
  const sb = split('_b', b);
  const head = `{ const _p = ${a.s} * ${b.s}, _ap = Math.abs(_p); if (_ap >= ${L_TINY} && _ap < ${L_HUGE}) { `;
  const tail = ` } else ${dst} = ${up ? 'mulUp' : 'mulDown'}(${a.s}, ${b.s}); }`;
  const widen = (keep: string) => `${dst} = _p ${up ? '+' : '-'} _ap * ${L_EPS} * ((${keep}) ^ 1);`;
  const shortA = a.k !== undefined && b.k === undefined && sa.code === '' && sa.l === '0';
  const shortB = b.k !== undefined && a.k === undefined && sb.code === '' && sb.l === '0';
  if (shortA || shortB) {
    const [c, x, sx] = shortA ? [a, b, sb] : [b, a, sa];
    if (isPowerOfTwo(c.k!)) return `${head}const _t = ${L_SPL} * ${x.s}; ${widen('_t - _t === 0')}${tail}`;
    const d = shortA ? `(_p - ${c.s} * ${sx.h}) - ${c.s} * ${sx.l}` : `(_p - ${sx.h} * ${c.s}) - ${sx.l} * ${c.s}`;
    return `${head}${sx.code}const _d = ${d}; ${widen(`_d ${up ? '>=' : '<='} 0`)}${tail}`;
  }
  const err = `${sa.l} * ${sb.l} - (((_p - ${sa.h} * ${sb.h}) - ${sa.l} * ${sb.h}) - ${sa.h} * ${sb.l})`;
  return `${head}${sa.code}${sb.code}const _r = ${err}; ${widen(`_r ${up ? '<=' : '>='} 0`)}${tail}`;
}

/**
 * Widening mode (see "Two rounding modes" above): `dst` = p ∓ |p|·EPS for p = RN(a·b) with
 * TINY ≤ |p| < HUGE (p normal: Lemma R of rounding.ts, p − |p|·EPS ≤ nextDown(p) < a·b),
 * and p itself when one operand is a constant ±2^k (a power-of-two scaling whose result
 * is normal is exact); otherwise the kernel's mulDown/mulUp (its slow path: zeros,
 * underflow, overflow, ±∞, NaN).
 */
function prodFast(dst: string, a: Opnd, b: Opnd, up: boolean): string {
  const c = a.k !== undefined && b.k === undefined ? a.k : b.k !== undefined && a.k === undefined ? b.k : undefined;
  const res = c !== undefined && isPowerOfTwo(c) ? '_p' : `_p ${up ? '+' : '-'} _ap * ${L_EPS}`;
  return (
    `{ const _p = ${a.s} * ${b.s}, _ap = Math.abs(_p); if (_ap >= ${L_TINY} && _ap < ${L_HUGE}) ${dst} = ${res}; ` +
    `else ${dst} = ${up ? 'mulUp' : 'mulDown'}(${a.s}, ${b.s}); }`
  );
}

/** `dst = sqrDown(x)` (or sqrUp), eft.ts verbatim (Shewchuk's square, one split). */
function sqrSnippet(dst: string, x: Opnd, up: boolean, fast: boolean): string {
  if (fast) {
    return (
      `{ const _p = ${x.s} * ${x.s}; if (_p >= ${L_TINY} && _p < ${L_HUGE}) ${dst} = _p ${up ? '+' : '-'} _p * ${L_EPS}; ` +
      `else ${dst} = ${up ? 'sqrUp' : 'sqrDown'}(${x.s}); }`
    );
  }
  const sx = split('_x', x);
  const err = `${sx.l} * ${sx.l} - ((_p - ${sx.h} * ${sx.h}) - (${sx.h} + ${sx.h}) * ${sx.l})`;
  return (
    `{ const _p = ${x.s} * ${x.s}; if (_p >= ${L_TINY} && _p < ${L_HUGE}) { ${sx.code}const _r = ${err}; ` +
    `${dst} = _p ${up ? '+' : '-'} _p * ${L_EPS} * ((_r ${up ? '<=' : '>='} 0) ^ 1); } else ${dst} = ${up ? 'sqrUp' : 'sqrDown'}(${x.s}); }`
  );
}

/**
 * `dst = addDown(a, b)` (or addUp), eft.ts verbatim: Knuth's TwoSum error e decides between
 * s (e ≥ 0 and finite) and downSum(s) = (s === ∞ ? MAX : s − |s|·EPS) (rounding.ts), here
 * as `s === ∞ ? MAX : s − |s|·EPS·f` with f = [not keep] (see "Branch-free rounding
 * decisions" above). s = ∞ never keeps (an infinite s makes e NaN), so MAX is the
 * kernel's answer there; for s = −∞ (e NaN, f = 1) both give −∞ − ∞ = −∞. The upper
 * bound is `s === −∞ ? −MAX : s − (0 − |s|·EPS·f)`: the subtraction of `0 − w·f` (= −w
 * or +0) keeps s = −0 as −0 when f = 0 (`s + (+0)` would give +0), and s − (−w) = s + w.
 */
function sumSnippet(dst: string, a: Opnd, b: Opnd, up: boolean, fast: boolean): string {
  if (fast) {
    const res = up ? `_s === -1e999 ? -${L_MAX} : _s - (0 - Math.abs(_s) * ${L_EPS})` : `_s === 1e999 ? ${L_MAX} : _s - Math.abs(_s) * ${L_EPS}`;
    return `{ const _s = ${a.s} + ${b.s}; ${dst} = ${res}; }`;
  }
  const keep = up ? '(_e <= 0) & (_e > -1e999)' : '(_e >= 0) & (_e < 1e999)';
  const res = up
    ? `_s === -1e999 ? -${L_MAX} : _s - (0 - Math.abs(_s) * ${L_EPS} * ((${keep}) ^ 1))`
    : `_s === 1e999 ? ${L_MAX} : _s - Math.abs(_s) * ${L_EPS} * ((${keep}) ^ 1)`;
  return `{ const _s = ${a.s} + ${b.s}, _z = _s - ${a.s}, _e = (${a.s} - (_s - _z)) + (${b.s} - _z); ${dst} = ${res}; }`;
}

/** The most terms {@link batchSumSnippet} takes (its constant C2 assumes k ≤ 2^20). */
const MAX_BATCH_TERMS = 2 ** 20;
/** 2^−960 and 2^1000: the range of A' in which {@link batchSumSnippet}'s bound is used. */
const L_BATCH_LO = lit(2 ** -960);
const L_BATCH_HI = lit(2 ** 1000);
/** C2 = 2^−52·(1 + 2^−31) (exact: a 32-bit significand). */
const L_C2 = lit(2 ** -52 * (1 + 2 ** -31));

/**
 * Widening mode: `dst` = a lower (upper if `up`) bound of the exact sum a_1 + … + a_k of
 * k ≥ 3 doubles, with one widening for the whole chain.
 *
 * Code: s_1 = a_1, s_j = RN(s_{j−1} + a_j) (j = 2…k), A' = the round-to-nearest sum of
 * |s_2|, …, |s_k| (left to right); if 2^−960 ≤ A' < 2^1000 the bound is RN(s_k − RN(C2·A'))
 * (RN(s_k + RN(C2·A')) for the upper one), otherwise the chain of one-step widened sums
 * of {@link sumSnippet} (downSum/upSum after every addition: zeros, tiny, huge, ±∞, NaN).
 *
 * Proof (lower bound; the upper one is the mirror). u = 2^−53, Σ = the exact sum.
 * (1) Every step has |s_j − (s_{j−1} + a_j)| ≤ u·|s_j| (RN's relative error, measured at
 *     the result; a subnormal result of + is exact), so |s_k − Σ| ≤ u·A with
 *     A = Σ_{j≥2} |s_j|, and |s_k| ≤ A.
 * (2) A' sums k − 1 ≤ 2^20 non-negative doubles, so A ≤ A'/(1 − γ) with γ = k·u/(1 − k·u)
 *     ≤ 2^−32 (Higham, recursive summation). A' ≥ 2^−960 keeps C2·A' ≥ 2^−1012 normal,
 *     so E = RN(C2·A') ≥ C2·A'·(1 − u); A' < 2^1000 means no partial sum overflowed (each
 *     |s_j| ≤ A') and every term was finite (an infinite or NaN term makes A' = ∞ or NaN,
 *     and the comparison fails).
 * (3) RN(s_k − E) ≤ (s_k − E) + u·|s_k − E| ≤ s_k − E + u·(A + E), which is ≤ s_k − u·A
 *     ≤ Σ as soon as E·(1 − u) ≥ 2u·A, i.e. E ≥ 2u·A'/((1 − u)(1 − γ)); and
 *     C2·(1 − u)² (1 − γ) ≥ 2u·(1 + 2^−31)(1 − 2^−32 − 2^−52) ≥ 2u. ∎
 * Signs: for terms ≥ 0 the partial sums increase, so A ≤ (k − 1)·s_k and E ≤ 2^−51·k·s_k
 * < s_k: the bound is ≥ 0, and > 0 (s_k ≥ A'/k ≥ 2^−980, so s_k − E is normal) when the
 * bound is used; the fallback chain keeps signs as in {@link sumSnippet}.
 */
function batchSumSnippet(dst: string, xs: readonly Opnd[], up: boolean): string {
  const chain = [`let _s = ${xs[0]!.s} + ${xs[1]!.s}, _A = Math.abs(_s);`];
  for (let j = 2; j < xs.length; j++) chain.push(`_s = _s + ${xs[j]!.s}; _A = _A + Math.abs(_s);`);
  const slow = [`let _w = 0; ${sumSnippet('_w', xs[0]!, xs[1]!, up, true)}`];
  for (let j = 2; j < xs.length; j++) slow.push(sumSnippet('_w', { s: '_w' }, xs[j]!, up, true));
  return (
    `{ ${chain.join(' ')}\nif (_A >= ${L_BATCH_LO} && _A < ${L_BATCH_HI}) ${dst} = _s ${up ? '+' : '-'} _A * ${L_C2};\n` +
    `else { ${slow.join(' ')} ${dst} = _w; } }`
  );
}

/**
 * `dst = divDown(n, d)` (or divUp), eft.ts verbatim: for |q| ≥ TINY and TINY ≤ |q·d| < HUGE
 * the exact residual `(n − p) − productError(q, d, p)` decides; otherwise the kernel's
 * divDown/divUp (smallQuotient).
 */
function quotSnippet(dst: string, n: Opnd, d: Opnd, up: boolean, fast: boolean): string {
  if (fast) {
    const exact = d.k !== undefined && isPowerOfTwo(d.k);
    return (
      `{ const _q = ${n.s} / ${d.s}, _aq = Math.abs(_q); if (_aq >= ${L_TINY} && _aq < ${L_HUGE}) ` +
      `${dst} = ${exact ? '_q' : `_q ${up ? '+' : '-'} _aq * ${L_EPS}`}; else ${dst} = ${up ? 'divUp' : 'divDown'}(${n.s}, ${d.s}); }`
    );
  }
  const sd = split('_b', d);
  const err = `_al * ${sd.l} - (((_p - _ah * ${sd.h}) - _al * ${sd.h}) - _ah * ${sd.l})`;
  const keep = up ? `(${d.s} > 0 ? _r <= 0 : _r >= 0)` : `(${d.s} > 0 ? _r >= 0 : _r <= 0)`;
  return (
    `{ const _q = ${n.s} / ${d.s}, _aq = Math.abs(_q); let _ok = false; ` +
    `if (_aq >= ${L_TINY}) { const _p = _q * ${d.s}, _ap = Math.abs(_p); ` +
    `if (_ap >= ${L_TINY} && _ap < ${L_HUGE}) { const _at = ${L_SPL} * _q, _ah = _at - (_at - _q), _al = _q - _ah; ${sd.code}` +
    `const _r = (${n.s} - _p) - (${err}); ${dst} = _q ${up ? '+' : '-'} _aq * ${L_EPS} * (${keep} ^ 1); _ok = true; } } ` +
    `if (!_ok) ${dst} = ${up ? 'divUp' : 'divDown'}(${n.s}, ${d.s}); }`
  );
}

/**
 * `dst = cube(x, up)`, eft.ts verbatim (the fused error-free x³: the exact errors of
 * s = m² and t = s·m with m = |x| direct the rounding), with eft.ts's fallback
 * `cube(x, up)` called whenever the kernel would take its slow path (`cubeSlow`).
 * Departures from eft.ts's text, each giving the same double:
 * - m = |x| (`Math.abs`) instead of `neg ? −x : x`: they differ only at x = −0, where
 *   t = 0 < TINY and the fallback is taken;
 * - the signs as integers: sg = 1 − 2·[x < 0] (the kernel's `neg ? −1 : 1`), d = ±sg
 *   (the kernel's `upper !== neg ? 1 : −1`), and `neg ? −r : r` as r·sg (an exact
 *   negation or identity);
 * - `c ? y + w : y` as `y + w·[c]` (see "Branch-free rounding decisions"; here y = t
 *   or s, > 0, so y + ±0 = y);
 * - `d > 0 ? up(v) : down(v)` (rounding.ts) as `v + d·(|v|·EPS + MIN)`: v = RN(s'·m) > 0
 *   is never −∞ (up's special case; up(+∞) = +∞ = ∞ + X), and for d < 0 the factor s'
 *   is s or s − s·EPS ≤ s, so v ≤ RN(s·m) = t is finite and down's special case (+∞)
 *   does not arise; d·X = ±X exactly and v + (−X) = v − X.
 */
function cubeSnippet(dst: string, x: Opnd, up: boolean, fast: boolean): string {
  if (fast) {
    return (
      `{ const _m = Math.abs(${x.s}), _sg = 1 - ((${x.s} < 0) << 1), _d = ${up ? '_sg' : '-_sg'}, _s = _m * _m, _t = _s * _m; ` +
      `if (_t >= ${L_TINY} && _t < ${L_HUGE}) { const _v = (_s + _d * _s * ${L_EPS}) * _m; ` +
      `${dst} = (_v + _d * (_v * ${L_EPS} + ${L_MIN})) * _sg; } else ${dst} = cube(${x.s}, ${up}); }`
    );
  }
  const f = (c: string) => `((${c}) ^ 0)`;
  return (
    `{ const _m = Math.abs(${x.s}), _sg = 1 - ((${x.s} < 0) << 1), _d = ${up ? '_sg' : '-_sg'}, _s = _m * _m, _t = _s * _m; let _ok = false; ` +
    `if (_t >= ${L_TINY}) { let _c = ${L_SPL} * _m; const _mh = _c - (_c - _m), _ml = _m - _mh; _c = ${L_SPL} * _s; ` +
    `const _sh = _c - (_c - _s), _sl = _s - _sh; const _e1 = _ml * _ml - ((_s - _mh * _mh) - (_mh + _mh) * _ml); ` +
    `const _e2 = _sl * _ml - (((_t - _sh * _mh) - _sl * _mh) - _sh * _ml); ` +
    `if (_e1 - _e1 === 0 && _e2 - _e2 === 0) { let _r = 0; if (_e1 === 0) _r = _t + _d * _t * ${L_EPS} * ${f('_e2 * _d > 0')}; ` +
    `else { const _v = (_s + _d * _s * ${L_EPS} * ${f('_e1 * _d > 0')}) * _m; _r = _v + _d * (Math.abs(_v) * ${L_EPS} + ${L_MIN}); } ` +
    `${dst} = _r * _sg; _ok = true; } } ` +
    `if (!_ok) ${dst} = cube(${x.s}, ${up}); }`
  );
}

/** A generated statement group: its code, the values it reads and the value it defines. */
interface Op {
  code: string;
  reads: readonly string[];
  /** The value defined (`v7`: locals a7, b7), if any. */
  def?: string;
}

/** Names of the kernel functions the generated code may call. */
const KERNEL_FNS = [
  'mul',
  'div',
  'sqr',
  'powInt',
  'pow',
  'sqrt',
  'exp',
  'log',
  'log1p',
  'sin',
  'cos',
  'tanh',
  'abs',
  'sigmoid',
  'softplus',
  'relu',
  'max',
  'min',
  'sign',
  'step',
  'mulDown',
  'mulUp',
  'sqrDown',
  'sqrUp',
  'divDown',
  'divUp',
  'cube',
] as const;

/**
 * Chunk budget, in characters of generated source per chunk function (a proxy for its
 * bytecode size). Large enough that the calls between chunks and the register traffic
 * cost little, small enough that TurboFan optimizes every chunk (it gives up on large
 * functions: one function for the whole 40-term polynomial of the bench, ~100 k
 * characters, ran about 40× slower). Measured on `npm run bench -- eval` in widening
 * mode: 8 k characters 6.2× slower than float on Example 6, 16 k 5.2×, 24–48 k 4.4–4.5×
 * (the whole residual in one chunk); the polynomial alike from 8 k to 48 k.
 */
const CHUNK_CHARS = 32_000;

const isIntNum = (e: Expr, v: number) => e.kind === 'num' && e.value.isInteger() && e.value.num === BigInt(v);

const constCache = new WeakMap<Expr, boolean>();
/** True when the expression has no variables (cached per node). */
function isConstantExpr(e: Expr): boolean {
  let v = constCache.get(e);
  if (v === undefined) {
    v = freeVariables(e).size === 0;
    constCache.set(e, v);
  }
  return v;
}

/** Compilation stopped at its deadline (callers that pass one must catch it; nothing was compiled). */
export class CompileTimeout extends TimeLimitReached {
  constructor() {
    super('compilation stopped at the time limit (a caller that passes a deadline must catch CompileTimeout)');
  }
}

/** How the inlined operations round: see "Two rounding modes" at the top of this file. */
export type IntervalRounding = 'widen' | 'tight';

export class IntervalGen {
  readonly ops: Op[] = [];
  /** Widening mode ('widen'): every inexact-or-not result is widened by one step. */
  private readonly fast: boolean;
  private readonly memo = new Map<string, Val>();
  private n = 0;
  /** Nodes visited since the clock was last read (see `deadline`). */
  private tick = 0;

  /**
   * `deadline` (a Date.now() value, default +∞): generation throws CompileTimeout once it is
   * past. The source of a large system (a 64-term logistic residual and its gradients: 54 MB)
   * takes seconds to generate, which must not run past a command's --time-limit.
   */
  constructor(
    rounding: IntervalRounding = 'widen',
    private readonly deadline = Infinity,
  ) {
    this.fast = rounding === 'widen';
  }

  private clock(): void {
    if (++this.tick >= 1024) {
      this.tick = 0;
      if (Date.now() >= this.deadline) throw new CompileTimeout();
    }
  }

  /** Emits an op defining a new value from `body`, which assigns `a${id}`/`b${id}`. */
  private define(body: (lo: string, hi: string) => string, reads: readonly string[]): Val {
    const id = this.n++;
    const v = `v${id}`;
    this.ops.push({ code: `let a${id} = 0, b${id} = 0;\n${body(`a${id}`, `b${id}`)}`, reads: [...new Set(reads)], def: v });
    return { lo: { s: `a${id}` }, hi: { s: `b${id}` }, refs: [v] };
  }

  /**
   * The kernel's result for constant arguments, computed now (the same function on the
   * same doubles as at run time), or undefined if an argument is not a constant.
   */
  private fold(fn: string, args: readonly Val[], extra?: number): Val | undefined {
    if (!args.every((a) => a.lo.k !== undefined && a.hi.k !== undefined)) return undefined;
    const list = args.flatMap((a) => [a.lo.k!, a.hi.k!]);
    if (extra !== undefined) list.push(extra);
    (kernel as unknown as Record<string, (...xs: number[]) => void>)[fn]!(...list);
    return this.constant(kernel.OUT[0]!, kernel.OUT[1]!);
  }

  /** A kernel call `fn(args)` whose result is read from OUT. */
  private viaKernel(fn: string, args: readonly Val[], extra?: number): Val {
    const folded = this.fold(fn, args, extra);
    if (folded) return folded;
    const list = args.flatMap((a) => [a.lo.s, a.hi.s]);
    if (extra !== undefined) list.push(String(extra));
    return this.define(
      (lo, hi) => `${fn}(${list.join(', ')}); ${lo} = OUT[0]; ${hi} = OUT[1];`,
      args.flatMap((a) => a.refs),
    );
  }

  interval(e: Expr): Val {
    this.clock();
    const key = structuralKey(e);
    const hit = this.memo.get(key);
    if (hit) return hit;
    const r = this.node(e);
    this.memo.set(key, r);
    return r;
  }

  private constant(lo: number, hi: number): Val {
    const sg: Sign | undefined = lo > 0 ? 'pos' : lo >= 0 ? 'P' : hi < 0 ? 'neg' : hi <= 0 ? 'N' : undefined;
    return { lo: konst(lo), hi: konst(hi), refs: [], sg };
  }

  private node(e: Expr): Val {
    // Constant subexpressions are enclosed once, at compile time, by the tree interpreter
    // on the same kernel: the same enclosure as evaluating them at run time.
    if (e.kind !== 'num' && e.kind !== 'const' && isConstantExpr(e)) {
      const iv = interpretInterval(e, []);
      return this.constant(iv.lo, iv.hi);
    }
    switch (e.kind) {
      case 'num': {
        const iv = Interval.fromRational(e.value);
        return this.constant(iv.lo, iv.hi);
      }
      case 'const': {
        const iv = constInterval(e);
        return this.constant(iv.lo, iv.hi);
      }
      case 'var':
        return { lo: { s: `l${e.index}` }, hi: { s: `h${e.index}` }, refs: [`x${e.index}`] };
      case 'neg': {
        // −[l, h] = [−h, −l], exact: no code, the operands are negated where they are read.
        const a = this.interval(e.arg);
        return withSign({ lo: negOp(a.hi), hi: negOp(a.lo), refs: a.refs }, flip(a.sg));
      }
      case 'add':
        if (this.fast && e.terms.length >= 3 && e.terms.length <= MAX_BATCH_TERMS) return this.addN(e.terms.map((t) => this.interval(t)));
        return this.foldN('+', e.terms, (a, b) => this.add(a, b));
      case 'mul':
        return this.foldN('*', e.factors, (a, b) => this.mul(a, b));
      case 'div':
        return this.div(this.interval(e.num), this.interval(e.den));
      case 'pow': {
        const a = this.interval(e.base);
        if (isIntNum(e.exponent, 2)) return this.sqr(a);
        if (isIntNum(e.exponent, 3)) return this.cube(a);
        if (isIntNum(e.exponent, 4)) return this.sqr(this.sqr(a)); // = kernel powInt(·, 4), see sqr()
        if (isIntNum(e.exponent, 1)) return a;
        if (e.exponent.kind === 'num' && e.exponent.value.isInteger() && Math.abs(Number(e.exponent.value.num)) < 2 ** 31) {
          return this.viaKernel('powInt', [a], Number(e.exponent.value.num));
        }
        return this.viaKernel('pow', [a, this.interval(e.exponent)]);
      }
      case 'call':
        return this.viaKernel(
          e.fn,
          e.args.map((x) => this.interval(x)),
        );
    }
  }

  /**
   * Left fold of an n-ary add/mul (the order of the tree interpreter), memoizing every
   * partial result by the structural keys of its prefix, so that `c·u` and `c·u·v` share
   * the product `c·u` (the same operations on the same operands: the same double).
   */
  private foldN(op: string, xs: readonly Expr[], f: (a: Val, b: Val) => Val): Val {
    let acc = this.interval(xs[0]!);
    let prefix = structuralKey(xs[0]!);
    for (let i = 1; i < xs.length; i++) {
      prefix += ` ${structuralKey(xs[i]!)}`;
      const k = `(${op} ${prefix})`;
      const hit = i < xs.length - 1 ? this.memo.get(k) : undefined;
      if (hit) {
        acc = hit;
        continue;
      }
      acc = f(acc, this.interval(xs[i]!));
      if (i < xs.length - 1) this.memo.set(k, acc);
    }
    return acc;
  }

  /**
   * Widening mode, a sum of k ≥ 3 terms: each endpoint summed left to right in
   * round-to-nearest and widened once, by the a-priori bound of the whole chain (see
   * {@link batchSumSnippet}), instead of after every addition: about the same width, and
   * a dependency chain of one addition per term instead of four operations. Known signs
   * as in {@link add}; batchSumSnippet proves that its bound keeps them.
   */
  private addN(vs: readonly Val[]): Val {
    const allP = vs.every(isP);
    const allN = vs.every(isN);
    const sg: Sign | undefined = allP ? (vs.some((v) => v.sg === 'pos') ? 'pos' : 'P') : allN ? (vs.some((v) => v.sg === 'neg') ? 'neg' : 'N') : undefined;
    const v = this.define(
      (lo, hi) =>
        `${batchSumSnippet(
          lo,
          vs.map((x) => x.lo),
          false,
        )}\n${batchSumSnippet(
          hi,
          vs.map((x) => x.hi),
          true,
        )}`,
      vs.flatMap((x) => x.refs),
    );
    return withSign(v, sg);
  }

  /** kernel.add: [addDown(al, bl), addUp(ah, bh)]. */
  private add(a: Val, b: Val): Val {
    const folded = this.fold('add', [a, b]);
    if (folded) return folded;
    const sg: Sign | undefined =
      isP(a) && isP(b) ? (a.sg === 'pos' || b.sg === 'pos' ? 'pos' : 'P') : isN(a) && isN(b) ? (a.sg === 'neg' || b.sg === 'neg' ? 'neg' : 'N') : undefined;
    const v = this.define(
      (lo, hi) => `${sumSnippet(lo, a.lo, b.lo, false, this.fast)}\n${sumSnippet(hi, a.hi, b.hi, true, this.fast)}`,
      [...a.refs, ...b.refs],
    );
    return withSign(v, sg);
  }

  /**
   * kernel.mul: the same selection of the corner operands (x1·y1 for the lower bound,
   * x2·y2 for the upper one) by the signs of the endpoints, then one mulDown and one
   * mulUp inlined. Both straddling 0 (or NaN): the kernel's mul itself. With one factor a
   * constant point [c, c] (c ≠ 0, finite), the selection is known at compile time
   * (arith.ts's table with al = ah = c): c > 0 gives [mulDown(c, bl), mulUp(c, bh)],
   * c < 0 gives [mulDown(c, bh), mulUp(c, bl)] (and symmetrically for b = [c, c], with c
   * as the second operand), for every b including NaN.
   */
  private mul(a: Val, b: Val): Val {
    const folded = this.fold('mul', [a, b]);
    if (folded) return folded;
    const refs = [...a.refs, ...b.refs];
    const pointOf = (v: Val) => (v.lo.k !== undefined && v.lo.k === v.hi.k && v.lo.k !== 0 && Number.isFinite(v.lo.k) ? v.lo.k : undefined);
    const ca = pointOf(a);
    const cb = pointOf(b);
    const sg = productSign(a, b);
    if (ca !== undefined) {
      const [y1, y2] = ca > 0 ? [b.lo, b.hi] : [b.hi, b.lo];
      return withSign(
        this.define((lo, hi) => `${prodSnippet(lo, a.lo, y1, false, this.fast)}\n${prodSnippet(hi, a.lo, y2, true, this.fast)}`, refs),
        sg,
      );
    }
    if (cb !== undefined) {
      const [x1, x2] = cb > 0 ? [a.lo, a.hi] : [a.hi, a.lo];
      return withSign(
        this.define((lo, hi) => `${prodSnippet(lo, x1, b.lo, false, this.fast)}\n${prodSnippet(hi, x2, b.lo, true, this.fast)}`, refs),
        sg,
      );
    }
    const [al, ah, bl, bh] = [a.lo.s, a.hi.s, b.lo.s, b.hi.s];
    // arith.ts's sign table, with the tests whose outcome is known removed (see Sign).
    // b-dispatch inside each a-branch: [b ≥ 0 case, b ≤ 0 case, b straddling 0].
    const bTests = (cases: [string, string, string]): string => {
      if (b.sg === 'pos' || b.sg === 'P') return cases[0];
      if (b.sg === 'neg') return cases[1];
      if (b.sg === 'N') return `if (${bl} >= 0) { ${cases[0]} } else { ${cases[1]} }`;
      return `if (${bl} >= 0) { ${cases[0]} } else if (${bh} <= 0) { ${cases[1]} } else { ${cases[2]} }`;
    };
    const aP = bTests([`_x1 = ${al};`, `_x2 = ${al};`, '']);
    const aN = bTests([
      `_x1 = ${al}; _y1 = ${bh}; _y2 = ${bl};`,
      `_y1 = ${bh}; _x2 = ${al}; _y2 = ${bl};`,
      `_x1 = ${al}; _y1 = ${bh}; _x2 = ${al}; _y2 = ${bl};`,
    ]);
    const aM = bTests([`_x1 = ${al}; _y1 = ${bh};`, `_x2 = ${al}; _y2 = ${bl};`, '_mm = true;']);
    const dispatch =
      a.sg === 'pos' || a.sg === 'P'
        ? aP
        : a.sg === 'neg'
          ? aN
          : a.sg === 'N'
            ? `if (${al} >= 0) { ${aP} } else { ${aN} }`
            : `if (${al} >= 0) { ${aP} } else if (${ah} <= 0) { ${aN} } else { ${aM} }`;
    const X1 = { s: '_x1' };
    const Y1 = { s: '_y1' };
    const X2 = { s: '_x2' };
    const Y2 = { s: '_y2' };
    return withSign(
      this.define(
        (lo, hi) =>
          `{ let _x1 = ${ah}, _y1 = ${bl}, _x2 = ${ah}, _y2 = ${bh}, _mm = false;\n${dispatch}\n` +
          `if (_mm) { mul(${al}, ${ah}, ${bl}, ${bh}); ${lo} = OUT[0]; ${hi} = OUT[1]; }\n` +
          `else { ${prodSnippet(lo, X1, Y1, false, this.fast)}\n${prodSnippet(hi, X2, Y2, true, this.fast)} } }`,
        refs,
      ),
      sg,
    );
  }

  /**
   * kernel.div: for b > 0 the lower bound is divDown(al, al ≥ 0 ? bh : bl) and the upper
   * divUp(ah, ah ≤ 0 ? bh : bl); for b < 0 divDown(ah, ah ≤ 0 ? bl : bh) and
   * divUp(al, al ≥ 0 ? bl : bh); otherwise (0 ∈ b, or NaN) [NaN, NaN]. A constant
   * divisor c > 0 (c < 0) fixes the branch at compile time (bl = bh = c).
   */
  private div(a: Val, b: Val): Val {
    const folded = this.fold('div', [a, b]);
    if (folded) return folded;
    const refs = [...a.refs, ...b.refs];
    const sg = productSign(a, b);
    const c = b.lo.k !== undefined && b.lo.k === b.hi.k ? b.lo.k : undefined;
    if (c !== undefined && (c > 0 || c < 0)) {
      const [n1, n2] = c > 0 ? [a.lo, a.hi] : [a.hi, a.lo];
      return withSign(
        this.define((lo, hi) => `${quotSnippet(lo, n1, b.lo, false, this.fast)}\n${quotSnippet(hi, n2, b.lo, true, this.fast)}`, refs),
        sg,
      );
    }
    const [al, ah, bl, bh] = [a.lo.s, a.hi.s, b.lo.s, b.hi.s];
    // `al >= 0 ? x : y` and `ah <= 0 ? x : y` with a known sign of a (see Sign: an empty a
    // makes both quotients NaN whichever divisor endpoint is chosen).
    const ifAlNonNeg = (x: string, y: string) => (isP(a) ? x : a.sg === 'neg' ? y : `${al} >= 0 ? ${x} : ${y}`);
    const ifAhNonPos = (x: string, y: string) => (isN(a) ? x : a.sg === 'pos' ? y : `${ah} <= 0 ? ${x} : ${y}`);
    const positive = `_n1 = ${al}; _d1 = ${ifAlNonNeg(bh, bl)}; _n2 = ${ah}; _d2 = ${ifAhNonPos(bh, bl)};`;
    const negative = `_n1 = ${ah}; _d1 = ${ifAhNonPos(bl, bh)}; _n2 = ${al}; _d2 = ${ifAlNonNeg(bl, bh)};`;
    const dispatch =
      b.sg === 'pos' ? positive : b.sg === 'neg' ? negative : `if (${bl} > 0) { ${positive} }\nelse if (${bh} < 0) { ${negative} }\nelse _u = true;`;
    const N1 = { s: '_n1' };
    const D1 = { s: '_d1' };
    const N2 = { s: '_n2' };
    const D2 = { s: '_d2' };
    return withSign(
      this.define(
        (lo, hi) =>
          `{ let _n1 = 0, _d1 = 0, _n2 = 0, _d2 = 0, _u = false;\n${dispatch}\n` +
          `if (_u) { ${lo} = NaN; ${hi} = NaN; }\n` +
          `else { ${quotSnippet(lo, N1, D1, false, this.fast)}\n${quotSnippet(hi, N2, D2, true, this.fast)} } }`,
        refs,
      ),
      sg,
    );
  }

  /**
   * kernel.sqr: [sqrDown(x1), sqrUp(x2)] with (x1, x2) = (al, ah) for al ≥ 0, (ah, al) for
   * ah ≤ 0, (0, the endpoint of larger magnitude) when 0 is inside, (NaN, NaN) for NaN.
   * powInt(·, 4) is sqr(sqr(·)): the kernel's n = 4 path computes sqrDown(sqrDown(·)) and
   * sqrUp(sqrUp(·)) of the same endpoints, and 0 when 0 is inside (= sqrDown(0)).
   */
  private sqr(a: Val): Val {
    const [al, ah] = [a.lo.s, a.hi.s];
    const X1 = { s: '_x1' };
    const X2 = { s: '_x2' };
    const folded = this.fold('sqr', [a]);
    if (folded) return folded;
    const v = this.define(
      (lo, hi) =>
        `{ let _x1 = ${al}, _x2 = ${ah};\n` +
        (isP(a)
          ? '' // al ≥ 0 (or empty: NaN either way)
          : a.sg === 'neg'
            ? `_x1 = ${ah}; _x2 = ${al};\n`
            : `if (${al} >= 0) {} else if (${ah} <= 0) { _x1 = ${ah}; _x2 = ${al}; } else if (${ah} > 0) { _x1 = 0; if (-${al} > ${ah}) _x2 = ${al}; }\n`) +
        `${sqrSnippet(lo, X1, false, this.fast)}\n${sqrSnippet(hi, X2, true, this.fast)} }`,
      a.refs,
    );
    return withSign(v, 'P');
  }

  /** kernel.powInt(·, 3): [cube(al, false), cube(ah, true)] (x³ is increasing). */
  private cube(a: Val): Val {
    const folded = this.fold('powInt', [a], 3);
    if (folded) return folded;
    return this.define((lo, hi) => `${cubeSnippet(lo, a.lo, false, this.fast)}\n${cubeSnippet(hi, a.hi, true, this.fast)}`, a.refs);
  }

  /**
   * The generated module: chunk functions (each loads the variables and the earlier values
   * it reads, from `lo/hi` and the register `T`, and stores the values read later), then
   * `evalInterval` calling them in order and writing the outputs.
   */
  assemble(outs: readonly Val[]): string {
    // Output writes are the last op.
    this.ops.push({
      code: outs.map((o, k) => `outLo[${k}] = ${o.lo.s}; outHi[${k}] = ${o.hi.s};`).join('\n'),
      reads: [...new Set(outs.flatMap((o) => o.refs))],
    });
    const chunks: Op[][] = [];
    let cur: Op[] = [];
    let w = 0;
    for (const op of this.ops) {
      if (cur.length && w + op.code.length > CHUNK_CHARS) {
        chunks.push(cur);
        cur = [];
        w = 0;
      }
      cur.push(op);
      w += op.code.length;
    }
    chunks.push(cur);
    // chunk index where each value is defined; the last chunk reading it
    const defChunk = new Map<string, number>();
    const lastRead = new Map<string, number>();
    chunks.forEach((ops, c) =>
      ops.forEach((op) => {
        for (const r of op.reads) lastRead.set(r, c);
        if (op.def) defChunk.set(op.def, c);
      }),
    );
    const slot = new Map<string, number>();
    const slotOf = (v: string) => {
      let s = slot.get(v);
      if (s === undefined) {
        s = slot.size;
        slot.set(v, s);
      }
      return s;
    };
    const fns = chunks.map((ops, c) => {
      this.clock();
      const head: string[] = [];
      const tail: string[] = [];
      const seen = new Set<string>();
      for (const op of ops) {
        for (const r of op.reads) {
          if (seen.has(r)) continue;
          seen.add(r);
          if (r.startsWith('x')) head.push(`const l${r.slice(1)} = lo[${r.slice(1)}], h${r.slice(1)} = hi[${r.slice(1)}];`);
          else if (defChunk.get(r) !== c) {
            const s = slotOf(r);
            head.push(`const a${r.slice(1)} = T[${2 * s}], b${r.slice(1)} = T[${2 * s + 1}];`);
          }
        }
        if (op.def) seen.add(op.def);
        if (op.def && (lastRead.get(op.def) ?? -1) > c) {
          const s = slotOf(op.def);
          tail.push(`T[${2 * s}] = a${op.def.slice(1)}; T[${2 * s + 1}] = b${op.def.slice(1)};`);
        }
      }
      // stores go right after each definition would also work; at the end is simpler
      return `function c${c}(lo, hi, outLo, outHi) {\n${head.join('\n')}\n${ops.map((o) => o.code).join('\n')}\n${tail.join('\n')}\n}`;
    });
    const prelude = `const { OUT, ${KERNEL_FNS.join(', ')} } = K;\nconst T = new Float64Array(${Math.max(2, 2 * slot.size)});`;
    const main = `return function evalInterval(lo, hi, outLo, outHi) {\n${chunks.map((_, c) => `c${c}(lo, hi, outLo, outHi);`).join('\n')}\n};`;
    return `${prelude}\n${fns.join('\n')}\n${main}`;
  }
}

/** Source of the interval evaluator of `exprs` (a function body of (K), see compileInterval). */
export function generateInterval(exprs: readonly Expr[], rounding: IntervalRounding = 'widen', deadline = Infinity): string {
  const g = new IntervalGen(rounding, deadline);
  const outs = exprs.map((e) => g.interval(e));
  return g.assemble(outs);
}
