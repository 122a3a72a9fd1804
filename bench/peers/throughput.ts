/**
 * Interval evaluator throughput (issue [10] §6.3): lscert's compiled interval evaluator
 * (`compileInterval`, default 'widen' rounding, and 'tight' for reference) against the npm
 * package `interval-arithmetic` and Python mpmath's `iv` context on the same residuals at the
 * same boxes.
 *
 * What is compared: the α-β residuals (α = 2.5, β = 2; both terms, i.e. two outputs) of the
 * Remark-1 problem in d variables, as lscert builds them (`buildResiduals`, the expanded form
 * the engine evaluates first). Every evaluator gets the same expression trees, with common
 * subexpressions computed once (by lscert's structural key) and constants enclosed once at
 * compile time, so that only the interval arithmetic differs: for the peers the tree is
 * turned into straight-line code that calls the peer's operations (`IA.add`, `IA.pow(x, n)`,
 * …; mpmath's `+`, `**`, … on `iv.mpf`). Boxes: 64 boxes of width 0.02 centred at points
 * spread over the box [−1, 2]^d, cycled in the same order. JavaScript evaluators are timed in
 * interleaved rounds on process CPU time after a time-based warm-up (medians of the rounds and
 * of the per-round ratios); mpmath runs in a python3 child on `time.process_time()`.
 * As a check, the enclosures of all three must intersect at every box (they enclose the same
 * values); the median width ratio is recorded too.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as IA from 'interval-arithmetic';
import { claimFromFlags } from '../../src/cli/claimArgs.js';
import { buildResiduals, projectionModel } from '../../src/conditions/index.js';
import { compileInterval, structuralKey, type Expr } from '../../src/expr/index.js';
import { loadProblemFile } from '../../src/problem/index.js';

export interface ThroughputResult {
  readonly residual: string;
  readonly d: number;
  readonly outputs: number;
  readonly boxes: number;
  /** Evaluations per second (one evaluation = all outputs at one box). */
  readonly lscert: number;
  readonly lscertTight: number;
  readonly intervalArithmetic: number;
  readonly mpmath: number | null;
  readonly mpmathError: string | null;
  readonly ratioVsIntervalArithmetic: number;
  readonly ratioVsMpmath: number | null;
  /** Median over boxes and outputs of (lscert width) / (peer width). */
  readonly widthRatioVsIntervalArithmetic: number;
  readonly widthRatioVsMpmath: number | null;
  /** Boxes × outputs at which an enclosure did not intersect lscert's (must be 0). */
  readonly disjoint: number;
  readonly versions: { intervalArithmetic: string; mpmath: string | null; python: string | null };
  readonly method: string;
}

type IAI = IA.Interval;

