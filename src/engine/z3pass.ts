import type { Rational } from '../exact/rational.js';
import type { Box } from './box.js';
import type { Prepared } from './prepared.js';
import type { CaseProof, Counterexample, SearchNode } from './types.js';
import { verifyWitness } from './witness.js';
import { ambientDeadline } from './budget.js';
import { decideBox, nonRationalPart, z3Context } from '../smt/index.js';

/** What a pass did: `open` regions were left by the intervals, `tried` handed to Z3, `closed` proved; `stopped` says why it ended before trying them all. */
export interface Z3PassResult {
  readonly open: number;
  readonly tried: number;
  readonly closed: number;
  readonly stopped: 'max-boxes' | 'time' | null;
  readonly counterexample?: Counterexample;
}

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
 * Second pass over the open regions of a search (`nodes`: the tree's open leaves, openLeaves,
 * or the search's openNodes when it kept no tree): a region the intervals could not
 * settle (narrow boxes around a touching zero, or boxes the budget left) is handed to Z3
 * as an exact query when its residuals are polynomial or rational. An 'unsat' answer for
 * every candidate case turns the region into a leaf marked 'z3' (verify-cert asks Z3 again);
 * 'sat' and 'unknown' leave it open (a 'sat' point is only a candidate: the interval search
 * already tried the region's points). Regions meeting a kink or an undefined point are skipped.
 */
export async function z3Pass(prep: Prepared, nodes: readonly SearchNode[], opts: Z3PassOptions): Promise<Z3PassResult> {
  const started = Date.now();
  // The pass's own limit within the ambient deadline (src/engine/budget.ts); each query gets at
  // most what is left, and Z3's start-up (about 1 s) is not awaited past it.
  const stopAt = Math.min(started + opts.timeLimitMs, ambientDeadline());
  let z3Started = false;
  const open = nodes.filter((n) => !n.leaf);
  open.sort((a, b) => (a.open?.lower ?? -Infinity) - (b.open?.lower ?? -Infinity)).reverse(); // nearly proved first
  let tried = 0;
  let closed = 0;
  let stopped: Z3PassResult['stopped'] = null;
  const done = (counterexample?: Counterexample): Z3PassResult => ({ open: open.length, tried, closed, stopped, ...(counterexample && { counterexample }) });
  for (const node of open) {
    if (tried >= opts.maxBoxes) {
      stopped = 'max-boxes';
      break;
    }
    if (stopAt - Date.now() < MIN_QUERY_MS) {
      stopped = 'time';
      break;
    }
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
      const forms = prep.system.cases[c]!.forms;
      // Z3 is started only for a query it can read (decideBox refuses the others before loading it).
      if (!z3Started && forms.every((f) => f.some((e) => nonRationalPart(e) === undefined))) {
        if (!(await ready(stopAt))) {
          stopped = 'time';
          return done();
        }
        z3Started = true;
      }
      const left = stopAt - Date.now();
      if (left < MIN_QUERY_MS) {
        stopped = 'time';
        ok = false;
        break;
      }
      const r = await decideBox(forms, prep.system.dim, box as Box, prep.system.slots, {
        timeoutMs: Math.min(opts.queryTimeoutMs, left),
        ...(prep.cells && opts.cellPoints && { cell: { points: opts.cellPoints, index: c } }),
      });
      if (r.result === 'sat') {
        // Only a candidate: confirmed (or not) by the rigorous check at the point.
        const w = verifyWitness(prep, r.point);
        if (w) return done(w);
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
  return done();
}

/** The open leaves of a search tree, left to right. */
export function openLeaves(root: SearchNode): SearchNode[] {
  const open: SearchNode[] = [];
  const walk = (n: SearchNode) => {
    if (n.children) n.children.forEach(walk);
    else if (!n.leaf) open.push(n);
  };
  walk(root);
  return open;
}

/** A query with less time than this left is not started. */
const MIN_QUERY_MS = 50;

/** Whether Z3 starts (or has started) before `stopAt`; a start still under way is left to finish in the background. */
async function ready(stopAt: number): Promise<boolean> {
  const left = stopAt - Date.now();
  if (!(left >= MIN_QUERY_MS)) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((res) => {
    timer = setTimeout(() => res(false), left);
    timer.unref();
  });
  try {
    return await Promise.race([
      z3Context().then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the whole-claim query found: the proofs of the one leaf when every case is unsat, or a confirmed counterexample. */
export interface WholeQueryResult {
  readonly pass: Z3PassResult;
  /** The leaf covering the whole domain (one proof per case, `how: 'z3'` or `'not-nearest'`), when Z3 proved the claim. */
  readonly leaf: CaseProof[] | null;
}

/**
 * The whole claim as one exact query per case on the whole domain (issue [9] §3): a z3Pass
 * over a tree of one open node, the domain. Every case `unsat` proves the claim (a proof tree of
 * one leaf, which verify-cert asks Z3 again like any Z3 leaf); a `sat` point is only a candidate,
 * confirmed (or not) by verifyWitness inside the pass. Used after the search (the sequential
 * path of checkWithZ3Detailed) and by the worker that races the search (src/engine/z3worker.ts),
 * so that both ask exactly the same query.
 */
export async function wholeClaimQuery(prep: Prepared, cellPoints: Rational[][] | null, timeMs: number): Promise<WholeQueryResult> {
  const whole: SearchNode = { box: prep.domain };
  const pass = await z3Pass(prep, [whole], { maxBoxes: 1, timeLimitMs: timeMs, queryTimeoutMs: timeMs, cellPoints });
  return { pass, leaf: pass.closed === 1 && whole.leaf ? whole.leaf : null };
}
