import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { build as b, compileFloat, gradient, parseExpr, toText, type Expr } from '../../src/expr/index.js';
import { initBackend, type TF } from '../../src/networks/backend.js';
import { compileTf } from '../../src/numeric/tfExpr.js';
import { exprArb } from '../helpers/arbitraries.js';

/**
 * The tree → tfjs compiler against the float evaluator (compileFloat, float64) on random
 * points. tfjs computes in float32, so a value is compared only where it is well
 * conditioned: the float64 value moves by less than the tolerance when the inputs move by
 * 1e-6 relative (input rounding to float32 and float32 intermediates then stay below it).
 */

let tf: TF;
beforeAll(async () => {
  tf = (await initBackend('auto')).tf;
});

const VARS = ['x', 'y', 'z'];
const parse = (s: string) => parseExpr(s, { variables: VARS });

/** A seeded float32 point in [-r, r]^d. */
function points(n: number, d: number, r: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out = new Float32Array(n * d);
  for (let k = 0; k < out.length; k++) out[k] = (2 * rnd() - 1) * r;
  return out;
}

function runTf(exprs: readonly Expr[], d: number, pts: Float32Array, mode: 'value' | 'dual' | 'grad', dir = 0): Float32Array[] {
  const prog = compileTf(exprs, d);
  const n = pts.length / d;
  return tf.tidy(() => {
    const x = tf.tensor2d(pts, [n, d]);
    const cols = tf.unstack(x, 1);
    if (mode === 'value') return prog.eval(tf, cols).map((t) => t.dataSync() as Float32Array);
    if (mode === 'dual') {
      const tans = cols.map((_, j) => (j === dir ? tf.onesLike(cols[0]!) : tf.zerosLike(cols[0]!)));
      return prog.evalDual(tf, cols, tans).tangent.map((t) => t.dataSync() as Float32Array);
    }
    // tf.grad of the sum over the batch: row k of the gradient is ∇e(x_k).
    return exprs.map((_, o) => {
      const g = tf.grad((xx: any) => prog.eval(tf, tf.unstack(xx, 1))[o]!.sum())(x);
      return tf.unstack(g, 1)[dir]!.dataSync() as Float32Array;
    });
  });
}

/** float64 reference value of `e` at point k, and whether it is well conditioned there. */
function reference(e: Expr, d: number, pts: Float32Array, k: number, tol: number): { v: number; ok: boolean } {
  const ev = compileFloat([e]);
  const out = new Float64Array(1);
  const x = Array.from(pts.subarray(k * d, (k + 1) * d));
  ev.eval(x, out);
  const v = out[0]!;
  if (!Number.isFinite(v) || Math.abs(v) > 1e6) return { v, ok: false };
  const scale = Math.max(1, Math.abs(v));
  for (const f of [1 + 1e-6, 1 - 1e-6]) {
    for (let j = 0; j < d; j++) {
      const y = [...x];
      y[j] = y[j]! * f + (f - 1) * 1e-2;
      ev.eval(y, out);
      if (!(Math.abs(out[0]! - v) <= tol * scale * 0.1)) return { v, ok: false };
    }
  }
  return { v, ok: true };
}

function agree(e: Expr, d: number, pts: Float32Array, got: Float32Array, tol: number): { checked: number; bad: string | null } {
  let checked = 0;
  for (let k = 0; k < got.length; k++) {
    const { v, ok } = reference(e, d, pts, k, tol);
    if (!ok) continue;
    checked++;
    if (!(Math.abs(got[k]! - v) <= tol * Math.max(1, Math.abs(v)))) {
      return { checked, bad: `${toText(e)} at (${Array.from(pts.subarray(k * d, (k + 1) * d)).join(', ')}): tfjs ${got[k]} vs float64 ${v}` };
    }
  }
  return { checked, bad: null };
}

