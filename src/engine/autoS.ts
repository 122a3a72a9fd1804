import type { ProjectionModel, Slot } from '../conditions/index.js';
import { build as b, compileInterval, type Expr } from '../expr/index.js';
import { ambientDeadline } from './budget.js';
import { globalMinimize, proveUniqueZero, SmoothModel, type GlobalMinResult, type IsolatedMinimizer } from './global/index.js';
import { localMinimize } from './global/local.js';
import { inInterior, type Box, type DomainBoxes } from './box.js';
import { LocalConvexity } from './local.js';
import { uniquenessRegion } from './minimizerProof.js';

/** S computed by lscert, or why it could not be pinned down. */
export type AutoS =
  | { readonly ok: true; readonly model: ProjectionModel; readonly note: string; readonly fstar: readonly [number, number]; readonly boxes: number }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly boxes: number /** An upper bound of min f over the box (an f value), or +∞. */;
      readonly fstarUpper: number;
    };

/**
 * `minimizers: auto`: interval global minimization of f over the box. S is accepted only
 * when it is pinned down exactly: the search completed and every candidate region left holds
 * a unique stationary point (Krawczyk) in the interior of the INNER box, and either
 * - there is one region: its stationary point is the global minimizer of f over the box; or
 * - the problem declares a symmetry σ (f∘σ ≡ f, proved symbolically when the problem was
 *   loaded) that permutes the regions in one cycle (σ of each minimizer's enclosure lies in
 *   another region, proved unique by Krawczyk): the minimum is attained at one of the points,
 *   σ maps a minimizer to a minimizer, so every point of the cycle is one (see symmetryOrbit).
 * The points enter the residuals as tiny boxes (slots). Anything else (several candidates
 * whose values cannot be separated, a minimizer on the boundary, a continuum of minimizers) is
 * reported, never guessed: a wrong S changes the condition in either direction.
 *
 * Stated on what set: the minimizers of f over the box, not over R^d.
 *
 * Which box (soundness): the search runs on the outer float box O ⊇ X (X the exact domain,
 * whose bounds may be irrational), and every region must lie in the interior of the inner box
 * I ⊆ X. Then the minimizers over O lie in X, so min over X = min over O and the minimizers
 * over X are exactly those over O. A minimizer over O in O \ int(I) may lie outside X or on its
 * boundary, where the minimizer over X is a boundary point that need not be stationary: S is
 * then not computed (reason given), never guessed from the outer box.
 */
export function computeS(f: Expr, dim: number, vars: readonly string[], boxes: DomainBoxes, seed: number, symmetry?: readonly Expr[]): AutoS {
  const convex = strictlyConvexMinimum(f, dim, boxes);
  const gm = convex ?? globalMinimize(f, dim, boxes.outer, { maxBoxes: 20000, tol: 1e-9, seed, inner: boxes.inner });
  if (!gm.complete)
    return {
      ok: false,
      reason: `could not pin down S: the global minimization of f over the box did not finish${Date.now() >= ambientDeadline() ? ' before the time limit' : ''} (${gm.boxes} boxes; f* ∈ [${gm.fstar[0]}, ${gm.fstar[1]}]); give S explicitly`,
      boxes: gm.boxes,
      fstarUpper: gm.fstar[1],
    };
  const iso = gm.isolated;
  const onBoundary = iso.filter((m) => m.status === 'boundary');
  if (onBoundary.length) return { ok: false, reason: boundaryReason(onBoundary, vars, boxes, gm.candidates.length), boxes: gm.boxes, fstarUpper: gm.fstar[1] };
  const allUnique = iso.length >= 1 && iso.length === gm.candidates.length && iso.every((m) => m.status === 'stationary' && m.unique);
  let why = '';
  let chosen: readonly IsolatedMinimizer[] | null = allUnique && iso.length === 1 ? iso : null;
  if (!chosen && allUnique && symmetry) {
    const orbit = symmetryOrbit(f, dim, boxes.inner, iso, symmetry);
    if (typeof orbit === 'string') why = `; the declared symmetry does not settle it: ${orbit}`;
    else chosen = iso;
  }
  if (!chosen) {
    const what = iso.map((m) => `${m.status} near (${m.point.map((v) => v.toPrecision(6)).join(', ')})`).join('; ') || `${gm.candidates.length} regions`;
    const hint = allUnique && !symmetry ? ' (a declared symmetry that permutes them can: minimizers.symmetry)' : '';
    return {
      ok: false,
      reason: `could not pin down S exactly: ${gm.candidates.length} candidate region(s) for the minimizers of f over the box (${what}); intervals cannot prove which of them are global minimizers${hint}${why}, so give S explicitly`,
      boxes: gm.boxes,
      fstarUpper: gm.fstar[1],
    };
  }
  // Widen each Krawczyk box by ~1e-12 (relative) so that an independent checker's own Krawczyk
  // iterates, which round differently, land inside it (a wider enclosure of the same point is
  // still sound; the residuals barely change).
  const pad = (v: number) => 1e-12 * Math.max(1, Math.abs(v));
  const k = chosen.length;
  const name = (a: number, v: string) => (k === 1 ? `S_${v}` : `S${a}_${v}`);
  const slots: Slot[] = chosen.flatMap((m, a) =>
    vars.map((v, j) => ({
      name: name(a, v),
      lo: m.box.lo[j]! - pad(m.box.lo[j]!),
      hi: m.box.hi[j]! + pad(m.box.hi[j]!),
      how:
        k === 1
          ? `coordinate of the unique minimizer of f over the box (${convex ? 'f proved strictly convex on the box + Krawczyk' : 'interval global minimization + Krawczyk'})`
          : `coordinate of minimizer ${a} of f over the box (global minimization + Krawczyk + the declared symmetry)`,
    })),
  );
  const points = chosen.map((_, a) => vars.map((v, j) => b.variable(dim + a * dim + j, name(a, v))));
  const width = Math.max(...chosen.flatMap((m) => m.box.hi.map((h, j) => h - m.box.lo[j]!)));
  return {
    ok: true,
    model: { kind: 'points', points, slots },
    note: `S computed on the box (not on R^d): ${k === 1 ? 'one minimizer' : `${k} minimizers (equal values by the declared symmetry)`}, enclosed in box(es) of width ${width.toExponential(1)}; f* over the box ∈ [${gm.fstar[0]}, ${gm.fstar[1]}]`,
    fstar: gm.fstar,
    boxes: gm.boxes,
  };
}

