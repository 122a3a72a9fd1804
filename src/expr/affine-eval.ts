import { affine, fromRational, kernel as K } from '../interval/index.js';
import type { IntervalEvaluator } from './compile.js';
import { encloseConstant } from './interpret.js';
import { structuralKey, toText } from './print.js';
import type { Expr, FnName } from './types.js';

/**
 * The affine-arithmetic bounder: a drop-in alternative to `compileInterval` (same
 * `IntervalEvaluator` shape) in which repeated occurrences of the same linear form no
 * longer count as independent. Each node of the expression DAG (common subexpressions
 * shared by structural key, as in compile.ts) carries TWO sound enclosures of its value:
 *
 * - an affine form (src/interval/affine.ts) over one noise symbol per input variable and
 *   one fresh symbol per nonlinear operation, and
 * - an interval: the kernel's operation on the children's intervals (the natural interval
 *   enclosure, as compileInterval computes it) intersected with the range of the affine
 *   form. Both contain the exact value, so the intersection does too (a reduced product).
 *
 * The interval of the argument is the range on which a nonlinear function is linearised
 * (tighter than the form's own range), and it decides definedness: the kernel's domain
 * checks run on it exactly as in compileInterval (NaN there: the node and everything
 * above it are UNDEFINED, [NaN, NaN]). An affine form that overflows (or is otherwise not
 * finite) is re-seeded from the node's interval (centre, radius on the node's fresh
 * symbol), which is always sound. Each output is the node's interval: never wider than the
 * natural enclosure computed from the same children, and usually much narrower when the
 * expression repeats linear forms (s − s is [0, 0] up to rounding).
 *
 * Not re-entrant (the forms are preallocated per evaluator); not yet used by the engine's
 * bounder or the certificate checker.
 */
export interface AffineEvaluator extends IntervalEvaluator {
  /** Number of noise symbols (inputs + fresh). */
  readonly symbols: number;
  /** Number of DAG nodes evaluated per call. */
  readonly nodes: number;
}

enum Op {
  Const,
  Var,
  Add,
  Neg,
  Mul,
  Div,
  PowInt,
  PowReal,
  PowGeneral,
  Fn,
  Abs,
  Relu,
  Max,
  Min,
  Kernel1,
}

interface Node {
  op: Op;
  /** Children (node indices). */
  args: number[];
  /** Fresh symbols of this node (−1: none). */
  syms: number[];
  lo: number;
  hi: number;
  n: number;
  spec: UnarySpec | null;
  kern: ((lo: number, hi: number) => void) | null;
  tmp: AffineForm[];
  text: string;
}

const { AffineForm, affAbs, affCopy, affLin, affMul, affRange, affRelu, affSetInterval, affUnary, affValid, powIntSpec, powRealSpec } = affine;
type AffineForm = affine.AffineForm;
type UnarySpec = affine.UnarySpec;

const FN_SPECS: Partial<Record<FnName, UnarySpec>> = {
  exp: affine.EXP,
  log: affine.LOG,
  log1p: affine.LOG1P,
  sqrt: affine.SQRT,
  sin: affine.SIN,
  cos: affine.COS,
  tanh: affine.TANH,
  sigmoid: affine.SIGMOID,
  softplus: affine.SOFTPLUS,
};

class Builder {
  readonly nodes: Node[] = [];
  private readonly memo = new Map<string, number>();
  private readonly constMemo = new Map<Expr, boolean>();
  inputs = 0;
  fresh = 0;
  private readonly pendingSyms: number[][] = [];

  private hasVars(e: Expr): boolean {
    const hit = this.constMemo.get(e);
    if (hit !== undefined) return hit;
    let v: boolean;
    switch (e.kind) {
      case 'num':
      case 'const':
        v = false;
        break;
      case 'var':
        v = true;
        break;
      case 'add':
        v = e.terms.some((t) => this.hasVars(t));
        break;
      case 'mul':
        v = e.factors.some((t) => this.hasVars(t));
        break;
      case 'div':
        v = this.hasVars(e.num) || this.hasVars(e.den);
        break;
      case 'neg':
        v = this.hasVars(e.arg);
        break;
      case 'pow':
        v = this.hasVars(e.base) || this.hasVars(e.exponent);
        break;
      case 'call':
        v = e.args.some((t) => this.hasVars(t));
        break;
    }
    this.constMemo.set(e, v);
    return v;
  }

