/**
 * lscert expression trees → TensorFlow.js, evaluated on a batch of points at once.
 *
 * A list of expressions (sharing variables 0..dim-1) is compiled once into a straight-line
 * program of tensor instructions: common subexpressions are shared (by structural key),
 * constant subtrees are folded in float64 with the float evaluator's semantics, sums are one
 * `addN`, and constant factors are multiplied in once. Running the program on the columns of
 * a batch x ∈ R^{B×d} gives every output as a tensor of shape [B].
 *
 * `evalDual` runs the same program in forward-mode automatic differentiation: with tangent
 * columns v it also returns ⟨∇e(x), v⟩ for every output e, at about three times the cost of
 * one evaluation whatever the number of outputs, which is what the α-β residual needs
 * (⟨∇f_i(x), x − x_p⟩ for every term i). Every operation is a differentiable tfjs op, so
 * `tf.grad` works through both modes (the adversarial descent differentiates the residual).
 *
 * Semantics match `compileFloat` (src/expr/compile.ts): at a kink relu'(0) = step(0) = 1/2,
 * sign(0) = 0. Precision is the backend's (float32 for every tfjs backend): this is for
 * search and measurement only; nothing computed here proves anything.
 */

import type { Tensor } from '@tensorflow/tfjs';
import { constFloat, structuralKey, type Expr, type FnName } from '../expr/index.js';
import type { TF } from '../networks/backend.js';
import { LscertError } from '../errors.js';

/** One instruction; operands are instruction indices. */
type Ins =
  | { readonly op: 'var'; readonly j: number }
  /** Σ args + c */
  | { readonly op: 'add'; readonly args: readonly number[]; readonly c: number }
  /** c · Π args */
  | { readonly op: 'mul'; readonly args: readonly number[]; readonly c: number }
  | { readonly op: 'div'; readonly num: Operand; readonly den: Operand }
  | { readonly op: 'neg'; readonly a: number }
  /** a^k for an integer k */
  | { readonly op: 'powi'; readonly a: number; readonly k: number }
  /** a^e, e a constant or an instruction */
  | { readonly op: 'pow'; readonly a: Operand; readonly e: Operand }
  | { readonly op: 'call'; readonly fn: FnName; readonly args: readonly Operand[] };

/** An operand: an instruction index, or a folded float64 constant. */
type Operand = { readonly ins: number } | { readonly c: number };

/** A value during evaluation: a tensor of shape [B], or a scalar constant. */
type Val = Tensor | number;

export interface TfProgram {
  readonly dim: number;
  readonly outputs: number;
  /** Number of tensor instructions (after sharing and folding). */
  readonly size: number;
  /** The variables the program reads, ascending (the other columns may be left out: `columns(tf, x, used)`). */
  readonly used: readonly number[];
  /** The outputs at the batch whose columns are `cols` (dim tensors of shape [B]); each of shape [B]. */
  eval(tf: TF, cols: readonly Tensor[]): Tensor[];
  /** Values and directional derivatives ⟨∇e(x), v⟩ along the tangent columns `tangents` (dim tensors of shape [B]). */
  evalDual(tf: TF, cols: readonly Tensor[], tangents: readonly Tensor[]): { value: Tensor[]; tangent: Tensor[] };
}

/** Float64 semantics of every function, as compileFloat has them (for constant folding). */
const FLOAT: Readonly<Record<FnName, (...a: number[]) => number>> = {
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (u) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u))),
  softplus: (u) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))),
  relu: (u) => (u > 0 ? u : 0),
  max: Math.max,
  min: Math.min,
  sign: Math.sign,
  step: (u) => (u > 0 ? 1 : u < 0 ? 0 : 0.5),
};

function powInt(x: number, k: number): number {
  return k === 2 ? x * x : x ** k;
}

export class TfCompileError extends LscertError {
  constructor(message: string) {
    super('unsupported', message);
  }
}

