import { MinHeap } from './heap.js';
import type { SearchNode, SearchStats } from './types.js';

/** SearchStats as the search updates it. */
export type LiveSearchStats = { -readonly [K in keyof SearchStats]: SearchStats[K] };

/**
 * The queue of boxes still to work: best-first (smallest key, i.e. most negative lower bound,
 * first) while it holds fewer than `stats.queueCap` boxes; once it is full, new boxes go on a
 * stack that is worked depth-first (its length is at most the depth of the tree), so the
 * queue never exceeds queueCap + depth. Which box is split next changes, never what a box
 * proves. Keeps `stats.queuePeak` and `stats.depthFirstBoxes` up to date.
 */
export class BoxQueue {
  private readonly heap = new MinHeap<SearchNode>();
  private readonly stack: SearchNode[] = [];

  constructor(private readonly stats: LiveSearchStats) {}

  get size(): number {
    return this.heap.size + this.stack.length;
  }

  push(key: number, node: SearchNode): void {
    if (this.heap.size < this.stats.queueCap) this.heap.push(key, node);
    else this.stack.push(node);
    const q = this.heap.size + this.stack.length;
    if (q > this.stats.queuePeak) this.stats.queuePeak = q;
  }

  /** The next box: the top of the depth-first stack while it has one, else the best of the heap. */
  take(): SearchNode {
    if (this.stack.length) {
      this.stats.depthFirstBoxes++;
      return this.stack.pop()!;
    }
    return this.heap.pop()!;
  }

  /**
   * Removes about half of the queued nodes and returns them (what `check --jobs` hands to an idle
   * thread, SearchOptions.steal): every second one of the heap (a mix of every priority) and of
   * the depth-first stack.
   */
  takeHalf(): SearchNode[] {
    const fromStack: SearchNode[] = [];
    const kept: SearchNode[] = [];
    this.stack.forEach((n, i) => (i % 2 === 1 ? fromStack : kept).push(n));
    this.stack.length = 0;
    this.stack.push(...kept);
    return [...this.heap.takeHalf(), ...fromStack];
  }

  /** Every queued box: the heap's (in no particular order), then the stack's from the bottom. */
  leftovers(): SearchNode[] {
    return [...this.heap.values(), ...this.stack];
  }
}
