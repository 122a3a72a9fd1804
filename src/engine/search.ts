import type { BoundMethod } from './bounder.js';
import { BoxQueue, type LiveSearchStats } from './boxQueue.js';
import { hullWith, midpoint, split, volume, type Box } from './box.js';
import { ambientDeadline, reportBoxes } from './budget.js';
import type { Prepared } from './prepared.js';
import { rng } from './rng.js';
import {
  DEFAULT_QUEUE_CAP,
  type CaseProof,
  type CertNode,
  type Counterexample,
  type OpenRegion,
  type SearchNode,
  type SearchOptions,
  type SearchOutcome,
} from './types.js';
import { findCandidates } from './witness.js';

type Node = SearchNode;

/**
 * The fewest queued boxes from which a search hands half of them to a waiting thread
 * (SearchOptions.steal). The thread spends 25–50 ms setting the problem up on the donor's box
 * before its search starts, about what 1000 boxes take; half of a smaller queue is not worth it
 * (measured on Remark-1, d = 3 and 4: batches of 1–500 boxes handed back and forth at the end of
 * a run, each costing its thread that set-up for a few milliseconds of search; docs/scale.md).
 */
export const STEAL_MIN_QUEUE = 1024;

/** Boxes during which every 16th box's midpoint is probed for a counterexample; after them every 128th (Search.probeMidpoint). */
const PROBE_DENSE_BOXES = 1024;
/** The local-convexity test of the claim: eigenvalue bounds [m, M] on the hull, and whether ∇f(p) = 0 is established (Prepared.localStationary). */
type LocalClaim = (m: number, M: number, stationary: boolean) => boolean;

export { rng } from './rng.js';

/**
 * Branch and bound over the domain. Each box is settled when, for every candidate nearest
 * point (case), every residual has a rigorous lower bound ≥ 0 on the box contracted to that
 * point's Voronoi cell, or the local-convexity argument applies. Boxes that cannot be
 * settled are split (on the side with the largest |∂R/∂x_j|·width_j) until the budget or the
 * minimum width is reached. Counterexamples are only reported after `verifyWitness`.
 */
export function runSearch(prep: Prepared, opts: SearchOptions, localClaim: LocalClaim | null): SearchOutcome {
  const s = new Search(prep, opts, localClaim);
  // The whole domain by the convexity arguments alone, before anything else: a claim proved this
  // way (logistic regression: f strongly convex, or every term convex) needs neither the sampling
  // nor the residual bounder, whose set-up is most of the time of a large system.
  if (!opts.roots && !s.budgetSpent()) {
    const whole = s.settleByConvexity(s.root.box);
    if (whole) {
      s.prove(s.next(), whole);
      return s.conclude();
    }
  }
  // A quick sampling pass first: a refutation found here saves the whole search (not past the budget:
  // 256 evaluations of a large residual take most of a second).
  const early = s.budgetSpent() ? null : findCandidates(prep, s.random, 256);
  if (early) return { kind: 'refuted', counterexample: early, boxes: 0, provedVolume: 0, stats: s.stats };
  while (s.queue.size > 0 && !s.budgetSpent()) {
    if ((s.boxes & 63) === 0) s.offerWork();
    const node = s.next();
    const proofs = s.bound(node.box);
    if (proofs) {
      s.prove(node, proofs);
      continue;
    }
    const w = s.probeMidpoint(node.box);
    if (w) return s.refuted(w);
    // Set aside for an exact pass, split, or give up on this box.
    if (s.deferrable(node.box)) {
      s.leaveOpen(node, 'deferred');
      continue;
    }
    const j = s.splitAxis(node.box);
    if (j < 0) {
      s.leaveOpen(node, s.health === 'ok' ? 'min-width' : s.health);
      continue;
    }
    const at = s.splitPoint(node.box, j);
    if (!(at > node.box.lo[j]! && at < node.box.hi[j]!)) {
      s.leaveOpen(node, 'min-width');
      continue;
    }
    s.branch(node, j, at);
    s.reportProgress();
  }
  return s.conclude();
}

/**
 * The state of one search and its steps (see runSearch). The fields `health`, `worst`,
 * `smear` and `allNegative` describe the box being worked: `bound` sets them, the steps after
 * it read them (no per-box objects beyond the proofs and the tree's nodes).
 */
