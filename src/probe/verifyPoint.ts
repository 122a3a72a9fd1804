import type { Counterexample } from '../engine/index.js';
import { verifyWitness } from './engineKit.js';
import type { ProbeSetup } from './target.js';

/**
 * Rigorous test of one point: the counterexample when x provably violates the claim, else
 * null. For QCvx with several candidate points x* the claim fails at x only if x fails for
 * every one of them (their failures are listed in `alsoFails`, with x* as the projection),
 * and never when S is infinite (only one x* is tried). Same test as `check` and `probe`.
 */
export function verifyAt(setup: ProbeSetup, x: readonly number[]): Counterexample | null {
  if (setup.unavailable || setup.targets.length === 0 || !setup.targetsCoverS) return null;
  const ws: Counterexample[] = [];
  for (const t of setup.targets) {
    const w = verifyWitness(t.prep, x);
    if (!w) return null;
    ws.push(w);
  }
  const [first, ...rest] = ws;
  if (!rest.length) return first!;
  return { ...first!, alsoFails: [...(first!.alsoFails ?? []), ...rest.map((w) => ({ projection: w.projection ?? [], term: w.term, residual: w.residual }))] };
}

/**
 * The rigorous enclosure, at x, of the residual that comes closest to failing (smallest upper
 * bound) for each target (x* for QCvx): what a failure message shows when x is NOT a
 * counterexample. Null entries where x is outside the domain or the terms are undefined there.
 */
export function residualAt(setup: ProbeSetup, x: readonly number[]): ({ term: number | null; residual: [number, number] } | null)[] {
  return setup.targets.map((t) => {
    const inner = t.prep.innerDomain;
    if (!x.every((v, j) => inner.lo[j]! <= v && v <= inner.hi[j]!)) return null;
    let best: { term: number | null; residual: [number, number] } | null = null;
    for (const { c, box } of t.prep.casesOn({ lo: x, hi: x })) {
      if (!box) continue;
      const { lo, hi } = t.prep.cases[c]!.bounder.atPoint(x);
      for (let k = 0; k < hi.length; k++) if (!best || hi[k]! < best.residual[1]) best = { term: t.prep.system.termOf[k] ?? null, residual: [lo[k]!, hi[k]!] };
    }
    return best;
  });
}
