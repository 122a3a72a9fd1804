import { projectionModel, type ProjectionModel } from '../conditions/index.js';
import { vanishesOn } from '../exact/polynomial.js';
import { build, gradient, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';
import { computeS } from './autoS.js';
import type { DomainBoxes } from './box.js';

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
