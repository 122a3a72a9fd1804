/**
 * provePositiveDefinite: soundness against exact rational arithmetic (every member sampled
 * from a proved interval matrix has positive leading principal minors), completeness on
 * well-conditioned matrices, and the "not proved" answers (singular, indefinite, NaN, ±∞,
 * empty intersections).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../src/exact/rational.js';
import { provePositiveDefinite } from '../../src/interval/index.js';
import { proveByCholesky, proveByMidpoint } from '../../src/interval/psd.js';

const R = (x: number): Rational => Rational.fromNumber(x);

/**
 * Exact test: the symmetric rational matrix (row-major n×n) is positive definite iff every
 * pivot of Gaussian elimination without pivoting is > 0 (pivot k = D_k / D_{k−1}, the ratio
 * of leading principal minors; Sylvester's criterion).
 */
function exactlyPositiveDefinite(n: number, m: readonly Rational[]): boolean {
  const a = m.slice();
  for (let k = 0; k < n; k++) {
    const p = a[k * n + k]!;
    if (p.sign() <= 0) return false;
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]!.div(p);
      if (f.isZero()) continue;
      for (let j = k; j < n; j++) a[i * n + j] = a[i * n + j]!.sub(f.mul(a[k * n + j]!));
    }
  }
  return true;
}

/** The intersected symmetric entries [l, h] (full row-major n×n), as the prover sees them. */
function intersected(n: number, lo: readonly number[], hi: readonly number[]): [number[], number[]] {
  const l: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      l.push(Math.max(lo[i * n + j]!, lo[j * n + i]!));
      h.push(Math.min(hi[i * n + j]!, hi[j * n + i]!));
    }
  }
  return [l, h];
}

/** A small deterministic PRNG (mulberry32) for sampling members inside a property. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Symmetric members (exact rationals) of the intersected matrix: the two extreme corners,
 * random corners and random interior points (each entry a double in [l, h], endpoints
 * favoured).
 */
function sampleMembers(n: number, l: readonly number[], h: readonly number[], seed: number, count: number): Rational[][] {
  const rnd = prng(seed);
  const members: Rational[][] = [];
  for (let s = 0; s < count; s++) {
    const m: Rational[] = new Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const lo = l[i * n + j]!;
        const hi = h[i * n + j]!;
        let x: number;
        if (s === 0) x = lo;
        else if (s === 1) x = hi;
        else if (s < count / 2)
          x = rnd() < 0.5 ? lo : hi; // corners
        else {
          const u = rnd();
          x = u < 0.2 ? lo : u > 0.8 ? hi : Math.min(hi, Math.max(lo, lo + rnd() * (hi - lo)));
        }
        m[i * n + j] = m[j * n + i] = R(x);
      }
    }
    members.push(m);
  }
  return members;
}

/** Gershgorin's lower bound min_i (lo_ii − Σ_{j≠i} max|M_ij|), in floats (for comparison only). */
function gershgorinLower(n: number, lo: readonly number[], hi: readonly number[]): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    let g = lo[i * n + i]!;
    for (let j = 0; j < n; j++) if (j !== i) g -= Math.max(Math.abs(lo[i * n + j]!), Math.abs(hi[i * n + j]!));
    best = Math.min(best, g);
  }
  return best;
}

/** Point matrix ± rad (relative to |a|, plus `abs`), rounded outward by one ulp-ish step. */
function around(a: readonly number[], rel: number, abs = 0): [number[], number[]] {
  return [a.map((x) => x - (rel * Math.abs(x) + abs)), a.map((x) => x + (rel * Math.abs(x) + abs))];
}

const point = (a: readonly number[]): [number[], number[]] => [a.slice(), a.slice()];

// ---------------------------------------------------------------------------------------
// Arbitraries: base matrices with small dyadic entries (exact doubles).

const dyadic = fc.integer({ min: -12, max: 12 }).map((k) => k / 4);

/** BᵀB + εI with B of `rows` × n: positive definite for ε > 0 or full rank, PSD-singular for rows < n. */
function gram(n: number, rows: number, eps: number): fc.Arbitrary<number[]> {
  return fc.array(dyadic, { minLength: rows * n, maxLength: rows * n }).map((b) => {
    const a: number[] = new Array(n * n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < rows; k++) s += b[k * n + i]! * b[k * n + j]!; // exact: small dyadics
        a[i * n + j] = s + (i === j ? eps : 0);
      }
    }
    return a;
  });
}

