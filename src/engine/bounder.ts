import { compileAffine, type AffineEvaluator } from '../expr/affine-eval.js';
import {
  CompileTimeout,
  compileFloat,
  compileInterval,
  derivative,
  simplify,
  SimplifyTimeout,
  type FloatEvaluator,
  type IntervalEvaluator,
  type Expr,
} from '../expr/index.js';
import { ambientDeadline } from './budget.js';
import { kernel } from '../interval/index.js';
import type { Box } from './box.js';

/** Which enclosure proved a residual on a box. */
export type BoundMethod = 'natural' | 'mean-value' | 'monotone' | 'affine';

/** Lower and upper bounds of each residual on a box, and which method gave the lower one. */
export interface ResidualBounds {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly method: BoundMethod[];
  /** |∂R_k/∂x_j| · width_j for the worst residual (a splitting hint). */
  readonly smear: Float64Array;
}

/**
 * Rigorous bounds of a list of residuals R_k(x, s) over boxes in x, with the slots s
 * fixed to their enclosures. Three enclosures are intersected:
 * - natural: the interval extension of R_k;
 * - mean value: R_k(c) + Σ_j ∂_j R_k(B) (B_j − c_j), valid because R_k is C¹ on the box
 *   (callers only trust it on boxes free of kinks where every term is defined);
 * - monotone: when ∂_j R_k(B) ≥ 0 (≤ 0) the minimum lies on the face x_j = lo_j (hi_j);
 *   the natural and mean-value forms are recomputed on that face.
 * - affine (issue [10] §1): affine arithmetic (src/expr/affine-eval.ts), in which repeated
 *   occurrences of one linear form (s = x + y + z in every term) stay correlated. About
 *   100–300× the cost of the natural form, so it is tried only where the three above left some
 *   residual of the box below 0, and only while it pays: the AffineGate below measures how
 *   often it turns such a box into a proved one and backs off when it rarely does.
 * NaN anywhere makes the bound NaN: never proved.
 */
export class ResidualBounder {
  readonly count: number;
  /**
   * The interval evaluator of the residuals then their gradients, built by the first `bound`
   * (undefined before; null when the deadline stopped its building: then `expired`).
   */
  private ev: IntervalEvaluator | null | undefined;
  /**
   * The residuals alone, compiled on first use: point enclosures (counterexamples, the centres of
   * the mean-value form) need no gradients. A claim refuted by its first samples never builds the
   * gradients (64 logistic terms in d = 6: their simplification and compilation took 5 s, and the
   * first call of the 54 MB evaluator 3 s more); null when the deadline stopped its compilation.
   */
  private pointEv: IntervalEvaluator | null | undefined;
  private floatEvBuilt: FloatEvaluator | undefined;
  private outLo: Float64Array;
  private outHi: Float64Array;
  private readonly cLo: Float64Array;
  private readonly cHi: Float64Array;

  /** formOf[r] = the obligation that internal residual r is a form of. */
  private readonly formOf: number[];
  /** Number of obligations (each may have several equivalent forms). */
  readonly obligations: number;
  /** Built without gradients: only point evaluation is available. */
  readonly pointOnly: boolean;
  /** The residuals in affine arithmetic, compiled on first use (null: not wanted). */
  private affineEv: AffineEvaluator | null | undefined;
  private readonly affineGate: AffineGate | null;
  private readonly residuals: readonly Expr[];
  private readonly firstForms: readonly Expr[];