/**
 * The minimum of a strictly convex f, without the global search (which took 6 s of a 64-term
 * logistic regression in d = 6), in the shape of globalMinimize's result; null when it does not
 * apply (then the global search runs). Soundness:
 * - every eigenvalue of ∇²f is ≥ m > 0 on the outer box O (LocalConvexity: the rank-one split or
 *   Gershgorin, the bound the search's local-convexity leaves use), with no kink on O and f and
 *   ∇f finite there, so f is C² and strictly convex on the convex set O;
 * - Krawczyk (proveUniqueZero, every box tried inside the interior of the inner box I and free
 *   of kinks) proves a zero p of ∇f in a box Z ⊂ int(I).
 * A stationary point of a convex function is a global minimizer on its convex domain, and strict
 * convexity makes it the only one: S over O is {p}, and p ∈ I ⊆ X (the exact domain), so S over X
 * is {p} too. f* = f(p) ∈ f(Z) (natural enclosure: its upper end is f's bound on points of I).
 * Nothing here is taken from floats but the starting point of Krawczyk.
 */
export function strictlyConvexMinimum(f: Expr, dim: number, boxes: DomainBoxes): GlobalMinResult | null {
  const O = boxes.outer;
  const m = SmoothModel.within(f, dim);
  if (!m?.isSmooth(O)) return null;
  const lo = new Float64Array(dim + 1);
  const hi = new Float64Array(dim + 1);
  m.fg.eval(O.lo, O.hi, lo, hi);
  for (let j = 0; j <= dim; j++) if (!(Number.isFinite(lo[j]!) && Number.isFinite(hi[j]!))) return null;
  if (Date.now() >= ambientDeadline() || !LocalConvexity.of(f, dim).eigenBounds(O)) return null;
  const I = boxes.inner;
  const x = localMinimize(
    m,
    I.lo.map((l, j) => l / 2 + I.hi[j]! / 2),
    O,
  ).x;
  // The float minimizer is within about 1e-8 of p (its gradient about 1e-9 on 64 logistic terms): a
  // box of relative radius 1e-6 around it, else 1e-3 (any box is a valid start: only the proof counts).
  let Z: Box | null = null;
  for (let k = 0; k < 2 && !Z; k++) {
    const r = (v: number) => (k === 0 ? 1e-6 : 1e-3) * Math.max(1, Math.abs(v));
    Z = proveUniqueZero(m.grad, m.hess, { lo: x.map((v) => v - r(v)), hi: x.map((v) => v + r(v)) }, (X) => inInterior(X, I) && m.isRegular(X))?.box ?? null;
  }
  if (!Z) return null;
  m.fg.eval(Z.lo, Z.hi, lo, hi);
  if (!(Number.isFinite(lo[0]!) && Number.isFinite(hi[0]!))) return null;
  const point = Z.lo.map((l, j) => l / 2 + Z.hi[j]! / 2);
  return {
    fstar: [lo[0]!, hi[0]!],
    candidates: [Z],
    isolated: [{ box: Z, unique: true, point, status: 'stationary', kind: 'local-min' }],
    complete: true,
    boxes: 0,
  };
}

