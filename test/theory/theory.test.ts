import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { Interval } from '../../src/interval/index.js';
import { theory, type TheoryInput } from '../../src/theory/index.js';
import { lscert } from '../helpers/cli.js';

const P = (x: number) => Interval.point(x);
const base = (o: Partial<TheoryInput> & Pick<TheoryInput, 'optimizer'>): TheoryInput => ({ alpha: P(2.5), beta: P(2), L: P(4), sigma2: P(0.5), ...o });

describe('the theorems as calculators (DOMAIN.md §4)', () => {
  it('SGD: γ ≤ (α−β)/(2L), and the three terms of the bound', () => {
    const r = theory(base({ optimizer: 'sgd', K: 1000, D0: P(1) }));
    expect(r.maxStepSize).toBe(0.0625);
    expect(r.admissible).toBe(true);
    expect(r.bound!.terms.map((t) => t.value)).toEqual([0.032, 0.5, 4]);
    expect(r.bound!.value).toBeCloseTo(4.532, 12);
    expect(r.bound!.value).toBeGreaterThanOrEqual(4.532); // rounded up
    expect(r.floor).toBe(4.5); // 2Lγσ²/(α−β) + 2βσ²/(α−β) = 0.5 + 4: only D0/(Kγ(α−β)) vanishes
  });

  it('SGD: a step above the limit, α ≤ β, or L ≤ 0 is not admitted', () => {
    expect(theory(base({ optimizer: 'sgd', gamma: P(0.07) })).admissible).toBe(false);
    expect(theory(base({ optimizer: 'sgd', gamma: P(0.0625) })).admissible).toBe(true);
    expect(theory(base({ optimizer: 'sgd', beta: P(2.5) })).reasons).toContain('needs α > β');
    expect(theory(base({ optimizer: 'sgd', L: P(0) })).reasons).toContain('needs L > 0');
  });

  it('a limit that is not a double is rounded down: γ equal to its enclosure is undecided, hence not admitted', () => {
    const r = theory(base({ optimizer: 'sgd', alpha: P(1), beta: P(0), L: P(3) }));
    expect(r.maxStepSize!).toBeLessThanOrEqual(1 / 6);
    const third = Interval.of(1 / 6 - 2 ** -56, 1 / 6 + 2 ** -56);
    expect(theory(base({ optimizer: 'sgd', alpha: P(1), beta: P(0), L: P(3), gamma: third })).admissible).toBe(false);
  });

  it('convex sanity: α = 1, β = 0 has no β term; constant-step SGD keeps its noise term 2Lγσ², decreasing steps have none', () => {
    // L = 4, σ² = 1/2, γ = (α−β)/(2L) = 1/8: 2Lγσ²/(α−β) = 2·4·(1/8)·(1/2) = 1/2, and 2βσ²/(α−β) = 0.
    expect(theory(base({ optimizer: 'sgd', alpha: P(1), beta: P(0) })).floor).toBe(0.5);
    expect(theory(base({ optimizer: 'sgd-decreasing', alpha: P(1), beta: P(0) })).floor).toBe(0);
  });

  it('constant-step SGD: the floor is 2Lγσ²/(α−β) + 2βσ²/(α−β), the limit of the bound as K grows (was: 2βσ²/(α−β) alone)', () => {
    // α = 2, β = 1, L = 1, σ² = 0.1: γ = 1/2, 2·1·(1/2)·0.1/1 = 0.1, 2·1·0.1/1 = 0.2.
    const r = theory({ optimizer: 'sgd', alpha: P(2), beta: P(1), L: P(1), sigma2: P(0.1), K: 1e9, D0: P(3) });
    expect(r.floor!).toBeCloseTo(0.3, 15);
    expect(r.floor!).toBeGreaterThanOrEqual(0.3);
    expect(r.bound!.value).toBeGreaterThanOrEqual(r.floor!);
    expect(r.bound!.value - r.floor!).toBeLessThan(1e-8); // D0/(Kγ(α−β)) = 6e-9
    // The step given: the floor follows it.
    expect(theory({ optimizer: 'sgd', alpha: P(2), beta: P(1), L: P(1), sigma2: P(0.1), gamma: P(0.25) }).floor!).toBeCloseTo(0.25, 15);
  });

  it('no floor where the hypotheses fail (it could be negative, and it is no statement), and no lemma for an inadmissible c', () => {
    const sps = theory({ optimizer: 'sps-max', alpha: P(2), beta: P(1), L: P(1), sigma2: P(0.1), gammaB: P(1), c: P(0.25) });
    expect(sps.admissible).toBe(false);
    expect(sps.floor).toBeNull(); // was −0.2: c1 < 0 for c < 1/(2(α−β))
    expect(sps.notes.some((n) => /lemma/.test(n))).toBe(false);
    const spsOk = theory({ optimizer: 'sps-max', alpha: P(2), beta: P(1), L: P(1), sigma2: P(0.1), gammaB: P(1), c: P(1) });
    expect(spsOk.floor).not.toBeNull();
    expect(spsOk.notes.some((n) => /lemma/.test(n))).toBe(true);
    for (const inp of [
      { optimizer: 'sgd', alpha: P(2), beta: P(1), L: P(1), sigma2: P(-0.1) },
      { optimizer: 'sgd', alpha: P(2), beta: P(-1), L: P(1), sigma2: P(0.1) },
      { optimizer: 'sgd-decreasing', alpha: P(2), beta: P(-1), L: P(1), sigma2: P(0.1) },
      { optimizer: 'decsps', alpha: P(2), beta: P(1.5), L: P(1), sigma2: P(0.1), gammaB: P(1) },
      // α − β = 1/2 < 1: c2 = 2γL(α−β−1) + α − β = −1/2 < 0 at γL = 1
      { optimizer: 'ngn', alpha: P(1), beta: P(0.5), L: P(1), sigma2: P(0.1), gamma: P(1), sigma2Pos: P(0) },
    ] as TheoryInput[]) {
      const r = theory(inp);
      expect(r.admissible).toBe(false);
      expect(r.floor).toBeNull();
    }
  });

  it('SGD with decreasing steps', () => {
    const r = theory(base({ optimizer: 'sgd-decreasing', alpha: P(3), beta: P(1), L: P(2), sigma2: P(0.1), K: 100, D0: P(2) }));
    expect(r.maxStepSize).toBe(0.5);
    // γ0 = 1/2, α−β = 2, √K = 10: 5·2/(4·2·0.5·10) = 0.25; 5·0.5·2·0.1·log(101)/(2·10); 2·1·0.1/2 = 0.1
    expect(r.bound!.terms[0]!.value).toBeCloseTo(0.25, 14);
    expect(r.bound!.terms[1]!.value).toBeCloseTo((0.5 * Math.log(101)) / 20, 14);
    expect(r.bound!.terms[2]!.value).toBeCloseTo(0.1, 14);
  });

  it('NGN: α ≥ β + 1, any γ > 0, and the appendix form of the last term', () => {
    const r = theory({ optimizer: 'ngn', alpha: P(3), beta: P(1), L: P(2), sigma2: P(0.1), gamma: P(0.5), sigma2Pos: P(0.2), K: 100, D0: P(2) });
    expect(r.maxStepSizeUnbounded).toBe(true);
    expect(r.admissible).toBe(true);
    expect(r.bound!.terms.map((t) => t.value).map((v) => +v.toPrecision(12))).toEqual([0.045, 0.45, 0.05, 0.025]);
    expect(theory({ optimizer: 'ngn', alpha: P(2.5), beta: P(2), L: P(2), sigma2: P(0.1), gamma: P(0.5) }).reasons).toContain('needs α ≥ β + 1');
  });

  it('SPS_max: c > 1/(2(α−β)); DecSPS: α − β ≥ 1', () => {
    const ok = theory({ optimizer: 'sps-max', alpha: P(3), beta: P(1), L: P(2), sigma2: P(0.1), c: P(0.5), gammaB: P(1), K: 10, D0: P(1) });
    // γ_min = min{1/(2cL), γ_b} = 1/2; c1 = c/(γ_min(2(α−β)c − 1)) = 0.5/(0.5·1) = 1
    expect(ok.bound!.terms[0]!.value).toBeCloseTo(0.1, 15);
    expect(ok.bound!.terms[1]!.value).toBeCloseTo(0.6, 15);
    expect(ok.bound!.terms[1]!.value).toBeGreaterThanOrEqual(0.6); // upper end of 2·3·1·1·0.1 (0.1 is not a double)
    expect(theory({ optimizer: 'sps-max', alpha: P(3), beta: P(1), L: P(2), sigma2: P(0.1), c: P(0.25) }).admissible).toBe(false);
    expect(theory({ optimizer: 'decsps', alpha: P(2.5), beta: P(2), L: P(2), sigma2: P(0.1) }).admissible).toBe(false);
    const dec = theory({ optimizer: 'decsps', alpha: P(3), beta: P(1), L: P(2), sigma2: P(0.1), gammaB: P(1), D: P(2), K: 100, D0: P(1) });
    // L̃ = max{2, 1/2} = 2: (2·2·4 + 0.2)/(10·2) = 0.81; 2·0.1/2 = 0.1
    expect(dec.bound!.terms.map((t) => +t.value.toPrecision(12))).toEqual([0.81, 0.1]);
  });
});

