import { readFileSync } from 'node:fs';
import { certificateFor, type Certificate } from '../cert/index.js';
import { buildResiduals, claimProblem, UnsupportedError, type Claim, type ConditionName, type ProjectionModel } from '../conditions/index.js';
import { bestConstants, ConstantsUsageError, parseTie, TieError, type ConstantsResult, type Tie } from '../constants/index.js';
import { Rational } from '../exact/rational.js';
import { withGrace } from '../engine/budget.js';
import { TimeLimitReached } from '../errors.js';
import { fstarEnclosure, solutionModel } from '../engine/constantsKit.js';
import type { CertNode } from '../engine/types.js';
import {
  checkDetailed,
  checkWithZ3Detailed,
  Prepared,
  resultBase,
  verifyWitness,
  type Checked,
  type CheckResult,
  type Counterexample,
  type SearchNode,
} from '../engine/index.js';
import { ExprError, parseConstant, type Expr } from '../expr/index.js';
import { domainBoxes, outerBox, type Problem } from '../problem/index.js';
import { claimStrings, describeCounterexample } from './counterexample.js';
import { problemFacts } from './facts.js';
import { chooseSlice, fGrid, residualGrid, sampleS, type Grid } from './grid.js';
import { boxesPlot, contourPlot, CX_KIND, heatmap, linePlot, planePlot, planeView, type Marker, type RenderedPlot } from './plots.js';
import { clipBelowRay, num } from './format.js';
import { stationaryPoints } from './stationary.js';
import { drawnBoxes } from './tree.js';
import { coneHolds, oneTermRefutation, oneTermText, type OneTermRefutation } from './universal.js';
import {
  REPORT_DEFAULTS,
  type CounterexampleDetail,
  type ProblemFacts,
  type ReportData,
  type ReportOptions,
  type ResolvedReportOptions,
  type StationaryPoint,
  type VerdictRow,
} from './types.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

import { ReportUsageError } from './errors.js';

export { ReportUsageError };

/** A plot of the page: its SVG and what it shows. */
export interface ReportPlot extends RenderedPlot {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
}

/** Everything `writeReport` writes, built in memory. */
export interface BuiltReport {
  readonly data: ReportData;
  readonly plots: ReportPlot[];
  /** Certificates to write next to the report: file name → JSON text. */
  readonly certificates: { file: string; content: string }[];
}

function rational(name: string, v: string): Rational {
  let e: Expr;
  try {
    e = parseConstant(v);
  } catch (err) {
    throw new ReportUsageError(`--${name}: '${v}' is not a number (${err instanceof ExprError ? err.message : String(err)})`);
  }
  if (e.kind !== 'num') throw new ReportUsageError(`--${name}: '${v}' must be a rational number such as 2.5 or 5/2`);
  return e.value;
}

/** The user's claims, validated (usage errors before any work). */
export function userClaims(o: ReportOptions): { ab: Claim | null; pl: Claim | null; theta: Rational | null; tie: Tie | null } {
  if ((o.alpha === undefined) !== (o.beta === undefined)) throw new ReportUsageError('give both --alpha and --beta, or neither');
  const ab: Claim | null = o.alpha !== undefined ? { condition: 'alpha-beta', alpha: rational('alpha', o.alpha), beta: rational('beta', o.beta!) } : null;
  const pl: Claim | null = o.mu !== undefined ? { condition: 'pl', mu: rational('mu', o.mu) } : null;
  const theta = o.theta !== undefined ? rational('theta', o.theta) : null;
  for (const c of [ab, pl, theta ? ({ condition: 'aiming', theta } as Claim) : null]) {
    const bad = c && claimProblem(c);
    if (bad) throw new ReportUsageError(bad);
  }
  let tie: Tie | null = null;
  if (o.fix !== undefined) {
    try {
      tie = parseTie(o.fix);
    } catch (err) {
      if (err instanceof TieError) throw new ReportUsageError(err.message);
      throw err;
    }
  }
  if (o.alphaMax !== undefined && !(o.alphaMax > 0 && Number.isFinite(o.alphaMax)))
    throw new ReportUsageError(`--alpha-max must be a positive number, got ${o.alphaMax}`);
  if (o.timeLimitSec !== undefined && !(o.timeLimitSec > 0 && Number.isFinite(o.timeLimitSec)))
    throw new ReportUsageError(`--time-limit must be a positive number of seconds, got ${o.timeLimitSec}`);
  if (o.maxBoxes !== undefined && !(Number.isInteger(o.maxBoxes) && o.maxBoxes >= 1))
    throw new ReportUsageError(`--max-boxes must be an integer >= 1, got ${o.maxBoxes}`);
  return { ab, pl, theta, tie };
}

/** The JSON of `check --json` of a check (without the proof tree and the residual system). */
export function checkJson(r: CheckResult): Record<string, unknown> {
  const { tree: _t, system: _s, ...rest } = r;
  return rest as Record<string, unknown>;
}

/** The exact claim a constants result confirmed (certified or refuted side), if any. */
function confirmedClaim(condition: ConditionName, r: ConstantsResult, side: 'certified' | 'refuted'): Claim | null {
  const c = r.confirmation[side];
  if (!c || c === 'trivial' || !c.claim) return null;
  const q = (k: string) => (c.claim![k] !== undefined ? rational(k, c.claim![k]!) : null);
  if (condition === 'alpha-beta') {
    const a = q('alpha');
    const b = q('beta');
    return a && b ? { condition, alpha: a, beta: b } : null;
  }
  if (condition === 'pl') {
    const m = q('mu');
    return m ? { condition, mu: m } : null;
  }
  const t = q('theta');
  return t ? { condition, theta: t } : null;
}

const certName = (p: Problem, claim: Claim) =>
  `${p.name}-${claim.condition}-${Object.entries(claimStrings(claim))
    .map(([k, v]) => `${k}${v.replace('/', '_')}`)
    .join('-')}.cert.json`;

/**
 * Computes a report: facts of the problem, the verdict of every condition, best-constant
 * brackets, the (α, β) plane, the counterexamples and the plots, within the time budget
 * (each phase gets a share of `timeLimitSec`; a phase that runs out says so in the notes).
 */
