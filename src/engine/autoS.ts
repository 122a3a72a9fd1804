import type { ProjectionModel } from '../conditions/index.js';
import { build as b, type Expr } from '../expr/index.js';
import type { Box } from './box.js';
import { globalMinimize } from './global/index.js';

/** S computed by lscert, or why it could not be pinned down. */
export type AutoS =
  | { readonly ok: true; readonly model: ProjectionModel; readonly note: string; readonly fstar: readonly [number, number]; readonly boxes: number }
  | { readonly ok: false; readonly reason: string; readonly boxes: number };

/**
 * `minimizers: auto`: interval global minimization of f over the box. S is accepted only
 * when it is pinned down exactly: the search completed, one candidate region is left, and
 * it holds a unique stationary point (Krawczyk) inside the domain. Then that point is the
 * global minimizer of f over the box, and it enters the residuals as a tiny box (slots).
 * Anything else (several candidates whose values cannot be separated, a minimizer on the
 * boundary, a continuum of minimizers) is reported, never guessed: a wrong S changes the
 * condition in either direction.
 *
 * Stated on what set: the minimizers of f over the box, not over R^d.
 */
export function computeS(f: Expr, dim: number, vars: readonly string[], domain: Box, seed: number): AutoS {
  const gm = globalMinimize(f, dim, domain, { maxBoxes: 20000, tol: 1e-9, seed });
  if (!gm.complete) return { ok: false, reason: `could not pin down S: the global minimization of f over the box did not finish (${gm.boxes} boxes; f* ∈ [${gm.fstar[0]}, ${gm.fstar[1]}]); give S explicitly`, boxes: gm.boxes };
  const iso = gm.isolated;
  if (gm.candidates.length !== 1 || iso.length !== 1 || iso[0]!.status !== 'stationary' || !iso[0]!.unique) {
    const what = iso.map((m) => `${m.status} near (${m.point.map((v) => v.toPrecision(6)).join(', ')})`).join('; ') || `${gm.candidates.length} regions`;
    return { ok: false, reason: `could not pin down S exactly: ${gm.candidates.length} candidate region(s) for the minimizers of f over the box (${what}); intervals cannot prove which of them are global minimizers, so give S explicitly`, boxes: gm.boxes };
  }
  const m = iso[0]!;
  // Widen the Krawczyk box by ~1e-12 (relative) so that an independent checker's own Krawczyk
  // iterates, which round differently, land inside it (a wider enclosure of the same point is
  // still sound; the residuals barely change).
  const pad = (v: number) => 1e-12 * Math.max(1, Math.abs(v));
  const slots = vars.map((v, j) => ({ name: `S_${v}`, lo: m.box.lo[j]! - pad(m.box.lo[j]!), hi: m.box.hi[j]! + pad(m.box.hi[j]!), how: 'coordinate of the unique minimizer of f over the box (interval global minimization + Krawczyk)' }));
  const point = vars.map((v, j) => b.variable(dim + j, `S_${v}`));
  return {
    ok: true,
    model: { kind: 'points', points: [point], slots },
    note: `S computed on the box (not on R^d): one minimizer, enclosed in a box of width ${Math.max(...m.box.hi.map((h, j) => h - m.box.lo[j]!)).toExponential(1)}; f* over the box ∈ [${gm.fstar[0]}, ${gm.fstar[1]}]`,
    fstar: gm.fstar,
    boxes: gm.boxes,
  };
}
