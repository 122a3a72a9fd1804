import { TimeLimitReached } from '../errors.js';
import { Rational } from '../exact/rational.js';
import * as b from './build.js';
import type { CallNode, Expr, FnName } from './types.js';

/**
 * Chain-rule factor of each function: given the call node and its argument(s), the
 * partial derivative with respect to each argument. d/dx f(u) = Σ_k ∂_k f(u) · u_k'.
 *
 * Non-smooth functions (abs, relu, max, min, sign, step) are differentiated away from
 * their kink, using the internal `sign`/`step` functions (whose interval extensions give
 * the Clarke-style hull [-1, 1] / [0, 1] at the kink). The kinks themselves are listed
 * from the original expression by `kinkGuards`, and callers must check them: a box that
 * contains a kink is reported, never silently differentiated through.
 */
type Partials = (node: CallNode, args: readonly Expr[]) => Expr[];

const RULES: Readonly<Record<FnName, Partials>> = {
  // d exp(u) = exp(u) u'
  exp: (n) => [n],
  // d log(u) = u' / u
  log: (_n, [u]) => [b.div(b.ONE, u!)],
  // d log1p(u) = u' / (1 + u)
  log1p: (_n, [u]) => [b.div(b.ONE, b.add(b.ONE, u!))],
  // d sqrt(u) = u' / (2 sqrt(u))
  sqrt: (n) => [b.div(b.ONE, b.mul(b.num(2), n))],
  // d |u| = sign(u) u'   (kink at u = 0)
  abs: (_n, [u]) => [b.call('sign', u!)],
  // d sin(u) = cos(u) u'
  sin: (_n, [u]) => [b.call('cos', u!)],
  // d cos(u) = -sin(u) u'
  cos: (_n, [u]) => [b.neg(b.call('sin', u!))],
  // d tanh(u) = (1 - tanh(u)^2) u'
  tanh: (n) => [b.sub(b.ONE, b.pow(n, b.num(2)))],
  // d sigmoid(u) = sigmoid(u) (1 - sigmoid(u)) u'
  sigmoid: (n) => [b.mul(n, b.sub(b.ONE, n))],
  // d softplus(u) = sigmoid(u) u'      (softplus(u) = log(1 + e^u))
  softplus: (_n, [u]) => [b.call('sigmoid', u!)],
  // d relu(u) = step(u) u'   (kink at u = 0)
  relu: (_n, [u]) => [b.call('step', u!)],
  // d max(u, v) = step(u - v) u' + (1 - step(u - v)) v'   (kink at u = v)
  max: (_n, [u, v]) => {
    const s = b.call('step', b.sub(u!, v!));
    return [s, b.sub(b.ONE, s)];
  },
  // d min(u, v) = step(v - u) u' + (1 - step(v - u)) v'   (kink at u = v)
  min: (_n, [u, v]) => {
    const s = b.call('step', b.sub(v!, u!));
    return [s, b.sub(b.ONE, s)];
  },
  // d sign(u) = 0 and d step(u) = 0 away from u = 0. Kinks are not tracked through
  // derivatives: `kinkGuards` lists them from the original expression instead.
  sign: () => [b.ZERO],
  step: () => [b.ZERO],
};

/** Symbolic partial derivative ∂e/∂x_index (not simplified: run `simplify` on the result). */
export function derivative(e: Expr, index: number): Expr {
  const memo = new Map<Expr, Expr>();
  const d = (x: Expr): Expr => {
    const hit = memo.get(x);
    if (hit) return hit;
    const r = rule(x);
    memo.set(x, r);
    return r;
  };
  const rule = (x: Expr): Expr => {
    switch (x.kind) {
      case 'num':
      case 'const':
        return b.ZERO;
      case 'var':
        return x.index === index ? b.ONE : b.ZERO;
      case 'add':
        // (u + v)' = u' + v'
        return b.add(...x.terms.map(d));
      case 'neg':
        return b.neg(d(x.arg));
      case 'mul':
        // (u v w)' = u' v w + u v' w + u v w'
        return b.add(
          ...x.factors.map((f, i) => {
            const df = d(f);
            return isZero(df) ? b.ZERO : b.mul(...x.factors.map((g, j) => (i === j ? df : g)));
          }),
        );
      case 'div': {
        // (u / v)' = u'/v - u v' / v^2
        const du = d(x.num);
        const dv = d(x.den);
        const first = isZero(du) ? b.ZERO : b.div(du, x.den);
        const second = isZero(dv) ? b.ZERO : b.div(b.mul(x.num, dv), b.pow(x.den, b.num(2)));
        return b.sub(first, second);
      }
      case 'pow': {
        const du = d(x.base);
        const dv = d(x.exponent);
        if (isZero(dv)) {
          // (u^c)' = c u^(c-1) u'   for an exponent c that does not depend on x
          if (isZero(du)) return b.ZERO;
          const cm1 = x.exponent.kind === 'num' ? b.num(x.exponent.value.sub(Rational.ONE)) : b.sub(x.exponent, b.ONE);
          return b.mul(x.exponent, b.pow(x.base, cm1), du);
        }
        // (u^v)' = u^v (v' log u + v u'/u)
        return b.mul(x, b.add(b.mul(dv, b.call('log', x.base)), b.div(b.mul(x.exponent, du), x.base)));
      }
      case 'call': {
        const partials = RULES[x.fn](x, x.args);
        return b.add(
          ...x.args.map((a, k) => {
            const da = d(a);
            if (isZero(da)) return b.ZERO;
            return b.mul(partials[k]!, da);
          }),
        );
      }
    }
  };
  return d(e);
}

/** A literal zero (cheap test; the simplifier finds the rest). */
const isZero = (e: Expr) => e.kind === 'num' && e.value.isZero();

/** Gradient (∂e/∂x_0, …, ∂e/∂x_{d-1}). */
/**
 * ∇e in variables 0 … dim−1. `deadline` (a Date.now() value): past it, between two components,
 * throws TimeLimitReached (the gradient of a mean of 200 terms in 40 variables takes 0.7 s).
 */
export function gradient(e: Expr, dim: number, deadline = Infinity): Expr[] {
  return Array.from({ length: dim }, (_, i) => {
    if (Date.now() > deadline) throw new TimeLimitReached('the time limit was reached while a gradient was computed');
    return derivative(e, i);
  });
}

/** Hessian as a dim × dim array of expressions (symmetric by construction: H[j][i] = H[i][j]). */
export function hessian(e: Expr, dim: number, simplifyFn: (x: Expr) => Expr = (x) => x): Expr[][] {
  return hessianOfGradient(gradient(e, dim).map(simplifyFn), dim, simplifyFn);
}

/**
 * The Hessian from a gradient already computed (g = ∇e), as {@link hessian} builds it; past
 * `deadline` it throws TimeLimitReached between entries.
 */
export function hessianOfGradient(g: readonly Expr[], dim: number, simplifyFn: (x: Expr) => Expr = (x) => x, deadline = Infinity): Expr[][] {
  const h: Expr[][] = Array.from({ length: dim }, () => new Array<Expr>(dim));
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      if (Date.now() > deadline) throw new TimeLimitReached('the time limit was reached while a Hessian was computed');
      const v = simplifyFn(derivative(g[i]!, j));
      h[i]![j] = v;
      h[j]![i] = v;
    }
  }
  return h;
}
