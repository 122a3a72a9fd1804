import { describe, expect, it } from 'vitest';
import { certificateFor, verifyCertificate } from '../../src/cert/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { problemFromText } from '../../src/problem/index.js';

/** Example 2 of the paper (two Gaussian wells), S computed: two minimizers of equal value. */
const ex2 = (symmetry: boolean) =>
  problemFromText(
    `name: ex2
variables: [x, y]
terms: ["1 - exp(-x^2 - y^2)", "1 - exp(-(x-2)^2 - (y-2)^2)"]
domain: { x: [-1, 3], y: [-1, 3] }
minimizers: { auto: true${symmetry ? ', symmetry: ["2 - x", "2 - y"]' : ''} }
termMinima: [0, 0]
`,
    'yaml',
    'ex2.yaml',
  );
const ab = (a: number, b: number) => ({ condition: 'alpha-beta' as const, alpha: Rational.of(a), beta: Rational.of(b) });

describe('computed S (auto)', () => {
  it('two minimizers of equal value are not accepted without a symmetry (the hint says so)', () => {
    const r = check(ex2(false), ab(9000000, 8999992), { timeLimitMs: 30_000 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toMatch(/2 candidate region\(s\).*minimizers\.symmetry/);
  });

  it('a declared symmetry that swaps them makes S = both points; the claim is certified and its certificate re-checks', () => {
    const p = ex2(true);
    const r = check(p, ab(9000000, 8999992), { timeLimitMs: 30_000 });
    expect(r.verdict).toBe('certified');
    expect(r.notes.join(' ')).toMatch(/2 minimizers/);
    const slots = r.computed.filter((s) => s.name.startsWith('S'));
    expect(slots.map((s) => s.name)).toEqual(['S0_x', 'S0_y', 'S1_x', 'S1_y']);
    // The two points are (t, t) and (2 - t, 2 - t) with t ≈ 0.000674327 (DOMAIN §3.2).
    const t = [slots[0]!.lo, slots[2]!.lo].sort((a, b) => a - b);
    expect(t[0]).toBeCloseTo(0.000674327, 8);
    expect(t[1]).toBeCloseTo(2 - 0.000674327, 8);
    const cert = JSON.parse(JSON.stringify(certificateFor(p, r)));
    expect(cert.minimizers.regions).toHaveLength(2);
    expect(verifyCertificate(cert).reasons).toEqual([]);
    // Moving one region off its point breaks the proof.
    cert.minimizers.regions[1] = cert.minimizers.regions[0];
    expect(verifyCertificate(cert).ok).toBe(false);
  });

  it('below the threshold the claim is refuted with both nearest points failing', () => {
    const r = check(ex2(true), ab(9000, 8992), { timeLimitMs: 30_000 });
    expect(r.verdict).toBe('refuted');
    expect(r.counterexample!.residual[1]).toBeLessThan(0);
    expect(r.counterexample!.alsoFails).toHaveLength(1);
  });

  it('PL and Aiming are refuted for every constant by the saddle even when S cannot be computed', () => {
    for (const claim of [
      { condition: 'pl' as const, mu: Rational.of(1, 100) },
      { condition: 'aiming' as const, theta: Rational.of(1, 10) },
    ]) {
      const r = check(ex2(false), claim, { timeLimitMs: 30_000 });
      expect(r.verdict).toBe('refuted');
      expect(r.universal?.stationaryKind).toBe('saddle');
      expect(r.universal!.point[0]).toBeCloseTo(1, 6);
      expect(r.counterexample!.residual[1]).toBeLessThan(0);
      expect(r.reason).toMatch(/S itself could not be computed/);
    }
  });
});
