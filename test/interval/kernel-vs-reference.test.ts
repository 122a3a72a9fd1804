/**
 * The fast, exactness-aware kernel against the previous implementations kept in
 * reference-kernel.ts: for random boxes (zeros, subnormals, huge, infinite endpoints and
 * short significands that make exact results common) the new result is never wider than
 * the old one (new ⊆ old as intervals, NaN exactly when the old one is NaN) and it still
 * contains the exact values at sampled points of the box (exact rationals).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as K from '../../src/interval/kernel.js';
import * as Old from './reference-kernel.js';
import { Rational } from '../../src/exact/rational.js';
import { R, SPECIALS, containsZero, encloses, out, pointIn } from './helpers.js';

const RUNS = { numRuns: 1500 } as const;
const MAX = Number.MAX_VALUE;

/** m·2^e with a short significand: sums, products and quotients are often exact. */
const short = (bits: number, emin: number, emax: number): fc.Arbitrary<number> =>
  fc
    .tuple(fc.integer({ min: -(2 ** bits) + 1, max: 2 ** bits - 1 }), fc.integer({ min: emin, max: emax }))
    .map(([m, e]) => m * 2 ** e)
    .filter(Number.isFinite);

const endpoint: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...SPECIALS),
  fc.integer({ min: -20, max: 20 }),
  short(12, -8, 8),
  short(26, -1074, 1000),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double({ noNaN: true }),
  fc.double({ min: 2 ** -520, max: 2 ** -440, noNaN: true }),
  fc.double({ min: 2 ** 990, max: MAX, noNaN: true }),
);

const box: fc.Arbitrary<[number, number]> = fc
  .tuple(endpoint, endpoint)
  .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]))
  .filter(([lo, hi]) => lo !== Infinity && hi !== -Infinity);

const boxWithPoint: fc.Arbitrary<[[number, number], number]> = box.chain((iv) => pointIn(iv[0], iv[1]).map((x): [[number, number], number] => [iv, x]));

/** new ⊆ old: both NaN, or old.lo ≤ new.lo ≤ new.hi ≤ old.hi. */
function within(nw: [number, number], old: [number, number], what: string): void {
  const nanOld = old[0] !== old[0];
  const nanNew = nw[0] !== nw[0] || nw[1] !== nw[1];
  expect(nanNew, `${what}: new [${nw}] vs old [${old}]`).toBe(nanOld);
  if (!nanOld) expect(old[0] <= nw[0] && nw[0] <= nw[1] && nw[1] <= old[1], `${what}: new [${nw}] ⊄ old [${old}]`).toBe(true);
}

type Bin = (al: number, ah: number, bl: number, bh: number) => void;
const BINARY: [string, Bin, Bin, (a: Rational, b: Rational) => Rational | undefined][] = [
  ['add', K.add, Old.add, (a, b) => a.add(b)],
  ['sub', K.sub, Old.sub, (a, b) => a.sub(b)],
  ['mul', K.mul, Old.mul, (a, b) => a.mul(b)],
  ['div', K.div, Old.div, (a, b) => (b.isZero() ? undefined : a.div(b))],
];

