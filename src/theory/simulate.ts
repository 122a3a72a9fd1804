/**
 * `lscert simulate` as a library (issue [11] §4): run one of the paper's optimizers on a
 * closed-form problem, many seeds, and compare the estimated min_{k<K} E[f(x_k) − f*] with
 * the theorem's bound evaluated on constants lscert certifies for the problem. docs/theory.md.
 *
 * What is rigorous and what is not:
 * - α, β are certified on the box by `check()` (given by the user) or by `bestConstants`;
 *   L and σ²_int are the report's enclosures (src/reports/facts.ts), D0 an interval enclosure;
 *   the bound is `theory()`'s upper end on those enclosures (rounded up).
 * - The simulation is float arithmetic and its band is statistical (CLT or Hoeffding, at a stated
 *   level, simultaneous over the iterations): a violation is a statistical finding, not a proof.
 * - The certified constants hold on the box only: runs that leave it are counted per K.
 */
import { objective, type ProjectionModel } from '../conditions/index.js';
import { bestConstants, parseTie, type ConstantsResult, type Tie } from '../constants/index.js';
import { solutionModel, withDeadline } from '../engine/constantsKit.js';
import { compileInterval, encloseConstant, parseConstant } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { innerBox, outerBox, type Problem } from '../problem/index.js';
import { problemFacts, subBoxes } from '../reports/facts.js';
import { checkClaim } from '../api/check.js';
import { toClaim } from '../api/claim.js';
import { decspsDiameter, distanceSquaredToS } from './distance.js';
import { SimulateInputError, SimulateUsageError } from './errors.js';
import { exactPair, theory, type Optimizer, type TheoryInput, type TheoryInputName, type TheoryResult } from './index.js';
import { runSimulation, type RunnerOutput } from './runner.js';
import { CLT_MIN_RUNS, type BandMethod } from './statistics.js';
import { compareRow, firstViolation, runningBands, type SimulateRow } from './compare.js';
import type { StepParams } from './steps.js';

export { SimulateInputError, SimulateUsageError } from './errors.js';
export { BAND_METHODS, type BandMethod } from './statistics.js';
export type { SimulateRow } from './compare.js';

export interface SimulateOptions {
  readonly optimizer: Optimizer;
  /** Exact constants (text such as "5/2"): both or neither. Given, they are checked with check() first. */
  readonly alpha?: string;
  readonly beta?: string;
  /** Tie for bestConstants when α, β are not given (default: none for sgd, sgd-decreasing, sps-max; "beta = alpha - 1" for decsps, ngn). */
  readonly fix?: string;
  /** Step sizes as exact constants (defaults in docs/theory.md). */
  readonly gamma?: string;
  readonly gammaB?: string;
  readonly c?: string;
  /** The start point (doubles, inside the box). Default: the box's lower corner. */
  readonly x0?: readonly number[];
  /** Largest K: iterates x_0 … x_{K−1}. */
  readonly K: number;
  readonly seeds: number;
  readonly seed: number;
  readonly band: BandMethod;
  /** Joint level of the bands over all iterations, e.g. 0.95. */
  readonly confidence: number;
  /** Budget of the certification of α, β (check() or bestConstants). */
  readonly timeLimitMs: number;
  /** Z3 pass of check() for given α, β (default true). */
  readonly z3?: boolean;
}

export const SIMULATE_DEFAULTS = { K: 1000, seeds: 200, seed: 1, band: 'clt' as BandMethod, confidence: 0.95, timeLimitSec: 60 };

