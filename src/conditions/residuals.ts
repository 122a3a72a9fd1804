import { ambientDeadline } from '../deadline.js';
import { TimeLimitReached } from '../errors.js';
import { quadraticInfimumOf } from '../exact/quadratic.js';
import { Rational } from '../exact/rational.js';
import { build as b, compileFloat, compileInterval, gradient, kinkGuards, simplify, substitute, toText, type Expr, type KinkSite } from '../expr/index.js';
import { fromRational } from '../interval/index.js';
import { outerBox, termLabel, type Problem } from '../problem/index.js';
import type { Claim } from './claim.js';
import { objective } from './objective.js';
import { UnsupportedError, type ProjectionModel } from './projection.js';

/**
 * An uncertain constant (f_i* computed by lscert) entered as an extra variable with a
 * rigorous enclosure [lo, hi]: interval evaluation then covers every value it may take,
 * so the direction is automatically the sound one (see `termMinimumSlot`).
 */
export interface Slot {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
  /** How the enclosure was obtained (echoed in results). */
  readonly how: string;
  /** The point at which f_i was evaluated for `hi` (certificates re-check hi ≥ f_i(witness)). */
  readonly witness?: readonly number[];
}

/** One candidate projection: the residuals when x_p is this point (or map). */
export interface ResidualCase {
  /** x_p as expressions: constants for a point of S, expressions in x for a map. */
  readonly xp: readonly Expr[];
  /** Index into S's points, when S is finite. */
  readonly pointIndex?: number;
  /** One residual per obligation; the condition holds at x (for this x_p) iff all are ≥ 0. */
  readonly residuals: readonly Expr[];
  /**
   * Equivalent forms of each residual (forms[k][0] = residuals[k]): the expanded
   * polynomial form (cancellations, e.g. 4x³·x − 3x⁴ = x⁴) and the structure-preserving
   * form (denominators like (x+y)²+1 stay visibly positive). They are equal wherever the
   * terms are defined, so any of their enclosures bounds the residual.
   */
  readonly forms: readonly (readonly Expr[])[];
}

/** The two forms of a residual (one when they print the same). */
export function residualForms(r: Expr, deadline?: number): Expr[] {
  const a = simplify(r, { deadline });
  const b2 = simplify(r, { expand: false, deadline });
  return toText(a) === toText(b2) ? [a] : [a, b2];
}

function makeCase(xp: readonly Expr[], pointIndex: number | undefined, raw: readonly Expr[], deadline?: number): ResidualCase {
  const forms = raw.map((r) => residualForms(r, deadline));
  return { xp, ...(pointIndex !== undefined && { pointIndex }), residuals: forms.map((f) => f[0]!), forms };
}

/**
 * Everything the engine needs to decide a claim: variables 0..dim-1 are x, variables
 * dim..dim+slots.length-1 are the slots. `termOf[k]` is the term of residual k (null for
 * conditions on f).
 */
export interface ResidualSystem {
  readonly claim: Claim;
  readonly dim: number;
  readonly slots: readonly Slot[];
  readonly cases: readonly ResidualCase[];
  readonly termOf: readonly (number | null)[];
  /** Kink sites of the terms (in x): a box meeting one cannot be proved. */
  readonly kinks: readonly (KinkSite & { readonly term: number })[];
  /** f_i and ∇f_i unsimplified: they must be finite on a box before anything is proved there. */
  readonly definedness: readonly Expr[];
  /** How S enters: 'voronoi' when the nearest point must be chosen per cell. */
  readonly cells: 'voronoi' | 'none';
  /** The residuals with the nearest point held fixed, for the normal-segment argument. */
  readonly segment: SegmentModel;
  /** S = {g = 0} given by equations: the nearest point is slots 0…d−1, bound per box by the engine. */
  readonly implicit: readonly Expr[] | null;
}

/**
 * The normal-segment argument (docs/engine.md, "Near a continuum of minimizers"): for x in a
 * box, p a point of S with x − p normal to S at p, and ρ(t) = r(p + t(x − p); p) the residual
 * along the segment with the nearest point *held at p*,
 *   ρ(1) = ρ(0) + ρ'(0) + ½ vᵀ H̄ v,   v = x − p,  H̄ = 2∫₀¹(1 − t) ∇²_y r(y(t); p) dt,
 * so r(x; p) ≥ 0 when ρ(0) ≥ 0, ρ'(0) = 0 and H̄ is positive semidefinite on the normal space.
 * This model holds what the engine needs for it; the facts (ρ(0), ρ'(0)) are proved from it
 * symbolically by src/engine/normal.ts, never assumed.
 */
