import type { ProjectionModel } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import type { Counterexample } from '../engine/index.js';
import { ambientDeadline, type Box } from '../engine/constantsKit.js';
import { TimeLimitReached } from '../errors.js';
import type { Problem } from '../problem/index.js';
import { confirmFirst, verifyAt, type CheckSummary, type ConfirmBudget } from './confirm.js';
import { decimalInside, shortDecimal } from './decimal.js';
import { Family, type XStar } from './family.js';
import { innerPass, type InnerPass } from './inner.js';
import { ALL, isEmpty, type TRange } from './leafInterval.js';
import { outerRange, type OuterRange } from './outer.js';
import { admissible, admissibleRange, claimAt, type Parametrization } from './param.js';

export interface RayOptions {
  /** Box budget of each inner pass. */
  readonly maxBoxes: number;
  /** Date.now() after which inner passes stop. */
  readonly deadline: number;
  readonly seed: number;
  /** Target relative width of the bracket. */
  readonly relGap: number;
  readonly samples: number;
  readonly starts: number;
  /** Budget of each confirming `check()`; null skips confirmation (raw brackets only). */
  readonly confirm: ConfirmBudget | null;
}

export interface RaySpec {
  readonly problem: Problem;
  readonly model: ProjectionModel;
  readonly boxes: { outer: Box; inner: Box };
  readonly param: Parametrization;
  readonly objective: 'max' | 'min';
  readonly xstar?: XStar;
  /** Skip the refuted side (a ray used only to certify a point, as in min-ratio). */
  readonly certifiedOnly?: boolean;
}

export interface RayResult {
  readonly outer: OuterRange;
  readonly passes: readonly InnerPass[];
  /** The best rigorous inner range proved by the leaves (null: nothing proved). */
  readonly inner: TRange | null;
  /** What limits the objective: the outer (refuting) points, the definitions (α > β ≥ 0, μ > 0), or nothing found. */
  readonly limit: 'outer' | 'definition' | 'none' | 'zero';
  readonly certified: { readonly t: Rational; readonly check?: CheckSummary } | null;
  readonly refuted: { readonly t: Rational; readonly witness: Counterexample; readonly check?: CheckSummary } | null;
  readonly boxes: number;
  readonly notes: string[];
}

/**
 * Brackets the best t of a one-parameter family (largest for 'max', smallest for 'min'):
 * 1. outer: verified points give a range outside which every t is refuted;
 * 2. inner: passes of leaf refinement toward targets approaching the outer end (each pass
 *    re-references the residuals at its target), each giving a rigorous certified range;
 * 3. the best inner value and the outer end are rounded to short decimals (inward and
 *    outward) and confirmed: `check()` must certify / refute exactly those values, else the
 *    values back off and are tried again.
 */
