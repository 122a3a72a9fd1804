import { domainCentre, projectionModel, type ProjectionModel } from '../conditions/index.js';
import { vanishesOn } from '../exact/polynomial.js';
import { build, encloseConstant, gradient, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';
import { computeS } from './autoS.js';
import type { DomainBoxes } from './box.js';
import { ImplicitSet } from './nearest.js';

/** The engine's model of S, or why it could not be built (only a computed S can fail). */
export type ModelChoice =
  | { readonly ok: true; readonly model: ProjectionModel /** How a computed S was obtained. */; readonly note?: string }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly boxes: number /** An upper bound of min f over the box (an f value), or +∞. */;
      readonly fstarUpper: number;
    };

/**
 * The minimizer set S as every checker sees it: as given (points, affine, projection map), or
 * computed on the domain for `minimizers: auto` (interval global minimization, with the
 * problem's declared symmetry; accepted only when proved, see computeS). One choice for the
 * interval engine and the numeric fallback, so that they never decide the same claim against
 * different sets.
 */
export function minimizerModel(p: Problem, f: Expr, boxes: DomainBoxes, seed: number): ModelChoice {
  if (p.minimizers.kind === 'implicit') {
    const eqs = p.minimizers.equations;
    // What can be proved of "S consists of minimizers": f − f* and ∇f in the ideal of g.
    const d = p.variables.length;
    const stationary = gradient(f, d).every((g) => vanishesOn(g, eqs) === true);
    const level = p.fstar ? vanishesOn(build.sub(f, p.fstar), eqs) === true : false;
    const proved = stationary
      ? level
        ? 'f = f* and ∇f = 0 on S are proved symbolically (ideal membership)'
        : '∇f = 0 on S is proved symbolically (ideal membership); f = f* on S is trusted'
      : 'that S consists of minimizers is trusted (∇f = 0 on S could not be proved symbolically)';
    return {
      ok: true,
      model: implicitModel(p, eqs),
      note: `S given by equations: on every box the nearest points on S (over R^d) are enclosed rigorously (a verified point of S, then interval exclusion), and each bound holds for all of them; ${proved}`,
    };
  }
  if (p.minimizers.kind !== 'auto') return { ok: true, model: projectionModel(p) };
  const a = computeS(f, p.variables.length, p.variables, boxes, seed, p.minimizers.symmetry);
  return a.ok ? { ok: true, model: a.model, note: a.note } : { ok: false, reason: a.reason, boxes: a.boxes, fstarUpper: a.fstarUpper };
}

/**
 * S given by equations: one "point" of S made of d slot variables, the nearest point p of x. The
 * slots are unbounded here; Prepared binds them per box to an enclosure of the nearest points of
 * the box (and per witness to those of the point), so every bound holds for every nearest point.
 */
export function implicitModel(p: Problem, equations: readonly Expr[]): ProjectionModel {
  const d = p.variables.length;
  return {
    kind: 'points',
    points: [p.variables.map((v, j) => build.variable(d + j, `S_${v}`))],
    slots: p.variables.map((v) => ({ name: `S_${v}`, lo: -Infinity, hi: Infinity, how: 'the nearest point of x on S = {g = 0}, enclosed per box' })),
    implicit: equations,
  };
}

/**
 * QCvx with S = {g = 0}: x* is a point of S proved (Krawczyk, ImplicitSet.pointNear) in a tiny box
 * near the centre of the domain, held as d slots like a computed S's point, so that every bound
 * holds for the true x* in that box. Why not when no point of S can be verified.
 */
export function implicitXstar(p: Problem, equations: readonly Expr[]): { model: ProjectionModel; note: string } | string {
  const d = p.variables.length;
  // Near the domain's exact centre, which for a shard or a --jobs piece is the whole claim's
  // (Problem.centre): every piece then proves the claim for the x* one job uses, as merge-certs
  // and the pieces' join require (QCvx needs one x* for the whole box).
  const c = domainCentre(p).map((e) => {
    const v = encloseConstant(e);
    return v.lo + (v.hi - v.lo) / 2;
  });
  const set = new ImplicitSet(equations, d);
  const Q0 = set.pointNear(c);
  // Widened a little on its free coordinates and proved again by one Krawczyk test, so that the
  // certificate's checker, repeating that test with its own code, proves the same box (Q0 itself
  // is tightened to a few ulps, where one more step need not land strictly inside).
  // The free coordinates are the pivots at Q0's midpoint (Q0 may have tightened to a point).
  const mid0 = Q0?.lo.map((l, j) => l + (Q0.hi[j]! - l) / 2);
  const free = mid0 ? set.freeCoordinates(mid0) : null;
  const Q = Q0 &&
    free && {
      lo: Q0.lo.map((l, j) => (free.includes(j) ? l - 1e-12 * (1 + Math.abs(l)) : mid0![j]!)),
      hi: Q0.hi.map((h, j) => (free.includes(j) ? h + 1e-12 * (1 + Math.abs(h)) : mid0![j]!)),
    };
  if (!Q || !set.provesPointIn(Q))
    return 'QCvx with S given by equations needs one fixed x* ∈ S, and no point of S could be verified near the centre of the domain';
  const how = 'x*: a point of S = {g = 0} near the centre of the domain, proved in this box (Krawczyk)';
  const model: ProjectionModel = {
    kind: 'points',
    points: [p.variables.map((v, j) => build.variable(d + j, `Xstar_${v}`))],
    slots: p.variables.map((v, j) => ({ name: `Xstar_${v}`, lo: Q.lo[j]!, hi: Q.hi[j]!, how })),
  };
  const mid = Q.lo.map((l, j) => (l + Q.hi[j]!) / 2);
  return {
    model,
    note: `QCvx with S given by equations: the one x* tried is a point of S proved near the centre of the domain, ≈ (${mid.map((v) => v.toPrecision(8)).join(', ')}); a refutation for it refutes nothing (another x* ∈ S may work)`,
  };
}
