import { vanishesOn } from '../exact/polynomial.js';
import { Rational } from '../exact/rational.js';
import { psdOnSpan } from '../exact/psd.js';
import {
  build as b,
  compileInterval,
  derivative,
  encloseConstant,
  gradient,
  hessian,
  interpretInterval,
  simplify,
  substitute,
  type Expr,
  type IntervalEvaluator,
} from '../expr/index.js';
import { Interval, kernel, provePositiveDefinite } from '../interval/index.js';
import type { CheckBox } from './cells.js';
import type { CheckSystem } from './system.js';

const { OUT } = kernel;

interface Compiled {
  /** Per obligation, the upper triangle of ∇²_y r, each entry followed by its gradient in all variables. */
  readonly hess: IntervalEvaluator;
  readonly obligations: number;
  readonly vars: number;
  /** Every Hessian entry as a rational constant (null when some entry is not constant). */
  readonly constant: Rational[][][] | null;
}

/**
 * The checker's own re-check of a `normal-segment` leaf (the argument is stated in
 * src/engine/normal.ts and docs/engine.md): for the recorded base point p of S, it proves
 * symbolically that r(p; p) (less the part that is ≥ 0 by definition) and ∇_y r(p; p) vanish on
 * S, encloses the nearest points P of the box itself, takes Y = hull(box ∪ P), checks the terms
 * there, and proves every symmetric matrix of ∇²_y r(Y; P) + κ J(P)ᵀJ(P) positive definite
 * (κ as recorded; any κ ≥ 0 is sound because J(p)(x − p) = 0), or, for an exact leaf, that the
 * constant Hessian is positive semidefinite on the normal space range(I − J).
 *
 * S = {g = 0} given by equations: the base is the nearest point itself (the slots), P is the
 * tree checker's own enclosure of the leaf's nearest points (src/cert/nearest.ts), a fact also
 * holds when the expression (a polynomial in p) lies in the ideal of g(p) (`vanishesOn`: it then
 * vanishes wherever g(p) = 0), and with one equation the penalty rows are n_b e_a − n_a e_b
 * (a < b), n = ∇g(P): they vanish on the normal v = x − p ∥ ∇g(p) (and are 0 where ∇g(p) = 0),
 * so κ JᵀJ adds nothing along v. With several equations there is no penalty (κ must be 0).
 */
export class SegmentCheck {
  private readonly facts = new Map<string, string | null>();
  private readonly compiled = new Map<number, Compiled>();
  private mapEv: IntervalEvaluator | undefined;
  private tangentEv: IntervalEvaluator | undefined;
  private readonly pointBoxes: (readonly Interval[])[] | null;
  /** ∇g over p (S given by one equation, d ≥ 2): the penalty rows; null otherwise. */
  private readonly normalEv: IntervalEvaluator | null;

  constructor(
    private readonly sys: CheckSystem,
    private readonly slots: readonly { readonly lo: number; readonly hi: number }[],
    /** The checker's deadline (Date.now() value): the ideal-membership proofs of the facts stop there. */
    private readonly deadline = Infinity,
  ) {
    const env = [...new Array<Interval>(sys.dim).fill(Interval.ENTIRE), ...slots.map((s) => Interval.of(s.lo, s.hi))];
    const seg = sys.segment;
    this.pointBoxes =
      seg.pVar === null && !sys.implicit ? seg.bases.map((pt) => pt.map((e) => (sys.autoS ? interpretInterval(e, env) : encloseConstant(e)))) : null;
    this.normalEv = sys.implicit && sys.implicit.length === 1 && sys.dim >= 2 ? compileInterval(gradient(sys.implicit[0]!, sys.dim)) : null;
  }

