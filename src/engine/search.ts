import type { Interval } from '../interval/index.js';
import { midpoint, split, volume, width, type Box } from './box.js';
import { ambientDeadline, reportBoxes } from './budget.js';
import { MinHeap } from './heap.js';
import type { Prepared } from './prepared.js';
import { rng } from './rng.js';
import { DEFAULT_QUEUE_CAP, type CaseProof, type CertNode, type OpenRegion, type SearchNode, type SearchOptions, type SearchOutcome } from './types.js';
import { findCandidates } from './witness.js';

type Node = SearchNode;

export { rng } from './rng.js';

/**
 * Branch and bound over the domain. Each box is settled when, for every candidate nearest
 * point (case), every residual has a rigorous lower bound ≥ 0 on the box contracted to that
 * point's Voronoi cell, or the local-convexity argument applies. Boxes that cannot be
 * settled are split (on the side with the largest |∂R/∂x_j|·width_j) until the budget or the
 * minimum width is reached. Counterexamples are only reported after `verifyWitness`.
 */
export function runSearch(prep: Prepared, opts: SearchOptions, localClaim: ((m: number, M: number) => boolean) | null): SearchOutcome {
  const started = Date.now();
  // The search's own limit, within the ambient deadline of the command (src/engine/budget.ts).
  const stopAt = Math.min(started + opts.timeLimitMs, ambientDeadline());
  const domain = prep.domain;
  const root: Node = { box: domain };
  // The queue: best-first (most negative lower bound first) while it holds fewer than
  // `queueCap` boxes; once it is full, new boxes go on a stack that is worked depth-first
  // (its length is at most the depth of the tree), so the queue never exceeds
  // queueCap + depth. Which box is split next changes, never what a box proves.
  const heap = new MinHeap<Node>();
  const stack: { key: number; node: Node }[] = [];
  const queueCap = Math.max(1, opts.queueCap ?? DEFAULT_QUEUE_CAP);
  const stats = { queuePeak: 1, queueCap, depthFirstBoxes: 0 };
  const enqueue = (key: number, node: Node) => {
    if (heap.size < queueCap) heap.push(key, node);
    else stack.push({ key, node });
    const q = heap.size + stack.length;
    if (q > stats.queuePeak) stats.queuePeak = q;
  };
  heap.push(-Infinity, root);
  let boxes = 0;
  let proved = 0;
  const open: OpenRegion[] = [];
  const random = rng(opts.seed);
  const minW = domain.lo.map((l, j) => Math.max((domain.hi[j]! - l) * opts.minRelWidth, 1e-300));
  // Boxes that meet a kink or an undefined point can never be proved: stop splitting them early.
  const minWBad = domain.lo.map((l, j) => Math.max((domain.hi[j]! - l) * 2 ** -10, 1e-300));

  // A quick sampling pass first: a refutation found here saves the whole search.
  const early = findCandidates(prep, random, 256);
  if (early) return { kind: 'refuted', counterexample: early, boxes: 0, provedVolume: 0, stats };

  let lastProgress = 0;
  while (heap.size + stack.length > 0) {
    if (boxes >= opts.maxBoxes || Date.now() > stopAt) break;
    let node: Node;
    if (stack.length) {
      node = stack.pop()!.node;
      stats.depthFirstBoxes++;
    } else node = heap.pop()!;
    boxes++;
    const box = node.box;
    const health = prep.health(box);
    let worst = Infinity;
    let smear: Float64Array | null = null;
    const proofs: CaseProof[] = [];
    let settled = health === 'ok';
    let allNegative = health === 'ok';
    if (health === 'ok') {
      for (const { c, box: cb } of prep.casesOn(box)) {
        const pc = prep.cases[c]!;
        if (!cb) {
          proofs.push({ point: pc.point, how: 'not-nearest' });
          continue;
        }
        const b = pc.bounder.bound(cb);
        let ok = true;
        let caseNeg = false;
        for (let k = 0; k < b.lower.length; k++) {
          const l = b.lower[k]!;
          if (!(l >= 0)) ok = false;
          if (b.upper[k]! < 0) caseNeg = true;
          worst = Math.min(worst, Number.isNaN(l) ? -Infinity : l);
        }
        if (!caseNeg) allNegative = false;
        if (ok) {
          proofs.push({ point: pc.point, how: 'bounds', methods: b.method });
          continue;
        }
        // Local argument around a point p of S in or next to the box: f strongly convex on
        // H = hull(box ∪ p) (which holds every segment [x, p], x in the box) gives the local
        // constants on the box. Aiming/QCvx need x_p (x*) = p; PL needs any point of S.
        const near = pc.point !== null ? (prep.localPoints[pc.point] ? [pc.point] : []) : prep.localPoints.map((_, k) => k);
        if (localClaim && prep.local) {
          const k = near.find((q) => {
            const h = hullWith(box, prep.localPoints[q]!);
            return h !== null && prep.health(h) === 'ok';
          });
          const eb = k !== undefined ? prep.local.eigenBounds(hullWith(box, prep.localPoints[k]!)!) : undefined;
          if (eb && localClaim(eb.m, eb.M)) {
            // PL records which point of S it used (the checker rebuilds the hull from it).
            proofs.push({ point: pc.point ?? k!, how: 'local-convexity', m: eb.m, M: eb.M });
            continue;
          }
        }
        settled = false;
        if (!smear) smear = b.smear;
      }
    }
    if (settled) {
      node.leaf = proofs;
      proved += volume(box, domain);
      continue;
    }
    // Try the midpoint as a counterexample when some case is negative on the whole box,
    // and now and then anyway (cheap, and it finds refutations early).
    if (allNegative || boxes % 16 === 0) {
      const w = findCandidates(prep, random, 0, [midpoint(box)]);
      if (w) return { kind: 'refuted', counterexample: w, boxes, provedVolume: proved, root, stats };
    }
    // Set aside for an exact pass, split, or give up on this box.
    if (health === 'ok' && opts.deferRelWidth !== undefined && box.lo.every((l, i) => box.hi[i]! - l <= (domain.hi[i]! - domain.lo[i]!) * opts.deferRelWidth!)) {
      node.open = { box, why: 'deferred', lower: worst };
      open.push(node.open);
      continue;
    }
    let j = 0;
    let best = -1;
    for (let i = 0; i < box.lo.length; i++) {
      const score = smear && smear[i]! > 0 ? smear[i]! : width(box, i) / (domain.hi[i]! - domain.lo[i]! || 1);
      if (width(box, i) > (health === 'ok' ? minW : minWBad)[i]! && score > best) {
        best = score;
        j = i;
      }
    }
    if (best < 0) {
      node.open = { box, why: health === 'ok' ? 'min-width' : health, lower: worst };
      open.push(node.open);
      continue;
    }
    let at = box.lo[j]! + (box.hi[j]! - box.lo[j]!) / 2;
    // A computed S is known as small boxes: a split through one would leave no box containing it,
    // and the local-convexity argument needs a box that does. Cut at the enclosure's edge instead.
    if (localClaim && prep.local) {
      for (const pt of prep.localPoints) {
        const e = pt[j]!;
        if (e.lo < at && at < e.hi) at = e.hi < box.hi[j]! ? e.hi : e.lo > box.lo[j]! ? e.lo : at;
      }
    }
    if (!(at > box.lo[j]! && at < box.hi[j]!)) {
      node.open = { box, why: 'min-width', lower: worst };
      open.push(node.open);
      continue;
    }
    const [a, b2] = split(box, j, at);
    node.split = [j, at];
    node.children = [{ box: a }, { box: b2 }];
    enqueue(worst, node.children[0]);
    enqueue(worst, node.children[1]);
    if (boxes - lastProgress >= 256) {
      reportBoxes(boxes - lastProgress);
      lastProgress = boxes;
      opts.onProgress?.(proved, boxes);
    }
  }
  reportBoxes(boxes - lastProgress);
  opts.onProgress?.(proved, boxes);
  for (const n of [...heap.values(), ...stack.map((e) => e.node)]) {
    n.open = { box: n.box, why: 'budget', lower: -Infinity };
    open.push(n.open);
  }
  if (open.length === 0) return { kind: 'certified', tree: toCert(root), boxes, stats };
  // Last chance: the worst open boxes' midpoints as witnesses.
  const mids = [...open].sort((p, q) => p.lower - q.lower).slice(0, 64).map((o) => midpoint(o.box));
  const w = findCandidates(prep, random, 0, mids);
  if (w) return { kind: 'refuted', counterexample: w, boxes, provedVolume: proved, root, stats };
  const why = open.some((o) => o.why === 'budget') ? 'budget exhausted' : open.some((o) => o.why === 'deferred') ? 'small regions left for an exact pass' : open.some((o) => o.why === 'kink') ? 'non-differentiable points (kinks) in the domain' : open.some((o) => o.why === 'undefined') ? 'a term or its gradient is undefined or unbounded somewhere in the domain' : 'residual vanishes or is too tight to bound on some tiny boxes';
  return { kind: 'inconclusive', provedVolume: proved, open, boxes, reason: why, root, stats };
}