export interface SegmentModel {
  /**
   * Variables pVar … pVar + dim − 1 are p in the residuals below (S a map: p = P(x)); null when
   * S is finite (p is a point of S, already a constant in the residuals).
   */
  readonly pVar: number | null;
  /** The candidate base points p: [P(x)] (expressions in x) for a map, S's points for a finite S. */
  readonly bases: readonly (readonly Expr[])[];
  readonly cases: readonly SegmentCase[];
  /** DP, the Jacobian of the map (row j: ∂P_j/∂x), expressions in x; null for a finite S. */
  readonly tangent: readonly (readonly Expr[])[] | null;
}

export interface SegmentCase {
  /** r(y; p) per obligation, y = variables 0 … dim − 1 (unsimplified). */
  readonly residuals: readonly Expr[];
  /**
   * Per obligation, a part of r(p; p) that is ≥ 0 by definition (α-β: β(f_i(p) − f_i*) with
   * β ≥ 0, since f_i* = inf f_i ≤ f_i(p)), or null: the rest of r(p; p) must vanish identically.
   */
  readonly nonnegative: readonly (Expr | null)[];
  /** The bases (indices into `bases`) this case may use. */
  readonly bases: readonly number[];
}

const dot = (u: readonly Expr[], v: readonly Expr[]) => b.add(...u.map((ui, j) => b.mul(ui, v[j]!)));
const xMinus = (x: readonly Expr[], xp: readonly Expr[]) => x.map((xi, j) => b.sub(xi, xp[j]!));

/**
 * Builds the residual system of a claim. `xstar` (QCvx) fixes the point x*.
 * `termMinimumSlots` (α-β, f_i* not given): the caller's enclosures of f_i* instead of
 * `termMinimumSlot`'s grid, whose 2^d corners are out of reach for many variables (the
 * numeric fallback passes enclosures built the same way from the points it sampled).
 */
