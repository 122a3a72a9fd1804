import { affineProjection, objective } from '../conditions/index.js';
import { TimeLimitReached } from '../errors.js';
import { exactValueAt, quadraticInfimumOf } from '../exact/quadratic.js';
import { Rational } from '../exact/rational.js';
import {
  build,
  compileFloat,
  compileInterval,
  encloseConstant,
  gradient,
  kinkGuards,
  rationalValue,
  simplify,
  substitute,
  toText,
  type Expr,
} from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { domainBoxes, problemFieldLabel, ProblemError, type Problem } from '../problem/index.js';
import { inInterior, type Box } from './box.js';
import { ambientDeadline } from './budget.js';
import { localMinimize, startPoints } from './global/local.js';
import { SmoothModel } from './global/model.js';
import { ImplicitSet } from './nearest.js';

/** What `checkAssumptions` found: doubts it could not prove (proved contradictions throw). */
export interface AssumptionReport {
  /** Suspicions from float evaluation that intervals could not confirm (shown as warnings). */
  readonly warnings: readonly string[];
  /** Points at which the given values were tested (for messages and tests). */
  readonly tested: { readonly sPoints: number; readonly samples: number };
  /** False when the time limit stopped the checks before they were done. */
  readonly complete: boolean;
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(8)).toString() : String(v));
const showI = (v: Interval) => (fmt(v.lo) === fmt(v.hi) ? fmt(v.lo) : `[${fmt(v.lo)}, ${fmt(v.hi)}]`);
const showPt = (x: readonly number[]) => `(${x.map(fmt).join(', ')})`;
/** An exact value as a fraction when short, else its 8 significant digits. */
const showRational = (r: Rational) => (r.toString().length <= 24 ? r.toString() : fmt(r.toNumber()));

/**
 * Checks the values a user gives (S, f*, f_i*) against each other and against f, with
 * rigorous interval arithmetic, before any search. These values are trusted (README: trusted values),
 * but a contradiction lscert can prove cheaply must not lead to a verdict built on them:
 *
 * 1. f* given: f must be able to equal f* at every tested point p of S (f(p) ∋ f*).
 * 2. f_i* given: f_i(p) ≥ f_i* must be possible at every tested point of S (f_i* is an
 *    infimum) and at every sampled point of the domain.
 * 3. ∇f(p) must be able to vanish at a tested point of S in the interior of the domain (an
 *    interior minimizer of a differentiable f is stationary); skipped where f has a kink.
 * 4. f* not given: f must be able to take one value on all tested points of S.
 * 5. f ≥ f* must hold at every sampled point of the domain (corners, centre, seeded random
 *    points, and short local descents from the lowest): a point where f < f* is proved is a
 *    counterexample to f* (or to S, which sets f* when f* is not given).
 * 6. f_i* given: no rigorous lower bound of f_i over all of R^d (the natural interval extension
 *    on (−∞, ∞)^d) may exceed it: f_i* is the infimum of f_i over R^d.
 *
 * Tested points of S: every given point; for an affine S or a projection map, the images of
 * the domain's centre and corners. Sampled points lie in the domain's inner box.
 *
 * A proved contradiction throws a ProblemError (exit 65) naming the value; float suspicions
 * that intervals cannot confirm are returned as warnings. Nothing here ever proves a claim:
 * passing these tests does not make the given values true.
 */
export function checkAssumptions(p: Problem, seed = 1): AssumptionReport {
  const key = `${p.hash}:${seed}`;
  const hit = memo.get(p);
  if (hit && hit.key === key) return hit.report;
  const deadline = ambientDeadline();
  let report: AssumptionReport;
  try {
    report = assess(p, seed, deadline);
  } catch (err) {
    if (!(err instanceof TimeLimitReached)) throw err;
    // Out of time (the command's --time-limit): the checks stop where they are. Nothing that
    // follows proves anything with the budget spent (the search starts past its deadline and is
    // inconclusive), and the report is not kept, so a later call with time left checks again.
    return {
      warnings: ['the given S, f* and f_i* were not all checked: the time limit was reached first'],
      tested: { sPoints: 0, samples: 0 },
      complete: false,
    };
  }
  memo.set(p, { key, report });
  return report;
}

/** Thrown inside assess when the deadline passes between two tests (always caught in checkAssumptions). */
class OutOfTime extends TimeLimitReached {
  constructor() {
    super('the checks of the given values stopped at the time limit (checkAssumptions catches this)');
  }
}

