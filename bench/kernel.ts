/**
 * Interval kernel micro-benchmark: ns per call of the hot kernel operations, before (the
 * previous implementations, kept as test oracles in test/interval/reference-kernel.ts)
 * and after (src/interval), measured in the same process, interleaved, after a warm-up.
 * A float column gives the plain double operation in the same loop, for scale.
 *
 * Each measured loop is generated with `new Function` from a unique source, so every
 * call site is monomorphic (as in the compiled evaluators) and can be inlined. Inputs:
 * 1024 boxes of width 0.02 around points in [−2, 2] (mostly single-signed, some
 * straddling 0, like a branch and bound near the end), divisors bounded away from 0.
 *
 * Three tables: one call site per loop (V8 inlines the kernel function), 16 call sites
 * per iteration as in a compiled evaluator (V8's cumulative inlining budget of about 920
 * bytecodes per optimized function is spent after the first few calls; the others are
 * real calls, whose double arguments and results are boxed), and the same with V8's
 * inlining budgets raised for that table only (then restored to V8's defaults). Times
 * are process CPU time (robust to other load), the least of interleaved trials.
 *
 * Not wired into bench/index.ts; call `benchKernel()`.
 */
import v8 from 'node:v8';
import * as K from '../src/interval/kernel.js';
import * as Old from '../test/interval/reference-kernel.js';

const SIZE = 1024;
const CALLS = 2_000_000;
const TRIALS = 7;
const BLOCK = 16;
/** Inlining budget for the third table (V8's defaults: 920 cumulative, 4600 absolute). */
const RAISED = 50_000;

type Loop = (n: number) => number;

let uid = 0;

/**
 * A fresh monomorphic loop `for i < n: f(args(k)); s += OUT[0] + OUT[1]`. The source is
 * made unique: V8 caches `new Function` by source, and loops sharing one compiled
 * function would share call feedback (a polymorphic, non-inlined call).
 */
function makeLoop(f: unknown, call: string, data: Float64Array[]): Loop {
  const src =
    `/* ${uid++} */ return function loop(n) { let s = 0; for (let i = 0; i < n; i++) { const k = i & ${SIZE - 1}; ` +
    `${call}; s += OUT[0] + OUT[1]; } return s; }`;
  return new Function('f', 'OUT', 'A', 'B', 'C', 'D', src)(f, K.OUT, ...data) as Loop;
}

/**
 * Like makeLoop, but each iteration makes BLOCK calls from BLOCK call sites, as a compiled
 * evaluator does: V8's inlining budget (about 920 bytecodes per optimized function) is
 * spent after the first few, so most calls are real calls (arguments boxed). `n` counts
 * calls.
 */
function makeBlockLoop(f: unknown, call: string, data: Float64Array[]): Loop {
  const body = Array.from({ length: BLOCK }, (_, j) => `{ const k = (i + ${j * 37}) & ${SIZE - 1}; ${call}; s += OUT[0] + OUT[1]; }`);
  const src = `/* ${uid++} */ return function loop(n) { let s = 0; for (let i = 0; i < n; i += ${BLOCK}) { ${body.join(' ')} } return s; }`;
  return new Function('f', 'OUT', 'A', 'B', 'C', 'D', src)(f, K.OUT, ...data) as Loop;
}

/** A fresh float loop `for i < n: s += expr(k)`. */
function makeFloatLoop(expr: string, data: Float64Array[]): Loop {
  const src = `/* ${uid++} */ return function loop(n) { let s = 0; for (let i = 0; i < n; i++) { const k = i & ${SIZE - 1}; s += ${expr}; } return s; }`;
  return new Function('A', 'B', 'C', 'D', src)(...data) as Loop;
}

function boxes(seed: number, awayFromZero: boolean): [Float64Array, Float64Array] {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const lo = new Float64Array(SIZE);
  const hi = new Float64Array(SIZE);
  for (let i = 0; i < SIZE; i++) {
    let c = (rnd() * 2 - 1) * 2;
    if (awayFromZero) c = (c < 0 ? -0.5 : 0.5) + c * 0.75;
    lo[i] = c - 0.01;
    hi[i] = c + 0.01;
  }
  return [lo, hi];
}

