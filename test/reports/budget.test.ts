import { describe, expect, it } from 'vitest';
import { phaseShare, REPORT_RESERVE, reportPlan, type PlanSlot } from '../../src/reports/compute.js';

/**
 * The report's phases share --time-limit (docs/reports.md, Budget). Review finding: with fixed
 * shares of the budget, `report examples/ex1-unbounded.yaml --time-limit 20` left PL "not checked"
 * after 11 s while 9 s were unused; time a phase leaves unused must pass to the later phases,
 * and no phase may be given more than is left.
 */
describe('report budget: phase shares', () => {
  const T = 20_000;
  const R = REPORT_RESERVE * T;

  it('the plan adds up to the budget less the reserve, with or without --fix', () => {
    for (const tie of [false, true]) {
      const total = reportPlan(tie).reduce((a, [, f]) => a + f, 0);
      expect(total + REPORT_RESERVE).toBeCloseTo(1, 12);
    }
  });

  it('on schedule, each phase gets its fraction of the budget (as the fixed shares did)', () => {
    const plan = reportPlan(false);
    let used = 0;
    for (const [slot, f] of plan) {
      const ms = phaseShare(plan, slot, 1, T - used, R);
      expect(ms).toBeCloseTo(f * T, 6);
      used += ms;
    }
    expect(T - used).toBeCloseTo(R, 6);
  });

  it('time earlier phases left unused goes to the later ones, in proportion, never past what is left', () => {
    const plan = reportPlan(false);
    // The α-β phases took 2 s of their planned 10.4 s (region 8 s, stationary 0.6 s, check 2.4 s).
    const left = T - 2_000;
    const pl = phaseShare(plan, 'pl constants', 1, left, R);
    expect(pl).toBeGreaterThan(0.07 * T * 2); // 3.0 s instead of 1.4 s
    const rest: PlanSlot[] = ['pl constants', 'check pl', 'aiming constants', 'check aiming', 'qcvx constants', 'check qcvx'];
    // Each later phase using all of its share: together they use exactly the time left less the reserve.
    let now = left;
    for (const slot of rest) now -= phaseShare(plan, slot, 1, now, R);
    expect(now).toBeCloseTo(R, 6);
    // A fallback claim takes half of its row's share; a phase that overran leaves the minimum.
    expect(phaseShare(plan, 'check pl', 1 / 2, left, R)).toBeCloseTo(phaseShare(plan, 'check pl', 1, left, R) / 2, 6);
    expect(phaseShare(plan, 'check qcvx', 1, 100, R)).toBe(200);
    expect(phaseShare(plan, 'check qcvx', 1, 5_000, 0)).toBe(5_000);
  });

  it('a phase that does not run (no --fix, d > 8) keeps no time from the others', () => {
    const plan = reportPlan(true);
    // The 'tie' phase was skipped at t = 0: the region gets its part of all the time left.
    expect(phaseShare(plan, 'region', 1, T, R)).toBeCloseTo(((T - R) * 0.28) / (1 - REPORT_RESERVE - 0.03 - 0.12), 6);
  });
});
