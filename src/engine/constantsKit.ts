/**
 * The engine pieces that `src/constants` (best constants by linear programming) builds on,
 * beyond `check()`: one place, so that the constants layer never reaches into engine files.
 * Nothing here is new logic except two small helpers that mirror `check()`'s own choices
 * (which S model, which f* enclosure), so that a leaf proved here is proved for the same
 * residual system that `check()` decides.
 */
import { domainCentre, objective, type ProjectionModel } from '../conditions/index.js';
import { encloseConstant, freeVariables, interpretInterval, substitute, type Expr } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { domainBoxes as problemDomainBoxes, type Problem } from '../problem/index.js';
import { checkAssumptions } from './assumptions.js';
import { minimizerModel } from './model.js';
export { implicitXstar } from './model.js';
import { ImplicitSet } from './nearest.js';
import type { Box, DomainBoxes } from './box.js';

export { Prepared } from './prepared.js';
export { rng } from './search.js';
export { checkAssumptions, type AssumptionReport } from './assumptions.js';
export { ResidualBounder, type ResidualBounds } from './bounder.js';
export { verifyWitness } from './witness.js';
export { LocalConvexity } from './local.js';
export { reduceSystem } from './reduce.js';
export { findNonGlobalStationaryPoint, type StationaryProof } from './global/index.js';
export { split, midpoint, maxWidth, type Box } from './box.js';

/** The domain as `check()` uses it: the outer float box, and the inner box a witness must lie in. */
export function domainBoxes(p: Problem): DomainBoxes {
  return problemDomainBoxes(p);
}

/**
 * The projection model exactly as `check()` builds it: the user's S, or S computed on the box
 * (`minimizers: auto`, same seed). `ok: false` carries check()'s reason.
 */
export function solutionModel(p: Problem, seed: number): { ok: true; model: ProjectionModel; note?: string } | { ok: false; reason: string } {
  checkAssumptions(p, seed); // as check(): a proved contradiction in S, f*, f_i* throws (exit 65)
  // check()'s own choice (engine/model.ts): the user's S, S computed on the box, or S given by equations.
  const m = minimizerModel(p, objective(p), problemDomainBoxes(p), seed);
  return m.ok ? { ok: true, model: m.model, ...(m.note !== undefined && { note: m.note }) } : { ok: false, reason: m.reason };
}

/**
 * A rigorous enclosure of f* as `check()` takes it: the user's value (trusted), else f at a
 * point of S (over the slot boxes of a computed S), else f(P(c)) at the domain's centre c.
 */
export function fstarEnclosure(p: Problem, model: ProjectionModel): Interval {
  const f = objective(p);
  if (p.fstar) return encloseConstant(p.fstar);
  if (model.kind === 'points') {
    const pt = model.points[0]!;
    const env = [...pt.map(() => Interval.ENTIRE), ...(model.slots ?? []).map((s) => Interval.of(s.lo, s.hi))];
    return interpretInterval(
      substitute(f, (i) => pt[i]!),
      env,
    );
  }
  const c = domainCentre(p);
  return encloseConstant(substitute(f, (i) => substitute(model.map[i]!, (j) => c[j]!)));
}

/** x* for QCvx as `check()` tries it: every point of a finite S, else P(centre). */
export function qcvxCandidates(p: Problem, model: ProjectionModel, partialS = false): { exprs: readonly Expr[]; index?: number; singleton: boolean }[] {
  if (model.kind === 'points') return model.points.map((pt, index) => ({ exprs: pt, index, singleton: !partialS }));
  const c = domainCentre(p);
  const exprs = model.map.map((m) => substitute(m, (i) => c[i]!));
  return [{ exprs, singleton: model.map.every((m) => freeVariables(m).size === 0) }];
}
export { MinHeap } from './heap.js';
export { ambientDeadline, withDeadline } from './budget.js';
export { patternSearch } from './patternSearch.js';

/** One ImplicitSet (its compiled evaluators) per list of equations, reused across calls. */
const implicitSets = new WeakMap<readonly Expr[], ImplicitSet>();

/**
 * The slots of a model as intervals for a box of x: as registered, except that with S given by
 * equations the first d (the nearest point p, unbounded in the model) are bound to an enclosure of
 * the nearest points of every x in the box (ImplicitSet, as check() binds them per box). Where no
 * enclosure is found they stay unbounded: evaluations over them are then loose, never wrong.
 */
export function slotsOn(model: ProjectionModel, box: Box): { lo: number; hi: number }[] {
  const slots = model.kind === 'points' && model.slots ? model.slots.map((s) => ({ lo: s.lo, hi: s.hi })) : [];
  if (model.kind !== 'points' || !model.implicit) return slots;
  let set = implicitSets.get(model.implicit);
  if (!set) {
    set = new ImplicitSet(model.implicit, box.lo.length);
    implicitSets.set(model.implicit, set);
  }
  const P = set.enclose(box);
  if (P?.lo.every((l, j) => l <= P.hi[j]!)) P.lo.forEach((l, j) => (slots[j] = { lo: l, hi: P.hi[j]! }));
  return slots;
}
