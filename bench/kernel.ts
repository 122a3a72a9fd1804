/**
 * Interval kernel micro-benchmark: ns per call of the hot kernel operations, before (the
 * previous implementations, kept as test oracles in test/interval/reference-kernel.ts)
 * and after (src/interval), measured in the same process, interleaved, after a warm-up.
 * A float column gives the plain double operation in the same loop, for scale.
 *
 * Each measured loop is generated with `new Function`, so every call site is monomorphic
 * (as in the compiled evaluators) and can be inlined. Inputs: 1024 boxes of width 0.02
 * around points in [−2, 2] (mostly single-signed, some straddling 0, like a branch and
 * bound near the end), divisors bounded away from 0.
 *
 * Not wired into bench/index.ts; call `benchKernel()`.
 */
import * as K from '../src/interval/kernel.js';
import * as Old from '../test/interval/reference-kernel.js';

const SIZE = 1024;
const CALLS = 2_000_000;
const TRIALS = 7;

type Loop = (n: number) => number;

/** A fresh monomorphic loop `for i < n: f(args(k)); s += OUT[0] + OUT[1]`. */
function makeLoop(f: unknown, call: string, data: Float64Array[]): Loop {
  const src =
    `return function loop(n) { let s = 0; for (let i = 0; i < n; i++) { const k = i & ${SIZE - 1}; ` +
    `${call}; s += OUT[0] + OUT[1]; } return s; }`;
  return new Function('f', 'OUT', 'A', 'B', 'C', 'D', src)(f, K.OUT, ...data) as Loop;
}

/** A fresh float loop `for i < n: s += expr(k)`. */
function makeFloatLoop(expr: string, data: Float64Array[]): Loop {
  const src = `return function loop(n) { let s = 0; for (let i = 0; i < n; i++) { const k = i & ${SIZE - 1}; s += ${expr}; } return s; }`;
  return new Function('A', 'B', 'C', 'D', src)(...data) as Loop;
}

function boxes(seed: number, awayFromZero: boolean): [Float64Array, Float64Array] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
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

function nsPerCall(loop: Loop): number {
  const t0 = performance.now();
  sink += loop(CALLS);
  return ((performance.now() - t0) * 1e6) / CALLS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function benchKernel(): void {
  const [A, B] = boxes(7, false);
  const [C, D] = boxes(11, false);
  const [E, F] = boxes(13, true);
  const ab = [A, B, C, D];
  const div = [A, B, E, F];
  const cases: [string, Loop, Loop, Loop][] = [
    ['add', makeFloatLoop('A[k] + C[k]', ab), makeLoop(Old.add, 'f(A[k], B[k], C[k], D[k])', ab), makeLoop(K.add, 'f(A[k], B[k], C[k], D[k])', ab)],
    ['mul', makeFloatLoop('A[k] * C[k]', ab), makeLoop(Old.mul, 'f(A[k], B[k], C[k], D[k])', ab), makeLoop(K.mul, 'f(A[k], B[k], C[k], D[k])', ab)],
    ['sqr', makeFloatLoop('A[k] * A[k]', ab), makeLoop(Old.sqr, 'f(A[k], B[k])', ab), makeLoop(K.sqr, 'f(A[k], B[k])', ab)],
    ['powInt(3)', makeFloatLoop('A[k] * A[k] * A[k]', ab), makeLoop(Old.powInt, 'f(A[k], B[k], 3)', ab), makeLoop(K.powInt, 'f(A[k], B[k], 3)', ab)],
    ['div', makeFloatLoop('A[k] / C[k]', div), makeLoop(Old.div, 'f(A[k], B[k], C[k], D[k])', div), makeLoop(K.div, 'f(A[k], B[k], C[k], D[k])', div)],
    ['exp', makeFloatLoop('Math.exp(A[k])', ab), makeLoop(Old.exp, 'f(A[k], B[k])', ab), makeLoop(K.exp, 'f(A[k], B[k])', ab)],
  ];
  // warm-up: every loop optimized before timing
  for (let w = 0; w < 3; w++) for (const [, fl, before, after] of cases) for (const l of [fl, before, after]) sink += l(200_000);
  console.log(`Interval kernel, ns per call (median of ${TRIALS} interleaved trials of ${CALLS.toLocaleString('en')} calls, same process):`);
  console.log('  op          float   before    after   before/after   after/float');
  for (const [name, fl, before, after] of cases) {
    const tf: number[] = [];
    const tb: number[] = [];
    const ta: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      tf.push(nsPerCall(fl));
      tb.push(nsPerCall(before));
      ta.push(nsPerCall(after));
    }
    const [f, b, a] = [median(tf), median(tb), median(ta)];
    console.log(
      `  ${name.padEnd(10)} ${f.toFixed(2).padStart(6)}  ${b.toFixed(2).padStart(7)}  ${a.toFixed(2).padStart(7)}` +
        `   ${(b / a).toFixed(2).padStart(8)}×     ${(a / f).toFixed(1).padStart(6)}×`,
    );
  }
  if (sink === 42) console.log(''); // keep the results alive
}
