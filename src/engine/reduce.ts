import type { ResidualSystem } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import {
  build as b,
  formText,
  interpretInterval,
  linearImage,
  linearStructure,
  reduceForms,
  simplify,
  SimplifyTimeout,
  type Expr,
  type LinearStructure,
} from '../expr/index.js';
import { fromRational, Interval } from '../interval/index.js';
import type { Problem } from '../problem/index.js';
import type { Box } from './box.js';

/**
 * A claim that depends on x only through k < d linear forms y = W x (issue [10] §2, docs/engine.md
 * "Linear forms"): the residual system rewritten in y, proved equal to the original at y = W x
 * (src/expr/linear.ts), and the box `domain` ⊇ W·B (exact range, rounded outward), over which the
 * search then runs. Proving R̃ ≥ 0 on `domain` proves R ≥ 0 on B, because R(x) = R̃(W x) and W x
 * lies in `domain` for every x in B (sound for certifying; a point of `domain` need not come from
 * B, so a refutation found in y is mapped back to a point of B and checked there, in x).
 */
export interface Reduction {
  readonly structure: LinearStructure;
  /** The system in y (variables 0 … k−1) and the same slots (k …). */
  readonly system: ResidualSystem;
  readonly domain: Box;
  /** y_i as text, e.g. ["x1 + x2 + x3"]. */
  readonly forms: string[];
  /**
   * The point p of S the caller gave, when it is exact and lies in the box: y* = W·p is then the
   * base of the second-order argument over y (the reduced system's segment model, a finite S of
   * one point); else null. p in the box puts y* in W·B, so every segment [y*, y] with y in W·B
   * stays in W·B, where R̃ is smooth (the terms are, on B).
   */
  readonly base: Rational[] | null;
  /** Some residual is not proved > 0 at y*: the search over y needs the argument there. */
  readonly vanishing: boolean;
}

/**
 * The reduction of `system` (the problem's residual system over the box `outer`), or null when
 * there is none: the terms use every direction, S is finite with several points (nearest-point
 * cells in x), S is given by equations, a term has a kink, a term or its gradient is not proved
 * finite on the whole box (then definedness would have to be checked per box in x), or some
 * residual does not reduce. `deadline` bounds the symbolic work (running out means null).
 *
 * Near y* = W·sPoint (sPoint a point of S) a residual that vanishes on S (PL, Aiming, QCvx, α-β
 * with interpolation) needs a second-order argument: the reduced system's segment model is the
 * normal-segment argument of src/engine/normal.ts for a finite S of one point y*, i.e. Taylor's
 * formula for R̃ at y*, which needs R̃(y*) = 0 and ∇R̃(y*) = 0 (proved symbolically there, never
 * assumed) and ∇²R̃ positive definite on the hull of the box and y*. Sound for any y* where these
 * hold; y* only has to be exact. Null (no reduction) when some residual is not proved > 0 at y*
 * and y* is not exact: the search in x, with its own argument, then gets the whole budget.
 */
export function reduceSystem(p: Problem, system: ResidualSystem, outer: Box, sPoint: readonly Expr[] | null, deadline?: number): Reduction | null {
  const d = system.dim;
  if (system.cells !== 'none' || system.implicit || system.kinks.length > 0) return null;
  const structure = linearStructure(p.terms, d);
  if (!structure) return null;
  // Definedness once for the whole box (natural interval extension): a finite enclosure there
  // means every f_i and ∇f_i is defined at every point of B, so no box of the search needs it.
  const env = [...outer.lo.map((l, j) => Interval.of(l, outer.hi[j]!)), ...system.slots.map((s) => Interval.of(s.lo, s.hi))];
  for (const e of system.definedness) {
    const v = interpretInterval(e, env);
    if (!(Number.isFinite(v.lo) && Number.isFinite(v.hi))) return null;
  }
  const slots = system.slots.length;
  try {
    const cases = [];
    for (const c of system.cases) {
      const forms: (readonly Expr[])[] = [];
      for (const fs of c.forms) {
        const r = reduceForms(fs, structure, slots, deadline);
        if (!r) return null;
        forms.push(r);
      }
      cases.push({ xp: [], ...(c.pointIndex !== undefined && { pointIndex: c.pointIndex }), residuals: forms.map((f) => f[0]!), forms });
    }
    const k = structure.W.length;
    const base = sPoint ? exactPointIn(sPoint, outer) : null;
    const at = base && structure.W.map((row) => row.reduce((acc, w, j) => acc.add(w.mul(base[j]!)), Rational.ZERO));
    const vanishing = sPoint !== null && !positiveAt(cases, sPoint, structure, system.slots);
    if (vanishing && !at) return null;
    const image = linearImage(structure.W, outer.lo, outer.hi);
    const domain: Box = { lo: image.lo.map((r) => fromRational(r)[0]), hi: image.hi.map((r) => fromRational(r)[1]) };
    const reduced: ResidualSystem = {
      ...system,
      dim: k,
      cases,
      kinks: [],
      definedness: [],
      segment: at ? reducedSegment(cases, at) : { pVar: null, bases: [], cases: [], tangent: null },
    };
    return { structure, system: reduced, domain, forms: structure.W.map((row) => formText(row, p.variables)), base, vanishing };
  } catch (e) {
    if (e instanceof SimplifyTimeout) return null;
    throw e;
  }
}