export interface SimulateResult {
  readonly command: 'simulate';
  readonly statement: string;
  readonly problem: string;
  readonly optimizer: Optimizer;
  readonly constants: { readonly alpha: string; readonly beta: string; readonly how: string };
  readonly facts: {
    readonly L: { readonly value: number; readonly how: string };
    readonly sigma2int: { readonly enclosure: [number, number]; readonly how: string };
    readonly fstar: { readonly enclosure: [number, number]; readonly usedInGap: number; readonly how: string };
    readonly termMinima: [number, number][];
    readonly sigma2pos: [number, number] | null;
    readonly D0: [number, number];
    readonly D: [number, number] | null;
    readonly x0: number[];
    readonly box: { readonly lo: number[]; readonly hi: number[] };
    /** Upper bound of sup over the box of f − f* (a bound at or above it says nothing there). */
    readonly gapSupOnBox: number | null;
  };
  readonly steps: { readonly name: TheoryResult['stepName']; readonly value: number; readonly c: number | null; readonly how: string };
  readonly theorem: { readonly statement: string; readonly floor: number | null; readonly notes: readonly string[] };
  readonly statistics: {
    /** Runs started: `runsAsked` unless the time limit stopped them (then `complete` is false). */
    readonly runs: number;
    readonly runsAsked: number;
    readonly complete: boolean;
    readonly seeds: [number, number];
    readonly sampling: string;
    readonly band: BandMethod;
    readonly confidence: number;
    readonly perIteration: number;
    readonly how: string;
  };
  readonly rows: SimulateRow[];
  /** The K of `rows` with a violation. */
  readonly violations: number[];
  /** The smallest K in 1…Kmax with a violation (every K is checked, not only the rows), or null. */
  readonly firstViolation: number | null;
  /** False when the time limit stopped the scan of every K for a violation (then `firstViolation` is only the first among the printed rows, or null: unknown). */
  readonly violationScanComplete: boolean;
  /** NGN only: the bound with the appendix's βσ²_int/c2 and the main text's 2βσ²_int/c2. */
  readonly ngnBetaTerm: {
    readonly rows: { K: number; appendix: number; mainText: number; reading: 'both consistent' | 'appendix form violated' | 'both violated' }[];
    readonly tellsApart: number[];
    readonly summary: string;
  } | null;
  /** The curves of the plot: K, bound, running min of the mean and its band. */
  readonly series: {
    K: number[];
    bound: (number | null)[];
    observed: number[];
    lower: (number | null)[];
    upper: (number | null)[];
    mainText?: (number | null)[];
  };
  readonly notes: string[];
  readonly elapsedMs: number;
}

const I = (x: number) => Interval.point(x);
/** The widest f_i* enclosure SPS_max and DecSPS run with, relative to max(1, |midpoint|). */
export const F_STAR_REL_WIDTH = 1e-9;
const finite = (x: number) => Number.isFinite(x);
const fin = (x: number): number | null => (finite(x) ? x : null);

/** `name` is the flag without its dashes (gamma, gamma-b, c, alpha, beta): messages name `--name`. */
function exact(name: string, text: string): Interval {
  let iv: Interval;
  try {
    iv = encloseConstant(parseConstant(text));
  } catch (err) {
    throw new SimulateUsageError(`--${name}: '${text}' is not a number or exact constant (${(err as Error).message})`);
  }
  if (!(finite(iv.lo) && finite(iv.hi))) throw new SimulateUsageError(`--${name}: '${text}' is not a finite number`);
  return iv;
}