export async function buildReport(p: Problem, options: ReportOptions = {}): Promise<BuiltReport> {
  const ctx = reportContext(p, options);
  const { model, fs } = solutionSet(ctx);
  const stationary = findStationaryPoints(ctx, fs);
  const land: Landscape = { model, fs, stationary, ...factsAndOneTerm(ctx, model, stationary) };
  const { constants, alphaMax } = await alphaBetaConstants(ctx, land);
  const verdicts = await verdictRows(ctx, land, constants);
  // What was decided is still read and drawn after the time limit, within REPORT_GRACE_MS of its
  // own: residual systems are built again for the readings and the residual plot, and they stop
  // at a deadline (on 200 terms they took seconds; a reading or plot cut short is left out).
  const { details, figures } = await withGrace(REPORT_GRACE_MS, async () => {
    const details = collectCounterexamples(ctx, model, verdicts.results, constants);
    return { details, figures: await buildPlots(ctx, land, constants, verdicts.results, details, alphaMax) };
  });
  return assembleReport(ctx, land.facts, constants, verdicts, details, figures);
}

/** The grace after the time limit for a report's counterexample readings and plots (withGrace). */
const REPORT_GRACE_MS = 500;

// ---- the shared state of the steps ----

type UserClaims = ReturnType<typeof userClaims>;

/** What every step of `buildReport` shares: the problem, the options, the budget and its phases, notes and warnings. */
interface ReportContext {
  readonly p: Problem;
  readonly options: ReportOptions;
  readonly o: ResolvedReportOptions;
  readonly user: UserClaims;
  /** Date.now() at the start; `deadline` = started + the budget. */
  readonly started: number;
  readonly deadline: number;
  /** The phases finished so far and their times (report.json's budget.phases). */
  readonly phases: { phase: string; ms: number }[];
  readonly notes: string[];
  readonly warnings: string[];
  /** Ends the current phase and starts `name` ('' ends the last), telling `options.onPhase`. */
  phase(name: string): void;
  /**
   * The time the phase `slot` of the plan (reportPlan) may use, `part` of it (a row's fallback
   * claims take halves): its fraction of the time the phases from `slot` on have left, so that
   * time earlier phases left unused passes to the later ones (phaseShare); at most what is left,
   * at least 0.2 s.
   */
  share(slot: PlanSlot, part?: number): number;
}

/** What the first phases learn about the problem: S, f*, its stationary points and facts, the one-term argument. */
interface Landscape {
  readonly model: ProjectionModel | null;
  readonly fs: { lo: number; hi: number };
  readonly stationary: StationaryPoint[];
  readonly facts: ProblemFacts;
  readonly oneTerm: OneTermRefutation | null;
  /** The one-term argument refutes α-β for every α > β (κ = 1). */
  readonly wholeWindowRefuted: boolean;
}

type Constants = ReportData['constants'];

/** The check behind a verdict row. */
interface RowResult {
  readonly claim: Claim;
  readonly r: CheckResult;
  readonly searchTree?: SearchNode;
}

/** The verdict table and what its checks produced. */
interface Verdicts {
  readonly rows: VerdictRow[];
  /** The checked rows, by condition, in table order. */
  readonly results: Map<ConditionName, RowResult>;
  readonly certificates: { file: string; content: string }[];
}

/** The plots and what report.json says about them. */
interface Figures {
  readonly plots: ReportPlot[];
  /** Which counterexamples each plot draws (plot id → cx ids). */
  readonly drawn: Map<string, string[]>;
  readonly slice: ReturnType<typeof chooseSlice>;
  readonly plane: ReportData['plane'];
}

/** Resolves the options, validates the claims and starts the clock of the budget. */
function reportContext(p: Problem, options: ReportOptions): ReportContext {
  const started = Math.min(options.startedAt ?? Date.now(), Date.now());
  const o: ResolvedReportOptions = {
    timeLimitSec: options.timeLimitSec ?? REPORT_DEFAULTS.timeLimitSec,
    maxBoxes: options.maxBoxes ?? REPORT_DEFAULTS.maxBoxes,
    seed: options.seed ?? REPORT_DEFAULTS.seed,
    z3: options.z3 ?? REPORT_DEFAULTS.z3,
  };
  const user = userClaims(options);
  const T = o.timeLimitSec * 1000;
  const deadline = started + T;
  const plan = reportPlan(user.tie !== null);
  const phases: { phase: string; ms: number }[] = [];
  let phaseStart = Date.now();
  let phaseName = '';
  return {
    p,
    options,
    o,
    user,
    started,
    deadline,
    phases,
    notes: [],
    warnings: [],
    phase: (name: string) => {
      if (phaseName) phases.push({ phase: phaseName, ms: Date.now() - phaseStart });
      phaseName = name;
      phaseStart = Date.now();
      options.onPhase?.(name, Math.min(1, (Date.now() - started) / T));
    },
    share: (slot: PlanSlot, part = 1) => phaseShare(plan, slot, part, deadline - Date.now(), REPORT_RESERVE * T),
  };
}

/** The phases that share a report's budget, in order (a phase that does not run keeps its slot: see phaseShare). */
export type PlanSlot =
  | 'stationary points'
  | 'tie'
  | 'region'
  | 'check alpha-beta'
  | 'pl constants'
  | 'check pl'
  | 'aiming constants'
  | 'check aiming'
  | 'qcvx constants'
  | 'check qcvx';

/**
 * The plan of a report's budget (docs/reports.md, Budget): each phase's fraction of --time-limit
 * when every phase uses all of its share. They add up to 1 − REPORT_RESERVE.
 */
export function reportPlan(tie: boolean): readonly (readonly [PlanSlot, number])[] {
  return [
    ['stationary points', 0.03],
    ...(tie ? ([['tie', 0.12]] as const) : []),
    ['region', tie ? 0.28 : 0.4],
    ['check alpha-beta', 0.12],
    ['pl constants', 0.07],
    ['check pl', 0.05],
    ['aiming constants', 0.07],
    ['check aiming', 0.05],
    ['qcvx constants', 0.07],
    ['check qcvx', 0.05],
  ];
}

/** The part of --time-limit no phase is planned to use: the readings, plots and files after the phases. */
export const REPORT_RESERVE = 0.09;

/**
 * The time phase `slot` may use: `part` of its fraction f of the time left to the phases from
 * `slot` on (the time left minus the reserve, shared in proportion to their fractions), at most
 * the time left and at least 0.2 s. On schedule this is f × the budget, as a fixed share was;
 * time that earlier phases did not use (a bracket found at once, a phase that did not run) goes
 * to this phase and the later ones in the same proportions, and a phase that overran shortens
 * them. A report with --time-limit 20 left PL "not checked" after 11 s when its 7% (1.4 s) did
 * not bracket μ while 9 s were unused.
 */
export function phaseShare(plan: readonly (readonly [PlanSlot, number])[], slot: PlanSlot, part: number, leftMs: number, reserveMs: number): number {
  const i = plan.findIndex(([name]) => name === slot);
  if (i < 0) throw new Error(`phaseShare: '${slot}' is not in the plan`);
  const pending = plan.slice(i).reduce((a, [, f]) => a + f, 0);
  const f = plan[i]![1] * part;
  return Math.max(200, Math.min(leftMs, ((leftMs - reserveMs) * f) / pending));
}

