import type { IntervalEvaluator } from '../../expr/index.js';
import { kernel } from '../../interval/index.js';
import type { Box } from '../box.js';
import { symEigenvectors } from './linalg.js';

const OUT = kernel.OUT;

/** Curvature type of a stationary point from an interval Hessian enclosure. */
export type StationaryKind = 'saddle' | 'local-min' | 'local-max' | 'unknown';

/**
 * Classifies by the congruence A = Vᵀ H V (V: float eigenvectors of mid H), computed in
 * interval arithmetic so A ⊇ {VᵀHV : H ∈ H(box)}. Gershgorin discs of A all in (0, ∞) ⇒ every
 * such A, hence (V is then nonsingular) every H, is positive definite ⇒ strict local min;
 * all in (−∞, 0) ⇒ strict local max; some A_ii < 0 and some A_jj > 0 ⇒ H has directions
 * Ve_i, Ve_j of negative and positive curvature ⇒ indefinite ⇒ saddle. Requires the box to
 * contain the stationary point and f to be C² there.
 */
export function classifyHessian(jac: IntervalEvaluator, box: Box): StationaryKind {
  const d = box.lo.length;
  const hLo = new Float64Array(d * d);
  const hHi = new Float64Array(d * d);
  jac.eval(box.lo, box.hi, hLo, hHi);
  const V = symEigenvectors(
    hLo.map((l, k) => l / 2 + hHi[k]! / 2),
    d,
  );
  // W = H V, then A = Vᵀ W (each product outward-rounded).
  const prod = (aLo: ArrayLike<number>, aHi: ArrayLike<number>, left: boolean): [Float64Array, Float64Array] => {
    const oLo = new Float64Array(d * d);
    const oHi = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        let sl = 0;
        let sh = 0;
        for (let j = 0; j < d; j++) {
          const v = left ? V[j * d + i]! : V[j * d + k]!;
          const idx = left ? j * d + k : i * d + j;
          kernel.mul(v, v, aLo[idx]!, aHi[idx]!);
          kernel.add(sl, sh, OUT[0]!, OUT[1]!);
          sl = OUT[0]!;
          sh = OUT[1]!;
        }
        oLo[i * d + k] = sl;
        oHi[i * d + k] = sh;
      }
    }
    return [oLo, oHi];
  };
  const [wLo, wHi] = prod(hLo, hHi, false);
  const [aLo, aHi] = prod(wLo, wHi, true);
  let minLo = Infinity;
  let maxHi = -Infinity;
  let neg = false;
  let pos = false;
  for (let i = 0; i < d; i++) {
    let rl = aLo[i * d + i]!;
    let rh = aHi[i * d + i]!;
    if (rh < 0) neg = true;
    if (rl > 0) pos = true;
    for (let j = 0; j < d; j++) {
      if (j === i) continue;
      const r = Math.max(Math.abs(aLo[i * d + j]!), Math.abs(aHi[i * d + j]!));
      kernel.sub(rl, rh, r, r);
      const l = OUT[0]!;
      kernel.add(rl, rh, r, r);
      rh = OUT[1]!;
      rl = l;
    }
    minLo = Math.min(minLo, rl);
    maxHi = Math.max(maxHi, rh);
  }
  if (minLo > 0) return 'local-min';
  if (maxHi < 0) return 'local-max';
  if (neg && pos) return 'saddle';
  return 'unknown';
}
