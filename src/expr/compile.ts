import { E, Interval, PI, kernel } from '../interval/index.js';
import { interpretInterval } from './interpret.js';
import { structuralKey } from './print.js';
import { freeVariables } from './substitute.js';
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
 * operation is a call into the outward-rounded kernel, or the kernel's exact-aware sum rounders `addDown`/`addUp` (the rounding of kernel.add).
 */
export interface IntervalEvaluator {
  readonly outputs: number;
  readonly source: string;
  eval(lo: ArrayLike<number>, hi: ArrayLike<number>, outLo: Float64Array, outHi: Float64Array): void;
}

const FLOAT_HELPERS = {
  sigmoid: (u: number) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u))),
  softplus: (u: number) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))),
  // At the kink the float evaluator returns the midpoint of the subdifferential hull
  // (sign(0) = 0, step(0) = 1/2); kinks are reported separately through kinkGuards.
  step: (u: number) => (u > 0 ? 1 : u < 0 ? 0 : 0.5),
};

export function compileFloat(exprs: readonly Expr[]): FloatEvaluator {
  const g = new Gen();
  const outs = exprs.map((e) => g.float(e));
  const body = `${g.lines.join('\n')}\n${outs.map((o, k) => `out[${k}] = ${o};`).join('\n')}`;
  const fn = new Function('H', 'C', `return function evalFloat(x, out) {\n${body}\n};`)(FLOAT_HELPERS, g.floatConsts);
  return { outputs: exprs.length, source: body, eval: fn };
}

/**
 * Statements per generated chunk function. Interval temporaries live in one Float64Array
 * register per evaluator (no boxed doubles) and the code is cut into small functions, so
 * that V8 inlines the kernel calls of each chunk (it stops inlining in one large function):
 * about 1.5–2× faster on the bench than one big function. The register makes an evaluator
 * non-re-entrant, which is fine: evaluation never calls back into itself.
 */
const CHUNK = 4;

export function compileInterval(exprs: readonly Expr[]): IntervalEvaluator {
  const g = new Gen(true);
  const outs = exprs.map((e) => g.interval(e));
  const chunks: string[] = [];
  for (let i = 0; i < g.lines.length; i += CHUNK) chunks.push(`function c${chunks.length}(lo, hi) {\n${g.lines.slice(i, i + CHUNK).join('\n')}\n}`);
  const body = `${chunks.map((_, k) => `c${k}(lo, hi);`).join('\n')}\n${outs.map(([l, h], k) => `outLo[${k}] = ${l}; outHi[${k}] = ${h};`).join('\n')}`;
  const prelude = `const { OUT, addDown, addUp, ${KERNEL_FNS.join(', ')} } = K;\nconst T = new Float64Array(${Math.max(2, 2 * g.temps)});`;
  const source = `${prelude}\n${chunks.join('\n')}\nreturn function evalInterval(lo, hi, outLo, outHi) {\n${body}\n};`;
  const fn = new Function('K', 'C', source)(kernel, g.intervalConsts);
  return { outputs: exprs.length, source, eval: fn };
}

const KERNEL_FNS = ['mul', 'div', 'sqr', 'powInt', 'pow', 'sqrt', 'exp', 'log', 'log1p', 'sin', 'cos', 'tanh', 'abs', 'sigmoid', 'softplus', 'relu', 'max', 'min', 'sign', 'step'] as const;

class Gen {
  readonly lines: string[] = [];
  readonly floatConsts: number[] = [];
  readonly intervalConsts: number[] = [];
  private readonly memo = new Map<string, string>();
  private readonly imemo = new Map<string, [string, string]>();
  private n = 0;
  /** Interval temporaries allocated in the T register (interval code only). */
  temps = 0;

  constructor(private readonly register = false) {}

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
        code = e.name === 'pi' ? 'Math.PI' : 'Math.E';
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
        if (e.fn === 'sigmoid' || e.fn === 'softplus' || e.fn === 'step') code = `H.${e.fn}(${a[0]})`;
        else if (e.fn === 'relu') code = `(${a[0]} > 0 ? ${a[0]} : 0)`;
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

