/**
 * Affine arithmetic vs the natural interval enclosure (and the mean-value form) on the
 * α-β residual of the paper's Remark 1, first family: f_i = (s + a_i)²/((s + a_i)² + 1),
 * s = x_1 + … + x_d, a = (0, 1), S the hyperplane s = −1/2 (projection
 * P(x) = x − (s + 1/2)/d·1), f_i* = 0, α = 2, β = 1; the residual of the term a = 1, built
 * as the engine builds it (gradient, substitution of P, structure-preserving simplify).
 *
 * For d = 2 … 8 and boxes of width w around c_j = 0.05·j − 0.2, the widths of
 * - natural: compileInterval (the engine's bounder today, 'widen' mode);
 * - mean-value: R(m) + Σ_j ∂_jR(box)·(x_j − m_j), m the box centre, with the point value
 *   and the gradient enclosed by compileInterval (two evaluator calls);
 * - AA: compileAffine (src/expr/affine-eval.ts; already intersected with the natural one);
 * and the evaluations per second of each (time-based warm-up, then a short timed loop over
 * 64 boxes of the smallest width; for the mean-value form both calls count as one).
 * Nothing is asserted.
 */
import { Rational } from '../src/exact/rational.js';
import { compileAffine } from '../src/expr/affine-eval.js';
import { build as b, compileInterval, gradient, parseExpr, simplify, substitute, type Expr } from '../src/expr/index.js';
import { kernel as K } from '../src/interval/index.js';
import { fmtRate, rate } from './timing.js';

function remark1Residual(d: number, ai: number, alpha = 2, beta = 1): Expr {
  const vars = Array.from({ length: d }, (_, j) => `x${j + 1}`);
  const S = `(${vars.join('+')})`;
  const U = `(${S}+${ai})`;
  const t = parseExpr(`${U}^2/(${U}^2+1)`, { variables: vars });
  const shift = parseExpr(`(${S}+1/2)/${d}`, { variables: vars });
  const tP = substitute(t, (j) => b.sub(b.variable(j, vars[j]!), shift));
  const dot = b.add(...gradient(t, d).map((g) => b.mul(g, shift)));
  const r = b.add(dot, b.neg(b.mul(b.num(Rational.of(alpha)), b.sub(t, tP))), b.mul(b.num(Rational.of(beta)), t));
  return simplify(r, { expand: false });
}

const WIDTHS = [0.001, 0.01, 0.1];

type Bounder = (lo: number[], hi: number[]) => [number, number];

function bounders(e: Expr, d: number): { nat: Bounder; mv: Bounder; aa: Bounder } {
  const I = compileInterval([e]);
  const G = compileInterval(gradient(e, d));
  const A = compileAffine([e]);
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  const gl = new Float64Array(d);
  const gh = new Float64Array(d);
  const m = new Array<number>(d).fill(0);
  const nat: Bounder = (lo, hi) => {
    I.eval(lo, hi, ol, oh);
    return [ol[0]!, oh[0]!];
  };
  const aa: Bounder = (lo, hi) => {
    A.eval(lo, hi, ol, oh);
    return [ol[0]!, oh[0]!];
  };
  const mv: Bounder = (lo, hi) => {
    for (let j = 0; j < d; j++) m[j] = Math.min(hi[j]!, Math.max(lo[j]!, lo[j]! * 0.5 + hi[j]! * 0.5));
    I.eval(m, m, ol, oh);
    let l = ol[0]!;
    let h = oh[0]!;
    G.eval(lo, hi, gl, gh);
    for (let j = 0; j < d; j++) {
      K.sub(lo[j]!, hi[j]!, m[j]!, m[j]!);
      K.mul(gl[j]!, gh[j]!, K.OUT[0]!, K.OUT[1]!);
      K.add(l, h, K.OUT[0]!, K.OUT[1]!);
      l = K.OUT[0]!;
      h = K.OUT[1]!;
    }
    return [l, h];
  };
  return { nat, mv, aa };
}

const box = (d: number, w: number, shift = 0): [number[], number[]] => {
  const c = Array.from({ length: d }, (_, j) => 0.05 * j - 0.2 + shift);
  return [c.map((x) => x - w / 2), c.map((x) => x + w / 2)];
};

const fmtW = (x: number) => (Number.isFinite(x) ? x.toExponential(2) : String(x));

export function benchAffine(): void {
  console.log('\nAffine arithmetic on the Remark-1 α-β residual (a = 1; α = 2, β = 1): enclosure widths and evaluations/s');
  console.log('  d  width     natural   mean-value         AA   nat/AA    MV/AA');
  const rates: string[] = [];
  for (let d = 2; d <= 8; d++) {
    const e = remark1Residual(d, 1);
    const { nat, mv, aa } = bounders(e, d);
    for (const w of WIDTHS) {
      const [lo, hi] = box(d, w);
      const [nl, nh] = nat(lo, hi);
      const [ml, mh] = mv(lo, hi);
      const [al, ah] = aa(lo, hi);
      const wn = nh - nl;
      const wm = mh - ml;
      const wa = ah - al;
      console.log(
        `  ${d}  ${String(w).padEnd(6)} ${fmtW(wn).padStart(10)} ${fmtW(wm).padStart(12)} ${fmtW(wa).padStart(10)} ${(wn / wa).toFixed(1).padStart(8)} ${(wm / wa).toFixed(1).padStart(8)}`,
      );
    }
    // Speed: 64 boxes of width 0.01 at shifted centres, cycled.
    const boxes = Array.from({ length: 64 }, (_, k) => box(d, 0.01, (k - 32) * 0.003));
    let sink = 0;
    const run = (f: Bounder) => (i: number) => {
      const [lo, hi] = boxes[i & 63]!;
      sink += f(lo, hi)[1];
    };
    const rn = rate(run(nat), 250, 350);
    const rm = rate(run(mv), 250, 350);
    const ra = rate(run(aa), 250, 350);
    if (sink === 42) console.log('');
    rates.push(
      `  ${d}  ${fmtRate(rn).padStart(10)} ${fmtRate(rm).padStart(12)} ${fmtRate(ra).padStart(10)} ${(rn / ra).toFixed(1).padStart(10)} ${(rm / ra).toFixed(1).padStart(8)}`,
    );
  }
  console.log('\n  d     natural   mean-value         AA   nat/AA(t)  MV/AA(t)   (evaluations per second; ratios of rates)');
  for (const r of rates) console.log(r);
}
