import type { ResidualSystem } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { vanishesOn } from '../exact/polynomial.js';
import { psdOnSpan } from '../exact/psd.js';
import {
  build as b,
  compileInterval,
  derivative,
  gradient,
  hessian,
  interpretInterval,
  simplify,
  SimplifyTimeout,
  CompileTimeout,
  substitute,
  type Expr,
  type IntervalEvaluator,
} from '../expr/index.js';
import { Interval, kernel, provePositiveDefinite } from '../interval/index.js';
import type { Box } from './box.js';
import { maxWidth } from './box.js';
import { ambientDeadline } from './budget.js';

/**
 * The normal-segment argument near a continuum of minimizers (issue [9] §1; docs/engine.md,
 * "Near a continuum of minimizers"). For x in a box B, p = Proj(x, S) and v = x − p, the
 * residual with the nearest point held at p, ρ(t) = r(p + t v; p), satisfies
 *   ρ(1) = ρ(0) + ρ'(0) + ½ vᵀ H̄ v,   H̄ = 2∫₀¹ (1 − t) ∇²_y r(p + t v; p) dt ∈ ∇²_y r(Y; P)
 * (the interval matrix is convex, and the weights 2(1 − t) integrate to 1), with P an enclosure
 * of the nearest points of B and Y = hull(B ∪ P), which holds every segment [p, x]. So r(x; p) ≥ 0
 * on B when
 *   (a) ρ(0) ≥ 0: r(p; p) ≡ 0 on S, proved symbolically (substitute y = p = P(x), simplify to 0);
 *       for α-β the part β(f_i(p) − f_i*) is ≥ 0 by definition of f_i* (β ≥ 0);
 *   (b) ρ'(0) = 0: ∇_y r(p; p) ≡ 0 on S, proved symbolically the same way;
 *   (c) vᵀ H̄ v ≥ 0 for the normal v: every symmetric matrix of K = ∇²_y r(Y; P) + κ J(P)ᵀJ(P) is
 *       positive definite, J = DP the Jacobian of the projection map (J(p) v = 0 because
 *       P(p + t v) = p for t ∈ [0, 1): the trusted map is a nearest-point map), so vᵀK̄v = vᵀH̄v.
 *       For a finite S there is no J (κ = 0): H̄ must be PD on all of Rᵈ.
 * When every Hessian entry is a rational constant (the residual is an exact quadratic) and J is
 * constant, (c) is decided exactly instead: Qᵀ H Q ⪰ 0 with Q spanning the normal space
 * range(I − J) (or Rᵈ), which also covers residuals that are only semidefinite there.
 * The box must be free of kinks and every term finite on Y (C² along each segment).
 */
export type NormalProof = {
  readonly point: number | null;
  readonly how: 'normal-segment';
  /** Index into the system's segment bases (0 for a map; the point of S used for a finite S). */
  readonly base: number;
  /** The tangent penalty κ of (c) (0 without a map, or for an exact leaf). */
  readonly kappa: number;
  /** (c) was decided exactly (constant Hessian), not with intervals. */
  readonly exact: boolean;
};

interface SegCase {
  /**
   * Upper triangles of ∇²_y r for every obligation (obligation-major), over [y, slots, p], each
   * entry followed by its gradient in those `vars` variables.
   */
  readonly hess: IntervalEvaluator;
  /** The same upper triangles without gradients: the cheap test at the centre of the box first. */
  readonly atCentre: IntervalEvaluator;
  readonly vars: number;
  readonly obligations: number;
  /** Bases whose facts (a) and (b) were proved. */
  readonly bases: readonly number[];
  /** (c) holds exactly for every obligation (constant Hessian, PSD on the normal space). */
  readonly exact: boolean;
}

const PENALTIES = [1, 16, 256];

export class NormalSegment {
  private readonly cases: (SegCase | null)[];
  private readonly baseEv: IntervalEvaluator | null;
  private readonly tangentEv: IntervalEvaluator | null;
  private readonly pointBases: (readonly Interval[])[] | null;
  private readonly d: number;
  private readonly tri: number;
  private hLo: Float64Array;
  private hHi: Float64Array;
  private bLo = new Float64Array(0);
  private bHi = new Float64Array(0);
  private cLo = new Float64Array(0);
  private cHi = new Float64Array(0);
  private readonly jLo: Float64Array;
  /** ∇g over p (S given by one equation), for the normal-space penalty; null otherwise. */
  private readonly normalEv: IntervalEvaluator | null;
  /** Rows of the penalty matrix J (d for a map's Jacobian, d(d−1)/2 for an implicit S). */
  private readonly jRows: number;
  private readonly jHi: Float64Array;
  private readonly kLo: Float64Array;
  private readonly kHi: Float64Array;
  private wins = 0;
  private losses = 0;
  private skipped = 0;
  /** Why no case can use the argument (null when some can). */
  readonly unavailable: string | null;
  /**
   * Building stopped at the ambient deadline (its symbolic facts and Hessians are simplified
   * under the command's --time-limit): the argument is unavailable for this search, which is
   * out of time anyway. Not a property of the claim: a later search may build it again.
   */
  readonly outOfTime: boolean;

