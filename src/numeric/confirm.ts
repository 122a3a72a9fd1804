/**
 * Rigorous confirmation of the numeric fallback's candidates, by the engine's own path:
 * the residual system of src/conditions (the same one `check` decides), compiled point-only
 * (no residual gradients: enough to evaluate at points, cheap in many variables), and
 * `findCandidates` / `verifyWitness` of src/engine/witness.ts: x inside the exact domain, no
 * kink through x, every term and gradient finite, and for every point of S that may be
 * nearest to x some residual with upper bound < 0 (interval evaluation at x). Nothing float
 * decides anything here; there is no second verifier.
 */

import { buildResiduals, type Claim, type ProjectionModel, type ResidualSystem, type Slot } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { build as b, compileInterval, type Expr, type IntervalEvaluator } from '../expr/index.js';
import { Prepared, rng, verifyWitness, type Box, type Counterexample } from '../engine/index.js';
import { findCandidates } from '../engine/witness.js';
import { Interval } from '../interval/index.js';
import { termLabel, type Problem } from '../problem/index.js';

/** Rigorous enclosure of an expression at a point (NaN when undefined there). */
export function encloseAt(e: Expr, x: readonly number[]): [number, number] {
  const ev = compileInterval([e]);
  const lo = new Float64Array(1);
  const hi = new Float64Array(1);
  ev.eval(x, x, lo, hi);
  return [lo[0]!, hi[0]!];
}

const termEvaluators = new WeakMap<Expr, IntervalEvaluator>();

/**
 * Enclosures of f_i* = inf over R^d of f_i when the problem gives none, built as the engine's
 * `termMinimumSlot` builds them but from the fallback's own best points instead of a grid of
 * 2^d corners: lo = the natural interval extension of f_i over R^d (a rigorous lower bound of
 * the infimum), hi = a rigorous upper bound of f_i at the point where the float value of f_i
 * was lowest (any value of f_i bounds its infimum from above).
 */
export function termMinimumSlots(p: Problem, best: readonly (readonly number[] | null)[]): Slot[] {
  const d = p.variables.length;
  return p.terms.map((t, i) => {
    // Compiled once per term (the fallback asks twice: f_i* lower ends, then the slots).
    let ev = termEvaluators.get(t);
    if (!ev) {
      ev = compileInterval([t]);
      termEvaluators.set(t, ev);
    }
    const ol = new Float64Array(1);
    const oh = new Float64Array(1);
    ev.eval(new Array(d).fill(-Infinity), new Array(d).fill(Infinity), ol, oh);
    const lo = Number.isNaN(ol[0]!) ? -Infinity : ol[0]!;
    let hi = Infinity;
    const w = best[i];
    if (w) {
      ev.eval(w, w, ol, oh);
      if (Number.isFinite(oh[0]!)) hi = oh[0]!;
    }
    return {
      name: `${termLabel(i)}*`,
      lo: Math.min(lo, hi),
      hi,
      how: `lo: interval bound of ${termLabel(i)} over R^${d}; hi: ${termLabel(i)} at the lowest point the numeric fallback sampled`,
      ...(w && Number.isFinite(hi) && { witness: [...w] }),
    };
  });
}

/**
 * A problem whose f* is the exact double ≥ a rigorous upper bound of f at a point of the box
 * (f* ≤ f(x) for every x). PL's residual grows with f*, so a point where it is negative with
 * this f* is a counterexample for the true f*. For PL with S not known. `fstarLo` is the
 * interval bound of f over R^d (a lower bound of f*), for `widenPlResidual`.
 */
export function withFstarUpperBound(p: Problem, f: Expr, x: readonly number[]): { problem: Problem; bound: number; fstarLo: number } | null {
  const [, hi] = encloseAt(f, x);
  if (!Number.isFinite(hi)) return null;
  const d = p.variables.length;
  const ev = compileInterval([f]);
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  ev.eval(new Array(d).fill(-Infinity), new Array(d).fill(Infinity), ol, oh);
  const fstarLo = Number.isNaN(ol[0]!) ? -Infinity : Math.min(ol[0]!, hi);
  return { problem: { ...p, fstar: b.num(Rational.fromNumber(hi)) }, bound: hi, fstarLo };
}

/**
 * The PL residual at x was enclosed with f* = bound; the true f* lies in [fstarLo, bound] and
 * R = ‖∇f‖² − 2μ (f − f*) grows with f*, so R_true ∈ [R_lo − 2μ (bound − fstarLo), R_hi]
 * (outward rounded): an enclosure of the true residual, as a counterexample must be (docs/cli.md#check).
 */
export function widenPlResidual(w: Counterexample, mu: Rational, bound: number, fstarLo: number): Counterexample {
  const gap = Interval.of(bound, bound)
    .sub(Interval.of(fstarLo, fstarLo))
    .mul(Interval.fromRational(mu.mul(Rational.of(2, 1))));
  const r = Interval.of(w.residual[0], w.residual[1]).sub(Interval.of(0, gap.hi));
  return { ...w, residual: [r.lo, w.residual[1]] };
}

export interface Confirmation {
  readonly counterexample: Counterexample | null;
  readonly system: ResidualSystem;
  /** Candidates handed to the verifier. */
  readonly tried: number;
}

/**
 * Builds the claim's residual system and tries the candidates (float points, most negative
 * first; clipped into the exact domain's inner enclosure). Each distinct candidate is tried
 * as it is and moved by two tiny random offsets (10⁻⁹ and 10⁻⁶ of the box): a float point
 * often lies exactly on a kink (relu(0) at the centre of a network's box), where nothing can
 * be confirmed, while the residual is continuous nearby. Every try goes through
 * `verifyWitness`; then `findCandidates` (the engine's witness search) refines the 12 best
 * by float64 score with a short pattern search and verifies those too.
 */
export function confirmCandidates(
  p: Problem,
  claim: Claim,
  model: ProjectionModel,
  candidates: readonly (readonly number[])[],
  o: { domain: Box; inner: Box; seed: number; termMinimumSlots?: readonly Slot[]; xstar?: { exprs: readonly Expr[]; index?: number } },
): Confirmation {
  const system = buildResiduals(p, claim, model, {
    ...(o.termMinimumSlots && { termMinimumSlots: o.termMinimumSlots }),
    ...(o.xstar && { xstar: o.xstar.exprs, ...(o.xstar.index !== undefined && { xstarIndex: o.xstar.index }) }),
  });
  const prep = new Prepared(system, o.domain, o.inner, null, { pointOnly: true });
  const clipIn = (x: readonly number[]) => x.map((v, j) => Math.min(Math.max(v, o.inner.lo[j]!), o.inner.hi[j]!));
  const seen = new Set<string>();
  const distinct = candidates.map(clipIn).filter((x) => {
    const k = x.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const jitter = rng(o.seed ^ 0x5bd1e995);
  const tries: number[][] = [];
  for (const x of distinct) {
    tries.push(x);
    for (const s of [1e-9, 1e-6]) tries.push(clipIn(x.map((v, j) => v + (2 * jitter() - 1) * s * (o.inner.hi[j]! - o.inner.lo[j]!))));
  }
  for (const x of tries) {
    const w = verifyWitness(prep, x);
    if (w) return { counterexample: w, system, tried: tries.length };
  }
  const counterexample = tries.length ? findCandidates(prep, rng(o.seed), 0, tries) : null;
  return { counterexample, system, tried: tries.length };
}
