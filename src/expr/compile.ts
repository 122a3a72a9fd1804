import { kernel } from '../interval/index.js';
import { CompileTimeout, generateInterval, type IntervalRounding } from './interval-codegen.js';
import { constFloat } from './constants.js';
import { structuralKey } from './print.js';
import type { Expr } from './types.js';

/**
 * Compilers from expression trees to JavaScript source (run through `new Function`), so
 * the hot loops of the engine call straight-line code instead of walking a tree.
 * Several outputs are compiled together and share common subexpressions (by structural
 * key): a term, its gradient and its residual cost little more than the largest of them.
 */

/** Floating-point evaluator. NOT rigorous: for search, sampling and display only. */
export interface FloatEvaluator {
  readonly outputs: number;
  readonly source: string;
  /** Writes the value of every output at x into out[0..outputs). */
  eval(x: ArrayLike<number>, out: Float64Array): void;
}

/**
 * Interval evaluator. Soundness: for every point x with lo ≤ x ≤ hi componentwise and
 * every output k, the exact value of output k at x lies in [outLo[k], outHi[k]] (or the
 * expression is undefined at x, in which case the enclosure is unbounded or NaN). Every
 * operation is either a call into the outward-rounded kernel or inlined code: in the
 * 'tight' rounding mode a copy of the kernel operation that computes the same doubles
 * (every endpoint is the kernel's, bit for bit), in the default 'widen' mode the kernel's
 * operation with every inlined result widened by one step (interval-codegen.ts states
 * the modes and their proofs).
 */
export interface IntervalEvaluator {
  readonly outputs: number;
  readonly source: string;
  eval(lo: ArrayLike<number>, hi: ArrayLike<number>, outLo: Float64Array, outHi: Float64Array): void;
}

/**
 * Upper estimate (ms per character of interval source) of `new Function` and of the first call,
 * where V8 compiles the lazily parsed chunk functions: about 20 + 35–63 ns per character measured
 * (the 54 MB evaluator of 64 logistic terms: 1.1 s, then 3 s at its first call), doubled.
 */
const COMPILE_MS_PER_CHAR = 150e-6;

const FLOAT_HELPERS = {
  sigmoid: (u: number) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u))),
  softplus: (u: number) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))),
  // At the kink the float evaluator returns the midpoint of the subdifferential hull
  // (sign(0) = 0, step(0) = 1/2); kinks are reported separately through kinkGuards.
  // NaN (an argument outside a function's domain, e.g. log of a negative) stays NaN: "undefined
  // here", never a number (it was step(NaN) = 1/2 and relu(NaN) = 0).
  step: (u: number) => (u > 0 ? 1 : u < 0 ? 0 : u === 0 ? 0.5 : Number.NaN),
  relu: (u: number) => (u > 0 ? u : u <= 0 ? 0 : Number.NaN),
};

export function compileFloat(exprs: readonly Expr[]): FloatEvaluator {
  const g = new Gen();
  const outs = exprs.map((e) => g.float(e));
  const body = `${g.lines.join('\n')}\n${outs.map((o, k) => `out[${k}] = ${o};`).join('\n')}`;
  const fn = new Function('H', 'C', `return function evalFloat(x, out) {\n${body}\n};`)(FLOAT_HELPERS, g.floatConsts);
  return { outputs: exprs.length, source: body, eval: fn };
}

/**
 * The interval evaluator: straight-line code from interval-codegen.ts, in which + − × ÷,
 * negation and the powers 2, 3, 4 are inlined and every other function is a kernel
 * call. `rounding`: 'widen' (default; fast, for everything that evaluates many boxes) or
 * 'tight' (bit for bit the kernel: exact results stay exact; for enclosures shown to
 * users). Temporaries live
 * in locals and, between the generated chunk functions, in one Float64Array register,
 * so an evaluator is not re-entrant, which is fine: evaluation never calls back into itself.
 */
export function compileInterval(exprs: readonly Expr[], opts: { rounding?: IntervalRounding; deadline?: number } = {}): IntervalEvaluator {
  const deadline = opts.deadline ?? Infinity;
  const source = generateInterval(exprs, opts.rounding ?? 'widen', deadline);
  // V8 parses the source in one uninterruptible call and compiles its chunks at the first call,
  // about 75 ns per character in all: not started when twice that would end past the deadline
  // (with 40 ns per character, the first evaluation of a normal-segment evaluator compiled just
  // before the limit ran a check 1.03 s past it).
  if (Date.now() + source.length * COMPILE_MS_PER_CHAR > deadline) throw new CompileTimeout();
  const fn = new Function('K', source)(kernel);
  return { outputs: exprs.length, source, eval: fn };
}

class Gen {
  readonly lines: string[] = [];
  readonly floatConsts: number[] = [];
  private readonly memo = new Map<string, string>();
  private n = 0;

  private tmp(): string {
    return `t${this.n++}`;
  }

  float(e: Expr): string {
    const key = structuralKey(e);
    const hit = this.memo.get(key);
    if (hit) return hit;
    let code: string;
    switch (e.kind) {
      case 'num':
        this.floatConsts.push(e.value.toNumber());
        code = `C[${this.floatConsts.length - 1}]`;
        break;
      case 'const':
        code = e.name === 'pi' ? 'Math.PI' : e.name === 'e' ? 'Math.E' : `(${constFloat(e)})`;
        break;
      case 'var':
        code = `x[${e.index}]`;
        break;
      case 'add':
        code = e.terms.map((t) => this.float(t)).join(' + ');
        break;
      case 'mul':
        code = e.factors.map((t) => this.float(t)).join(' * ');
        break;
      case 'div':
        code = `${this.float(e.num)} / ${this.float(e.den)}`;
        break;
      case 'neg':
        code = `-${this.float(e.arg)}`;
        break;
      case 'pow': {
        const base = this.float(e.base);
        code = isIntNum(e.exponent, 2) ? `${base} * ${base}` : `Math.pow(${base}, ${this.float(e.exponent)})`;
        break;
      }
      case 'call': {
        const a = e.args.map((x) => this.float(x));
        if (e.fn === 'sigmoid' || e.fn === 'softplus' || e.fn === 'step' || e.fn === 'relu') code = `H.${e.fn}(${a[0]})`;
        else code = `Math.${e.fn}(${a.join(', ')})`;
        break;
      }
    }
    if (e.kind === 'var' || e.kind === 'const' || e.kind === 'num') return code;
    const t = this.tmp();
    this.lines.push(`const ${t} = ${code};`);
    this.memo.set(key, t);
    return t;
  }
}

const isIntNum = (e: Expr, v: number) => e.kind === 'num' && e.value.isInteger() && e.value.num === BigInt(v);
