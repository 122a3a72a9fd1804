/**
 * Evaluator throughput: the compiled float and interval evaluators (src/expr/compile.ts)
 * against mathjs `compile().evaluate`, on the paper's Example 6 residual and on a 40-term
 * polynomial in 10 variables.
 *
 * What is compared, so that the ratios are honest: all three evaluate the same expression
 * (the same `Expr`; mathjs gets its text); float and mathjs at the same 64 points, the
 * interval evaluator on boxes of width 0.02 centred at those points, cycled in the same
 * order. Each evaluator is warmed up (time-based, until V8 has optimized it), then the
 * three are timed in interleaved rounds (process CPU time, so a descheduled process does
 * not count), and the medians over the rounds are printed, with the median of the
 * per-round ratios (each ratio measured under the same load).
 *
 * The interval evaluator is timed in both rounding modes (src/expr/interval-codegen.ts):
 * the default 'widen' mode, which the engine and the checker use and to which the targets
 * apply, and the 'tight' mode (bit for bit the kernel), for comparison.
 *
 * The float evaluator computes x^n with n ≥ 3 by `Math.pow` (V8's pow is slow), and
 * Example 6's constant sqrt(2·sqrt(3) − 3) at run time (the interval evaluator encloses
 * constant subexpressions at compile time). A reference float evaluator with powers as
 * products is printed too, so that the float/interval ratio is not read against an
 * unnecessarily slow baseline.
 */
import { compile as mjsCompile } from 'mathjs';
import { buildResiduals, projectionModel } from '../src/conditions/index.js';
import { Rational } from '../src/exact/rational.js';
import { build as b, compileFloat, compileInterval, parseExpr, toText, type Expr } from '../src/expr/index.js';
import { loadProblemFile } from '../src/problem/index.js';
import { fmtRate } from './timing.js';

function polynomial40(): { e: Expr; vars: string[] } {
  const vars = Array.from({ length: 10 }, (_, i) => `x${i}`);
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const terms = Array.from({ length: 40 }, () => {
    const c = (Math.floor(rnd() * 19) - 9) / 4;
    const mono = Array.from({ length: 3 }, () => `${vars[Math.floor(rnd() * 10)]}^${1 + Math.floor(rnd() * 3)}`).join('*');
    return `${c}*${mono}`;
  });
  return { e: parseExpr(terms.join(' + '), { variables: vars }), vars };
}

function ex6Residual(): { e: Expr; vars: string[] } {
  const p = loadProblemFile(new URL('../examples/ex6-saddle.yaml', import.meta.url).pathname);
  const sys = buildResiduals(p, { condition: 'alpha-beta', alpha: Rational.of(50), beta: Rational.of(49) }, projectionModel(p));
  return { e: sys.cases[0]!.residuals[0]!, vars: [...p.variables] };
}

/** x^3 and x^4 as products x·x·x, x·x·x·x (for the reference float evaluator only). */
function powersAsProducts(e: Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'const':
    case 'var':
      return e;
    case 'add':
      return b.add(...e.terms.map(powersAsProducts));
    case 'mul':
      return b.mul(...e.factors.map(powersAsProducts));
    case 'div':
      return b.div(powersAsProducts(e.num), powersAsProducts(e.den));
    case 'neg':
      return b.neg(powersAsProducts(e.arg));
    case 'pow': {
      const base = powersAsProducts(e.base);
      const n = e.exponent.kind === 'num' && e.exponent.value.isInteger() ? Number(e.exponent.value.num) : 0;
      if (n === 3 || n === 4) return { kind: 'mul', factors: Array.from({ length: n }, () => base) };
      return b.pow(base, powersAsProducts(e.exponent));
    }
    case 'call':
      return b.call(e.fn, ...e.args.map(powersAsProducts));
  }
}

