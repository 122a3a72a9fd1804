/**
 * The exactness-aware rounders of eft.ts against exact rationals: every bound encloses
 * the exact result; it is the rounded result itself exactly when that is exact (within
 * the ranges where the error-free transformations are trusted); it is never wider than
 * the previous cheap widening (downSum/upSum for + −, down/up for × ÷); and inexact
 * results are widened by at most 2 ulps. Operands are drawn to hit exact results (short
 * significands), the guard thresholds (products near 2^−968, operands near 2^996 where
 * the Veltkamp split overflows, results near MAX) and the specials.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rational } from '../../src/exact/rational.js';
import { addDown, addUp, cube, divDown, divUp, mulDown, mulUp, sqrDown, sqrUp } from '../../src/interval/eft.js';
import { down, downSum, up, upSum } from '../../src/interval/rounding.js';
import { MAX, MIN, nextDown, nextUp, ulpDistance } from '../../src/interval/float.js';
import { R, SPECIALS, geq, leq } from './helpers.js';

const RUNS = { numRuns: 2000 } as const;

/** m·2^e with a short odd-ish significand m (|m| < 2^bits): products of two are often exact. */
const short = (bits: number, emin: number, emax: number): fc.Arbitrary<number> =>
  fc
    .tuple(fc.integer({ min: -(2 ** bits) + 1, max: 2 ** bits - 1 }), fc.integer({ min: emin, max: emax }))
    .map(([m, e]) => m * 2 ** e)
    .filter(Number.isFinite);

/** Doubles of every kind: specials, arbitrary, short significands at all scales. */
const anyDouble: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...SPECIALS),
  fc.double({ noNaN: true }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  short(26, -60, 60),
  short(26, -1074, 1000),
  short(53, -1074, 971),
);

/** Pairs whose product lands near the Dekker guard 2^−968 or near the split limit 2^996. */
const edgePair: fc.Arbitrary<[number, number]> = fc.oneof(
  fc.tuple(short(26, -520, -440), short(26, -520, -440)),
  fc.tuple(fc.double({ min: 2 ** -500, max: 2 ** -470, noNaN: true }), fc.double({ min: 2 ** -500, max: 2 ** -470, noNaN: true })),
  fc.tuple(short(26, 960, 1000), short(20, -60, 10)),
  fc.tuple(fc.double({ min: 2 ** 990, max: MAX, noNaN: true }), fc.double({ min: 2 ** -40, max: 1, noNaN: true })),
  fc.tuple(short(26, -1074, -1000), short(26, 30, 100)),
  fc.tuple(fc.double({ min: 2 ** 511, max: 2 ** 512, noNaN: true }), fc.double({ min: 2 ** 511, max: 2 ** 512, noNaN: true })),
);

const pair = fc.oneof(
  fc.tuple(anyDouble, anyDouble),
  edgePair,
  edgePair.map(([a, b]): [number, number] => [-a, b]),
);

/** The exact value of a double, or undefined for ±∞. */
const exactOf = (x: number) => (Number.isFinite(x) ? R(x) : undefined);

/** a ≤ b and at most 6 ulps apart. */
const K6 = (a: number, b: number) => a <= b && ulpDistance(a, b) <= 6;

/** Veltkamp's split (2^27 + 1)·x does not overflow (below it Dekker's product is trusted). */
const splittable = (x: number) => Math.abs(x) < 2 ** 996;

/** Whether the exact rational r is a double (then RN(r) = r). */
function isDouble(r: Rational): boolean {
  const x = r.toNumber();
  return Number.isFinite(x) && R(x).cmp(r) === 0;
}

/**
 * lo ≤ r ≤ hi; and where the transformation is `trusted` (neither the split nor the
 * partial products can overflow: operands below 2^996, result below 2^1022):
 * [rn, rn] when r is a double of magnitude ≥ 2^−968 (the guard of eft.ts) or 0;
 * otherwise, above the guard, one bound is rn and the other within 2 ulps of it.
 */
function check(lo: number, hi: number, r: Rational, rn: number, what: string, trusted = true): void {
  expect(leq(lo, r) && geq(hi, r), `${what}: [${lo}, ${hi}] misses ${r.toNumber()}`).toBe(true);
  if (!trusted || !(Math.abs(rn) < 2 ** 1022)) return; // near MAX the partial products may overflow
  if (isDouble(r) && (r.isZero() || Math.abs(rn) >= 2 ** -968)) {
    expect(lo === rn && hi === rn, `${what}: exact result ${rn} was widened to [${lo}, ${hi}]`).toBe(true);
  } else if (Number.isFinite(rn) && Math.abs(rn) >= 2 ** -968) {
    expect(lo >= nextDown(nextDown(rn)) && hi <= nextUp(nextUp(rn)), `${what}: [${lo}, ${hi}] around ${rn}`).toBe(true);
    expect(lo === rn || hi === rn, `${what}: one side of an inexact result is RN itself`).toBe(true);
  }
}