/** Compiles expressions in the variables 0..dim-1 (a variable index ≥ dim is an error). */
export function compileTf(exprs: readonly Expr[], dim: number): TfProgram {
  const code: Ins[] = [];
  const memo = new Map<string, Operand>();
  const emit = (ins: Ins): Operand => {
    code.push(ins);
    return { ins: code.length - 1 };
  };
  const isC = (o: Operand): o is { readonly c: number } => 'c' in o;
  const insOf = (o: Operand): number => (o as { readonly ins: number }).ins;

  const node = (e: Expr): Operand => {
    if (e.kind === 'num') return { c: e.value.toNumber() };
    if (e.kind === 'const') return { c: constFloat(e) };
    const key = structuralKey(e);
    const hit = memo.get(key);
    if (hit) return hit;
    const r = build(e);
    memo.set(key, r);
    return r;
  };

  const build = (e: Expr): Operand => {
    switch (e.kind) {
      case 'num':
      case 'const':
        return node(e);
      case 'var':
        if (e.index < 0 || e.index >= dim) throw new TfCompileError(`variable ${e.name} (index ${e.index}) is outside the ${dim} variables of the program`);
        return emit({ op: 'var', j: e.index });
      case 'add': {
        let c = 0;
        const args: number[] = [];
        for (const t of e.terms) {
          const o = node(t);
          if (isC(o)) c += o.c;
          else args.push(insOf(o));
        }
        if (args.length === 0) return { c };
        if (args.length === 1 && c === 0) return { ins: args[0]! };
        return emit({ op: 'add', args, c });
      }
      case 'mul': {
        let c = 1;
        const args: number[] = [];
        for (const f of e.factors) {
          const o = node(f);
          if (isC(o)) c *= o.c;
          else args.push(insOf(o));
        }
        if (args.length === 0) return { c };
        if (args.length === 1 && c === 1) return { ins: args[0]! };
        return emit({ op: 'mul', args, c });
      }
      case 'div': {
        const num = node(e.num);
        const den = node(e.den);
        if (isC(num) && isC(den)) return { c: num.c / den.c };
        return emit({ op: 'div', num, den });
      }
      case 'neg': {
        const a = node(e.arg);
        if (isC(a)) return { c: -a.c };
        return emit({ op: 'neg', a: insOf(a) });
      }
      case 'pow': {
        const a = node(e.base);
        const x = e.exponent;
        if (x.kind === 'num' && x.value.isInteger() && Math.abs(Number(x.value.num)) < 2 ** 31) {
          const k = Number(x.value.num);
          if (isC(a)) return { c: powInt(a.c, k) };
          if (k === 1) return a;
          return emit({ op: 'powi', a: insOf(a), k });
        }
        const ex = node(x);
        if (isC(a) && isC(ex)) return { c: a.c ** ex.c };
        return emit({ op: 'pow', a, e: ex });
      }
      case 'call': {
        const args = e.args.map(node);
        if (args.every(isC)) return { c: FLOAT[e.fn](...args.map((o) => (o as { c: number }).c)) };
        return emit({ op: 'call', fn: e.fn, args });
      }
    }
  };

  const outs = exprs.map(node);
  return new Program(code, outs, dim);
}

class Program implements TfProgram {
  readonly outputs: number;
  constructor(
    private readonly code: readonly Ins[],
    private readonly outs: readonly Operand[],
    readonly dim: number,
  ) {
    this.outputs = outs.length;
  }

  get size(): number {
    return this.code.length;
  }

  get used(): readonly number[] {
    this.usedVars ??= [...new Set(this.code.flatMap((ins) => (ins.op === 'var' ? [ins.j] : [])))].sort((a, b) => a - b);
    return this.usedVars;
  }
  private usedVars: number[] | undefined;

  eval(tf: TF, cols: readonly Tensor[]): Tensor[] {
    return this.run(tf, cols, null).value;
  }

  evalDual(tf: TF, cols: readonly Tensor[], tangents: readonly Tensor[]): { value: Tensor[]; tangent: Tensor[] } {
    if (tangents.length !== this.dim) throw new TfCompileError(`evalDual: ${tangents.length} tangent columns for ${this.dim} variables`);
    return this.run(tf, cols, tangents);
  }