  /** `forms[k]` are equivalent expressions of obligation k (see ResidualCase.forms). */
  constructor(
    forms: readonly (readonly Expr[])[],
    private readonly dim: number,
    slots: readonly { lo: number; hi: number }[],
    /**
     * `pointOnly`: never build the gradients (atPoint and floatAt work, `bound` does not). For
     * verifying candidate points on problems with many variables (the numeric fallback), where
     * the d gradients of every residual cost minutes.
     */
    opts: { readonly pointOnly?: boolean; readonly affine?: boolean } = {},
  ) {
    this.slotLo = slots.map((s) => s.lo);
    this.slotHi = slots.map((s) => s.hi);
    this.slotFloat = slots.map(() => undefined);
    const residuals = forms.flat();
    this.formOf = forms.flatMap((f, k) => f.map(() => k));
    this.obligations = forms.length;
    this.count = residuals.length;
    this.pointOnly = opts.pointOnly === true;
    this.residuals = residuals;
    this.firstForms = forms.map((f) => f[0]!);
    this.affineGate = opts.affine === false || this.pointOnly ? null : new AffineGate();
    // Sized for the residuals until the gradients are built (`full`).
    this.outLo = new Float64Array(this.count);
    this.outHi = new Float64Array(this.count);
    this.cLo = new Float64Array(this.count);
    this.cHi = new Float64Array(this.count);
    this.gLo = new Float64Array(0);
    this.gHi = new Float64Array(0);
    const s = this.slotLo.length;
    this.inLo = new Array<number>(dim + s).fill(0);
    this.inHi = new Array<number>(dim + s).fill(0);
    this.centre = new Array<number>(dim).fill(0);
    this.faceLo = new Array<number>(dim).fill(0);
    this.faceHi = new Array<number>(dim).fill(0);
    this.faceCentre = new Array<number>(dim).fill(0);
  }

  /** Float evaluator of each obligation's first form (scores; never a proof), compiled on first use. */
  get floatEv(): FloatEvaluator {
    this.floatEvBuilt ??= compileFloat(this.firstForms);
    return this.floatEvBuilt;
  }

  /** The command's deadline passed while the gradients were built: `bound` proves nothing. */
  get expired(): boolean {
    return this.ev === null;
  }

  /**
   * The evaluator of the residuals and their gradients, built on the first call. Simplifying (and
   * compiling) the gradients of large residuals (64 logistic terms: 13 s and 2 s) cannot otherwise
   * be interrupted: past the command's deadline nothing is built (null: every bound NaN, the
   * search is out of time). Generating and compiling the interval source of a large system (the
   * same 64 terms: 54 MB, 2.3 s + 1.1 s) stops at the deadline too (CompileTimeout).
   */
  private full(): IntervalEvaluator | null {
    if (this.ev !== undefined) return this.ev;
    const deadline = ambientDeadline();
    let ev: IntervalEvaluator | null = null;
    try {
      if (Date.now() >= deadline) throw new SimplifyTimeout();
      const grads: Expr[] = [];
      for (const r of this.residuals) for (let j = 0; j < this.dim; j++) grads.push(simplify(derivative(r, j), { deadline }));
      ev = compileInterval([...this.residuals, ...grads], { deadline });
    } catch (err) {
      if (!(err instanceof SimplifyTimeout || err instanceof CompileTimeout)) throw err;
    }
    this.ev = ev;
    if (ev) {
      this.outLo = new Float64Array(ev.outputs);
      this.outHi = new Float64Array(ev.outputs);
      this.gLo = new Float64Array(ev.outputs);
      this.gHi = new Float64Array(ev.outputs);
    }
    return ev;
  }

  // Scratch arrays of `bound`, reused box after box: the search calls it millions of times, and
  // the arrays it allocated per box (slot-extended inputs, centres, faces, copies of the outputs,
  // a tuple per residual) kept the garbage collector at about a fifth of the search's time.
  private gLo: Float64Array;
  private gHi: Float64Array;
  private readonly inLo: number[];
  private readonly inHi: number[];
  private readonly centre: number[];
  private readonly faceLo: number[];
  private readonly faceHi: number[];
  private readonly faceCentre: number[];
  /** combine's result: lower and upper end, and the method of the lower end. */
  private combLo = 0;
  private combHi = 0;
  private combMethod: BoundMethod = 'natural';

  /** The slots' current intervals (S given by equations: set per box, see Prepared.bindBox). */
  private readonly slotLo: number[];
  private readonly slotHi: number[];
  /** Float values of the slots for floatAt when set by setSlotFloat (else each slot's chosen end). */
  private readonly slotFloat: (number | undefined)[];

  /** Slot k ranges over [lo, hi] in every bound from now on (a per-box enclosure). */
  setSlot(k: number, lo: number, hi: number): void {
    this.slotLo[k] = lo;
    this.slotHi[k] = hi;
  }

