import { toDouble } from './decimal.js';
import type { Rational } from '../exact/rational.js';
import { pairAt, type Parametrization } from './param.js';
import type { RayResult } from './ray.js';
import type { Confirmation, ConstantsResult, Pair } from './types.js';

/** [lo, hi] for JSON (±∞ stays as null), or null when empty. */
export function rangeOut(lo: number, hi: number): [number, number] | null {
  if (!(lo <= hi)) return null;
  return [lo, hi];
}

export const pairOf = (p: Parametrization, t: Rational): Pair | null => {
  if (p.kind !== 'line') return null;
  const [a, b] = pairAt(p, t);
  return { alpha: toDouble(a), beta: toDouble(b) };
};

/** The brackets, the confirmation and the box count of one ray, as printed. */
export function rayFields(ray: RayResult): Pick<ConstantsResult, 'brackets' | 'confirmation' | 'boxes' | 'witness'> {
  const confirmation: Confirmation = {
    certified: ray.certified?.check ?? null,
    refuted: ray.refuted?.check ?? null,
    method: 'leaf-certified range (interval arithmetic), then check() on the exact printed value',
  };
  return {
    brackets: {
      outer: rangeOut(ray.outer.range.lo, ray.outer.range.hi),
      inner: ray.inner ? rangeOut(ray.inner.lo, ray.inner.hi) : null,
      passes: ray.passes.map((p) => ({ target: p.target, reached: p.reached, boxes: p.boxes, inner: rangeOut(p.range.lo, p.range.hi) })),
    },
    confirmation,
    boxes: ray.boxes + (ray.certified?.check?.boxes ?? 0) + (ray.refuted?.check?.boxes ?? 0),
    witness: ray.refuted?.witness ?? null,
  };
}
