import { describe, expect, it } from 'vitest';
import { exactlyEmpty, exactPlane } from '../../src/constants/exactPlane.js';
import { clip, hull, windowPolygon } from '../../src/constants/polygon.js';

describe('exact emptiness of half-plane sets (pointed)', () => {
  it('a wedge that misses a half-plane is empty; one that meets it is not', () => {
    // wedge 0 ≤ β ≤ α/2 (α ≥ 0) and the constraint α − 2β ≤ −1 (β ≥ α/2 + 1/2): disjoint
    const wedge = [exactPlane(0, -1, 0), exactPlane(-0.5, 1, 0), exactPlane(-1, 0, 0)];
    expect(exactlyEmpty([...wedge, exactPlane(1, -2, -1)])).toBe(true);
    // α − 2β ≤ 1 meets the wedge (at the origin)
    expect(exactlyEmpty([...wedge, exactPlane(1, -2, 1)])).toBe(false);
  });
});

describe('polygons', () => {
  it('clips the window by α − β ≤ 4 (x⁴: the valid region)', () => {
    const p = clip(windowPolygon(10), { a: 1, b: 1, c: 4 });
    expect(p.map(([a, b]) => [a, b])).toEqual(
      expect.arrayContaining([
        [0, 0],
        [4, 0],
        [10, 6],
        [10, 10],
      ]),
    );
    expect(p).toHaveLength(4);
  });

  it('hull drops interior points', () => {
    expect(
      hull([
        [0, 0],
        [2, 0],
        [1, 1],
        [1, 0.2],
        [0, 2],
      ]),
    ).toHaveLength(3);
  });
});

describe('exact emptiness with a pool of half-planes', () => {
  it('adds the cutting half-planes it needs', async () => {
    const { exactlyEmptyWithin } = await import('../../src/constants/exactPlane.js');
    const wedge = [exactPlane(0, -1, 0), exactPlane(-0.5, 1, 0), exactPlane(-1, 0, 0)];
    // the valid set lies above β = α/2 + 1/2 only once both pieces are used
    const pool = [exactPlane(1, -2, -1), exactPlane(0, 0, 1), exactPlane(1, 1, 100)];
    expect(exactlyEmptyWithin(wedge, pool)).toBe(true);
    expect(exactlyEmptyWithin(wedge, [exactPlane(1, 1, 100)])).toBe(false);
  });
});
