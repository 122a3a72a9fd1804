import { projectionModel, type ProjectionModel } from '../conditions/index.js';
import type { Expr } from '../expr/index.js';
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
  if (p.minimizers.kind !== 'auto') return { ok: true, model: projectionModel(p) };
  const a = computeS(f, p.variables.length, p.variables, boxes, seed, p.minimizers.symmetry);
  return a.ok ? { ok: true, model: a.model, note: a.note } : { ok: false, reason: a.reason, boxes: a.boxes, fstarUpper: a.fstarUpper };
}
