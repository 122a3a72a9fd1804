/**
 * Acceptance of issue [5]: on ≥ 20 generated problems whose residual is negative only on a
 * tiny ball at a random position (test/probe/thinProblems.ts), `probe` with its default budget
 * finds a verified counterexample in ≥ 90% of them, and uniform random sampling with the same
 * number of float evaluations finds clearly fewer. Both rates are printed.
 */
import { describe, expect, it } from 'vitest';
import { claimOf, loadProblem } from '../../src/index.js';
import { DEFAULT_PROBE, probe, setupProbe, verifyAt } from '../../src/probe/index.js';
import { thinProblem, type ThinProblem } from './thinProblems.js';

const N = 24;
const SEED = 1;

function run(t: ThinProblem) {
  const p = loadProblem(t.spec);
  const claim = claimOf({ condition: t.condition, ...t.constants } as never);
  const guided = probe(p, claim, { seed: SEED });
  const uniform = probe(p, claim, { seed: SEED, strategy: 'uniform' });
  return { p, claim, guided, uniform };
}

describe('benchmark: thin failure regions (issue [5] acceptance)', () => {
  const problems = Array.from({ length: N }, (_, k) => thinProblem(k));

  it(`the ${N} generated problems have a tiny failure region at a random place, and a verified failure at its centre`, () => {
    for (const t of problems) {
      expect(t.radius).toBeGreaterThan(1e-3);
      expect(t.radius).toBeLessThan(1e-2);
      const p = loadProblem(t.spec);
      const w = verifyAt(setupProbe(p, claimOf({ condition: t.condition, ...t.constants } as never), 0), t.centre);
      expect(w, `${t.spec.name}: the region's centre must be a counterexample`).not.toBeNull();
    }
    // Random positions: the centres are spread over their boxes (not at corners, faces or S).
    const positions = new Set(problems.map((t) => t.centre.map((v) => v.toFixed(1)).join(',')));
    expect(positions.size).toBe(N);
  });

  it('probe finds a verified counterexample in >= 90% of them; uniform sampling with the same evaluations finds clearly fewer', () => {
    const started = Date.now();
    let found = 0;
    let foundUniform = 0;
    const rows: string[] = [];
    for (const t of problems) {
      const { guided, uniform } = run(t);
      expect(uniform.budget).toBe(guided.budget);
      expect(guided.budget).toBe(DEFAULT_PROBE.runs * DEFAULT_PROBE.evaluationsPerRun);
      if (guided.verdict === 'refuted') {
        found++;
        const w = guided.counterexample!;
        expect(w.residual[1]).toBeLessThan(0);
        // Verified inside the known thin region (shrinking keeps it there).
        const dist = Math.hypot(...w.x.map((v, j) => v - t.centre[j]!));
        expect(dist, `${t.spec.name}: counterexample ${w.x} far from the region at ${t.centre}`).toBeLessThan(3 * t.radius);
        if (t.condition === 'alpha-beta') expect(w.term).toBe(t.term);
      }
      if (uniform.verdict === 'refuted') foundUniform++;
      rows.push(
        `${t.spec.name} ${t.condition} d=${t.dim} r=${t.radius.toExponential(1)}: probe ${guided.verdict} (${guided.evaluations} evals${guided.found ? `, ${guided.found.source}, run ${guided.found.run}` : ''}) | uniform ${uniform.verdict} (${uniform.evaluations} evals)`,
      );
    }
    const rate = found / N;
    const rateUniform = foundUniform / N;
    console.log(
      `${rows.join('\n')}\nprobe: ${found}/${N} = ${(rate * 100).toFixed(0)}%; uniform sampling, same budget: ${foundUniform}/${N} = ${(rateUniform * 100).toFixed(0)}%; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.9);
    expect(rateUniform).toBeLessThanOrEqual(rate / 2);
  });
});