/** A random symmetric dyadic matrix (often indefinite). */
function symmetric(n: number): fc.Arbitrary<number[]> {
  return fc.array(dyadic, { minLength: n * n, maxLength: n * n }).map((r) => {
    const a: number[] = new Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = r[i * n + j]!;
    return a;
  });
}

function baseMatrix(n: number): fc.Arbitrary<number[]> {
  return fc.oneof(
    fc.constantFrom(0, 1 / 64, 1 / 4, 1, 4).chain((eps) => gram(n, n, eps)), // PD (or near-singular)
    fc.constantFrom(0, 1 / 1024, 1 / 16).chain((eps) => gram(n, Math.max(0, n - 1), eps)), // singular + εI
    symmetric(n), // mostly indefinite
    symmetric(n).map((a) => a.map((x, k) => (k % (n + 1) === 0 ? x + 2 * n : x))), // shifted towards PD
  );
}

/** An interval matrix around a base matrix, with radius of several scales, optionally lopsided. */
const intervalMatrix = fc
  .integer({ min: 1, max: 5 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      a: baseMatrix(n),
      rel: fc.constantFrom(0, 1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.5),
      abs: fc.constantFrom(0, 1e-12, 1e-3, 0.05, 0.3),
      // extra slack on one side of each off-diagonal pair (the intersection removes it)
      lopsided: fc.array(fc.constantFrom(0, 0, 0.5, 10), { minLength: n * n, maxLength: n * n }),
      seed: fc.integer(),
    }),
  )
  .map(({ n, a, rel, abs, lopsided, seed }) => {
    const [lo, hi] = around(a, rel, abs);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const e = lopsided[i * n + j]!;
        if (i < j) lo[i * n + j] = lo[i * n + j]! - e;
        else hi[i * n + j] = hi[i * n + j]! + e;
      }
    }
    return { n, a, lo, hi, seed };
  });

// ---------------------------------------------------------------------------------------

