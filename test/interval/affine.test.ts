import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { compileAffine } from '../../src/expr/affine-eval.js';
import { build as b, compileInterval, gradient, parseExpr, simplify, substitute, type Expr } from '../../src/expr/index.js';
import { AffineSpace, Interval } from '../../src/interval/index.js';

function enclose(
  ev: { eval(lo: ArrayLike<number>, hi: ArrayLike<number>, ol: Float64Array, oh: Float64Array): void },
  lo: number[],
  hi: number[],
): [number, number] {
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  ev.eval(lo, hi, ol, oh);
  return [ol[0]!, oh[0]!];
}
const affineOf = (text: string, vars: string[]) => compileAffine([parseExpr(text, { variables: vars })]);
const naturalOf = (text: string, vars: string[]) => compileInterval([parseExpr(text, { variables: vars })]);

/**
 * The α-β residual of Remark 1's first family: f_i = (s + a_i)²/((s + a_i)² + 1),
 * s = x_1 + … + x_d, S the hyperplane s = −1/2 with projection P(x) = x − (s + 1/2)/d·1,
 * f_i* = 0: R_i = ⟨∇f_i(x), x − P(x)⟩ − α(f_i(x) − f_i(P(x))) + β f_i(x), built as the
 * engine builds it (gradient and substitution of the projection), then simplified.
 */
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

describe('affine arithmetic: dependency', () => {
  const xyz = ['x', 'y', 'z'];
  const lo = [-1, 0.5, 2];
  const hi = [1, 1.5, 3];

  it('s − s is [0, 0] up to rounding for a shared linear form s = x + y + z', () => {
    const [l, h] = enclose(affineOf('(x+y+z) - (x+y+z)', xyz), lo, hi);
    expect(l).toBeLessThanOrEqual(0);
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h - l).toBeLessThan(1e-13);
    const [nl, nh] = enclose(naturalOf('(x+y+z) - (x+y+z)', xyz), lo, hi);
    expect(nh - nl).toBeGreaterThan(7.9);
    // The class API: s built once, subtracted from itself.
    const S = new AffineSpace(3);
    const s = S.variable(0, -1, 1)
      .add(S.variable(1, 0.5, 1.5))
      .add(S.variable(2, 2, 3));
    const d = s.sub(s).toInterval();
    expect(d.contains(0)).toBe(true);
    expect(d.width()).toBeLessThan(1e-13);
  });

  it('s²/(s²+1) − s²/(s²+1) and f(s) − f(s) for every function are [0, 0] up to rounding', () => {
    const q = '(x+y+z)^2/((x+y+z)^2+1)';
    const [l, h] = enclose(affineOf(`${q} - ${q}`, xyz), lo, hi);
    expect(l <= 0 && h >= 0 && h - l < 1e-12).toBe(true);
    for (const f of ['exp', 'log1p', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus', 'abs', 'relu']) {
      const e = `${f}((x+y+z)/4) - ${f}((x+y+z)/4)`;
      const [fl, fh] = enclose(affineOf(e, xyz), lo, hi);
      expect(fl <= 0 && fh >= 0, e).toBe(true);
      expect(fh - fl, e).toBeLessThan(1e-12);
      // Written differently, the two calls are two nodes, each with its own linearisation
      // error (a fresh symbol): the linear parts still cancel, only the two errors remain.
      const e2 = `${f}((x+y+z)/4) - ${f}((z+y+x)/4)`;
      const [gl, gh] = enclose(affineOf(e2, xyz), lo, hi);
      const [nl, nh] = enclose(naturalOf(e2, xyz), lo, hi);
      expect(gl <= 0 && gh >= 0, e2).toBe(true);
      expect(gh - gl, e2).toBeLessThan((nh - nl) / 4);
    }
    // The class API, with the nonlinear node computed once and used twice.
    const S = new AffineSpace(3);
    const s = S.variable(0, -1, 1)
      .add(S.variable(1, 0.5, 1.5))
      .add(S.variable(2, 2, 3));
    const s2 = s.sqr();
    const r = s2.div(s2.shift(1));
    expect(r.sub(r).toInterval().width()).toBeLessThan(1e-13);
  });

  it('x·y on [1, 2]²: the standard AA bound, and the compiled enclosure within the natural one', () => {
    const S = new AffineSpace(2);
    const p = S.variable(0, 1, 2).mul(S.variable(1, 1, 2));
    // c = 2.25, deviations 0.75 on x and y, quadratic term 0.25: [0.5, 4].
    expect(p.centre).toBe(2.25);
    expect(p.deviation(0)).toBe(0.75);
    expect(p.deviation(1)).toBe(0.75);
    const iv = p.formRange();
    expect(p.toInterval().lo).toBe(1); // ∩ the natural [1, 4]
    expect(p.toInterval().hi).toBe(4);
    expect(iv.lo).toBeLessThanOrEqual(0.5);
    expect(iv.lo).toBeGreaterThan(0.5 - 1e-14);
    expect(iv.hi).toBeGreaterThanOrEqual(4);
    expect(iv.hi).toBeLessThan(4 + 1e-14);
    // Compiled: intersected with the natural enclosure, so [1, 4] exactly (the kernel's product is exact here).
    const [l, h] = enclose(affineOf('x*y', ['x', 'y']), [1, 1], [2, 2]);
    const [nl, nh] = enclose(naturalOf('x*y', ['x', 'y']), [1, 1], [2, 2]);
    expect(l).toBeGreaterThanOrEqual(nl);
    expect(h).toBeLessThanOrEqual(nh);
    expect([l, h]).toEqual([1, 4]);
  });

  it('(x − y)² expanded: x² − 2xy + y² on [1, 2]² is far tighter than the natural [−6, 6]', () => {
    const [l, h] = enclose(affineOf('x^2 - 2*x*y + y^2', ['x', 'y']), [1, 1], [2, 2]);
    expect(l).toBeLessThanOrEqual(0);
    expect(h).toBeGreaterThanOrEqual(1);
    expect(h - l).toBeLessThan(1.6);
  });

  it('the Chebyshev linearisation of a convex function: x² on [1, 2] is 3x − 2.125 ± 0.125', () => {
    const S = new AffineSpace(1);
    const sq = S.variable(0, 1, 2).sqr();
    expect(sq.deviation(0)).toBeCloseTo(1.5, 12);
    expect(sq.centre).toBeCloseTo(2.375, 12);
    expect(sq.deviation(1)).toBeGreaterThanOrEqual(0.125);
    expect(sq.deviation(1)).toBeLessThan(0.125 + 1e-9);
  });
});

