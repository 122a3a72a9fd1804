import { objective, type ProjectionModel } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import type { Counterexample } from '../engine/index.js';
import { findNonGlobalStationaryPoint, fstarEnclosure, qcvxCandidates, type Box } from '../engine/constantsKit.js';
import type { Problem } from '../problem/index.js';
import { confirmFirst, verifyAt, type CheckSummary } from './confirm.js';
import { shortDecimal, toDouble } from './decimal.js';
import type { XStar } from './family.js';
import { claimAt, type Parametrization } from './param.js';
import { bracketRay, zeroTolerance, type RayOptions, type RayResult } from './ray.js';

/** Why the best constant is 0. */
export type ZeroProof =
  /** A Krawczyk-proven stationary point with f > f*: every constant fails (DOMAIN §2). */
  | {
      readonly kind: 'universal';
      readonly stationaryKind: string;
      readonly box: Box;
      readonly point: readonly number[];
      readonly f: readonly [number, number];
      readonly fstar: readonly [number, number];
    }
  /** Verified points near S where the quotient is below every positive tolerance we print. */
  | { readonly kind: 'limit'; readonly quotient: number };

export interface ScalarBracket {
  readonly certified: { readonly t: Rational; readonly check?: CheckSummary; readonly trivial?: true } | null;
  readonly refuted: { readonly t: Rational; readonly witness: Counterexample; readonly check?: CheckSummary } | null;
  readonly zero?: ZeroProof;
  /** One ray per fixed x* (QCvx with several points of S), else one. */
  readonly rays: readonly (RayResult & { readonly xstar?: number | null })[];
  readonly notes: readonly string[];
}

/**
 * The largest valid μ (PL) or θ (Aiming, QCvx), bracketed. A proved non-global stationary
 * point makes it 0 outright; an outer range that reaches 0 (points near S whose quotient
 * ‖∇f‖²/(2(f − f*)) or ⟨∇f, x − x_p⟩/(f − f*) vanishes) gives 0 up to the printed ε.
 * QCvx: the best over the fixed points x* that `check()` tries.
 */