/** Straight-line JavaScript calling `interval-arithmetic` for `exprs` (CSE by structural key). */
function compileIA(exprs: readonly Expr[], d: number): (lo: ArrayLike<number>, hi: ArrayLike<number>) => IAI[] {
  const lines: string[] = [];
  const consts: IAI[] = [];
  const memo = new Map<string, string>();
  let n = 0;
  const emit = (code: string) => {
    const t = `t${n++}`;
    lines.push(`const ${t} = ${code};`);
    return t;
  };
  const gen = (e: Expr): string => {
    const key = structuralKey(e);
    const hit = memo.get(key);
    if (hit) return hit;
    let v: string;
    switch (e.kind) {
      case 'num': {
        const { num, den } = e.value;
        if (num > 2n ** 53n || -num > 2n ** 53n || den > 2n ** 53n) throw new Error('constant too large for this bench');
        consts.push(
          den === 1n ? new IA.Interval(Number(num), Number(num)) : IA.div(new IA.Interval(Number(num), Number(num)), new IA.Interval(Number(den), Number(den))),
        );
        v = `C[${consts.length - 1}]`;
        break;
      }
      case 'const':
        throw new Error(`constant ${e.name} is not used by this bench`);
      case 'var':
        v = `X${e.index}`;
        break;
      case 'add': {
        let acc = '';
        for (const t of e.terms) {
          if (!acc) acc = t.kind === 'neg' ? emit(`IA.negative(${gen(t.arg)})`) : gen(t);
          else acc = t.kind === 'neg' ? emit(`IA.sub(${acc}, ${gen(t.arg)})`) : emit(`IA.add(${acc}, ${gen(t)})`);
        }
        v = acc;
        break;
      }
      case 'mul': {
        let acc = gen(e.factors[0]!);
        for (const f of e.factors.slice(1)) acc = emit(`IA.mul(${acc}, ${gen(f)})`);
        v = acc;
        break;
      }
      case 'div':
        v = emit(`IA.div(${gen(e.num)}, ${gen(e.den)})`);
        break;
      case 'neg':
        v = emit(`IA.negative(${gen(e.arg)})`);
        break;
      case 'pow': {
        const x = e.exponent;
        if (x.kind !== 'num' || !x.value.isInteger()) throw new Error('only integer powers are used by this bench');
        v = emit(`IA.pow(${gen(e.base)}, ${Number(x.value.num)})`);
        break;
      }
      case 'call': {
        const fns: Partial<Record<string, string>> = { exp: 'exp', log: 'log', sqrt: 'sqrt', sin: 'sin', cos: 'cos', tanh: 'tanh', abs: 'abs' };
        const f = fns[e.fn];
        if (!f) throw new Error(`${e.fn} is not in interval-arithmetic`);
        v = emit(`IA.${f}(${e.args.map(gen).join(', ')})`);
        break;
      }
    }
    memo.set(key, v);
    return v;
  };
  const outs = exprs.map(gen);
  const head = Array.from({ length: d }, (_, j) => `const X${j} = new IA.Interval(lo[${j}], hi[${j}]);`).join('\n');
  const src = `return function evalIA(lo, hi) {\n${head}\n${lines.join('\n')}\nreturn [${outs.join(', ')}];\n};`;
  return new Function('IA', 'C', src)(IA, consts);
}

