/** A binary min-heap keyed by a number (the engine's box queue). */
export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The smallest key (+∞ when empty). */
  peekKey(): number {
    return this.keys.length ? this.keys[0]! : Infinity;
  }

  push(key: number, item: T): void {
    this.keys.push(key);
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(this.keys[i]! < this.keys[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0]!;
    this.swap(0, n - 1);
    this.keys.pop();
    this.items.pop();
    this.siftDown(0);
    return top;
  }

  /** Moves item i down until neither child has a smaller key. */
  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.keys[l]! < this.keys[m]!) m = l;
      if (r < n && this.keys[r]! < this.keys[m]!) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  /**
   * Removes every second item (by position in the heap's array, which mixes all priorities) and
   * returns them; the rest is made a heap again (O(n)).
   */
  takeHalf(): T[] {
    const out: T[] = [];
    // Compacted in place: item i (even) goes to i / 2.
    let w = 0;
    for (let i = 0; i < this.items.length; i++) {
      if (i % 2 === 1) out.push(this.items[i]!);
      else {
        this.keys[w] = this.keys[i]!;
        this.items[w] = this.items[i]!;
        w++;
      }
    }
    this.keys.length = w;
    this.items.length = w;
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    return out;
  }

  /** Every item, in no particular order. */
  values(): readonly T[] {
    return this.items;
  }

  private swap(i: number, j: number): void {
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
    [this.items[i], this.items[j]] = [this.items[j]!, this.items[i]!];
  }
}