class Search {
  readonly domain: Box;
  readonly root: Node;
  readonly stats: LiveSearchStats;
  readonly queue: BoxQueue;
  readonly random: () => number;
  /** The search's own time limit, within the ambient deadline of the command (src/engine/budget.ts). */
  private readonly stopAt: number;
  /** Sides narrower than this are not split. */
  private readonly minW: number[];
  /** The same for boxes that meet a kink or an undefined point: they can never be proved, so stop splitting them early. */
  private readonly minWBad: number[];
  /** The domain's sides (1 for a side of width 0), to score a split by relative width. */
  private readonly domainW: number[];
  /** Boxes whose sides are all at most these are deferred; null when nothing is. */
  private readonly deferW: number[] | null;

  boxes = 0;
  proved = 0;
  readonly open: OpenRegion[] = [];
  /** The nodes of `open`, same order. */
  readonly openNodes: Node[] = [];
  /** SearchOptions.keepTree: link children and record leaves (else a settled box is dropped). */
  private readonly keepTree: boolean;
  private lastProgress = 0;

  health: ReturnType<Prepared['health']> = 'ok';
  /** The lowest lower bound of a residual on the box (NaN counted as −∞). */
  worst = Infinity;
  /** The first unsettled case's smear (|∂R/∂x_j|·width_j), which picks the side to split. */
  smear: Float64Array | null = null;
  /** Some residual of every case is negative on the whole box. */
  allNegative = false;

  constructor(
    readonly prep: Prepared,
    readonly opts: SearchOptions,
    readonly localClaim: LocalClaim | null,
  ) {
    this.stopAt = Math.min(Date.now() + opts.timeLimitMs, ambientDeadline());
    const domain = prep.domain;
    this.domain = domain;
    this.root = { box: domain };
    this.keepTree = opts.keepTree !== false;
    // Handed-over boxes (SearchOptions.roots) have no tree to hang in, and a search that keeps a
    // tree must not leave holes in it by handing boxes over.
    if (this.keepTree && (opts.roots !== undefined || opts.steal !== undefined)) throw new Error('runSearch: roots and steal need keepTree false');
    const queueCap = Math.max(1, opts.queueCap ?? DEFAULT_QUEUE_CAP);
    this.stats = { queuePeak: 1, queueCap, depthFirstBoxes: 0 };
    this.queue = new BoxQueue(this.stats);
    if (opts.roots) for (const box of opts.roots) this.queue.push(-Infinity, { box });
    else this.queue.push(-Infinity, this.root);
    this.random = rng(opts.seed);
    this.minW = domain.lo.map((l, j) => Math.max((domain.hi[j]! - l) * opts.minRelWidth, 1e-300));
    this.minWBad = domain.lo.map((l, j) => Math.max((domain.hi[j]! - l) * 2 ** -10, 1e-300));
    this.domainW = domain.lo.map((l, j) => domain.hi[j]! - l || 1);
    const defer = opts.deferRelWidth;
    this.deferW = defer === undefined ? null : domain.lo.map((l, j) => (domain.hi[j]! - l) * defer);
  }

  budgetSpent(): boolean {
    // `stop`: another thread's decisive answer (the Z3 race, src/engine/z3race.ts) ends the search.
    if (this.boxes >= this.opts.maxBoxes || Date.now() > this.stopAt || (this.opts.stop !== undefined && Atomics.load(this.opts.stop, 0) !== 0)) return true;
    // Shared by several threads (check --jobs): reserve the box about to be taken in the common
    // count; once the count reaches maxBoxes every thread stops (a failed reservation ends this
    // search, so the count passes maxBoxes by at most one per search, never the boxes taken).
    const pool = this.opts.boxPool;
    return pool !== undefined && Atomics.add(pool, 0, 1) >= this.opts.maxBoxes;
  }

  /**
   * Work stealing (SearchOptions.steal): when a thread waits for work, one of them (taken off the
   * shared count by compare-and-swap) gets half of this search's queued boxes, which are then
   * neither proved nor open here. Only with STEAL_MIN_QUEUE boxes queued or more.
   */
  offerWork(): void {
    const steal = this.opts.steal;
    if (!steal || this.queue.size < STEAL_MIN_QUEUE) return;
    const h = steal.hungry;
    let n = Atomics.load(h, 0);
    while (n > 0) {
      const was = Atomics.compareExchange(h, 0, n, n - 1);
      if (was === n) break;
      n = was;
    }
    if (n <= 0) return;
    const nodes = this.queue.takeHalf();
    if (steal.donate(nodes.map((x) => x.box)) === null) {
      // Not handed over: the boxes stay here, the waiting thread stays counted.
      for (const x of nodes) this.queue.push(-Infinity, x);
      Atomics.add(h, 0, 1);
    }
  }

