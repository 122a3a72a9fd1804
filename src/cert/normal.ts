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
 */
export class SegmentCheck {
  private readonly facts = new Map<string, string | null>();
  private readonly compiled = new Map<number, Compiled>();
  private mapEv: IntervalEvaluator | undefined;
  private tangentEv: IntervalEvaluator | undefined;
  private readonly pointBoxes: (readonly Interval[])[] | null;

  constructor(
    private readonly sys: CheckSystem,
    private readonly slots: readonly { readonly lo: number; readonly hi: number }[],
  ) {
    const env = [...new Array<Interval>(sys.dim).fill(Interval.ENTIRE), ...slots.map((s) => Interval.of(s.lo, s.hi))];
    const seg = sys.segment;
    this.pointBoxes = seg.pVar === null ? seg.bases.map((pt) => pt.map((e) => (sys.autoS ? interpretInterval(e, env) : encloseConstant(e)))) : null;
  }

  /** Why the leaf fails for case c on `box` (the case's cell part), or null when it holds. */
  check(c: number, pr: Record<string, unknown>, box: CheckBox, healthy: (y: CheckBox) => string | null): string | null {
    const seg = this.sys.segment;
    const sc = seg.cases[c];
    const { base, kappa, exact } = pr;
    if (!sc) return 'no segment residuals for this case';
    if (typeof base !== 'number' || !sc.bases.includes(base)) return `base must be one of ${JSON.stringify(sc.bases)}`;
    if (typeof kappa !== 'number' || !(kappa >= 0) || !Number.isFinite(kappa)) return 'kappa must be a finite number ≥ 0';
    if (typeof exact !== 'boolean') return 'exact must be true or false';
    const why = this.factsFor(c, base);
    if (why) return why;
    const P = this.baseBox(base, box);
    if (!P) return 'the nearest points of the box are not finite';
    const Y = { lo: box.lo.map((l, j) => Math.min(l, P.lo[j]!)), hi: box.hi.map((h, j) => Math.max(h, P.hi[j]!)) };
    const bad = healthy(Y);
    if (bad) return `${bad} (on the hull of the box and its nearest points)`;
    const comp = this.compile(c);
    if (exact) return this.exactPsd(comp) ? null : 'the Hessian is not a constant matrix positive semidefinite on the normal space';
    const d = this.sys.dim;
    const pPart = this.pointBoxes ? { lo: [], hi: [] } : P;
    const slotLo = this.slots.map((s) => s.lo);
    const slotHi = this.slots.map((s) => s.hi);
    const H = this.enclose(comp, [...Y.lo, ...slotLo, ...pPart.lo], [...Y.hi, ...slotHi, ...pPart.hi]);
    const J = new Float64Array(2 * d * d);
    if (seg.tangent) {
      this.tangentEv ??= compileInterval(seg.tangent.flat());
      const jl = J.subarray(0, d * d);
      const jh = J.subarray(d * d);
      this.tangentEv.eval(P.lo, P.hi, jl, jh);
    } else if (kappa !== 0) return 'kappa must be 0 when S is finite (no tangent space)';
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
          for (let l = 0; seg.tangent && kappa > 0 && l < d; l++) {
            kernel.mul(J[l * d + i]!, J[d * d + l * d + i]!, J[l * d + j]!, J[d * d + l * d + j]!);
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

  /** Facts (a) and (b) for (case, base): substituting y = p = base, r − (nonnegative part) and ∇_y r simplify to 0. */
  private factsFor(c: number, base: number): string | null {
    const key = `${c}:${base}`;
    if (this.facts.has(key)) return this.facts.get(key)!;
    const { dim: d, segment: seg } = this.sys;
    const pt = seg.bases[base]!;
    const pVar = seg.pVar;
    const sub = (e: Expr) => substitute(e, (i) => (i < d ? pt[i] : pVar !== null && i >= pVar && i < pVar + d ? pt[i - pVar] : undefined));
    const isZero = (e: Expr) => {
      const z = simplify(sub(e));
      return z.kind === 'num' && z.value.isZero();
    };
    const sc = seg.cases[c]!;
    let why: string | null = null;
    for (const [k, r] of sc.residuals.entries()) {
      const nn = sc.nonnegative[k];
      if (!isZero(nn ? b.sub(r, nn) : r)) why = `residual ${k} is not provably 0 on S at base ${base}`;
      else if (!gradient(r, d).every(isZero)) why = `the gradient of residual ${k} is not provably 0 on S at base ${base}`;
      if (why) break;
    }
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