/** Python source: `f(lo, hi)` with mpmath `iv` (53-bit precision), CSE by structural key. */
function pythonSource(exprs: readonly Expr[], d: number): string {
  const lines: string[] = [];
  const consts: string[] = [];
  const memo = new Map<string, string>();
  let n = 0;
  const emit = (code: string) => {
    const t = `t${n++}`;
    lines.push(`    ${t} = ${code}`);
    return t;
  };
  const gen = (e: Expr): string => {
    const key = structuralKey(e);
    const hit = memo.get(key);
    if (hit) return hit;
    let v: string;
    switch (e.kind) {
      case 'num': {
        const { num, den } = e.value;
        consts.push(den === 1n ? `iv.mpf(${num})` : `iv.mpf(${num}) / iv.mpf(${den})`);
        v = `C${consts.length - 1}`;
        break;
      }
      case 'const':
        throw new Error(`constant ${e.name} is not used by this bench`);
      case 'var':
        v = `x${e.index}`;
        break;
      case 'add': {
        let acc = '';
        for (const t of e.terms) {
          if (!acc) acc = t.kind === 'neg' ? emit(`-${gen(t.arg)}`) : gen(t);
          else acc = t.kind === 'neg' ? emit(`${acc} - ${gen(t.arg)}`) : emit(`${acc} + ${gen(t)}`);
        }
        v = acc;
        break;
      }
      case 'mul': {
        let acc = gen(e.factors[0]!);
        for (const f of e.factors.slice(1)) acc = emit(`${acc} * ${gen(f)}`);
        v = acc;
        break;
      }
      case 'div':
        v = emit(`${gen(e.num)} / ${gen(e.den)}`);
        break;
      case 'neg':
        v = emit(`-${gen(e.arg)}`);
        break;
      case 'pow': {
        const x = e.exponent;
        if (x.kind !== 'num' || !x.value.isInteger()) throw new Error('only integer powers are used by this bench');
        v = emit(`${gen(e.base)} ** ${Number(x.value.num)}`);
        break;
      }
      case 'call':
        v = emit(`iv.${e.fn}(${e.args.map(gen).join(', ')})`);
        break;
    }
    memo.set(key, v);
    return v;
  };
  const outs = exprs.map(gen);
  const head = Array.from({ length: d }, (_, j) => `    x${j} = iv.mpf([lo[${j}], hi[${j}]])`).join('\n');
  return [
    'import json, sys, time',
    'import mpmath',
    'from mpmath import iv',
    'iv.prec = 53',
    ...consts.map((c, k) => `C${k} = ${c}`),
    'def f(lo, hi):',
    head,
    ...lines,
    `    return (${outs.join(', ')},)`,
    'boxes = json.load(open(sys.argv[1]))',
    'los, his = boxes["lo"], boxes["hi"]',
    'nb = len(los)',
    'enc = [[[float(r.a), float(r.b)] for r in f(los[k], his[k])] for k in range(nb)]',
    'i = 0',
    't0 = time.process_time()',
    'while time.process_time() - t0 < 0.3:',
    '    f(los[i % nb], his[i % nb]); i += 1',
    'rates = []',
    'for r in range(5):',
    '    i = 0',
    '    t0 = time.process_time()',
    '    while True:',
    '        for _ in range(16):',
    '            f(los[i % nb], his[i % nb]); i += 1',
    '        t = time.process_time() - t0',
    '        if t >= 0.4: break',
    '    rates.append(i / t)',
    'rates.sort()',
    'print(json.dumps({"rate": rates[len(rates) // 2], "enc": enc, "mpmath": mpmath.__version__, "python": sys.version.split()[0]}))',
    '',
  ].join('\n');
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Calls per second of each function per round (rounds interleave the functions; CPU time). */
function interleaved(fns: ((i: number) => void)[], rounds = 15, roundMs = 80, warmMs = 1500): number[][] {
  let k = 0;
  const batch = fns.map((fn) => {
    const w0 = performance.now();
    while (performance.now() - w0 < warmMs) for (let i = 0; i < 64; i++) fn(k++);
    const t0 = performance.now();
    for (let i = 0; i < 256; i++) fn(k++);
    return Math.max(8, Math.round(256 / Math.max(performance.now() - t0, 1e-3)));
  });
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, j) => {
      const B = batch[j]!;
      let n = 0;
      const t0 = cpuMs();
      let t = t0;
      while (t - t0 < roundMs) {
        for (let i = 0; i < B; i++) fn(n + i);
        n += B;
        t = cpuMs();
      }
      rates[j]!.push((n / (t - t0)) * 1000);
    });
  }
  return rates;
}

/** Width ratio and intersection test of two enclosures. */
const disjoint = (a: readonly [number, number], b: readonly [number, number]) => !(a[0] <= b[1] && b[0] <= a[1]);