/** The certified (α, β): the user's, confirmed by check(), or the one bestConstants confirms. */
async function certifiedConstants(p: Problem, o: SimulateOptions): Promise<{ alpha: string; beta: string; how: string }> {
  if ((o.alpha === undefined) !== (o.beta === undefined)) throw new SimulateUsageError('give both --alpha and --beta, or neither');
  if (o.alpha !== undefined && o.beta !== undefined) {
    const claim = toClaim('alpha-beta', { alpha: o.alpha, beta: o.beta });
    const r = await checkClaim(p, claim, { timeLimitMs: o.timeLimitMs, seed: o.seed, z3: o.z3 ?? true });
    const a = claim.condition === 'alpha-beta' ? claim.alpha.toString() : o.alpha;
    const b = claim.condition === 'alpha-beta' ? claim.beta.toString() : o.beta;
    if (r.verdict !== 'certified')
      throw new SimulateInputError(
        `α = ${a}, β = ${b} is ${r.verdict} on the box, not certified: the bound would rest on an unproved condition (lscert check … --condition alpha-beta --alpha ${o.alpha} --beta ${o.beta})`,
      );
    return { alpha: a, beta: b, how: `given; certified on the box by check() (${r.boxes} boxes, ${r.elapsedMs} ms)` };
  }
  // The defaults of docs/theory.md: the smallest β/(α−β) in the window α ≤ 10 (the
  // non-vanishing term 2βσ²_int/(α−β) is smallest; among the pairs of that ratio `min-ratio`
  // takes the largest certified α − β, which shrinks the other terms), then, when nothing is certified there (or
  // the theorem needs α − β ≥ 1: ngn, decsps), the smallest certified α on β = α − 1.
  const needsGap = o.optimizer === 'ngn' || o.optimizer === 'decsps';
  const deadline = Date.now() + o.timeLimitMs;
  const tried: string[] = [];
  const attempts: { fix: string | undefined }[] =
    o.fix !== undefined ? [{ fix: o.fix }] : needsGap ? [{ fix: 'beta = alpha - 1' }] : [{ fix: undefined }, { fix: 'beta = alpha - 1' }];
  for (const { fix } of attempts) {
    const ms = deadline - Date.now();
    if (ms < 1000) break;
    const tie: Tie | undefined = fix !== undefined ? parseTie(fix) : undefined;
    const r: ConstantsResult = await bestConstants(
      p,
      { condition: 'alpha-beta', ...(tie ? { tie, objective: 'min-alpha' as const } : { objective: 'min-ratio' as const }) },
      { timeLimitMs: ms, seed: o.seed },
    );
    const what = tie ? `smallest certified α on ${fix}` : 'smallest certified β/(α−β) with α ≤ 10';
    const pair = r.certifiedPair;
    if (!pair) {
      tried.push(what);
      continue;
    }
    const claim = r.confirmation.certified !== 'trivial' ? r.confirmation.certified?.claim : undefined;
    return {
      alpha: claim?.alpha ?? String(pair.alpha),
      beta: claim?.beta ?? String(pair.beta),
      how: `${what}, confirmed by check() (lscert constants --condition alpha-beta ${tie ? `--fix "${fix}"` : '--objective min-ratio'})${tried.length ? `; nothing certified for: ${tried.join(', ')}` : ''}`,
    };
  }
  throw new SimulateInputError(
    `no certified (α, β) within the budget (${tried.length ? tried.join(', then ') : 'no time left'}): give --alpha and --beta, --fix, or a longer --time-limit`,
  );
}

/** K = 1, 2, 5, 10, 20, 50, … up to Kmax, and Kmax. */
export function reportGrid(Kmax: number): number[] {
  const out: number[] = [];
  for (let e = 1; e <= Kmax; e *= 10) for (const m of [1, 2, 5]) if (m * e <= Kmax) out.push(m * e);
  if (out[out.length - 1] !== Kmax) out.push(Kmax);
  return out;
}

/** About `count` integers from 1 to Kmax, evenly spaced on a log scale. */
function plotGrid(Kmax: number, count = 120): number[] {
  const s = new Set<number>([1, Kmax]);
  for (let j = 0; j <= count; j++) s.add(Math.max(1, Math.min(Kmax, Math.round(Kmax ** (j / count)))));
  return [...s].sort((a, b) => a - b);
}