describe('provePositiveDefinite: soundness (exact rational check of sampled members)', () => {
  it('every sampled symmetric member of a proved matrix is exactly positive definite', () => {
    let proved = 0;
    let refused = 0;
    fc.assert(
      fc.property(intervalMatrix, ({ n, lo, hi, seed }) => {
        const ok = provePositiveDefinite(n, lo, hi);
        // each method alone must be sound too
        const m1 = proveByMidpoint(n, lo, hi);
        const m2 = proveByCholesky(n, lo, hi);
        expect(ok).toBe(m1 || m2);
        if (!ok) {
          refused++;
          return;
        }
        proved++;
        const [l, h] = intersected(n, lo, hi);
        for (const m of sampleMembers(n, l, h, seed, 12)) {
          expect(exactlyPositiveDefinite(n, m), `n=${n} lo=${lo} hi=${hi} member=${m.map(String)}`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // the property must not be vacuous either way
    expect(proved).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(40);
  });

  it('exact point matrices: proved ⇒ exactly PD, and exactly PSD-singular ones are never proved', () => {
    const pointCase = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), fc.oneof(baseMatrix(n), gram(n, Math.max(0, n - 1), 0))));
    fc.assert(
      fc.property(pointCase, ([n, a]) => {
        const exact = exactlyPositiveDefinite(n, a.map(R));
        if (provePositiveDefinite(n, a, a)) expect(exact, `n=${n} a=${a}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('method 1 at its limit: I ± P with ‖P‖∞ = t is proved for t < 1, and its worst corner I − P is checked exactly', () => {
    // For a non-negative symmetric P, the member I − P (the all-lower corner) has
    // λ_min = 1 − ρ(P), and method 1 uses r = ‖P‖∞ ≥ ρ(P): a radius bound that is too small
    // (a wrong row sum) proves boxes around t ∈ (1, 1.5) whose corner I − P is not PD.
    const limit = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.integer({ min: 0, max: 64 }), { minLength: n * n, maxLength: n * n }),
        fc.integer({ min: 500, max: 1500 }).map((k) => k / 1000),
        fc.integer(),
      ),
    );
    let proved = 0;
    fc.assert(
      fc.property(limit, ([n, w, t, seed]) => {
        const p: number[] = new Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) p[i * n + j] = p[j * n + i] = w[i * n + j]!;
        let s = 0; // ‖P‖∞ in floats (the weights are small integers: exact)
        for (let i = 0; i < n; i++) {
          let row = 0;
          for (let j = 0; j < n; j++) row += p[i * n + j]!;
          s = Math.max(s, row);
        }
        fc.pre(s > 0);
        const lo = p.map((x, k) => (k % (n + 1) === 0 ? 1 : 0) - (x * t) / s);
        const hi = p.map((x, k) => (k % (n + 1) === 0 ? 1 : 0) + (x * t) / s);
        const ok = proveByMidpoint(n, lo, hi);
        if (t <= 0.99) expect(ok, `n=${n} t=${t}`).toBe(true);
        if (!ok) return;
        proved++;
        const [l, h] = intersected(n, lo, hi);
        for (const m of sampleMembers(n, l, h, seed, 6)) expect(exactlyPositiveDefinite(n, m), `n=${n} t=${t} lo=${lo}`).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(proved).toBeGreaterThan(50);
  });

  it('I ± ρJ (n = 2..6) is proved for ρ just below 1/n and refused just above (the corner I − ρJ is then not PD)', () => {
    for (let n = 2; n <= 6; n++) {
      for (const [rho, expected] of [
        [(1 - 2 ** -30) / n, true],
        [(1 + 2 ** -30) / n, false],
      ] as const) {
        const lo = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0) - rho);
        const hi = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0) + rho);
        expect(exactlyPositiveDefinite(n, lo.map(R)), `corner n=${n} ρ=${rho}`).toBe(expected);
        expect(proveByMidpoint(n, lo, hi), `n=${n} ρ=${rho}`).toBe(expected);
        expect(provePositiveDefinite(n, lo, hi), `n=${n} ρ=${rho}`).toBe(expected);
      }
    }
  });

  it('a straddling box (some members PD, some not) is never proved', () => {
    // [[1, x], [x, 1]] with x ∈ [0.5, 1 + 2^−40]: x = 1 + 2^−40 is indefinite, x = 0.5 is PD
    const x = 1 + 2 ** -40;
    expect(provePositiveDefinite(2, [1, 0.5, 0.5, 1], [1, x, x, 1])).toBe(false);
    // singular member exactly at the edge: x ∈ [0, 1]
    expect(provePositiveDefinite(2, [1, 0, 0, 1], [1, 1, 1, 1])).toBe(false);
    // the diagonal reaches 0
    expect(provePositiveDefinite(2, [0, 0, 0, 1], [1, 0, 0, 1])).toBe(false);
  });
});

describe('provePositiveDefinite: completeness', () => {
  it('diagonally dominant PD matrices with a 1e-12 relative radius are proved (n = 1..10)', () => {
    const dd = fc
      .integer({ min: 1, max: 10 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
          fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(dd, ([n, r, margin]) => {
        const a: number[] = new Array(n * n);
        for (let i = 0; i < n; i++) {
          let rowAbs = 0;
          for (let j = 0; j < n; j++) {
            if (j === i) continue;
            const v = i < j ? r[i * n + j]! : r[j * n + i]!;
            a[i * n + j] = v;
            rowAbs += Math.abs(v);
          }
          a[i * n + i] = rowAbs + margin[i]!;
        }
        const [lo, hi] = around(a, 1e-12);
        expect(provePositiveDefinite(n, lo, hi), `n=${n} a=${a}`).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('QᵀDQ with eigenvalues in [1, 10] and a 1e-12 relative radius is proved (n = 1..10)', () => {
    const qdq = fc
      .integer({ min: 1, max: 10 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
          fc.array(fc.double({ min: 1, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(qdq, ([n, v, d]) => {
        // Q = I − 2vvᵀ/vᵀv (a Householder reflection; Q = I if v = 0), A = Q D Q in floats:
        // its eigenvalues are within ~1e-14 of D.
        const vv = v.reduce((s, x) => s + x * x, 0);
        const q: number[] = new Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] = (i === j ? 1 : 0) - (vv > 1e-3 ? (2 * v[i]! * v[j]!) / vv : 0);
        const a: number[] = new Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j <= i; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += q[k * n + i]! * d[k]! * q[k * n + j]!;
            a[i * n + j] = a[j * n + i] = s;
          }
        }
        const [lo, hi] = around(a, 1e-12, 1e-12);
        expect(provePositiveDefinite(n, lo, hi), `n=${n} a=${a}`).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a 2×2 with eigenvalues ≈ 1 and ≈ 1e-6 (zero radius) is proved', () => {
    // [[1+1e-6, 1−1e-6], [1−1e-6, 1+1e-6]] / 2 has eigenvalues 1 and 1e-6
    const p = (1 + 1e-6) / 2;
    const q = (1 - 1e-6) / 2;
    const a = [p, q, q, p];
    expect(exactlyPositiveDefinite(2, a.map(R))).toBe(true);
    expect(provePositiveDefinite(2, a, a)).toBe(true);
    expect(proveByMidpoint(2, a, a)).toBe(true);
    expect(proveByCholesky(2, a, a)).toBe(true);
    expect(provePositiveDefinite(2, [1, 0, 0, 1e-6], [1, 0, 0, 1e-6])).toBe(true);
  });

  it('1×1: proved iff the interval is positive', () => {
    expect(provePositiveDefinite(1, [1e-300], [1])).toBe(true);
    expect(provePositiveDefinite(1, [Number.MIN_VALUE], [Number.MIN_VALUE])).toBe(true);
    expect(provePositiveDefinite(1, [0], [1])).toBe(false);
    expect(provePositiveDefinite(1, [-1], [-1])).toBe(false);
  });

  it('method 1 (midpoint + shift) proves a matrix where Gershgorin fails', () => {
    // [[1,2],[2,5]] ± 1e-9: eigenvalues 3 ± √8 ≈ 0.17, 5.83; row 1: 1 − 2 < 0
    const [lo, hi] = around([1, 2, 2, 5], 0, 1e-9);
    expect(gershgorinLower(2, lo, hi)).toBeLessThan(0);
    expect(proveByMidpoint(2, lo, hi)).toBe(true);
    expect(provePositiveDefinite(2, lo, hi)).toBe(true);
    // The example of the brief: proved as well (Gershgorin happens to prove it too, 2 − 1.9 > 0)
    const [lo2, hi2] = around([2, 1.9, 1.9, 2], 0, 1e-9);
    expect(proveByMidpoint(2, lo2, hi2)).toBe(true);
    expect(provePositiveDefinite(2, lo2, hi2)).toBe(true);
  });

  it('each method proves a case the other cannot (both are needed)', () => {
    // diag 1, off-diagonal 0.75 ± 0.1 (3×3): λ_min(C) = 0.25 > r = 0.2, but the interval
    // Cholesky overestimates; Gershgorin fails as well (1 − 2·0.85 < 0)
    const n = 3;
    const lo = [1, 0.65, 0.65, 0.65, 1, 0.65, 0.65, 0.65, 1];
    const hi = [1, 0.85, 0.85, 0.85, 1, 0.85, 0.85, 0.85, 1];
    expect(gershgorinLower(n, lo, hi)).toBeLessThan(0);
    expect(proveByMidpoint(n, lo, hi)).toBe(true);
    expect(proveByCholesky(n, lo, hi)).toBe(false);
    expect(provePositiveDefinite(n, lo, hi)).toBe(true);
    // [[4, ±1], [±1, 1]]: det ≥ 3 for every member; C − rI = diag(3, 0) is not PD
    const lo2 = [4, -1, -1, 1];
    const hi2 = [4, 1, 1, 1];
    expect(proveByMidpoint(2, lo2, hi2)).toBe(false);
    expect(proveByCholesky(2, lo2, hi2)).toBe(true);
    expect(provePositiveDefinite(2, lo2, hi2)).toBe(true);
  });

  it('non-symmetric enclosures whose intersection is fine are proved', () => {
    // entry (0,1) ∈ [−5, 0.1], entry (1,0) ∈ [−0.1, 5]: the intersection is [−0.1, 0.1]
    const lo = [1, -5, -0.1, 1];
    const hi = [1, 0.1, 5, 1];
    expect(provePositiveDefinite(2, lo, hi)).toBe(true);
    // the union would not be PD
    expect(provePositiveDefinite(2, [1, -5, -5, 1], [1, 5, 5, 1])).toBe(false);
    // the same with typed arrays
    expect(provePositiveDefinite(2, Float64Array.from(lo), Float64Array.from(hi))).toBe(true);
  });
});

describe('provePositiveDefinite: not proved', () => {
  it('singular and indefinite matrices are never proved, with or without radius', () => {
    for (const a of [
      [1, 1, 1, 1],
      [1, 2, 2, 1],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 0, 0, -1],
      [-1, 0, 0, -1],
    ]) {
      for (const rad of [0, 1e-15, 1e-9, 0.1]) {
        const [lo, hi] = around(a, 0, rad);
        expect(provePositiveDefinite(2, lo, hi), `${a} ± ${rad}`).toBe(false);
        expect(proveByMidpoint(2, lo, hi), `${a} ± ${rad}`).toBe(false);
        expect(proveByCholesky(2, lo, hi), `${a} ± ${rad}`).toBe(false);
      }
    }
    // 3×3 PSD of rank 1: vvᵀ with v = (1, 2, 3)
    const v = [1, 2, 3];
    const a = v.flatMap((x) => v.map((y) => x * y));
    expect(provePositiveDefinite(3, ...point(a))).toBe(false);
  });

  it('NaN or ±∞ anywhere gives false', () => {
    const base = [2, 0.5, 0.5, 2];
    expect(provePositiveDefinite(2, base, base)).toBe(true);
    for (let k = 0; k < 4; k++) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const lo = base.slice();
        const hi = base.slice();
        lo[k] = bad;
        expect(provePositiveDefinite(2, lo, base), `lo[${k}] = ${bad}`).toBe(false);
        hi[k] = bad;
        expect(provePositiveDefinite(2, base, hi), `hi[${k}] = ${bad}`).toBe(false);
      }
    }
    // an infinite bound on the loose side of a non-symmetric pair is refused too
    expect(provePositiveDefinite(2, [2, -Infinity, 0.5, 2], [2, 0.5, Infinity, 2])).toBe(false);
  });

  it('an empty intersection gives false', () => {
    // entry (0,1) ∈ [0.5, 0.6], entry (1,0) ∈ [0.7, 0.8]
    expect(provePositiveDefinite(2, [2, 0.5, 0.7, 2], [2, 0.6, 0.8, 2])).toBe(false);
    // an empty diagonal entry
    expect(provePositiveDefinite(2, [3, 0, 0, 2], [2, 0, 0, 2])).toBe(false);
  });

  it('bad shapes give false', () => {
    expect(provePositiveDefinite(0, [], [])).toBe(false);
    expect(provePositiveDefinite(-1, [1], [1])).toBe(false);
    expect(provePositiveDefinite(1.5, [1, 0, 0, 1], [1, 0, 0, 1])).toBe(false);
    expect(provePositiveDefinite(2, [1, 0, 0], [1, 0, 0, 1])).toBe(false);
  });

  it('overflowing computations do not prove anything', () => {
    const big = Number.MAX_VALUE;
    // [[MAX, MAX], [MAX, MAX]] is singular; the products overflow
    expect(provePositiveDefinite(2, ...point([big, big, big, big]))).toBe(false);
    // the midpoint radius overflows: [−MAX, MAX] off the diagonal
    expect(provePositiveDefinite(2, [1, -big, -big, 1], [1, big, big, 1])).toBe(false);
  });
});

describe('provePositiveDefinite: state', () => {
  it('does not mutate its inputs and gives the same answers after a larger call (shared buffers)', () => {
    const lo = [1, -5, -0.1, 1];
    const hi = [1, 0.1, 5, 1];
    const loCopy = lo.slice();
    const hiCopy = hi.slice();
    const first = provePositiveDefinite(2, lo, hi);
    const n = 10;
    const eye = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
    expect(provePositiveDefinite(n, eye, eye)).toBe(true);
    expect(provePositiveDefinite(2, lo, hi)).toBe(first);
    expect(provePositiveDefinite(2, [1, 1, 1, 1], [1, 1, 1, 1])).toBe(false);
    expect(provePositiveDefinite(n, eye, eye)).toBe(true);
    expect(lo).toEqual(loCopy);
    expect(hi).toEqual(hiCopy);
  });
});
