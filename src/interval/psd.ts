/**
 * A rigorous positive-definiteness test for symmetric interval matrices (used per box in a
 * branch and bound, n ≤ ~10): `provePositiveDefinite(n, lo, hi)` is true only when every
 * symmetric real matrix M with M_ij ∈ [lo_ij, hi_ij] ∩ [lo_ji, hi_ji] is positive definite.
 *
 * The member set. Entry (i, j), i ≥ j, of every member lies in the intersection
 * A_ij = [max(lo_ij, lo_ji), min(hi_ij, hi_ji)] (the diagonal in [lo_ii, hi_ii]). A NaN or
 * infinite bound anywhere (even on the side that the intersection does not use), or an
 * empty intersection, answers false ("not proved"; an empty set would make the claim
 * vacuous, but the caller's enclosure is then broken).
 *
 * Soundness of the two methods (either one proving is enough). Both end in an interval
 * Cholesky factorisation (`choleskyInPlace`), sound for the reason below.
 *
 * Interval Cholesky. For a symmetric M, Cholesky without pivoting computes
 * d_j = m_jj − Σ_{k<j} l_jk², l_jj = √d_j, l_ij = (m_ij − Σ_{k<j} l_ik l_jk)/l_jj, and
 * d_j = det M[0..j] / det M[0..j−1]; so all d_j > 0 iff all leading principal minors are
 * positive iff M is positive definite (Sylvester). The same recurrence on the kernel's
 * intervals (`sqr`, `mul`, `sub`, `sqrt`, `div`, each enclosing the exact image of its
 * arguments, every rounding outward) gives, by induction over the steps, an interval D_j
 * containing the exact d_j of every member (inclusion isotonicity: the exact l_ik of a
 * member lie in the computed L_ik, so every quantity computed from them lies in the
 * interval computed from the L_ik). If each lower end of D_j is > 0, every member has
 * positive pivots (and its exact recurrence never divides by 0 nor takes √ of a negative
 * number). A NaN (a kernel domain error, or ∞ − ∞ after an overflow) fails the `> 0` test.
 *
 * Method 1, midpoint and perturbation (`proveByMidpoint`). C_ij is a double (the rounded
 * midpoint of A_ij) and R_ij ≥ max(hi − C_ij, C_ij − lo) is rounded up by `addUp`, so
 * |M_ij − C_ij| ≤ R_ij for every member; R is symmetric and non-negative. With r ≥ the
 * largest row sum of R (sums rounded up by `addUp`): ‖M − C‖₂ = ρ(M − C) ≤ ρ(R) ≤ ‖R‖∞ ≤ r
 * (Perron–Frobenius, since |M − C| ≤ R entrywise; ρ is below every induced norm), and by
 * Weyl λ_min(M) ≥ λ_min(C) − ‖M − C‖₂ ≥ λ_min(C) − r. The exact point matrix C − rI is
 * then proved positive definite by the interval Cholesky (off-diagonal entries as degenerate
 * intervals, diagonal [addDown(C_ii, −r), addUp(C_ii, −r)] ∋ C_ii − r): λ_min(C) > r, hence
 * λ_min(M) > 0 for every member.
 *
 * Method 2, direct (`proveByCholesky`): the interval Cholesky of [A] itself.
 *
 * Allocation: the work arrays live in this module and grow only when a larger n comes; the
 * functions are synchronous, so sharing them is safe. They overwrite the kernel's `OUT`.
 */
import { div, mul, sqr, sub } from './arith.js';
import { addDown, addUp } from './eft.js';
import { sqrt } from './elementary.js';
import { OUT } from './out.js';

/** Lower/upper ends of the intersected symmetric entries (lower triangle, row-major n×n). */
let aLo = new Float64Array(0);
let aHi = new Float64Array(0);
/** Work matrix for the Cholesky factor (lower triangle, row-major n×n). */
let lLo = new Float64Array(0);
let lHi = new Float64Array(0);
/** Row sums of the radius matrix (method 1). */
let rowSum = new Float64Array(0);

function ensureCapacity(n: number): void {
  const nn = n * n;
  if (aLo.length < nn) {
    aLo = new Float64Array(nn);
    aHi = new Float64Array(nn);
    lLo = new Float64Array(nn);
    lHi = new Float64Array(nn);
    rowSum = new Float64Array(n);
  }
}

/**
 * Fills `aLo/aHi` (lower triangle) with the intersected entries. False when n is not a
 * positive integer, an array is too short, a bound is NaN or ±∞, an intersection is empty,
 * or a diagonal entry can be ≤ 0 (then some member is not positive definite, a quick no).
 */
function loadEntries(n: number, lo: ArrayLike<number>, hi: ArrayLike<number>): boolean {
  if (!Number.isInteger(n) || n < 1 || lo.length < n * n || hi.length < n * n) return false;
  ensureCapacity(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const ij = i * n + j;
      const ji = j * n + i;
      const l1 = lo[ij]!;
      const l2 = lo[ji]!;
      const h1 = hi[ij]!;
      const h2 = hi[ji]!;
      // Every bound must be finite (NaN and ±∞ fail), even where the other side is tighter.
      if (!(Number.isFinite(l1) && Number.isFinite(l2) && Number.isFinite(h1) && Number.isFinite(h2))) return false;
      const l = l1 > l2 ? l1 : l2;
      const h = h1 < h2 ? h1 : h2;
      if (!(l <= h)) return false;
      aLo[ij] = l;
      aHi[ij] = h;
    }
    if (!(aLo[i * n + i]! > 0)) return false;
  }
  return true;
}