  /** Takes the next box off the queue. */
  next(): Node {
    this.boxes++;
    return this.queue.take();
  }

  /**
   * Bounds every case on the box: the proofs when every case is settled, else null. Sets
   * `health`, `worst`, `smear` and `allNegative` for the box.
   */
  bound(box: Box): CaseProof[] | null {
    const health = this.prep.health(box);
    this.health = health;
    this.worst = Infinity;
    this.smear = null;
    this.allNegative = health === 'ok';
    if (health !== 'ok') return null;
    // S given by equations: bind the nearest-point slots to this box (no enclosure: not proved).
    if (!this.prep.bindBox(box)) {
      this.allNegative = false;
      this.worst = -Infinity;
      return null;
    }
    // Nearest points in several clusters (ties far apart): try bounds on each cluster first; the
    // hull of all of them (bound again below) is the fallback, with the other arguments.
    const clusters = this.prep.clusters;
    if (clusters && clusters.length > 1) {
      const byCluster = this.boundClusters(box, clusters);
      this.prep.bindSlots(this.prep.bound!);
      if (byCluster) return byCluster;
    }
    const proofs: CaseProof[] = [];
    let settled = true;
    for (const { c, box: cb } of this.prep.casesOn(box)) {
      const proof = this.settleCase(box, c, cb);
      if (proof) proofs.push(proof);
      else settled = false;
    }
    return settled ? proofs : null;
  }

  /**
   * S given by equations with the box's nearest points in several clusters: every residual's lower
   * bound ≥ 0 with the nearest point ranging over each cluster in turn. Every nearest point of
   * every x in the box lies in some cluster, so this proves the box for whichever is nearest
   * (the checker re-checks a 'bounds' leaf on its own clusters, src/cert/tree.ts). Null otherwise.
   */
  private boundClusters(box: Box, clusters: readonly Box[]): CaseProof[] | null {
    const proofs: CaseProof[] = [];
    for (const { c, box: cb } of this.prep.casesOn(box)) {
      const pc = this.prep.cases[c]!;
      if (!cb) {
        proofs.push({ point: pc.point, how: 'not-nearest' });
        continue;
      }
      let methods: BoundMethod[] = [];
      for (const P of clusters) {
        this.prep.bindSlots(P);
        const b = pc.bounder.bound(cb);
        if (!b.lower.every((l) => l >= 0)) return null;
        methods = [...b.method];
      }
      proofs.push({ point: pc.point, how: 'bounds', methods });
    }
    return proofs;
  }

  /**
   * One case on the box (`cb`: the box contracted to the case's Voronoi cell, null when its
   * point is not a candidate nearest point there): its proof, or null.
   */
  private settleCase(box: Box, c: number, cb: Box | null): CaseProof | null {
    const pc = this.prep.cases[c]!;
    if (!cb) return { point: pc.point, how: 'not-nearest' };
    const b = pc.bounder.bound(cb);
    let ok = true;
    let caseNeg = false;
    let worst = this.worst;
    for (let k = 0; k < b.lower.length; k++) {
      const l = b.lower[k]!;
      if (!(l >= 0)) ok = false;
      if (b.upper[k]! < 0) caseNeg = true;
      worst = Math.min(worst, Number.isNaN(l) ? -Infinity : l);
    }
    this.worst = worst;
    if (!caseNeg) this.allNegative = false;
    if (ok) return { point: pc.point, how: 'bounds', methods: b.method };
    const local = this.localConvexity(box, pc.point);
    if (local) return local;
    const convex = this.termConvexity(cb, pc.point);
    if (convex) return convex;
    // Near a continuum of minimizers (the residual vanishes on S): the normal-segment argument.
    const seg = this.opts.normalSegment !== false && this.prep.normal.prove(c, pc.point, cb, (h) => this.prep.health(h) === 'ok', this.prep.bound);
    if (seg) return seg;
    if (!this.smear) this.smear = b.smear;
    return null;
  }