export function buildResiduals(
  p: Problem,
  claim: Claim,
  model: ProjectionModel,
  /**
   * `deadline` (default: the ambient deadline of the command, src/deadline.ts): past it the build
   * throws TimeLimitReached (SimplifyTimeout from the simplification), checked before each f_i*
   * sample, between gradient components and inside the simplification. 200 terms in 40 variables took `constants --time-limit 1` 27 s
   * here, with nothing to stop it; the command catches the error and answers out of time.
   */
  opts: { xstar?: readonly Expr[]; xstarIndex?: number; termMinimumSlots?: readonly Slot[]; deadline?: number } = {},
): ResidualSystem {
  const deadline = opts.deadline ?? ambientDeadline();
  const inTime = <T>(v: T): T => {
    if (Date.now() > deadline) throw new TimeLimitReached('the time limit was reached while the residual system was built');
    return v;
  };
  const d = p.variables.length;
  const x = p.variables.map((name, i) => b.variable(i, name));
  const f = objective(p);
  const at = (e: Expr, pt: readonly Expr[]) => substitute(e, (i) => pt[i]!);
  const slots: Slot[] = model.kind === 'points' && model.slots ? [...model.slots] : [];
  const gradF = () => gradient(f, d, deadline);

  let cases: ResidualCase[];
  let termOf: (number | null)[];
  // The segment model: for a map, x_p becomes the free point p (variables pVar …), see SegmentModel.
  let segCases: SegmentCase[] = [];
  const pVarOf = () => d + slots.length;
  const pVars = () => x.map((_, j) => b.variable(pVarOf() + j, `p_${p.variables[j]}`));
  const pointBases = model.kind === 'points' ? model.points.map((_, k) => [k]) : null;
  const modelCases: { xp: readonly Expr[]; pointIndex?: number }[] =
    model.kind === 'map' ? [{ xp: model.map }] : model.points.map((pt, k) => ({ xp: pt, pointIndex: k }));

  switch (claim.condition) {
    case 'alpha-beta': {
      const alpha = b.num(claim.alpha);
      const beta = b.num(claim.beta);
      const fistar = p.terms.map((t, i) =>
        p.termMinima ? p.termMinima[i]! : slotVar(slots, opts.termMinimumSlots?.[i] ?? termMinimumSlot(p, inTime(t), i), d),
      );
      termOf = p.terms.map((_, i) => i);
      // R_i = <∇f_i(x), x − x_p> − α (f_i(x) − f_i(x_p)) + β (f_i(x) − f_i*)
      const raw = (xp: readonly Expr[]) =>
        p.terms.map((t, i) => b.add(dot(gradient(t, d, deadline), xMinus(x, xp)), b.neg(b.mul(alpha, b.sub(t, at(t, xp)))), b.mul(beta, b.sub(t, fistar[i]!))));
      cases = modelCases.map(({ xp, pointIndex }) => makeCase(xp, pointIndex, raw(xp), deadline));
      // β(f_i(p) − f_i*) ≥ 0 at y = p needs β ≥ 0 (f_i* ≤ f_i(p) by definition).
      const nonneg = (xp: readonly Expr[]) => p.terms.map((t, i) => (claim.beta.sign() >= 0 ? b.mul(beta, b.sub(at(t, xp), fistar[i]!)) : null));
      segCases =
        model.kind === 'map'
          ? [{ residuals: raw(pVars()), nonnegative: nonneg(pVars()), bases: [0] }]
          : modelCases.map(({ xp }, k) => ({ residuals: raw(xp), nonnegative: nonneg(xp), bases: [k] }));
      break;
    }
    case 'pl': {
      const mu = b.num(claim.mu);
      const fstar = fstarExpr(p, f, model, at);
      termOf = [null];
      // R = ‖∇f(x)‖² − 2μ (f(x) − f*)   (no projection: one case)
      const g = gradF();
      cases = [makeCase([], undefined, [b.sub(dot(g, g), b.mul(b.num(2), mu, b.sub(f, fstar)))], deadline)];
      // The residual does not involve x_p: any point of S may be the base.
      segCases = [{ residuals: cases[0]!.residuals, nonnegative: [null], bases: pointBases ? pointBases.map((_, k) => k) : [0] }];
      break;
    }
    case 'aiming': {
      const theta = b.num(claim.theta);
      const fstar = fstarExpr(p, f, model, at);
      termOf = [null];
      const g = gradF();
      // R = <∇f(x), x − x_p> − θ (f(x) − f*)
      const raw = (xp: readonly Expr[]) => [b.sub(dot(g, xMinus(x, xp)), b.mul(theta, b.sub(f, fstar)))];
      cases = modelCases.map(({ xp, pointIndex }) => makeCase(xp, pointIndex, raw(xp), deadline));
      segCases =
        model.kind === 'map'
          ? [{ residuals: raw(pVars()), nonnegative: [null], bases: [0] }]
          : modelCases.map(({ xp }, k) => ({ residuals: raw(xp), nonnegative: [null], bases: [k] }));
      break;
    }
    case 'qcvx': {
      const theta = b.num(claim.theta);
      const xs = opts.xstar;
      // QCvx needs ONE x* for every x; the slot point of an implicit S is rebound per box (unsound here).
      if (model.kind === 'points' && model.implicit)
        throw new UnsupportedError('qcvx with minimizers: implicit is not supported yet (it needs one fixed x* ∈ S)');
      if (!xs) throw new Error('buildResiduals: qcvx needs xstar');
      termOf = [null];
      const g = gradF();
      // R = <∇f(x), x − x*> − θ (f(x) − f(x*))   for the one fixed x*
      cases = [makeCase(xs, opts.xstarIndex, [b.sub(dot(g, xMinus(x, xs)), b.mul(theta, b.sub(f, at(f, xs))))], deadline)];
      // The base must make ρ'(0) vanish: P(x) for a map (checked symbolically), x* itself for a finite S.
      segCases = [
        { residuals: cases[0]!.residuals, nonnegative: [null], bases: model.kind === 'map' ? [0] : opts.xstarIndex !== undefined ? [opts.xstarIndex] : [] },
      ];
      break;
    }
  }
  return {
    claim,
    dim: d,
    slots,
    cases,
    termOf,
    kinks: p.terms.flatMap((t, term) => kinkGuards(t).map((k) => ({ ...k, term }))),
    definedness: p.terms.flatMap((t) => [t, ...gradient(t, d, deadline)]),
    cells: model.kind === 'points' && model.points.length > 1 && claim.condition !== 'pl' && claim.condition !== 'qcvx' ? 'voronoi' : 'none',
    implicit: model.kind === 'points' ? (model.implicit ?? null) : null,
    segment: {
      pVar: model.kind === 'map' ? pVarOf() : null,
      bases: model.kind === 'map' ? [model.map] : model.points,
      cases: segCases,
      tangent: model.kind === 'map' ? model.map.map((m) => gradient(m, d)) : null,
    },
  };
}