  interval(e: Expr): [string, string] {
    const key = structuralKey(e);
    const hit = this.imemo.get(key);
    if (hit) return hit;
    const r = this.intervalNode(e);
    this.imemo.set(key, r);
    return r;
  }

  private pair(loCode: string, hiCode: string): [string, string] {
    if (this.register) {
      const k = 2 * this.temps++;
      this.lines.push(`T[${k}] = ${loCode}; T[${k + 1}] = ${hiCode};`);
      return [`T[${k}]`, `T[${k + 1}]`];
    }
    const t = this.tmp();
    this.lines.push(`const ${t}l = ${loCode}, ${t}h = ${hiCode};`);
    return [`${t}l`, `${t}h`];
  }

  private viaKernel(call: string): [string, string] {
    this.lines.push(`${call};`);
    return this.pair('OUT[0]', 'OUT[1]');
  }

  private intervalNode(e: Expr): [string, string] {
    // Constant subexpressions (exact points of S such as (1−√(2√3−3))/2) are enclosed once,
    // at compile time, by the tree interpreter on the same kernel: same enclosure, no per-call cost.
    if (e.kind !== 'num' && e.kind !== 'const' && isConstantExpr(e)) {
      const iv = interpretInterval(e, []);
      this.intervalConsts.push(iv.lo, iv.hi);
      const k = this.intervalConsts.length - 2;
      return [`C[${k}]`, `C[${k + 1}]`];
    }
    switch (e.kind) {
      case 'num':
      case 'const': {
        const iv = e.kind === 'num' ? Interval.fromRational(e.value) : e.name === 'pi' ? PI : E;
        this.intervalConsts.push(iv.lo, iv.hi);
        const k = this.intervalConsts.length - 2;
        return [`C[${k}]`, `C[${k + 1}]`];
      }
      case 'var':
        return [`lo[${e.index}]`, `hi[${e.index}]`];
      case 'neg': {
        const [l, h] = this.interval(e.arg);
        return this.pair(`-${h}`, `-${l}`); // negation is exact
      }
      case 'add':
        return e.terms.map((t) => this.interval(t)).reduce(([al, ah], [bl, bh]) => this.pair(`addDown(${al}, ${bl})`, `addUp(${ah}, ${bh})`));
      case 'mul':
        return e.factors.map((t) => this.interval(t)).reduce(([al, ah], [bl, bh]) => this.viaKernel(`mul(${al}, ${ah}, ${bl}, ${bh})`));
      case 'div': {
        const [al, ah] = this.interval(e.num);
        const [bl, bh] = this.interval(e.den);
        return this.viaKernel(`div(${al}, ${ah}, ${bl}, ${bh})`);
      }
      case 'pow': {
        const [al, ah] = this.interval(e.base);
        if (isIntNum(e.exponent, 2)) return this.viaKernel(`sqr(${al}, ${ah})`);
        if (e.exponent.kind === 'num' && e.exponent.value.isInteger() && Math.abs(Number(e.exponent.value.num)) < 2 ** 31) {
          return this.viaKernel(`powInt(${al}, ${ah}, ${e.exponent.value.num})`);
        }
        const [bl, bh] = this.interval(e.exponent);
        return this.viaKernel(`pow(${al}, ${ah}, ${bl}, ${bh})`);
      }
      case 'call': {
        const args = e.args.flatMap((x) => this.interval(x));
        return this.viaKernel(`${e.fn}(${args.join(', ')})`);
      }
    }
  }
}

const isIntNum = (e: Expr, v: number) => e.kind === 'num' && e.value.isInteger() && e.value.num === BigInt(v);

const constCache = new WeakMap<Expr, boolean>();
/** True when the expression has no variables (cached per node). */
function isConstantExpr(e: Expr): boolean {
  let v = constCache.get(e);
  if (v === undefined) {
    v = freeVariables(e).size === 0;
    constCache.set(e, v);
  }
  return v;
}
