/**
 * Runs fn repeatedly and returns calls per second. Warm-up is time-based (`warmMs`): V8
 * compiles a large generated evaluator concurrently in the background, and can take half a
 * second to do so; timing before that would measure the interpreter, not the code.
 */
export function rate(fn: (i: number) => void, ms = 600, warmMs = 1500): number {
  const w0 = performance.now();
  let k = 0;
  while (performance.now() - w0 < warmMs) {
    for (let i = 0; i < 256; i++) fn(k++);
  }
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 256; i++) fn(n + i);
    n += 256;
    t = performance.now();
  }
  return (n / (t - t0)) * 1000;
}

export const fmtRate = (r: number) => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`);