export async function bracketRay(spec: RaySpec, opts: RayOptions): Promise<RayResult> {
  const { problem, model, boxes, param, objective, xstar } = spec;
  const notes: string[] = [];
  const max = objective === 'max';
  const adm = admissibleRange(param);
  let family0: Family;
  try {
    family0 = new Family(problem, model, param, 0, boxes, xstar);
  } catch (e) {
    // The command's time limit passed while this ray's residuals were built: nothing on this ray
    // (the rays before it keep what they found).
    if (!(e instanceof TimeLimitReached)) throw e;
    return {
      outer: { range: ALL, points: 0, estimate: ALL, median: Number.NaN },
      passes: [],
      inner: null,
      limit: 'none',
      certified: null,
      refuted: null,
      boxes: 0,
      notes: ['time limit: reached while the residuals of this ray were built; nothing on it'],
    };
  }
  const outer = outerRange(family0, boxes.outer, { samples: opts.samples, starts: opts.starts, seed: opts.seed });
  if (isEmpty(outer.range) && outer.allWitness)
    return {
      ...(await refutedEverywhere(spec, opts, outer, adm)),
      notes: ['every value is refuted: some residual does not depend on the constant and is negative at the witness'],
    };
  let E = max ? outer.range.hi : outer.range.lo;
  let limit: RayResult['limit'] = 'outer';
  if (max && param.kind === 'scalar' && E <= zeroTolerance(outer))
    return { outer, passes: [], inner: null, limit: 'zero', certified: null, refuted: null, boxes: 0, notes: [] };
  if (max ? !(E < adm.hi) : !(E > adm.lo)) {
    E = max ? adm.hi : adm.lo;
    limit = Number.isFinite(E) ? 'definition' : 'none';
  }
  if (limit === 'none')
    return {
      outer,
      passes: [],
      inner: null,
      limit,
      certified: null,
      refuted: null,
      boxes: 0,
      notes: ['no finite limit found for the constant on the sampled points'],
    };
  const S = Math.abs(E) || 1;
  // Margins from coarse to fine, stopping at the first pass that does not reach its target.
  // Success is monotone in the budget, so a larger budget runs a superset of the passes.
  const margins: number[] = [];
  if (limit === 'definition') {
    // The limit itself when it is an admissible short decimal (β ≥ 0 at α = 1), else just inside.
    const e = Rational.fromNumber(E);
    margins.push(!adm.strict && admissible(param, e) && shortDecimal(E, 'down', 0).equals(e) ? 0 : opts.relGap / 2);
  } else {
    margins.push(0.5, 0.25);
    for (let m = 0.1; m > opts.relGap / 2; m /= 8) margins.push(m);
    margins.push(opts.relGap / 2);
  }
  const passes: InnerPass[] = [];
  let best: TRange | null = null;
  let boxCount = 0;
  // S given by equations (a curve or surface of minimizers): every residual and every G vanish on
  // S, so no leaf that meets S gets a range and the passes would spend the budget for nothing
  // (hyperbola, PL: 49 000 boxes, nothing reached); check() decides the ladder below instead.
  const implicitS = model.kind === 'points' && model.implicit !== undefined;
  if (implicitS) {
    margins.length = 0;
    notes.push('S given by equations: no leaf passes (every residual vanishes on S); the values are decided by check() directly');
  }
  for (const m of margins) {
    // Never past the middle of the outer range: a thin range (a tie near the optimum of a
    // two-dimensional objective) has its valid values between both outer ends.
    const far = max ? outer.range.lo : outer.range.hi;
    const target = Number.isFinite(far) ? (max ? Math.max(E - m * S, (E + far) / 2) : Math.min(E + m * S, (E + far) / 2)) : max ? E - m * S : E + m * S;
    if (!(target >= adm.lo && target <= adm.hi) || Date.now() > Math.min(opts.deadline, ambientDeadline())) continue;
    let family: Family;
    try {
      family = new Family(problem, model, param, target, boxes, xstar, true);
    } catch (e) {
      // The command's time limit passed while this pass's residuals were built: no more passes.
      if (!(e instanceof TimeLimitReached)) throw e;
      notes.push('time limit: reached while the residuals of a leaf pass were built; no more passes');
      break;
    }
    if (family.reducedTo && passes.length === 0)
      notes.push(
        `leaf passes over ${family.reducedTo.map((f, i) => `y${i + 1} = ${f}`).join(', ')}: the claim depends on x only through ${family.reducedTo.length === 1 ? 'this linear form' : 'these linear forms'}`,
      );
    const pass = innerPass(family, family.domain, { maxBoxes: opts.maxBoxes, deadline: opts.deadline });
    passes.push(pass);
    boxCount += pass.boxes;
    const r = { lo: Math.max(pass.range.lo, adm.lo), hi: Math.min(pass.range.hi, adm.hi) };
    if (!isEmpty(r) && (!best || (max ? r.hi > best.hi : r.lo < best.lo))) best = r;
    if (!pass.reached) break;
  }
  const tol = (opts.relGap * S) / 20;
  let certified: RayResult['certified'] = null;
  if (best) {
    const lo = Rational.fromNumber(best.lo === -Infinity ? -1e300 : best.lo);
    const hi = Rational.fromNumber(best.hi === Infinity ? 1e300 : best.hi);
    const cands: Rational[] = [];
    const push = (d: Rational | null) => {
      if (d && admissible(param, d) && d.cmp(lo) >= 0 && d.cmp(hi) <= 0 && !cands.some((c) => c.equals(d))) cands.push(d);
    };
    for (const back of [0, 1, 4, 16]) {
      const w = back * opts.relGap * S;
      push(max ? decimalInside(lo, Rational.fromNumber(best.hi - w), 'hi', tol) : decimalInside(Rational.fromNumber(best.lo + w), hi, 'lo', tol));
    }
    // At a strict definition limit (α > β, μ > 0) the near end is not admissible: the far end may be.
    push(max ? decimalInside(lo, hi, 'lo', tol) : decimalInside(lo, hi, 'hi', tol));
    if (!opts.confirm) certified = cands[0] ? { t: cands[0] } : null;
    else {
      const ok = await confirmFirst(
        problem,
        cands.map((t) => ({ t, claim: claimAt(param, t) })),
        'certified',
        opts.confirm,
      );
      if (ok) certified = { t: ok.t, check: ok.check };
      if (ok && ok.tried > 1) notes.push(`check() did not certify the first ${ok.tried - 1} candidate(s) within its budget; backed off`);
      if (!ok && cands.length) notes.push('the leaves proved a range, but check() did not certify any candidate within its budget');
    }
  }
  // Residuals that vanish on a continuum of minimizers defeat the leaf intervals (no box that
  // meets S gets a range), while check() proves such claims with the normal-segment argument
  // (docs/engine.md): when the passes certified nothing close to the outer end, try a short
  // ladder of values below it (or above, for a smallest constant) with check() itself, nearest
  // first. The end is the outer limit or the definition's (α > β ≥ 0).
  if (opts.confirm && (limit === 'outer' || limit === 'definition')) {
    const gap = (t: Rational) => Math.abs(E - t.toNumber()) / S;
    if (!certified || gap(certified.t) > 0.02) {
      const ladder: Rational[] = [];
      for (const m of [opts.relGap / 2, 0.01, 0.05, 0.25]) {
        const t = shortDecimal(max ? E - m * S : E + m * S, max ? 'down' : 'up', (m * S) / 20);
        if (admissible(param, t) && (!certified || gap(t) < gap(certified.t)) && !ladder.some((c) => c.equals(t))) ladder.push(t);
      }
      // Without leaf passes (S given by equations) the ladder is the only way to certify: it gets
      // the passes' time (half of what is left of it per value), not only a confirming check's.
      const left = Math.min(opts.deadline, ambientDeadline()) - Date.now();
      const budget = implicitS ? { ...opts.confirm, timeLimitMs: Math.max(opts.confirm.timeLimitMs, left / 2) } : opts.confirm;
      const ok = ladder.length
        ? await confirmFirst(
            problem,
            ladder.map((t) => ({ t, claim: claimAt(param, t) })),
            'certified',
            budget,
          )
        : null;
      if (ok) {
        certified = { t: ok.t, check: ok.check };
        notes.push(
          `certified by check() directly (${ok.tried} of ${ladder.length} values below the outer end tried): the leaf intervals alone did not reach it`,
        );
      }
    }
  }
  let refuted: RayResult['refuted'] = null;
  const wx = max ? outer.hiWitness : outer.loWitness;
  if (limit === 'outer' && wx && !spec.certifiedOnly) {
    for (const back of [0.1, 0.4, 1.6]) {
      if (Date.now() >= ambientDeadline()) break; // out of time: no refuted value (never a wrong one)
      const x = max ? E + back * opts.relGap * S : E - back * opts.relGap * S;
      // Round outward, more finely when a coarse decimal would leave the admissible values.
      const t = [tol, tol / 100, 0].map((e) => shortDecimal(x, max ? 'up' : 'down', e)).find((d) => admissible(param, d));
      if (!t) continue;
      const witness = verifyAt(problem, model, claimAt(param, t), wx, boxes, xstar);
      if (!witness) continue;
      if (!opts.confirm) {
        refuted = { t, witness };
        break;
      }
      const ok = await confirmFirst(problem, [{ t, claim: claimAt(param, t) }], 'refuted', opts.confirm);
      if (ok) {
        refuted = { t, witness, check: ok.check };
        break;
      }
    }
    if (!refuted) notes.push('no refuted value could be confirmed by check()');
  }
  if (limit === 'definition')
    notes.push(`the constant is limited by the definition (${param.kind === 'scalar' ? 'the constant must be > 0' : 'α > β ≥ 0'}), not by a refuting point`);
  return { outer, passes, inner: best, limit, certified, refuted, boxes: boxCount, notes };
}

