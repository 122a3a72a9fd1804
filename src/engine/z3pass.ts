import { Rational } from '../exact/rational.js';
import type { Box } from './box.js';
import type { Prepared } from './search.js';
import type { CaseProof, Counterexample, SearchNode } from './types.js';
import { verifyWitness } from './witness.js';
import { decideBox } from './z3/index.js';

export interface Z3PassOptions {
  /** Most open boxes handed to Z3. */
  readonly maxBoxes: number;
  /** Time for the whole pass. */
  readonly timeLimitMs: number;
  /** Per query. */
  readonly queryTimeoutMs: number;
  /** Exact rational points of a finite S (for Voronoi cells), when the cases have cells. */
  readonly cellPoints: Rational[][] | null;
}

/**
 * Second pass over the open regions of a search tree: a region the intervals could not
 * settle (narrow boxes around a touching zero, or boxes the budget left) is handed to Z3
 * as an exact query when its residuals are polynomial or rational. An 'unsat' answer for
 * every candidate case turns the region into a leaf marked 'z3' (verify-cert asks Z3 again);
 * 'sat' and 'unknown' leave it open (a 'sat' point is only a candidate: the interval search
 * already tried the region's points). Regions meeting a kink or an undefined point are skipped.
 */
export async function z3Pass(prep: Prepared, root: SearchNode, opts: Z3PassOptions): Promise<{ tried: number; closed: number; counterexample?: Counterexample }> {
  const started = Date.now();
  const open: SearchNode[] = [];
  const walk = (n: SearchNode) => {
    if (n.children) n.children.forEach(walk);
    else if (!n.leaf) open.push(n);
  };
  walk(root);
  open.sort((a, b) => (a.open?.lower ?? -Infinity) - (b.open?.lower ?? -Infinity)).reverse(); // nearly proved first
  let tried = 0;
  let closed = 0;
  for (const node of open) {
    if (tried >= opts.maxBoxes || Date.now() - started > opts.timeLimitMs) break;
    if (prep.health(node.box) !== 'ok') continue;
    tried++;
    const proofs: CaseProof[] = [];
    let ok = true;
    for (const { c, box } of prep.casesOn(node.box)) {
      const pc = prep.cases[c]!;
      if (!box) {
        proofs.push({ point: pc.point, how: 'not-nearest' });
        continue;
      }
      if (prep.cells && !opts.cellPoints) {
        ok = false; // cells with irrational points cannot be written exactly
        break;
      }
      const r = await decideBox(prep.system.cases[c]!.forms, prep.system.dim, box as Box, prep.system.slots, {
        timeoutMs: opts.queryTimeoutMs,
        ...(prep.cells && opts.cellPoints && { cell: { points: opts.cellPoints, index: c } }),
      });
      if (r.result === 'sat') {
        // Only a candidate: confirmed (or not) by the rigorous check at the point.
        const w = verifyWitness(prep, r.point);
        if (w) return { tried, closed, counterexample: w };
      }
      if (r.result !== 'unsat') {
        ok = false;
        break;
      }
      proofs.push({ point: pc.point, how: 'z3' });
    }
    if (ok) {
      node.leaf = proofs;
      delete node.open;
      closed++;
    }
  }
  return { tried, closed };
}