describe('affine arithmetic: soundness conventions', () => {
  it('a domain error anywhere on the box is UNDEFINED (NaN), as with the interval evaluator', () => {
    expect(enclose(affineOf('log(x)', ['x']), [-1], [1]).every(Number.isNaN)).toBe(true);
    expect(enclose(affineOf('1/(x-y)', ['x', 'y']), [0, 0], [1, 1]).every(Number.isNaN)).toBe(true);
    expect(enclose(affineOf('exp(x) + sqrt(x)', ['x']), [-1], [1]).every(Number.isNaN)).toBe(true);
    const S = new AffineSpace(1);
    expect(S.variable(0, -1, 1).log().toInterval().isEmpty()).toBe(true);
    expect(
      S.variable(0, -1, 1)
        .add(S.constant(2))
        .log()
        .add(S.variable(0, -1, 1))
        .toInterval()
        .isEmpty(),
    ).toBe(false);
  });

  it('overflow gives an unbounded enclosure, never a wrong finite one', () => {
    const [l, h] = enclose(affineOf('exp(x) - exp(x)', ['x']), [700], [710]);
    expect(l).toBe(-Infinity);
    expect(h).toBe(Infinity);
    const S = new AffineSpace(1);
    const big = S.variable(0, 1e300, 1e308).mul(S.variable(0, 1e300, 1e308));
    expect(big.toInterval().hi).toBe(Infinity);
  });

  it('inputs with infinite bounds give unbounded but sound results', () => {
    const [l, h] = enclose(affineOf('tanh(x) + y', ['x', 'y']), [-Infinity, 0], [Infinity, 1]);
    expect(l).toBeLessThanOrEqual(-1);
    expect(h).toBeGreaterThanOrEqual(2);
    expect(Number.isFinite(l) && Number.isFinite(h)).toBe(true);
  });

  it('a point box encloses the value at the point (rounding errors are accounted for)', () => {
    const e = 'sin(x)^2 + cos(x)^2 - 1';
    const [l, h] = enclose(affineOf(e, ['x']), [0.7], [0.7]);
    expect(l <= 0 && h >= 0).toBe(true);
    expect(h - l).toBeLessThan(1e-14);
    // 0.1 + 0.2 − 0.3 is not 0 in doubles, but is in the exact arithmetic the enclosure stands for.
    const [ql, qh] = enclose(affineOf('x/10 + x/5 - 3*x/10', ['x']), [1], [1]);
    expect(ql <= 0 && qh >= 0).toBe(true);
  });

  it('evaluators are reusable: a second evaluation on another box gives the fresh answer', () => {
    const ev = affineOf('x*x - x^2 + exp(x)', ['x']);
    const a = enclose(ev, [0], [1]);
    enclose(ev, [-5], [5]);
    expect(enclose(ev, [0], [1])).toEqual(a);
    expect(a[0]).toBeLessThanOrEqual(1);
    expect(a[1]).toBeGreaterThanOrEqual(Math.E);
  });
});