  constructor(private readonly sys: ResidualSystem) {
    const d = sys.dim;
    // Simplifying the facts and Hessians of large residuals takes seconds: it stops at the
    // deadline (SimplifyTimeout), which only makes the argument unavailable, never proves anything.
    const deadline = ambientDeadline();
    let outOfTime = false;
    this.d = d;
    this.tri = (d * (d + 1)) / 2;
    const seg = sys.segment;
    const whys: string[] = [];
    this.cases = sys.cases.map((_, c) => {
      const sc = seg.cases[c];
      if (!sc || outOfTime) return null;
      try {
        return this.buildCase(sc, deadline, whys);
      } catch (err) {
        if (!(err instanceof SimplifyTimeout) && !(err instanceof CompileTimeout)) throw err;
        outOfTime = true;
        whys.unshift('the time limit ran out while its symbolic facts and Hessians were being built');
        return null;
      }
    });
    this.outOfTime = outOfTime;
    this.unavailable = this.cases.some((c) => c) ? null : `the normal-segment argument does not apply: ${whys[0] ?? 'no base point of S'}`;
    this.baseEv = seg.pVar !== null ? compileInterval([...seg.bases[0]!]) : null;
    this.tangentEv = seg.tangent ? compileInterval(seg.tangent.flat()) : null;
    // S = {g = 0} with one equation: the rows n_b e_a − n_a e_b (a < b) of M, n = ∇g(p), vanish on
    // the normal v ∥ n (and M = 0 where ∇g(p) = 0), so the penalty κ MᵀM = κ(|n|² I − n nᵀ) is 0 on v.
    this.normalEv = sys.implicit && sys.implicit.length === 1 && d >= 2 ? compileInterval(gradient(sys.implicit[0]!, d)) : null;
    this.jRows = this.normalEv ? (d * (d - 1)) / 2 : d;
    const env = [...new Array<Interval>(d).fill(Interval.ENTIRE), ...sys.slots.map((s) => Interval.of(s.lo, s.hi))];
    this.pointBases = seg.pVar === null ? seg.bases.map((pt) => pt.map((e) => interpretInterval(e, env))) : null;
    const n = Math.max(1, ...this.cases.map((c) => (c ? c.obligations * this.tri : 1)));
    [this.hLo, this.hHi] = [new Float64Array(n), new Float64Array(n)];
    [this.jLo, this.jHi] = [new Float64Array(this.jRows * d), new Float64Array(this.jRows * d)];
    [this.kLo, this.kHi] = [new Float64Array(d * d), new Float64Array(d * d)];
  }

  /**
   * The proof for case `c` on `box` (its Voronoi-contracted part), or null. `healthy` tests
   * kinks and definedness on a box (the engine's own guards).
   */
  prove(c: number, point: number | null, box: Box, healthy: (b: Box) => boolean, nearest?: Box | null): NormalProof | null {
    const sc = this.cases[c];
    if (!sc) return null;
    for (const base of sc.bases) {
      // S given by equations: P is the enclosure of the box's nearest points the search bound.
      const P = this.sys.implicit ? (nearest ?? null) : this.baseBox(base, box);
      if (!P) continue;
      const Y = { lo: box.lo.map((l, j) => Math.min(l, P.lo[j]!)), hi: box.hi.map((h, j) => Math.max(h, P.hi[j]!)) };
      // Keep the hull local (far from S the bounds settle boxes; a wide hull only costs time).
      if (!sc.exact && !(maxWidth(Y) <= 4 * maxWidth(box))) continue;
      if (!healthy(Y)) continue;
      if (sc.exact) return { point, how: 'normal-segment', base, kappa: 0, exact: true };
      // Back off where the test keeps failing (it costs ~1 ms a box on large rational residuals):
      // after 64 failures more than 16 per success, it is tried on one box in 16 only. Counting,
      // not timing, keeps the search deterministic. Skipping a test never proves anything.
      if (this.losses > 64 + 16 * this.wins && ++this.skipped % 16 !== 0) return null;
      const kappa = this.definite(sc, Y, P);
      if (kappa === null) this.losses++;
      else {
        this.wins++;
        return { point, how: 'normal-segment', base, kappa, exact: false };
      }
    }
    return null;
  }

