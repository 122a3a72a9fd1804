import type { CaseProof, CertNode, SearchNode } from '../engine/index.js';

/** Status of a box of the branch and bound, as drawn. */
export type BoxStatus =
  | 'proved: bounds'
  | 'proved: local convexity'
  | 'proved: Z3'
  | 'proved: normal segment'
  | 'open'
  | 'open: kink or undefined'
  | 'not reached'
  | 'mixed';

export interface DrawnBox {
  readonly lo: number[];
  readonly hi: number[];
  readonly status: BoxStatus;
}

interface Node {
  lo: number[];
  hi: number[];
  split?: readonly [number, number];
  children?: [Node, Node];
  status?: BoxStatus;
}

function leafStatus(proofs: readonly CaseProof[]): BoxStatus {
  if (proofs.some((c) => c.how === 'z3')) return 'proved: Z3';
  if (proofs.some((c) => c.how === 'local-convexity' || c.how === 'convexity')) return 'proved: local convexity';
  if (proofs.some((c) => c.how === 'normal-segment')) return 'proved: normal segment';
  return 'proved: bounds';
}

/** A certificate tree (splits only) as boxes. */
function fromCert(n: CertNode, lo: number[], hi: number[]): Node {
  if ('leaf' in n) return { lo, hi, status: leafStatus(n.leaf) };
  const [j, at] = n.split;
  const hiA = [...hi];
  hiA[j] = at;
  const loB = [...lo];
  loB[j] = at;
  return { lo, hi, split: n.split, children: [fromCert(n.children[0], lo, hiA), fromCert(n.children[1], loB, hi)] };
}

function fromSearch(n: SearchNode): Node {
  const lo = [...n.box.lo];
  const hi = [...n.box.hi];
  if (n.children) return { lo, hi, children: [fromSearch(n.children[0]), fromSearch(n.children[1])] };
  if (n.leaf) return { lo, hi, status: leafStatus(n.leaf) };
  if (n.open)
    return {
      lo,
      hi,
      status: n.open.why === 'kink' || n.open.why === 'undefined' ? 'open: kink or undefined' : n.open.why === 'budget' ? 'not reached' : 'open',
    };
  return { lo, hi, status: 'not reached' };
}

/**
 * The boxes of a search or certificate tree, for drawing: the leaves, except that when there
 * are more than `cap` of them the largest nodes are expanded first and the rest are drawn
 * whole (coloured by their leaves' status, 'mixed' when these differ). `keep(lo, hi)` filters boxes (a slice).
 */
export function drawnBoxes(
  tree: { cert: CertNode; domain: { lo: readonly number[]; hi: readonly number[] } } | { search: SearchNode },
  cap: number,
  keep: (lo: readonly number[], hi: readonly number[]) => boolean,
): DrawnBox[] {
  const root = 'cert' in tree ? fromCert(tree.cert, [...tree.domain.lo], [...tree.domain.hi]) : fromSearch(tree.search);
  const summary = new Map<Node, BoxStatus>();
  const status = (n: Node): BoxStatus => {
    if (!n.children) return n.status ?? 'not reached';
    const hit = summary.get(n);
    if (hit) return hit;
    const a = status(n.children[0]);
    const b = status(n.children[1]);
    const s = a === b ? a : 'mixed';
    summary.set(n, s);
    return s;
  };
  const vol = (n: Node) => n.lo.reduce((v, l, j) => v * Math.max(n.hi[j]! - l, 0), 1);
  // Expand the largest visible nodes first while under the cap.
  let frontier: Node[] = [root].filter((n) => keep(n.lo, n.hi));
  for (;;) {
    const expandable = frontier.filter((n) => n.children);
    if (!expandable.length) break;
    expandable.sort((a, b) => vol(b) - vol(a));
    const next = new Set(frontier);
    let count = frontier.length;
    let changed = false;
    for (const n of expandable) {
      const kids = n.children!.filter((c) => keep(c.lo, c.hi));
      if (count - 1 + kids.length > cap) break;
      next.delete(n);
      for (const k of kids) next.add(k);
      count += kids.length - 1;
      changed = true;
    }
    frontier = [...next];
    if (!changed) break;
  }
  return frontier.map((n) => ({ lo: n.lo, hi: n.hi, status: status(n) }));
}