// ---- S, stationary points, facts ----

/** Phase 'S and f*': the model of S (null when S cannot be pinned down) and an enclosure of f*. */
function solutionSet(ctx: ReportContext): { model: ProjectionModel | null; fs: { lo: number; hi: number } } {
  const { p, o, notes } = ctx;
  ctx.phase('S and f*');
  const sm = solutionModel(p, o.seed);
  const model: ProjectionModel | null = sm.ok ? sm.model : null;
  if (!sm.ok)
    notes.push(
      `S could not be pinned down, so α-β and QCvx cannot be decided (PL and Aiming can still be refuted for every constant by a stationary point that is not a global minimizer): ${sm.reason}`,
    );
  else if (sm.note) notes.push(sm.note);
  const fs = model ? fstarEnclosure(p, model) : { lo: -Infinity, hi: Infinity };
  return { model, fs };
}

/** Phase 'stationary points': the proved stationary points (searched up to 8 variables). */
function findStationaryPoints(ctx: ReportContext, fs: { lo: number; hi: number }): StationaryPoint[] {
  const { p, o } = ctx;
  ctx.phase('stationary points');
  if (p.variables.length <= 8) return stationaryPoints(p, fs, o.seed, Date.now() + ctx.share('stationary points'));
  ctx.notes.push(`stationary points not searched: ${p.variables.length} variables`);
  return [];
}

/** Phase 'facts': the facts of the problem and the one-term refutation of α-β, if any. */
function factsAndOneTerm(
  ctx: ReportContext,
  model: ProjectionModel | null,
  stationary: StationaryPoint[],
): Pick<Landscape, 'facts' | 'oneTerm' | 'wholeWindowRefuted'> {
  const { p, user } = ctx;
  ctx.phase('facts');
  const facts = problemFacts(p, model, stationary, []);
  // One term: a proved non-global stationary point refutes α-β for every α > β (or a cone
  // β < κα): the argument and its conditions are in src/reports/universal.ts.
  const oneTerm: OneTermRefutation | null = model ? oneTermRefutation(p, model, stationary) : null;
  const wholeWindowRefuted = oneTerm !== null && oneTerm.kappa === 1;
  if (wholeWindowRefuted)
    ctx.notes.push(
      `α-β ${oneTermText(oneTerm)}; the (α, β) region ${user.tie ? `and the smallest α on ${user.tie.text} were` : 'was'} therefore not computed.`,
    );
  return { facts, oneTerm, wholeWindowRefuted };
}

// ---- best constants ----

/** bestConstants within `ms`; null without S or when the request is not supported (with a note). */
async function runConstants(
  ctx: ReportContext,
  model: ProjectionModel | null,
  label: string,
  req: Parameters<typeof bestConstants>[1],
  ms: number,
): Promise<ConstantsResult | null> {
  const { p, o } = ctx;
  if (!model) return null;
  try {
    // The phase's time bounds the whole computation (bestConstants gives its refinement
    // passes 70% of it and the confirming check() calls, each with its own small budget, the rest).
    return await bestConstants(p, req, {
      maxBoxes: Math.min(o.maxBoxes, 20_000),
      timeLimitMs: ms,
      seed: o.seed,
      relGap: 0.02,
      confirmMaxBoxes: o.maxBoxes,
      confirmTimeLimitMs: Math.max(500, ms / 10),
    });
  } catch (err) {
    if (err instanceof ConstantsUsageError || err instanceof UnsupportedError) {
      ctx.notes.push(`${label}: not computed (${err.message})`);
      return null;
    }
    throw err;
  }
}

/**
 * Phases 'α-β constants on <tie>' (with --fix) and 'α-β region': the smallest α on the tie line
 * and the (α, β) region, in a window 0 ≤ β < α ≤ alphaMax (skipped when the one-term argument
 * refutes every pair). The other conditions' constants are computed with their rows.
 */
async function alphaBetaConstants(ctx: ReportContext, land: Landscape): Promise<{ constants: Constants; alphaMax: number }> {
  const { user, options } = ctx;
  const constants: Constants = { 'alpha-beta': null, pl: null, aiming: null, qcvx: null, tie: null };
  if (user.tie && !land.wholeWindowRefuted) {
    ctx.phase(`α-β constants on ${user.tie.text}`);
    constants.tie = await runConstants(ctx, land.model, `smallest α on ${user.tie.text}`, { condition: 'alpha-beta', tie: user.tie }, ctx.share('tie'));
  }
  const claimAlpha = user.ab?.condition === 'alpha-beta' ? user.ab.alpha.toNumber() : 0;
  const tieAlpha = constants.tie ? (constants.tie.certified ?? constants.tie.refuted ?? 0) : 0;
  const alphaMax = options.alphaMax ?? niceCeil(Math.max(10, 1.25 * claimAlpha, 1.25 * tieAlpha));
  ctx.phase('α-β region');
  if (!land.wholeWindowRefuted)
    constants['alpha-beta'] = await runConstants(
      ctx,
      land.model,
      'the (α, β) region',
      { condition: 'alpha-beta', objective: 'region', alphaMax },
      ctx.share('region'),
    );
  return { constants, alphaMax };
}

// ---- verdicts ----

/**
 * The verdict table: the α-β row (phase 'check alpha-beta'), then for PL, Aiming and QCvx the best
 * constants (phase '<condition> constants', filling `constants`) and the row ('check <condition>').
 */
async function verdictRows(ctx: ReportContext, land: Landscape, constants: Constants): Promise<Verdicts> {
  const { user } = ctx;
  const v: Verdicts = { rows: [], results: new Map(), certificates: [] };
  const ab = user.ab ?? (user.tie && constants.tie ? confirmedClaim('alpha-beta', constants.tie, 'certified') : null);
  await addRow(ctx, land, v, 'alpha-beta', ab, constants['alpha-beta']);
  if (ab && !user.ab) v.rows[0] = { ...v.rows[0]!, origin: 'best certified (constants)', note: `the smallest certified α on ${user.tie!.text}` };
  for (const condition of ['pl', 'aiming', 'qcvx'] as const) {
    ctx.phase(`${condition} constants`);
    const given = condition === 'pl' ? user.pl : user.theta ? ({ condition, theta: user.theta } as Claim) : null;
    constants[condition] = await runConstants(ctx, land.model, `best ${condition === 'pl' ? 'μ' : 'θ'}`, { condition }, ctx.share(`${condition} constants`));
    await addRow(ctx, land, v, condition, given, constants[condition]);
  }
  return v;
}