export async function bracketScalar(
  p: Problem,
  model: ProjectionModel,
  boxes: { outer: Box; inner: Box },
  condition: 'pl' | 'aiming' | 'qcvx',
  opts: RayOptions,
  /** QCvx: the model's points are some of S's, not all (S given by equations: one proved x*). */
  partialS = false,
): Promise<ScalarBracket> {
  const param: Parametrization = { kind: 'scalar', condition };
  const notes: string[] = [];
  // When the best constant is 0, only PL's μ = 0 holds trivially (‖∇f‖²/2 ≥ 0). Aiming's and
  // QCvx's θ = 0 says ⟨∇f(x), x − x_p⟩ ≥ 0, which fails wherever the gradient points towards S
  // (x = (2, 0.6) on the hyperbola: −0.08): nothing is certified for them then. (Until
  // 2026-12-07 `constants` printed "certified: 0 (trivial)" for all three.)
  const zeroCertified = condition === 'pl' ? ({ t: Rational.ZERO, trivial: true } as const) : null;
  const fs = fstarEnclosure(p, model);
  // Inner box: the stationary point must lie in the exact domain (docs/engine.md, which box).
  const proof = findNonGlobalStationaryPoint(objective(p), p.variables.length, boxes.inner, { lo: fs.lo, hi: fs.hi }, { seed: opts.seed });
  const stars: (XStar & { singleton: boolean })[] = condition === 'qcvx' ? qcvxCandidates(p, model, partialS) : [{ exprs: [], singleton: true }];
  if (proof) {
    const zero: ZeroProof = { kind: 'universal', stationaryKind: proof.kind, box: proof.box, point: proof.point, f: proof.fEnclosure, fstar: [fs.lo, fs.hi] };
    const eps = Rational.of(1, 10 ** 9);
    const xs = condition === 'qcvx' ? stars[0] : undefined;
    const witness = verifyAt(p, model, claimAt(param, eps), proof.point, boxes, xs);
    const ok = witness && opts.confirm ? await confirmFirst(p, [{ t: eps, claim: claimAt(param, eps) }], 'refuted', opts.confirm) : null;
    const refuted = witness && (!opts.confirm || ok) ? { t: eps, witness, ...(ok && { check: ok.check }) } : null;
    notes.push(
      `the best constant is 0: f has a ${proof.kind === 'unknown' ? 'stationary point' : proof.kind.replace('-', ' ')} that is not a global minimizer, so every constant > 0 fails`,
    );
    return { certified: zeroCertified, refuted, zero, rays: [], notes };
  }
  // One after another: each ray's confirming checks may use every thread (--jobs).
  const rays: (RayResult & { readonly xstar?: number | null })[] = [];
  for (const xs of stars)
    rays.push({
      ...(await bracketRay({ problem: p, model, boxes, param, objective: 'max', ...(condition === 'qcvx' && { xstar: xs }) }, opts)),
      ...(condition === 'qcvx' && { xstar: xs.index ?? null }),
    });
  // Zero up to ε: the rigorous outer end is below a tiny fraction of the typical quotient.
  const tiny = zeroTolerance(rays[0]!.outer);
  const outerHi = Math.max(...rays.map((r) => r.outer.range.hi));
  if (rays.every((r) => r.limit === 'zero')) {
    const eps = shortDecimal(Math.max(tiny, 10 * Math.max(outerHi, 0)), 'up', tiny);
    // A value is refuted for QCvx only when every x* ∈ S was tried (a finite S or a constant map):
    // otherwise this says nothing about the other x*, so no ε is refuted and no best value claimed.
    if (!stars.every((s) => s.singleton)) {
      notes.push(
        `for the x* tried no positive constant holds near S (verified points approaching S have quotient ≤ ${outerHi.toExponential(2)}); other x* ∈ S were not tried, so nothing is refuted`,
      );
      return { certified: zeroCertified, refuted: null, rays, notes };
    }
    const refuted = await refuteAll(p, model, boxes, param, eps, rays, stars, opts);
    notes.push(
      `the best constant is 0 (up to ε = ${toDouble(eps)}): verified points approaching S have quotient ≤ ${outerHi.toExponential(2)}, so no positive constant holds near S`,
    );
    return { certified: zeroCertified, refuted, zero: { kind: 'limit', quotient: outerHi }, rays, notes };
  }
  const cert =
    rays
      .map((r) => r.certified)
      .filter((c) => c !== null)
      .sort((a, b) => b!.t.cmp(a!.t))[0] ?? null;
  let refuted: ScalarBracket['refuted'] = null;
  if (rays.length === 1 && stars[0]!.singleton) refuted = rays[0]!.refuted;
  else if (stars.every((s) => s.singleton) && rays.every((r) => r.refuted)) {
    const t = rays.map((r) => r.refuted!.t).sort((a, b) => b.cmp(a))[0]!;
    refuted = await refuteAll(p, model, boxes, param, t, rays, stars, opts);
  }
  for (const r of rays) notes.push(...r.notes);
  if (condition === 'qcvx' && !stars.every((s) => s.singleton))
    notes.push(
      partialS
        ? 'QCvx with S given by equations: only one x* ∈ S (proved near the centre) is tried, so no value is refuted for every x*'
        : 'QCvx with S given as a map: only x* = P(centre) is tried, so no value is refuted for every x*',
    );
  return { certified: cert, refuted, rays, notes };
}

/** A value refuted for every x* (each ray's witness must refute it), confirmed by check(). */
async function refuteAll(
  p: Problem,
  model: ProjectionModel,
  boxes: { outer: Box; inner: Box },
  param: Parametrization,
  t: Rational,
  rays: readonly RayResult[],
  stars: readonly XStar[],
  opts: RayOptions,
): Promise<ScalarBracket['refuted']> {
  let first: Counterexample | null = null;
  for (let i = 0; i < rays.length; i++) {
    const wx = rays[i]!.outer.hiWitness;
    const w = wx ? verifyAt(p, model, claimAt(param, t), wx, boxes, param.kind === 'scalar' && param.condition === 'qcvx' ? stars[i] : undefined) : null;
    if (!w) return null;
    first ??= w;
  }
  if (!first) return null;
  if (!opts.confirm) return { t, witness: first };
  const ok = await confirmFirst(p, [{ t, claim: claimAt(param, t) }], 'refuted', opts.confirm);
  return ok ? { t, witness: first, check: ok.check } : null;
}
