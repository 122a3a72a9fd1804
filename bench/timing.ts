/** Runs fn repeatedly for about `ms` milliseconds and returns calls per second. */
export function rate(fn: (i: number) => void, ms = 400): number {
  for (let i = 0; i < 1000; i++) fn(i); // warm-up (JIT)
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 1000; i++) fn(n + i);
    n += 1000;
    t = performance.now();
  }
  return (n / (t - t0)) * 1000;
}

export const fmtRate = (r: number) => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`);
