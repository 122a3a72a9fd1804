import { compileFloat, gradient, type Expr } from '../expr/index.js';
import { outerBox, type Problem } from '../problem/index.js';
import { objective } from './objective.js';

/**
 * Sanity checks of a user-given projection map P on sample points of the domain (floats:
 * these can only raise warnings, never prove anything; the map itself is trusted, as the
 * documentation says of user-given values). Checked: P(P(x)) = P(x) (P lands on its own fixed
 * set), f(P(x)) = f* (it lands in the minimizer set), ∇f(P(x)) = 0, and that P(x) is at
 * least as close to x as the images of nearby points (it is nearest, as far as sampling
 * can tell). Returns human-readable warnings (empty when nothing looked wrong).
 */
export function checkProjectionMap(p: Problem, map: readonly Expr[], fstarValue: number, random: () => number, samples = 64): string[] {
  const d = p.variables.length;
  const f = objective(p);
  const P = compileFloat(map);
  const fEv = compileFloat([f, ...gradient(f, d)]);
  const box = outerBox(p);
  const scale = Math.max(1, ...box.lo.map((l, j) => box.hi[j]! - l));
  const tol = 1e-7 * scale;
  const warn = new Map<string, string>();
  const px = new Float64Array(d);
  const ppx = new Float64Array(d);
  const fv = new Float64Array(d + 1);
  const pq = new Float64Array(d);
  for (let s = 0; s < samples; s++) {
    const x = box.lo.map((l, j) => l + random() * (box.hi[j]! - l));
    P.eval(x, px);
    if (![...px].every(Number.isFinite)) {
      warn.set('finite', `the projection map is not finite at (${x.map((v) => v.toPrecision(4)).join(', ')})`);
      continue;
    }
    P.eval([...px], ppx);
    if (dist(px, ppx) > tol) warn.set('idem', `P(P(x)) ≠ P(x) at x = (${fmt(x)}): the map does not land on its fixed points`);
    fEv.eval([...px], fv);
    if (Math.abs(fv[0]! - fstarValue) > 1e-7 * Math.max(1, Math.abs(fstarValue)))
      warn.set('fstar', `f(P(x)) = ${fv[0]!.toPrecision(8)} ≠ f* = ${fstarValue.toPrecision(8)} at x = (${fmt(x)}): P(x) is not a minimizer`);
    const g = Math.hypot(...fv.subarray(1));
    if (g > 1e-6 * Math.max(1, Math.abs(fv[0]!))) warn.set('grad', `‖∇f(P(x))‖ = ${g.toPrecision(3)} at x = (${fmt(x)}): P(x) is not a stationary point`);
    const dx = dist(x, px);
    for (let k = 0; k < 4; k++) {
      const y = x.map((v) => v + (random() - 0.5) * 0.5 * scale);
      P.eval(y, pq);
      if (dist(x, pq) < dx - tol) {
        warn.set('nearest', `P(x) is not the nearest point of S to x = (${fmt(x)}): P(y) for a nearby y is closer`);
        break;
      }
    }
  }
  return [...warn.values()];
}

const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
};
const fmt = (x: readonly number[]) => x.map((v) => v.toPrecision(4)).join(', ');