/**
 * hull(box ∪ p) when p's enclosure lies in the box or next to it (within one box width in
 * every coordinate, so the hull stays local), else null.
 */
function hullWith(box: Box, p: readonly Interval[]): Box | null {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let j = 0; j < p.length; j++) {
    const w = box.hi[j]! - box.lo[j]!;
    const v = p[j]!;
    if (!(v.lo >= box.lo[j]! - w && v.hi <= box.hi[j]! + w)) return null;
    lo.push(Math.min(box.lo[j]!, v.lo));
    hi.push(Math.max(box.hi[j]!, v.hi));
  }
  return { lo, hi };
}

/** The proof tree when every node is settled, else null. */
export function completeTree(n: Node): CertNode | null {
  try {
    return toCert(n);
  } catch {
    return null;
  }
}

/** Open regions and the proved fraction of the domain's volume, from a (partial) tree. */
export function treeStatus(root: Node, domain: Box): { open: OpenRegion[]; proved: number } {
  const open: OpenRegion[] = [];
  let proved = 0;
  const walk = (n: Node) => {
    if (n.leaf) proved += volume(n.box, domain);
    else if (n.children) n.children.forEach(walk);
    else open.push(n.open ?? { box: n.box, why: 'budget', lower: -Infinity });
  };
  walk(root);
  return { open, proved };
}

function toCert(n: Node): CertNode {
  if (n.leaf) return { leaf: n.leaf };
  if (n.split && n.children) return { split: n.split, children: [toCert(n.children[0]), toCert(n.children[1])] };
  throw new Error('toCert: unsettled node in a certified tree');
}

