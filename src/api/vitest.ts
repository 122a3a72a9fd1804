/**
 * vitest matchers (entry `lscert/vitest`; vitest is only a type import here, so this module
 * adds no runtime dependency):
 *
 *   import { expect } from 'vitest';
 *   import { lscertMatchers } from 'lscert/vitest';
 *   expect.extend(lscertMatchers);
 *   await expect('loss.yaml').toSatisfyCondition('alpha-beta', { alpha: 2.5, beta: 2 });
 *
 * The matchers are asynchronous: await them. Every failure message shows the counterexample,
 * the failing term and the residual's enclosure (or why there is none).
 */
import type { MatcherState } from 'vitest';
import type { ConditionName } from '../conditions/index.js';
import { residualAt, setupProbe, verifyAt, type ProbeOptions } from '../probe/index.js';
import { checkClaim, type CheckOptions, type CheckReport } from './check.js';
import { toClaim, type ConstantsSpec } from './claim.js';
import { claimText, counterexampleLines } from './messages.js';
import { probeClaim, type ProbeReport } from './probe.js';
import { loadProblem, type ProblemInput } from './problem.js';
import { termLabel } from '../problem/index.js';

export interface RefutedAtOptions {
  /** A point: pass when the claim provably fails exactly there (interval arithmetic at the point). */
  readonly at?: readonly number[];
  /** Options of the check that looks for a refutation first (without `at`). */
  readonly check?: CheckOptions;
  /** Options of the probe that runs when the check finds none (without `at`). */
  readonly probe?: ProbeOptions;
}

export interface LscertMatchers {
  /** Passes when `lscert check` certifies the claim on the whole domain (exit 0). */
  toSatisfyCondition(condition: ConditionName, constants: ConstantsSpec, options?: CheckOptions): Promise<void>;
  /**
   * Passes when the claim is refuted with a verified counterexample: at the point `at` when
   * given, else by `check` or, failing that, by `probe`.
   */
  toBeRefutedAt(condition: ConditionName, constants: ConstantsSpec, options?: RefutedAtOptions): Promise<void>;
  /** Passes when probing finds no counterexample (a test, not a proof). */
  toSurviveProbing(condition: ConditionName, constants: ConstantsSpec, options?: ProbeOptions): Promise<void>;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares Matchers<T = any>; a merged declaration must repeat it
  interface Matchers<T = any> extends LscertMatchers {}
}

interface Outcome {
  pass: boolean;
  message: () => string;
}

const pct = (x: number) => `${(x * 100).toFixed(4)}%`;
const point = (x: readonly number[], names: readonly string[]) => names.map((n, j) => `${n} = ${x[j]}`).join(', ');

function checkStory(r: CheckReport, names: readonly string[]): string {
  if (r.verdict === 'refuted') return `it is refuted (verified with interval arithmetic):\n${counterexampleLines(r.counterexample, names)}`;
  if (r.verdict === 'certified') return `lscert certified it on the whole domain (${r.boxes} boxes)`;
  const open = (r.openRegions ?? []).slice(0, 3).map((o) => `  open (${o.why}): ${o.box.lo.map((l, j) => `[${l}, ${o.box.hi[j]}]`).join(' × ')}`);
  return [`the check was inconclusive: ${r.reason} (${pct(r.coverage)} of the domain proved, ${r.boxes} boxes); no counterexample was found`, ...open].join(
    '\n',
  );
}

function probeStory(r: ProbeReport, names: readonly string[]): string {
  if (r.verdict === 'refuted')
    return `probing found a counterexample (seed ${r.seed}; pass { seed: ${r.seed} } to replay):\n${counterexampleLines(r.counterexample, names)}`;
  return `probing found no counterexample (seed ${r.seed}, ${r.runs} runs, ${r.evaluations} evaluations)`;
}

export const lscertMatchers = {
  async toSatisfyCondition(
    this: MatcherState,
    received: ProblemInput,
    condition: ConditionName,
    constants: ConstantsSpec,
    options: CheckOptions = {},
  ): Promise<Outcome> {
    const p = loadProblem(received);
    const text = `${p.name}: ${claimText(condition, constants)}`;
    const r = await checkClaim(p, toClaim(condition, constants), options);
    const pass = r.verdict === 'certified';
    return {
      pass,
      message: () =>
        pass
          ? `expected ${text} not to be certified, but ${checkStory(r, p.variables)}`
          : `expected ${text} to be certified, but ${checkStory(r, p.variables)}`,
    };
  },

  async toBeRefutedAt(
    this: MatcherState,
    received: ProblemInput,
    condition: ConditionName,
    constants: ConstantsSpec,
    options: RefutedAtOptions = {},
  ): Promise<Outcome> {
    const p = loadProblem(received);
    const claim = toClaim(condition, constants);
    const text = `${p.name}: ${claimText(condition, constants)}`;
    if (options.at) {
      const x = options.at;
      const setup = setupProbe(p, claim, 0);
      const w = verifyAt(setup, x);
      if (w)
        return {
          pass: true,
          message: () =>
            `expected ${text} not to fail at (${point(x, p.variables)}), but it does (verified with interval arithmetic):\n${counterexampleLines(w, p.variables)}`,
        };
      const enc = residualAt(setup, x)
        .map((e, k) =>
          e
            ? `  ${setup.targets.length > 1 ? `x* #${k}: ` : ''}${e.term !== null ? `term ${termLabel(e.term)}: ` : ''}residual ∈ [${e.residual[0]}, ${e.residual[1]}]`
            : `  x is outside the domain or a term is undefined there`,
        )
        .join('\n');
      return { pass: false, message: () => `expected ${text} to fail at (${point(x, p.variables)}), but the residual is not provably negative there:\n${enc}` };
    }
    const r = await checkClaim(p, claim, options.check ?? {});
    if (r.verdict === 'refuted') return { pass: true, message: () => `expected ${text} not to be refuted, but ${checkStory(r, p.variables)}` };
    if (r.verdict === 'certified') return { pass: false, message: () => `expected ${text} to be refuted, but ${checkStory(r, p.variables)}` };
    const q = await probeClaim(p, claim, options.probe ?? {});
    const pass = q.verdict === 'refuted';
    return {
      pass,
      message: () =>
        pass
          ? `expected ${text} not to be refuted, but ${probeStory(q, p.variables)}`
          : `expected ${text} to be refuted, but ${checkStory(r, p.variables)}, and ${probeStory(q, p.variables)}`,
    };
  },

  async toSurviveProbing(
    this: MatcherState,
    received: ProblemInput,
    condition: ConditionName,
    constants: ConstantsSpec,
    options: ProbeOptions = {},
  ): Promise<Outcome> {
    const p = loadProblem(received);
    const text = `${p.name}: ${claimText(condition, constants)}`;
    const r = await probeClaim(p, toClaim(condition, constants), options);
    const pass = r.verdict !== 'refuted';
    return {
      pass,
      message: () =>
        pass
          ? `expected probing to refute ${text}, but ${probeStory(r, p.variables)}`
          : `expected ${text} to survive probing, but ${probeStory(r, p.variables)}`,
    };
  },
};
