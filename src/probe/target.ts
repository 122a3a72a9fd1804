import { buildResiduals, checkProjectionMap, claimConstants, domainCentre, objective, type Claim, type ProjectionModel } from '../conditions/index.js';
import { encloseConstant, freeVariables, substitute, type Expr } from '../expr/index.js';
import type { Box } from '../engine/index.js';
import { TimeLimitReached } from '../errors.js';
import { domainBoxes, type Problem } from '../problem/index.js';
import { assumedOf, checkAssumptions, minimizerModel, Prepared, rng, type Assumed } from './engineKit.js';
import { SGeometry } from './geometry.js';

/** One residual system to probe: for QCvx one per candidate x*, otherwise exactly one. */
export interface ProbeTarget {
  readonly prep: Prepared;
  readonly geometry: SGeometry;
  readonly xstar?: { readonly point: number | null; readonly value: number[] };
}

/** Everything a probe needs, wired exactly as `check` wires it (same residuals, same witness test). */
export interface ProbeSetup {
  readonly base: {
    readonly condition: Claim['condition'];
    readonly constants: Record<string, number>;
    readonly problem: string;
    readonly assumed: Assumed;
    readonly warnings: string[];
    readonly notes: string[];
  };
  readonly f: Expr;
  readonly domain: Box;
  readonly targets: readonly ProbeTarget[];
  /**
   * QCvx: refuting every target refutes the claim only when the targets are all of S
   * (finitely many points, or a map that is constant). False for an infinite S.
   */
  readonly targetsCoverS: boolean;
  /** Set when nothing can be probed (S could not be computed): the reason. */
  readonly unavailable?: string;
}

/**
 * Builds the probe's residual systems. Throws `UnsupportedError` (conditions layer) for
 * inputs the engine does not support, like `check`.
 */
export function setupProbe(p: Problem, claim: Claim, seed: number): ProbeSetup {
  const f = objective(p);
  // The exact domain may be irrational: a witness must lie inside the inner box (as in check).
  const boxes = domainBoxes(p);
  const domain: Box = boxes.outer;
  const inner: Box = boxes.inner;
  const base = {
    condition: claim.condition,
    constants: claimConstants(claim),
    problem: p.name,
    assumed: assumedOf(p),
    warnings: [] as string[],
    notes: [] as string[],
  };
  // As check(): a proved contradiction in the given S, f*, f_i* is an input error (exit 65).
  base.warnings.push(...checkAssumptions(p, seed).warnings);
  // S exactly as check() models it: given, computed on the box (auto), or given by equations.
  const a = minimizerModel(p, f, boxes, seed);
  if (!a.ok) return { base, f, domain, targets: [], targetsCoverS: false, unavailable: a.reason };
  const model: ProjectionModel = a.model;
  if (a.note) base.notes.push(a.note);
  if (model.kind === 'map' && model.source === 'projection') {
    const c = domainCentre(p);
    const fstar = p.fstar ? encloseConstant(p.fstar) : encloseConstant(substitute(f, (i) => substitute(model.map[i]!, (j) => c[j]!)));
    base.warnings.push(...checkProjectionMap(p, model.map, fstar.mid(), rng(seed)));
  }
  const make = (xstar?: { exprs: readonly Expr[]; index?: number }): ProbeTarget => {
    // x* enters without its index: the witness test then reads x_p from the case itself (with
    // an index it would look up the index among the cases' points, of which there is one).
    const system = buildResiduals(p, claim, model, xstar ? { xstar: xstar.exprs } : {});
    const prep = new Prepared(system, domain, inner, null);
    const set = prep.implicitSet;
    // S given by equations: distances to S from an approximate nearest point (floats, heuristics only).
    const geometry = xstar
      ? SGeometry.ofPoints([SGeometry.enclosePoint(xstar.exprs, model)])
      : set
        ? SGeometry.ofNearest((x) => set.approximate(x))
        : SGeometry.of(model);
    return { prep, geometry, ...(xstar && { xstar: { point: xstar.index ?? null, value: [...geometry.points![0]!] } }) };
  };
  try {
    if (claim.condition !== 'qcvx') return { base, f, domain, targets: [make()], targetsCoverS: true };
    // QCvx: one fixed x* must work for the whole box; each point of a finite S is a target (as in check).
    const centre = domainCentre(p);
    const candidates =
      model.kind === 'points' ? model.points.map((pt, index) => ({ exprs: pt, index })) : [{ exprs: model.map.map((m) => substitute(m, (i) => centre[i]!)) }];
    const covers = model.kind === 'points' || model.map.every((m) => freeVariables(m).size === 0);
    return { base, f, domain, targets: candidates.map(make), targetsCoverS: covers };
  } catch (e) {
    // The residual system stops at the command's time limit (200 terms in 40 variables: 8 s at
    // --time-limit 1 before): nothing to probe.
    if (!(e instanceof TimeLimitReached)) throw e;
    return { base, f, domain, targets: [], targetsCoverS: false, unavailable: 'time limit reached while the residual system was built' };
  }
}
