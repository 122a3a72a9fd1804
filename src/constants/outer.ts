import { ambientDeadline, rng, type Box } from '../engine/constantsKit.js';
import { kernel } from '../interval/index.js';
import type { Family } from './family.js';
import type { TRange } from './leafInterval.js';
import { patternSearch } from '../engine/constantsKit.js';

/** The outer (necessary) range of a family, from verified points. */
export interface OuterRange {
  /** Every t < lo is refuted at `loWitness`, every t > hi at `hiWitness` (rigorous ends); empty: every t is refuted at `allWitness`. */
  readonly range: TRange;
  readonly allWitness?: number[];
  readonly loWitness?: number[];
  readonly hiWitness?: number[];
  /** Points evaluated rigorously. */
  readonly points: number;
  /** Float estimates of the extreme quotient, for zero detection (not rigorous). */
  readonly estimate: TRange;
  /** The median quotient over the samples (a scale for "is the best constant 0?"). */
  readonly median: number;
}

const up = (t0: number, r: number, g: number) => {
  kernel.div(r, r, g, g);
  const q = kernel.OUT[1]!;
  kernel.add(t0, t0, q, q);
  return kernel.OUT[1]!;
};
const down = (t0: number, r: number, g: number) => {
  kernel.div(r, r, g, g);
  const q = kernel.OUT[0]!;
  kernel.add(t0, t0, q, q);
  return kernel.OUT[0]!;
};

/**
 * The rigorous necessary range at one point: with R0 ≤ r0Hi and G ∈ [gLo, gHi] at x, the
 * upper bound of R(x; t) = R0 − (t − t0)·G is negative for every t above `hi` (gLo > 0) or
 * below `lo` (gHi < 0). Ends are rounded outward, so every t outside [lo, hi] is refuted by x.
 */
export function pointRange(t0: number, r0Hi: number, gLo: number, gHi: number): TRange {
  if (!(r0Hi === r0Hi && gLo === gLo && gHi === gHi)) return { lo: -Infinity, hi: Infinity };
  const hi = gLo > 0 ? up(t0, r0Hi, r0Hi >= 0 ? gLo : gHi) : Infinity;
  const lo = gHi < 0 ? down(t0, r0Hi, r0Hi >= 0 ? gHi : gLo) : -Infinity;
  if (gLo === 0 && gHi === 0 && r0Hi < 0) return { lo: Infinity, hi: -Infinity }; // fails for every t
  return { lo, hi };
}

/**
 * Samples the domain (seeded), improves the most constraining points by pattern search on the
 * float quotient t0 + R0/G (per obligation: an upper limit where G > 0, a lower one where
 * G < 0), then evaluates the best points rigorously. Floats only propose points; every end of
 * the returned range is a rigorous interval bound at a point that has one nearest point of S.
 */
