import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combine, type PieceDone, type WorkItem } from '../../src/cli/jobs.js';
import type { Claim } from '../../src/conditions/index.js';
import { volume, type Box } from '../../src/engine/box.js';
import { check } from '../../src/engine/check.js';
import { MinHeap } from '../../src/engine/heap.js';
import type { CheckResult } from '../../src/engine/index.js';
import { STEAL_MIN_QUEUE } from '../../src/engine/search.js';
import { Rational } from '../../src/exact/rational.js';
import { remark1d3 } from '../helpers/problems.js';
import { outerBox } from '../../src/problem/index.js';

/**
 * Work stealing (`check --jobs`, docs/scale.md): a search hands half of its queued boxes to a
 * waiting thread (SearchOptions.steal), another search decides exactly those boxes
 * (SearchOptions.roots), and the joined verdict certifies only when both parts are proved.
 * Deterministic here: the "waiting thread" is a count set by the test.
 */
const ab = (alpha: string, beta: string): Claim => ({ condition: 'alpha-beta', alpha: Rational.parseDecimal(alpha)!, beta: Rational.parseDecimal(beta)! });
const opts = { maxBoxes: 400_000, timeLimitMs: 120_000, reduce: false, keepTree: false, seed: 1 } as const;

/** A check whose search hands boxes over once (one waiting thread), with what it handed. */
function donating(claim: Claim, maxBoxes = opts.maxBoxes) {
  const hungry = new Int32Array(new SharedArrayBuffer(4));
  hungry[0] = 1;
  const handed: Box[][] = [];
  const r = check(remark1d3, claim, {
    ...opts,
    maxBoxes,
    steal: {
      hungry,
      donate: (boxes) => {
        handed.push(boxes.map((b) => ({ lo: [...b.lo], hi: [...b.hi] })));
        return handed.length;
      },
    },
  });
  return { r, handed, hungry: hungry[0] };
}

describe('work stealing in the search', () => {
  it('MinHeap.takeHalf: the two halves are the items, and what stays is still a heap', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 200 }), (keys) => {
        const h = new MinHeap<number>();
        keys.forEach((k, i) => h.push(k, i));
        const out = h.takeHalf();
        expect(out.length).toBe(Math.floor(keys.length / 2));
        const kept: number[] = [];
        while (h.size) kept.push(h.pop()!);
        // Popped in key order: the heap property survived.
        for (let i = 1; i < kept.length; i++) expect(keys[kept[i]!]!).toBeGreaterThanOrEqual(keys[kept[i - 1]!]!);
        expect([...out, ...kept].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
      }),
    );
  });

  it('hands half of its queue over once and certifies the rest; the handed boxes, searched as roots, certify too', () => {
    const { r, handed, hungry } = donating(ab('2.5', '2'));
    expect(handed).toHaveLength(1);
    expect(hungry).toBe(0);
    const boxes = handed[0]!;
    expect(boxes.length).toBeGreaterThanOrEqual(STEAL_MIN_QUEUE / 2);
    expect(r.verdict).toBe('certified');
    const rest = check(remark1d3, ab('2.5', '2'), { ...opts, roots: boxes });
    expect(rest.verdict).toBe('certified');
    // Both searches together split about as many boxes as one search alone.
    const whole = check(remark1d3, ab('2.5', '2'), opts);
    expect(r.boxes + rest.boxes).toBeGreaterThanOrEqual(whole.boxes * 0.9);
    const domain = outerBox(remark1d3);
    const handedVolume = boxes.reduce((a, b) => a + volume(b, domain), 0);
    expect(handedVolume).toBeGreaterThan(0);
    expect(handedVolume).toBeLessThan(1);
  });

  it('a search of handed-over boxes is decided on them: inconclusive on its budget with only their volume proved at most', () => {
    const { handed } = donating(ab('2.5', '2'));
    const boxes = handed[0]!;
    const domain = outerBox(remark1d3);
    const handedVolume = boxes.reduce((a, b) => a + volume(b, domain), 0);
    const part = check(remark1d3, ab('2.5', '2'), { ...opts, roots: boxes, maxBoxes: Math.floor(boxes.length / 2) });
    expect(part.verdict).toBe('inconclusive');
    expect(part.coverage).toBeLessThan(handedVolume);
  });

  it('does not hand anything over without a waiting thread, nor from a queue shorter than STEAL_MIN_QUEUE', () => {
    const hungry = new Int32Array(new SharedArrayBuffer(4));
    let calls = 0;
    const donate = () => ++calls;
    check(remark1d3, ab('2.5', '2'), { ...opts, steal: { hungry, donate } });
    expect(calls).toBe(0);
    hungry[0] = 1;
    // 200 boxes: the queue never reaches STEAL_MIN_QUEUE.
    check(remark1d3, ab('2.5', '2'), { ...opts, maxBoxes: 200, steal: { hungry, donate } });
    expect(calls).toBe(0);
    expect(hungry[0]).toBe(1);
  });

  it('keeps its boxes when the handing over is refused (donate returns null)', () => {
    const hungry = new Int32Array(new SharedArrayBuffer(4));
    hungry[0] = 1;
    const r = check(remark1d3, ab('2.5', '2'), { ...opts, steal: { hungry, donate: () => null } });
    expect(r.verdict).toBe('certified');
    // Each refusal gives the waiting thread back to the count.
    expect(hungry[0]).toBe(1);
  });

  it('refuses to hand boxes over, or to search roots, while keeping a proof tree (the tree would have holes)', () => {
    const hungry = new Int32Array(new SharedArrayBuffer(4));
    expect(() => check(remark1d3, ab('2.5', '2'), { ...opts, keepTree: true, steal: { hungry, donate: () => 1 } })).toThrow(/keepTree/);
    expect(() => check(remark1d3, ab('2.5', '2'), { ...opts, keepTree: true, roots: [outerBox(remark1d3)] })).toThrow(/keepTree/);
  });
});

