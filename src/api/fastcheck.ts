import fc from 'fast-check';
import type { Counterexample } from '../engine/index.js';
import { patternSearch, pointArbitrary, Scorer, setupProbe, shrinkWitness, verifyAt, type TaggedPoint } from '../probe/index.js';
import { claimOf, type ClaimSpec } from './claim.js';
import { LscertUsageError } from './errors.js';
import { claimText, counterexampleLines } from './messages.js';
import { loadProblem, type ProblemInput } from './problem.js';

/** Thrown by `residualProperty` at a verified counterexample; fast-check reports its message. */
export class CounterexampleError extends Error {
  constructor(
    message: string,
    readonly counterexample: Counterexample,
  ) {
    super(message);
    this.name = 'CounterexampleError';
  }
}

export interface ResidualPropertyOptions {
  /** Push each generated point downhill on the residual before testing it (default true). */
  readonly descend?: boolean;
  /** Float evaluations of each descent (default 120). */
  readonly evaluationsPerRun?: number;
}

/**
 * A fast-check property over points of the problem's box (the probe's arbitraries: corners,
 * faces, near S, bisectors between points of S, uniform) that fails exactly at verified
 * counterexamples: "the claim holds at x", tested with interval arithmetic at x (after a
 * local descent when `descend`). The error names the counterexample, the term and the
 * residual's enclosure. Use it inside `fc.assert` (seed, numRuns and replay are fast-check's):
 *
 *   fc.assert(residualProperty('loss.yaml', { condition: 'pl', mu: 0.1 }), { numRuns: 500 });
 */
export function residualProperty(problem: ProblemInput, claim: ClaimSpec, options: ResidualPropertyOptions = {}): fc.IPropertyWithHooks<[TaggedPoint]> {
  const p = loadProblem(problem);
  const { condition, ...constants } = claim;
  const setup = setupProbe(p, claimOf(claim), 0);
  if (setup.unavailable) throw new LscertUsageError(`${p.source}: ${setup.unavailable}`);
  const t = setup.targets[0]!;
  const scorer = new Scorer(t.prep, t.geometry, Infinity);
  const descend = options.descend ?? true;
  const evals = options.evaluationsPerRun ?? 120;
  const text = `${p.name}: ${claimText(condition, constants)}`;
  return fc.property(pointArbitrary({ box: setup.domain, geometry: t.geometry, stationary: [] }), (pt) => {
    let x: readonly number[] = pt.x;
    if (descend) {
      const r = patternSearch((y) => scorer.normalized(y), pt.x, setup.domain, evals, 0);
      if (r.value < 0) x = shrinkWitness(t.prep, scorer, r.x)?.x ?? r.x;
    }
    const w = verifyAt(setup, x);
    if (w) throw new CounterexampleError(`${text} fails at a point (verified with interval arithmetic):\n${counterexampleLines(w, p.variables)}`, w);
  });
}

/** The probe's arbitrary of points of the box (plain coordinates), for properties of your own. */
export function boxPoints(problem: ProblemInput, claim: ClaimSpec): fc.Arbitrary<number[]> {
  const p = loadProblem(problem);
  const setup = setupProbe(p, claimOf(claim), 0);
  if (setup.unavailable) throw new LscertUsageError(`${p.source}: ${setup.unavailable}`);
  return pointArbitrary({ box: setup.domain, geometry: setup.targets[0]!.geometry, stationary: [] }).map((pt) => [...pt.x]);
}