  /** The enclosure P of the base point over the box: P(box) for a map, the point's box for a finite S. */
  private baseBox(base: number, box: Box): Box | null {
    if (this.pointBases) {
      const pb = this.pointBases[base]!;
      return { lo: pb.map((i) => i.lo), hi: pb.map((i) => i.hi) };
    }
    const out = { lo: new Float64Array(this.d), hi: new Float64Array(this.d) };
    this.baseEv!.eval(box.lo, box.hi, out.lo, out.hi);
    const lo = [...out.lo];
    const hi = [...out.hi];
    return lo.every((l, j) => Number.isFinite(l) && Number.isFinite(hi[j]!)) ? { lo, hi } : null;
  }

  /** The κ for which every obligation's K is proved PD on (Y, P), or null. */
  private definite(sc: SegCase, Y: Box, P: Box): number | null {
    const { d, tri, hLo, hHi } = this;
    const slots = this.sys.slots;
    // Variables: y (Y), the slots, then p (P) when S is a map. S given by equations: the nearest
    // point is slots 0…d−1, ranging over P.
    const imp = this.sys.implicit !== null;
    const sLo = slots.map((s, k) => (imp && k < d ? P.lo[k]! : s.lo));
    const sHi = slots.map((s, k) => (imp && k < d ? P.hi[k]! : s.hi));
    const p = this.pointBases ? { lo: [], hi: [] } : P;
    const lo = [...Y.lo, ...sLo, ...p.lo];
    const hi = [...Y.hi, ...sHi, ...p.hi];
    // A necessary condition first, cheap: K at the centre of (Y, slots, P) must be PD for some κ
    // (measured: the full test on boxes where it fails cost 10× the search on Remark 1's α-β).
    if (!this.centreDefinite(sc, lo, hi, P)) return null;
    this.enclose(sc, lo, hi);
    let unit = 1;
    for (let k = 0; k < sc.obligations * tri; k++) unit = Math.max(unit, Math.abs((hLo[k]! + hHi[k]!) / 2));
    if (!Number.isFinite(unit)) return null;
    if (this.tangentEv) this.tangentEv.eval(P.lo, P.hi, this.jLo, this.jHi);
    if (this.normalEv) this.fillNormalRows(P);
    for (const scale of this.tangentEv || this.normalEv ? PENALTIES : [0]) {
      const kappa = scale * unit;
      let ok = true;
      for (let o = 0; o < sc.obligations && ok; o++) {
        this.fillK(o * tri, kappa);
        ok = provePositiveDefinite(d, this.kLo, this.kHi);
      }
      if (ok) return kappa;
    }
    return null;
  }

  /**
   * Encloses every Hessian entry over the box [lo, hi] into hLo/hHi: the natural enclosure
   * intersected with the mean-value form h(c) + Σ_v ∂_v h(box)·(box_v − c_v) (valid: the entry is
   * C¹ where its derivatives are finite; NaN anywhere leaves NaN, "not proved").
   */
  private enclose(sc: SegCase, lo: readonly number[], hi: readonly number[]): void {
    const { OUT } = kernel;
    const n = sc.hess.outputs;
    if (this.bLo.length < n) [this.bLo, this.bHi, this.cLo, this.cHi] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const c = lo.map((l, v) => l + (hi[v]! - l) / 2);
    sc.hess.eval(lo, hi, this.bLo, this.bHi);
    sc.hess.eval(c, c, this.cLo, this.cHi);
    const per = sc.vars + 1;
    for (let e = 0; e * per < n; e++) {
      const at = e * per;
      let nl = this.bLo[at]!;
      let nh = this.bHi[at]!;
      let ml = this.cLo[at]!;
      let mh = this.cHi[at]!;
      for (let v = 0; v < sc.vars; v++) {
        kernel.sub(lo[v]!, hi[v]!, c[v]!, c[v]!);
        kernel.mul(this.bLo[at + 1 + v]!, this.bHi[at + 1 + v]!, OUT[0]!, OUT[1]!);
        kernel.add(ml, mh, OUT[0]!, OUT[1]!);
        [ml, mh] = [OUT[0]!, OUT[1]!];
      }
      if (!Number.isNaN(nl) && !Number.isNaN(nh) && !Number.isNaN(ml) && !Number.isNaN(mh)) {
        nl = Math.max(nl, ml);
        nh = Math.min(nh, mh);
      }
      this.hLo[e] = nl;
      this.hHi[e] = nh;
    }
  }