/** Results per problem object (problems are immutable; check() runs many times per problem in `constants`). */
const memo = new WeakMap<Problem, { key: string; report: AssumptionReport }>();

function assess(p: Problem, seed: number, deadline: number): AssumptionReport {
  // Symbolic work and compilation stop at the deadline (SimplifyTimeout, CompileTimeout), the
  // tests between points at `onTime` (OutOfTime): 64 logistic terms took 1.3 s here before
  // `check --time-limit 1` could start its search.
  const onTime = () => {
    if (Date.now() >= deadline) throw new OutOfTime();
  };
  const S = p.minimizers;
  const fstar = p.fstar ? encloseConstant(p.fstar) : null;
  const termMin = p.termMinima ? p.termMinima.map((e) => encloseConstant(e)) : null;
  if (S.kind === 'auto' && !fstar && !termMin) return { warnings: [], tested: { sPoints: 0, samples: 0 }, complete: true };
  const d = p.variables.length;
  const n = p.terms.length;
  const f = objective(p);
  // Up to 12 variables the model of f (also used for the local descents below, and shared with
  // the computed S and the stationary-point search) gives [f, ∇f]; above, only the gradient is built.
  const model = d <= 12 ? SmoothModel.within(f, d) : null;
  if (d <= 12 && !model) throw new OutOfTime();
  const simp = (e: Expr) => simplify(e, { expand: false, deadline });
  const fg = model ? model.fg : compileInterval([f, ...gradient(f, d, deadline).map(simp)], { deadline });
  const fFloat = compileFloat([f]);
  const guards = kinkGuards(f).map((k) => k.guard);
  const guardEv = guards.length ? compileInterval(guards, { deadline }) : null;
  const smooth = (b: Box) => {
    if (!guardEv) return true;
    const lo = new Float64Array(guards.length);
    const hi = new Float64Array(guards.length);
    guardEv.eval(b.lo, b.hi, lo, hi);
    return lo.every((l, k) => l > 0 || hi[k]! < 0);
  };
  const terms = compileInterval([...p.terms], { deadline });
  const { outer, inner } = domainBoxes(p);
  const warnings: string[] = [];
  const fail = (path: (string | number)[], detail: string): never => {
    throw new ProblemError({ file: p.source, field: problemFieldLabel(p.source, path), detail });
  };
  const fLo = new Float64Array(d + 1);
  const fHi = new Float64Array(d + 1);
  const tLo = new Float64Array(n);
  const tHi = new Float64Array(n);
  const evalAt = (lo: readonly number[], hi: readonly number[]) => {
    fg.eval(lo, hi, fLo, fHi);
    terms.eval(lo, hi, tLo, tHi);
    return {
      f: Interval.of(fLo[0]!, fHi[0]!),
      grad: Array.from({ length: d }, (_, j) => Interval.of(fLo[j + 1]!, fHi[j + 1]!)),
      terms: Array.from({ length: n }, (_, i) => Interval.of(tLo[i]!, tHi[i]!)),
    };
  };

  // --- f_i* against a lower bound of f_i over R^d ---------------------------------------------
  // f_i* is the infimum of f_i over R^d: a rigorous lower bound of f_i over all of R^d above the
  // given f_i* contradicts it. A given f_i* that is too low makes α-β easier to certify
  // (β(f_i(x) − f_i*) grows): f_i* = −1000 on least-squares terms ½(aᵀx − b)² ≥ 0 certified a
  // false α-β claim before this test. (Too high is test 2 below.)
  if (termMin) {
    terms.eval(new Array<number>(d).fill(-Infinity), new Array<number>(d).fill(Infinity), tLo, tHi);
    termMin.forEach((m, i) => {
      const lower = tLo[i]!;
      if (Number.isFinite(lower) && lower > m.hi)
        fail(
          ['termMinima', i],
          `f_${i + 1}* = ${showI(m)} is below ${fmt(lower)}, a proved lower bound of f_${i + 1} over all of R^d (interval arithmetic): f_i* is the infimum of f_i over R^d, so it cannot be lower`,
        );
    });
  }

  // --- points of S ------------------------------------------------------------------------
  const sPoints = testedSPoints(p, outer, onTime);
  let firstValue: { v: Interval; k: string; path: (string | number)[] } | null = null;
  let firstExact: { v: Rational; k: string } | null = null;
  const givenF = p.fstar ? rationalValue(p.fstar) : undefined;
  for (const sp of sPoints) {
    onTime();
    const box: Box = { lo: sp.enc.map((v) => v.lo), hi: sp.enc.map((v) => v.hi) };
    if (!box.lo.every((l, j) => Number.isFinite(l) && Number.isFinite(box.hi[j]!))) continue;
    const at = evalAt(box.lo, box.hi);
    const where = `${sp.label}${showPt(sp.enc.map((v) => v.mid()))}`;
    if (fstar && (at.f.hi < fstar.lo || at.f.lo > fstar.hi)) {
      fail(['fstar'], `f* = ${showI(fstar)} contradicts S: at ${where}, f ∈ ${showI(at.f)} (f takes the value f* on S)`);
    }
    if (termMin) {
      termMin.forEach((ti, i) => {
        if (at.terms[i]!.hi < ti.lo)
          fail(
            ['termMinima', i],
            `f_${i + 1}* = ${showI(ti)} exceeds f_${i + 1} at ${where}, where f_${i + 1} ∈ ${showI(at.terms[i]!)} (f_${i + 1}* is the infimum of f_${i + 1}, so f_${i + 1} ≥ f_${i + 1}* everywhere)`,
          );
      });
    }
    if (inInterior(box, inner) && smooth(box) && at.grad.every((g) => Number.isFinite(g.lo) && Number.isFinite(g.hi))) {
      const j = at.grad.findIndex((g) => g.lo > 0 || g.hi < 0);
      if (j >= 0) fail(sp.path, `${where} is not a minimizer of f: it lies inside the domain and ∂f/∂${p.variables[j]} ∈ ${showI(at.grad[j]!)} there, not 0`);
    }
    if (!fstar) {
      if (firstValue && (at.f.hi < firstValue.v.lo || at.f.lo > firstValue.v.hi)) {
        fail(
          sp.path,
          `f differs between points of S: f ∈ ${showI(firstValue.v)} at ${firstValue.k} but f ∈ ${showI(at.f)} at ${where} (every point of S is a global minimizer, so f takes one value on S)`,
        );
      }
      firstValue ??= { v: at.f, k: where, path: sp.path };
    }
    // After the interval tests, exactly where both sides are rational (a polynomial f at a
    // rational point of S): enclosures that touch hide one ulp, and f* = 0.33333333333333337 for
    // f(p) = 1/3 certified a false PL claim (review finding). Other f: the interval tests only
    // (docs/problem-format.md).
    const exactF = sp.exact ? exactValueAt(f, sp.exact, deadline) : null;
    if (exactF && fstar) {
      if (!givenF) fail(['fstar'], `f* = ${showI(fstar)} is not a rational number, but f = ${exactF} exactly at ${where}: give f* as ${exactF}`);
      else if (!givenF.equals(exactF)) fail(['fstar'], `f* = ${givenF} contradicts S: at ${where}, f = ${exactF} exactly (f takes the value f* on S)`);
    }
    if (exactF && !fstar) {
      if (firstExact && !firstExact.v.equals(exactF))
        fail(
          sp.path,
          `f differs between points of S: f = ${showRational(firstExact.v)} at ${firstExact.k} but f = ${showRational(exactF)} at ${where}, exactly (every point of S is a global minimizer)`,
        );
      firstExact ??= { v: exactF, k: where };
    }
  }
  const fRef = fstar ?? firstValue?.v ?? null;
  const fRefName = fstar ? `f* = ${showI(fstar)}` : firstValue ? `f on S (${showI(firstValue.v)} at ${firstValue.k})` : '';
  const fRefPath: (string | number)[] = fstar ? ['fstar'] : (firstValue?.path ?? ['minimizers']);

  // --- f_i* and f* against the exact infimum of quadratic functions ----------------------
  // Intervals over R^d bound (x − 1)² + x by −∞ (its infimum is 3/4), so a given f_i* far too
  // low passed every test above, and α-β (β(f_i(x) − f_i*) grows as f_i* falls) was certified on
  // it; too high makes the condition harder and a refutation unsound. For a polynomial of degree
  // ≤ 2 the infimum over R^d is decided exactly (src/exact/quadratic.ts): a given value that the
  // exact one lies outside of is an input error, on either side. (Not f*: a given S may be the
  // minimizers of f over the domain, on its boundary — test/engine/boundaryPoint.test.ts.)
  const quadratic = (e: Expr) => quadraticInfimumOf(e, d, deadline);
  const exactText = (name: string, q: { value: Rational; at: readonly Rational[] }) =>
    `inf ${name} = ${showRational(q.value)} over R^${d} (exact: ${name} is a convex quadratic, least at x = ${showPt(q.at.map((v) => v.toNumber()))})`;
  if (termMin) {
    termMin.forEach((m, i) => {
      onTime();
      const q = quadratic(p.terms[i]!);
      if (!q) return;
      // Compared exactly: a given value one ulp off the infimum (0.3333333333333333 for 1/3) has an
      // enclosure that touches the exact value's, and certified a false α-β claim (review finding).
      // Exact values are shown exactly (8 digits hid the difference).
      const given = rationalValue(p.termMinima![i]!);
      const label = `f_${i + 1}* = ${given ? given.toString() : showI(m)}`;
      if (q.kind === 'unbounded')
        return fail(['termMinima', i], `${label} is finite, but f_${i + 1} is a quadratic unbounded below over R^${d} (exact), so its infimum is −∞`);
      if (!given) fail(['termMinima', i], `${label} is not a rational number, but ${exactText(`f_${i + 1}`, q)}: give f_${i + 1}* as ${q.value}`);
      else if (given.cmp(q.value) < 0)
        fail(['termMinima', i], `${label} is below ${exactText(`f_${i + 1}`, q)}; f_i* is the infimum of f_i over R^d, so it cannot be lower`);
      else if (given.cmp(q.value) > 0) fail(['termMinima', i], `${label} exceeds ${exactText(`f_${i + 1}`, q)}; f_i* is the infimum of f_i over R^d`);
    });
  }
  onTime(); // quadraticInfimumOf answers null (unknown) past the deadline: out of time, not checked

  // --- samples of the domain: f ≥ f*, f_i ≥ f_i* -------------------------------------------
  let samples = 0;
  const usable = inner.lo.every((l, j) => l <= inner.hi[j]!) && inner.lo.every((l, j) => Number.isFinite(l) && Number.isFinite(inner.hi[j]!));
  if (usable && (fRef || termMin)) {
    const pts: number[][] = [inner.lo.map((l, j) => l / 2 + inner.hi[j]! / 2)];
    for (let k = 0; k < Math.min(2 ** d, 64); k++) pts.push(inner.lo.map((l, j) => ((k >> j) & 1 ? inner.hi[j]! : l)));
    pts.push(...startPoints(inner, 64, seed));
    // Short local descents from the lowest samples (Newton/gradient on floats: they only
    // propose points; the test at each point is the interval one below). Up to 12 variables,
    // as for the engine's own stationary-point search (the Hessian is compiled for it).
    if (model) {
      const fl = new Float64Array(1);
      const scored = pts
        .map((x) => {
          fFloat.eval(x, fl);
          return { x, v: fl[0]! };
        })
        .filter((s) => Number.isFinite(s.v));
      scored.sort((a, b) => a.v - b.v);
      for (const s of scored.slice(0, 4)) {
        onTime();
        pts.push(localMinimize(model, s.x, inner, 40).x);
      }
    }
    for (const x of pts) {
      onTime();
      if (!x.every((v, j) => v >= inner.lo[j]! && v <= inner.hi[j]!)) continue;
      samples++;
      const at = evalAt(x, x);
      if (fRef) {
        if (at.f.hi < fRef.lo)
          fail(fRefPath, `${fRefName} is not the minimum of f: f ∈ ${showI(at.f)} < ${fmt(fRef.lo)} at x = ${showPt(x)}, a point of the domain`);
        const tol = 1e-9 * Math.max(1, Math.abs(fRef.lo));
        if (at.f.mid() < fRef.lo - tol && !(at.f.hi < fRef.lo))
          warnings.push(`${fRefName} may not be the minimum of f: f ≈ ${fmt(at.f.mid())} at x = ${showPt(x)} (intervals could not decide)`);
      }
      if (termMin) {
        termMin.forEach((ti, i) => {
          if (at.terms[i]!.hi < ti.lo)
            fail(['termMinima', i], `f_${i + 1}* = ${showI(ti)} is not the infimum of f_${i + 1}: f_${i + 1} ∈ ${showI(at.terms[i]!)} at x = ${showPt(x)}`);
        });
      }
    }
  }
  return { warnings: [...new Set(warnings)].slice(0, 5), tested: { sPoints: sPoints.length, samples }, complete: true };
}