/** The claim a row checks, where it comes from, and fallback claims to try when it does not certify. */
interface ClaimChoice {
  claim: Claim | null;
  more?: Claim[];
  origin: VerdictRow['origin'];
  note: string | null;
}

/** The claim of a row: the user's, else the best certified constant, else a fallback (see the notes of each). */
function chooseClaim(land: Landscape, condition: ConditionName, given: Claim | null, c: ConstantsResult | null): ClaimChoice {
  const { model, wholeWindowRefuted } = land;
  if (given) return { claim: given, origin: 'user', note: null };
  // Without S only a refutation for every constant can come out (a non-global stationary
  // point): any positive constant asks for it.
  if (!model && condition === 'pl')
    return {
      claim: { condition, mu: Rational.ONE },
      origin: 'fallback',
      note: 'S could not be pinned down: checked only for a refutation for every μ (μ = 1 asks for it)',
    };
  if (!model && condition === 'aiming')
    return {
      claim: { condition, theta: Rational.ONE },
      origin: 'fallback',
      note: 'S could not be pinned down: checked only for a refutation for every θ (θ = 1 asks for it)',
    };
  if (condition === 'alpha-beta' && wholeWindowRefuted)
    return { claim: { condition, alpha: Rational.ONE, beta: Rational.of(99, 100) }, origin: 'fallback', note: 'shown at α = 1, β = 99/100, near the diagonal' };
  const cert = c ? confirmedClaim(condition, c, 'certified') : null;
  if (cert) return { claim: cert, origin: 'best certified (constants)', note: null };
  if (condition === 'alpha-beta' && c) {
    // Another vertex of the certified polygon (each one was certified by check()).
    const v = [...c.region.certified].sort((a, b) => a[0] - b[0])[0];
    if (v)
      return {
        claim: { condition, alpha: Rational.fromShortestDecimal(v[0]), beta: Rational.fromShortestDecimal(v[1]) },
        origin: 'best certified (constants)',
        note: 'a vertex of the certified polygon',
      };
  }
  if (condition === 'alpha-beta' && c && c.region.refuted.length >= 3) {
    const cands = insidePairs(c.region.refuted);
    if (cands.length)
      return {
        claim: cands[0]!,
        more: cands.slice(1),
        origin: 'fallback',
        note: 'the region certified no pair within the budget: pairs inside its outer (not yet refuted) polygon were checked',
      };
  }
  const ref = c ? confirmedClaim(condition, c, 'refuted') : null;
  if (ref && c?.best)
    return {
      claim: ref,
      origin: 'refuted bracket end (constants)',
      note: `the best ${condition === 'pl' ? 'μ' : 'θ'} is 0 (${c.best.proof.kind === 'universal' ? 'proved' : 'up to ε'}): checked at the refuted ε`,
    };
  if (ref)
    return {
      claim: ref,
      origin: 'refuted bracket end (constants)',
      note: 'no constant was certified within the budget: checked at the refuted end of the bracket',
    };
  return {
    claim: null,
    origin: 'none',
    note: model ? 'no constant was certified or refuted within the budget; give one (--alpha/--beta, --mu, --theta)' : 'S could not be pinned down',
  };
}

/** One row of the verdict table (phase 'check <condition>' when there is a claim to check). */
async function addRow(
  ctx: ReportContext,
  land: Landscape,
  v: Verdicts,
  condition: ConditionName,
  given: Claim | null,
  c: ConstantsResult | null,
): Promise<void> {
  const { oneTerm, model } = land;
  const pick = chooseClaim(land, condition, given, c);
  if (!pick.claim) {
    v.rows.push({ condition, claim: null, origin: pick.origin, verdict: 'not checked', check: null, certificate: null, note: pick.note });
    return;
  }
  ctx.phase(`check ${condition}`);
  const universal =
    condition === 'alpha-beta' && oneTerm && model && coneHolds(oneTerm, pick.claim) ? oneTermCheck(ctx.p, land, pick.claim, oneTerm, model) : null;
  if (universal) {
    v.results.set(condition, { claim: pick.claim, r: universal });
    v.rows.push({
      condition,
      claim: claimStrings(pick.claim),
      origin: pick.origin,
      verdict: 'refuted',
      check: checkJson(universal),
      certificate: null,
      note: pick.note,
    });
    return;
  }
  const target = { claim: pick.claim, more: pick.more ?? [] };
  let checked: RowChecked;
  try {
    checked = await checkWithFallbacks(ctx, target, `check ${condition}`);
  } catch (err) {
    if (err instanceof UnsupportedError) {
      v.rows.push({
        condition,
        claim: claimStrings(target.claim),
        origin: pick.origin,
        verdict: 'not checked',
        check: null,
        certificate: null,
        note: err.message,
      });
      return;
    }
    throw err;
  }
  recordCheck(ctx, v, condition, target.claim, pick, checked);
}

/**
 * check() of `target.claim`, then of the fallback pairs `target.more` (half the share each) until
 * one certifies: the first that certifies wins; else the first refuted one (its counterexample
 * explains), else the first result. Sets `target.claim` to the claim of the result.
 */
async function checkWithFallbacks(ctx: ReportContext, target: { claim: Claim; more: Claim[] }, slot: PlanSlot): Promise<RowChecked> {
  const { more } = target;
  let checked = await runCheck(ctx, target.claim, slot, more.length ? 1 / 2 : 1);
  for (const next of more) {
    if (checked.result.verdict === 'certified' || Date.now() > ctx.deadline) break;
    const c2 = await runCheck(ctx, next, slot, 1 / 2);
    if (c2.result.verdict === 'certified' || (c2.result.verdict === 'refuted' && checked.result.verdict !== 'refuted')) {
      checked = c2;
      target.claim = next;
    }
  }
  return checked;
}

/**
 * A row's check: with `--jobs n` (ReportOptions.inPieces) the result of `check --jobs n` and its
 * joined certificate (`pieces`: no search tree; a certified row's boxes come from the joined
 * certificate's tree; no certificate when the pieces gave none).
 */
type RowChecked = Checked & { readonly pieces?: { readonly certificate: Certificate | null; readonly noCertificate?: string } };

