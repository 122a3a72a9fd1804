import { describe, expect, it } from 'vitest';
import { verifyCertificate } from '../../src/cert/index.js';
import { Rational } from '../../src/exact/rational.js';
import { ab, certified, type Mutable } from './fixtures.js';

/**
 * Certificates of claims whose S is computed (`minimizers: auto`) carry a proof that S is one
 * point inside the recorded slot box; the checker re-verifies it (src/cert/minimizers.ts).
 */
const cert = () => certified('autoq', ab(Rational.of(20), Rational.of(19))).cert as Mutable;

function rejects(c: unknown, why: RegExp): void {
  const v = verifyCertificate(c, { maxReasons: 3 });
  expect(v.ok).toBe(false);
  expect(v.reasons.join('\n')).toMatch(why);
}

/** Every leaf of the exclusion tree, with a setter. */
function minLeaves(t: Mutable): Mutable[] {
  const out: Mutable[] = [];
  const stack = [t];
  while (stack.length) {
    const n = stack.pop();
    if ('l' in n) out.push(n);
    else stack.push(...n.c);
  }
  return out;
}

describe('certificates with a computed S', () => {
  it('carry a minimizer proof and verify', () => {
    const c = cert();
    expect(c.minimizers.tree).toBeDefined();
    expect(c.slots.slice(0, 2).map((s: Mutable) => s.name)).toEqual(['S_x', 'S_y']);
    const v = verifyCertificate(c);
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('fail when the S enclosure is moved off the minimizer', () => {
    const c = cert();
    const w = c.slots[0].hi - c.slots[0].lo;
    c.slots[0].lo += 10 * w + 1e-9;
    c.slots[0].hi += 10 * w + 1e-9;
    rejects(c, /does not contain the stationary point/);
    const d = cert();
    d.minimizers.regions.push(d.minimizers.regions[0]);
    rejects(d, /expected 1 regions|need a declared symmetry/);
  });

  it('fail without the proof, or with a region touching the boundary', () => {
    const c = cert();
    delete c.minimizers;
    rejects(c, /minimizers: expected/);
    const d = cert();
    d.minimizers.regions[0].lo[0] = -1;
    rejects(d, /interior of the domain/);
  });

  it('fail when an excluded leaf is relabelled as region or as a wrong gradient', () => {
    const c = cert();
    const leaf = minLeaves(c.minimizers.tree).find((l) => l.l === 'bound' || typeof l.l === 'number');
    leaf.l = 'region';
    rejects(c, /not inside the region/);
    const d = cert();
    const g = minLeaves(d.minimizers.tree).find((l) => l.l === 'bound');
    g.l = 0;
    rejects(d, /may vanish|interior of the domain/);
  });

  it('fail when the upper bound point is moved to a worse point (leaves no longer exclude)', () => {
    const c = cert();
    c.minimizers.upper = [1, 1];
    rejects(c, /not above U/);
  });

  it('fail when a subtree is dropped (the tiling loses boxes)', () => {
    const c = cert();
    c.minimizers.tree = { l: 'bound' };
    rejects(c, /not above U/);
  });
});

describe('local convexity next to a computed S', () => {
  it('PL, Aiming and QCvx certify with boxes next to the point (hull of box and point) and verify', () => {
    const claims = [
      { condition: 'pl' as const, mu: Rational.of(1, 10) },
      { condition: 'aiming' as const, theta: Rational.of(1, 2) },
      { condition: 'qcvx' as const, theta: Rational.of(1, 2) },
    ];
    for (const claim of claims) {
      const c = certified('autoq', claim).cert as Mutable;
      const v = verifyCertificate(c);
      expect(v.reasons, claim.condition).toEqual([]);
      const locals: Mutable[] = [];
      const stack = [c.tree];
      while (stack.length) {
        const n = stack.pop();
        if (n.leaf) locals.push(...n.leaf.filter((pr: Mutable) => pr.how === 'local-convexity'));
        else stack.push(...n.children);
      }
      expect(locals.length, claim.condition).toBeGreaterThan(0);
      // A claimed curvature better than the recomputed one is a tampered leaf.
      locals[0].m *= 2;
      expect(verifyCertificate(c).ok).toBe(false);
    }
  });
});