/**
 * Why S is not computed when a candidate minimizer is not an interior stationary point: it lies
 * on a face of the box (a minimizer there need not be stationary: f may still decrease
 * outward), or within the float enclosure of an irrational bound (it may lie outside X).
 */
function boundaryReason(cands: readonly IsolatedMinimizer[], vars: readonly string[], boxes: DomainBoxes, total: number): string {
  const parts = cands.map((m) => {
    const at = `(${m.point.map((v) => v.toPrecision(6)).join(', ')})`;
    const faces = (m.onFace ?? []).flatMap((w, j) => (w ? [`${vars[j]} = ${w === 'lo' ? boxes.outer.lo[j] : boxes.outer.hi[j]}`] : []));
    const band = m.box.lo.flatMap((l, j) => {
      const out: string[] = [];
      if (l <= boxes.inner.lo[j]! && boxes.inner.lo[j]! !== boxes.outer.lo[j]!)
        out.push(`the lower bound of ${vars[j]} (enclosed only in [${boxes.outer.lo[j]}, ${boxes.inner.lo[j]}])`);
      if (m.box.hi[j]! >= boxes.inner.hi[j]! && boxes.inner.hi[j]! !== boxes.outer.hi[j]!)
        out.push(`the upper bound of ${vars[j]} (enclosed only in [${boxes.inner.hi[j]}, ${boxes.outer.hi[j]}])`);
      return out;
    });
    if (band.length)
      return `a minimizer near ${at} lies within the float enclosure of ${band.join(' and ')}: it may lie outside the domain, and then the minimizer over the domain is on its boundary`;
    return `the minimizer near ${at} lies on the boundary of the box${faces.length ? ` (${faces.join(', ')})` : ''}, where f need not be stationary`;
  });
  const more = total > cands.length ? ` (${total} candidate region(s) in all)` : '';
  return `could not compute S: ${parts.join('; ')}${more}; lscert computes S only when every minimizer is an interior stationary point of f (proved by Krawczyk), so give S explicitly (minimizers.points) and lscert will check the claim for it`;
}

/**
 * Checks that σ permutes the isolated minimizers in one cycle: for each a, σ(enclosure of a's
 * point) lies in a region R_b where Krawczyk proves a unique stationary point. Then if p_a is a
 * global minimizer over the box, so is σ(p_a) (same value, and it lies in the box), which is
 * then stationary (interior) and in R_b, so it is p_b. One cycle through all points, and the
 * minimum attained at one of them, make every point a minimizer. Returns the cycle (a → b) or
 * why not.
 */
export function symmetryOrbit(f: Expr, dim: number, inner: Box, iso: readonly { readonly box: Box }[], symmetry: readonly Expr[]): number[] | string {
  const m = SmoothModel.within(f, dim);
  if (!m) return 'the time limit was reached before the derivatives of f were built';
  const regions = iso.map((x) => uniquenessRegion(m, inner, x.box));
  if (regions.some((r) => r === null)) return 'Krawczyk could not prove a unique stationary point around every minimizer';
  const sigma = compileInterval([...symmetry]);
  const lo = new Float64Array(dim);
  const hi = new Float64Array(dim);
  const next: number[] = [];
  for (const x of iso) {
    sigma.eval(x.box.lo, x.box.hi, lo, hi);
    const b2 = regions.findIndex((R) => R!.lo.every((l, j) => l <= lo[j]! && hi[j]! <= R!.hi[j]!));
    if (b2 < 0) return 'the image of a minimizer under the symmetry lies in no candidate region';
    next.push(b2);
  }
  let a = 0;
  for (let n = 1; n < iso.length; n++) {
    a = next[a]!;
    if (a === 0) return 'the symmetry does not move every candidate to every other (not one cycle)';
  }
  return next[a] === 0 ? next : 'the symmetry does not permute the candidates';
}