/**
 * The segment model of the reduced system: one base point y* (a finite S of one point: no
 * projection map, no tangent penalty) and, per obligation, the first reduced form as r(y; y*).
 * The same for the search and the certificate checker (src/cert/reduction.ts builds it from the
 * recorded y* and its own reduced forms).
 */
export function reducedSegment(cases: readonly { readonly forms: readonly (readonly Expr[])[] }[], at: readonly Rational[]): ResidualSystem['segment'] {
  return {
    pVar: null,
    bases: [at.map((v) => b.num(v))],
    cases: cases.map((c) => ({ residuals: c.forms.map((f) => f[0]!), nonnegative: c.forms.map(() => null), bases: [0] })),
    tangent: null,
  };
}

/** pt exactly, when every coordinate simplifies to a rational number in the box; else null. */
function exactPointIn(pt: readonly Expr[], box: Box): Rational[] | null {
  const q: Rational[] = [];
  for (const [j, e] of pt.entries()) {
    const v = simplify(e);
    if (v.kind !== 'num' || v.value.cmp(Rational.fromNumber(box.lo[j]!)) < 0 || v.value.cmp(Rational.fromNumber(box.hi[j]!)) > 0) return null;
    q.push(v.value);
  }
  return q;
}

/** Whether every obligation of every case has a form proved > 0 at y* = W·pt (intervals over the slots). */
function positiveAt(
  cases: readonly { readonly forms: readonly (readonly Expr[])[] }[],
  pt: readonly Expr[],
  s: LinearStructure,
  slots: ResidualSystem['slots'],
): boolean {
  const slotEnv = slots.map((sl) => Interval.of(sl.lo, sl.hi));
  const x = pt.map((e) => interpretInterval(e, [...pt.map(() => Interval.ENTIRE), ...slotEnv]));
  const y = s.W.map((row) => row.reduce((acc, w, j) => acc.add(Interval.of(...fromRational(w)).mul(x[j]!)), Interval.of(0, 0)));
  const env = [...y, ...slotEnv];
  return cases.every((c) => c.forms.every((fs) => fs.some((f) => interpretInterval(f, env).lo > 0)));
}

/**
 * A point x of `box` with W x = y (up to rounding), or null. One form (k = 1): on the segment from
 * the corner minimizing w·x to the one maximizing it. Several: the pivot coordinates solved with
 * the free ones at the box's centre, then at a few other points, kept only inside the box. The
 * caller checks the residual at x with intervals; x is only a candidate.
 */
export function liftPoint(y: readonly number[], s: LinearStructure, box: Box): number[] | null {
  const W = s.W.map((row) => row.map((v) => v.toNumber()));
  const d = s.d;
  if (W.length === 1) {
    const w = W[0]!;
    const a = w.map((v, j) => (v >= 0 ? box.lo[j]! : box.hi[j]!));
    const c = w.map((v, j) => (v >= 0 ? box.hi[j]! : box.lo[j]!));
    const dot = (x: number[]) => x.reduce((t, v, j) => t + v * w[j]!, 0);
    const ya = dot(a);
    const yc = dot(c);
    const t = yc > ya ? Math.min(1, Math.max(0, (y[0]! - ya) / (yc - ya))) : 0;
    return a.map((v, j) => Math.min(box.hi[j]!, Math.max(box.lo[j]!, v + t * (c[j]! - v))));
  }
  const inside = (x: number[]) => x.every((v, j) => v >= box.lo[j]! && v <= box.hi[j]!);
  for (const frac of [0.5, 0, 1, 0.25, 0.75]) {
    const x = box.lo.map((l, j) => l + frac * (box.hi[j]! - l));
    s.pivots.forEach((piv, i) => {
      let v = y[i]!;
      for (let f = 0; f < d; f++) if (!s.pivots.includes(f)) v -= W[i]![f]! * x[f]!;
      x[piv] = v;
    });
    if (inside(x)) return x;
  }
  return null;
}

/** W as exact rational strings, for certificates and JSON. */
export const exactW = (W: readonly (readonly Rational[])[]): string[][] => W.map((row) => row.map((v) => v.toString()));
