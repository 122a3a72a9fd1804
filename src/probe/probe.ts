import fc from 'fast-check';
import type { Claim } from '../conditions/index.js';
import type { Counterexample } from '../engine/index.js';
import type { Problem } from '../problem/index.js';
import { pointArbitrary } from './arbitraries.js';
import { patternSearch } from './descend.js';
import { ambientDeadline, rng, withDeadline } from './engineKit.js';
import type { TargetOutcome } from './outcome.js';
import { Scorer } from './score.js';
import { shrinkWitness } from './shrink.js';
import { nearStationaryPoints } from './stationary.js';
import { setupProbe, type ProbeSetup, type ProbeTarget } from './target.js';
import { resolveProbeOptions, type ProbeFinding, type ProbeOptions, type ProbeResult, type QualifiedProbeOptions } from './types.js';
import { uniformSearch } from './uniform.js';

export type { TargetOutcome } from './outcome.js';

/**
 * Property-based search for a counterexample (docs/cli.md#probe, `lscert probe`). Float arithmetic
 * only proposes: a point is reported only after `verifyWitness`, the rigorous test `check`
 * uses. Probing never certifies: without a verified counterexample the verdict is
 * 'inconclusive'. Deterministic for a given seed (fast-check and every random choice are
 * seeded by it), so `seed` replays a run.
 */
export function probe(p: Problem, claim: Claim, options: ProbeOptions = {}): ProbeResult {
  const started = Date.now();
  const o = resolveProbeOptions(options);
  // The time limit bounds the set-up too (the assumption checks, a computed S: 30 s on 64
  // logistic terms at --time-limit 1 before): past it the searches below do nothing.
  return withDeadline(started + o.timeLimitMs, () => probeWithin(p, claim, o, started));
}

function probeWithin(p: Problem, claim: Claim, o: QualifiedProbeOptions, started: number): ProbeResult {
  const setup = setupProbe(p, claim, o.seed);
  const outcomes: { t: ProbeTarget; r: TargetOutcome }[] = [];
  for (const t of setup.targets) {
    const r = probeTarget(t, setup, o, started);
    outcomes.push({ t, r });
    if (!r.counterexample) break; // QCvx: an x* that survives leaves the claim unrefuted
  }
  const { base } = setup;
  const sum = (k: 'runs' | 'evaluations') => outcomes.reduce((acc, x) => acc + x.r[k], 0);
  const first = outcomes[0];
  const refutedAll = outcomes.length > 0 && outcomes.length === setup.targets.length && outcomes.every((x) => x.r.counterexample);
  const verdict: ProbeResult['verdict'] = refutedAll && setup.targetsCoverS ? 'refuted' : 'inconclusive';
  const elapsedMs = Date.now() - started;
  let reason: string | undefined;
  if (setup.unavailable) reason = setup.unavailable;
  else if (!refutedAll) {
    const survivor = outcomes[outcomes.length - 1]!;
    // From what was done, not from the clock: a search stopped at its deadline has elapsedMs equal
    // to the limit (it said "all N runs done" after 56 387 of 10^8 runs).
    const why =
      survivor.r.evaluations >= survivor.r.budget ? 'evaluation budget spent' : survivor.r.runs >= o.runs ? `all ${o.runs} runs done` : 'time limit reached';
    const which = setup.targets.length > 1 ? ` for x* = (${survivor.t.xstar!.value.join(', ')})` : '';
    reason = `no counterexample found${which} (${why}; probing never certifies: lscert check proves claims)`;
  } else if (!setup.targetsCoverS)
    reason = `refuted for x* = (${first!.t.xstar!.value.join(', ')}), the projection of the domain's centre; other points of S were not tried`;
  // Keys in the order of check --json (docs/cli.md#check), then probing's own.
  const found = outcomes.map((x) => x.r.counterexample).filter((c): c is Counterexample => c !== null);
  const refuted = verdict === 'refuted' && found.length === outcomes.length ? found : null;
  const head = { condition: base.condition, constants: base.constants, problem: base.problem };
  const tail = {
    seed: o.seed,
    runs: sum('runs'),
    evaluations: sum('evaluations'),
    budget: setup.targets.length * o.runs * o.evaluationsPerRun,
    strategy: o.strategy,
    elapsedMs,
    ...(reason !== undefined && { reason }),
    ...(refuted && first!.r.found && { found: first!.r.found }),
    ...(first?.t.xstar && { xstar: first.t.xstar }),
    ...(refuted && setup.targets.length > 1 && { xstarCounterexamples: outcomes.map((x, i) => ({ xstar: x.t.xstar!, counterexample: refuted[i]! })) }),
    computed: setup.targets[0]?.prep.system.slots ?? [],
    assumed: base.assumed,
    warnings: base.warnings,
    notes: base.notes,
  };
  return refuted ? { verdict: 'refuted', ...head, counterexample: refuted[0]!, ...tail } : { verdict: 'inconclusive', ...head, counterexample: null, ...tail };
}