  private run(tf: TF, cols: readonly Tensor[], tangents: readonly Tensor[] | null): { value: Tensor[]; tangent: Tensor[] } {
    if (cols.length !== this.dim) throw new TfCompileError(`program over ${this.dim} variables evaluated on ${cols.length} columns`);
    const shape = cols[0]?.shape ?? [1];
    const val: Tensor[] = new Array(this.code.length);
    // Tangents: null stands for an exact zero (constants, and everything in plain mode).
    const tan: (Tensor | null)[] = new Array(this.code.length).fill(null);
    const dual = tangents !== null;
    const V = (o: Operand): Val => ('c' in o ? o.c : val[o.ins]!);
    const T = (o: Operand): Tensor | null => ('c' in o ? null : tan[o.ins]!);
    const sumT = (ts: (Tensor | null)[]): Tensor | null => {
      const nz = ts.filter((t): t is Tensor => t !== null);
      return nz.length === 0 ? null : nz.length === 1 ? nz[0]! : tf.addN(nz);
    };
    const mulV = (a: Val, b: Val): Val =>
      typeof a === 'number' ? (typeof b === 'number' ? a * b : scale(tf, b, a)) : typeof b === 'number' ? scale(tf, a, b) : tf.mul(a, b);
    const times = (t: Tensor | null, f: Val): Tensor | null => (t === null ? null : (mulV(t, f) as Tensor));
    const asT = (v: Val): Tensor => (typeof v === 'number' ? tf.fill(shape, v) : v);

    for (let k = 0; k < this.code.length; k++) {
      const ins = this.code[k]!;
      let v: Tensor;
      let t: Tensor | null = null;
      switch (ins.op) {
        case 'var':
          v = cols[ins.j]!;
          if (dual) t = tangents![ins.j]!;
          break;
        case 'add': {
          const xs = ins.args.map((a) => val[a]!);
          v = xs.length === 1 ? xs[0]! : tf.addN(xs);
          if (ins.c !== 0) v = tf.add(v, ins.c);
          if (dual) t = sumT(ins.args.map((a) => tan[a]!));
          break;
        }
        case 'mul': {
          const xs = ins.args.map((a) => val[a]!);
          let p = xs[0]!;
          for (let i = 1; i < xs.length; i++) p = tf.mul(p, xs[i]!);
          v = ins.c === 1 ? p : scale(tf, p, ins.c);
          if (dual) {
            // d(c Π x_i) = c Σ_i t_i Π_{j≠i} x_j, with prefix and suffix products.
            const m = xs.length;
            const pre: Val[] = [1];
            for (let i = 0; i < m - 1; i++) pre.push(mulV(pre[i]!, xs[i]!));
            const parts: (Tensor | null)[] = [];
            let suf: Val = ins.c;
            for (let i = m - 1; i >= 0; i--) {
              const ti = tan[ins.args[i]!]!;
              if (ti !== null) parts.push(times(ti, mulV(pre[i]!, suf)));
              suf = mulV(suf, xs[i]!);
            }
            t = sumT(parts);
          }
          break;
        }
        case 'div': {
          const n = V(ins.num);
          const d = V(ins.den);
          v = tf.div(asT(n), d);
          if (dual) {
            // (n/d)' = (n' − (n/d) d') / d
            const tn = T(ins.num);
            const td = T(ins.den);
            const top = tn === null ? (td === null ? null : tf.neg(tf.mul(v, td))) : td === null ? tn : tf.sub(tn, tf.mul(v, td));
            t = top === null ? null : tf.div(top, d);
          }
          break;
        }
        case 'neg':
          v = tf.neg(val[ins.a]!);
          if (dual && tan[ins.a]) t = tf.neg(tan[ins.a]!);
          break;
        case 'powi': {
          const a = val[ins.a]!;
          v = intPow(tf, a, ins.k, shape);
          if (dual && tan[ins.a]) {
            // (a^k)' = k a^(k−1) a'
            const da = ins.k === 2 ? scale(tf, a, 2) : ins.k === 0 ? null : scale(tf, intPow(tf, a, ins.k - 1, shape), ins.k);
            t = da === null ? null : tf.mul(da, tan[ins.a]!);
          }
          break;
        }
        case 'pow': {
          const a = V(ins.a);
          const e = V(ins.e);
          v = tf.pow(asT(a), e);
          if (dual) {
            // (a^e)' = e a^(e−1) a' + a^e log(a) e'
            const ta = T(ins.a);
            const te = T(ins.e);
            const parts: (Tensor | null)[] = [];
            if (ta) parts.push(tf.mul(tf.mul(tf.pow(asT(a), typeof e === 'number' ? e - 1 : tf.sub(e, 1)), e), ta));
            if (te) parts.push(tf.mul(tf.mul(v, tf.log(asT(a))), te));
            t = sumT(parts);
          }
          break;
        }
        case 'call': {
          const args = ins.args.map(V);
          const r = call(tf, ins.fn, args, shape, dual ? ins.args.map(T) : null);
          v = r.v;
          t = r.t;
          break;
        }
      }
      val[k] = v;
      tan[k] = t;
    }
    const value = this.outs.map((o) => asT(V(o)));
    const tangent = dual ? this.outs.map((o) => T(o) ?? tf.zeros(shape)) : [];
    return { value, tangent };
  }
}

/**
 * The columns of a batch [B, d] as d tensors of shape [B]. tf.unstack with a single output
 * has a broken gradient in tfjs 4.22 (its backward pass stacks a lone tensor), so d = 1 is a reshape.
 */