/** A tested point of S: its enclosure, its exact coordinates when it has them, and the field that gave it. */
interface TestedPoint {
  readonly enc: Interval[];
  readonly exact?: readonly Expr[];
  readonly label: string;
  readonly path: (string | number)[];
}

/** The points of S that are tested, as enclosures, with the field that gave them. */
function testedSPoints(p: Problem, outer: Box, onTime: () => void): TestedPoint[] {
  const S = p.minimizers;
  const d = p.variables.length;
  if (S.kind === 'points')
    return S.points.map((pt, k) => ({ enc: pt.map((e) => encloseConstant(e)), exact: pt, label: `point ${k + 1} of S `, path: ['minimizers', 'points', k] }));
  if (S.kind === 'auto') return [];
  if (S.kind === 'implicit') return implicitPoints(S.equations, outer, onTime);
  const map: readonly Expr[] = S.kind === 'projection' ? S.map : affineProjection(S.A, S.b, p.variables);
  const xs: number[][] = [outer.lo.map((l, j) => l / 2 + outer.hi[j]! / 2)];
  for (let k = 0; k < Math.min(2 ** d, 16); k++) xs.push(outer.lo.map((l, j) => ((k >> j) & 1 ? outer.hi[j]! : l)));
  return xs.map((x) => {
    onTime();
    const exact = x.map((v) => build.num(Rational.fromNumber(v)));
    const image = map.map((e) => substitute(e, (i) => exact[i]!));
    return {
      enc: image.map((e) => encloseConstant(e)),
      exact: image,
      label: `the projection onto S of ${showPt(x)}, P(x) = `,
      path: ['minimizers', S.kind],
    };
  });
}