/** check() (with Z3 unless --no-z3) within `part` of the share of phase `slot`; with --jobs n, check --jobs n. */
async function runCheck(ctx: ReportContext, claim: Claim, slot: PlanSlot, part: number): Promise<RowChecked> {
  const { p, o } = ctx;
  const ms = ctx.share(slot, part);
  if (ctx.options.inPieces) {
    const pj = await ctx.options.inPieces(p, claim, { maxBoxes: o.maxBoxes, timeLimitMs: ms, seed: o.seed, z3: o.z3, certificate: true });
    if (pj) return { result: pj.result, pieces: { certificate: pj.certificate, ...(pj.noCertificate && { noCertificate: pj.noCertificate }) } };
  }
  const opts = { maxBoxes: o.maxBoxes, timeLimitMs: ms * (o.z3 ? 0.7 : 1), seed: o.seed };
  return o.z3 ? checkWithZ3Detailed(p, claim, { ...opts, z3: { timeLimitMs: Math.max(200, ms * 0.3) } }) : checkDetailed(p, claim, opts);
}

/**
 * The α-β row when the one-term argument covers the claim: the stationary point itself, verified
 * as a counterexample of this claim by the engine's witness check (interval residual < 0 at the
 * point, for every possibly-nearest x_p); null when that check does not confirm it (then the
 * row runs check() as usual).
 */
function oneTermCheck(p: Problem, land: Landscape, claim: Claim, u: OneTermRefutation, m: ProjectionModel): CheckResult | null {
  const t0 = Date.now();
  let system: ReturnType<typeof buildResiduals>;
  try {
    system = buildResiduals(p, claim, m);
  } catch (e) {
    // Out of time: the row runs check(), which says so.
    if (e instanceof TimeLimitReached) return null;
    throw e;
  }
  const boxes = domainBoxes(p);
  const w = verifyWitness(new Prepared(system, boxes.outer, boxes.inner, null), u.point);
  if (!w) return null;
  const f = land.stationary.find((s) => s.point === u.point || s.point.every((v, j) => v === u.point[j]))?.f ?? [null, null];
  return {
    ...resultBase(p, claim),
    verdict: 'refuted',
    counterexample: w,
    coverage: 0,
    boxes: 0,
    elapsedMs: Date.now() - t0,
    computed: system.slots,
    system,
    reason: oneTermText(u),
    universal: {
      kind: 'non-global-stationary-point',
      stationaryKind: u.kind,
      box: u.box,
      point: u.point,
      f: [f[0] ?? -Infinity, f[1] ?? Infinity],
      fstar: [land.fs.lo, land.fs.hi],
    },
  };
}

/** Records a finished check: its result, its certificate when certified, its warnings and its row. */
function recordCheck(ctx: ReportContext, v: Verdicts, condition: ConditionName, claim: Claim, pick: ClaimChoice, checked: RowChecked): void {
  const { p, warnings } = ctx;
  const r = checked.result;
  // --jobs: a certified row's boxes are those of the joined certificate's tree (the pieces keep
  // no search tree; a merged tree tiles the domain as one job's does, a Z3 proof is one leaf).
  const joined = checked.pieces?.certificate;
  const drawn: CheckResult = joined && r.verdict === 'certified' && !r.reduction ? { ...r, tree: joined.tree as CertNode } : r;
  v.results.set(condition, { claim, r: drawn, ...(checked.searchTree && { searchTree: checked.searchTree }) });
  let certificate: string | null = null;
  let note = pick.note;
  if (r.verdict === 'certified') {
    try {
      // --jobs: the pieces' joined certificate (a merged one, which verify-cert re-checks).
      const cert = checked.pieces ? checked.pieces.certificate : certificateFor(p, r);
      if (!cert) throw new Error(checked.pieces?.noCertificate ?? 'the pieces of --jobs gave no certificate to join');
      v.certificates.push({ file: certName(p, claim), content: `${JSON.stringify(cert)}\n` });
      certificate = certName(p, claim);
    } catch (err) {
      note = `${note ? `${note}; ` : ''}no certificate: ${(err as Error).message}`;
    }
  }
  for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w);
  v.rows.push({ condition, claim: claimStrings(claim), origin: pick.origin, verdict: r.verdict, check: checkJson(r), certificate, note });
}

// ---- counterexamples ----

/**
 * Phase 'counterexamples': those of the verdict table, then the refuted ends of the constants
 * brackets, each (claim, point) once, numbered cx1, cx2, … (none without S).
 */