export function columns(tf: TF, x: Tensor, used?: readonly number[]): Tensor[] {
  const [B, d] = x.shape as [number, number];
  // (none used: every column, so that a gradient of a constant program is still taken in x)
  if (used && used.length > 0 && 4 * used.length < d) {
    // Only the columns a program reads (a sparse array; the others are never read): one
    // unstack of d = 10 000 columns cost about 2 s per batch where the terms read one of them.
    // One slice per column (the wasm backend has no gradient kernel for gather).
    const out: Tensor[] = new Array(d);
    for (const j of used) out[j] = tf.reshape(tf.slice(x, [0, j], [B, 1]), [B]);
    return out;
  }
  return d === 1 ? [tf.reshape(x, [B])] : tf.unstack(x, 1);
}

/** Outputs of shape [B] side by side as [B, k] (the inverse of `columns`; same d = 1 care). */
export function stackColumns(tf: TF, ts: readonly Tensor[]): Tensor {
  return ts.length === 1 ? tf.expandDims(ts[0]!, 1) : tf.stack([...ts], 1);
}

function scale(tf: TF, t: Tensor, c: number): Tensor {
  return c === 1 ? t : c === -1 ? tf.neg(t) : tf.mul(t, c);
}

/** a^k by repeated squaring (exact products, as `x * x` in the float evaluator). */
function intPow(tf: TF, a: Tensor, k: number, shape: number[]): Tensor {
  if (k === 0) return tf.ones(shape);
  if (k < 0) return tf.reciprocal(intPow(tf, a, -k, shape));
  if (k === 1) return a;
  if (k === 2) return tf.square(a);
  if (k > 64) return tf.pow(a, k);
  let result: Tensor | null = null;
  let base = a;
  let n = k;
  while (n > 0) {
    if (n & 1) result = result === null ? base : tf.mul(result, base);
    n >>= 1;
    if (n > 0) base = tf.square(base);
  }
  return result!;
}

/** step(u) = 1 (u > 0), 0 (u < 0), 1/2 at 0, as in the float evaluator. */
function step(tf: TF, u: Tensor): Tensor {
  return tf.mul(tf.add(tf.sign(u), 1), 0.5);
}

function call(tf: TF, fn: FnName, args: readonly Val[], shape: number[], tans: readonly (Tensor | null)[] | null): { v: Tensor; t: Tensor | null } {
  const asT = (v: Val): Tensor => (typeof v === 'number' ? tf.fill(shape, v) : v);
  const u = asT(args[0]!);
  const tu = tans ? tans[0]! : null;
  const chain = (v: Tensor, d: () => Tensor): { v: Tensor; t: Tensor | null } => ({ v, t: tu ? tf.mul(d(), tu) : null });
  switch (fn) {
    case 'exp': {
      const v = tf.exp(u);
      return chain(v, () => v);
    }
    case 'log':
      return { v: tf.log(u), t: tu ? tf.div(tu, u) : null };
    case 'log1p':
      return { v: tf.log1p(u), t: tu ? tf.div(tu, tf.add(u, 1)) : null };
    case 'sqrt': {
      const v = tf.sqrt(u);
      return { v, t: tu ? tf.div(tu, tf.mul(v, 2)) : null };
    }
    case 'abs':
      return chain(tf.abs(u), () => tf.sign(u));
    case 'sin':
      return chain(tf.sin(u), () => tf.cos(u));
    case 'cos':
      return chain(tf.cos(u), () => tf.neg(tf.sin(u)));
    case 'tanh': {
      const v = tf.tanh(u);
      return chain(v, () => tf.sub(1, tf.square(v)));
    }
    case 'sigmoid': {
      const v = tf.sigmoid(u);
      return chain(v, () => tf.mul(v, tf.sub(1, v)));
    }
    case 'softplus':
      return chain(tf.softplus(u), () => tf.sigmoid(u));
    case 'relu':
      return chain(tf.relu(u), () => step(tf, u));
    case 'sign':
      return { v: tf.sign(u), t: null };
    case 'step':
      return { v: step(tf, u), t: null };
    case 'max':
    case 'min': {
      const w = asT(args[1]!);
      const v = fn === 'max' ? tf.maximum(u, w) : tf.minimum(u, w);
      const tw = tans ? tans[1]! : null;
      if (!tu && !tw) return { v, t: null };
      // max: step(u − w) u' + (1 − step(u − w)) w'; min: the same with step(w − u).
      const s = step(tf, fn === 'max' ? tf.sub(u, w) : tf.sub(w, u));
      const parts: Tensor[] = [];
      if (tu) parts.push(tf.mul(s, tu));
      if (tw) parts.push(tf.mul(tf.sub(1, s), tw));
      return { v, t: parts.length === 1 ? parts[0]! : tf.add(parts[0]!, parts[1]!) };
    }
  }
}