function slotVar(slots: Slot[], s: Slot, d: number): Expr {
  slots.push(s);
  return b.variable(d + slots.length - 1, s.name);
}

/**
 * f* for PL and Aiming: the user's value when given (trusted); otherwise f at a point of S
 * (exact: S is the user's set of global minimizers, so f(x_p) = f*). For a map, f(P(c))
 * at the domain's centre c, an exact constant.
 */
function fstarExpr(p: Problem, f: Expr, model: ProjectionModel, at: (e: Expr, pt: readonly Expr[]) => Expr): Expr {
  if (p.fstar) return p.fstar;
  if (model.kind === 'points') return at(f, model.points[0]!);
  return at(
    f,
    model.map.map((m) => at(m, domainCentre(p))),
  );
}

/** The centre of the domain as exact constants (for a shard, the whole claim's: Problem.centre). */
export function domainCentre(p: Problem): Expr[] {
  if (p.centre) return [...p.centre];
  return p.domain.map((bd) => simplify(b.mul(b.num(Rational.of(1, 2)), b.add(bd.lo, bd.hi))));
}

/**
 * A point of `box` where `value` is smaller than at `start` (or `start`): compass search, each
 * coordinate stepped both ways, steps halved when nothing improves, from the grid's spacing down
 * to 2^−40 of it; at most 500·d evaluations, none past `deadline`. Deterministic (every shard of a
 * claim finds the same point, unless a deadline cuts it short: any point is a valid witness).
 * NOT rigorous: it only chooses where f_i is then enclosed; NaN counts as +∞.
 */
function descendInBox(
  value: (x: number[]) => number,
  box: { lo: readonly number[]; hi: readonly number[] },
  start: number[],
  startV: number,
  spacing: number,
  deadline = Infinity,
): number[] {
  const d = start.length;
  const x = [...start];
  let v = Number.isNaN(startV) ? Infinity : startV;
  const step = box.lo.map((l, j) => ((box.hi[j]! - l) / (box.hi[0]! - box.lo[0]! || 1)) * spacing || spacing);
  const floor = step.map((w) => w * 2 ** -40);
  let evals = 0;
  while (evals < 500 * d && step.some((w, j) => w > floor[j]!) && Date.now() < deadline) {
    let improved = false;
    for (let j = 0; j < d; j++) {
      if ((j & 255) === 255 && Date.now() >= deadline) break;
      for (const sgn of [1, -1]) {
        const old = x[j]!;
        x[j] = Math.min(box.hi[j]!, Math.max(box.lo[j]!, old + sgn * step[j]!));
        const w = value(x);
        evals++;
        if (w < v) {
          v = w;
          improved = true;
          break;
        }
        x[j] = old;
      }
    }
    if (!improved) for (let j = 0; j < d; j++) step[j] = step[j]! / 2;
  }
  return x;
}

/**
 * Enclosure of f_i* = inf over R^d of f_i when the user gave none.
 * - lo: the natural interval extension of f_i over the whole space R^d (rigorous lower
 *   bound of the infimum; often 0 for squared losses, −∞ when nothing better is known).
 * - hi: a rigorous upper bound of f_i at one point of the box (any value of f_i is ≥ its
 *   infimum): the best point of a grid, improved by a compass search in floats (which only
 *   chooses the point; the value there is enclosed with intervals). Without the descent a
 *   grid that misses the minimizer left hi well above f_i* (0.02 for s²/(s² + 1), s = x1 + … + x4
 *   on [−1, 2]^4), and the certifying end of every residual paid for it.
 * Direction: R_i is decreasing in f_i*, so its lower end (certifying) uses hi and its
 * upper end (refuting) uses lo; carrying f_i* as an interval does both at once.
 */