describe('Remark 1 residual (alpha-beta, a = (0, 1))', () => {
  it('the affine enclosure on a small box is narrower than the natural one, and contains sampled values', () => {
    for (const d of [2, 3, 5]) {
      for (const ai of [0, 1]) {
        const r = remark1Residual(d, ai);
        const A = compileAffine([r]);
        const I = compileInterval([r]);
        const lo = Array.from({ length: d }, (_, j) => 0.05 * j - 0.2);
        const hi = lo.map((x) => x + 0.02);
        const [al, ah] = enclose(A, lo, hi);
        const [nl, nh] = enclose(I, lo, hi);
        expect(ah - al, `d=${d}, a=${ai}`).toBeLessThan((nh - nl) / 3);
        // Values at the corners lo and hi: inside the AA enclosure (point enclosures, rigorous).
        for (const p of [lo, hi]) {
          const [pl, ph] = enclose(I, p, p);
          expect(pl >= al && ph <= ah).toBe(true);
        }
      }
    }
  });

  it('the class API agrees: AA on the residual built node by node is narrower than natural', () => {
    // R = 2u(s + 1/2)/(u² + 1)² − α(u²/(u²+1) − 1/5) + β u²/(u²+1), u = s + 1, d = 4, α = 2, β = 1.
    const d = 4;
    const S = new AffineSpace(d);
    const lo = [0.1, 0.2, -0.1, 0.05];
    const xs = lo.map((l, i) => S.variable(i, l, l + 0.01));
    const s = xs.reduce((a, c) => a.add(c));
    const u = s.shift(1);
    const u2 = u.sqr();
    const den = u2.shift(1);
    const f = u2.div(den);
    const R = u.scale(2).mul(s.shift(0.5)).div(den.sqr()).sub(f.shift(-0.2).scale(2)).add(f);
    const iv = R.toInterval();
    const box = lo.map((l) => Interval.of(l, l + 0.01));
    const si = box.reduce((a, c) => a.add(c));
    const ui = si.add(Interval.point(1));
    const fi = ui.sqr().div(ui.sqr().add(Interval.point(1)));
    const Ri = ui
      .mul(Interval.point(2))
      .mul(si.add(Interval.point(0.5)))
      .div(ui.sqr().add(Interval.point(1)).sqr())
      .sub(fi.sub(Interval.fromRational(Rational.of(1, 5))).mul(Interval.point(2)))
      .add(fi);
    expect(iv.width()).toBeLessThan(Ri.width() / 3);
    const mid = compileInterval([remark1Residual(d, 1)]);
    const [pl, ph] = enclose(
      mid,
      lo.map((l) => l + 0.005),
      lo.map((l) => l + 0.005),
    );
    expect(iv.lo <= pl && ph <= iv.hi).toBe(true);
  });
});
