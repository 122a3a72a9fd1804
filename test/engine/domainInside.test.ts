import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateFor, verifyCertificateAsync } from '../../src/cert/index.js';
import type { Claim } from '../../src/conditions/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { problemFromText } from '../../src/problem/index.js';

/**
 * Issue [8a] §1: a domain bound written as an exact expression whose float enclosure is wide
 * ("pi^20 - pi^20 + 1/3" is exactly 1/3, enclosed in [0.333276, 0.333391]). A minimizer of f
 * over the OUTER float box that lies in the margin may be outside the exact domain; the
 * minimizer over the domain is then the boundary point, where the claim can fail. lscert must
 * never certify from such an S, and its checker must reject certificates that did.
 */
const WIDE = (k: number, r: string) => `pi^${k} - pi^${k} + ${r}`;

const yaml = (o: { name: string; vars: string[]; terms: string[]; domain: [string, string][]; S: string }) =>
  [
    `name: ${o.name}`,
    `variables: [${o.vars.join(', ')}]`,
    `terms: [${o.terms.map((t) => JSON.stringify(t)).join(', ')}]`,
    `domain: { ${o.vars.map((v, j) => `${v}: [${JSON.stringify(o.domain[j]![0])}, ${JSON.stringify(o.domain[j]![1])}]`).join(', ')} }`,
    `minimizers: ${o.S}`,
  ].join('\n');

const theta = (condition: 'aiming' | 'qcvx', t: Rational): Claim => ({ condition, theta: t });

describe('a computed S must lie inside the exact domain', () => {
  const lower = problemFromText(
    yaml({ name: 'wide', vars: ['x'], terms: ['(x - 1/3 + 1/250000)^2'], domain: [[WIDE(20, '1/3'), '2']], S: '{ auto: true }' }),
    'yaml',
    'wide.yaml',
  );
  const upper = problemFromText(
    yaml({ name: 'wide-up', vars: ['x'], terms: ['(x - 2/3 - 1/250000)^2'], domain: [['-1', WIDE(20, '2/3')]], S: '{ auto: true }' }),
    'yaml',
    'wide-up.yaml',
  );

  for (const [name, p] of [
    ['lower bound', lower],
    ['upper bound', upper],
  ] as const) {
    for (const condition of ['aiming', 'qcvx'] as const) {
      it(`${condition}, minimizer just outside the ${name}: not certified, and the reason says why`, () => {
        const r = check(p, theta(condition, Rational.of(3, 2)));
        expect(r.verdict).not.toBe('certified');
        expect(r.reason).toMatch(/float enclosure of the (lower|upper) bound of x.*may lie outside the domain/);
      });
    }
  }

  it('the same claim written with tight bounds and S given explicitly is refuted (so certifying it was false)', () => {
    const tight = problemFromText(
      yaml({ name: 'tight', vars: ['x'], terms: ['(x - 1/3 + 1/250000)^2'], domain: [['1/3', '2']], S: '{ points: [["1/3"]] }' }),
      'yaml',
      'tight.yaml',
    );
    expect(check(tight, theta('aiming', Rational.of(3, 2))).verdict).toBe('refuted');
  });

  it('a minimizer well inside a wide-bounded domain is still computed and certified', () => {
    const p = problemFromText(
      yaml({ name: 'inside', vars: ['x'], terms: ['(x - 1/2)^2'], domain: [[WIDE(20, '1/3'), '2']], S: '{ auto: true }' }),
      'yaml',
      'inside.yaml',
    );
    const r = check(p, theta('aiming', Rational.of(3, 2)));
    expect(r.verdict).toBe('certified');
  });

  for (const file of ['wide-aiming', 'wide-qcvx', 'wide-upper']) {
    it(`the certificate lscert wrote for ${file} before the fix is rejected by the checker`, async () => {
      const json = JSON.parse(readFileSync(fileURLToPath(new URL(`../cert/data/${file}-before-fix.cert.json`, import.meta.url)), 'utf8'));
      const v = await verifyCertificateAsync(json);
      expect(v.ok).toBe(false);
      expect(v.reasons.join('\n')).toMatch(/minimizers\.regions\[0\]: not inside the interior of the domain/);
    });
  }
});

/**
 * Property: random 1-D and 2-D separable problems f = Σ w_j (x_j − c_j)², one bound written
 * with a wide enclosure, c placed just inside or just outside that bound. Whenever the wide,
 * auto-S problem is certified, the same problem with tight (rational) bounds and S given
 * explicitly (the exact minimizer over the domain: c clipped to the box) is not refuted.
 */
