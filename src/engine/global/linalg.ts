/**
 * Small dense float linear algebra (row-major d×d arrays). NOT rigorous: these matrices only
 * choose preconditioners and directions (Krawczyk's Y, eigenvector bases, Newton steps); every
 * proof that uses them redoes its arithmetic with outward rounding, valid for any matrix.
 */

/** The inverse of A by Gauss–Jordan elimination with partial pivoting; null if (nearly) singular or not finite. */
export { floatInverse as invert } from '../../expr/nearest-start.js';

/** y = A·x */
export function matVec(A: ArrayLike<number>, x: ArrayLike<number>, d: number): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[i * d + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/**
 * Eigenvectors of the symmetric part of A by cyclic Jacobi rotations: returns V (columns are
 * approximate eigenvectors, V ≈ orthogonal). Any V serves the congruence test it feeds.
 */
export function symEigenvectors(A: ArrayLike<number>, d: number): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (A[i * d + j]! + A[j * d + i]!) / 2;
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  if (!a.every(Number.isFinite)) return v;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < d; i++) {
      diag += a[i * d + i]! ** 2;
      for (let j = i + 1; j < d; j++) off += a[i * d + j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return v;
}
