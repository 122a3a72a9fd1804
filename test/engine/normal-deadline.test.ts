import { describe, expect, it } from 'vitest';
import { buildResiduals } from '../../src/conditions/index.js';
import { withDeadline } from '../../src/engine/budget.js';
import { solutionModel } from '../../src/engine/constantsKit.js';
import { NormalSegment } from '../../src/engine/normal.js';
import { Rational } from '../../src/exact/rational.js';
import { parseExpr, SimplifyTimeout, simplify, toText } from '../../src/expr/index.js';
import { problemFromText } from '../../src/problem/index.js';

/**
 * The symbolic work behind the normal-segment argument (facts on S, Hessians and their
 * gradients) runs inside a command's --time-limit: it took 1–1.5 s per check on the Remark-1
 * d = 4 problem, and a report's constants phases (350 ms each at --time-limit 5) overran 3–4×.
 * It now stops at the ambient deadline; stopping makes the argument unavailable, nothing more.
 */
const R4 = `name: remark1-d4
variables: [x1, x2, x3, x4]
terms:
  - "(x1+x2+x3+x4+1)^2/((x1+x2+x3+x4+1)^2+1)"
  - "(x1+x2+x3+x4)^2/((x1+x2+x3+x4)^2+1)"
domain: { "*": [-1, 2] }
minimizers: { affine: { A: [[1, 1, 1, 1]], b: ["-1/2"] } }
`;

describe('simplify with a deadline', () => {
  const vars = ['x', 'y', 'z'];
  const big = parseExpr(Array.from({ length: 200 }, (_, k) => `(x + ${k}*y - z)^2`).join(' + '), { variables: vars });

  it('throws SimplifyTimeout once the deadline has passed', () => {
    expect(() => simplify(big, { deadline: Date.now() - 1 })).toThrow(SimplifyTimeout);
    expect(() => simplify(big, { expand: false, deadline: Date.now() - 1 })).toThrow(SimplifyTimeout);
  });

  it('gives the same result as without one when the deadline is far', () => {
    const plain = toText(simplify(big));
    expect(toText(simplify(big, { deadline: Date.now() + 60_000 }))).toBe(plain);
    expect(toText(simplify(big, { deadline: Infinity }))).toBe(plain);
  });
});

describe('the normal-segment argument under a deadline', () => {
  const p = problemFromText(R4, 'yaml', 'r4.yaml');
  const m = solutionModel(p, 1);
  if (!m.ok) throw new Error(m.reason);
  const sys = buildResiduals(p, { condition: 'aiming', theta: Rational.of(1, 20) }, m.model);

  it('is unavailable, and says why, when built after the deadline', () => {
    const seg = withDeadline(Date.now() - 1, () => new NormalSegment(sys));
    expect(seg.outOfTime).toBe(true);
    expect(seg.unavailable).toMatch(/time limit ran out/);
  });

  it('is built normally without one (the out-of-time state is not a property of the claim)', () => {
    const seg = new NormalSegment(sys);
    expect(seg.outOfTime).toBe(false);
    expect(seg.unavailable ?? '').not.toMatch(/time limit/);
  });
});