describe('the boundary α = β + 1 (DecSPS, NGN) is decided exactly', () => {
  // 1.1 − 0.1 and 1.3 − 0.3 are 1 exactly, but not in doubles (1.0000000000000002 and
  // 0.9999999999999999): on enclosures alone the hypothesis α − β ≥ 1 is never proved there.
  const iv = (r: Rational) => Interval.of(r.toNumber() - 1e-15, r.toNumber() + 1e-15);
  for (const [alpha, beta] of [
    [Rational.parseDecimal('1.1')!, Rational.parseDecimal('0.1')!],
    [Rational.parseDecimal('1.3')!, Rational.parseDecimal('0.3')!],
    [Rational.of(591, 125), Rational.of(466, 125)],
  ]) {
    it(`α = ${alpha}, β = ${beta}: admitted with the exact pair, not proved on the enclosures alone`, () => {
      for (const optimizer of ['ngn', 'decsps'] as const) {
        const inp = { optimizer, alpha: iv(alpha), beta: iv(beta), L: P(2), sigma2: P(0.1), gamma: P(0.5), gammaB: P(1), sigma2Pos: P(0.2), D: P(2) };
        expect(theory({ ...inp, exact: { alpha, beta } }).reasons).toEqual([]);
        expect(theory(inp).admissible).toBe(false);
        // … and said so: undecided on the enclosures, not "needs" (which would say it fails).
        const what = optimizer === 'ngn' ? 'α ≥ β + 1' : 'c0 = 1 ≥ 1/(α−β), i.e. α − β ≥ 1';
        expect(theory(inp).reasons).toEqual([`could not decide ${what} on the enclosures of the inputs (its two sides overlap, or are not finite)`]);
        // Just past the boundary (α − β < 1): refused, exactly.
        expect(theory({ ...inp, exact: { alpha, beta: beta.add(Rational.of(1, 10 ** 12)) } }).reasons).toContain(
          optimizer === 'ngn' ? 'needs α ≥ β + 1' : 'needs c0 = 1 ≥ 1/(α−β), i.e. α − β ≥ 1',
        );
      }
    });
  }

  it('through the CLI: theory --optimizer ngn --alpha 1.1 --beta 0.1 is admissible (was: "needs α ≥ β + 1")', () => {
    const r = lscert([
      'theory',
      '--optimizer',
      'ngn',
      '--alpha',
      '1.1',
      '--beta',
      '0.1',
      '--L',
      '1',
      '--sigma2',
      '1',
      '--gamma',
      '1/2',
      '--sigma2-pos',
      '0',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.reasons).toEqual([]);
    expect(j.admissible).toBe(true);
  });
});

describe('checked against simulation', () => {
  /** SGD on f_i(x) = ½(x − a_i)², a = (−1, 1): convex (α = 1, β = 0), L = 1, f* = ½, f_i* = 0, σ²_int = ½. */
  function simulate(step: (k: number) => number, K: number, x0: number, runs: number): number {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const mean = new Float64Array(K);
    for (let r = 0; r < runs; r++) {
      let x = x0;
      for (let k = 0; k < K; k++) {
        mean[k]! += (0.5 * x * x) / runs; // f(x) − f* = ½x²
        const a = rnd() < 0.5 ? -1 : 1;
        x -= step(k) * (x - a);
      }
    }
    return Math.min(...mean);
  }

  it('SGD with the largest admitted γ stays under the bound', () => {
    const r = theory({ optimizer: 'sgd', alpha: P(1), beta: P(0), L: P(1), sigma2: P(0.5), K: 50, D0: P(9) });
    const measured = simulate(() => r.stepSize!, 50, 3, 4000);
    expect(measured).toBeLessThanOrEqual(r.bound!.value);
    expect(measured).toBeGreaterThan(0.1); // the noise floor γσ² is real: the bound is not vacuous here
  });

  it('SGD with γ0/√(k+1) stays under the bound', () => {
    const r = theory({ optimizer: 'sgd-decreasing', alpha: P(1), beta: P(0), L: P(1), sigma2: P(0.5), K: 200, D0: P(9) });
    const g0 = r.stepSize!;
    expect(simulate((k) => g0 / Math.sqrt(k + 1), 200, 3, 2000)).toBeLessThanOrEqual(r.bound!.value);
  });
});

describe('lscert theory (contract §2)', () => {
  it('--K without --D0 (or --D0 without --K) gives no bound, and says so', () => {
    const k = theory({ optimizer: 'sgd', alpha: P(2), beta: P(1), L: P(1), sigma2: P(0.1), K: 10 });
    expect(k.bound).toBeNull();
    expect(k.notes).toContain('give D0 = dist(x0, S)² (--D0) with K to evaluate the bound after K steps');
    const d = theory({ optimizer: 'sgd', alpha: P(2), beta: P(1), L: P(1), sigma2: P(0.1), D0: P(1) });
    expect(d.notes).toContain('give K (--K) with D0 to evaluate the bound after K steps');
    expect(theory({ optimizer: 'sgd', alpha: P(2), beta: P(1), L: P(1), sigma2: P(0.1), K: 10, D0: P(1) }).notes).toEqual([]);
  });

  it('--json prints optimizer, maxStepSize, admissible', () => {
    const r = lscert(['theory', '--optimizer', 'sgd', '--alpha', '5/2', '--beta', '2', '--L', '4', '--sigma2', '0.5', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ optimizer: 'sgd', maxStepSize: 0.0625, admissible: true });
    const n = lscert(['theory', '--optimizer', 'ngn', '--alpha', '2.5', '--beta', '2', '--L', '4', '--sigma2', '0.5', '--json']).json();
    expect(n).toMatchObject({ optimizer: 'ngn', maxStepSize: null, maxStepSizeUnbounded: true, admissible: false });
  });

  it('bad flags exit 64 with one line', () => {
    for (const args of [
      ['--optimizer', 'adam'],
      ['--optimizer', 'sgd'],
      ['--optimizer', 'sgd', '--alpha', 'x', '--beta', '0', '--L', '1', '--sigma2', '0'],
      ['--optimizer', 'sgd', '--alpha', '1', '--beta', '0', '--L', '1', '--sigma2', '0', '--K', '0'],
      // A flag of another optimizer's theorem (it was silently ignored).
      ['--optimizer', 'sgd', '--alpha', '2', '--beta', '1', '--L', '1', '--sigma2', '0.1', '--c', '1'],
      ['--optimizer', 'sps-max', '--alpha', '2', '--beta', '1', '--L', '1', '--sigma2', '0.1', '--gamma', '1'],
      ['--optimizer', 'ngn', '--alpha', '2', '--beta', '1', '--L', '1', '--sigma2', '0.1', '--D', '1'],
    ]) {
      const r = lscert(['theory', ...args]);
      expect(r.code).toBe(64);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