  /** Slot k's float value in floatAt (NOT rigorous: scores only). */
  setSlotFloat(k: number, v: number): void {
    this.slotFloat[k] = v;
  }

  /** Evaluates `ev` (full or point) at x = [lo, hi] with the slots appended. */
  private evalBox(ev: IntervalEvaluator, lo: readonly number[], hi: readonly number[], oLo: Float64Array, oHi: Float64Array): void {
    // x then the slots, in the reused input arrays (the evaluator reads them before it writes its outputs)
    let L: readonly number[] = lo;
    let H: readonly number[] = hi;
    const s = this.slotLo.length;
    if (s > 0 || lo.length !== this.dim) {
      L = lo.length === this.dim ? this.inLo : [...lo, ...this.slotLo];
      H = hi.length === this.dim ? this.inHi : [...hi, ...this.slotHi];
      if (L === this.inLo) {
        for (let j = 0; j < this.dim; j++) {
          this.inLo[j] = lo[j]!;
          this.inHi[j] = hi[j]!;
        }
        for (let k = 0; k < s; k++) {
          this.inLo[this.dim + k] = this.slotLo[k]!;
          this.inHi[this.dim + k] = this.slotHi[k]!;
        }
      }
    }
    ev.eval(L, H, oLo, oHi);
  }

  /**
   * The residuals (no gradients) at the point box [x, x] into oLo/oHi (at least `count` long),
   * compiled on first use within the command's deadline; past it every output is NaN ("not
   * proved": no verified point, no mean-value bound).
   */
  private evalPoint(x: readonly number[], oLo: Float64Array, oHi: Float64Array): void {
    if (this.pointEv === undefined) {
      try {
        this.pointEv = compileInterval(this.residuals, { deadline: ambientDeadline() });
      } catch (err) {
        if (!(err instanceof CompileTimeout)) throw err;
        this.pointEv = null;
      }
    }
    if (this.pointEv === null) {
      oLo.fill(Number.NaN, 0, this.count);
      oHi.fill(Number.NaN, 0, this.count);
      return;
    }
    this.evalBox(this.pointEv, x, x, oLo, oHi);
  }

  /**
   * Natural ∩ mean-value lower/upper bound of residual k over [lo, hi] (outputs computed by the
   * caller), into combLo, combHi and combMethod.
   */
  private combine(k: number, lo: readonly number[], hi: readonly number[], c: readonly number[]): void {
    const nl = this.outLo[k]!;
    const nh = this.outHi[k]!;
    if (Number.isNaN(nl) || Number.isNaN(nh)) return this.combined(NaN, NaN, 'natural');
    // MV = R(c) + Σ_j G_kj · [lo_j − c_j, hi_j − c_j]
    let ml = this.cLo[k]!;
    let mh = this.cHi[k]!;
    const base = this.count + k * this.dim;
    for (let j = 0; j < this.dim; j++) {
      kernel.sub(lo[j]!, lo[j]!, c[j]!, c[j]!);
      const dl = kernel.OUT[0]!;
      kernel.sub(hi[j]!, hi[j]!, c[j]!, c[j]!);
      const dh = kernel.OUT[1]!;
      kernel.mul(this.outLo[base + j]!, this.outHi[base + j]!, dl, dh);
      const pl = kernel.OUT[0]!;
      const ph = kernel.OUT[1]!;
      kernel.add(ml, mh, pl, ph);
      ml = kernel.OUT[0]!;
      mh = kernel.OUT[1]!;
    }
    if (Number.isNaN(ml) || Number.isNaN(mh)) return this.combined(nl, nh, 'natural');
    return ml > nl ? this.combined(ml, Math.min(nh, mh), 'mean-value') : this.combined(nl, Math.min(nh, mh), 'natural');
  }

  private combined(lo: number, hi: number, method: BoundMethod): void {
    this.combLo = lo;
    this.combHi = hi;
    this.combMethod = method;
  }