  /**
   * Why the leaf fails for case c on `box` (the case's cell part), or null when it holds.
   * `nearest`: S given by equations, the enclosure of the box's nearest points (bound to the slots).
   */
  check(c: number, pr: Record<string, unknown>, box: CheckBox, healthy: (y: CheckBox) => string | null, nearest?: CheckBox | null): string | null {
    const seg = this.sys.segment;
    const sc = seg.cases[c];
    const { base, kappa, exact } = pr;
    if (!sc) return 'no segment residuals for this case';
    if (typeof base !== 'number' || !sc.bases.includes(base)) return `base must be one of ${JSON.stringify(sc.bases)}`;
    if (typeof kappa !== 'number' || !(kappa >= 0) || !Number.isFinite(kappa)) return 'kappa must be a finite number ≥ 0';
    if (typeof exact !== 'boolean') return 'exact must be true or false';
    const why = this.factsFor(c, base);
    if (why) return why;
    const P = this.sys.implicit ? (nearest ?? null) : this.baseBox(base, box);
    if (!P) return this.sys.implicit ? 'the nearest points of the box on S could not be enclosed' : 'the nearest points of the box are not finite';
    const Y = { lo: box.lo.map((l, j) => Math.min(l, P.lo[j]!)), hi: box.hi.map((h, j) => Math.max(h, P.hi[j]!)) };
    const bad = healthy(Y);
    if (bad) return `${bad} (on the hull of the box and its nearest points)`;
    const comp = this.compile(c);
    if (exact) return this.exactPsd(comp) ? null : 'the Hessian is not a constant matrix positive semidefinite on the normal space';
    const d = this.sys.dim;
    const pPart = this.pointBoxes ? { lo: [], hi: [] } : P;
    // S given by equations: the nearest point (slots 0…d−1) ranges over P.
    const imp = this.sys.implicit !== null;
    const slotLo = this.slots.map((s, k) => (imp && k < d ? P.lo[k]! : s.lo));
    const slotHi = this.slots.map((s, k) => (imp && k < d ? P.hi[k]! : s.hi));
    const H = this.enclose(comp, [...Y.lo, ...slotLo, ...pPart.lo], [...Y.hi, ...slotHi, ...pPart.hi]);
    // The penalty matrix J (rows × d): the map's Jacobian, or an implicit S's rows from ∇g(P).
    const rows = this.normalEv ? (d * (d - 1)) / 2 : d;
    const jLo = new Float64Array(rows * d);
    const jHi = new Float64Array(rows * d);
    const penalty = seg.tangent !== null || this.normalEv !== null;
    if (seg.tangent) {
      this.tangentEv ??= compileInterval(seg.tangent.flat());
      this.tangentEv.eval(P.lo, P.hi, jLo, jHi);
    } else if (this.normalEv) this.normalRows(P, jLo, jHi);
    else if (kappa !== 0) return `kappa must be 0 when ${imp ? 'S is given by several equations (no penalty)' : 'S is finite (no tangent space)'}`;
    const tri = (d * (d + 1)) / 2;
    const kLo = new Float64Array(d * d);
    const kHi = new Float64Array(d * d);
    for (let o = 0; o < comp.obligations; o++) {
      let t = o * tri;
      for (let i = 0; i < d; i++)
        for (let j = i; j < d; j++, t++) {
          let lo = H.lo[t]!;
          let hi = H.hi[t]!;
          // + κ Σ_l J_li J_lj
          for (let l = 0; penalty && kappa > 0 && l < rows; l++) {
            kernel.mul(jLo[l * d + i]!, jHi[l * d + i]!, jLo[l * d + j]!, jHi[l * d + j]!);
            kernel.mul(OUT[0]!, OUT[1]!, kappa, kappa);
            kernel.add(lo, hi, OUT[0]!, OUT[1]!);
            [lo, hi] = [OUT[0]!, OUT[1]!];
          }
          kLo[i * d + j] = kLo[j * d + i] = lo;
          kHi[i * d + j] = kHi[j * d + i] = hi;
        }
      if (!provePositiveDefinite(d, kLo, kHi)) return `residual ${o}: the interval matrix ∇²r + κ JᵀJ is not provably positive definite`;
    }
    return null;
  }

  /**
   * The rows n_b e_a − n_a e_b (a < b) of J, n = ∇g(P) (outward-rounded enclosures; the entries
   * are ± an enclosure of ∂g, so the negation is exact).
   */
  private normalRows(P: CheckBox, jLo: Float64Array, jHi: Float64Array): void {
    const d = this.sys.dim;
    const nLo = new Float64Array(d);
    const nHi = new Float64Array(d);
    this.normalEv!.eval(P.lo, P.hi, nLo, nHi);
    let r = 0;
    for (let a = 0; a < d; a++)
      for (let c = a + 1; c < d; c++, r++) {
        jLo[r * d + a] = nLo[c]!;
        jHi[r * d + a] = nHi[c]!;
        jLo[r * d + c] = -nHi[a]!;
        jHi[r * d + c] = -nLo[a]!;
      }
  }

  /**
   * Facts (a) and (b) for (case, base): substituting y = p = base, r − (nonnegative part) and
   * ∇_y r simplify to 0, or (S given by equations) lie in the ideal of g at the base point.
   */
  private factsFor(c: number, base: number): string | null {
    const key = `${c}:${base}`;
    if (this.facts.has(key)) return this.facts.get(key)!;
    const { dim: d, segment: seg } = this.sys;
    const pt = seg.bases[base]!;
    const pVar = seg.pVar;
    const sub = (e: Expr) => substitute(e, (i) => (i < d ? pt[i] : pVar !== null && i >= pVar && i < pVar + d ? pt[i - pVar] : undefined));
    // S given by equations: g at the base point (the nearest-point slots).
    const onS = this.sys.implicit ? this.sys.implicit.map((g) => substitute(g, (i) => pt[i])) : null;
    const isZero = (e: Expr) => {
      const z = simplify(sub(e));
      if (z.kind === 'num' && z.value.isZero()) return true;
      return onS !== null && vanishesOn(z, onS, { deadline: this.deadline }) === true;
    };
    const sc = seg.cases[c]!;
    let why: string | null = null;
    for (const [k, r] of sc.residuals.entries()) {
      const nn = sc.nonnegative[k];
      if (!isZero(nn ? b.sub(r, nn) : r)) why = `residual ${k} is not provably 0 on S at base ${base}`;
      else if (!gradient(r, d).every(isZero)) why = `the gradient of residual ${k} is not provably 0 on S at base ${base}`;
      if (why) break;
    }
    // A proof cut short by the time limit says so, and is not remembered as a property of the facts.
    if (why && Date.now() > this.deadline) return `the time limit was reached while the facts on S were proved at base ${base}`;
    this.facts.set(key, why);
    return why;
  }