let sink = 0;

/** CPU time of this process (user + system) per call, in ns: robust to other load on the machine. */
function nsPerCall(loop: Loop): number {
  const t0 = process.cpuUsage();
  sink += loop(CALLS);
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) * 1e3) / CALLS;
}

/** The least of the trials: the one least disturbed by other processes (CPU time still is, a little). */
const least = (xs: number[]) => Math.min(...xs);

interface Case {
  name: string;
  call: string;
  float: string;
  data: Float64Array[];
  before: unknown;
  after: unknown;
}

function report(title: string, cases: Case[], make: (f: unknown, call: string, data: Float64Array[]) => Loop): void {
  const loops = cases.map((c) => [makeFloatLoop(c.float, c.data), make(c.before, c.call, c.data), make(c.after, c.call, c.data)] as const);
  // warm-up: every loop optimized before timing
  for (let w = 0; w < 3; w++) for (const ls of loops) for (const l of ls) sink += l(200_000);
  console.log(title);
  console.log('    op          float   before    after   before/after   after/float');
  cases.forEach((c, i) => {
    const [fl, before, after] = loops[i]!;
    const tf: number[] = [];
    const tb: number[] = [];
    const ta: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      tf.push(nsPerCall(fl));
      tb.push(nsPerCall(before));
      ta.push(nsPerCall(after));
    }
    const [f, b, a] = [least(tf), least(tb), least(ta)];
    console.log(
      `    ${c.name.padEnd(10)} ${f.toFixed(2).padStart(6)}  ${b.toFixed(2).padStart(7)}  ${a.toFixed(2).padStart(7)}` +
        `   ${(b / a).toFixed(2).padStart(8)}×     ${(a / f).toFixed(1).padStart(6)}×`,
    );
  });
}

export function benchKernel(): void {
  const [A, B] = boxes(7, false);
  const [C, D] = boxes(11, false);
  const [E, F] = boxes(13, true);
  const ab = [A, B, C, D];
  const dv = [A, B, E, F];
  const bin = 'f(A[k], B[k], C[k], D[k])';
  const cases: Case[] = [
    { name: 'add', call: bin, float: 'A[k] + C[k]', data: ab, before: Old.add, after: K.add },
    { name: 'mul', call: bin, float: 'A[k] * C[k]', data: ab, before: Old.mul, after: K.mul },
    { name: 'sqr', call: 'f(A[k], B[k])', float: 'A[k] * A[k]', data: ab, before: Old.sqr, after: K.sqr },
    { name: 'powInt(3)', call: 'f(A[k], B[k], 3)', float: 'A[k] * A[k] * A[k]', data: ab, before: Old.powInt, after: K.powInt },
    { name: 'div', call: bin, float: 'A[k] / C[k]', data: dv, before: Old.div, after: K.div },
    { name: 'exp', call: 'f(A[k], B[k])', float: 'Math.exp(A[k])', data: ab, before: Old.exp, after: K.exp },
  ];
  console.log(
    `Interval kernel, ns per call (process CPU time; least of ${TRIALS} interleaved trials of ` +
      `${CALLS.toLocaleString('en')} calls; before = previous kernel, after = current; same process):`,
  );
  report('  one call site per loop iteration (inlined by V8):', cases, makeLoop);
  report(`  ${BLOCK} call sites per iteration, as in a compiled evaluator (mostly not inlined):`, cases, makeBlockLoop);
  // The same with V8's inlining budgets raised (fresh loops, so they are optimized under
  // the new flags), then restored to V8's defaults.
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${RAISED}`);
  v8.setFlagsFromString(`--max-inlined-bytecode-size-absolute=${RAISED}`);
  try {
    report(
      `  ${BLOCK} call sites per iteration, V8 inlining budgets raised to ${RAISED} (--max-inlined-bytecode-size-cumulative / -absolute):`,
      cases,
      makeBlockLoop,
    );
  } finally {
    v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=920');
    v8.setFlagsFromString('--max-inlined-bytecode-size-absolute=4600');
  }
  if (sink === 42) console.log(''); // keep the results alive
}