/**
 * Points of S = {g = 0} for the tests above: boxes that provably hold a point of S (Krawczyk,
 * ImplicitSet.pointNear), found from the domain's centre and up to 4 corners. S lies in R^d, so
 * these points may lie outside the domain: f = f* and f_i ≥ f_i* hold there all the same (∇f = 0
 * is only tested inside the domain). None when no point can be verified (nothing is then tested).
 */
function implicitPoints(equations: readonly Expr[], outer: Box, onTime: () => void): TestedPoint[] {
  const d = outer.lo.length;
  let set: ImplicitSet;
  try {
    set = new ImplicitSet(equations, d);
  } catch {
    return []; // the minimizer model reports what is wrong with the equations
  }
  const starts: number[][] = [outer.lo.map((l, j) => l / 2 + outer.hi[j]! / 2)];
  for (let k = 0; k < Math.min(2 ** d, 4); k++) starts.push(outer.lo.map((l, j) => ((k >> j) & 1 ? outer.hi[j]! : l)));
  const out: { enc: Interval[]; label: string; path: (string | number)[] }[] = [];
  for (const x of starts) {
    if (!x.every(Number.isFinite)) continue;
    onTime();
    const Q = set.pointNear(x);
    if (Q) out.push({ enc: Q.lo.map((l, j) => Interval.of(l, Q.hi[j]!)), label: `a point of S (proved near ${showPt(x)}) `, path: ['minimizers', 'implicit'] });
  }
  return out;
}