/** Runs the simulation and the comparison (see the file comment and docs/theory.md). */
export async function simulateProblem(p: Problem, o: SimulateOptions): Promise<SimulateResult> {
  const started = Date.now();
  const notes: string[] = [];
  const d = p.variables.length;
  if (!(Number.isInteger(o.K) && o.K >= 1 && o.K <= 1_000_000)) throw new SimulateUsageError(`K must be an integer in [1, 1000000], got ${o.K}`);
  if (!(Number.isInteger(o.seeds) && o.seeds >= 2)) throw new SimulateUsageError(`seeds must be an integer >= 2, got ${o.seeds}`);
  if (!(o.confidence > 0 && o.confidence < 1)) throw new SimulateUsageError(`confidence must be in (0, 1), got ${o.confidence}`);
  const box = outerBox(p);
  const inner = innerBox(p);
  const x0 = o.x0 ? [...o.x0] : [...inner.lo];
  if (x0.length !== d) throw new SimulateUsageError(`x0 has ${x0.length} coordinates, the problem ${d}`);
  if (!x0.every((v, j) => v >= inner.lo[j]! && v <= inner.hi[j]!))
    throw new SimulateUsageError(`--x0: the starting point (${x0.join(', ')}) is not inside the box of the problem`);
  // The user's step sizes are read first: a bad one is a usage error before any work.
  let gammaIv: Interval | undefined = o.gamma !== undefined ? exact('gamma', o.gamma) : undefined;
  let gammaBIv: Interval | undefined = o.gammaB !== undefined ? exact('gamma-b', o.gammaB) : undefined;
  let cIv: Interval | undefined = o.c !== undefined ? exact('c', o.c) : undefined;

  // S, f*, f_i*, σ²_int and L exactly as the report computes them (src/reports/facts.ts).
  // S within the time limit (as the constants below): a computed S of many terms takes seconds.
  const sm = withDeadline(started + o.timeLimitMs, () => solutionModel(p, o.seed));
  if (!sm.ok) throw new SimulateInputError(`simulate needs S: ${sm.reason}`);
  const model: ProjectionModel = sm.model;
  // The facts within the time limit too (f_i* of 200 terms in 40 variables took 17–37 s at
  // --time-limit 0.001): past it, those not computed are missing, and simulate says why.
  const facts = withDeadline(started + o.timeLimitMs, () => problemFacts(p, model, [], notes));
  const late = () => (Date.now() > started + o.timeLimitMs ? ' (the time limit was reached first: give a longer --time-limit)' : '');
  // (L's own note says when the time limit stopped it.)
  if (facts.L.value === null) throw new SimulateInputError(`no certified smoothness constant L on the box (${facts.L.how})`);
  const L = facts.L.value;
  const encl = (r: readonly [number | null, number | null], what: string): Interval => {
    if (r[0] === null || r[1] === null) throw new SimulateInputError(`${what} has no finite enclosure${late()}`);
    return Interval.of(r[0], r[1]);
  };
  const fstar = encl(facts.fstar.enclosure, 'f*');
  const termMin = facts.termMinima.map((m, i) => {
    const r = m.enclosure;
    if (r[0] === null || r[1] === null)
      throw new SimulateInputError(`f_${i + 1}* has no finite enclosure${late()}: give the infima of the terms with --term-minima (or termMinima in the file)`);
    return Interval.of(r[0], r[1]);
  });
  const sigma2Raw = facts.sigma2int.enclosure;
  if (sigma2Raw[0] === null || sigma2Raw[1] === null)
    throw new SimulateInputError(`σ²_int has no finite enclosure${late()}: give the infima of the terms with --term-minima (or termMinima in the file)`);
  // σ²_int = (1/n) Σ (f* − f_i*) ≥ 0 always: f* = f(x*) = (1/n) Σ f_i(x*) for x* ∈ S, and
  // f_i(x*) ≥ f_i* = inf f_i, so f* ≥ (1/n) Σ f_i*. The true value lies in the enclosure, hence in
  // its part ≥ 0: the lower end is clamped at 0 (the subtraction of two enclosures of the same
  // value, f* − f_i* = 0 for an interpolating problem, rounds it slightly below 0). An
  // enclosure wholly below 0 contradicts that: the data are wrong (a trusted f* or f_i*).
  if (sigma2Raw[1] < 0)
    throw new SimulateInputError(
      `σ²_int = (1/n) Σ (f* − f_i*) ∈ [${sigma2Raw[0]}, ${sigma2Raw[1]}] is negative, which it cannot be (f* ≥ (1/n) Σ f_i*): check the given fstar and termMinima`,
    );
  const sigma2 = Interval.of(Math.max(0, sigma2Raw[0]), sigma2Raw[1]);
  const D0 = distanceSquaredToS(model, x0);
  // SPS_max and DecSPS use f_i* in their step sizes: the runs must use (up to rounding) the
  // f_i* of the theorem, not the midpoint of a wide enclosure, else another algorithm runs than
  // the one the bound is about. Refused before any work on α, β (exit 65).
  if (o.optimizer === 'sps-max' || o.optimizer === 'decsps') {
    const wide = termMin.findIndex((m) => !(m.hi - m.lo <= F_STAR_REL_WIDTH * Math.max(1, Math.abs(m.mid()))));
    if (wide >= 0) {
      const m = termMin[wide]!;
      throw new SimulateInputError(
        `${o.optimizer} uses f_i* in its step size, but f_${wide + 1}* (term '${p.termTexts[wide]}') is known only as [${m.lo}, ${m.hi}], wider than ${F_STAR_REL_WIDTH}·max(1, |mid|): the runs would not be the algorithm the theorem covers; give the infima with --term-minima (or termMinima in the file)`,
      );
    }
  }
  // NGN's theorem asks f_i > 0; checked as f_i ≥ 0 (every f_i* enclosure's lower end ≥ 0), see docs/theory.md.
  if (o.optimizer === 'ngn' && termMin.some((m) => !(m.lo >= 0)))
    throw new SimulateInputError(`NGN needs f_i > 0: f_${termMin.findIndex((m) => !(m.lo >= 0)) + 1}* may be negative`);

  // α, β certified on the box.
  const constants = await certifiedConstants(p, o);
  const alpha = exact('alpha', constants.alpha);
  const beta = exact('beta', constants.beta);
  // Rational (a certified pair always is): the theorem's hypotheses on α, β are decided exactly.
  const exactAB = exactPair(constants.alpha, constants.beta);
  const gap = alpha.sub(beta);

  // Step sizes: the user's exact values, else the defaults of docs/theory.md.
  const Li = I(L);
  const oneOverL = I(1).div(Li).lo; // rounded down: a double, hence an exact step size
  let stepHow = 'given';
  switch (o.optimizer) {
    case 'sgd':
    case 'sgd-decreasing':
      if (!gammaIv) stepHow = 'the largest admitted, (α−β)/(2L) rounded down';
      break;
    case 'ngn':
      if (!gammaIv) {
        gammaIv = I(oneOverL);
        stepHow = 'default 1/L (rounded down)';
      }
      break;
    case 'sps-max':
      if (!gammaBIv) gammaBIv = I(oneOverL);
      if (!cIv) cIv = I(I(1).div(gap).hi); // c = 1/(α−β) rounded up: twice the theorem's lower limit 1/(2(α−β))
      stepHow = `${o.gammaB ? 'γ_b given' : 'γ_b = 1/L (rounded down)'}, ${o.c ? 'c given' : 'c = 1/(α−β) (rounded up)'}`;
      break;
    case 'decsps':
      if (!gammaBIv) {
        gammaBIv = I(oneOverL);
        stepHow = 'default γ_b = 1/L (rounded down)';
      }
      break;
  }
  // σ²_pos = E[f_i*] (NGN): the bound increases with it; theory() takes the upper end.
  const sigma2Pos = termMin.reduce((s, m) => s.add(m), I(0)).div(I(termMin.length));
  // D (DecSPS): a bound of ‖x_k − x_p‖ for iterates in the box: its diameter when S meets it,
  // else an upper bound of sup over the box of dist(x, S) (src/theory/distance.ts).
  const decD = o.optimizer === 'decsps' ? decspsDiameter(model, box, x0) : null;
  const D = decD?.D ?? I(0);
  const baseInput: Omit<TheoryInput, 'K'> = {
    optimizer: o.optimizer,
    alpha,
    beta,
    ...exactAB,
    L: Li,
    sigma2,
    D0,
    ...(gammaIv && { gamma: gammaIv }),
    ...(gammaBIv && { gammaB: gammaBIv }),
    ...(cIv && { c: cIv }),
    ...(o.optimizer === 'ngn' && { sigma2Pos }),
    ...(o.optimizer === 'decsps' && { D }),
  };
  const head = theory({ ...baseInput, K: o.K });
  const reasons = head.reasons;
  if (reasons.length) {
    // A reason that rests on one of the user's flags (a step size, c, α, β: the user can change
    // them) is a usage error, exit 64; one that rests on the problem's data alone (L, σ²_int, D0,
    // or constants lscert chose) is bad input, exit 65, and takes precedence: no flag repairs it.
    const given = new Set<TheoryInputName>([
      ...(o.gamma !== undefined ? (['gamma'] as const) : []),
      ...(o.gammaB !== undefined ? (['gamma-b'] as const) : []),
      ...(o.c !== undefined ? (['c'] as const) : []),
      ...(o.alpha !== undefined ? (['alpha', 'beta'] as const) : []),
    ]);
    const fromData = head.reasonsOn.some((on) => !on.some((x) => given.has(x)));
    const msg = `the theorem for ${o.optimizer} does not apply with α = ${constants.alpha}, β = ${constants.beta}, L = ${L}: ${reasons.join('; ')}`;
    throw fromData ? new SimulateInputError(msg) : new SimulateUsageError(msg);
  }
  const stepValue = head.stepSize!;
  // The float step sizes the runs use: exactly the doubles the bound was evaluated at (the
  // default ones are doubles; a given constant that is not a double is enclosed, and the run
  // uses the enclosure's midpoint, inside it).
  const steps: StepParams =
    o.optimizer === 'sps-max' || o.optimizer === 'decsps'
      ? { gammaB: gammaBIv!.mid(), ...(cIv && { c: cIv.mid() }) }
      : { gamma: gammaIv ? gammaIv.mid() : stepValue };

  // f_i* as floats for the step sizes of SPS_max / DecSPS: the midpoint of an enclosure no wider
  // than F_STAR_REL_WIDTH relative (checked above), so the runs use f_i* up to that.
  const termMinF = termMin.map((m) => m.mid());
  // The gap subtracts the UPPER end of f*: the observed gap is never above the true one, so a
  // reported violation is not an artefact of f*'s enclosure (conservative for violations).
  const fStarForGap = fstar.hi;
  const run: RunnerOutput = runSimulation({
    terms: p.terms,
    dim: d,
    optimizer: o.optimizer,
    steps,
    termMinima: termMinF,
    fStarForGap,
    x0,
    K: o.K,
    seeds: o.seeds,
    seed: o.seed,
    box: inner,
    // --time-limit bounds the runs too (the command's whole budget, from its start).
    deadline: started + o.timeLimitMs,
  });
  if (!run.complete)
    notes.push(
      `the time limit stopped the runs: ${run.runs} of ${o.seeds} started, the last cut short (each iteration's mean is over the runs that reached it, ${run.finite[o.K - 1]} at K = ${o.K}); give a longer --time-limit for all ${o.seeds}`,
    );

  // The range of f on the box (interval cover, outward rounded): Hoeffding's range, and the
  // largest gap there (upper end: sup f − f*lo) to say when a bound is vacuous on the box.
  const fRange = rangeOnBox(p, box);
  const gapSup = fRange ? fin(I(fRange.hi).sub(I(fstar.lo)).hi) : null;
  const range = fRange ? I(fRange.hi).sub(I(fRange.lo)).hi : undefined;

  // Per-iteration bands, jointly at level `confidence` over the K iterations (src/theory/compare.ts).
  const bands = runningBands(run, { band: o.band, confidence: o.confidence, ...(range !== undefined && { range }) });
  const lo = bands.lower;
  const hi = bands.upper;
  const obs = bands.observed;
  const delta = 1 - bands.perIteration;

  const boundAt = (K: number) => theory({ ...baseInput, K });
  const ngnTerm = (r: TheoryResult) => r.bound?.terms.find((t) => t.name === 'βσ²/c2')?.value;
  const mainTextOf = (r: TheoryResult): number | null => {
    const t = ngnTerm(r);
    // 2βσ²/c2 instead of βσ²/c2: add the term once more, rounded up.
    return r.bound && t !== undefined ? I(r.bound.value).add(I(t)).hi : null;
  };

  const rows: SimulateRow[] = reportGrid(o.K).map((K) => compareRow(K, bands, run, boundAt(K).bound?.value ?? null));
  const violations = rows.filter((r) => r.violation).map((r) => r.K);
  // The first K in 1…Kmax with a violation, printed row or not.
  // One theorem evaluation per K (10⁶ of them for --K 1e6): within the time limit too (null: not found in time).
  const scan = firstViolation(bands, run, (K) => boundAt(K).bound?.value ?? null, started + o.timeLimitMs);
  // Cut short by the time limit: the first violation among the printed rows, if any, else unknown
  // (null with a note; the text output then says the scan did not finish, never "no violation").
  const scanned = scan !== 'unfinished';
  const first = scanned ? scan : (violations[0] ?? null);
  if (!scanned)
    notes.push(
      `the time limit stopped the search for the first violation before K = ${o.K}${first !== null ? `: K = ${first} is the first among the printed rows` : ''}; iterations not scanned may hold one`,
    );

  let ngnBetaTerm: SimulateResult['ngnBetaTerm'] = null;
  if (o.optimizer === 'ngn') {
    const nrows = rows.map((row) => {
      const r = boundAt(row.K);
      const appendix = r.bound!.value;
      const mainText = mainTextOf(r)!;
      // As for violations: only a band that may flag one (CLT over ≥ 30 runs, every run still in the box).
      const lower = run.everOutside[row.K - 1]! > 0 ? -Infinity : bands.flagLower[row.K - 1]!;
      const reading = lower > mainText ? ('both violated' as const) : lower > appendix ? ('appendix form violated' as const) : ('both consistent' as const);
      return { K: row.K, appendix, mainText, reading };
    });
    const tellsApart = nrows.filter((r) => r.reading === 'appendix form violated').map((r) => r.K);
    const diff = nrows.length ? nrows[nrows.length - 1]!.mainText - nrows[nrows.length - 1]!.appendix : 0;
    ngnBetaTerm = {
      rows: nrows,
      tellsApart,
      summary: tellsApart.length
        ? `the simulation tells the two forms apart at K = ${tellsApart.join(', ')}: the band lies above the appendix's bound (βσ²_int/c2) and below the main text's (2βσ²_int/c2)`
        : `the simulation cannot tell the two forms apart here: they differ by βσ²_int/c2 ≈ ${diff.toPrecision(3)}, and it could only refute the smaller (appendix) bound, where the band's lower end exceeds it; ${
            nrows.every((r) => r.reading === 'both consistent')
              ? 'the band stays under both at every K'
              : 'both are exceeded where the band exceeds the appendix form'
          }`,
    };
  }

  // Plot series.
  const grid = plotGrid(o.K);
  const series: SimulateResult['series'] = {
    K: grid,
    bound: [],
    observed: [],
    lower: [],
    upper: [],
    ...(o.optimizer === 'ngn' && { mainText: [] }),
  };
  for (const K of grid) {
    const r = boundAt(K);
    series.bound.push(r.bound ? r.bound.value : null);
    series.observed.push(obs[K - 1]!);
    series.lower.push(fin(lo[K - 1]!));
    series.upper.push(fin(hi[K - 1]!));
    series.mainText?.push(mainTextOf(r));
  }

  const left = run.everOutside[o.K - 1]!;
  if (left > 0)
    notes.push(
      `${left} of ${run.runs} runs left the box before K = ${o.K} (first at K = ${rows.find((r) => r.leftBox > 0)?.K ?? '?'} in the table): the certified α, β and L hold on the box only, so the theorem's hypotheses are not known to hold along those runs`,
    );
  if (o.band === 'clt' && run.finite.some((n) => n < CLT_MIN_RUNS))
    notes.push(
      `the CLT band is approximate, and with fewer than ${CLT_MIN_RUNS} runs at an iteration too weak to flag a violation there (no violation is claimed from it): give --seeds ${CLT_MIN_RUNS} or more, or --band hoeffding (valid for every number of runs)`,
    );
  const unflagged = rows.filter((r) => r.exceedsUnflagged !== null);
  if (unflagged.length)
    notes.push(
      `at K = ${unflagged.map((r) => r.K).join(', ')} the band's lower end exceeds the bound, but no violation is claimed: ${[...new Set(unflagged.map((r) => r.exceedsUnflagged))].join('; ')}`,
    );
  if (run.diverged[o.K - 1]! > 0)
    notes.push(`${run.diverged[o.K - 1]} runs diverged (non-finite iterate or value); their iterations have no band (no violation can be claimed there)`);
  if (gapSup !== null && rows.every((r) => r.bound === null || r.bound >= gapSup))
    notes.push(`every bound is at least sup over the box of f − f* (≤ ${gapSup.toPrecision(4)}): on the box the theorem says nothing the range of f does not`);
  if (decD)
    notes.push(
      `D = ${D.hi.toPrecision(6)} bounds ‖x_k − x_p‖ for iterates in the box (${decD.how}): the theorem assumes it along every run, so runs that leave the box are not covered`,
    );

  return {
    command: 'simulate',
    statement:
      'float simulation (a statistical estimate, not a proof) of min_{k<K} E[f(x_k) − f*] under uniform sampling of i, compared with the theorem’s bound on constants certified on the box',
    problem: p.name,
    optimizer: o.optimizer,
    constants,
    facts: {
      L: { value: L, how: facts.L.how },
      sigma2int: { enclosure: [sigma2.lo, sigma2.hi], how: facts.sigma2int.how },
      fstar: {
        enclosure: [fstar.lo, fstar.hi],
        usedInGap: fStarForGap,
        how: `${facts.fstar.how}; the gap subtracts its upper end (conservative for violations)`,
      },
      termMinima: termMin.map((m) => [m.lo, m.hi]),
      sigma2pos: o.optimizer === 'ngn' ? [sigma2Pos.lo, sigma2Pos.hi] : null,
      D0: [D0.lo, D0.hi],
      D: o.optimizer === 'decsps' ? [D.lo, D.hi] : null,
      x0,
      box: { lo: [...box.lo], hi: [...box.hi] },
      gapSupOnBox: gapSup,
    },
    steps: { name: head.stepName, value: head.stepName === 'gamma_b' ? steps.gammaB! : steps.gamma!, c: cIv ? cIv.mid() : null, how: stepHow },
    theorem: { statement: head.statement, floor: head.floor, notes: head.notes },
    statistics: {
      runs: run.runs,
      runsAsked: o.seeds,
      complete: run.complete,
      seeds: [o.seed, o.seed + Math.max(run.runs, 1) - 1],
      sampling: 'i uniform on {1, …, n} at every step, independently',
      band: o.band,
      confidence: o.confidence,
      perIteration: 1 - delta,
      how:
        o.band === 'clt'
          ? `approximate (CLT with Student's t): mean ± t_{n−1}·s/√n at nominal level ${1 - delta} per iteration, ${o.confidence} jointly over the ${o.K} iterations (Bonferroni); exact for normal gaps only, asymptotic otherwise${run.runs < CLT_MIN_RUNS ? `; with ${run.runs} < ${CLT_MIN_RUNS} runs too weak to flag violations` : ''}`
          : `Hoeffding: mean ± (b − a)·√(ln(2/δ)/(2n)) with [a, b] the range of f on the box (interval enclosure), δ = ${delta} per iteration, ${o.confidence} jointly (Bonferroni); no band where a run is outside the box`,
    },
    rows,
    violations,
    firstViolation: first,
    violationScanComplete: scanned,
    ngnBetaTerm,
    series,
    notes,
    elapsedMs: Date.now() - started,
  };
}

/** An outward-rounded enclosure of f over the box (a cover of 256 sub-boxes), or null when unbounded there. */
function rangeOnBox(p: Problem, box: { lo: number[]; hi: number[] }): { lo: number; hi: number } | null {
  const ev = compileInterval([objective(p)]);
  const lo = new Float64Array(1);
  const hi = new Float64Array(1);
  let a = Infinity;
  let b = -Infinity;
  for (const sb of subBoxes(box, 256)) {
    ev.eval(sb.lo, sb.hi, lo, hi);
    if (Number.isNaN(lo[0]!) || Number.isNaN(hi[0]!)) return null;
    a = Math.min(a, lo[0]!);
    b = Math.max(b, hi[0]!);
  }
  return finite(a) && finite(b) ? { lo: a, hi: b } : null;
}
