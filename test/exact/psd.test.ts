import { describe, expect, it } from 'vitest';
import { psdOnSpan } from '../../src/exact/psd.js';
import { Rational } from '../../src/exact/rational.js';

const R = (rows: number[][]) => rows.map((r) => r.map((v) => Rational.fromNumber(v)));
const I = (n: number) => R(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));

describe('psdOnSpan (exact PSD test on a subspace)', () => {
  it('decides PSD matrices on the whole space, including singular ones', () => {
    expect(
      psdOnSpan(
        R([
          [2, 1],
          [1, 2],
        ]),
        I(2),
      ),
    ).toBe(true);
    expect(
      psdOnSpan(
        R([
          [1, 1],
          [1, 1],
        ]),
        I(2),
      ),
    ).toBe(true); // rank 1, eigenvalues 0 and 2
    expect(
      psdOnSpan(
        R([
          [0, 0],
          [0, 0],
        ]),
        I(2),
      ),
    ).toBe(true);
    expect(
      psdOnSpan(
        R([
          [1, 2],
          [2, 1],
        ]),
        I(2),
      ),
    ).toBe(false); // eigenvalue −1
    expect(
      psdOnSpan(
        R([
          [0, 1],
          [1, 0],
        ]),
        I(2),
      ),
    ).toBe(false); // zero diagonal, non-zero row
    expect(
      psdOnSpan(
        R([
          [1, 0, 0],
          [0, -1e-30, 0],
          [0, 0, 1],
        ]),
        I(3),
      ),
    ).toBe(false);
  });

  it('restricts to the span of Q (columns need not be independent)', () => {
    // diag(1, −1) is PSD on the x axis only.
    const M = R([
      [1, 0],
      [0, -1],
    ]);
    expect(psdOnSpan(M, R([[1], [0]]))).toBe(true);
    expect(
      psdOnSpan(
        M,
        R([
          [1, 2],
          [0, 0],
        ]),
      ),
    ).toBe(true);
    expect(psdOnSpan(M, R([[0], [1]]))).toBe(false);
    expect(psdOnSpan(M, R([[1], [1]]))).toBe(true); // vᵀMv = 0 on (1, 1)
    expect(psdOnSpan(M, R([[1], [1.0000001]]))).toBe(false);
  });

  it('agrees with the smallest eigenvalue of random symmetric 2×2 matrices', () => {
    let s = 7;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      return (s % 13) - 6;
    };
    for (let k = 0; k < 300; k++) {
      const [a, b, c] = [rnd(), rnd(), rnd()];
      // PSD iff a ≥ 0, c ≥ 0 and ac − b² ≥ 0 (integers: exact)
      const want = a >= 0 && c >= 0 && a * c - b * b >= 0;
      expect(
        psdOnSpan(
          R([
            [a, b],
            [b, c],
          ]),
          I(2),
        ),
      ).toBe(want);
    }
  });
});
