import { Rational } from '../exact/rational.js';
import { build as b, interpretInterval, linearImage, reduceExpr, reduceForms, rowEchelon, SimplifyTimeout, type LinearStructure } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import type { CheckBox } from './cells.js';
import type { CheckSystem } from './system.js';

/**
 * A certificate decided over y = W x (docs/certificates.md#linear-forms): the checker proves the
 * reduction itself before it walks the tree, from the problem's residuals it rebuilt (never from
 * anything the search wrote but W and the box of y):
 * 1. W is in reduced row echelon form with k < d nonzero rows (then x = X(y, z) of
 *    src/expr/linear.ts is a bijection of R^d with W X(y, z) = y);
 * 2. no term has a kink, S is not finite with several points nor given by equations, and every
 *    f_i and ∇f_i has a finite enclosure on the whole domain (so no leaf needs a definedness test);
 * 3. every obligation has a form whose canonical simplification after x = X(y, z) contains no z:
 *    that form, hence the residual, equals R̃(W x) at every x of the domain;
 * 4. the recorded box of y contains W·domain, computed exactly.
 * Then R̃ ≥ 0 on every leaf of the tree (a tiling of that box) proves the claim on the domain.
 * Returns the system in y and the root box, or why not.
 */
export function reducedCheckSystem(
  sys: CheckSystem,
  rec: { readonly W: Rational[][]; readonly domain: { readonly lo: number[]; readonly hi: number[] }; readonly base: Rational[] | null },
  domain: CheckBox,
  slots: readonly { readonly lo: number; readonly hi: number }[],
): { sys: CheckSystem; root: CheckBox } | string {
  const d = sys.dim;
  const k = rec.W.length;
  if (rec.W.some((row) => row.length !== d)) return `reduction.W: every row must have ${d} entries (one per variable)`;
  if (!(k < d)) return `reduction.W: ${k} rows for ${d} variables is no reduction`;
  const { W, pivots } = rowEchelon(rec.W, d);
  if (W.length !== k || W.some((row, i) => row.some((v, j) => !v.equals(rec.W[i]![j]!))))
    return 'reduction.W: not in reduced row echelon form with independent rows';
  if (sys.implicit) return 'reduction: S given by equations is not decided over linear forms';
  if (sys.voronoi) return 'reduction: a finite S with nearest-point cells is not decided over linear forms';
  if (sys.kinks.length) return 'reduction: a term has a kink (abs, max, min, relu): not decided over linear forms';
  const env = [...domain.lo.map((l, j) => Interval.of(l, domain.hi[j]!)), ...slots.map((s) => Interval.of(s.lo, s.hi))];
  for (const e of sys.definedness) {
    const v = interpretInterval(e, env);
    if (!(Number.isFinite(v.lo) && Number.isFinite(v.hi))) return 'reduction: a term or its gradient is not proved finite on the whole domain';
  }
  const s: LinearStructure = { W, pivots, d };
  const image = linearImage(W, domain.lo, domain.hi);
  for (let i = 0; i < k; i++) {
    if (!(image.lo[i]!.cmp(ratio(rec.domain.lo[i]!)) >= 0 && image.hi[i]!.cmp(ratio(rec.domain.hi[i]!)) <= 0))
      return `reduction.domain: y${i + 1} ranges over [${image.lo[i]}, ${image.hi[i]}] on the domain, outside the recorded [${rec.domain.lo[i]}, ${rec.domain.hi[i]}]`;
  }
  try {
    const cases = [];
    for (const [c, cs] of sys.cases.entries()) {
      const residuals = [];
      for (const [o, forms] of cs.residuals.entries()) {
        const r = reduceForms(forms, s, sys.slotCount);
        if (!r) return `reduction: obligation ${o} of case ${c} is not proved to depend on x through W x only`;
        residuals.push(r);
      }
      cases.push({ ...cs, residuals });
    }
    const f = reduceExpr(sys.f, s, sys.slotCount);
    if (!f) return 'reduction: f is not proved to depend on x through W x only';
    // normal-segment leaves over y: Taylor's formula at y* = W·p for the recorded p (a finite S of
    // one point); src/cert/normal.ts proves R̃(y*) = 0 and ∇R̃(y*) = 0 itself, so any p is sound as
    // long as it lies in the domain (then every segment [y*, y], y in W·domain, stays in W·domain).
    const base = rec.base;
    if (base && base.length !== d) return `reduction.base: expected ${d} coordinates`;
    if (base?.some((v, j) => v.cmp(ratio(domain.lo[j]!)) < 0 || v.cmp(ratio(domain.hi[j]!)) > 0)) return 'reduction.base: the point lies outside the domain';
    const at = base && W.map((row) => row.reduce((acc, w, j) => acc.add(w.mul(base[j]!)), Rational.ZERO));
    const segment: CheckSystem['segment'] = at
      ? {
          pVar: null,
          bases: [at.map((v) => b.num(v))],
          cases: cases.map((cs) => ({ residuals: cs.residuals.map((f) => f[0]!), nonnegative: cs.residuals.map(() => null), bases: [0] })),
          tangent: null,
        }
      : { pVar: null, bases: [], cases: [], tangent: null };
    return {
      sys: { ...sys, dim: k, cases, f, kinks: [], definedness: [], points: null, segment },
      root: { lo: [...rec.domain.lo], hi: [...rec.domain.hi] },
    };
  } catch (e) {
    if (e instanceof SimplifyTimeout) return 'reduction: simplification ran out of time';
    throw e;
  }
}

const ratio = (x: number): Rational => Rational.fromNumber(x);
