import { Rational } from '../exact/rational.js';
import { build as b, simplify, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';
import { LscertError } from '../errors.js';

/**
 * How x_p ∈ Proj(x, S) is obtained.
 * - `map`: one nearest point, given as expressions in x (explicit map, or the closed-form
 *   projection onto an affine S).
 * - `points`: S is finite; the nearest point depends on the Voronoi cell of x, and with
 *   ties any nearest point may be used ("there exists x_p"). The engine handles cells.
 */
export type ProjectionModel =
  | { readonly kind: 'map'; readonly map: readonly Expr[]; readonly source: 'projection' | 'affine' }
  | {
      readonly kind: 'points';
      readonly points: readonly (readonly Expr[])[];
      /**
       * Coordinates known only as enclosures (S computed by lscert): the points then refer
       * to variables dim, dim+1, … and these are their slots, registered first.
       */
      readonly slots?: readonly { readonly name: string; readonly lo: number; readonly hi: number; readonly how: string }[];
      /**
       * S = {g = 0} given by equations (in the variables 0…d−1): then the one point is the nearest
       * point itself, slots 0…d−1, whose intervals (−∞, ∞ here) the engine sets per box to an
       * enclosure of the nearest points of the box (src/engine/nearest.ts).
       */
      readonly implicit?: readonly Expr[];
    };

export class UnsupportedError extends LscertError {
  constructor(message: string) {
    super('unsupported', message);
  }
}

export function projectionModel(p: Problem): ProjectionModel {
  const S = p.minimizers;
  switch (S.kind) {
    case 'points':
      return { kind: 'points', points: S.points };
    case 'projection':
      return { kind: 'map', map: S.map, source: 'projection' };
    case 'affine':
      return { kind: 'map', map: affineProjection(S.A, S.b, p.variables), source: 'affine' };
    case 'auto':
      // A computed S is known only after the engine computed it (engine/model.ts); check, constants,
      // probe and report do that. What reaches this needs S before any search: export-smt.
      throw new UnsupportedError(
        'minimizers: auto is computed by the search, and this command needs S written in the problem (points, affine or projection); check, constants, probe and report compute it',
      );
    case 'implicit':
      // S given by equations has no projection map: the engine encloses nearest points per box
      // (engine/model.ts), which check, constants, probe and report use. What reaches this is a
      // caller that needs the map in closed form: export-smt (the nearest point is a minimum over
      // S, a quantified condition that has no exact quantifier-free encoding here).
      throw new UnsupportedError(
        'minimizers: implicit has no closed-form projection map, which this command needs (check, constants, probe and report take S given by equations)',
      );
  }
}

/**
 * Closed-form projection onto {x : A x = b}: P(x) = x − Aᵀ (A Aᵀ)⁻¹ (A x − b). When A has
 * rational entries the Gram inverse is computed exactly; otherwise A must have one row
 * (P(x) = x − a (aᵀx − b)/(aᵀa), exact symbolically). Rows must be independent.
 */
export function affineProjection(A: readonly (readonly Expr[])[], bv: readonly Expr[], vars: readonly string[]): Expr[] {
  const x = vars.map((name, i) => b.variable(i, name));
  const residual = A.map((row, r) => b.sub(b.add(...row.map((a, j) => b.mul(a, x[j]!))), bv[r]!)); // A x − b
  const rational = A.every((row) => row.every((a) => a.kind === 'num'));
  if (!rational) {
    if (A.length !== 1) throw new UnsupportedError('minimizers.affine: with more than one row, A must have rational entries');
    const a = A[0]!;
    const aa = b.add(...a.map((v) => b.mul(v, v)));
    return x.map((xi, j) => simplify(b.sub(xi, b.div(b.mul(a[j]!, residual[0]!), aa))));
  }
  const Ar = A.map((row) => row.map((a) => (a as { value: Rational }).value));
  const m = Ar.length;
  // Gram matrix G = A Aᵀ, inverted exactly by Gauss–Jordan on rationals.
  const G = Ar.map((ri) => Ar.map((rj) => ri.reduce((s, v, k) => s.add(v.mul(rj[k]!)), Rational.ZERO)));
  const inv = invert(G);
  if (!inv) throw new UnsupportedError('minimizers.affine: the rows of A are linearly dependent');
  // P(x)_j = x_j − Σ_r Σ_s A[r][j] · inv[r][s] · (A x − b)_s
  return x.map((xj, j) => {
    const corr = [];
    for (let r = 0; r < m; r++)
      for (let s = 0; s < m; s++) {
        const c = Ar[r]![j]!.mul(inv[r]![s]!);
        if (!c.isZero()) corr.push(b.mul(b.num(c), residual[s]!));
      }
    return simplify(b.sub(xj, b.add(...corr)));
  });
}

function invert(G: Rational[][]): Rational[][] | undefined {
  const n = G.length;
  const M = G.map((row, i) => [...row, ...G.map((_, j) => (i === j ? Rational.ONE : Rational.ZERO))]);
  for (let c = 0; c < n; c++) {
    const p = M.findIndex((row, r) => r >= c && !row[c]!.isZero());
    if (p < 0) return undefined;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const pivot = M[c]![c]!;
    M[c] = M[c]!.map((v) => v.div(pivot));
    for (let r = 0; r < n; r++) {
      if (r === c || M[r]![c]!.isZero()) continue;
      const f = M[r]![c]!;
      M[r] = M[r]!.map((v, k) => v.sub(f.mul(M[c]![k]!)));
    }
  }
  return M.map((row) => row.slice(n));
}