/**
 * Interval Cholesky of the symmetric interval matrix whose lower triangle is in
 * `lLo/lHi` (overwritten by the factor). True iff every pivot interval has lower end > 0.
 */
function choleskyInPlace(n: number): boolean {
  for (let j = 0; j < n; j++) {
    const jn = j * n;
    // d_j = a_jj − Σ_{k<j} l_jk²
    let dl = lLo[jn + j]!;
    let dh = lHi[jn + j]!;
    for (let k = 0; k < j; k++) {
      sqr(lLo[jn + k]!, lHi[jn + k]!);
      sub(dl, dh, OUT[0]!, OUT[1]!);
      dl = OUT[0]!;
      dh = OUT[1]!;
    }
    if (!(dl > 0)) return false; // also false on NaN
    sqrt(dl, dh);
    const sl = OUT[0]!;
    const sh = OUT[1]!;
    lLo[jn + j] = sl;
    lHi[jn + j] = sh;
    // l_ij = (a_ij − Σ_{k<j} l_ik l_jk) / l_jj
    for (let i = j + 1; i < n; i++) {
      const in_ = i * n;
      let vl = lLo[in_ + j]!;
      let vh = lHi[in_ + j]!;
      for (let k = 0; k < j; k++) {
        mul(lLo[in_ + k]!, lHi[in_ + k]!, lLo[jn + k]!, lHi[jn + k]!);
        sub(vl, vh, OUT[0]!, OUT[1]!);
        vl = OUT[0]!;
        vh = OUT[1]!;
      }
      div(vl, vh, sl, sh); // [NaN, NaN] if sl = 0 (√ of a tiny pivot rounded to 0): fails later
      lLo[in_ + j] = OUT[0]!;
      lHi[in_ + j] = OUT[1]!;
    }
  }
  return true;
}

/** Method 2 on the loaded entries: interval Cholesky of the interval matrix itself. */
function choleskyOfEntries(n: number): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const ij = i * n + j;
      lLo[ij] = aLo[ij]!;
      lHi[ij] = aHi[ij]!;
    }
  }
  return choleskyInPlace(n);
}

/** Method 1 on the loaded entries: midpoint matrix C, shift r ≥ ‖R‖∞, Cholesky of C − rI. */
function midpointShift(n: number): boolean {
  rowSum.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const ij = i * n + j;
      const l = aLo[ij]!;
      const h = aHi[ij]!;
      // Any double c works (the radius is measured from it); 0.5·l + 0.5·h cannot overflow.
      const c = l === h ? l : 0.5 * l + 0.5 * h;
      const rad = Math.max(addUp(h, -c), addUp(c, -l)); // ≥ |m − c| for every m ∈ [l, h]
      lLo[ij] = c;
      lHi[ij] = c;
      rowSum[i] = addUp(rowSum[i]!, rad);
      if (j !== i) rowSum[j] = addUp(rowSum[j]!, rad);
    }
  }
  let r = 0;
  for (let i = 0; i < n; i++) r = Math.max(r, rowSum[i]!);
  if (!(r < Infinity)) return false;
  for (let i = 0; i < n; i++) {
    const ii = i * n + i;
    const c = lLo[ii]!;
    lLo[ii] = addDown(c, -r);
    lHi[ii] = addUp(c, -r);
    if (!(lLo[ii]! > 0)) return false; // a pivot-free necessary condition: fail fast
  }
  return choleskyInPlace(n);
}

/**
 * True only when every symmetric matrix M with M_ij ∈ [lo_ij, hi_ij] ∩ [lo_ji, hi_ji]
 * (row-major n×n) is positive definite. NaN, ±∞ or an empty intersection anywhere → false
 * ("not proved"); so is an n that is not a positive integer, or arrays shorter than n².
 * Tries method 1 (midpoint and shift), then method 2 (interval Cholesky of the matrix);
 * see the module comment for why each is sound. Neither subsumes the other: on random
 * interval matrices the direct Cholesky proves more for small n with wide entries, the
 * midpoint test more for larger n (its overestimation does not compound over the steps).
 */
export function provePositiveDefinite(n: number, lo: ArrayLike<number>, hi: ArrayLike<number>): boolean {
  if (!loadEntries(n, lo, hi)) return false;
  return midpointShift(n) || choleskyOfEntries(n);
}

/** Method 2 alone (interval Cholesky of the intersected matrix); same contract as {@link provePositiveDefinite}. */
export function proveByCholesky(n: number, lo: ArrayLike<number>, hi: ArrayLike<number>): boolean {
  return loadEntries(n, lo, hi) && choleskyOfEntries(n);
}

/** Method 1 alone (midpoint C, radius row-sum shift r, Cholesky of C − rI); same contract as {@link provePositiveDefinite}. */
export function proveByMidpoint(n: number, lo: ArrayLike<number>, hi: ArrayLike<number>): boolean {
  return loadEntries(n, lo, hi) && midpointShift(n);
}