/** The values a user gave and lscert trusts, echoed in every result (`assumed` in the JSON). */
export interface Assumed {
  readonly fstar: string | null;
  readonly termMinima: readonly string[] | null;
  /** The form of S: points, affine, projection, implicit or auto (computed by lscert, not trusted). */
  readonly minimizers: string;
  /** S as given, in words (null when S is computed: auto). */
  readonly minimizersText: string | null;
}

export function assumedOf(p: Problem): Assumed {
  const S = p.minimizers;
  const vec = (v: readonly Expr[]) => `(${v.map((e) => toText(e)).join(', ')})`;
  const text =
    S.kind === 'points'
      ? `points ${S.points.map(vec).join(', ')}`
      : S.kind === 'affine'
        ? `affine {x : A x = b}, A = [${S.A.map(vec).join(', ')}], b = ${vec(S.b)}`
        : S.kind === 'projection'
          ? `projection map x -> ${vec(S.map)}`
          : S.kind === 'implicit'
            ? `implicit {x : g(x) = 0}, g = ${vec(S.equations)} (a set of minimizers)`
            : null;
  return {
    fstar: p.fstar ? toText(p.fstar) : null,
    termMinima: p.termMinima ? p.termMinima.map((e) => toText(e)) : null,
    minimizers: S.kind,
    minimizersText: text,
  };
}

/** One line for text output: what was given and trusted, or null when nothing was. */
export function assumedLine(a: Assumed): string | null {
  const parts = [
    a.minimizersText ? `S = ${a.minimizersText}` : null,
    a.fstar !== null ? `f* = ${a.fstar}` : null,
    a.termMinima ? `f_i* = ${a.termMinima.join(', ')}` : null,
  ].filter((x) => x !== null);
  return parts.length ? `trusted (given, not proved; contradictions are checked): ${parts.join('; ')}` : null;
}
