/**
 * Shards: one claim's box cut into N pieces that separate machines decide (`lscert check
 * --shard k/N`), joined again by `lscert merge-certs` (docs/scale.md, docs/certificates.md#shards).
 *
 * The cut is a fixed function of the float box and N, computed here (checker side, no engine
 * code): a box that is to hold n > 1 shards is split on its widest side (ties: the lowest
 * coordinate) at the double `at = lo + (hi − lo)·⌈n/2⌉/n`; the lower piece [lo, at] holds the
 * first ⌈n/2⌉ shards and the upper piece [at, hi] the other ⌊n/2⌋, each cut again the same way.
 * Shards are numbered from 1 in that depth-first order (lower piece first). Both pieces share
 * the face `at`, a double, so the pieces are exact float boxes that cover the box exactly.
 * A side whose cut point would not fall strictly inside it (too narrow) is skipped for the
 * next widest; a box with no such side cannot be cut (ShardPlanError).
 *
 * The checker uses this to recompute a shard certificate's box (never read from the file),
 * and to check that a merged certificate's tree starts with exactly this cut.
 */
import { createHash } from 'node:crypto';
import { LscertError } from '../errors.js';
import { CertDecodeError, preview } from './canonical.js';
import type { CheckBox } from './cells.js';
import type { CertTree } from './format.js';

/** Most shards of one claim (`--shard k/N`, N ≤ MAX_SHARDS). */
export const MAX_SHARDS = 4096;

/** The cut of a box into shards: a split into two pieces, or shard `shard` (1-based). */
export type ShardNode = { readonly split: readonly [number, number]; readonly children: readonly [ShardNode, ShardNode] } | { readonly shard: number };

/** What a shard certificate or shard result records about its shard (`shard` field). */
export interface ShardScope {
  /** This shard, 1 ≤ k ≤ n. */
  readonly k: number;
  /** Number of shards of the claim. */
  readonly n: number;
  /** The claim's identity (`claimId`): sha256 of the problem hash, condition, exact constants and float domain. */
  readonly claim: string;
  /** The whole claim's float box (the problem's outer box). */
  readonly domain: CheckBox;
  /** The shard's box: the k-th piece of `shardPlan(domain, n)`. */
  readonly box: CheckBox;
}

/** The box cannot be cut into that many shards (its sides are too narrow). */
export class ShardPlanError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}

/** Where to cut side j of `box` for n1 of n shards below the cut, or null when no double lies strictly inside. */
function cutPoint(lo: number, hi: number, n1: number, n: number): number | null {
  let at = lo + (hi - lo) * (n1 / n);
  if (!Number.isFinite(at)) at = lo / 2 + hi / 2; // hi − lo overflowed
  return lo < at && at < hi ? at : null;
}

/** The cut of `box` into n shards (see the file comment). Throws ShardPlanError when a piece cannot be split. */
export function shardPlan(box: CheckBox, n: number): ShardNode {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) throw new ShardPlanError(`the number of shards must be an integer from 1 to ${MAX_SHARDS}, got ${n}`);
  if (box.lo.length !== box.hi.length || box.lo.length === 0 || !box.lo.every((l, j) => Number.isFinite(l) && Number.isFinite(box.hi[j]!) && l <= box.hi[j]!))
    throw new ShardPlanError('the box to cut into shards must be finite, with lo <= hi on every side');
  const cut = (lo: readonly number[], hi: readonly number[], first: number, count: number): ShardNode => {
    if (count === 1) return { shard: first };
    const n1 = Math.ceil(count / 2);
    // Widest first; hi/2 − lo/2 never overflows. Ties keep the lower coordinate first (stable sort).
    const order = lo.map((_, j) => j).sort((a, b) => hi[b]! / 2 - lo[b]! / 2 - (hi[a]! / 2 - lo[a]! / 2));
    for (const j of order) {
      const at = cutPoint(lo[j]!, hi[j]!, n1, count);
      if (at === null) continue;
      const hiA = [...hi];
      hiA[j] = at;
      const loB = [...lo];
      loB[j] = at;
      return { split: [j, at], children: [cut(lo, hiA, first, n1), cut(loB, hi, first + n1, count - n1)] };
    }
    throw new ShardPlanError(`the box cannot be cut into ${n} shards: a piece holding ${count} shards has no side wide enough to split`);
  };
  return cut(box.lo, box.hi, 1, n);
}

/** The n shard boxes of `box`, shard k at index k − 1. */
export function shardBoxes(box: CheckBox, n: number): CheckBox[] {
  const out: CheckBox[] = [];
  const walk = (node: ShardNode, b: CheckBox) => {
    if ('shard' in node) {
      out[node.shard - 1] = b;
      return;
    }
    const [j, at] = node.split;
    const hiA = [...b.hi];
    hiA[j] = at;
    const loB = [...b.lo];
    loB[j] = at;
    walk(node.children[0], { lo: b.lo, hi: hiA });
    walk(node.children[1], { lo: loB, hi: b.hi });
  };
  walk(shardPlan(box, n), box);
  return out;
}