export function benchThroughput(problemFile: string, scratch: string, log: (s: string) => void): ThroughputResult {
  const p = loadProblemFile(problemFile);
  const d = p.variables.length;
  const sys = buildResiduals(p, claimFromFlags({ condition: 'alpha-beta', alpha: '2.5', beta: '2' }), projectionModel(p));
  if (sys.slots.length > 0) throw new Error('the Remark-1 residual should have no slots');
  const exprs = sys.cases[0]!.residuals;
  const nb = 64;
  const centres = Array.from({ length: nb }, (_, k) => Array.from({ length: d }, (_, j) => 0.5 + 1.45 * Math.sin(k * 7 + j * 3 + 1)));
  const los = centres.map((c) => c.map((v) => v - 0.01));
  const his = centres.map((c) => c.map((v) => v + 0.01));

  const ours = compileInterval(exprs);
  const tight = compileInterval(exprs, { rounding: 'tight' });
  const ia = compileIA(exprs, d);
  const m = exprs.length;
  const ol = new Float64Array(m);
  const oh = new Float64Array(m);

  // Enclosures at every box, for the cross-check.
  const encOurs = los.map((lo, k) => {
    ours.eval(lo, his[k]!, ol, oh);
    return Array.from({ length: m }, (_, j): [number, number] => [ol[j]!, oh[j]!]);
  });
  const encIA = los.map((lo, k) => ia(lo, his[k]!).map((r): [number, number] => [r.lo, r.hi]));

  log(`  timing lscert ('widen' and 'tight') and interval-arithmetic on the Remark-1 d = ${d} α-β residuals (${m} outputs, ${nb} boxes)…`);
  let sink = 0;
  const [rOurs, rTight, rIA] = interleaved([
    (i) => ours.eval(los[i & 63]!, his[i & 63]!, ol, oh),
    (i) => tight.eval(los[i & 63]!, his[i & 63]!, ol, oh),
    (i) => {
      sink += ia(los[i & 63]!, his[i & 63]!)[0]!.lo;
    },
  ]) as [number[], number[], number[]];
  if (sink === 42) log('');

  log('  timing mpmath iv (python3)…');
  const boxesFile = join(scratch, 'throughput-boxes.json');
  const pyFile = join(scratch, 'throughput-mpmath.py');
  writeFileSync(boxesFile, JSON.stringify({ lo: los, hi: his }));
  writeFileSync(pyFile, pythonSource(exprs, d));
  const py = spawnSync('python3', [pyFile, boxesFile], { encoding: 'utf8', timeout: 120_000 });
  let mp: { rate: number; enc: [number, number][][]; mpmath: string; python: string } | null = null;
  let mpmathError: string | null = null;
  if (py.status === 0) mp = JSON.parse(py.stdout);
  else mpmathError = (py.stderr || py.error?.message || `exit ${py.status}`).trim().split('\n').slice(-1)[0] ?? 'failed';

  let bad = 0;
  const wIA: number[] = [];
  const wMp: number[] = [];
  const width = (e: readonly [number, number]) => e[1] - e[0];
  for (let k = 0; k < nb; k++) {
    for (let j = 0; j < m; j++) {
      const a = encOurs[k]![j]!;
      const b2 = encIA[k]![j]!;
      if (disjoint(a, b2)) bad++;
      if (width(b2) > 0) wIA.push(width(a) / width(b2));
      const c = mp?.enc[k]?.[j];
      if (c) {
        if (disjoint(a, c)) bad++;
        if (width(c) > 0) wMp.push(width(a) / width(c));
      }
    }
  }
  const iaVersion = (() => {
    try {
      const pkg = new URL('../../node_modules/interval-arithmetic/package.json', import.meta.url);
      return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  })();
  const ratio = (p2: number[], q: number[]) => median(p2.map((x, r) => x / q[r]!));
  return {
    residual: `Remark-1 d = ${d}, α-β (α = 2.5, β = 2), both terms`,
    d,
    outputs: m,
    boxes: nb,
    lscert: median(rOurs),
    lscertTight: median(rTight),
    intervalArithmetic: median(rIA),
    mpmath: mp ? mp.rate : null,
    mpmathError,
    ratioVsIntervalArithmetic: ratio(rOurs, rIA),
    ratioVsMpmath: mp ? median(rOurs) / mp.rate : null,
    widthRatioVsIntervalArithmetic: median(wIA),
    widthRatioVsMpmath: wMp.length ? median(wMp) : null,
    disjoint: bad,
    versions: { intervalArithmetic: iaVersion, mpmath: mp?.mpmath ?? null, python: mp?.python ?? null },
    method:
      'same expression trees (CSE by structural key, constants enclosed at compile time), same 64 boxes of width 0.02; JavaScript: medians of 15 interleaved rounds of 80 ms process CPU time after 1.5 s warm-up each; mpmath: median of 5 rounds of 0.4 s process CPU time in python3',
  };
}
