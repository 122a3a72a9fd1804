import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../src/conditions/index.js';
import { z3Context } from '../../src/smt/decide.js';
import { exportSmt, SmtExportError, smtRational } from '../../src/smt/smtlib.js';
import { Rational } from '../../src/exact/rational.js';
import { parseConstant, rationalValue } from '../../src/expr/index.js';
import { loadProblemFile, problemFromText } from '../../src/problem/index.js';
import { example } from '../helpers/cli.js';

const ab = (alpha: string, beta: string): Claim => ({ condition: 'alpha-beta', alpha: parseRational(alpha), beta: parseRational(beta) });
function parseRational(s: string): Rational {
  const e = parseConstant(s);
  if (e.kind !== 'num') throw new Error(s);
  return e.value;
}

/** Feeds SMT-LIB text to the in-process Z3 and returns its answer (and the model text when sat). */
async function solve(text: string, timeoutMs = 8000): Promise<{ result: string; model?: string; ms: number }> {
  const { ctx } = await z3Context();
  const s = new ctx.Solver();
  try {
    s.set('timeout', timeoutMs);
    const t = performance.now();
    s.fromString(text);
    const result = await s.check();
    return { result, ms: performance.now() - t, ...(result === 'sat' && { model: s.model().sexpr() }) };
  } finally {
    s.release();
  }
}

const exportOf = (file: string, claim: Claim) => exportSmt(loadProblemFile(example(file)), claim);

describe('export-smt (the negated claim as SMT-LIB 2)', () => {
  beforeAll(async () => {
    await z3Context();
  });

  it('x^4 on [-1,1], alpha-beta (3, 1/2): the text is exact and Z3 answers unsat', async () => {
    const text = exportOf('x4.yaml', ab('3', '1/2'));
    expect(text).toContain('(declare-const x Real)');
    expect(text).toContain('(assert (<= (- 1.0) x))');
    expect(text).toContain('(assert (<= x 1.0))');
    expect(text).toContain('(check-sat)');
    expect(text).toMatch(/NEGATED claim/);
    expect((await solve(text)).result).toBe('unsat');
  });

  it('x^4, alpha-beta (5, 1/2): sat (the claim fails)', async () => {
    const r = await solve(exportOf('x4.yaml', ab('5', '1/2')));
    expect(r.result).toBe('sat');
    expect(r.model).toMatch(/define-fun x /);
  });

  it('x^4: Aiming 3 and QCvx 4 unsat, PL 1/10 sat', async () => {
    expect((await solve(exportOf('x4.yaml', { condition: 'aiming', theta: Rational.of(3) }))).result).toBe('unsat');
    expect((await solve(exportOf('x4.yaml', { condition: 'qcvx', theta: Rational.of(4) }))).result).toBe('unsat');
    expect((await solve(exportOf('x4.yaml', { condition: 'pl', mu: Rational.of(1, 10) }))).result).toBe('sat');
  });

  it('paper example 1 (rational residuals, S by a projection map): (2.5, 1.9) sat, (2.5, 2) unsat', async () => {
    const bad = exportOf('ex1-unbounded.yaml', ab('2.5', '1.9'));
    expect(bad).toMatch(/\(declare-const q\.0 Real\)/);
    expect(bad).toMatch(/\(assert \(> \(\+ \(\* \(\+ x y\) \(\+ x y\)\) 1\.0\) 0\.0\)\)/); // a proved-positive denominator
    expect((await solve(bad)).result).toBe('sat');
    expect((await solve(exportOf('ex1-unbounded.yaml', ab('2.5', '2')))).result).toBe('unsat');
    expect((await solve(exportOf('ex1-affine.yaml', ab('2.5', '2')))).result).toBe('unsat');
  });

  it('finite S with two points: the Voronoi negation ("every nearest point fails") is exact', async () => {
    const text = exportOf('double-well.yaml', ab('2', '1'));
    // for p_0 = −1: not nearest iff x > 0
    expect(text).toContain('(assert (or (> (* 4.0 x) 0.0)');
    // for p_1 = 1: not nearest iff x < 0
    expect(text).toContain('(assert (or (> (* (- 4.0) x) 0.0)');
    // the local maximum x = 0 (a tie: both points nearest) violates the condition for both
    expect((await solve(text)).result).toBe('sat');
    // QCvx with two points: one copy of x per candidate x*, each must be violated
    expect(text).not.toContain('x.0');
    expect((await solve(exportOf('double-well.yaml', { condition: 'qcvx', theta: Rational.of(1) }))).result).toBe('sat');
  });

  it('computed f_i* (no termMinima) become bounded constants', async () => {
    const p = problemFromText(
      ['name: two', 'variables: [x]', 'terms: ["(x - 1)^2", "(x + 1)^2"]', 'domain: { x: [-1, 1] }', 'minimizers: { points: [[0]] }'].join('\n'),
      'yaml',
      'two.yaml',
    );
    const text = exportSmt(p, ab('3', '2'));
    expect(text).toMatch(/\(declare-const \|f_1\*\| Real\)/);
    expect(text).toMatch(/\(assert \(<= \|f_2\*\| /);
    // R_1 = 2(x − 1)x − 3((x − 1)² − 1) + 2((x − 1)² − f_1*) = x² + 2 − 2 f_1* with f_1* ≈ 0: unsat
    expect((await solve(text)).result).toBe('unsat');
  });

  it('refuses what it cannot write exactly (SmtExportError → exit 65 in the CLI)', () => {
    // irrational points of S
    expect(() => exportOf('ex6-saddle.yaml', ab('50', '0'))).toThrow(/irrational coordinate/);
    // exp
    const p = problemFromText(
      ['name: ex', 'variables: [x]', 'terms: ["exp(x) - x"]', 'domain: { x: [-1, 1] }', 'minimizers: { points: [[0]] }', 'termMinima: [1]'].join('\n'),
      'yaml',
      'exp.yaml',
    );
    expect(() => exportSmt(p, ab('3', '1'))).toThrow(SmtExportError);
    expect(() => exportSmt(p, ab('3', '1'))).toThrow(/exp/);
    // a denominator that vanishes in the domain
    const q = problemFromText(
      ['name: pole', 'variables: [x]', 'terms: ["x^2/(x + 1/2)"]', 'domain: { x: [-1, 1] }', 'minimizers: { points: [[0]] }', 'termMinima: [0]'].join('\n'),
      'yaml',
      'pole.yaml',
    );
    expect(() => exportSmt(q, ab('3', '1'))).toThrow(/denominator/);
  });

  it('irrational domain bounds use the outer enclosure, with a comment', () => {
    const p = problemFromText(
      ['name: irr', 'variables: [x]', 'terms: ["x^2"]', 'domain: { x: ["-sqrt(2)", 1] }', 'minimizers: { points: [[0]] }', 'termMinima: [0]'].join('\n'),
      'yaml',
      'irr.yaml',
    );
    const text = exportSmt(p, ab('3', '1'));
    expect(text).toMatch(/; x: the lower bound .*sqrt.* is irrational/);
  });

  it('rational helpers', () => {
    expect(smtRational(Rational.of(-3, 4))).toBe('(- (/ 3.0 4.0))');
    expect(smtRational(Rational.of(7))).toBe('7.0');
    expect(rationalValue(parseConstant('(1 + 1/2)^2 - 1/4'))?.toString()).toBe('2');
    expect(rationalValue(parseConstant('sqrt(2)'))).toBeUndefined();
  });
});
