import { describe, expect, it } from 'vitest';
import { CERT_FORMAT, CERT_VERSION, certificateFor, countLeaves, problemFromCanonical, verifyCertificate } from '../../src/cert/index.js';
import { buildCheckSystem } from '../../src/cert/system.js';
import { projectionModel, buildResiduals } from '../../src/conditions/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { structuralKey } from '../../src/expr/index.js';
import { canonicalProblem } from '../../src/problem/index.js';
import { CERTIFIED, PROBLEMS, ab, certified, example } from './fixtures.js';

describe('certificate round trip: every certified check verifies', () => {
  for (const [label, problem, claim] of CERTIFIED) {
    it(label, () => {
      const { p, r, cert } = certified(problem, claim);
      const v = verifyCertificate(cert);
      expect(v.reasons).toEqual([]);
      expect(v.ok).toBe(true);
      expect(v.leaves).toBe(countLeaves(cert.tree));
      expect(v.leaves).toBe(cert.stats.leaves);
      expect(v.problem).toBe(p.name);
      expect(v.hash).toBe(p.hash);
      expect(v.condition).toBe(claim.condition);
      expect(v.constants).toEqual(r.constants);
    }, 60_000);
  }
});

describe('certificate contents', () => {
  it('holds the format, the problem in canonical form with its hash, exact constants and the outer box', () => {
    const { p, cert } = certified('ex1', ab(Rational.of(5, 2), Rational.of(2)));
    expect(cert.format).toBe(CERT_FORMAT);
    expect(cert.version).toBe(CERT_VERSION);
    expect(cert.lscert).toMatch(/^\d+\.\d+\.\d+/);
    expect(cert.problem.hash).toBe(p.hash);
    expect(JSON.stringify(cert.problem.canonical)).toBe(canonicalProblem(p));
    expect(cert.claim).toEqual({ condition: 'alpha-beta', constants: { alpha: '5/2', beta: '2' } });
    expect(cert.domain).toEqual({ lo: [-3, -3], hi: [3, 3] });
    expect(cert.slots).toEqual([]);
    expect(cert.xstar).toBeNull();
  });

  it('records computed f_i* enclosures with their witness points', () => {
    const { cert } = certified('dw', ab(Rational.of(100), Rational.of(99)));
    expect(cert.slots).toHaveLength(2);
    for (const s of cert.slots) {
      expect(s.lo).toBe('-Infinity'); // the natural bound of (x^2-1)^2 ± x/2 over R is unbounded below
      expect(typeof s.hi).toBe('number');
      expect(s.witness).toHaveLength(1);
    }
  });

  it("records x* for qcvx and f*'s point for aiming", () => {
    expect(certified('x4', { condition: 'qcvx', theta: Rational.of(4) }).cert.xstar).toEqual({ point: 0, from: null, exact: [['n', '0']], value: [0] });
    expect(certified('q3', { condition: 'aiming', theta: Rational.of(1) }).cert.fstarAt).toEqual({ point: 0 });
  });

  it('problemFromCanonical decodes a problem to the same hash', () => {
    for (const make of Object.values(PROBLEMS)) {
      const p = make();
      const q = problemFromCanonical(JSON.parse(canonicalProblem(p)));
      expect(q.hash).toBe(p.hash);
      expect(q.terms.map(structuralKey)).toEqual(p.terms.map(structuralKey));
    }
  });

  it('the checker rebuilds the residuals the search decided (same forms)', () => {
    for (const [, problem, claim] of CERTIFIED.filter(([, , c]) => c.condition !== 'qcvx')) {
      const p = PROBLEMS[problem]();
      // A computed S (auto) exists only after the search: take the system the search decided.
      const auto = p.minimizers.kind === 'auto';
      const engine = auto ? certified(problem, claim).r.system! : buildResiduals(p, claim, projectionModel(p));
      const fstarAt = claim.condition === 'aiming' && !p.fstar && !auto ? { point: 0 } : null;
      const mine = buildCheckSystem(p, claim, { fstarAt, xstar: null, ...(auto && { autoPoints: engine.cases.length }) });
      expect(mine.cases.map((c) => c.residuals.map((f) => f.map(structuralKey)))).toEqual(engine.cases.map((c) => c.forms.map((f) => f.map(structuralKey))));
    }
  });

  it('with --problem: the same problem file passes, another one is a stale certificate', () => {
    const { cert } = certified('ex1', ab(Rational.of(5, 2), Rational.of(2)));
    expect(verifyCertificate(cert, { problemFile: example('ex1-unbounded.yaml') }).ok).toBe(true);
    const stale = verifyCertificate(cert, { problemFile: example('ex1-affine.yaml') });
    expect(stale.ok).toBe(false);
    expect(stale.reasons.join('\n')).toMatch(/stale certificate/);
  });

  it('refuses to write a certificate for a verdict other than certified', () => {
    const p = PROBLEMS.x4();
    const r = check(p, ab(Rational.of(5), Rational.of(1, 2)));
    expect(r.verdict).toBe('refuted');
    expect(() => certificateFor(p, r)).toThrow(/only a certified result/);
  });
});
