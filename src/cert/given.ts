import { exactValueAt, quadraticInfimumOf } from '../exact/quadratic.js';
import { Rational } from '../exact/rational.js';
import { build as b, compileInterval, encloseConstant, rationalValue, substitute, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';
import { projectionMap } from './system.js';

const show = (lo: number, hi: number) => (lo === hi ? `${lo}` : `[${lo}, ${hi}]`);

/**
 * The checker's own tests of the values a problem gives (f*, f_i*), the contradictions `check`
 * refuses as invalid input (src/engine/assumptions.ts, which the checker may not import): a
 * certificate whose embedded problem states f* = 100 where f = 0 on S proved "PL with μ = 1000"
 * relative to that f*, and verified (review, 2026-12-07). Each test is an interval evaluation:
 * - f_i* is the infimum of f_i over R^d: no lower bound of f_i over (−∞, ∞)^d may exceed it;
 * - at a point p of S (every given point; for an affine S or a projection map, the image of the
 *   domain's centre): f(p) must be able to equal f*, and f_i(p) ≥ f_i* must be possible;
 * - f_i a polynomial of degree ≤ 2: the given f_i* must be its exact
 *   infimum over R^d (src/exact/quadratic.ts), which intervals over R^d cannot bound
 *   ((x − 1)² + x: −∞, infimum 3/4).
 * Returns the reasons (empty when nothing is contradicted). Passing proves nothing more.
 */
export function checkGivenValues(p: Problem, deadline = Infinity): string[] {
  const fstar = p.fstar ? encloseConstant(p.fstar) : null;
  const termMin = p.termMinima ? p.termMinima.map((e) => encloseConstant(e)) : null;
  if (!fstar && !termMin) return [];
  const d = p.variables.length;
  const n = p.terms.length;
  // f = (1/n) Σ f_i, as the checker's system builds it (src/cert/system.ts).
  const f = n === 1 ? p.terms[0]! : b.mul(b.num(Rational.of(1, n)), b.add(...p.terms));
  const ev = compileInterval([f, ...p.terms]);
  const lo = new Float64Array(n + 1);
  const hi = new Float64Array(n + 1);
  const reasons: string[] = [];
  if (termMin) {
    ev.eval(new Array<number>(d).fill(-Infinity), new Array<number>(d).fill(Infinity), lo, hi);
    termMin.forEach((m, i) => {
      if (Number.isFinite(lo[i + 1]!) && lo[i + 1]! > m.hi)
        reasons.push(
          `problem: termMinima[${i}] = ${show(m.lo, m.hi)} is below ${lo[i + 1]}, a lower bound of f_${i + 1} over all of R^d (f_i* is its infimum)`,
        );
    });
  }
  const S = p.minimizers;
  const exact = (e: Expr, name: string, given: Expr, enc: { lo: number; hi: number }, field: string) => {
    // (not f*: a given S may be the minimizers over the domain, on its boundary)
    const q = quadraticInfimumOf(e, d, deadline);
    if (!q) return;
    if (q.kind === 'unbounded') return void reasons.push(`problem: ${field} = ${show(enc.lo, enc.hi)}, but ${name} is a quadratic unbounded below over R^d`);
    // compared exactly (one ulp off the infimum certified a false α-β claim)
    if (!rationalValue(given)?.equals(q.value))
      reasons.push(`problem: ${field} = ${show(enc.lo, enc.hi)}, but the exact infimum of the quadratic ${name} over R^d is ${q.value}`);
  };
  termMin?.forEach((m, i) => exact(p.terms[i]!, `f_${i + 1}`, p.termMinima![i]!, m, `termMinima[${i}]`));
  const map = projectionMap(p);
  const centre: Expr[] = p.domain.map((r) => b.mul(b.num(Rational.of(1, 2)), b.add(r.lo, r.hi)));
  const points: readonly (readonly Expr[])[] = S.kind === 'points' ? S.points : map ? [map.map((m) => substitute(m, (i) => centre[i]!))] : [];
  const givenF = p.fstar ? rationalValue(p.fstar) : undefined;
  points.forEach((pt, a) => {
    const enc = pt.map((e) => encloseConstant(e));
    if (!enc.every((v) => Number.isFinite(v.lo) && Number.isFinite(v.hi))) return;
    ev.eval(
      enc.map((v) => v.lo),
      enc.map((v) => v.hi),
      lo,
      hi,
    );
    const where = S.kind === 'points' ? `point ${a} of S` : 'the point of S nearest to the centre of the domain';
    if (fstar && (hi[0]! < fstar.lo || lo[0]! > fstar.hi))
      reasons.push(`problem: fstar = ${show(fstar.lo, fstar.hi)} contradicts S: at ${where}, f ∈ ${show(lo[0]!, hi[0]!)} (f takes the value f* on S)`);
    // exactly where both sides are rational (a polynomial f at a rational point): enclosures that
    // touch hide one ulp, and such an f* certified a false PL claim (review finding)
    const v = fstar ? exactValueAt(f, pt, deadline) : null;
    if (v && !givenF?.equals(v)) reasons.push(`problem: fstar = ${show(fstar!.lo, fstar!.hi)}, but f = ${v} exactly at ${where}`);
    termMin?.forEach((m, i) => {
      if (hi[i + 1]! < m.lo)
        reasons.push(`problem: termMinima[${i}] = ${show(m.lo, m.hi)} is above f_${i + 1} at ${where} (${show(lo[i + 1]!, hi[i + 1]!)}): f_i* is an infimum`);
    });
  });
  return reasons;
}
