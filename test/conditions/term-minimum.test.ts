import { describe, expect, it } from 'vitest';
import { termMinimumSlot } from '../../src/conditions/index.js';
import { compileInterval } from '../../src/expr/index.js';
import { outerBox, problemFromCli } from '../../src/problem/index.js';

/**
 * f_i* when the user gives none (termMinimumSlot): lo is the interval bound of f_i over R^d, hi
 * the interval upper end of f_i at one point of the box. That point comes from a grid and then a
 * compass search, so hi is close to f_i* when the infimum is attained in the box; and it is an
 * upper bound of f_i at the recorded witness, the fact verify-cert checks.
 */
function slotOf(terms: string[], box: string) {
  const p = problemFromCli({ terms, box, auto: true });
  return { p, slots: p.terms.map((t, i) => termMinimumSlot(p, t, i)) };
}

describe('termMinimumSlot', () => {
  it('Remark 1 with d = 4 on [−1, 2]^4: hi reaches the infimum 0 (the grid alone gave 0.02)', () => {
    const s = 'x1+x2+x3+x4';
    const { p, slots } = slotOf([`(${s})^2/((${s})^2+1)`, `(${s}+1)^2/((${s}+1)^2+1)`], 'x1=-1:2,x2=-1:2,x3=-1:2,x4=-1:2');
    for (const [i, slot] of slots.entries()) {
      expect(slot.lo).toBe(0);
      expect(slot.hi).toBeGreaterThanOrEqual(0);
      expect(slot.hi, `f_${i + 1}*`).toBeLessThan(1e-20);
      // hi bounds f_i at its witness, a point of the box
      const w = slot.witness!;
      const box = outerBox(p);
      for (const [j, v] of w.entries()) {
        expect(v).toBeGreaterThanOrEqual(box.lo[j]!);
        expect(v).toBeLessThanOrEqual(box.hi[j]!);
      }
      const ev = compileInterval([p.terms[i]!], { rounding: 'tight' });
      const lo = new Float64Array(1);
      const hi = new Float64Array(1);
      ev.eval(w, w, lo, hi);
      expect(hi[0]!).toBeLessThanOrEqual(slot.hi);
    }
  });

  it('an infimum outside the box: hi is the least value in the box, never below it', () => {
    // (x − 5)² on [0, 1]: the infimum over R is 0 at x = 5; the least value on the box is 16 at x = 1.
    const { slots } = slotOf(['(x - 5)^2'], 'x=0:1');
    expect(slots[0]!.lo).toBeLessThanOrEqual(0);
    expect(slots[0]!.hi).toBeGreaterThanOrEqual(16);
    expect(slots[0]!.hi).toBeLessThan(16 + 1e-9);
    expect(slots[0]!.witness).toEqual([1]);
  });

  it('a minimum inside the box between grid points: found to near float precision', () => {
    // (x − 2/7)² + 2 on [−1, 1]: min 2 at x = 2/7, which no point −1 + 2k/4095 of the grid hits.
    const { slots } = slotOf(['(x - 2/7)^2 + 2'], 'x=-1:1');
    expect(slots[0]!.hi).toBeGreaterThanOrEqual(2);
    expect(slots[0]!.hi - 2).toBeLessThan(1e-20 + 1e-15);
  });
});