/**
 * The identity of a claim: sha256 (hex) of its problem's hash, its condition, its exact
 * constants and its float domain. Shards of one claim carry the same identity.
 */
export function claimId(hash: string, condition: string, constants: Readonly<Record<string, string>>, domain: CheckBox): string {
  const text = JSON.stringify({
    format: 'lscert-claim/1',
    problem: hash,
    condition,
    constants: Object.keys(constants)
      .sort()
      .map((k) => [k, constants[k]]),
    domain: { lo: [...domain.lo], hi: [...domain.hi] },
  });
  return createHash('sha256').update(text).digest('hex');
}

/** Exactly the same float box. */
export const sameBox = (a: CheckBox, b: CheckBox): boolean =>
  a.lo.length === b.lo.length && a.hi.length === b.hi.length && a.lo.every((v, j) => Object.is(v, b.lo[j])) && a.hi.every((v, j) => Object.is(v, b.hi[j]));

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function decodeBox(v: unknown, what: string): CheckBox {
  const list = (x: unknown) => Array.isArray(x) && x.length > 0 && x.every((y) => typeof y === 'number' && Number.isFinite(y));
  if (!isObj(v) || !list(v.lo) || !list(v.hi) || (v.lo as number[]).length !== (v.hi as number[]).length)
    throw new CertDecodeError(`${what}: expected { lo, hi }, two lists of finite numbers of the same length`);
  return { lo: v.lo as number[], hi: v.hi as number[] };
}

/** Decodes a `shard` field (CertDecodeError when malformed). */
export function decodeShardScope(v: unknown): ShardScope {
  if (!isObj(v)) throw new CertDecodeError(`shard: expected { k, n, claim, domain, box }, got ${preview(v, 40)}`);
  const { k, n, claim } = v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SHARDS)
    throw new CertDecodeError(`shard.n: expected an integer from 1 to ${MAX_SHARDS}, got ${preview(n, 40)}`);
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n)
    throw new CertDecodeError(`shard.k: expected an integer from 1 to ${n}, got ${preview(k, 40)}`);
  if (typeof claim !== 'string' || !/^[0-9a-f]{64}$/.test(claim)) throw new CertDecodeError('shard.claim: expected the claim identity (sha256 hex)');
  return { k, n, claim, domain: decodeBox(v.domain, 'shard.domain'), box: decodeBox(v.box, 'shard.box') };
}

/**
 * Why the top of `tree` is not exactly the cut `shardPlan(domain, n)` (a split node with the
 * same [j, at] wherever the plan splits), or null. The checker's tree walk proves the tiling
 * whatever the tree; this only confirms that a merged certificate is built as it says.
 */
export function planMismatch(tree: unknown, plan: ShardNode): string | null {
  const stack: { node: unknown; plan: ShardNode; path: string }[] = [{ node: tree, plan, path: 'tree' }];
  while (stack.length) {
    const { node, plan: p, path } = stack.pop()!;
    if ('shard' in p) continue;
    if (!isObj(node) || !Array.isArray(node.split) || !Array.isArray(node.children) || node.children.length !== 2)
      return `${path}: expected the split [${p.split[0]}, ${p.split[1]}] of the shard cut, got no split`;
    if (node.split[0] !== p.split[0] || node.split[1] !== p.split[1])
      return `${path}: expected the split [${p.split[0]}, ${p.split[1]}] of the shard cut, got ${preview(node.split, 60)}`;
    stack.push(
      { node: node.children[0], plan: p.children[0], path: `${path}.children[0]` },
      { node: node.children[1], plan: p.children[1], path: `${path}.children[1]` },
    );
  }
  return null;
}

/** The tree of the whole box: the cut `plan`, with shard k's own tree at its k-th piece. */
export function joinTrees(plan: ShardNode, trees: ReadonlyMap<number, CertTree>): CertTree {
  const build = (node: ShardNode): CertTree => {
    if ('shard' in node) {
      const t = trees.get(node.shard);
      if (!t) throw new Error(`joinTrees: no tree for shard ${node.shard}`);
      return t;
    }
    return { split: node.split, children: [build(node.children[0]), build(node.children[1])] };
  };
  return build(plan);
}

/**
 * Leaves of an untrusted tree: a node with a list of children and no `leaf` is a split, anything
 * else counts as one leaf (verify-cert judges them). merge-certs records them per shard, and the
 * checker requires the per-shard counts to add up to the tree's.
 */
export function leafCount(tree: unknown): number {
  let n = 0;
  const stack: unknown[] = [tree];
  while (stack.length) {
    const node = stack.pop() as { children?: unknown; leaf?: unknown } | null;
    if (node !== null && typeof node === 'object' && Array.isArray(node.children) && !('leaf' in node)) stack.push(...(node.children as unknown[]));
    else n++;
  }
  return n;
}