  /**
   * The box settled by the local-convexity and convex-terms arguments alone (no residual bounds,
   * so the bounders are not built), or null: the same proofs `bound` would give once the bounds
   * fail, with the same guards (a healthy box, every case's part of it, S given as points).
   */
  settleByConvexity(box: Box): CaseProof[] | null {
    const { prep } = this;
    if ((!this.localClaim || !prep.local) && !prep.termConvexity) return null;
    if (prep.implicitSet || prep.health(box) !== 'ok') return null;
    const proofs: CaseProof[] = [];
    for (const { c, box: cb } of prep.casesOn(box)) {
      const pc = prep.cases[c]!;
      const proof = cb ? (this.localConvexity(box, pc.point) ?? this.termConvexity(cb, pc.point)) : { point: pc.point, how: 'not-nearest' as const };
      if (!proof) return null;
      proofs.push(proof);
    }
    return proofs;
  }

  /**
   * Local argument around a point p of S in or next to the box: f strongly convex on
   * H = hull(box ∪ p) (which holds every segment [x, p], x in the box) gives the local
   * constants on the box. Aiming/QCvx need x_p (x*) = p (`point`); PL needs any point of S
   * (`point` null): the first whose hull is healthy is tried.
   */
  private localConvexity(box: Box, point: number | null): CaseProof | null {
    const { prep, localClaim } = this;
    if (!localClaim || !prep.local) return null;
    let q = 0;
    let end = prep.localPoints.length;
    if (point !== null) {
      q = point;
      end = prep.localPoints[point] ? point + 1 : point;
    }
    for (; q < end; q++) {
      const h = hullWith(box, prep.localPoints[q]!);
      if (h === null || prep.health(h) !== 'ok') continue;
      const eb = prep.local.eigenBounds(h);
      // PL records which point of S it used (the checker rebuilds the hull from it).
      return eb && localClaim(eb.m, eb.M, prep.localStationary[q] === true) ? { point: point ?? q, how: 'local-convexity', m: eb.m, M: eb.M } : null;
    }
    return null;
  }

  /**
   * α-β on the case's part of the box from convexity of every term on the hull of it and the
   * case's point p of S (engine/local.ts, TermConvexity).
   */
  private termConvexity(cb: Box, point: number | null): CaseProof | null {
    return point !== null && this.prep.convexTermsProve(cb, point) ? { point, how: 'convexity' } : null;
  }

  /** A settled box: a leaf of the proof tree. */
  prove(node: Node, proofs: CaseProof[]): void {
    if (this.keepTree) node.leaf = proofs;
    this.proved += volume(node.box, this.domain);
  }

  /**
   * The midpoint as a counterexample, tried when some case is negative on the whole box, and
   * now and then anyway: every 16th box for the first PROBE_DENSE_BOXES boxes, then every 128th.
   * Each probe is a pattern search of up to 200 rounds; every 16th box all along cost a fifth of
   * a long certified search (Remark-1 d = 4, 150 000 boxes: 3.0 s of CPU with it, 2.4 s without),
   * while every refutation of the benchmark's claims (`npm run bench -- peers`) and of barely false
   * claims tried (μ 0.5 % above the best on two examples) came from the sampling before the search.
   */
  probeMidpoint(box: Box): Counterexample | null {
    if (!this.allNegative && this.boxes % (this.boxes <= PROBE_DENSE_BOXES ? 16 : 128) !== 0) return null;
    return findCandidates(this.prep, this.random, 0, [midpoint(box)]);
  }

  refuted(counterexample: Counterexample): SearchOutcome {
    return { kind: 'refuted', counterexample, boxes: this.boxes, provedVolume: this.proved, ...(this.keepTree && { root: this.root }), stats: this.stats };
  }

  /** Whether an unsettled box is narrow enough to set aside for an exact pass. */
  deferrable(box: Box): boolean {
    const deferW = this.deferW;
    if (this.health !== 'ok' || deferW === null) return false;
    for (let i = 0; i < box.lo.length; i++) if (!(box.hi[i]! - box.lo[i]! <= deferW[i]!)) return false;
    return true;
  }

  leaveOpen(node: Node, why: OpenRegion['why']): void {
    node.open = { box: node.box, why, lower: this.worst };
    this.open.push(node.open);
    this.openNodes.push(node);
  }

  /**
   * The side to split: the largest smear, or the largest relative width without one, among the
   * sides still above the minimum width; −1 when there is none.
   */
  splitAxis(box: Box): number {
    const minW = this.health === 'ok' ? this.minW : this.minWBad;
    const smear = this.smear;
    let j = 0;
    let best = -1;
    for (let i = 0; i < box.lo.length; i++) {
      const w = box.hi[i]! - box.lo[i]!;
      const score = smear && smear[i]! > 0 ? smear[i]! : w / this.domainW[i]!;
      if (w > minW[i]! && score > best) {
        best = score;
        j = i;
      }
    }
    return best < 0 ? -1 : j;
  }