  /** Whether K (enclosed at the centre of the variables' box only) is PD for some κ tried. */
  private centreDefinite(sc: SegCase, lo: readonly number[], hi: readonly number[], P: Box): boolean {
    const { d, tri, hLo, hHi } = this;
    const c = lo.map((l, v) => (Number.isFinite(l) && Number.isFinite(hi[v]!) ? l + (hi[v]! - l) / 2 : Number.isFinite(l) ? l : hi[v]!));
    sc.atCentre.eval(c, c, hLo, hHi);
    let unit = 1;
    for (let k = 0; k < sc.obligations * tri; k++) unit = Math.max(unit, Math.abs((hLo[k]! + hHi[k]!) / 2));
    if (!Number.isFinite(unit)) return true; // undecided here: leave it to the full test
    const Pc = P.lo.map((l, j) => l + (P.hi[j]! - l) / 2);
    if (this.tangentEv) this.tangentEv.eval(Pc, Pc, this.jLo, this.jHi);
    if (this.normalEv) this.fillNormalRows({ lo: Pc, hi: Pc });
    for (const scale of this.tangentEv || this.normalEv ? PENALTIES : [0]) {
      let ok = true;
      for (let o = 0; o < sc.obligations && ok; o++) {
        this.fillK(o * tri, scale * unit);
        ok = provePositiveDefinite(d, this.kLo, this.kHi);
      }
      if (ok) return true;
    }
    return false;
  }

  /** J's rows n_b e_a − n_a e_b (a < b), n = ∇g(P), for an S given by one equation. */
  private fillNormalRows(P: Box): void {
    const { d, jLo, jHi } = this;
    const nLo = new Float64Array(d);
    const nHi = new Float64Array(d);
    this.normalEv!.eval(P.lo, P.hi, nLo, nHi);
    jLo.fill(0);
    jHi.fill(0);
    let r = 0;
    for (let a = 0; a < d; a++)
      for (let c = a + 1; c < d; c++, r++) {
        jLo[r * d + a] = nLo[c]!;
        jHi[r * d + a] = nHi[c]!;
        jLo[r * d + c] = -nHi[a]!;
        jHi[r * d + c] = -nLo[a]!;
      }
  }

  /** One case's Hessians and facts; null (with the reason in `whys`) when the argument does not apply. */
  private buildCase(sc: NonNullable<ResidualSystem['segment']['cases'][number]>, deadline: number, whys: string[]): SegCase | null {
    const { sys, d } = this;
    const seg = sys.segment;
    const simp = (e: Expr) => simplify(e, { expand: false, deadline });
    const bases = sc.bases.filter((k) => {
      // S given by equations: the base is the nearest point itself (slots 0…d−1), no fixed point.
      const why = factsFail(sys, sc.residuals, sc.nonnegative, seg.bases[k]!, deadline);
      if (why) whys.push(why);
      return !why;
    });
    if (bases.length === 0) return null;
    // Third derivatives of many large residuals cost minutes to build: skip past a size estimate
    // (the deadline would stop them too, but only after spending the whole budget on them).
    const nv = d + sys.slots.length + (seg.pVar === null ? 0 : d);
    const work = sc.residuals.reduce((a, r) => a + treeSize(r, NORMAL_MAX_WORK), 0) * this.tri * (nv + 1);
    if (work > NORMAL_MAX_WORK) {
      whys.push(`the residuals are too large for it (${sc.residuals.length} residuals in ${d} variables; its Hessians would take too long to build)`);
      return null;
    }
    const H = sc.residuals.map((r) => hessian(r, d, simp));
    const upper = H.flatMap((h) => h.flatMap((row, i) => row.slice(i)));
    // Each entry with its gradient in every variable (y, slots, p): the mean-value form.
    const withGrad = upper.flatMap((h) => [h, ...Array.from({ length: nv }, (_, v) => simp(derivative(h, v)))]);
    // The Hessians with their gradients compile to a large function (200 000 lines on a 3-D
    // bump): not started past the deadline (CompileTimeout, caught by the constructor).
    return {
      hess: compileInterval(withGrad, { deadline }),
      atCentre: compileInterval(upper, { deadline }),
      vars: nv,
      obligations: sc.residuals.length,
      bases,
      exact: exactPsd(H, seg.tangent, d, deadline),
    };
  }

