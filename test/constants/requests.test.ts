import { describe, expect, it } from 'vitest';
import { bestConstants, ConstantsUsageError, parseTie } from '../../src/constants/index.js';
import { loadProblemFile } from '../../src/problem/index.js';
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