/** Warm-up time per evaluator (V8 compiles a large generated evaluator in the background). */
const WARM_MS = 1500;
/** Interleaved rounds, and CPU time per evaluator per round. */
const ROUNDS = 15;
const ROUND_MS = 60;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Calls per second of each function, per round (rounds interleave the functions). The
 * clock (a getrusage system call) is read once per batch, and a batch lasts about 1 ms
 * (calibrated after the warm-up), so reading it costs well under 1% even for the fastest
 * evaluator.
 */
function interleavedRates(fns: ((i: number) => void)[]): number[][] {
  let k = 0;
  const batch = fns.map((fn) => {
    const w0 = performance.now();
    while (performance.now() - w0 < WARM_MS) for (let i = 0; i < 256; i++) fn(k++);
    const t0 = performance.now();
    for (let i = 0; i < 1024; i++) fn(k++);
    const perMs = 1024 / Math.max(performance.now() - t0, 1e-3);
    return Math.max(16, Math.round(perMs));
  });
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    fns.forEach((fn, j) => {
      const B = batch[j]!;
      let n = 0;
      const t0 = cpuMs();
      let t = t0;
      while (t - t0 < ROUND_MS) {
        for (let i = 0; i < B; i++) fn(n + i);
        n += B;
        t = cpuMs();
      }
      rates[j]!.push((n / (t - t0)) * 1000);
    });
  }
  return rates;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function one(label: string, { e, vars }: { e: Expr; vars: string[] }): void {
  const d = vars.length;
  const fl = compileFloat([e]);
  const flRef = compileFloat([powersAsProducts(e)]);
  const iv = compileInterval([e]);
  const ivTight = compileInterval([e], { rounding: 'tight' });
  const out = new Float64Array(1);
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  const pts = Array.from({ length: 64 }, (_, k) => Array.from({ length: d }, (_, j) => Math.sin(k * 7 + j) * 0.9));
  const los = pts.map((p) => p.map((v) => v - 0.01));
  const his = pts.map((p) => p.map((v) => v + 0.01));
  const mj = mjsCompile(toText(e));
  const scopes = pts.map((p) => Object.fromEntries(vars.map((v, j) => [v, p[j]!])));
  const [rFloat, rIv, rMj, rRef, rTight] = interleavedRates([
    (i) => fl.eval(pts[i & 63]!, out),
    (i) => iv.eval(los[i & 63]!, his[i & 63]!, ol, oh),
    (i) => mj.evaluate(scopes[i & 63]!),
    (i) => flRef.eval(pts[i & 63]!, out),
    (i) => ivTight.eval(los[i & 63]!, his[i & 63]!, ol, oh),
  ]) as [number[], number[], number[], number[], number[]];
  const ratio = (p: number[], q: number[]) => median(p.map((x, r) => x / q[r]!));
  console.log(`  ${label}`);
  console.log(`    compiled float     ${fmtRate(median(rFloat))}`);
  console.log(`    compiled interval  ${fmtRate(median(rIv))}   float/interval = ${ratio(rFloat, rIv).toFixed(2)}× (target ≤ 5×)   [default 'widen' rounding]`);
  console.log(`    mathjs evaluate    ${fmtRate(median(rMj))}   interval/mathjs = ${ratio(rIv, rMj).toFixed(1)}× (target ≥ 20×)`);
  console.log(
    `    compiled interval, 'tight' rounding (bit for bit the kernel)  ${fmtRate(median(rTight))}   float/tight = ${ratio(rFloat, rTight).toFixed(2)}×   widen/tight = ${ratio(rIv, rTight).toFixed(2)}×`,
  );
  console.log(`    reference float with x^3, x^4 as products  ${fmtRate(median(rRef))}   reference/interval = ${ratio(rRef, rIv).toFixed(2)}×`);
}

export function benchEvaluators(): void {
  console.log(`Evaluators (evaluations per second, process CPU time, medians of ${ROUNDS} interleaved rounds, same process):`);
  one('paper example 6, alpha-beta residual of term 0', ex6Residual());
  one('40-term polynomial in 10 variables', polynomial40());
}
