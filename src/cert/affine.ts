import { Rational } from '../exact/rational.js';
import { build as b, simplify, type Expr } from '../expr/index.js';
import { CertDecodeError } from './canonical.js';

/**
 * The checker's own projection onto S = {x : A x = b}: P(x) = x − Aᵀ(AAᵀ)⁻¹(Ax − b)
 * (the orthogonal projection onto an affine set, for rows of A linearly independent).
 * With rational A the Gram inverse is exact; otherwise A must have one row a, and
 * P(x) = x − a (aᵀx − b)/(aᵀa). The expressions are built in the textbook order so that
 * they coincide with the search's, and are then simplified (exact identities only).
 */
export function affineProjectionMap(A: readonly (readonly Expr[])[], bv: readonly Expr[], vars: readonly string[]): Expr[] {
  const x = vars.map((name, i) => b.variable(i, name));
  const r = A.map((row, k) => b.sub(b.add(...row.map((a, j) => b.mul(a, x[j]!))), bv[k]!)); // A x − b
  if (!A.every((row) => row.every((a) => a.kind === 'num'))) {
    if (A.length !== 1) throw new CertDecodeError('minimizers.affine: with several rows, A must have rational entries');
    const a = A[0]!;
    const aa = b.add(...a.map((v) => b.mul(v, v)));
    return x.map((xi, j) => simplify(b.sub(xi, b.div(b.mul(a[j]!, r[0]!), aa))));
  }
  const Q = A.map((row) => row.map((a) => (a as { value: Rational }).value));
  const gram = Q.map((ri) => Q.map((rj) => ri.reduce((s, v, k) => s.add(v.mul(rj[k]!)), Rational.ZERO)));
  const inv = inverse(gram);
  const m = Q.length;
  return x.map((xj, j) => {
    const corr: Expr[] = [];
    for (let p = 0; p < m; p++) {
      for (let s = 0; s < m; s++) {
        const c = Q[p]![j]!.mul(inv[p]![s]!);
        if (!c.isZero()) corr.push(b.mul(b.num(c), r[s]!));
      }
    }
    return simplify(b.sub(xj, b.add(...corr)));
  });
}

/** Exact inverse by Gauss–Jordan elimination; throws when singular. */
function inverse(G: readonly (readonly Rational[])[]): Rational[][] {
  const n = G.length;
  const M = G.map((row, i) => [...row, ...row.map((_, j) => (i === j ? Rational.ONE : Rational.ZERO))]);
  for (let c = 0; c < n; c++) {
    const p = M.findIndex((row, k) => k >= c && !row[c]!.isZero());
    if (p < 0) throw new CertDecodeError('minimizers.affine: the rows of A are linearly dependent');
    [M[c], M[p]] = [M[p]!, M[c]!];
    const pivot = M[c]![c]!;
    M[c] = M[c]!.map((v) => v.div(pivot));
    for (let k = 0; k < n; k++) {
      const f = M[k]![c]!;
      if (k !== c && !f.isZero()) M[k] = M[k]!.map((v, l) => v.sub(f.mul(M[c]![l]!)));
    }
  }
  return M.map((row) => row.slice(n));
}