export function outerRange(family: Family, domain: Box, opts: { samples: number; starts: number; seed: number }): OuterRange {
  const random = rng(opts.seed ^ 0x5eed);
  const d = domain.lo.length;
  const K = family.K;
  const buf = new Float64Array(2 * K);
  const t0 = family.t0;
  const quotient = (x: readonly number[], side: 'hi' | 'lo'): number => {
    family.floatAt(family.nearestCase(x), x, buf);
    let v = side === 'hi' ? Infinity : -Infinity;
    for (let k = 0; k < K; k++) {
      const r = buf[k]!;
      const g = buf[K + k]!;
      if (!Number.isFinite(r) || !Number.isFinite(g)) continue;
      if (side === 'hi' && g > 0) v = Math.min(v, t0 + r / g);
      if (side === 'lo' && g < 0) v = Math.max(v, t0 + r / g);
    }
    return Number.isNaN(v) ? (side === 'hi' ? Infinity : -Infinity) : v;
  };
  // Obligations that do not depend on t (G ≡ 0): a point where R0 < 0 refutes every t.
  const constant = (x: readonly number[]): number => {
    family.floatAt(family.nearestCase(x), x, buf);
    let v = Infinity;
    for (let k = 0; k < K; k++) if (buf[K + k] === 0 && Number.isFinite(buf[k]!)) v = Math.min(v, buf[k]!);
    return v;
  };
  const pts: number[][] = [domain.lo.map((l, j) => l + (domain.hi[j]! - l) / 2)];
  for (let k = 0; k < Math.min(2 ** d, 64); k++) pts.push(domain.lo.map((l, j) => ((k >> j) & 1 ? domain.hi[j]! : l)));
  for (let k = 0; k < opts.samples; k++) pts.push(domain.lo.map((l, j) => l + random() * (domain.hi[j]! - l)));
  // The command's deadline bounds every stage (floats only propose points, so stopping early
  // only widens the range; each end kept is still rigorous at its point). The centre and
  // corners come first, so a short budget still samples them.
  const deadline = ambientDeadline();
  const late = () => Date.now() >= deadline;
  const inTime: number[][] = [];
  const his: { x: number[]; v: number }[] = [];
  const los: { x: number[]; v: number }[] = [];
  for (const x of pts) {
    if (inTime.length > 0 && late()) break;
    inTime.push(x);
    his.push({ x, v: quotient(x, 'hi') });
    los.push({ x, v: quotient(x, 'lo') });
  }
  const finite = his
    .map((h) => h.v)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const median = finite.length ? finite[Math.floor(finite.length / 2)]! : NaN;
  const polished = (list: { x: number[]; v: number }[], side: 'hi' | 'lo') => {
    const sgn = side === 'hi' ? 1 : -1;
    const best = list
      .filter((p) => Number.isFinite(p.v))
      .sort((a, b) => sgn * (a.v - b.v))
      .slice(0, opts.starts);
    return [...best.map((p) => p.x), ...best.map((p) => (late() ? p.x : patternSearch((x) => sgn * quotient(x, side), p.x, domain)))];
  };
  const flat = inTime
    .map((x) => ({ x, v: late() ? Infinity : constant(x) }))
    .filter((p) => p.v < 0)
    .sort((a, b) => a.v - b.v)
    .slice(0, 2);
  for (const { x } of flat) {
    const y = patternSearch(constant, x, domain);
    for (const z of [x, y]) {
      const at = family.atPoint(z);
      if (at && [...at.r0Hi].some((r, k) => r < 0 && at.gLo[k] === 0 && at.gHi[k] === 0)) {
        return { range: { lo: Infinity, hi: -Infinity }, allWitness: z, points: 1, estimate: { lo: Infinity, hi: -Infinity }, median: NaN };
      }
    }
  }
  let range: TRange = { lo: -Infinity, hi: Infinity };
  let loWitness: number[] | undefined;
  let hiWitness: number[] | undefined;
  let points = 0;
  const est = { lo: -Infinity, hi: Infinity };
  for (const [side, cands] of [
    ['hi', polished(his, 'hi')],
    ['lo', polished(los, 'lo')],
  ] as const) {
    for (const x of cands) {
      if (late() && points > 0) break;
      const q = quotient(x, side);
      if (side === 'hi') est.hi = Math.min(est.hi, q);
      else est.lo = Math.max(est.lo, q);
      const at = family.atPoint(x);
      points++;
      if (!at) continue;
      for (let k = 0; k < K; k++) {
        const r = pointRange(t0, at.r0Hi[k]!, at.gLo[k]!, at.gHi[k]!);
        if (r.hi < range.hi) [range, hiWitness] = [{ lo: range.lo, hi: r.hi }, x];
        if (r.lo > range.lo) [range, loWitness] = [{ lo: r.lo, hi: range.hi }, x];
      }
    }
  }
  return { range, ...(loWitness && { loWitness }), ...(hiWitness && { hiWitness }), points, estimate: est, median };
}
