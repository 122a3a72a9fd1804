import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../src/conditions/index.js';
import { checkDetailed } from '../../src/engine/check.js';
import { openStatus, treeStatus } from '../../src/engine/search.js';
import type { SearchNode } from '../../src/engine/types.js';
import { Rational } from '../../src/exact/rational.js';
import { remark1d3 } from '../helpers/problems.js';
import { problemFromText } from '../../src/problem/index.js';

/**
 * SearchOptions.keepTree = false (a check that writes no certificate and draws no boxes): the
 * search keeps no proof tree. Everything the result says must be what the same search with a
 * tree says, and the open regions it hands to a later Z3 pass (`openNodes`) must be the tree's
 * open leaves, with the same accounting of proved volume once some of them are closed.
 */
const example = (name: string) => {
  const path = new URL(`../../examples/${name}`, import.meta.url).pathname;
  return problemFromText(readFileSync(path, 'utf8'), 'yaml', path);
};
const ab = (alpha: string, beta: string): Claim => ({ condition: 'alpha-beta', alpha: Rational.parseDecimal(alpha)!, beta: Rational.parseDecimal(beta)! });

const cases = [
  { name: 'certified (Example 1, α = 2.5, β = 2)', p: example('ex1-affine.yaml'), claim: ab('2.5', '2'), maxBoxes: 200_000, verdict: 'certified' },
  { name: 'refuted (Remark 1, d = 3, β = 1.95)', p: remark1d3, claim: ab('2.5', '1.95'), maxBoxes: 200_000, verdict: 'refuted' },
  { name: 'inconclusive at 400 boxes (Remark 1, d = 3)', p: remark1d3, claim: ab('2.5', '2'), maxBoxes: 400, verdict: 'inconclusive' },
] as const;

describe('a search without its proof tree (keepTree: false)', () => {
  for (const c of cases)
    it(`says what the search with a tree says: ${c.name}`, () => {
      const opts = { maxBoxes: c.maxBoxes, timeLimitMs: 60_000, reduce: false, deferRelWidth: 2 ** -6 };
      const withTree = checkDetailed(c.p, c.claim, { ...opts, keepTree: true });
      const without = checkDetailed(c.p, c.claim, { ...opts, keepTree: false });
      expect(withTree.result.verdict).toBe(c.verdict);
      const { tree, elapsedMs: _e, ...rest } = withTree.result;
      const { tree: none, elapsedMs: _f, ...restWithout } = without.result;
      expect(restWithout).toEqual(rest);
      expect(none).toBeUndefined();
      if (c.verdict === 'certified') expect(tree).toBeDefined();
      expect(without.searchTree === undefined || without.searchTree.children === undefined).toBe(true);
    });

  it('hands the tree’s open leaves to the Z3 pass, and counts the volume of those it closes as the tree does', () => {
    const opts = { maxBoxes: 400, timeLimitMs: 60_000, reduce: false, deferRelWidth: 2 ** -6 };
    const a = checkDetailed(remark1d3, ab('2.5', '2'), { ...opts, keepTree: true }).resume!;
    const b = checkDetailed(remark1d3, ab('2.5', '2'), { ...opts, keepTree: false }).resume!;
    expect(b.root).toBeUndefined();
    const leaves: SearchNode[] = [];
    const walk = (n: SearchNode) => (n.children ? n.children.forEach(walk) : n.leaf ? undefined : leaves.push(n));
    walk(a.root!);
    const key = (n: SearchNode) => `${n.box.lo.join(',')}|${n.box.hi.join(',')}`;
    expect(b.openNodes.map(key).sort()).toEqual(leaves.map(key).sort());
    expect(leaves.length).toBeGreaterThan(3);
    // Close every third open region in both (as a Z3 pass would, with a leaf), then compare.
    const closed = new Set(leaves.filter((_, k) => k % 3 === 0).map(key));
    for (const n of [...leaves, ...b.openNodes]) if (closed.has(key(n))) n.leaf = [];
    const sa = treeStatus(a.root!, a.domain);
    const sb = openStatus(b.openNodes, b.provedVolume, b.domain);
    expect(sb.open.length).toBe(sa.open.length);
    expect(sb.proved).toBeCloseTo(sa.proved, 12);
    expect(sb.proved).toBeGreaterThan(b.provedVolume);
  });
});