  private baseBox(base: number, box: CheckBox): CheckBox | null {
    if (this.pointBoxes) {
      const pb = this.pointBoxes[base]!;
      return { lo: pb.map((i) => i.lo), hi: pb.map((i) => i.hi) };
    }
    const d = this.sys.dim;
    this.mapEv ??= compileInterval([...this.sys.segment.bases[0]!]);
    const lo = new Float64Array(d);
    const hi = new Float64Array(d);
    this.mapEv.eval(box.lo, box.hi, lo, hi);
    return lo.every((l, j) => Number.isFinite(l) && Number.isFinite(hi[j]!)) ? { lo: [...lo], hi: [...hi] } : null;
  }

  private compile(c: number): Compiled {
    const hit = this.compiled.get(c);
    if (hit) return hit;
    const { dim: d, segment: seg } = this.sys;
    const sc = seg.cases[c]!;
    const H = sc.residuals.map((r) => hessian(r, d, (e) => simplify(e, { expand: false })));
    const upper = H.flatMap((h) => h.flatMap((row, i) => row.slice(i)));
    const vars = d + this.slots.length + (seg.pVar === null ? 0 : d);
    const hess = compileInterval(upper.flatMap((h) => [h, ...Array.from({ length: vars }, (_, v) => simplify(derivative(h, v), { expand: false }))]));
    const asNum = (e: Expr): Rational | null => {
      const s = simplify(e);
      return s.kind === 'num' ? s.value : null;
    };
    const consts = H.map((h) => h.map((row) => row.map(asNum)));
    const constant = consts.every((h) => h.every((row) => row.every((v) => v !== null))) ? (consts as Rational[][][]) : null;
    const comp = { hess, obligations: sc.residuals.length, vars, constant };
    this.compiled.set(c, comp);
    return comp;
  }

  /** Natural enclosure ∩ mean-value form h(m) + Σ ∂_v h(box)(box_v − m_v) of every Hessian entry. */
  private enclose(comp: Compiled, lo: readonly number[], hi: readonly number[]): { lo: Float64Array; hi: Float64Array } {
    const n = comp.hess.outputs;
    const [nLo, nHi, mLo, mHi] = [0, 0, 0, 0].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const mid = lo.map((l, v) => l + (hi[v]! - l) / 2);
    comp.hess.eval(lo, hi, nLo, nHi);
    comp.hess.eval(mid, mid, mLo, mHi);
    const per = comp.vars + 1;
    const out = { lo: new Float64Array(n / per), hi: new Float64Array(n / per) };
    for (let e = 0; e < n / per; e++) {
      const a = e * per;
      let ml = mLo[a]!;
      let mh = mHi[a]!;
      for (let v = 0; v < comp.vars; v++) {
        kernel.sub(lo[v]!, hi[v]!, mid[v]!, mid[v]!);
        kernel.mul(OUT[0]!, OUT[1]!, nLo[a + 1 + v]!, nHi[a + 1 + v]!);
        kernel.add(OUT[0]!, OUT[1]!, ml, mh);
        [ml, mh] = [OUT[0]!, OUT[1]!];
      }
      // A NaN mean-value form (e.g. the midpoint of an f_i* enclosure unbounded below) proves
      // nothing, so the natural enclosure stands alone; a NaN natural one stays NaN (not proved).
      const mvOk = !Number.isNaN(ml) && !Number.isNaN(mh);
      out.lo[e] = mvOk ? Math.max(nLo[a]!, ml) : nLo[a]!;
      out.hi[e] = mvOk ? Math.min(nHi[a]!, mh) : nHi[a]!;
    }
    return out;
  }

  /** Every obligation's constant Hessian is PSD on range(I − J) (J = 0 for a finite S), exactly. */
  private exactPsd(comp: Compiled): boolean {
    if (!comp.constant) return false;
    const d = this.sys.dim;
    const tan = this.sys.segment.tangent;
    const J = tan?.map((row) =>
      row.map((e) => {
        const s = simplify(e);
        return s.kind === 'num' ? s.value : null;
      }),
    );
    if (J?.some((row) => row.some((v) => v === null))) return false;
    const Q = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j ? Rational.ONE : Rational.ZERO).sub(J ? J[i]![j]! : Rational.ZERO)),
    );
    return comp.constant.every((M) => psdOnSpan(M, Q));
  }
}