  private push(op: Op, args: number[], nSyms: number, extra: Partial<Node> = {}, text = ''): number {
    const syms: number[] = [];
    for (let i = 0; i < nSyms; i++) syms.push(this.fresh++);
    this.pendingSyms.push(syms);
    const node: Node = { op, args, syms, lo: 0, hi: 0, n: 0, spec: null, kern: null, tmp: [], text, ...extra };
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  node(e: Expr): number {
    const key = structuralKey(e);
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const id = this.build(e);
    this.memo.set(key, id);
    return id;
  }

  private build(e: Expr): number {
    if (e.kind === 'var') {
      this.inputs = Math.max(this.inputs, e.index + 1);
      return this.push(Op.Var, [], 0, { n: e.index }, e.name);
    }
    if (!this.hasVars(e)) {
      const iv = encloseConstant(e);
      return this.push(Op.Const, [], 0, { lo: iv.lo, hi: iv.hi }, toText(e));
    }
    switch (e.kind) {
      case 'add':
        return this.push(
          Op.Add,
          e.terms.map((t) => this.node(t)),
          0,
        );
      case 'neg':
        return this.push(Op.Neg, [this.node(e.arg)], 0);
      case 'mul': {
        const args = e.factors.map((t) => this.node(t));
        return this.push(Op.Mul, args, args.length - 1);
      }
      case 'div':
        return this.push(Op.Div, [this.node(e.num), this.node(e.den)], 2);
      case 'pow': {
        const base = this.node(e.base);
        const x = e.exponent;
        // below 2^31 only (see interpret.ts): a larger integer need not survive Number() (2^60 + 1
        // becomes the even 2^60); the real-power path encloses the exponent instead
        if (x.kind === 'num' && x.value.isInteger() && Math.abs(Number(x.value.num)) < 2 ** 31) {
          const n = Number(x.value.num);
          return this.push(Op.PowInt, [base], 1, { n, spec: n === 0 || n === 1 ? null : powIntSpec(n) });
        }
        if (x.kind === 'num') {
          const [rl, rh] = fromRational(x.value);
          K.sub(rl, rh, 1, 1);
          return this.push(Op.PowReal, [base], 1, { lo: rl, hi: rh, spec: powRealSpec(rl, rh, K.OUT[0]!, K.OUT[1]!) });
        }
        return this.push(Op.PowGeneral, [base, this.node(x)], 1);
      }
      case 'call': {
        const args = e.args.map((t) => this.node(t));
        const spec = FN_SPECS[e.fn];
        if (spec) return this.push(Op.Fn, args, 1, { spec });
        switch (e.fn) {
          case 'abs':
            return this.push(Op.Abs, args, 1);
          case 'relu':
            return this.push(Op.Relu, args, 1);
          case 'max':
          case 'min':
            return this.push(e.fn === 'max' ? Op.Max : Op.Min, args, 1);
          case 'sign':
            return this.push(Op.Kernel1, args, 1, { kern: K.sign });
          case 'step':
            return this.push(Op.Kernel1, args, 1, { kern: K.step });
          default:
            throw new Error(`compileAffine: unsupported function ${e.fn}`);
        }
      }
      default:
        throw new Error(`compileAffine: unexpected node ${e.kind}`);
    }
  }
}

const OP_NAMES = ['const', 'var', 'add', 'neg', 'mul', 'div', 'powInt', 'powReal', 'pow', 'fn', 'abs', 'relu', 'max', 'min', 'kernel'];

/**
 * Compiles expressions (sharing common subexpressions) into an affine-arithmetic
 * evaluator with the contract of `IntervalEvaluator`: for every point x with
 * lo ≤ x ≤ hi and every output k, the exact value lies in [outLo[k], outHi[k]], and the
 * output is [NaN, NaN] wherever the natural interval evaluation reports a domain error.
 */
export function compileAffine(exprs: readonly Expr[]): AffineEvaluator {
  const bld = new Builder();
  const outs = exprs.map((e) => bld.node(e));
  // Fresh symbols come after the input symbols, in node order (each larger than every
  // symbol of the node's operands, as affine.ts requires).
  const n = bld.inputs;
  const N = n + bld.fresh;
  const nodes = bld.nodes;
  for (const nd of nodes) {
    for (let i = 0; i < nd.syms.length; i++) nd.syms[i] = nd.syms[i]! + n;
    if (nd.op === Op.Div) nd.tmp = [new AffineForm(N)];
    if (nd.op === Op.Max || nd.op === Op.Min) nd.tmp = [new AffineForm(N), new AffineForm(N)];
  }
  const forms = nodes.map(() => new AffineForm(N));
  const lo = new Float64Array(nodes.length);
  const hi = new Float64Array(nodes.length);
  const source = nodes
    .map(
      (nd, i) => `a${i} = ${OP_NAMES[nd.op]}${nd.spec ? `[${nd.spec.name}]` : ''}(${nd.args.map((j) => `a${j}`).join(', ')})${nd.text ? ` ; ${nd.text}` : ''}`,
    )
    .concat(outs.map((o, k) => `out[${k}] = a${o}`))
    .join('\n');

  const OUT = K.OUT;
  const evalNode = (i: number, xl: ArrayLike<number>, xh: ArrayLike<number>): void => {
    const nd = nodes[i]!;
    const f = forms[i]!;
    const args = nd.args;
    let nl = 0;
    let nh = 0;
    switch (nd.op) {
      case Op.Const:
        nl = nd.lo;
        nh = nd.hi;
        affSetInterval(f, nl, nh, -1);
        break;
      case Op.Var:
        nl = xl[nd.n]!;
        nh = xh[nd.n]!;
        affSetInterval(f, nl, nh, nd.n);
        break;
      case Op.Add: {
        const a0 = args[0]!;
        nl = lo[a0]!;
        nh = hi[a0]!;
        affCopy(f, forms[a0]!);
        for (let j = 1; j < args.length; j++) {
          const aj = args[j]!;
          K.add(nl, nh, lo[aj]!, hi[aj]!);
          nl = OUT[0]!;
          nh = OUT[1]!;
          affLin(f, 1, f, 1, forms[aj]!, 0);
        }
        break;
      }
      case Op.Neg: {
        const a = args[0]!;
        nl = -hi[a]!;
        nh = -lo[a]!;
        affLin(f, -1, forms[a]!, 0, null, 0);
        break;
      }
      case Op.Mul: {
        const a0 = args[0]!;
        nl = lo[a0]!;
        nh = hi[a0]!;
        affCopy(f, forms[a0]!);
        for (let j = 1; j < args.length; j++) {
          const aj = args[j]!;
          K.mul(nl, nh, lo[aj]!, hi[aj]!);
          nl = OUT[0]!;
          nh = OUT[1]!;
          affMul(f, f, forms[aj]!, nd.syms[j - 1]!);
        }
        break;
      }
      case Op.Div: {
        const a = args[0]!;
        const b = args[1]!;
        K.div(lo[a]!, hi[a]!, lo[b]!, hi[b]!);
        nl = OUT[0]!;
        nh = OUT[1]!;
        if (nl !== nl) break;
        const t = nd.tmp[0]!;
        K.recip(lo[b]!, hi[b]!);
        affUnary(t, forms[b]!, lo[b]!, hi[b]!, OUT[0]!, OUT[1]!, RECIP, nd.syms[0]!);
        affMul(f, forms[a]!, t, nd.syms[1]!);
        break;
      }
      case Op.PowInt: {
        const a = args[0]!;
        K.powInt(lo[a]!, hi[a]!, nd.n);
        nl = OUT[0]!;
        nh = OUT[1]!;
        if (nl !== nl) break;
        if (nd.n === 1) affCopy(f, forms[a]!);
        else if (nd.n === 0) affSetInterval(f, nl, nh, -1);
        else affUnary(f, forms[a]!, lo[a]!, hi[a]!, nl, nh, nd.spec!, nd.syms[0]!);
        break;
      }
      case Op.PowReal: {
        const a = args[0]!;
        K.pow(lo[a]!, hi[a]!, nd.lo, nd.hi);
        nl = OUT[0]!;
        nh = OUT[1]!;
        if (nl !== nl) break;
        if (lo[a]! > 0) affUnary(f, forms[a]!, lo[a]!, hi[a]!, nl, nh, nd.spec!, nd.syms[0]!);
        else affSetInterval(f, nl, nh, nd.syms[0]!);
        break;
      }
      case Op.PowGeneral: {
        const a = args[0]!;
        const b = args[1]!;
        K.pow(lo[a]!, hi[a]!, lo[b]!, hi[b]!);
        nl = OUT[0]!;
        nh = OUT[1]!;
        affSetInterval(f, nl, nh, nd.syms[0]!);
        break;
      }
      case Op.Fn: {
        const a = args[0]!;
        const spec = nd.spec!;
        spec.f(lo[a]!, hi[a]!);
        nl = OUT[0]!;
        nh = OUT[1]!;
        if (nl !== nl) break;
        affUnary(f, forms[a]!, lo[a]!, hi[a]!, nl, nh, spec, nd.syms[0]!);
        break;
      }
      case Op.Abs:
      case Op.Relu: {
        const a = args[0]!;
        if (nd.op === Op.Abs) K.abs(lo[a]!, hi[a]!);
        else K.relu(lo[a]!, hi[a]!);
        nl = OUT[0]!;
        nh = OUT[1]!;
        if (nl !== nl) break;
        if (nd.op === Op.Abs) affAbs(f, forms[a]!, lo[a]!, hi[a]!, nd.syms[0]!);
        else affRelu(f, forms[a]!, lo[a]!, hi[a]!, nd.syms[0]!);
        break;
      }
      case Op.Max:
      case Op.Min: {
        // max(u, v) = v + relu(u − v), min(u, v) = u − relu(u − v) (exact identities).
        const a = args[0]!;
        const b = args[1]!;
        if (nd.op === Op.Max) K.max(lo[a]!, hi[a]!, lo[b]!, hi[b]!);
        else K.min(lo[a]!, hi[a]!, lo[b]!, hi[b]!);
        nl = OUT[0]!;
        nh = OUT[1]!;
        if (nl !== nl) break;
        const d = nd.tmp[0]!;
        const t = nd.tmp[1]!;
        affLin(d, 1, forms[a]!, -1, forms[b]!, 0);
        // The range of u − v: the form's range ∩ the natural difference.
        K.sub(lo[a]!, hi[a]!, lo[b]!, hi[b]!);
        let dl = OUT[0]!;
        let dh = OUT[1]!;
        affRange(d);
        if (OUT[0]! <= OUT[1]!) {
          dl = Math.max(dl, OUT[0]!);
          dh = Math.min(dh, OUT[1]!);
        }
        affRelu(t, d, dl, dh, nd.syms[0]!);
        if (nd.op === Op.Max) affLin(f, 1, forms[b]!, 1, t, 0);
        else affLin(f, 1, forms[a]!, -1, t, 0);
        break;
      }
      case Op.Kernel1: {
        const a = args[0]!;
        nd.kern!(lo[a]!, hi[a]!);
        nl = OUT[0]!;
        nh = OUT[1]!;
        affSetInterval(f, nl, nh, nd.syms[0]!);
        break;
      }
    }
    if (!(nl <= nh)) {
      // Undefined somewhere on the box (or empty): NaN, whatever the form says.
      lo[i] = NaN;
      hi[i] = NaN;
      f.c = NaN;
      f.r = NaN;
      f.len = 0;
      return;
    }
    affRange(f);
    const al = OUT[0]!;
    const ah = OUT[1]!;
    if (al <= ah) {
      const l = Math.max(nl, al);
      const h = Math.min(nh, ah);
      if (l <= h) {
        nl = l;
        nh = h;
      } else {
        // Two sound enclosures cannot be disjoint: never happens; answer "not proved".
        nl = NaN;
        nh = NaN;
      }
    }
    lo[i] = nl;
    hi[i] = nh;
    if (!affValid(f) && nl === nl) affSetInterval(f, nl, nh, nd.syms.length > 0 ? nd.syms[nd.syms.length - 1]! : -1);
  };

  const count = nodes.length;
  return {
    outputs: exprs.length,
    source,
    symbols: N,
    nodes: count,
    eval(xl, xh, outLo, outHi) {
      for (let i = 0; i < count; i++) evalNode(i, xl, xh);
      for (let k = 0; k < outs.length; k++) {
        outLo[k] = lo[outs[k]!]!;
        outHi[k] = hi[outs[k]!]!;
      }
    },
  };
}

const RECIP = powIntSpec(-1);