describe('fast kernel vs the reference (previous) kernel', () => {
  for (const [name, nw, old, exact] of BINARY) {
    it(`${name}: new ⊆ old, and the new result contains the exact values`, () => {
      fc.assert(
        fc.property(boxWithPoint, boxWithPoint, ([[al, ah], a], [[bl, bh], b]) => {
          old(al, ah, bl, bh);
          const o = out();
          nw(al, ah, bl, bh);
          const n = out();
          const what = `${name}([${al}, ${ah}], [${bl}, ${bh}])`;
          within(n, o, what);
          const e = exact(R(a), R(b));
          if (e && n[0] === n[0]) expect(encloses(n, e), `${what} at ${a}, ${b}: [${n}]`).toBe(true);
        }),
        RUNS,
      );
    });
  }

  it('sqr, recip, sqrt: new ⊆ old, and the new result contains the exact values', () => {
    fc.assert(
      fc.property(boxWithPoint, ([[al, ah], a]) => {
        Old.sqr(al, ah);
        const os = out();
        K.sqr(al, ah);
        within(out(), os, `sqr([${al}, ${ah}])`);
        expect(encloses(out(), R(a).mul(R(a))), `sqr([${al}, ${ah}]) at ${a}: [${out()}]`).toBe(true);

        Old.recip(al, ah);
        const or = out();
        K.recip(al, ah);
        within(out(), or, `recip([${al}, ${ah}])`);
        if (!containsZero(al, ah)) expect(encloses(out(), Rational.ONE.div(R(a))), `recip([${al}, ${ah}]) at ${a}: [${out()}]`).toBe(true);

        Old.sqrt(al, ah);
        const oq = out();
        K.sqrt(al, ah);
        const q = out();
        within(q, oq, `sqrt([${al}, ${ah}])`);
        if (al >= 0) {
          // lo² ≤ a ≤ hi², exactly
          expect(R(q[0]).mul(R(q[0])).cmp(R(a)) <= 0, `sqrt([${al}, ${ah}]) at ${a}: [${q}]`).toBe(true);
          if (Number.isFinite(q[1])) expect(R(q[1]).mul(R(q[1])).cmp(R(a)) >= 0, `sqrt([${al}, ${ah}]) at ${a}: [${q}]`).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('powInt for n in [−7, 9]: new ⊆ old, and the new result contains the exact power', () => {
    fc.assert(
      fc.property(boxWithPoint, fc.integer({ min: -7, max: 9 }), ([[al, ah], a], n) => {
        Old.powInt(al, ah, n);
        const o = out();
        K.powInt(al, ah, n);
        const r = out();
        const what = `[${al}, ${ah}]^${n}`;
        within(r, o, what);
        if (n < 0 && containsZero(al, ah)) return;
        // exponents up to ±1074·9: fine for BigInt rationals
        expect(encloses(r, R(a).pow(n)), `${what} at ${a}: [${r}]`).toBe(true);
      }),
      RUNS,
    );
  });

  it('powInt with large and non-int32 exponents agrees with the reference (⊆) and rejects non-integers', () => {
    for (const n of [10, 17, 64, 101, 2 ** 31, 2 ** 33 + 1, -(2 ** 31) - 2, -12]) {
      for (const [al, ah] of [
        [0.999, 1.001],
        [-1.0001, 1],
        [2, 2],
        [-1, -1],
        [0, 0],
        [-0.5, 0.25],
      ] as const) {
        Old.powInt(al, ah, n);
        const o = out();
        K.powInt(al, ah, n);
        within(out(), o, `[${al}, ${ah}]^${n}`);
      }
    }
    for (const n of [0.5, NaN, Infinity, -1.5, 2 ** 31 + 0.5]) expect(() => K.powInt(1, 2, n)).toThrow(RangeError);
    K.powInt(2, 2, 10);
    expect(out()).toEqual([1024, 1024]);
    K.powInt(-2, -2, 7);
    expect(out()).toEqual([-128, -128]);
  });

  it('the NaN, zero and infinity corners of mul agree with the reference', () => {
    const S: [number, number][] = [
      [0, 0],
      [-0, 0],
      [0, 1],
      [-1, 0],
      [-1, 1],
      [0, Infinity],
      [-Infinity, 0],
      [-Infinity, Infinity],
      [1, Infinity],
      [-Infinity, -1],
      [NaN, NaN],
      [MAX, MAX],
      [-MAX, MAX],
      [5e-324, 1e-300],
    ];
    for (const [al, ah] of S) {
      for (const [bl, bh] of S) {
        Old.mul(al, ah, bl, bh);
        const o = out();
        K.mul(al, ah, bl, bh);
        within(out(), o, `mul([${al}, ${ah}], [${bl}, ${bh}])`);
        Old.div(al, ah, bl, bh);
        const od = out();
        K.div(al, ah, bl, bh);
        within(out(), od, `div([${al}, ${ah}], [${bl}, ${bh}])`);
        Old.add(al, ah, bl, bh);
        const oa = out();
        K.add(al, ah, bl, bh);
        within(out(), oa, `add([${al}, ${ah}], [${bl}, ${bh}])`);
      }
    }
  });
});
