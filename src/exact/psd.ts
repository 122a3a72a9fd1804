import { PolyTimeout } from './polynomial.js';
import { Rational } from './rational.js';

/**
 * Whether vᵀ M v ≥ 0 for every v in the column span of Q, decided exactly: M is a symmetric
 * n×n rational matrix, Q an n×k rational matrix (its columns need not be independent).
 *
 * B = Qᵀ M Q is positive semidefinite iff symmetric elimination never meets a negative
 * diagonal entry, nor a zero diagonal entry whose row is not zero (a 2×2 principal minor
 * b_ii b_jj − b_ij² < 0); eliminating a positive pivot b_ii replaces B by its Schur complement
 * B − b_i b_iᵀ / b_ii, which is PSD iff B is. Past `deadline` (a Date.now() value; read once per
 * pivot) it throws PolyTimeout: a dense 16 × 16 form with 3-digit coefficients took 2.7 s.
 */
export function psdOnSpan(M: readonly (readonly Rational[])[], Q: readonly (readonly Rational[])[], deadline = Infinity): boolean {
  const n = M.length;
  const k = n === 0 ? 0 : Q[0]!.length;
  // MQ (n×k), then B = Qᵀ (MQ) (k×k).
  const MQ = M.map((row) => Array.from({ length: k }, (_, c) => row.reduce((s, m, l) => s.add(m.mul(Q[l]![c]!)), Rational.ZERO)));
  let B: Rational[][] = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, c) => Q.reduce((s, q, l) => s.add(q[a]!.mul(MQ[l]![c]!)), Rational.ZERO)),
  );
  while (B.length > 0) {
    if (Date.now() > deadline) throw new PolyTimeout();
    const m = B.length;
    let pivot = -1;
    for (let i = 0; i < m; i++) {
      const s = B[i]![i]!.sign();
      if (s < 0) return false;
      if (s > 0 && pivot < 0) pivot = i;
      if (s === 0 && B[i]!.some((v) => !v.isZero())) return false;
    }
    if (pivot < 0) return true; // every remaining entry is zero
    const p = B[pivot]![pivot]!;
    const row = B[pivot]!;
    B = B.filter((_, i) => i !== pivot).map((r) => r.filter((_, j) => j !== pivot));
    const rest = row.filter((_, j) => j !== pivot);
    B = B.map((r, i) => r.map((v, j) => v.sub(rest[i]!.mul(rest[j]!).div(p))));
  }
  return true;
}
