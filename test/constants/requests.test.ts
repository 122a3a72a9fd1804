import { describe, expect, it } from 'vitest';
import { bestConstants, ConstantsUsageError, parseTie } from '../../src/constants/index.js';
import { loadProblemFile, problemFromText } from '../../src/problem/index.js';
import { example } from '../helpers/cli.js';

describe('constants: requests that cannot be answered as asked', () => {
  const p = loadProblemFile(example('x4.yaml'));
  it.each([
    [{ condition: 'pl' as const, tie: parseTie('beta = alpha - 1') }, /does not apply/],
    [{ condition: 'aiming' as const, objective: 'region' as const }, /alpha-beta only/],
    [{ condition: 'alpha-beta' as const, objective: 'min-alpha' as const }, /needs a tie/],
    [{ condition: 'alpha-beta' as const, objective: 'max-gap' as const, tie: parseTie('beta = alpha - 1') }, /takes no --fix/],
    [{ condition: 'alpha-beta' as const, objective: 'region' as const, alphaMax: -1 }, /--alpha-max must be > 0/],
  ])('%o', async (req, msg) => {
    await expect(bestConstants(p, req)).rejects.toThrow(ConstantsUsageError);
    await expect(bestConstants(p, req)).rejects.toThrow(msg);
  });
});

describe('constants: QCvx with an infinite S refutes no value from one x*', () => {
  // f = x²(1 + y²) on [−1, 1] × [2, 4], S = {x = 0}: θ = 3 holds with x* = 0 but fails with
  // x* = P(centre) = (0, 3). Without confirmation by check() the raw bracket named a refuted
  // value from that one x*.
  const p = problemFromText(
    'name: qcvx-xstar\nvariables: [x, y]\nterms: ["x^2 * (1 + y^2)"]\ndomain: { x: [-1, 1], y: [2, 4] }\nminimizers: { affine: { A: [[1, 0]], b: [0] } }\nfstar: 0\n',
    'yaml',
    'qcvx-xstar.yaml',
  );
  it('raw bracket (skipConfirm): refuted is null, and a note says why', async () => {
    const r = await bestConstants(p, { condition: 'qcvx' }, { skipConfirm: true, timeLimitMs: 20_000 });
    expect(r.refuted).toBeNull();
    expect(r.notes.join(' ')).toMatch(/only x\* = P\(centre\) is tried/);
  }, 60_000);
});
