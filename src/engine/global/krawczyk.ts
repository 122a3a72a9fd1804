import type { IntervalEvaluator } from '../../expr/index.js';
import { kernel } from '../../interval/index.js';
import { midpoint, type Box } from '../box.js';
import { invert } from './linalg.js';

const OUT = kernel.OUT;

/** What the Krawczyk test proved about the zeros of g in a box X. */
export type KrawczykStatus = 'unique' | 'none' | 'unknown';

/**
 * One Krawczyk step K(X) = c − Y·g(c) + (I − Y·J(X))(X − c), c = mid X, Y ≈ J(c)⁻¹ (float).
 *
 * Soundness (needs g C¹ on X and J(X) ⊇ {g'(x) : x ∈ X}; the caller checks both, e.g. with
 * `SmoothModel.isSmooth`): every zero z of g in X satisfies z = c − Yg(c) + (I − Y M)(z − c)
 * with M ∈ J(X) (mean value form on the segment [c, z] ⊆ X, for ANY matrix Y), so z ∈ K(X).
 * Hence K(X) ∩ X = ∅ ⇒ no zero; K(X) ⊆ interior(X) ⇒ exactly one zero in X (Krawczyk/Rump:
 * then Y and every M ∈ J(X) are nonsingular and x ↦ x − Y g(x) contracts), and it lies in K(X).
 * The interval work is outward-rounded kernel arithmetic with Y's entries taken as exact doubles;
 * a component of g(X) that excludes 0 also gives 'none'. NaN/∞ anywhere gives 'unknown'.
 */
export function krawczykStep(grad: IntervalEvaluator, jac: IntervalEvaluator, X: Box): { status: KrawczykStatus; K: Box | null } {
  const d = X.lo.length;
  const gLo = new Float64Array(d);
  const gHi = new Float64Array(d);
  grad.eval(X.lo, X.hi, gLo, gHi);
  for (let i = 0; i < d; i++) if (gLo[i]! > 0 || gHi[i]! < 0) return { status: 'none', K: null };
  const c = midpoint(X);
  grad.eval(c, c, gLo, gHi);
  const jLo = new Float64Array(d * d);
  const jHi = new Float64Array(d * d);
  jac.eval(c, c, jLo, jHi);
  const Y = invert(
    jLo.map((l, k) => l / 2 + jHi[k]! / 2),
    d,
  );
  if (!Y) return { status: 'unknown', K: null };
  jac.eval(X.lo, X.hi, jLo, jHi);
  const kLo: number[] = [];
  const kHi: number[] = [];
  for (let i = 0; i < d; i++) {
    let al = c[i]!;
    let ah = c[i]!;
    for (let j = 0; j < d; j++) {
      const y = Y[i * d + j]!;
      kernel.mul(y, y, gLo[j]!, gHi[j]!);
      kernel.sub(al, ah, OUT[0]!, OUT[1]!);
      al = OUT[0]!;
      ah = OUT[1]!;
    }
    for (let k = 0; k < d; k++) {
      let ml = i === k ? 1 : 0;
      let mh = ml;
      for (let j = 0; j < d; j++) {
        const y = Y[i * d + j]!;
        kernel.mul(y, y, jLo[j * d + k]!, jHi[j * d + k]!);
        kernel.sub(ml, mh, OUT[0]!, OUT[1]!);
        ml = OUT[0]!;
        mh = OUT[1]!;
      }
      kernel.sub(X.lo[k]!, X.hi[k]!, c[k]!, c[k]!);
      kernel.mul(ml, mh, OUT[0]!, OUT[1]!);
      kernel.add(al, ah, OUT[0]!, OUT[1]!);
      al = OUT[0]!;
      ah = OUT[1]!;
    }
    kLo.push(al);
    kHi.push(ah);
  }
  const K: Box = { lo: kLo, hi: kHi };
  for (let i = 0; i < d; i++) if (kHi[i]! < X.lo[i]! || kLo[i]! > X.hi[i]!) return { status: 'none', K: null };
  for (let i = 0; i < d; i++) if (!(kLo[i]! > X.lo[i]! && kHi[i]! < X.hi[i]!)) return { status: 'unknown', K };
  return { status: 'unique', K };
}

/**
 * The Krawczyk test on X for a system g = 0 (grad: d outputs, jac: d·d outputs, row-major).
 * 'unique': X holds exactly one zero of g; 'none': X holds no zero; 'unknown': undecided.
 * Sound only when g is C¹ on X and `jac` encloses its Jacobian there (see {@link krawczykStep}).
 */
export function krawczyk(grad: IntervalEvaluator, jac: IntervalEvaluator, X: Box): KrawczykStatus {
  return krawczykStep(grad, jac, X).status;
}

const hull = (a: Box, b: Box): Box => ({ lo: a.lo.map((l, j) => Math.min(l, b.lo[j]!)), hi: a.hi.map((h, j) => Math.max(h, b.hi[j]!)) });

/** X widened by `rel` of its width plus `abs` on every side (float; any box is a valid candidate). */
function inflate(X: Box, rel: number, abs: number): Box {
  return {
    lo: X.lo.map((l, j) => l - rel * (X.hi[j]! - l) - abs * Math.max(1, Math.abs(l))),
    hi: X.hi.map((h, j) => h + rel * (h - X.lo[j]!) + abs * Math.max(1, Math.abs(h))),
  };
}

/**
 * Epsilon-inflation (Rump): tries X0, then X_{k+1} = inflate(K(X_k)) ∪ keep, until K(X) ⊆ int X.
 * Returns a box proved to contain exactly one zero of g (within a box X ⊇ keep proved to hold
 * exactly one zero), tightened by more steps K ← K(K) ∩ K while they halve its width (each still holds the zero), or
 * null. `admissible(X)` must certify the smoothness premise on every X tried (and may require
 * X inside the domain); a rejected X ends the attempt.
 */
export function proveUniqueZero(
  grad: IntervalEvaluator,
  jac: IntervalEvaluator,
  X0: Box,
  admissible: (X: Box) => boolean,
  keep?: Box,
): { outer: Box; box: Box } | null {
  let X = X0;
  for (let it = 0; it < 8; it++) {
    if (!admissible(X)) return null;
    const { status, K } = krawczykStep(grad, jac, X);
    if (status === 'unique' && K) return { outer: X, box: tightenZero(grad, jac, K) };
    if (status === 'none' || !K || !K.lo.every(Number.isFinite) || !K.hi.every(Number.isFinite)) return null;
    X = inflate(hull(K, X), it < 3 ? 0.1 : 0.5, 1e-15);
    if (keep) X = hull(X, keep);
  }
  return null;
}

/** Given a box K0 known to hold a zero of g: K ← K(K) ∩ K a few times (each still holds it). */
export function tightenZero(grad: IntervalEvaluator, jac: IntervalEvaluator, K0: Box): Box {
  let K = K0;
  const size = (B: Box) => B.lo.reduce((s, l, j) => Math.max(s, B.hi[j]! - l), 0);
  for (let it = 0; it < 16; it++) {
    const { K: K2 } = krawczykStep(grad, jac, K);
    if (!K2) break;
    const lo = K.lo.map((l, j) => Math.max(l, K2.lo[j]!));
    const hi = K.hi.map((h, j) => Math.min(h, K2.hi[j]!));
    if (!lo.every((l, j) => l <= hi[j]!)) break;
    const before = size(K);
    K = { lo, hi };
    if (!(size(K) < 0.5 * before)) break;
  }
  return K;
}
