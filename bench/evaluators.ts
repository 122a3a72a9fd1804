import { compile as mjsCompile } from 'mathjs';
import { buildResiduals, projectionModel } from '../src/conditions/index.js';
import { Rational } from '../src/exact/rational.js';
import { compileFloat, compileInterval, parseExpr, toText, type Expr } from '../src/expr/index.js';
import { loadProblemFile } from '../src/problem/index.js';
import { fmtRate, rate } from './timing.js';

function polynomial40(): { e: Expr; vars: string[] } {
  const vars = Array.from({ length: 10 }, (_, i) => `x${i}`);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
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

function one(label: string, { e, vars }: { e: Expr; vars: string[] }): void {
  const d = vars.length;
  const fl = compileFloat([e]);
  const iv = compileInterval([e]);
  const out = new Float64Array(1);
  const ol = new Float64Array(1);
  const oh = new Float64Array(1);
  const pts = Array.from({ length: 64 }, (_, k) => Array.from({ length: d }, (_, j) => Math.sin(k * 7 + j) * 0.9));
  const los = pts.map((p) => p.map((v) => v - 0.01));
  const his = pts.map((p) => p.map((v) => v + 0.01));
  const mj = mjsCompile(toText(e));
  const scopes = pts.map((p) => Object.fromEntries(vars.map((v, j) => [v, p[j]!])));
  const rFloat = rate((i) => fl.eval(pts[i & 63]!, out));
  const rIv = rate((i) => iv.eval(los[i & 63]!, his[i & 63]!, ol, oh));
  const rMj = rate((i) => mj.evaluate(scopes[i & 63]!), 300);
  console.log(`  ${label}`);
  console.log(`    compiled float     ${fmtRate(rFloat)}`);
  console.log(`    compiled interval  ${fmtRate(rIv)}   float/interval = ${(rFloat / rIv).toFixed(2)}× (target ≤ 5×)`);
  console.log(`    mathjs evaluate    ${fmtRate(rMj)}   interval/mathjs = ${(rIv / rMj).toFixed(1)}× (target ≥ 20×)`);
}

export function benchEvaluators(): void {
  console.log('Evaluators (evaluations per second, same process):');
  one('paper example 6, alpha-beta residual of term 0', ex6Residual());
  one('40-term polynomial in 10 variables', polynomial40());
}