/** Probes one residual system with the chosen strategy. */
export function probeTarget(t: ProbeTarget, setup: ProbeSetup, o: QualifiedProbeOptions, started: number): TargetOutcome {
  const budget = o.runs * o.evaluationsPerRun;
  // The time limit (within the command's ambient deadline) stops every phase: the stationary-point
  // search, each run's descent (the scorer turns +∞) and fast-check itself (interruptAfterTimeLimit).
  const deadline = Math.min(started + o.timeLimitMs, ambientDeadline());
  const scorer = new Scorer(t.prep, t.geometry, budget, deadline);
  const random = rng(o.seed);
  if (o.strategy === 'uniform') return uniformSearch(t, scorer, random, deadline);
  const stationary = nearStationaryPoints(setup.f, setup.domain, t.geometry, random, (n) => scorer.count(n), {
    starts: 8,
    evalsPerStart: Math.max(20, Math.floor(budget / 100)),
    deadline,
  });
  const arb = pointArbitrary({ box: setup.domain, geometry: t.geometry, stationary });
  let run = 0;
  let executed = 0;
  let hit: { counterexample: Counterexample; found: ProbeFinding } | undefined;
  // Points this close to S are screened but never chosen as a start by rank: there the
  // normalized residual is ruled by rounding and by τ, not by the shape of the residual.
  const nearS2 = 1e-6 * setup.domain.lo.reduce((acc, l, j) => acc + (setup.domain.hi[j]! - l) ** 2, 0);
  const batch = Math.max(1, Math.min(o.batch, o.evaluationsPerRun - 1));
  const property = fc.property(fc.array(arb, { minLength: batch, maxLength: batch }), (points) => {
    const k = run++;
    if (scorer.exhausted || Date.now() > deadline) return true;
    executed++;
    // Screen the batch (one evaluation each), then push the lowest point downhill on the
    // normalized residual; stop as soon as it is negative.
    const scored = points.map((pt) => ({ pt, s: scorer.normalized(pt.x), far: t.geometry.dist2(pt.x) >= nearS2 }));
    const pool = scored.some((c) => c.far || c.s < 0) ? scored.filter((c) => c.far || c.s < 0) : scored;
    const start = pool.reduce((a, b2) => (b2.s < a.s ? b2 : a)).pt;
    const r = patternSearch(
      (x) => scorer.normalized(x),
      start.x,
      setup.domain,
      Math.max(1, Math.min(o.evaluationsPerRun - batch, budget - scorer.evaluations)),
      0,
    );
    if (!(r.value < 0)) return true;
    const s = shrinkWitness(t.prep, scorer, r.x);
    if (!s) return true;
    hit = { counterexample: s.counterexample, found: { run: k + 1, source: start.source, start: [...start.x], descended: r.x, digits: s.digits } };
    return false;
  });
  const details = fc.check(property, {
    seed: o.seed | 0,
    numRuns: o.runs,
    endOnFailure: true,
    interruptAfterTimeLimit: Math.max(0, deadline - Date.now()),
    markInterruptAsFailure: false,
  });
  // The property fails only on a verified hit; anything else is an error inside it: rethrow.
  // (An interrupted check, time limit, is no error: fast-check marks one that ran no run as failed.)
  if (details.failed && !hit && !details.interrupted)
    throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  return { counterexample: hit?.counterexample ?? null, ...(hit && { found: hit.found }), runs: executed, evaluations: scorer.evaluations, budget };
}
