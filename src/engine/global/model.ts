import {
  compileFloat,
  compileInterval,
  gradient,
  hessianOfGradient,
  kinkGuards,
  simplify,
  type Expr,
  type FloatEvaluator,
  type IntervalEvaluator,
} from '../../expr/index.js';
import type { Box } from '../box.js';
import { ambientDeadline } from '../budget.js';
import { TimeLimitReached } from '../../errors.js';

/** Models already built, per objective expression (Exprs are immutable; see SmoothModel.within). */
const built = new WeakMap<Expr, SmoothModel>();

/**
 * f with its gradient and Hessian compiled once, as interval evaluators (the proof side:
 * outward-rounded kernel code) and float evaluators (the search side: never used in a proof).
 *
 * Soundness note: the symbolic derivatives of the kink functions (abs, relu, max, min) use
 * `sign`/`step`, whose own derivative is taken as 0, so the interval gradient/Hessian enclose
 * the true ones only on boxes free of kinks. Every derivative-based argument in this folder
 * first calls {@link SmoothModel.isRegular} on the box.
 */
/** Most variables of a SmoothModel (its Hessian has dim² entries); above, `within` answers null (no model). */
export const MODEL_MAX_DIM = 1000;

export class SmoothModel {
  /** Interval evaluator of [f, ∂f/∂x_0, …, ∂f/∂x_{d−1}] (d + 1 outputs). */
  readonly fg: IntervalEvaluator;
  /** Interval evaluator of ∇f (d outputs). */
  readonly grad: IntervalEvaluator;
  /** Interval evaluator of the Hessian, row-major (d·d outputs). */
  readonly hess: IntervalEvaluator;
  /** Float evaluator of [f, ∇f] (search only). */
  readonly fgFloat: FloatEvaluator;
  /** Float evaluator of the Hessian, row-major (search only). */
  readonly hessFloat: FloatEvaluator;
  private readonly guards: IntervalEvaluator | null;
  private readonly bufLo: Float64Array;
  private readonly bufHi: Float64Array;

  /**
   * The model of f, built within the command's deadline (the ambient one of --time-limit), or
   * null when the deadline passed first: the gradient and Hessian of 64 logistic terms take
   * about a second to simplify and compile, which nothing could otherwise interrupt. Null proves
   * nothing (every caller treats it as "no time": no stationary point, no minimizer found).
   * Models are kept per expression object, so the assumption checks, the computed S and the
   * stationary-point search of one problem build it once (`objective(p)` returns one object per
   * problem).
   */
  static within(f: Expr, dim: number): SmoothModel | null {
    // The Hessian has dim² entries: for d = 90 000 its rows alone exhausted the heap in every
    // command that computes S (review finding); no search uses a model that large.
    if (dim > MODEL_MAX_DIM) return null;
    const hit = built.get(f);
    if (hit && hit.dim === dim) return hit;
    // Past the deadline nothing is built: a model that failed at the deadline was rebuilt by each
    // later caller (computed S, global search), 0.7–1.1 s each on 20 000 terms.
    const deadline = ambientDeadline();
    if (Date.now() >= deadline) return null;
    try {
      const m = new SmoothModel(f, dim, deadline);
      built.set(f, m);
      return m;
    } catch (err) {
      if (err instanceof TimeLimitReached) return null;
      throw err;
    }
  }

  /** Builds the model; past `deadline` (default: none) throws TimeLimitReached (SimplifyTimeout, CompileTimeout, or between derivatives). */
  constructor(
    readonly f: Expr,
    readonly dim: number,
    deadline = Infinity,
  ) {
    const simp = (e: Expr) => simplify(e, { expand: false, deadline });
    // The gradient once (hessian() would compute it again), each step within the deadline.
    const g = gradient(f, dim, deadline).map(simp);
    const h = hessianOfGradient(g, dim, simp, deadline).flat();
    this.fg = compileInterval([f, ...g], { deadline });
    this.grad = compileInterval(g, { deadline });
    this.hess = compileInterval(h, { deadline });
    this.fgFloat = compileFloat([f, ...g]);
    this.hessFloat = compileFloat(h);
    const sites = kinkGuards(f);
    this.guards = sites.length
      ? compileInterval(
          sites.map((s) => s.guard),
          { deadline },
        )
      : null;
    const n = Math.max(dim * dim, dim + 1, sites.length, 1);
    this.bufLo = new Float64Array(n);
    this.bufHi = new Float64Array(n);
  }

  /**
   * True only when every kink guard is proved nonzero on the box, so f is as smooth on it as
   * its smooth parts (the interval derivatives then enclose the true ones wherever finite).
   */
  isSmooth(box: Box): boolean {
    if (!this.guards) return true;
    this.guards.eval(box.lo, box.hi, this.bufLo, this.bufHi);
    for (let k = 0; k < this.guards.outputs; k++) {
      if (!(this.bufLo[k]! > 0 || this.bufHi[k]! < 0)) return false;
    }
    return true;
  }

  /**
   * The premise of every derivative-based argument here: no kink meets the box and the
   * enclosure of f on it is finite (the kernel returns an unbounded enclosure wherever an
   * operation is undefined somewhere on its inputs, so f is defined on the whole box).
   */
  isRegular(box: Box): boolean {
    const { lo, hi } = this.fBox(box);
    return Number.isFinite(lo) && Number.isFinite(hi) && this.isSmooth(box);
  }

  /** A rigorous enclosure of f over the box (natural interval extension). */
  fBox(box: Box): { lo: number; hi: number } {
    this.fg.eval(box.lo, box.hi, this.bufLo, this.bufHi);
    return { lo: this.bufLo[0]!, hi: this.bufHi[0]! };
  }

  /** Float f and ∇f at x (search only): returns [f, g0, …]. */
  floatFG(x: readonly number[], out: Float64Array = new Float64Array(this.dim + 1)): Float64Array {
    this.fgFloat.eval(x, out);
    return out;
  }

  /** Float Hessian at x (search only), row-major. */
  floatHess(x: readonly number[], out: Float64Array = new Float64Array(this.dim * this.dim)): Float64Array {
    this.hessFloat.eval(x, out);
    return out;
  }
}