describe('property: a certified verdict with a wide-bounded domain is never contradicted', () => {
  const arb = fc.record({
    d: fc.integer({ min: 1, max: 2 }),
    lo: fc.array(fc.integer({ min: -6, max: 2 }), { minLength: 2, maxLength: 2 }),
    den: fc.array(fc.constantFrom(3, 7, 9, 11), { minLength: 2, maxLength: 2 }),
    width: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 2 }),
    weight: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
    wideAt: fc.record({ j: fc.integer({ min: 0, max: 1 }), side: fc.constantFrom('lo' as const, 'hi' as const), k: fc.integer({ min: 12, max: 22 }) }),
    // offset of the minimizer from the wide bound, in units of 1/10^e: positive = inside the domain
    offset: fc.record({ sign: fc.constantFrom(-1, 1), mant: fc.integer({ min: 1, max: 9 }), e: fc.integer({ min: 3, max: 8 }) }),
    // the other coordinate's minimizer: at the middle of its side
    claim: fc.oneof(
      fc.record({ condition: fc.constantFrom('aiming' as const, 'qcvx' as const), t: fc.constantFrom(Rational.of(1), Rational.of(3, 2), Rational.of(19, 10)) }),
      fc.record({ condition: fc.constant('pl' as const), t: fc.constantFrom(Rational.of(1, 2), Rational.of(3, 2)) }),
    ),
  });

  it('holds on 40 random problems', async () => {
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const d = a.d;
        const vars = ['x', 'y'].slice(0, d);
        const j0 = a.wideAt.j % d;
        const lo = vars.map((_, j) => Rational.of(a.lo[j]!, a.den[j]!));
        const hi = vars.map((_, j) => lo[j]!.add(Rational.of(a.width[j]!)));
        const off = Rational.of(a.offset.sign * a.offset.mant, 10 ** a.offset.e);
        // c: the wide side's minimizer sits at bound ± offset; the other coordinates at mid-side.
        const c = vars.map((_, j) => (j === j0 ? (a.wideAt.side === 'lo' ? lo[j]!.add(off) : hi[j]!.sub(off)) : lo[j]!.add(hi[j]!).div(Rational.of(2))));
        const terms = [vars.map((v, j) => `${a.weight[j]}*(${v} - (${c[j]!.toString()}))^2`).join(' + ')];
        const bound = (j: number, side: 'lo' | 'hi') => {
          const r = (side === 'lo' ? lo : hi)[j]!.toString();
          return j === j0 && side === a.wideAt.side ? WIDE(a.wideAt.k, r) : r;
        };
        const wide = problemFromText(
          yaml({ name: 'wide', vars, terms, domain: vars.map((_, j) => [bound(j, 'lo'), bound(j, 'hi')]), S: '{ auto: true }' }),
          'yaml',
          'wide.yaml',
        );
        const claim: Claim = a.claim.condition === 'pl' ? { condition: 'pl', mu: a.claim.t } : { condition: a.claim.condition, theta: a.claim.t };
        const r = check(wide, claim, { maxBoxes: 20_000, timeLimitMs: 10_000 });
        if (r.verdict !== 'certified') return;
        // The exact minimizer over the domain: c clipped to [lo, hi] (separable, positive weights).
        const p = c.map((v, j) => (v.cmp(lo[j]!) < 0 ? lo[j]! : v.cmp(hi[j]!) > 0 ? hi[j]! : v));
        const tight = problemFromText(
          yaml({
            name: 'tight',
            vars,
            terms,
            domain: vars.map((_, j) => [lo[j]!.toString(), hi[j]!.toString()]),
            S: `{ points: [[${p.map((v) => JSON.stringify(v.toString())).join(', ')}]] }`,
          }),
          'yaml',
          'tight.yaml',
        );
        const t = check(tight, claim, { maxBoxes: 20_000, timeLimitMs: 10_000 });
        expect(t.verdict, `wide certified, tight ${t.verdict}: ${JSON.stringify(a, (_, v) => (v instanceof Rational ? v.toString() : v))}`).not.toBe('refuted');
        // The certificate of the wide problem re-checks with the independent checker.
        const v = await verifyCertificateAsync(JSON.parse(JSON.stringify(certificateFor(wide, r))));
        expect(v.reasons).toEqual([]);
      }),
      { numRuns: 40, seed: 20261204 },
    );
  });
});
