import type { AlgebraicRoot } from '../exact/algebraic.js';
import type { Rational } from '../exact/rational.js';

/**
 * lscert's own small typed expression tree. mathjs is only used to parse text; every
 * other operation (derivatives, simplification, printing, compilation) works on this.
 *
 * Nodes are immutable plain objects. Subtraction is `add` with a `neg`; division by a
 * non-constant stays a `div` node (so the interval evaluator sees the quotient and can
 * report a denominator that may vanish).
 */
export type Expr = NumNode | ConstNode | VarNode | AddNode | MulNode | DivNode | PowNode | NegNode | CallNode;

/** An exact rational constant. */
export interface NumNode {
  readonly kind: 'num';
  readonly value: Rational;
}

/**
 * A mathematical constant; its value is enclosed rigorously, never rounded once: π, e, or a
 * real algebraic number `root(p(t), t, lo, hi)` (the only root of p in [lo, hi], proved by
 * src/exact/algebraic.ts). Read values through src/expr/constants.ts, never by name alone.
 */
export type ConstNode = NamedConstNode | RootConstNode;
export interface NamedConstNode {
  readonly kind: 'const';
  readonly name: ConstName;
}
export interface RootConstNode {
  readonly kind: 'const';
  readonly name: 'root';
  readonly root: AlgebraicRoot;
}
export type ConstName = 'pi' | 'e';

/** The variable `index` of the problem (its name is kept for printing). */
export interface VarNode {
  readonly kind: 'var';
  readonly index: number;
  readonly name: string;
}

export interface AddNode {
  readonly kind: 'add';
  readonly terms: readonly Expr[];
}
export interface MulNode {
  readonly kind: 'mul';
  readonly factors: readonly Expr[];
}
export interface DivNode {
  readonly kind: 'div';
  readonly num: Expr;
  readonly den: Expr;
}
/** base^exponent; an integer `num` exponent is evaluated as an exact integer power. */
export interface PowNode {
  readonly kind: 'pow';
  readonly base: Expr;
  readonly exponent: Expr;
}
export interface NegNode {
  readonly kind: 'neg';
  readonly arg: Expr;
}
export interface CallNode {
  readonly kind: 'call';
  readonly fn: FnName;
  readonly args: readonly Expr[];
}

/**
 * Functions of the language. `sign` and `step` are internal (they appear in derivatives
 * of abs, max, min and relu); the user may not write them. The functions with kinks
 * (abs, max, min, relu, and the internal sign/step) are listed in `KINK_FUNCTIONS`.
 */
export type FnName = 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'softplus' | 'relu' | 'max' | 'min' | 'sign' | 'step';

/** Arity of each function (max and min are binary; a longer list is folded by the parser). */
export const FN_ARITY: Readonly<Record<FnName, number>> = {
  exp: 1,
  log: 1,
  log1p: 1,
  sqrt: 1,
  abs: 1,
  sin: 1,
  cos: 1,
  tanh: 1,
  sigmoid: 1,
  softplus: 1,
  relu: 1,
  max: 2,
  min: 2,
  sign: 1,
  step: 1,
};

/** Functions a user may write in a problem file. */
export const USER_FUNCTIONS: readonly FnName[] = ['exp', 'log', 'log1p', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus', 'relu', 'max', 'min'];

/**
 * Functions that are not differentiable everywhere. The kink of abs/relu/sign/step is
 * where their argument is 0; the kink of max(u, v)/min(u, v) is where u = v.
 */
export const KINK_FUNCTIONS: ReadonlySet<FnName> = new Set(['abs', 'relu', 'max', 'min', 'sign', 'step']);
