import { Rational } from '../exact/rational.js';
import { build as b, gradient, kinkGuards, simplify, substitute, toText, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';
import { affineProjectionMap } from './affine.js';
import { CertDecodeError, exprFromCanonical } from './canonical.js';
import type { CanonicalExpr, PointRef } from './format.js';

/** A claim with exact constants, as the checker reads it from a certificate. */
export type ExactClaim =
  | { readonly condition: 'alpha-beta'; readonly alpha: Rational; readonly beta: Rational }
  | { readonly condition: 'pl'; readonly mu: Rational }
  | { readonly condition: 'aiming' | 'qcvx'; readonly theta: Rational };

/** One candidate x_p: the residuals that must all be ≥ 0 when x_p is this point (or map). */
export interface CheckCase {
  /** Index into S's points (0 for the nearest point of an S given by equations), or null (a map x ↦ Proj(x, S), PL, or a projected x*). */
  readonly point: number | null;
  /**
   * One obligation per residual (all must be ≥ 0), each given as one or two equivalent
   * forms: the expanded simplification and the structure-preserving one. Simplification
   * rewrites only by exact identities wherever the terms are defined (checked per leaf),
   * so a lower bound of any form bounds the residual.
   */
  readonly residuals: readonly (readonly Expr[])[];
  /** QCvx: the fixed x* the residual was built with. */
  readonly xstar?: readonly Expr[];
}

/**
 * The checker's residual system, rebuilt from the formulas of DOMAIN.md §2 (never from the
 * search code). Variables 0..d−1 are x; variable d+i is the slot of f_i* (α-β without
 * termMinima: the certificate's enclosure of f_i* is substituted as an interval). When S is
 * computed (auto) or given by equations (implicit), the first slots are S's point(s) and the
 * f_i* slots follow.
 */
export interface CheckSystem {
  readonly dim: number;
  readonly slotCount: number;
  /** S is computed (auto): slots 0 … autoPoints·dim−1 enclose its points. */
  readonly autoS: boolean;
  readonly autoPoints: number;
  readonly cases: readonly CheckCase[];
  /** Nearest-point cells apply (finite S with several points, α-β or Aiming). */
  readonly voronoi: boolean;
  /** S's points (exact), when S is finite. */
  readonly points: readonly (readonly Expr[])[] | null;
  /** f = (1/n) Σ f_i. */
  readonly f: Expr;
  /** The terms f_i, and their given infima (`termMinima`; null: computed, the infimum over R^d). */
  readonly terms: readonly Expr[];
  readonly termMinima: readonly Expr[] | null;
  /** Kink guards of every term: a leaf box must keep each one away from 0. */
  readonly kinks: readonly Expr[];
  /** f_i and ∇f_i: finite on every leaf box. */
  readonly definedness: readonly Expr[];
  /** The residuals with the nearest point held fixed (normal-segment leaves, src/cert/normal.ts). */
  readonly segment: CheckSegment;
  /**
   * S = {g = 0} given by equations: the nearest point of x is slots 0…d−1 (variables d…2d−1,
   * S_<var>), which the tree checker binds on every leaf to its own enclosure of the nearest
   * points of the leaf box (src/cert/nearest.ts). Null otherwise.
   */
  readonly implicit: readonly Expr[] | null;
  /**
   * QCvx with S = {g = 0} given by equations: x* is one point of S held as slots 0…d−1
   * (Xstar_<var>, a small box), handled like a computed S's one point (`autoS`); these are the
   * equations the checker proves the box against (a Krawczyk test: it holds a point of S). Null otherwise.
   */
  readonly xstarOn: readonly Expr[] | null;
}

/**
 * The normal-segment data, rebuilt from DOMAIN.md §2 like the residuals: r(y; p) with p the
 * free variables pVar … pVar + d − 1 when S is a map (null: S finite, p a constant point; or S
 * given by equations, p the nearest-point slots).
 */
export interface CheckSegment {
  readonly pVar: number | null;
  /** Candidate base points: [Proj(x, S)] for a map, S's points when S is finite, [the nearest-point slots] for an implicit S. */
  readonly bases: readonly (readonly Expr[])[];
  /** Per case: r(y; p) per obligation, the part of r(p; p) that is ≥ 0 by definition (α-β), the usable bases. */
  readonly cases: readonly { readonly residuals: readonly Expr[]; readonly nonnegative: readonly (Expr | null)[]; readonly bases: readonly number[] }[];
  /** The map's Jacobian (row j: ∇P_j), null when S is finite. */
  readonly tangent: readonly (readonly Expr[])[] | null;
}

/** The equivalent forms of a residual (one when both simplifications print the same). */
function forms(r: Expr): Expr[] {
  const a = simplify(r);
  const c = simplify(r, { expand: false });
  return toText(a) === toText(c) ? [a] : [a, c];
}

const fail = (m: string): never => {
  throw new CertDecodeError(m);
};
const dot = (u: readonly Expr[], v: readonly Expr[]) => b.add(...u.map((ui, j) => b.mul(ui, v[j]!)));
const minus = (x: readonly Expr[], y: readonly Expr[]) => x.map((xi, j) => b.sub(xi, y[j]!));

/** The point of S a reference names: S's k-th point, or Proj(c, S) for an exact point c. */
export function pointOf(p: Problem, ref: PointRef, what: string): readonly Expr[] {
  const S = p.minimizers;
  if ('point' in ref) {
    if (S.kind !== 'points' || !Number.isInteger(ref.point) || !S.points[ref.point]) throw new CertDecodeError(`${what}: S has no point ${ref.point}`);
    return S.points[ref.point]!;
  }
  const map = projectionMap(p);
  if (!map) throw new CertDecodeError(`${what}: 'from' needs S given as a projection or an affine set`);
  const c = fromPoint(ref.from, p.variables.length, what);
  return map.map((m) => substitute(m, (i) => c[i]!));
}

function fromPoint(v: readonly CanonicalExpr[], d: number, what: string): Expr[] {
  if (!Array.isArray(v) || v.length !== d) throw new CertDecodeError(`${what}: 'from' must hold ${d} exact constants`);
  return v.map((e) => exprFromCanonical(e, [], `${what}.from`));
}

/** Proj(x, S) as expressions in x, when S is a map or an affine set. */
export function projectionMap(p: Problem): readonly Expr[] | null {
  const S = p.minimizers;
  if (S.kind === 'projection') return S.map;
  if (S.kind === 'affine') return affineProjectionMap(S.A, S.b, p.variables);
  return null;
}

/**
 * Builds the residuals of `claim` (DOMAIN.md §2):
 * - α-β: R_i = ⟨∇f_i(x), x − x_p⟩ − α(f_i(x) − f_i(x_p)) + β(f_i(x) − f_i*), one per term;
 * - PL: ‖∇f(x)‖² − 2μ(f(x) − f*);
 * - Aiming: ⟨∇f(x), x − x_p⟩ − θ(f(x) − f*);
 * - QCvx: ⟨∇f(x), x − x*⟩ − θ(f(x) − f(x*)).
 * f* is the problem's (trusted) or f(y) at the certificate's point y ∈ S (`fstarAt`); with S
 * given by equations, f(p) at the nearest point p (the slots), and QCvx is refused.
 */
export function buildCheckSystem(
  p: Problem,
  claim: ExactClaim,
  refs: { fstarAt: PointRef | null; xstar: { point: number | null; from: readonly CanonicalExpr[] | null } | null; autoPoints?: number },
): CheckSystem {
  const d = p.variables.length;
  const n = p.terms.length;
  const x = p.variables.map((name, i) => b.variable(i, name));
  const f = n === 1 ? p.terms[0]! : b.mul(b.num(Rational.of(1, n)), b.add(...p.terms));
  const at = (e: Expr, pt: readonly Expr[]) => substitute(e, (i) => pt[i]!);
  const S = p.minimizers;
  // QCvx with S given by equations: x* is one point of S, a box of slots d..2d−1 proved to hold a
  // point of S (checkSlots); it is then handled like a computed S's one point (no nearest points).
  const xstarOn = S.kind === 'implicit' && claim.condition === 'qcvx' ? S.equations : null;
  const auto = S.kind === 'auto' || xstarOn !== null;
  // S given by equations: the nearest point enters as slot variables d..2d−1, bound per leaf box.
  const implicit = S.kind === 'implicit' && !xstarOn ? S.equations : null;
  const nearest = implicit ? p.variables.map((v, j) => b.variable(d + j, `S_${v}`)) : null;
  // S computed (auto): its one point enters as slot variables d..2d−1, proved by the certificate's `minimizers` part.
  // With a declared symmetry S may have k > 1 points: slots a·d … a·d+d−1 hold point a.
  const k = xstarOn ? 1 : auto ? (refs.autoPoints ?? 1) : 0;
  if (auto && !(Number.isInteger(k) && k >= 1 && k <= 64)) throw new CertDecodeError('minimizers.regions: expected 1 to 64 regions');
  if (k > 1 && !(S.kind === 'auto' && S.symmetry))
    throw new CertDecodeError('minimizers: several computed points of S need a declared symmetry in the problem');
  const slotName = (v: string, a: number) => (xstarOn ? `Xstar_${v}` : k === 1 ? `S_${v}` : `S${a}_${v}`);
  const sPoints = auto ? Array.from({ length: k }, (_, a) => p.variables.map((v, j) => b.variable(d + a * d + j, slotName(v, a)))) : null;
  const sPoint = sPoints ? sPoints[0]! : null;
  const points = S.kind === 'points' ? S.points : sPoints;
  const map = projectionMap(p);
  // Implicit S: one candidate, the nearest point (case 0, as the search numbers it).
  const models: { xp: readonly Expr[]; point: number | null }[] = points
    ? points.map((pt, a) => ({ xp: pt, point: a }))
    : nearest
      ? [{ xp: nearest, point: 0 }]
      : [{ xp: map!, point: null }];
  const needsFstar = claim.condition === 'pl' || claim.condition === 'aiming';
  if (refs.fstarAt && !(needsFstar && !p.fstar)) throw new CertDecodeError('fstarAt: given, but f* is not computed for this claim');
  if (refs.fstarAt && nearest) throw new CertDecodeError('fstarAt: given, but with S given by equations f* is f at the nearest point');
  if (refs.xstar && claim.condition !== 'qcvx') throw new CertDecodeError('xstar: given, but the condition is not qcvx');
  const fstar = (): Expr => {
    if (p.fstar) return p.fstar;
    if (sPoint) return at(f, sPoint);
    // S given by equations: f* = f(p) at the nearest point p (f is constant on S, a set of minimizers).
    if (nearest) return at(f, nearest);
    if (!refs.fstarAt) throw new CertDecodeError('fstarAt: missing (the problem gives no f*)');
    return at(f, pointOf(p, refs.fstarAt, 'fstarAt'));
  };
  let cases: CheckCase[];
  let slotCount = k * d + (nearest ? d : 0);
  // Segment residuals: with a map, x_p is the free point p (variables after every slot).
  let segCases: CheckSegment['cases'] = [];
  const pv = (): Expr[] => x.map((_, j) => b.variable(d + slotCount + j, `p_${p.variables[j]}`));
  const allBases = points ? points.map((_, a) => a) : [0];
  // Segment residuals per candidate point: S's points, or the nearest point of an implicit S.
  const perPoint = points !== null || nearest !== null;
  switch (claim.condition) {
    case 'alpha-beta': {
      const alpha = b.num(claim.alpha);
      const beta = b.num(claim.beta);
      const fi = p.terms.map((_, i) => p.termMinima?.[i] ?? b.variable(d + slotCount++, `f_${i}*`));
      const raw = (xp: readonly Expr[]) =>
        p.terms.map((t, i) => b.add(dot(gradient(t, d), minus(x, xp)), b.neg(b.mul(alpha, b.sub(t, at(t, xp)))), b.mul(beta, b.sub(t, fi[i]!))));
      cases = models.map(({ xp, point }) => ({ point, residuals: raw(xp).map(forms) }));
      // β(f_i(p) − f_i*) ≥ 0 by definition of f_i* when β ≥ 0.
      const nonneg = (xp: readonly Expr[]) => p.terms.map((t, i) => (claim.beta.sign() >= 0 ? b.mul(beta, b.sub(at(t, xp), fi[i]!)) : null));
      segCases = perPoint
        ? models.map(({ xp }, a) => ({ residuals: raw(xp), nonnegative: nonneg(xp), bases: [a] }))
        : [{ residuals: raw(pv()), nonnegative: nonneg(pv()), bases: [0] }];
      break;
    }
    case 'pl': {
      const g = gradient(f, d);
      const r = b.sub(dot(g, g), b.mul(b.num(2), b.num(claim.mu), b.sub(f, fstar())));
      cases = [{ point: null, residuals: [forms(r)] }];
      segCases = [{ residuals: [r], nonnegative: [null], bases: allBases }];
      break;
    }
    case 'aiming': {
      const g = gradient(f, d);
      const fs = fstar();
      const raw = (xp: readonly Expr[]) => b.sub(dot(g, minus(x, xp)), b.mul(b.num(claim.theta), b.sub(f, fs)));
      cases = models.map(({ xp, point }) => ({ point, residuals: [forms(raw(xp))] }));
      segCases = perPoint
        ? models.map(({ xp }, a) => ({ residuals: [raw(xp)], nonnegative: [null], bases: [a] }))
        : [{ residuals: [raw(pv())], nonnegative: [null], bases: [0] }];
      break;
    }
    case 'qcvx': {
      const xs = refs.xstar;
      if (!xs) throw new CertDecodeError('xstar: missing (qcvx needs the fixed x*)');
      if ((xs.point === null) === (xs.from === null)) throw new CertDecodeError("xstar: give exactly one of 'point' and 'from'");
      // A computed S: x* is one of its (slot) points.
      const xstar =
        sPoints && xs.point !== null
          ? (sPoints[xs.point] ?? fail(`xstar: S has no point ${xs.point}`))
          : pointOf(p, xs.point !== null ? { point: xs.point } : { from: xs.from! }, 'xstar');
      const g = gradient(f, d);
      const r = b.sub(dot(g, minus(x, xstar)), b.mul(b.num(claim.theta), b.sub(f, at(f, xstar))));
      cases = [{ point: xs.point, xstar, residuals: [forms(r)] }];
      // The base must be x* itself when S is finite (ρ'(0) = 0 there), Proj(x, S) for a map. With x*
      // one point of an S given by equations, no segment leaf is accepted (∇f(x*) = 0 is not proved here).
      segCases = xstarOn ? [] : [{ residuals: [r], nonnegative: [null], bases: points ? (xs.point !== null ? [xs.point] : []) : [0] }];
      break;
    }
  }
  return {
    dim: d,
    slotCount,
    autoS: auto,
    autoPoints: k,
    cases,
    voronoi: points !== null && points.length > 1 && (claim.condition === 'alpha-beta' || claim.condition === 'aiming'),
    points,
    f,
    terms: p.terms,
    termMinima: p.termMinima ?? null,
    kinks: p.terms.flatMap((t) => kinkGuards(t).map((k) => k.guard)),
    definedness: p.terms.flatMap((t) => [t, ...gradient(t, d)]),
    segment: {
      pVar: perPoint ? null : d + slotCount,
      bases: points ?? (nearest ? [nearest] : [map!]),
      cases: segCases,
      tangent: perPoint ? null : map!.map((m) => gradient(m, d)),
    },
    implicit,
    xstarOn,
  };
}
