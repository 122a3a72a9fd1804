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
    // (x − 5)⁴ on [0, 1]: the infimum over R is 0 at x = 5; the least value on the box is 256 at x = 1.
    const { slots } = slotOf(['(x - 5)^4'], 'x=0:1');
    expect(slots[0]!.lo).toBeLessThanOrEqual(0);
    expect(slots[0]!.hi).toBeGreaterThanOrEqual(256);
    expect(slots[0]!.hi).toBeLessThan(256 + 1e-9);
    expect(slots[0]!.witness).toEqual([1]);
  });

  it('a quadratic term: the exact infimum over R^d, wherever it is attained', () => {
    // (x − 5)² + x on [0, 1]: inf over R is 19/4 at x = 9/2 (outside the box; the grid gives 17 at
    // x = 1, the natural interval extension −∞). Ridge term (x + y − 3)² + (x² + y²)/10: 3/7.
    const { p, slots } = slotOf(['(x - 5)^2 + x'], 'x=0:1');
    expect(slots[0]!.lo).toBeLessThanOrEqual(19 / 4);
    expect(slots[0]!.lo).toBeGreaterThan(19 / 4 - 1e-15);
    expect(slots[0]!.hi).toBeGreaterThanOrEqual(19 / 4);
    expect(slots[0]!.hi).toBeLessThan(19 / 4 + 1e-14);
    expect(slots[0]!.witness).toEqual([4.5]);
    const ev = compileInterval([p.terms[0]!]);
    const lo = new Float64Array(1);
    const hi = new Float64Array(1);
    ev.eval([4.5], [4.5], lo, hi);
    expect(hi[0]!).toBeLessThanOrEqual(slots[0]!.hi);
    const ridge = slotOf(['(x + y - 3)^2 + (x^2 + y^2)/10'], 'x=-1:1,y=-1:1').slots[0]!;
    expect(ridge.lo).toBeLessThanOrEqual(3 / 7);
    expect(ridge.lo).toBeGreaterThan(3 / 7 - 1e-15);
    expect(ridge.hi - 3 / 7).toBeLessThan(1e-14);
  });

  it('a minimum inside the box between grid points: found to near float precision', () => {
    // (x − 2/7)² + 2 on [−1, 1]: min 2 at x = 2/7, which no point −1 + 2k/4095 of the grid hits.
    const { slots } = slotOf(['(x - 2/7)^2 + 2'], 'x=-1:1');
    expect(slots[0]!.hi).toBeGreaterThanOrEqual(2);
    expect(slots[0]!.hi - 2).toBeLessThan(1e-20 + 1e-15);
  });
});
