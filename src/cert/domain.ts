import { encloseConstant } from '../expr/index.js';
import type { Problem } from '../problem/index.js';
import type { CheckBox } from './cells.js';

/**
 * The checker's own float boxes around the exact domain X, enclosed here from the bound
 * expressions (never taken from the certificate or the search): `outer` ⊇ X ⊇ `inner`.
 * Proof trees may cover `outer` (proving on more than X is harmless); every test that a
 * point or region lies INSIDE X (a computed minimizer, the point bounding f* from above, a
 * gradient leaf that must be interior) uses `inner`. A side whose exact bounds are equal but
 * irrational gives an empty inner side (lo > hi): nothing is inside it, which fails safe.
 */
export function checkerDomain(p: Pick<Problem, 'domain'>): { outer: CheckBox; inner: CheckBox } {
  const enc = p.domain.map((b) => [encloseConstant(b.lo), encloseConstant(b.hi)] as const);
  return {
    outer: { lo: enc.map(([l]) => l.lo), hi: enc.map(([, h]) => h.hi) },
    inner: { lo: enc.map(([l]) => l.hi), hi: enc.map(([, h]) => h.lo) },
  };
}
