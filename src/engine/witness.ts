import { midpoint, type Box } from './box.js';
import { ambientDeadline } from './budget.js';
import { patternSearch } from './patternSearch.js';
import type { Prepared } from './prepared.js';
import type { Counterexample } from './types.js';

/**
 * Rigorous check of a candidate counterexample x (a double vector): x lies in the exact
 * domain, no kink passes through x and every term and gradient is finite there, and for
 * EVERY point that may be nearest to x (ties included) some residual has an upper bound
 * < 0 at x. Returns the counterexample, or null when x does not provably violate the claim.
 */
export function verifyWitness(prep: Prepared, x: readonly number[]): Counterexample | null {
  const inner = prep.innerDomain;
  if (!x.every((v, j) => inner.lo[j]! <= v && v <= inner.hi[j]!)) return null;
  const pt: Box = { lo: x, hi: x };
  if (prep.health(pt) !== 'ok') return null;
  // S given by equations: the nearest points of x enclosed (all of them: ties included), or no proof.
  if (!prep.bindPoint(x)) return null;
  const fails: { projection: number[] | null; term: number | null; residual: [number, number] }[] = [];
  // S given by equations: every cluster of nearest points must fail (ties far apart, e.g. ±p).
  const groups: (Box | null)[] = prep.implicitSet ? (prep.clusters ?? []) : [null];
  if (groups.length === 0) return null;
  for (const P of groups) {
    if (P) prep.bindSlots(P);
    for (const { c, box } of prep.casesOn(pt)) {
      if (!box) continue;
      const pc = prep.cases[c]!;
      const { lo, hi } = pc.bounder.atPoint(x);
      let k = -1;
      for (let i = 0; i < hi.length; i++) if (hi[i]! < 0 && (k < 0 || hi[i]! < hi[k]!)) k = i;
      if (k < 0) return null; // this nearest point works at x: no counterexample
      fails.push({ projection: projectionAt(prep, c, x, P), term: prep.system.termOf[k] ?? null, residual: [lo[k]!, hi[k]!] });
    }
  }
  if (fails.length === 0) return null;
  const [first, ...rest] = fails;
  return {
    x: [...x],
    term: first!.term,
    projection: first!.projection,
    residual: first!.residual,
    ...(rest.length && { alsoFails: rest.map((r) => ({ ...r, projection: r.projection ?? [] })) }),
  };
}

function projectionAt(prep: Prepared, c: number, x: readonly number[], P: Box | null): number[] | null {
  const sys = prep.system;
  if (prep.implicitSet) return P ? P.lo.map((l, j) => l + (P.hi[j]! - l) / 2) : null;
  // PL does not use x_p; the nearest point of S is reported all the same (informational).
  if (sys.claim.condition === 'pl') return prep.nearestOfS(x);
  const pc = prep.cases[c]!;
  if (prep.pointBoxes && pc.point !== null) return prep.pointBoxes[c]!.map((v) => v.lo + (v.hi - v.lo) / 2);
  const out = new Float64Array(pc.xpFloat.outputs);
  pc.xpFloat.eval(x, out);
  return [...out];
}

/**
 * Float score of x: the smallest residual of the (float-)nearest case; < 0 looks like a
 * counterexample. Without Voronoi cells a system has exactly one case.
 */
function score(prep: Prepared, x: readonly number[], buf: Float64Array[]): number {
  let c = 0;
  if (prep.cells && prep.pointBoxes) {
    let best = Infinity;
    prep.pointBoxes.forEach((p, k) => {
      const d = p.reduce((s, v, j) => s + (x[j]! - (v.lo + v.hi) / 2) ** 2, 0);
      if (d < best) {
        best = d;
        c = k;
      }
    });
  }
  const out = buf[c]!;
  prep.bindFloat(x);
  prep.cases[c]!.bounder.floatAt(x, 'lo', out);
  let m = Infinity;
  for (const v of out) m = Math.min(m, Number.isNaN(v) ? Infinity : v);
  return m;
}

/**
 * Looks for a counterexample: `extra` points plus `samples` random points of the domain
 * (corners first), each improved by a short pattern search on the float residual, then
 * checked rigorously. Float arithmetic only proposes; `verifyWitness` decides.
 */
export function findCandidates(prep: Prepared, random: () => number, samples: number, extra: readonly number[][] = []): Counterexample | null {
  const dom = prep.domain;
  const d = dom.lo.length;
  const buf = prep.cases.map((c) => new Float64Array(c.bounder.obligations));
  const pts: number[][] = [...extra];
  if (samples > 0) {
    pts.push(midpoint(dom));
    for (let k = 0; k < Math.min(2 ** d, 64); k++) pts.push(dom.lo.map((l, j) => ((k >> j) & 1 ? dom.hi[j]! : l)));
    for (let k = 0; k < samples; k++) pts.push(dom.lo.map((l, j) => l + random() * (dom.hi[j]! - l)));
  }
  const scored = pts.map((x) => ({ x, s: score(prep, x, buf) })).filter((p) => Number.isFinite(p.s));
  scored.sort((a, b) => a.s - b.s);
  // The descents cost up to 200 evaluations each: stop at the caller's deadline (--time-limit).
  const deadline = ambientDeadline();
  for (const { x, s } of scored.slice(0, 12)) {
    if (Date.now() > deadline) break;
    if (s < 0) {
      const w = verifyWitness(prep, x);
      if (w) return w;
    }
    const y = descend(prep, x, buf);
    if (score(prep, y, buf) < 0) {
      const w = verifyWitness(prep, y);
      if (w) return w;
    }
  }
  return null;
}

/** Pattern search on the float score inside the domain (no derivatives needed). */
function descend(prep: Prepared, x0: readonly number[], buf: Float64Array[]): number[] {
  return patternSearch((y) => score(prep, y, buf), x0, prep.domain, 200);
}