export function termMinimumSlot(p: Problem, t: Expr, i: number): Slot {
  const d = p.variables.length;
  const deadline = ambientDeadline();
  const ev = compileInterval([t]);
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  ev.eval(new Array(d).fill(-Infinity), new Array(d).fill(Infinity), ol, oh);
  const lo = Number.isNaN(ol[0]!) ? -Infinity : ol[0]!;
  // A quadratic f_i: its infimum over R^d exactly (src/exact/quadratic.ts). lo rises to the
  // exact value's lower float (a rigorous lower bound of f_i*; the checker recomputes it), and hi
  // is f_i enclosed at the minimizer, wherever it lies (f_i* is an infimum over R^d, not over the
  // box): nothing is left for the grid to find.
  const q = quadraticInfimumOf(t, d, deadline);
  if (q?.kind === 'finite') {
    const at = q.at.map((v) => v.toNumber());
    ev.eval(at, at, ol, oh);
    if (Number.isFinite(oh[0]!)) {
      const hi = oh[0]!;
      return {
        name: `${termLabel(i)}*`,
        lo: Math.min(Math.max(lo, fromRational(q.value)[0]), hi),
        hi,
        how: `exact infimum of the quadratic ${termLabel(i)} over R^${d} (${q.value}): lo its lower float, hi ${termLabel(i)} at its minimizer`,
        witness: at,
      };
    }
  }
  const fl = compileFloat([t]);
  // Any point gives an upper end of f_i* (the sampling box of a shard is the whole claim's).
  const box = p.sampleBox ?? outerBox(p);
  const out = new Float64Array(1);
  let best: number[] | undefined;
  let bestV = Infinity;
  const grid = Math.max(2, Math.floor(4096 ** (1 / d)));
  const consider = (pt: number[]) => {
    fl.eval(pt, out);
    if (out[0]! < bestV) {
      bestV = out[0]!;
      best = pt;
    }
  };
  if (grid ** d <= SAMPLE_POINTS) {
    const idx = new Array(d).fill(0);
    for (let n = 0; n < grid ** d; n++) {
      let r = n;
      for (let j = 0; j < d; j++) {
        idx[j] = r % grid;
        r = Math.floor(r / grid);
      }
      consider(idx.map((k, j) => box.lo[j]! + ((box.hi[j]! - box.lo[j]!) * k) / (grid - 1)));
    }
  } else {
    // d > 12: the 2^d corners alone are out of reach (d = 32 ran for hours); the centre and
    // points of the R_d low-discrepancy sequence instead (deterministic), at most 2^20 numbers in
    // all and none past the deadline (4096 points of d = 90 000 were 3 GB and 12 s, review finding).
    const count = Math.max(16, Math.min(SAMPLE_POINTS, Math.floor(SAMPLE_NUMBERS / d)));
    const point = lowDiscrepancyPoints(d);
    for (let k = 0; k < count; k++) {
      if ((k & 15) === 15 && Date.now() >= deadline) break;
      consider(point(k).map((v, j) => box.lo[j]! + (box.hi[j]! - box.lo[j]!) * v));
    }
  }
  const valueAt = (x: number[]) => {
    fl.eval(x, out);
    return out[0]!;
  };
  if (best) best = descendInBox(valueAt, box, best, bestV, (box.hi[0]! - box.lo[0]!) / (grid - 1) || 1, deadline);
  let hi = Infinity;
  if (best) {
    ev.eval(best, best, ol, oh);
    if (Number.isFinite(oh[0]!)) hi = oh[0]!;
  }
  return {
    name: `${termLabel(i)}*`,
    lo: Math.min(lo, hi),
    hi,
    how: `lo: interval bound of ${termLabel(i)} over R^${d}; hi: ${termLabel(i)} at a point of the box (grid, then descent)`,
    ...(best && Number.isFinite(hi) && { witness: best }),
  };
}

/** Points of the unit cube that termMinimumSlot evaluates f_i at (before its descent). */
const SAMPLE_POINTS = 4096;
/** Most coordinates termMinimumSlot's samples hold in all (fewer points in high dimension). */
const SAMPLE_NUMBERS = 1 << 20;

/**
 * Point k of the unit cube: k = 0 its centre, then Roberts' R_d sequence (u_k = frac(1/2 + k·a),
 * a_j = φ_d^−(j+1), φ_d the positive root of x^(d+1) = x + 1): well spread in any dimension,
 * deterministic, one point at a time.
 */
function lowDiscrepancyPoints(d: number): (k: number) => number[] {
  let phi = 2;
  for (let it = 0; it < 60; it++) phi = (1 + phi) ** (1 / (d + 1));
  const a = Array.from({ length: d }, (_, j) => phi ** -(j + 1));
  return (k) => a.map((v) => (0.5 + k * v) % 1);
}