  /** Bounds every residual over the box (x part; slots are appended internally). */
  bound(box: Box): ResidualBounds {
    if (this.pointOnly) throw new Error('ResidualBounder.bound: built point-only (no gradients)');
    // Past the deadline before the gradients were built: nothing is proved (NaN is "not proved").
    const ev = this.full();
    if (ev === null) {
      const nan = new Float64Array(this.obligations).fill(Number.NaN);
      return {
        lower: nan,
        upper: new Float64Array(this.obligations).fill(Number.NaN),
        method: new Array<BoundMethod>(this.obligations).fill('natural'),
        smear: new Float64Array(this.dim),
      };
    }
    const { lo, hi } = box;
    const d = this.dim;
    const c = this.centre;
    for (let j = 0; j < d; j++) c[j] = Math.min(Math.max(lo[j]! + (hi[j]! - lo[j]!) / 2, lo[j]!), hi[j]!);
    this.evalBox(ev, lo, hi, this.outLo, this.outHi);
    this.evalPoint(c, this.cLo, this.cHi);
    const lower = new Float64Array(this.count);
    const upper = new Float64Array(this.count);
    const method: BoundMethod[] = [];
    const smear = new Float64Array(d);
    let worst = -1;
    let worstLo = Infinity;
    for (let k = 0; k < this.count; k++) {
      this.combine(k, lo, hi, c);
      const l = this.combLo;
      lower[k] = l;
      upper[k] = this.combHi;
      method.push(this.combMethod);
      if (!(l >= worstLo)) {
        worstLo = l;
        worst = k;
      }
    }
    if (worst >= 0) {
      const base = this.count + worst * d;
      for (let j = 0; j < d; j++) {
        const g = Math.max(Math.abs(this.outLo[base + j]!), Math.abs(this.outHi[base + j]!));
        smear[j] = (Number.isFinite(g) ? g : 1e300) * (hi[j]! - lo[j]!);
      }
    }
    // Monotonicity: for each residual not yet proved, restrict to the face where it is smallest.
    const gLo = this.gLo;
    const gHi = this.gHi;
    gLo.set(this.outLo);
    gHi.set(this.outHi);
    const flo = this.faceLo;
    const fhi = this.faceHi;
    const fc = this.faceCentre;
    for (let k = 0; k < this.count; k++) {
      if (lower[k]! >= 0 || Number.isNaN(lower[k]!)) continue;
      const base = this.count + k * d;
      for (let j = 0; j < d; j++) {
        flo[j] = lo[j]!;
        fhi[j] = hi[j]!;
      }
      let moved = false;
      for (let j = 0; j < d; j++) {
        if (gLo[base + j]! >= 0 && hi[j]! > lo[j]!) {
          fhi[j] = lo[j]!;
          moved = true;
        } else if (gHi[base + j]! <= 0 && hi[j]! > lo[j]!) {
          flo[j] = hi[j]!;
          moved = true;
        }
      }
      if (!moved) continue;
      for (let j = 0; j < d; j++) fc[j] = Math.min(Math.max(flo[j]! + (fhi[j]! - flo[j]!) / 2, flo[j]!), fhi[j]!);
      this.evalBox(ev, flo, fhi, this.outLo, this.outHi);
      this.evalPoint(fc, this.cLo, this.cHi);
      this.combine(k, flo, fhi, fc);
      const l = this.combLo;
      if (l > lower[k]!) {
        lower[k] = l;
        method[k] = 'monotone';
      }
    }
    this.affineBound(lo, hi, lower, upper, method);
    return this.byObligation(lower, upper, method, smear);
  }

  /**
   * The affine enclosure of every residual, where the other three left some residual below 0
   * (and none NaN) and the gate says it is worth a try; raises lower ends it improves (method
   * 'affine') and lowers upper ends. Sound: each output of the affine evaluator encloses the
   * residual over the box (its contract; NaN where undefined, never used).
   */
  private affineBound(lo: readonly number[], hi: readonly number[], lower: Float64Array, upper: Float64Array, method: BoundMethod[]): void {
    const gate = this.affineGate;
    if (!gate) return;
    let failing = false;
    for (let k = 0; k < this.count; k++) {
      if (Number.isNaN(lower[k]!)) return; // undefined somewhere on the box: nothing can prove it
      if (!(lower[k]! >= 0)) failing = true;
    }
    if (!failing || !gate.shouldTry()) return;
    this.affineEv ??= compileAffine(this.residuals);
    const ev = this.affineEv;
    ev.eval([...lo, ...this.slotLo], [...hi, ...this.slotHi], this.outLo, this.outHi);
    let all = true;
    for (let k = 0; k < this.count; k++) {
      const al = this.outLo[k]!;
      const ah = this.outHi[k]!;
      if (!Number.isNaN(al) && al > lower[k]!) {
        lower[k] = al;
        method[k] = 'affine';
      }
      if (!Number.isNaN(ah) && ah < upper[k]!) upper[k] = ah;
      if (!(lower[k]! >= 0)) all = false;
    }
    gate.record(all);
  }