describe('error-free rounders (eft.ts)', () => {
  it('addDown/addUp: exact sums are kept, inexact ones widened outward, never wider than downSum/upSum', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const lo = addDown(a, b);
        const hi = addUp(a, b);
        if (a + b === a + b) expect(lo >= downSum(a + b) && hi <= upSum(a + b)).toBe(true);
        else expect(Number.isNaN(lo) && Number.isNaN(hi)).toBe(true); // ∞ − ∞
        const [x, y] = [exactOf(a), exactOf(b)];
        if (x && y) check(lo, hi, x.add(y), a + b, `${a} + ${b}`);
        const lo2 = addDown(a, -b);
        const hi2 = addUp(a, -b);
        if (a - b === a - b) expect(lo2 >= downSum(a - b) && hi2 <= upSum(a - b)).toBe(true);
        else expect(Number.isNaN(lo2) && Number.isNaN(hi2)).toBe(true);
        if (x && y) check(lo2, hi2, x.sub(y), a - b, `${a} - ${b}`);
      }),
      RUNS,
    );
  });

  it('mulDown/mulUp: exact products are kept, inexact ones widened outward, never wider than down/up', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const lo = mulDown(a, b);
        const hi = mulUp(a, b);
        const p = a * b;
        if (p === p) expect(lo >= down(p) && hi <= up(p), `${a}·${b}: [${lo}, ${hi}]`).toBe(true);
        const [x, y] = [exactOf(a), exactOf(b)];
        if (x && y) check(lo, hi, x.mul(y), p, `${a}·${b}`, splittable(a) && splittable(b));
        else if (a === 0 || b === 0) expect([lo, hi]).toEqual([0, 0]); // 0·∞ = 0
      }),
      RUNS,
    );
  });

  it('sqrDown/sqrUp: exact squares are kept, never below 0, never wider than down/up', () => {
    fc.assert(
      fc.property(anyDouble, (a) => {
        const lo = sqrDown(a);
        const hi = sqrUp(a);
        expect(lo >= 0 && lo >= down(a * a) && hi <= up(a * a)).toBe(true);
        const x = exactOf(a);
        if (x) check(lo, hi, x.mul(x), a * a, `${a}²`);
        else expect([lo, hi]).toEqual([MAX, Infinity]);
      }),
      RUNS,
    );
  });

  it('cube: encloses x³, exact when x³ is a double, never wider than the up(up(x²)·|x|) chain', () => {
    const chainUp = (m: number) => up(up(m * m) * m);
    const chainDown = (m: number) => Math.max(0, down(Math.max(0, down(m * m)) * m));
    fc.assert(
      fc.property(fc.oneof(anyDouble, short(17, -330, 330), short(17, -400, -300)), (x) => {
        const lo = cube(x, false);
        const hi = cube(x, true);
        const m = Math.abs(x);
        if (x >= 0) expect(lo >= chainDown(m) && hi <= chainUp(m), `${x}³: [${lo}, ${hi}]`).toBe(true);
        else expect(lo >= -chainUp(m) && hi <= -chainDown(m), `${x}³: [${lo}, ${hi}]`).toBe(true);
        const r = exactOf(x);
        if (r) {
          const c = r.pow(3);
          const rn = c.toNumber();
          expect(leq(lo, c) && geq(hi, c), `${x}³: [${lo}, ${hi}]`).toBe(true);
          if (m < 2 ** 330 && Math.abs(rn) >= 2 ** -968) {
            if (isDouble(c)) expect(lo === rn && hi === rn, `${x}³ = ${rn} widened to [${lo}, ${hi}]`).toBe(true);
            else expect(K6(lo, rn) && K6(rn, hi), `${x}³ ≈ ${rn}: [${lo}, ${hi}]`).toBe(true); // three roundings
          }
        } else expect(x > 0 ? [lo, hi] : [hi, lo]).toEqual(x > 0 ? [MAX, Infinity] : [-MAX, -Infinity]);
      }),
      RUNS,
    );
    expect([cube(3, false), cube(3, true)]).toEqual([27, 27]);
    expect([cube(-1.5, false), cube(-1.5, true)]).toEqual([-3.375, -3.375]);
    expect(cube(NaN, false)).toBeNaN();
    expect(cube(NaN, true)).toBeNaN();
    expect([cube(0, false), cube(-0, true)]).toEqual([0, 0]);
  });

  it('sign clamps: mulDown ≥ 0 and divDown ≥ 0 for operands of one sign, mulUp ≤ 0 and divUp ≤ 0 for opposite signs', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const same = (a >= 0 && b >= 0) || (a <= 0 && b <= 0);
        const opposite = (a >= 0 && b <= 0) || (a <= 0 && b >= 0);
        if (same) expect(mulDown(a, b) >= 0, `${a}·${b}`).toBe(true);
        if (opposite) expect(mulUp(a, b) <= 0, `${a}·${b}`).toBe(true);
        if (b !== 0 && !(Math.abs(a) === Infinity && Math.abs(b) === Infinity)) {
          if (same) expect(divDown(a, b) >= 0, `${a}/${b}`).toBe(true);
          if (opposite) expect(divUp(a, b) <= 0, `${a}/${b}`).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('divDown/divUp: exact quotients are kept, inexact ones widened outward, never wider than down/up', () => {
    const quotientPair = fc.oneof(
      pair,
      // a = q·b exactly: the quotient is the double q
      fc.tuple(short(26, -500, 500), short(26, -500, 500)).map(([q, b]): [number, number] => [q * b, b]),
      fc.tuple(short(26, -1074, -900), short(26, -100, 100)).map(([q, b]): [number, number] => [q * b, b]),
    );
    fc.assert(
      fc.property(
        quotientPair.filter(([, b]) => b !== 0),
        ([a, b]) => {
          const lo = divDown(a, b);
          const hi = divUp(a, b);
          const q = a / b;
          if (q === q) expect(lo >= down(q) && hi <= up(q), `${a}/${b}: [${lo}, ${hi}]`).toBe(true);
          const [x, y] = [exactOf(a), exactOf(b)];
          const trusted = splittable(q) && splittable(b) && (a === 0 || (Math.abs(a) >= 2 ** -967 && Math.abs(a) < 2 ** 1022));
          if (x && y) check(lo, hi, x.div(y), q, `${a}/${b}`, trusted);
        },
      ),
      RUNS,
    );
  });

  it('special values: infinities, NaN, zeros, overflow', () => {
    expect(addDown(-Infinity, 1)).toBe(-Infinity);
    expect(addUp(Infinity, -1)).toBe(Infinity);
    expect(addDown(MAX, MAX)).toBe(MAX); // overflow: the exact sum is > MAX
    expect(addUp(MAX, MAX)).toBe(Infinity);
    expect(addUp(-MAX, -MAX)).toBe(-MAX);
    expect(addDown(MAX, nextDown(MAX) - MAX / 2)).toBeLessThanOrEqual(MAX);
    expect(mulDown(1e200, 1e200)).toBe(MAX);
    expect(mulUp(1e200, 1e200)).toBe(Infinity);
    expect(mulDown(-1e200, 1e200)).toBe(-Infinity);
    expect(mulUp(-1e200, 1e200)).toBe(-MAX);
    expect(mulDown(0, Infinity)).toBe(0);
    expect(mulUp(-Infinity, 0)).toBe(0);
    expect(mulDown(-0, 5)).toBe(0);
    expect(mulDown(MIN, 0.5)).toBe(0); // underflow to 0 of a positive product: 0 is a lower bound
    expect(mulUp(MIN, 0.5)).toBeGreaterThan(0); // ... but not an upper one
    expect(mulDown(-MIN, 0.5)).toBe(-MIN);
    expect(mulUp(-MIN, 0.5)).toBe(0);
    expect(mulDown(-1e-200, -1e-200)).toBe(0);
    expect(divDown(1, Infinity)).toBe(0); // 1/∞ → 0⁺: 0 is a lower bound (signs agree)
    expect(divUp(1, Infinity)).toBeGreaterThan(0);
    expect(divUp(-1, Infinity)).toBe(0);
    expect(divDown(0, -3)).toBe(0);
    expect(divUp(-0, 3)).toBe(0);
    expect(divUp(Infinity, 2)).toBe(Infinity);
    expect(divDown(Infinity, 2)).toBe(MAX);
    for (const f of [addDown, addUp, mulDown, mulUp, divDown, divUp]) {
      expect(f(NaN, 1)).toBeNaN();
      expect(f(1, NaN)).toBeNaN();
      expect(f(NaN, 0)).toBeNaN();
      expect(f(0, NaN)).toBeNaN();
    }
    expect(sqrDown(NaN)).toBeNaN();
    expect(sqrUp(NaN)).toBeNaN();
    expect(sqrDown(3)).toBe(9);
    expect(sqrUp(-3)).toBe(9);
    // 2^−485 squared is 2^−970 < 2^−968: exact, but below the guard, so widened (soundly)
    const t = 2 ** -485;
    expect(sqrDown(t)).toBeLessThan(t * t);
    expect(sqrUp(t)).toBeGreaterThan(t * t);
    // just above the guard the exact square is kept
    const u = 3 * 2 ** -483;
    expect([sqrDown(u), sqrUp(u)]).toEqual([u * u, u * u]);
  });
});
