import { toDouble } from './decimal.js';
import type { ProjectionModel } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import type { Box } from '../engine/constantsKit.js';
import type { Problem } from '../problem/index.js';
import { admissibleRange, pairAt, type Parametrization } from './param.js';
import { bracketRay, type RayOptions } from './ray.js';
import { pairOf, rayFields } from './report.js';
import type { Tie } from './tie.js';
import type { ConstantsResult } from './types.js';

/**
 * The smallest α on the tie β = k·α + m: one ray along the tie line (t = α), minimised.
 * `region` holds the confirmed certified pair, and the ends of the outer segment on the tie
 * line (every pair of the line outside it is refuted by a verified point).
 */
export async function minAlpha(
  p: Problem,
  model: ProjectionModel,
  boxes: { outer: Box; inner: Box },
  tie: Tie,
  opts: RayOptions,
): Promise<Omit<ConstantsResult, 'elapsedMs'>> {
  const param: Parametrization = { kind: 'line', base: [Rational.ZERO, tie.m], dir: [Rational.ONE, tie.k] };
  const ray = await bracketRay({ problem: p, model, boxes, param, objective: 'min' }, opts);
  const at = (t: number): [number, number] => {
    const [a, b] = pairAt(param, Rational.fromNumber(t));
    return [toDouble(a), toDouble(b)];
  };
  const outer = ray.outer.range;
  const notes = [...ray.notes];
  const adm = admissibleRange(param);
  if (ray.limit === 'definition' && ray.inner && ray.inner.lo <= adm.lo) {
    notes.push(
      `the leaves certify every admissible α down to the definition's limit α ${adm.strict ? '>' : '≥'} ${adm.lo} (β ≥ 0, α > β): that limit is the best α${adm.strict ? ' (an infimum, not attained)' : ''}`,
    );
  }
  return {
    condition: 'alpha-beta',
    parameter: 'alpha',
    objective: 'min',
    certified: ray.certified ? toDouble(ray.certified.t) : null,
    refuted: ray.refuted ? toDouble(ray.refuted.t) : null,
    region: {
      certified: ray.certified ? [at(toDouble(ray.certified.t))] : [],
      refuted: [outer.lo, outer.hi].filter(Number.isFinite).map(at),
    },
    problem: p.name,
    tie: tie.text,
    certifiedPair: ray.certified ? pairOf(param, ray.certified.t) : null,
    refutedPair: ray.refuted ? pairOf(param, ray.refuted.t) : null,
    ...rayFields(ray),
    notes,
  };
}