  /** Where to cut side j: its middle, moved off the enclosures of the points of S. */
  splitPoint(box: Box, j: number): number {
    let at = box.lo[j]! + (box.hi[j]! - box.lo[j]!) / 2;
    // A computed S is known as small boxes: a split through one would leave no box containing it,
    // and the local-convexity argument needs a box that does. Cut at the enclosure's edge instead.
    if (this.localClaim && this.prep.local) {
      for (const pt of this.prep.localPoints) {
        const e = pt[j]!;
        if (e.lo < at && at < e.hi) at = e.hi < box.hi[j]! ? e.hi : e.lo > box.lo[j]! ? e.lo : at;
      }
    }
    return at;
  }

  /** Splits the box at x_j = at and queues both halves, keyed by the box's worst lower bound. */
  branch(node: Node, j: number, at: number): void {
    const [a, b] = split(node.box, j, at);
    const children: [Node, Node] = [{ box: a }, { box: b }];
    if (this.keepTree) {
      node.split = [j, at];
      node.children = children;
    }
    this.queue.push(this.worst, children[0]);
    this.queue.push(this.worst, children[1]);
  }

  /** Every 256 boxes: the boxes to the ambient budget (reportBoxes), the progress to opts.onProgress. */
  reportProgress(): void {
    if (this.boxes - this.lastProgress < 256) return;
    reportBoxes(this.boxes - this.lastProgress);
    this.lastProgress = this.boxes;
    this.opts.onProgress?.(this.proved, this.boxes);
  }

  /**
   * After the loop: the last progress report, the boxes still queued as open regions, then the
   * outcome (a last witness search over the worst open boxes before giving up).
   */
  conclude(): SearchOutcome {
    reportBoxes(this.boxes - this.lastProgress);
    this.opts.onProgress?.(this.proved, this.boxes);
    const open = this.open;
    for (const n of this.queue.leftovers()) {
      n.open = { box: n.box, why: 'budget', lower: -Infinity };
      open.push(n.open);
      this.openNodes.push(n);
    }
    if (open.length === 0) return { kind: 'certified', ...(this.keepTree && { tree: toCert(this.root) }), boxes: this.boxes, stats: this.stats };
    // Last chance: the worst open boxes' midpoints as witnesses.
    const mids = [...open]
      .sort((p, q) => p.lower - q.lower)
      .slice(0, 64)
      .map((o) => midpoint(o.box));
    const w = findCandidates(this.prep, this.random, 0, mids);
    if (w) return this.refuted(w);
    return {
      kind: 'inconclusive',
      provedVolume: this.proved,
      open,
      boxes: this.boxes,
      reason: inconclusiveReason(open),
      ...(this.keepTree && { root: this.root }),
      openNodes: this.openNodes,
      stats: this.stats,
    };
  }
}

/** Why a search ended with open regions: the first of these kinds of region present. */
const OPEN_REASONS: readonly (readonly [OpenRegion['why'], string])[] = [
  ['budget', 'budget exhausted'],
  ['deferred', 'small regions left for an exact pass'],
  ['kink', 'non-differentiable points (kinks) in the domain'],
  ['undefined', 'a term or its gradient is undefined or unbounded somewhere in the domain'],
];

function inconclusiveReason(open: readonly OpenRegion[]): string {
  for (const [why, reason] of OPEN_REASONS) if (open.some((o) => o.why === why)) return reason;
  return 'residual vanishes or is too tight to bound on some tiny boxes';
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

/**
 * treeStatus for a search that kept no tree: its open regions' nodes after a later pass (a node
 * with a leaf was closed by it) and the volume the search proved before.
 */
export function openStatus(nodes: readonly Node[], provedBefore: number, domain: Box): { open: OpenRegion[]; proved: number } {
  const open: OpenRegion[] = [];
  let proved = provedBefore;
  for (const n of nodes) {
    if (n.leaf) proved += volume(n.box, domain);
    else open.push(n.open ?? { box: n.box, why: 'budget', lower: -Infinity });
  }
  return { open, proved };
}

function toCert(n: Node): CertNode {
  if (n.leaf) return { leaf: n.leaf };
  if (n.split && n.children) return { split: n.split, children: [toCert(n.children[0]), toCert(n.children[1])] };
  throw new Error('toCert: unsettled node in a certified tree');
}