  /** Best bound over the forms of each obligation. */
  private byObligation(lower: Float64Array, upper: Float64Array, method: BoundMethod[], smear: Float64Array): ResidualBounds {
    if (this.obligations === this.count) return { lower, upper, method, smear };
    const L = new Float64Array(this.obligations).fill(-Infinity);
    const U = new Float64Array(this.obligations).fill(Infinity);
    const M: BoundMethod[] = new Array(this.obligations).fill('natural');
    const nan = new Uint8Array(this.obligations);
    for (let r = 0; r < this.count; r++) {
      const k = this.formOf[r]!;
      if (Number.isNaN(lower[r]!)) nan[k] = 1;
      if (lower[r]! > L[k]!) {
        L[k] = lower[r]!;
        M[k] = method[r]!;
      }
      if (upper[r]! < U[k]!) U[k] = upper[r]!;
    }
    // A form that is undefined on the box means the residual is: never proved there.
    for (let k = 0; k < this.obligations; k++) if (nan[k]) L[k] = NaN;
    return { lower: L, upper: U, method: M, smear };
  }

  /** Rigorous enclosure of every residual at one point (for verifying counterexamples). */
  atPoint(x: readonly number[]): { lo: Float64Array; hi: Float64Array } {
    this.evalPoint(x, this.outLo, this.outHi);
    const lo = new Float64Array(this.obligations).fill(-Infinity);
    const hi = new Float64Array(this.obligations).fill(Infinity);
    for (let r = 0; r < this.count; r++) {
      const k = this.formOf[r]!;
      // Any form's enclosure contains the value; NaN (undefined) poisons the obligation.
      lo[k] = Number.isNaN(this.outLo[r]!) || Number.isNaN(lo[k]!) ? NaN : Math.max(lo[k]!, this.outLo[r]!);
      hi[k] = Number.isNaN(this.outHi[r]!) || Number.isNaN(hi[k]!) ? NaN : Math.min(hi[k]!, this.outHi[r]!);
    }
    return { lo, hi };
  }

  /** Float values of the residuals (slots at the value `slotValue` picks). NOT rigorous. */
  floatAt(x: readonly number[], slotValue: 'lo' | 'hi', out: Float64Array): void {
    this.floatEv.eval([...x, ...this.slotFloat.map((v, k) => v ?? (slotValue === 'lo' ? this.slotLo[k]! : this.slotHi[k]!))], out);
  }
}

/**
 * When to try the affine bound (the cost-aware rule of issue [10] §1): always for the first
 * TRIAL boxes; then only while at least one try in BREAK_EVEN proves a box the other bounds left
 * unproved (affine costs about that many natural evaluations, and a proved box saves at least
 * one split, i.e. two more boxes); otherwise on one box in every PROBE_EVERY, to notice when the
 * search reaches boxes where it starts to pay (small boxes near S, where the dependency between
 * the occurrences of a linear form is all that is left). The rule only decides cost, never
 * soundness.
 */
class AffineGate {
  private tries = 0;
  private wins = 0;
  private skipped = 0;

  shouldTry(): boolean {
    if (this.tries < TRIAL || this.wins * BREAK_EVEN >= this.tries) return true;
    if (++this.skipped % PROBE_EVERY !== 0) return false;
    return true;
  }

  record(proved: boolean): void {
    this.tries++;
    if (proved) this.wins++;
    // Old outcomes fade: the boxes change as the search goes deeper.
    if (this.tries >= 4 * TRIAL) {
      this.tries /= 2;
      this.wins /= 2;
    }
  }
}

const TRIAL = 64;
const BREAK_EVEN = 32;
const PROBE_EVERY = 16;