// Every user function, the operators and the internal sign/step (through the derivatives).
const CASES = [
  'exp(x/2 - y)',
  'log(x^2 + 1 + y/4)',
  'log1p(x^2 + y)',
  'sqrt(x^2 + y^2 + z^2)',
  'abs(x - y) * z',
  'sin(3*x) + cos(y*z)',
  'tanh(x*y - z)',
  'sigmoid(x - 2*y) + sigmoid(5*z)',
  'softplus(4*x) - softplus(-3*y*z)',
  'relu(x + y) * relu(z - x)',
  'max(x, y^2) + min(z, x*y)',
  'x^3 / (1 + y^2) - (x + z)^5 + x^0',
  '(x^2 + 1)^(1/3) + (y^2 + 2)^(-3/2) + (z^2 + 1)^(-2)',
  '(x^2 + 1)^(y)',
  'pi * e * x - 1/3 * y + 2',
  '-(x*y*z) + 2*x*y*z*x',
  'softplus(-z * (2*relu(x - y) - relu(y + z)))',
];

describe('tree → tfjs compiler', () => {
  it('evaluates every supported function and operator as compileFloat does', () => {
    const pts = points(400, 3, 2, 11);
    const exprs = CASES.map(parse);
    const got = runTf(exprs, 3, pts, 'value');
    for (const [i, e] of exprs.entries()) {
      const r = agree(e, 3, pts, got[i]!, 2e-4);
      expect(r.bad).toBeNull();
      expect(r.checked, CASES[i]).toBeGreaterThan(200); // log1p(x^2 + y) is undefined on a quarter of the points
    }
  });

  it('forward-mode tangents and tf.grad agree with compileFloat of the symbolic gradient', () => {
    const pts = points(300, 3, 2, 12);
    const exprs = CASES.map(parse);
    for (let j = 0; j < 3; j++) {
      const dual = runTf(exprs, 3, pts, 'dual', j);
      const grad = runTf(exprs, 3, pts, 'grad', j);
      for (const [i, e] of exprs.entries()) {
        const dj = gradient(e, 3)[j]!;
        for (const got of [dual[i]!, grad[i]!]) {
          const r = agree(dj, 3, pts, got, 1e-3);
          expect(r.bad).toBeNull();
          expect(r.checked).toBeGreaterThan(200);
        }
      }
    }
  });

  it('forward mode gives the directional derivative along any tangent in one pass', () => {
    const e = parse('softplus(-z * (2*relu(x - y) - relu(y + z))) + x^2*y/(1+z^2)');
    const pts = points(256, 3, 1.5, 13);
    const dirs = points(256, 3, 1, 14);
    const prog = compileTf([e], 3);
    const got = tf.tidy(() => {
      const cols = tf.unstack(tf.tensor2d(pts, [256, 3]), 1);
      const tans = tf.unstack(tf.tensor2d(dirs, [256, 3]), 1);
      return prog.evalDual(tf, cols, tans).tangent[0]!.dataSync() as Float32Array;
    });
    const g = compileFloat(gradient(e, 3));
    const out = new Float64Array(3);
    let checked = 0;
    for (let k = 0; k < 256; k++) {
      g.eval(Array.from(pts.subarray(3 * k, 3 * k + 3)), out);
      const want = out[0]! * dirs[3 * k]! + out[1]! * dirs[3 * k + 1]! + out[2]! * dirs[3 * k + 2]!;
      expect(Math.abs(got[k]! - want)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
      checked++;
    }
    expect(checked).toBe(256);
  });

  it('shares common subexpressions and folds constants', () => {
    const x = b.variable(0, 'x');
    const s = parse('exp(x + y) + exp(x + y) * 2 + sqrt(2) * x');
    const prog = compileTf([s, parse('exp(x + y)')], 2);
    // x, y, x + y, exp(·), mul by 2, mul by sqrt(2), the sum: 7 instructions; the second output is shared.
    expect(prog.size).toBe(7);
    expect(() => compileTf([b.add(x, b.variable(3, 'w'))], 2)).toThrow(/outside/);
  });

  it('agrees with compileFloat on random expression trees (fast-check)', () => {
    const pts = points(64, 2, 3, 15);
    let total = 0;
    fc.assert(
      fc.property(exprArb({ maxDepth: 3 }), (e) => {
        const [got] = runTf([e], 2, pts, 'value');
        const r = agree(e, 2, pts, got!, 5e-4);
        if (r.bad) throw new Error(r.bad);
        total += r.checked;
      }),
      { numRuns: 150, seed: 7 },
    );
    expect(total).toBeGreaterThan(150 * 64 * 0.3);
  });
});