function collectCounterexamples(ctx: ReportContext, model: ProjectionModel | null, results: Verdicts['results'], constants: Constants): CounterexampleDetail[] {
  const { p } = ctx;
  ctx.phase('counterexamples');
  const details: CounterexampleDetail[] = [];
  const seen = new Set<string>();
  const add = (claim: Claim, w: Counterexample, from: string, universal: boolean, xstarIndex?: number | null, universalText?: string) => {
    if (!model) return;
    const key = `${claim.condition}:${JSON.stringify(claimStrings(claim))}:${w.x.join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    try {
      details.push(
        describeCounterexample(p, model, claim, w, {
          id: `cx${details.length + 1}`,
          from,
          universal,
          ...(xstarIndex !== undefined && { xstarIndex }),
          ...(universalText && { universalText }),
        }),
      );
    } catch (e) {
      // Past the grace: the counterexample stays in its row, without its reading.
      if (!(e instanceof TimeLimitReached)) throw e;
      if (!ctx.notes.some((n) => n.startsWith('counterexample readings')))
        ctx.notes.push('counterexample readings: some left out (the time limit was reached)');
    }
  };
  for (const [condition, { claim, r }] of results)
    if (r.counterexample)
      add(
        claim,
        r.counterexample,
        `verdict table (${condition})`,
        Boolean(r.universal),
        r.xstar?.point ?? null,
        condition === 'alpha-beta' && r.universal ? r.reason : undefined,
      );
  for (const [key, c] of Object.entries(constants) as [string, ConstantsResult | null][]) {
    if (!c?.witness) continue;
    const claim = confirmedClaim(c.condition, c, 'refuted');
    if (claim)
      add(
        claim,
        c.witness,
        key === 'tie' ? `refuted end of the smallest α on ${c.tie}` : `refuted end of the ${c.condition} bracket`,
        c.best?.proof.kind === 'universal',
      );
  }
  return details;
}

// ---- plots ----

/** Where the plots look: a slice of the domain (through the worst counterexample) and its axes. */
interface PlotFrame {
  readonly d: number;
  readonly slice: ReturnType<typeof chooseSlice>;
  /** The names of the slice's axes. */
  readonly names: string[];
  readonly box: ReturnType<typeof outerBox>;
  /** The caption's sentence on the slice ('' when nothing is fixed). */
  readonly sliceNote: string;
  /** S and the stationary points that are not global minimizers. */
  readonly markers: Marker[];
  /** A point's place on the plots: its slice coordinates (y = 0 in one dimension). */
  at(x: readonly number[]): { x: number; y: number };
  /** Whether a box meets the slice. */
  onSlice(lo: readonly number[], hi: readonly number[]): boolean;
}

/** The counterexample markers of the plots; `drawn` records which counterexamples each plot draws. */
interface CxMarks {
  readonly drawn: Map<string, string[]>;
  /**
   * The markers of plot `id`, each labelled with its number (cxN in the Counterexamples section);
   * counterexamples at the same point share one marker ("1, 2, 3"). `applies` picks the ones
   * drawn on the plot: a plot of one claim shows only the counterexamples of that claim.
   */
  forPlot(id: string, applies: (c: CounterexampleDetail) => boolean): Marker[];
}

/**
 * Phase 'plots': f, the α-β residual, the branch-and-bound boxes of each check and the (α, β)
 * plane (with its data for report.json).
 */
async function buildPlots(
  ctx: ReportContext,
  land: Landscape,
  constants: Constants,
  results: Verdicts['results'],
  details: CounterexampleDetail[],
  alphaMax: number,
): Promise<Figures> {
  const { p } = ctx;
  ctx.phase('plots');
  const frame = plotFrame(p, land, details, ctx.deadline);
  const cx = counterexampleMarks(details, frame.at);
  // Past the command's own deadline (in the grace), a coarser grid of f: 200 terms in 40 variables
  // took 0.3 s on the full one.
  const plots: ReportPlot[] = [await fPlot(p, frame, cx, Date.now() > ctx.deadline)];
  const abResult = results.get('alpha-beta');
  if (land.model && abResult && abResult.claim.condition === 'alpha-beta')
    try {
      plots.push(await residualPlot(p, land.model, abResult.claim, frame, cx));
    } catch (e) {
      if (!(e instanceof TimeLimitReached)) throw e;
      ctx.notes.push('the α-β residual plot was left out: the time limit was reached while its residuals were built');
    }
  plots.push(...(await boxesPlots(results, frame, cx)));
  const plane = planeData(ctx, land, constants, abResult, alphaMax);
  const planeFigure = await planePlotOf(plane);
  if (planeFigure) plots.push(planeFigure);
  return { plots, drawn: cx.drawn, slice: frame.slice, plane };
}

const fmtPt = (x: readonly number[]) => `(${x.map((v) => Number(v.toPrecision(6))).join(', ')})`;

/** The value of a one-dimensional grid at x (its nearest sample to the left). */
const gridAt = (g: Grid, x: number) => g.values[Math.min(g.nx - 1, Math.max(0, Math.floor(((x - g.xRange[0]) / (g.xRange[1] - g.xRange[0])) * g.nx)))]!;

/** The slice the plots show (through the worst counterexample, α-β first) and the markers of S and the stationary points. */
function plotFrame(p: Problem, land: Landscape, details: CounterexampleDetail[], deadline: number): PlotFrame {
  const { model, facts, stationary } = land;
  const d = p.variables.length;
  const worst = [...details].sort(
    (a, b) => (a.condition === 'alpha-beta' ? 0 : 1) - (b.condition === 'alpha-beta' ? 0 : 1) || a.counterexample.residual[1] - b.counterexample.residual[1],
  )[0];
  const slice = chooseSlice(p, worst ? { x: worst.counterexample.x, label: `counterexample ${worst.id} (${worst.condition})` } : null, deadline);
  const names = slice.axes.map((j) => p.variables[j]!);
  const box = outerBox(p);
  const onSlice = (lo: readonly number[], hi: readonly number[]) =>
    slice.fixed.length === 0 || p.variables.every((_, j) => slice.axes.includes(j) || (lo[j]! <= slice.point[j]! && slice.point[j]! <= hi[j]!));
  const at = (x: readonly number[]) => ({ x: x[slice.axes[0]!]!, y: d === 1 ? 0 : x[slice.axes[1]!]! });
  const markers: Marker[] = [];
  if (facts.minimizers.points) for (const pt of facts.minimizers.points) markers.push({ ...at(pt), kind: 'S (minimizer)', label: `S ${fmtPt(pt)}` });
  if (model && model.kind === 'map')
    for (const pt of sampleS(p, model, slice, d === 1 ? 200 : 60)) markers.push({ ...at(pt), kind: 'S (sampled)', label: 'Proj(x, S) of a grid point' });
  for (const s of stationary) {
    if (s.status === 'global') continue;
    const kind = s.kind === 'saddle' ? 'saddle' : s.kind === 'local-min' ? 'local min' : s.kind === 'local-max' ? 'local max' : 'stationary (unclassified)';
    markers.push({ ...at(s.point), kind, label: `${kind} ${fmtPt(s.point)}, f ∈ [${s.f[0]}, ${s.f[1]}]` });
  }
  const sliceNote = slice.fixed.length
    ? ` Slice: ${slice.through}; fixed ${slice.fixed.map((f) => `${f.variable} = ${Number(f.value.toPrecision(6))}`).join(', ')}.`
    : '';
  return { d, slice, names, box, sliceNote, markers, at, onSlice };
}

function counterexampleMarks(details: CounterexampleDetail[], at: PlotFrame['at']): CxMarks {
  const drawn = new Map<string, string[]>();
  return {
    drawn,
    forPlot: (id, applies) => {
      drawn.set(
        id,
        details.filter(applies).map((c) => c.id),
      );
      const groups = new Map<string, CounterexampleDetail[]>();
      for (const c of details.filter(applies)) {
        const q = at(c.counterexample.x);
        const key = `${q.x.toPrecision(6)},${q.y.toPrecision(6)}`;
        groups.set(key, [...(groups.get(key) ?? []), c]);
      }
      return [...groups.values()].map((cs) => ({
        ...at(cs[0]!.counterexample.x),
        kind: CX_KIND,
        tag: cs.map((c) => c.id.replace(/^cx/, '')).join(', '),
        label: `${cs
          .map(
            (c) =>
              `${c.id} (${c.condition} at ${Object.entries(c.claim)
                .map(([k, v]) => `${k} = ${v}`)
                .join(', ')})`,
          )
          .join('; ')} ${fmtPt(cs[0]!.counterexample.x)}`,
      }));
    },
  };
}

/** Whether a counterexample is one of `claim` of `condition`. */
const sameClaim = (c: CounterexampleDetail, condition: ConditionName, claim: Claim) =>
  c.condition === condition && JSON.stringify(c.claim) === JSON.stringify(claimStrings(claim));

/** The caption's note for a grid whose sampling the time limit stopped. */
const cutNote = (g: Grid): string => (g.cut ? ' Sampling was cut short by the time limit: blank cells were not sampled.' : '');

/** Plot 'f': f on the slice (a line in 1-d, else contours) with every marker and every counterexample. */
async function fPlot(p: Problem, frame: PlotFrame, cx: CxMarks, late: boolean): Promise<ReportPlot> {
  const { d, names, box, markers, sliceNote } = frame;
  const cxMarkers = cx.forPlot('f', () => true);
  const fg = fGrid(p, frame.slice, d === 1 ? (late ? 200 : 400) : late ? 24 : 48);
  if (d === 1) {
    return {
      id: 'f',
      title: `f on [${box.lo[0]}, ${box.hi[0]}]`,
      caption: `f(x) (float samples) with S, stationary points that are not global minimizers, and every counterexample (labelled with its number).${cutNote(fg)}`,
      ...(await linePlot(
        fg,
        names[0]!,
        'f',
        [...markers, ...cxMarkers].map((m) => ({ ...m, y: gridAt(fg, m.x) })),
      )),
    };
  }
  return {
    id: 'f',
    title: 'Contour plot of f',
    caption: `Filled contours of f (float samples on a 48×48 grid, levels at quantiles) with S, saddles and local minima/maxima (Krawczyk-proved stationary points that are not global minimizers), and every counterexample (labelled with its number).${sliceNote}${cutNote(fg)}`,
    ...(await contourPlot(fg, [names[0]!, names[1]!], [...markers, ...cxMarkers])),
  };
}

/** Plot 'residual': the α-β residual at the α-β row's constants, with the counterexamples of that claim. */
async function residualPlot(
  p: Problem,
  model: ProjectionModel,
  claim: Extract<Claim, { condition: 'alpha-beta' }>,
  frame: PlotFrame,
  cx: CxMarks,
): Promise<ReportPlot> {
  const { d, names, sliceNote } = frame;
  const rg = residualGrid(p, model, claim, frame.slice, d === 1 ? 400 : 40);
  const cl = claimStrings(claim);
  const title = `min_i R_i at α = ${cl.alpha}, β = ${cl.beta}`;
  const caption = `The α-β residual min_i R_i(x) with x_p the nearest point of S, at the α-β row's constants (α = ${cl.alpha}, β = ${cl.beta}): red where the condition fails; marked: the counterexamples of these constants. Float evaluation (an estimate for orientation; verdicts come from interval arithmetic).${sliceNote}${cutNote(rg)}`;
  const abCx = cx.forPlot('residual', (c) => sameClaim(c, 'alpha-beta', claim));
  if (d === 1)
    return {
      id: 'residual',
      title,
      caption,
      ...(await linePlot(
        rg,
        names[0]!,
        'min_i R_i',
        abCx.map((m) => ({ ...m, y: gridAt(rg, m.x) })),
        true,
      )),
    };
  return { id: 'residual', title: `Heat map of ${title}`, caption, ...(await heatmap(rg, [names[0]!, names[1]!], 'min_i R_i', abCx)) };
}

/** Plots 'boxes-<condition>': the branch-and-bound boxes of each check that has a tree, on the slice. */
async function boxesPlots(results: Verdicts['results'], frame: PlotFrame, cx: CxMarks): Promise<ReportPlot[]> {
  const { d, slice, names, box, sliceNote } = frame;
  const plots: ReportPlot[] = [];
  for (const [condition, { claim, r, searchTree }] of results) {
    // Decided over y = W x (r.reduction): its boxes are intervals of y, not boxes of this plane.
    const tree = r.reduction ? null : r.tree ? { cert: r.tree, domain: box } : searchTree ? { search: searchTree } : null;
    if (!tree) continue;
    const boxes = drawnBoxes(tree, 2500, frame.onSlice);
    const cxMarkers = cx.forPlot(`boxes-${condition}`, (c) => sameClaim(c, condition, claim));
    plots.push({
      id: `boxes-${condition}`,
      title: `Branch-and-bound boxes: ${condition}`,
      caption: `${condition} at ${Object.entries(claimStrings(claim))
        .map(([k, v]) => `${k} = ${v}`)
        .join(
          ', ',
        )}: ${r.verdict}, ${r.boxes} boxes, ${(r.coverage * 100).toFixed(2)}% of the domain proved. Leaves coloured by how they were settled${boxes.some((b) => b.status === 'mixed') ? '; "mixed" boxes are subtrees drawn whole (too many leaves to draw)' : ''}.${sliceNote}`,
      ...(await boxesPlot(
        boxes,
        slice.axes,
        names,
        { x: [box.lo[slice.axes[0]!]!, box.hi[slice.axes[0]!]!], y: d === 1 ? [0, 1] : [box.lo[slice.axes[1]!]!, box.hi[slice.axes[1]!]!] },
        cxMarkers,
      )),
    });
  }
  return plots;
}

/**
 * The (α, β) plane of report.json: the certified and outer polygons (less the one-term cone), the
 * claim, the checked pair, the tight bracket and the view (zoomed to the decided boundary).
 * Warns when a certified vertex lies in the refuted cone.
 */
function planeData(ctx: ReportContext, land: Landscape, constants: Constants, abResult: RowResult | undefined, alphaMax: number): ReportData['plane'] {
  const { user } = ctx;
  const { oneTerm, wholeWindowRefuted } = land;
  const reg = constants['alpha-beta'];
  const planeClaim: ReportData['plane']['claim'] =
    user.ab?.condition === 'alpha-beta'
      ? { kind: 'point', alpha: user.ab.alpha.toNumber(), beta: user.ab.beta.toNumber() }
      : user.tie
        ? { kind: 'line', tie: user.tie.text, k: user.tie.k.toNumber(), m: user.tie.m.toNumber() }
        : null;
  const checked =
    abResult?.claim.condition === 'alpha-beta'
      ? { alpha: abResult.claim.alpha.toNumber(), beta: abResult.claim.beta.toNumber(), verdict: abResult.r.verdict }
      : null;
  const tightFrom = constants.tie ?? reg;
  const tight = tightFrom
    ? {
        certifiedPair: tightFrom.certifiedPair ?? null,
        refutedPair: tightFrom.refutedPair ?? null,
        along: constants.tie ? `the line ${constants.tie.tie}` : 'the ray toward the outer polygon’s smallest-α vertex',
      }
    : null;
  // The outer polygon less the cone that the one-term argument refutes (β < κα).
  const outer = reg ? (oneTerm && reg.region.refuted.length >= 3 ? clipBelowRay(reg.region.refuted, oneTerm.kappa) : reg.region.refuted) : [];
  const certifiedPoly = reg?.region.certified ?? [];
  if (oneTerm && certifiedPoly.some(([a, b]) => b < oneTerm.kappa * a * (1 - 1e-9))) {
    ctx.warnings.push(
      `a certified (α, β) vertex lies in the cone β < ${oneTerm.kappa}·α that the one-term argument refutes: the two contradict each other (please report this)`,
    );
  }
  // Zoom to the decided boundary: tight pairs, checked pair, claim, tips of the undecided and certified regions.
  const tip = (poly: readonly [number, number][]) => (poly.length ? [poly.reduce((m, v) => (v[0] < m[0] ? v : m))] : []);
  const keyPairs: [number, number][] = [
    ...(tight?.certifiedPair ? [[tight.certifiedPair.alpha, tight.certifiedPair.beta] as [number, number]] : []),
    ...(tight?.refutedPair ? [[tight.refutedPair.alpha, tight.refutedPair.beta] as [number, number]] : []),
    ...(checked ? [[checked.alpha, checked.beta] as [number, number]] : []),
    ...(planeClaim?.kind === 'point' ? [[planeClaim.alpha, planeClaim.beta] as [number, number]] : []),
    ...(outer.length >= 3 ? tip(outer) : []),
    ...tip(certifiedPoly),
  ];
  const { view, zoomed } = wholeWindowRefuted ? { view: { lo: 0, hi: alphaMax }, zoomed: false } : planeView(alphaMax, keyPairs);
  return {
    alphaMax,
    certified: certifiedPoly,
    refuted: outer,
    regionComputed: reg !== null,
    oneTerm: oneTerm ? { kappa: oneTerm.kappa, point: oneTerm.point, text: oneTermText(oneTerm) } : null,
    view,
    zoomed,
    claim: planeClaim,
    checked,
    tight,
  };
}

/** Plot 'plane': the (α, β) plane; null when there is nothing to draw (no region, claim or one-term cone). */
async function planePlotOf(plane: ReportData['plane']): Promise<ReportPlot | null> {
  const { alphaMax, regionComputed, oneTerm, view, zoomed, claim, checked, tight } = plane;
  if (!(regionComputed || claim || oneTerm)) return null;
  const win = `0 ≤ β < α ≤ ${alphaMax}`;
  const regionText = regionComputed
    ? `Red: refuted (every pair outside the outer polygon fails at a verified point${oneTerm ? `, and every pair with β < ${num(oneTerm.kappa, 6)}·α by the one-term argument` : ''}). Yellow: undecided. Green: certified (the hull of pairs certified by check()).`
    : oneTerm
      ? `Red: refuted by the one-term argument (${oneTerm.kappa === 1 ? 'every α > β' : `every β < ${num(oneTerm.kappa, 6)}·α`}: a stationary point that is not a global minimizer, see the α-β row).${oneTerm.kappa === 1 ? '' : ' Grey: not computed.'}`
      : 'Grey: the region was not computed (see the notes).';
  return {
    id: 'plane',
    title: 'The (α, β) plane',
    caption: `${zoomed ? `Zoomed to α, β ∈ [${num(view.lo, 4)}, ${num(view.hi, 4)}] around the decided boundary (tight pairs, checked pair, claim, tips of the undecided and certified regions); the inset shows the whole window ${win} with the zoomed square outlined.` : `Window ${win}.`} ${regionText} Markers: the claim, the pair of the verdict table (with its verdict)${tight && (tight.certifiedPair || tight.refutedPair) ? `, and the tight pair bracket along ${tight.along}` : ''}.`,
    ...(await planePlot({
      alphaMax,
      certified: plane.certified,
      refuted: regionComputed ? plane.refuted : null,
      kappa: oneTerm?.kappa ?? null,
      claim,
      checked,
      certifiedPair: tight?.certifiedPair ?? null,
      refutedPair: tight?.refutedPair ?? null,
      view,
      zoomed,
    })),
  };
}

// ---- report.json ----

/** Ends the last phase and puts report.json together (with a note when the budget ran out). */
function assembleReport(
  ctx: ReportContext,
  facts: ProblemFacts,
  constants: Constants,
  verdicts: Verdicts,
  details: CounterexampleDetail[],
  figures: Figures,
): BuiltReport {
  const { o, started, deadline, phases } = ctx;
  const { plots, drawn, slice, plane } = figures;
  ctx.phase('');
  const data: ReportData = {
    format: 'lscert-report',
    version: 1,
    lscert: VERSION,
    generated: new Date().toISOString(),
    problem: facts,
    budget: { timeLimitSec: o.timeLimitSec, maxBoxes: o.maxBoxes, seed: o.seed, z3: o.z3, elapsedMs: Date.now() - started, phases },
    verdicts: verdicts.rows,
    constants,
    plane,
    counterexamples: details,
    slice: { axes: slice.axes, fixed: slice.fixed, through: slice.through },
    plots: plots.map((q) => ({ id: q.id, title: q.title, caption: q.caption, marks: q.marks, counterexamples: drawn.get(q.id) ?? [] })),
    notes: [
      ...ctx.notes,
      ...(Date.now() > deadline ? [`the time budget (${o.timeLimitSec} s) ran out: later phases got the minimum time (see budget.phases)`] : []),
    ],
    warnings: ctx.warnings,
  };
  return { data, plots, certificates: verdicts.certificates };
}

/**
 * Pairs strictly inside a convex polygon of the (α, β) plane, as short decimals with α > β ≥ 0:
 * the points 90% and 70% of the way from the vertex centroid to the vertex with the largest
 * α + β (near the diagonal, where the α-β-condition is easiest to satisfy), then the centroid.
 * Points of a segment from an interior point to a vertex are inside a convex polygon.
 */
function insidePairs(poly: readonly [number, number][]): Claim[] {
  const ca = poly.reduce((s, v) => s + v[0], 0) / poly.length;
  const cb = poly.reduce((s, v) => s + v[1], 0) / poly.length;
  const top = poly.reduce((best, v) => (v[0] + v[1] > best[0] + best[1] ? v : best));
  const out: Claim[] = [];
  for (const t of [0.9, 0.7, 0]) {
    const a = Rational.fromShortestDecimal(Number((ca + t * (top[0] - ca)).toPrecision(4)));
    const b = Rational.fromShortestDecimal(Number((cb + t * (top[1] - cb)).toPrecision(4)));
    if (a.cmp(b) > 0 && b.sign() >= 0) out.push({ condition: 'alpha-beta', alpha: a, beta: b });
  }
  return out;
}

/** A round number ≥ x (1, 2, 2.5, 5 × 10^k). */
function niceCeil(x: number): number {
  const e = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= x - 1e-12) return m * e;
  return 10 * e;
}