  /** K = H + κ JᵀJ (outward rounded) into kLo/kHi, from the Hessian's upper triangle at `at`. */
  private fillK(at: number, kappa: number): void {
    const { d, jLo, jHi, kLo, kHi } = this;
    let t = at;
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++, t++) {
        let lo = this.hLo[t]!;
        let hi = this.hHi[t]!;
        if (kappa > 0) {
          for (let l = 0; l < this.jRows; l++) {
            kernel.mul(jLo[l * d + i]!, jHi[l * d + i]!, jLo[l * d + j]!, jHi[l * d + j]!);
            const [pl, ph] = [kernel.OUT[0]!, kernel.OUT[1]!];
            kernel.mul(kappa, kappa, pl, ph);
            kernel.add(lo, hi, kernel.OUT[0]!, kernel.OUT[1]!);
            [lo, hi] = [kernel.OUT[0]!, kernel.OUT[1]!];
          }
        }
        kLo[i * d + j] = kLo[j * d + i] = lo;
        kHi[i * d + j] = kHi[j * d + i] = hi;
      }
  }
}

/**
 * Why facts (a) and (b) cannot be proved for this base, or null when they are: with y and p
 * both replaced by the base point (P(x) for a map), r minus its nonnegative part and every
 * component of ∇_y r must simplify to 0.
 */
export function factsFail(
  sys: ResidualSystem,
  residuals: readonly Expr[],
  nonnegative: readonly (Expr | null)[],
  base: readonly Expr[],
  deadline = Infinity,
): string | null {
  const d = sys.dim;
  const pVar = sys.segment.pVar;
  const at = (e: Expr) => substitute(e, (i) => (i < d ? base[i] : pVar !== null && i >= pVar && i < pVar + d ? base[i - pVar] : undefined));
  // S given by equations (the base is the slot point p): a fact also holds when the expression,
  // a polynomial in p, lies in the ideal generated by g(p) (then it vanishes wherever g(p) = 0).
  const onS = sys.implicit ? sys.implicit.map((g) => substitute(g, (i) => base[i])) : null;
  const zero = (e: Expr) => {
    const s = simplify(at(e), { deadline });
    if (s.kind === 'num' && s.value.isZero()) return true;
    return onS !== null && vanishesOn(s, onS, { deadline }) === true;
  };
  for (const [k, r] of residuals.entries()) {
    const nn = nonnegative[k];
    const label = sys.termOf[k] === null || sys.termOf[k] === undefined ? 'the residual' : `residual ${k}`;
    if (!zero(nn ? b.sub(r, nn) : r)) return `${label} is not provably 0 on S`;
    if (!gradient(r, d).every(zero))
      return `the gradient of ${label} is not provably 0 on S${sys.claim.condition === 'alpha-beta' ? ' (each ∇f_i must vanish on S: interpolation)' : ''}`;
  }
  return null;
}

/** (c) decided exactly: every Hessian entry and J are rational constants and Qᵀ H Q ⪰ 0, Q spanning range(I − J). */
function exactPsd(H: readonly Expr[][][], tangent: readonly (readonly Expr[])[] | null, d: number, deadline: number): boolean {
  const num = (e: Expr): Rational | null => {
    const s = simplify(e, { deadline });
    return s.kind === 'num' ? s.value : null;
  };
  const J = tangent ? tangent.map((row) => row.map(num)) : null;
  if (J?.some((row) => row.some((v) => v === null))) return false;
  // Q = I − J (columns span the normal space; J = 0 for a finite S).
  const Q = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? Rational.ONE : Rational.ZERO).sub(J ? J[i]![j]! : Rational.ZERO)),
  );
  for (const h of H) {
    const M = h.map((row) => row.map(num));
    if (M.some((row) => row.some((v) => v === null))) return false;
    if (!psdOnSpan(M as Rational[][], Q)) return false;
  }
  return true;
}

/** Past this size estimate (tree nodes of the residuals × Hessian entries × (variables + 1)) the argument is not built. */
const NORMAL_MAX_WORK = 500_000;

/** The number of nodes of e as a tree (shared sub-expressions counted each time), stopping at cap. */
function treeSize(e: Expr, cap: number): number {
  let n = 0;
  const stack: Expr[] = [e];
  while (stack.length > 0 && n < cap) {
    const x = stack.pop()!;
    n++;
    switch (x.kind) {
      case 'add':
        stack.push(...x.terms);
        break;
      case 'mul':
        stack.push(...x.factors);
        break;
      case 'div':
        stack.push(x.num, x.den);
        break;
      case 'pow':
        stack.push(x.base, x.exponent);
        break;
      case 'neg':
        stack.push(x.arg);
        break;
      case 'call':
        stack.push(...x.args);
        break;
      default:
        break;
    }
  }
  return n;
}