/** Below this the best μ/θ is reported as 0: a 10⁻⁹ fraction of the median sampled quotient. */
export function zeroTolerance(outer: OuterRange): number {
  return 1e-9 * (Number.isFinite(outer.median) && outer.median > 0 ? outer.median : 1);
}

/** The outer range is empty: every admissible value fails at `outer.allWitness`; one is confirmed. */
async function refutedEverywhere(
  spec: RaySpec,
  opts: RayOptions,
  outer: OuterRange,
  adm: { lo: number; hi: number; strict: boolean },
): Promise<Omit<RayResult, 'notes'>> {
  const { problem, model, boxes, param, xstar } = spec;
  const base = Number.isFinite(adm.lo) ? adm.lo : Number.isFinite(adm.hi) ? adm.hi - 1 : 1;
  const t = shortDecimal(
    base + (adm.strict || !Number.isFinite(adm.lo) ? opts.relGap * Math.max(Math.abs(base), 1) : 0),
    'up',
    opts.relGap * Math.max(Math.abs(base), 1),
  );
  const none = { outer, passes: [], inner: null, limit: 'outer' as const, certified: null, boxes: 0 };
  if (!admissible(param, t)) return { ...none, refuted: null };
  const witness = verifyAt(problem, model, claimAt(param, t), outer.allWitness!, boxes, xstar);
  if (!witness) return { ...none, refuted: null };
  const ok = opts.confirm ? await confirmFirst(problem, [{ t, claim: claimAt(param, t) }], 'refuted', opts.confirm) : null;
  return { ...none, refuted: opts.confirm && !ok ? null : { t, witness, ...(ok && { check: ok.check }) } };
}