describe('joining work items (combine)', () => {
  const full = remark1d3;
  const claim = ab('2.5', '2');
  const domain = outerBox(full);
  const K = 2;
  const halves: Box[] = [
    { lo: [-1, -1, -1], hi: [0.5, 2, 2] },
    { lo: [0.5, -1, -1], hi: [2, 2, 2] },
  ];
  const handedBoxes: Box[] = [
    { lo: [0.5, -1, -1], hi: [2, 0.5, 2] },
    { lo: [0.5, 0.5, -1], hi: [2, 2, 0.5] },
  ];
  const items = new Map<number, WorkItem>([
    [1, { domain: halves[0]!, boxes: [halves[0]!], from: null }],
    [2, { domain: halves[1]!, boxes: [halves[1]!], from: null }],
    [3, { domain: halves[1]!, boxes: handedBoxes, from: 2 }],
  ]);
  const res = (verdict: string, coverage: number): CheckResult =>
    ({ verdict, coverage, boxes: 10, elapsedMs: 1, notes: [], warnings: [], counterexample: null, openRegions: [] }) as unknown as CheckResult;
  const piece = (r: CheckResult, delegated: number[] = []): PieceDone => ({ result: r, content: null, xstar: null, delegated });

  it('certifies only when the handed-over batch is certified too', () => {
    const all = new Map([
      [1, piece(res('certified', 1))],
      [2, piece(res('certified', 1), [3])],
      [3, piece(res('certified', 1))],
    ]);
    const ok = combine(full, claim, K, 2, all, null, Date.now(), 1000, items);
    expect(ok.result.verdict).toBe('certified');
    expect(ok.jobs.handedOver).toBe(1);
    expect(ok.jobs.perPiece.find((p) => p.k === 3)).toMatchObject({ from: 2, handedBoxes: 2, verdict: 'certified' });
    expect(ok.result.notes.join('\n')).toMatch(/1 batch of boxes that busy threads' searches handed to idle ones/);
  });

  it('a batch never decided leaves its boxes open, and its donor counts only what it proved', () => {
    const some = new Map([
      [1, piece(res('certified', 1))],
      [2, piece(res('certified', 1), [3])],
    ]);
    const r = combine(full, claim, K, 2, some, null, Date.now(), 1000, items);
    expect(r.result.verdict).toBe('inconclusive');
    // Piece 2 proved its half but the two handed-over boxes.
    const v = (b: Box) => volume(b, domain);
    const expected = v(halves[0]!) + v(halves[1]!) - handedBoxes.reduce((a, b) => a + v(b), 0);
    expect(r.result.coverage).toBeCloseTo(expected, 12);
    expect(r.result.openRegions).toEqual(handedBoxes.map((box) => ({ box, why: 'budget', lower: -Infinity })));
    expect(r.result.openCount).toBe(2);
  });

  it('a batch an item says it handed over, but that never reached the joining thread, leaves the claim inconclusive', () => {
    // A review mutation (the worker recorded the batch but never sent it) certified a claim with
    // half a piece unsearched: the joining thread now checks every delegated id against its items.
    const roots = new Map([...items].filter(([k]) => k <= K));
    const all = new Map([
      [1, piece(res('certified', 1))],
      [2, piece(res('certified', 1), [3])],
    ]);
    const r = combine(full, claim, K, 2, all, null, Date.now(), 1000, roots);
    expect(r.result.verdict).toBe('inconclusive');
    expect(r.result.coverage).toBe(0);
    expect(r.result.reason).toMatch(/piece 2\/2 handed boxes over as item 3, which never reached the thread that joins the items/);
  });

  it('a batch decided inconclusive keeps the whole claim inconclusive', () => {
    const some = new Map([
      [1, piece(res('certified', 1))],
      [2, piece(res('certified', 1), [3])],
      [3, piece(res('inconclusive', 0.1))],
    ]);
    const r = combine(full, claim, K, 2, some, null, Date.now(), 1000, items);
    expect(r.result.verdict).toBe('inconclusive');
    expect(r.result.reason).toMatch(/1 of 3 work items/);
  });
});
