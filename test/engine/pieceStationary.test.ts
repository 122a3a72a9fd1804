import { describe, expect, it } from 'vitest';
import { shardProblem, shardScope } from '../../src/cli/shard.js';
import { buildResiduals, projectionModel, type Claim } from '../../src/conditions/index.js';
import { check } from '../../src/engine/index.js';
import { Prepared } from '../../src/engine/prepared.js';
import { Rational } from '../../src/exact/rational.js';
import { parseExpr } from '../../src/expr/index.js';
import { domainBoxes, problemFromText } from '../../src/problem/index.js';

/**
 * A point of S on a face where `--shard`/`--jobs` cut the domain is inside the whole domain's
 * interior, so ∇f = 0 there (a minimizer in the interior is stationary) and the Aiming/QCvx
 * constant 1 + m/M of the local-convexity argument applies in the pieces too. Before, each piece
 * judged interiority by its own box and allowed θ ≤ 1 only near such a point (completeness; the
 * checker, which sees the whole problem, already judged by the whole domain).
 */
const p = problemFromText(
  [
    'name: origin-on-the-cut',
    'variables: [x, y]',
    'terms: ["x^2 + y^2 + x*y + sin(x*y)^2 + exp(x) - 1 - x"]',
    'domain: { x: [-1, 1], y: [-1, 1] }',
    'minimizers: { points: [[0, 0]] }',
  ].join('\n'),
  'yaml',
  'origin.yaml',
);
const claim: Claim = { condition: 'aiming', theta: Rational.of(3, 2) };
const f = parseExpr('x^2 + y^2 + x*y + sin(x*y)^2 + exp(x) - 1 - x', { variables: ['x', 'y'] });

describe('a point of S on a cut between pieces', () => {
  const n = 4;
  const pieces = Array.from({ length: n }, (_, k) => shardProblem(p, shardScope(p, claim, k + 1, n)));
  const touching = pieces.filter((q) => {
    const b = domainBoxes(q).outer;
    return b.lo.every((l, j) => l <= 0 && 0 <= b.hi[j]!);
  });

  it('the cut passes through the point (every piece touches it on its boundary)', () => {
    expect(touching.length).toBe(n);
  });

  it('is stationary in every piece (judged on the whole domain), and not by the piece alone', () => {
    for (const q of touching) {
      const b = domainBoxes(q);
      const system = buildResiduals(q, claim, projectionModel(q));
      const local = { f, points: [[parseExpr('0', { variables: [] }), parseExpr('0', { variables: [] })]] };
      expect(new Prepared(system, b.outer, b.inner, local, { wholeInner: q.wholeInner! }).localStationary).toEqual([true]);
      expect(new Prepared(system, b.outer, b.inner, local).localStationary).toEqual([false]);
    }
  });

  it('a piece carries the whole inner box, and a piece of a piece keeps it', () => {
    const whole = domainBoxes(p).inner;
    for (const q of pieces) expect(q.wholeInner).toEqual(whole);
    const sub = shardProblem(pieces[0]!, shardScope(pieces[0]!, claim, 1, 2));
    expect(sub.wholeInner).toEqual(whole);
  });

  it('each piece still decides the claim (certified; θ = 3/2 holds: the ratio is 2 at the origin)', () => {
    for (const q of pieces) expect(check(q, claim, { maxBoxes: 20_000 }).verdict).toBe('certified');
  });
});
