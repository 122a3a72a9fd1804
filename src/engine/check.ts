import { TimeLimitReached } from '../errors.js';
import {
  buildResiduals,
  checkProjectionMap,
  claimConstants,
  domainCentre,
  objective,
  projectionModel,
  type Claim,
  type ProjectionModel,
  type ResidualSystem,
  type Slot,
  UnsupportedError,
} from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { build, encloseConstant, freeVariables, interpretInterval, linearStructure, simplify, substitute, type Expr } from '../expr/index.js';
import { fromRational, Interval } from '../interval/index.js';
import { domainBoxes, type Problem } from '../problem/index.js';
import type { Box } from './box.js';
import { assumedOf, checkAssumptions, type Assumed } from './assumptions.js';
import { findNonGlobalStationaryPoint } from './global/index.js';
import { LocalConvexity, TermConvexity } from './local.js';
import { verifyWitness } from './witness.js';
import { Prepared } from './prepared.js';
import { completeTree, openStatus, rng, runSearch, treeStatus } from './search.js';
import { openLeaves, wholeClaimQuery, z3Pass, type Z3PassOptions, type Z3PassResult } from './z3pass.js';
import { Z3Race } from './z3race.js';
import { nonRationalPart, z3Loaded } from '../smt/index.js';
import {
  DEFAULT_SEARCH,
  type CaseProof,
  type CertNode,
  type Counterexample,
  type OpenRegion,
  type SearchNode,
  type SearchOptions,
  type SearchOutcome,
  type SearchStats,
} from './types.js';
import { ambientDeadline, withDeadline } from './budget.js';
import { implicitXstar, minimizerModel } from './model.js';
import { exactW, liftPoint, reduceSystem, type Reduction } from './reduce.js';

/** What every result of `lscert check` has, whatever its verdict. */
export interface CheckCommon {
  readonly condition: Claim['condition'];
  readonly constants: Record<string, number>;
  readonly problem: string;
  /** Fraction of the domain's volume proved. */
  readonly coverage: number;
  readonly boxes: number;
  readonly elapsedMs: number;
  /** Why the verdict is inconclusive (or a note on a refutation's scope). */
  readonly reason?: string;
  /** Computed constants entered as enclosures (f_i* when not given). */
  readonly computed: readonly Slot[];
  /** Values given by the user, trusted and echoed. */
  readonly assumed: Assumed;
  /** For QCvx: the x* that was tried (index into S's points, or its value). */
  readonly xstar?: { readonly point: number | null; readonly value: number[] };
  /** Things that looked wrong in the user's input (e.g. a projection map that is not nearest on samples). */
  readonly warnings: readonly string[];
  /** How computed inputs were obtained (e.g. "S computed on the box (not on R^d): …"). */
  readonly notes: readonly string[];
  /**
   * A refutation for every constant: a stationary point of f (proved unique in `box` by the
   * Krawczyk test) where f > f* (f.lo > fstar.hi).
   */
  readonly universal?: {
    readonly kind: 'non-global-stationary-point';
    readonly stationaryKind: string;
    readonly box: Box;
    readonly point: readonly number[];
    readonly f: readonly [number, number];
    readonly fstar: readonly [number, number];
  };
  /** The residual system that was decided (for certificates and reports). */
  readonly system?: ResidualSystem;
  /** Bookkeeping of the branch and bound (queue peak and capacity); absent when no search ran. */
  readonly stats?: SearchStats;
  /**
   * Set when the claim was certified over y = W x (docs/engine.md, "Linear forms"): the linear
   * forms as text and exactly (rows of W), and the box of y searched (⊇ W·domain). `boxes` and the
   * proof tree are then of that search.
   */
  readonly reduction?: {
    readonly forms: readonly string[];
    readonly W: readonly (readonly string[])[];
    readonly domain: Box;
    /** A point p of S in the box (exact): y* = W·p is the base of the second-order argument over y, when there is one. */
    readonly base?: readonly string[];
  };
}

/** Certified: proved at every point of the domain (the proof tree, when a search ran, is for `--cert`). */
export interface Certified extends CheckCommon {
  readonly verdict: 'certified';
  readonly counterexample: null;
  readonly tree?: CertNode;
  readonly openRegions?: undefined;
  readonly openCount?: undefined;
}

/** Refuted: a counterexample whose residual is proved negative with interval arithmetic. */
export interface Refuted extends CheckCommon {
  readonly verdict: 'refuted';
  readonly counterexample: Counterexample;
  readonly tree?: undefined;
  readonly openRegions?: undefined;
  readonly openCount?: undefined;
}

/** Inconclusive: `reason` says why; the regions left open (up to MAX_OPEN_LISTED, and how many in all). */
export interface Inconclusive extends CheckCommon {
  readonly verdict: 'inconclusive';
  readonly counterexample: null;
  readonly tree?: undefined;
  /** Up to MAX_OPEN_LISTED (20) regions left unproved; `openCount` is how many there are in all. */
  readonly openRegions?: readonly OpenRegion[];
  /** The number of regions left unproved; their measure is 1 − coverage of the domain. */
  readonly openCount?: number;
}

/** The result of `lscert check` (docs/cli.md#check, plus extensions), by verdict. */
export type CheckResult = Certified | Refuted | Inconclusive;

/** What a result has before its search ran: the problem, the claim, the trusted values, warnings and notes. */
export type CheckBase = Omit<CheckCommon, 'coverage' | 'boxes' | 'elapsedMs' | 'computed'>;

/** The parts of `r` that do not depend on its verdict (to build a result with another verdict from it). */
export function commonOf(r: CheckResult): CheckCommon {
  const { verdict: _v, counterexample: _c, tree: _t, openRegions: _o, openCount: _n, ...common } = r;
  return common;
}

export interface CheckOptions extends Partial<SearchOptions> {
  /** Defer narrow boxes (deferRelWidth) only when this says the residual system suits the exact pass. */
  readonly deferIf?: (system: ResidualSystem) => boolean;
  /** Decide over y = W x when the claim depends on x only through linear forms (default true; shards and --jobs pieces turn it off). */
  readonly reduce?: boolean;
  /**
   * checkWithZ3: race the search with Z3 on the whole claim (default true). `check --jobs` pieces
   * turn it off: the whole claim races beside them once (startWholeClaimRace), not once per piece.
   */
  readonly raceZ3?: boolean;
  /**
   * Prove boxes from convexity (default true): local strong convexity on hulls with points of S
   * (PL, Aiming, QCvx) and α-β from convex terms (docs/engine.md, step 3). `--no-convexity`
   * turns both off, to see what the other arguments prove.
   */
  readonly convexity?: boolean;
}

/**
 * A result with what its search left behind, which is not part of the JSON: the search tree
 * behind a refuted or inconclusive result (reports draw which boxes were proved and which
 * were open; a certified result carries its proof tree in `tree`), and for an inconclusive
 * one the state the Z3 pass resumes from.
 */
export interface Checked {
  readonly result: CheckResult;
  /** Undefined when no bisection took place. */
  readonly searchTree?: SearchNode;
  readonly resume?: {
    readonly prep: Prepared;
    /** The search tree; absent when the search kept none (CheckOptions.keepTree false). */
    readonly root?: SearchNode;
    /** The open regions' nodes (what the Z3 pass settles) and the volume proved around them. */
    readonly openNodes: readonly SearchNode[];
    readonly provedVolume: number;
    readonly domain: Box;
    readonly cellPoints: Rational[][] | null;
  };
}

/** `c` with another result from the same search (its tree and resume state kept). */
const withResult = (c: Checked, result: CheckResult): Checked => ({ ...c, result });

/**
 * `check` raced by Z3 on the whole claim in a worker thread (src/engine/z3race.ts), then, when
 * neither decided it, a Z3 pass over the open regions when the residuals are polynomial or
 * rational (see z3Pass). Certified only if Z3 proves the whole claim or every region closes.
 */
export async function checkWithZ3(
  p: Problem,
  claim: Claim,
  options: CheckOptions & { z3?: Partial<Omit<Z3PassOptions, 'cellPoints'>> } = {},
): Promise<CheckResult> {
  return (await checkWithZ3Detailed(p, claim, options)).result;
}

/** `checkWithZ3`, with the search tree (for reports). */
export async function checkWithZ3Detailed(
  p: Problem,
  claim: Claim,
  options: CheckOptions & { z3?: Partial<Omit<Z3PassOptions, 'cellPoints'>> } = {},
): Promise<Checked> {
  // One budget for both passes: `timeLimitMs` bounds the search and the Z3 pass together, the
  // pass getting what the search left, unless `z3.timeLimitMs` gives the pass a budget of its
  // own after the search's; the ambient deadline bounds both (src/engine/budget.ts).
  const t0 = Date.now();
  const deadline = Math.min(t0 + (options.timeLimitMs ?? DEFAULT_SEARCH.timeLimitMs) + (options.z3?.timeLimitMs ?? 0), ambientDeadline());
  // The exact portfolio (issue [9] §3, src/engine/z3race.ts): Z3 asks the whole claim in a
  // worker thread from the start, racing the search; its decisive answer stops the search
  // (SearchOptions.stop), a decisive search terminates it. Not worth starting with less time
  // left than Z3's start-up; null for a computed S (the sequential path below applies).
  const race = options.raceZ3 === false ? null : startWholeClaimRace(p, claim, deadline);
  try {
    return await searchThenZ3(p, claim, options, deadline, race);
  } finally {
    race?.close();
  }
}

/** The search (raced by `race` when there is one), then what Z3 adds: the whole claim, then the open regions. */
async function searchThenZ3(
  p: Problem,
  claim: Claim,
  options: CheckOptions & { z3?: Partial<Omit<Z3PassOptions, 'cellPoints'>> },
  deadline: number,
  race: Z3Race | null,
): Promise<Checked> {
  // Residuals Z3 can read: defer narrow unproved boxes to it instead of splitting them to dust.
  const c = withDeadline(deadline, () =>
    checkDetailed(p, claim, {
      deferRelWidth: 2 ** -10,
      ...options,
      ...(race && { stop: race.stop }),
      deferIf: (sys) => sys.cases.every((c) => c.forms.every((f) => f.some((e) => nonRationalPart(e) === undefined))),
    } as CheckOptions),
  );
  const r = c.result;
  const st = c.resume;
  // Decided by the intervals (or nothing Z3 could resume): the caller terminates the worker.
  if (r.verdict !== 'inconclusive' || !st) return c;
  const started = Date.now() - r.elapsedMs;
  const searchEnded = Date.now();
  // First the whole claim as one exact query per case (wholeClaimQuery): 'unsat' for every case
  // on the whole domain is a proof tree of one leaf marked 'z3', which verify-cert asks Z3 again
  // like any Z3 leaf; a 'sat' point is only a candidate, confirmed (or not) with intervals. Asked
  // by the racing worker when there is one (waited for until it has had WHOLE_QUERY_MS, as
  // below), else here, after the search.
  let whole: { leaf: CaseProof[] | null; counterexample?: Counterexample; how: string } | null = null;
  if (race) {
    const a = await race.answerWithin(WHOLE_QUERY_MS, deadline);
    race.close();
    if (a?.kind !== 'failed') {
      const secs = (t: number) => `${((t - race.startedAt) / 1000).toFixed(2)} s`;
      const won = a !== null && a.at <= searchEnded;
      const how = !a
        ? ''
        : won
          ? `; it won the race against the interval search (Z3 in a worker thread from the start): it answered after ${secs(a.at)}, when the search had split ${r.boxes} boxes`
          : `; Z3 raced the interval search in a worker thread from the start and answered after ${secs(a.at)}, when the search had ended inconclusive after ${r.boxes} boxes`;
      // A point the worker confirmed is confirmed again here, with this search's own state.
      const w = a?.kind === 'sat' ? verifyWitness(st.prep, a.point) : null;
      whole = { leaf: a?.kind === 'unsat' ? a.leaf : null, ...(w && { counterexample: w }), how };
    }
  }
  const left = deadline - Date.now();
  // Starting Z3 costs about a second (wasm, thread pool): not worth it with less than that left.
  if (!whole?.leaf && !whole?.counterexample && !(left >= (z3Loaded() ? 100 : Z3_MIN_MS)))
    // elapsedMs counts the wait for the racing worker too (it was the search's time alone).
    return withResult(c, {
      ...r,
      elapsedMs: Date.now() - started,
      notes: [...r.notes, `no Z3 pass${whole ? ' over the open regions' : ''}: the time budget was spent`],
    });
  if (!whole) {
    const q = await withDeadline(deadline, () => wholeClaimQuery(st.prep, st.cellPoints, WHOLE_QUERY_MS));
    whole = { leaf: q.leaf, ...(q.pass.counterexample && { counterexample: q.pass.counterexample }), how: '' };
  }
  if (whole.leaf) return { result: certifiedByWholeQuery(r, whole.leaf, whole.how, started) };
  const refuted = (counterexample: Counterexample, note: string): Checked => withResult(c, refutedWith(r, counterexample, note, started));
  if (whole.counterexample)
    return refuted(
      whole.counterexample,
      `counterexample found by Z3 on the whole domain${race ? ' (in a worker thread racing the search)' : ''}, then verified with intervals`,
    );
  // Then the regions the intervals left.
  const pass = await withDeadline(deadline, () =>
    z3Pass(st.prep, st.root ? openLeaves(st.root) : st.openNodes, {
      maxBoxes: 64,
      timeLimitMs: 20_000,
      queryTimeoutMs: 2_000,
      ...options.z3,
      cellPoints: st.cellPoints,
    }),
  );
  if (pass.counterexample) return refuted(pass.counterexample, 'counterexample found by Z3 in a region the intervals left, then verified with intervals');
  const note = z3Note(pass);
  if (pass.closed === 0) return withResult(c, { ...r, elapsedMs: Date.now() - started, notes: [...r.notes, note] });
  // Without a tree (nothing reads it): certified when every open region closed.
  const tree = st.root ? completeTree(st.root) : null;
  const status = st.root ? treeStatus(st.root, st.domain) : openStatus(st.openNodes, st.provedVolume, st.domain);
  if (tree || (!st.root && status.open.length === 0))
    return {
      result: {
        ...commonOf(r),
        verdict: 'certified',
        counterexample: null,
        ...(tree && { tree }),
        coverage: 1,
        reason: undefined,
        elapsedMs: Date.now() - started,
        notes: [...r.notes, note],
      },
    };
  return withResult(c, {
    ...r,
    coverage: status.proved,
    openRegions: status.open.slice(0, MAX_OPEN_LISTED),
    openCount: status.open.length,
    elapsedMs: Date.now() - started,
    notes: [...r.notes, note],
  });
}

/** What the Z3 pass did, in words: how many of the open regions it was given and why it stopped short of the rest. */
function z3Note(pass: Z3PassResult): string {
  const of = `${pass.tried === pass.open ? 'all' : `${pass.tried} of the`} ${pass.open} region(s) the intervals left open`;
  const rest = pass.open - pass.tried;
  const why =
    rest === 0
      ? ''
      : pass.stopped === 'max-boxes'
        ? `; the other ${rest} were not tried (the pass takes at most ${pass.tried} regions)`
        : pass.stopped === 'time'
          ? `; the other ${rest} were not tried (time budget spent)`
          : `; the other ${rest} meet a kink or an undefined point (not for Z3)`;
  return `Z3 tried ${of} and closed ${pass.closed === 0 ? 'none' : pass.closed === pass.tried ? (pass.tried === 1 ? 'it' : 'them all') : pass.closed}${why}`;
}

/** Open regions listed in a result (the largest first is not guaranteed); `openCount` gives how many there are in all. */
export const MAX_OPEN_LISTED = 20;

/**
 * Time for the whole-claim query of the Z3 pass (each case's query, and all of them together);
 * with the race, how long after Z3 started in the worker the main thread waits for its answer
 * once the search has ended inconclusive (the worker's query itself may run to the deadline).
 */
export const WHOLE_QUERY_MS = 3_000;

/** The least time left for which `checkWithZ3` starts its Z3 pass (Z3's start-up is about 1 s). */
const Z3_MIN_MS = 1500;

/** The parts of a CheckResult that come from the problem and the claim alone (warnings and notes start empty). */
export function resultBase(p: Problem, claim: Claim): CheckBase & { warnings: string[]; notes: string[] } {
  return {
    condition: claim.condition,
    constants: claimConstants(claim),
    problem: p.name,
    warnings: [],
    notes: [],
    assumed: assumedOf(p),
  };
}

/**
 * Decides a claim on a problem's domain: certified (proved at every point), refuted (a
 * rigorously verified counterexample) or inconclusive. Sound by construction of the
 * search (see runSearch and verifyWitness); this function only wires the pieces.
 */
export function check(p: Problem, claim: Claim, options: CheckOptions = {}): CheckResult {
  return checkDetailed(p, claim, options).result;
}

/** `check`, with the search tree and the state a Z3 pass resumes from. */
export function checkDetailed(p: Problem, claim: Claim, options: CheckOptions = {}): Checked {
  const started = Date.now();
  const opts: SearchOptions = { ...DEFAULT_SEARCH, ...options };
  // `timeLimitMs` bounds the whole check (S, stationary points, every x* of QCvx), not each search.
  return withDeadline(started + opts.timeLimitMs, () => {
    try {
      return checkWithin(p, claim, options, opts, started);
    } catch (e) {
      // A phase that stops at the time limit (building or simplifying a residual system,
      // compiling it): inconclusive, nothing proved.
      if (!(e instanceof TimeLimitReached)) throw e;
      return {
        result: {
          ...resultBase(p, claim),
          verdict: 'inconclusive',
          counterexample: null,
          coverage: 0,
          boxes: 0,
          elapsedMs: Date.now() - started,
          computed: [],
          reason: 'time limit reached while the residual system was built',
        },
      };
    }
  });
}

function checkWithin(p: Problem, claim: Claim, options: CheckOptions, opts: SearchOptions, started: number): Checked {
  const f = objective(p);
  const d = p.variables.length;
  // Which box each test uses (docs/engine.md): the search covers the outer box; a witness,
  // a computed minimizer and a refuting stationary point must lie inside the inner box.
  const boxes = domainBoxes(p);
  const domain: Box = boxes.outer;
  const inner: Box = boxes.inner;
  const base = resultBase(p, claim);
  const { warnings, notes } = base;
  // The user's S, f*, f_i* are trusted, but a contradiction that intervals prove is an input
  // error (throws ProblemError, exit 65); float-only doubts become warnings.
  // Nothing left of the budget (a confirming check late in `constants` or a report): stop here.
  // Inconclusive before any search (nothing proved, no counterexample).
  const early = (reason: string, boxes = 0): Checked => ({
    result: { ...base, verdict: 'inconclusive', counterexample: null, coverage: 0, boxes, elapsedMs: Date.now() - started, computed: [], reason },
  });
  if (Date.now() >= ambientDeadline()) return early('time limit reached before the search started');
  warnings.push(...checkAssumptions(p, opts.seed).warnings);
  // The checks may end at the deadline (a model of f on 20 000 terms): S is not computed after it.
  if (Date.now() >= ambientDeadline()) return early('time limit reached while the assumptions were checked');
  const a = minimizerModel(p, f, boxes, opts.seed);
  if (!a.ok) {
    // S unknown, but a non-global stationary point still refutes PL and Aiming for every constant.
    const u =
      // (Not when the time limit is spent: the stationary-point model alone takes about a second on 64 terms.)
      (claim.condition === 'pl' || claim.condition === 'aiming') && Date.now() < ambientDeadline()
        ? universalWithoutS(p, claim, f, domain, inner, a.fstarUpper, opts.seed, base, started)
        : null;
    return u ?? early(a.reason, a.boxes);
  }
  let model: ProjectionModel = a.model;
  if (a.note) notes.push(a.note);
  // QCvx with S given by equations: one fixed x* ∈ S, a point of S proved near the centre of the
  // domain. It is one point of an infinite S: a refutation for it refutes nothing.
  let partialS = false;
  if (claim.condition === 'qcvx' && model.kind === 'points' && model.implicit) {
    const fixed = implicitXstar(p, model.implicit);
    if (typeof fixed === 'string') return early(fixed);
    model = fixed.model;
    partialS = true;
    notes.push(fixed.note);
  }
  // The model may use the whole budget (a computed S on 64 logistic terms: 6 s); building the
  // residual system and its evaluators then takes seconds more that nothing would use.
  if (Date.now() >= ambientDeadline()) return early('time limit reached while the minimizer set was computed');
  if (model.kind === 'map' && model.source === 'projection') {
    warnings.push(...checkProjectionMap(p, model.map, fstarEnclosure(p, f, model).mid(), rng(opts.seed)));
  }
  const convexity = options.convexity !== false;
  const localF = claim.condition === 'alpha-beta' || !convexity ? null : f;
  const localClaim = convexity ? localClaimFor(claim) : null;
  const convexNeed = claim.condition === 'alpha-beta' && convexity ? TermConvexity.need(claim.alpha, claim.beta) : null;
  // The local arguments need x_p (or x*) to be an exact point of S.
  const localOf = (m: ProjectionModel) =>
    m.kind === 'points' && !m.implicit && (localF || convexNeed)
      ? {
          f: localF,
          points: m.points,
          ...(convexNeed && {
            terms: { exprs: p.terms, given: p.termMinima ? p.termMinima.map((e) => encloseConstant(e)) : null, need: convexNeed },
          }),
        }
      : null;

  const runOne = (xstar?: { exprs: readonly Expr[]; index?: number }, exactPass = true): Run => {
    // Simplifying the residuals of many terms takes seconds: it stops at the deadline (SimplifyTimeout, caught below).
    const system = systemFor(p, claim, model, xstar, ambientDeadline());
    // Linear structure (docs/engine.md, "Linear forms"): decided over y = W x first when it applies.
    const red = options.reduce === false ? null : reduceSystem(p, system, domain, firstXstar(p, model).exprs, ambientDeadline());
    let boxesInY = 0;
    if (red) {
      const r = runReduced(red, system, inner, opts, notes);
      if ('outcome' in r) return r;
      boxesInY = r.boxes;
    }
    const prep = new Prepared(system, domain, inner, localOf(model), p.wholeInner ? { wholeInner: p.wholeInner } : {});
    // Narrow boxes are deferred only when an exact pass will see them (else they are split as usual).
    const base0 = !exactPass || (options.deferIf && !options.deferIf(system)) ? { ...opts, deferRelWidth: undefined } : opts;
    // --max-boxes is one budget: what the search in y used is not given again.
    const searchOpts = boxesInY > 0 ? { ...base0, maxBoxes: Math.max(0, base0.maxBoxes - boxesInY) } : base0;
    const o = runSearch(prep, searchOpts, localClaim);
    const outcome = boxesInY > 0 ? { ...o, boxes: o.boxes + boxesInY } : o;
    if (outcome.kind === 'inconclusive')
      lastSearch = { prep, ...(outcome.root && { root: outcome.root }), openNodes: outcome.openNodes, provedVolume: outcome.provedVolume };
    return { system, outcome };
  };
  let lastSearch: { prep: Prepared; root?: SearchNode; openNodes: readonly SearchNode[]; provedVolume: number } | undefined;
  const keep = (c: Checked): Checked =>
    c.result.verdict === 'inconclusive' && lastSearch ? { ...c, resume: { ...lastSearch, domain, cellPoints: rationalPoints(model) } } : c;

  // A stationary point that is not a global minimizer refutes PL, Aiming and QCvx for every
  // constant (DOMAIN §2): one Krawczyk-proven point, f > f* there, settles the claim.
  if (claim.condition !== 'alpha-beta') {
    const fs = fstarEnclosure(p, f, model);
    // Inner box: the stationary point must lie in the exact domain to refute for every constant.
    const proof = findNonGlobalStationaryPoint(f, d, inner, { lo: fs.lo, hi: fs.hi }, { seed: opts.seed });
    if (proof) {
      const xs = claim.condition === 'qcvx' ? firstXstar(p, model) : undefined;
      const system = buildResiduals(p, claim, model, xs ? { xstar: xs.exprs, ...(xs.index !== undefined && { xstarIndex: xs.index }) } : {});
      const prep = new Prepared(system, domain, inner, null);
      const w = verifyWitness(prep, proof.point);
      if (w) {
        const constant = claim.condition === 'pl' ? 'μ' : 'θ';
        const r = finish(base, system, { kind: 'refuted', counterexample: w, boxes: 0, provedVolume: 0 }, started);
        return withResult(r, {
          ...r.result,
          // QCvx: the x* of the residual (at a stationary point every x* ∈ S fails alike).
          ...(xs && { xstar: xstarOf(xs, model, partialS) }),
          reason: `fails for every ${constant} > 0: f has a ${proof.kind === 'unknown' ? 'stationary point' : proof.kind.replace('-', ' ')} that is not a global minimizer`,
          universal: {
            kind: 'non-global-stationary-point',
            stationaryKind: proof.kind,
            box: proof.box,
            point: proof.point,
            f: proof.fEnclosure,
            fstar: [fs.lo, fs.hi],
          },
        });
      }
    }
  }
  const timeUp = (e: unknown) => {
    if (e instanceof TimeLimitReached) return early('time limit reached while the residual system was built');
    throw e;
  };
  if (claim.condition !== 'qcvx') {
    let one: Run;
    try {
      one = runOne();
    } catch (e) {
      return timeUp(e);
    }
    const { system, outcome, reduction } = one;
    return keep(finish(base, system, outcome, started, reduction));
  }
  // QCvx: one fixed x* ∈ S must work for the whole box. With finitely many points each is
  // tried; the claim is refuted only when every one of them is refuted.
  const { candidates, singleton, exactPass } = qcvxCandidates(p, model, partialS);
  let results: ({ c: Xstar } & Run)[];
  try {
    results = candidates.map((c) => ({ c, ...runOne(c, exactPass) }));
  } catch (e) {
    return timeUp(e);
  }
  if (!exactPass) lastSearch = undefined;
  const won = results.find((r) => r.outcome.kind === 'certified');
  const pick = won ?? results.find((r) => r.outcome.kind === 'inconclusive') ?? results[0]!;
  const c = finish(base, pick.system, pick.outcome, started, pick.reduction);
  const r = c.result;
  const xs = xstarOf(pick.c, model, partialS);
  // Refuted only when every x* ∈ S was tried and failed: a finite S (every point is a candidate,
  // and `pick` is refuted only when all are) or a constant map. One failing x* of an infinite S
  // (the projection of the centre) refutes nothing: another x* may work for the whole box (it
  // did: x²(1 + y²) on [−1, 1] × [2, 4], S = {x = 0}, θ = 3 holds with x* = 0, failed at (0, 3)).
  if (r.verdict === 'refuted' && !singleton) {
    return withResult(c, {
      ...commonOf(r),
      verdict: 'inconclusive',
      counterexample: null,
      reason: `refuted for x* = (${xs.value.join(', ')}), ${partialS ? 'a point of S near the centre of the domain' : "the projection of the domain's centre"}; other points of S were not tried`,
      xstar: xs,
    });
  }
  // With one x* (exactPass) the Z3 pass may resume the search of the picked candidate.
  return keep(withResult(c, { ...r, xstar: xs }));
}

/**
 * The `xstar` of a QCvx result: x* as floats, and `point` its index in S's points (given, or
 * computed by lscert), or null when x* is not one of a list: S a map (the projection of the
 * domain's centre), or S given by equations (`partialS`: one point of S proved near the
 * centre, which is index 0 of the engine's one-point model, not of anything the user gave).
 */
function xstarOf(c: Xstar, model: ProjectionModel, partialS: boolean): { point: number | null; value: number[] } {
  return { point: partialS ? null : (c.index ?? null), value: encloseSPoint(c.exprs, model).map((v) => v.mid()) };
}

/** An x* of S to try for QCvx (an index into S's points, when it is one). */
type Xstar = { readonly exprs: readonly Expr[]; readonly index?: number };

/** The residual system of the claim with S's model (and, for QCvx, the fixed x*). */
function systemFor(p: Problem, claim: Claim, model: ProjectionModel, xstar?: Xstar, deadline?: number): ResidualSystem {
  return buildResiduals(p, claim, model, {
    ...(xstar && { xstar: xstar.exprs, ...(xstar.index !== undefined && { xstarIndex: xstar.index }) }),
    ...(deadline !== undefined && { deadline }),
  });
}

/**
 * The x* that QCvx tries: every point of a finite S, or the projection of the domain's centre.
 * `exactPass`: x* is the only point of S, so that the Z3 pass (which may turn open regions into
 * a refutation, which refutes QCvx only then) and the deferral apply.
 */
function qcvxCandidates(
  p: Problem,
  model: ProjectionModel,
  /** The points are some of S's, not all (S given by equations: one verified point). */
  partialS = false,
): { candidates: Xstar[]; singleton: boolean; exactPass: boolean } {
  const centre = domainCentre(p);
  const candidates: Xstar[] =
    model.kind === 'points' ? model.points.map((pt, index) => ({ exprs: pt, index })) : [{ exprs: model.map.map((m) => substitute(m, (i) => centre[i]!)) }];
  const singleton = model.kind === 'points' ? !partialS : model.map.every((m) => freeVariables(m).size === 0);
  return { candidates, singleton, exactPass: singleton && candidates.length === 1 };
}

/** S given as points, an affine subspace or a projection map: the model is the problem's own (not computed, not enclosed per box). */
const givenS = (p: Problem): boolean => p.minimizers.kind === 'points' || p.minimizers.kind === 'affine' || p.minimizers.kind === 'projection';

/**
 * The Prepared state of the whole-claim Z3 query built from the problem and the claim alone,
 * exactly as the search builds its system (`systemFor` with the same model and x*), for the Z3
 * worker that races the search (src/engine/z3race.ts). Null when the search's system needs what
 * only the search computes (S for `minimizers: auto`, nearest points enclosed per box for an S
 * given by equations) or the claim is not one exact query (QCvx with several x*). The
 * local-convexity part is left out (Z3 does not use it).
 */
export function wholeClaimSetup(p: Problem, claim: Claim): { prep: Prepared; cellPoints: Rational[][] | null } | null {
  if (!givenS(p)) return null;
  // As minimizerModel gives it for S given as points, affine or a projection map.
  const model = projectionModel(p);
  let xstar: Xstar | undefined;
  if (claim.condition === 'qcvx') {
    const q = qcvxCandidates(p, model);
    if (!q.exactPass) return null;
    xstar = q.candidates[0];
  }
  const boxes = domainBoxes(p);
  return { prep: new Prepared(systemFor(p, claim, model, xstar), boxes.outer, boxes.inner, null), cellPoints: rationalPoints(model) };
}

/**
 * The linear forms y = W x through which the claim depends on x (as text), when the search would
 * decide it over y (`reduceSystem` on the system the search builds), else null. S computed or
 * given by equations: null (never reduced before S is known per box). Cheap: no search; its
 * symbolic work stops at `deadline` (and after 2 s), which then means null.
 */
export function claimLinearForms(p: Problem, claim: Claim, deadline: number): string[] | null {
  if (!givenS(p)) return null;
  // The terms alone first (cheap): without k < d forms there, reduceSystem says no anyway, and
  // building the residual system for the question (f_i* slots: a sample of every term) took
  // seconds before the command's clock started (64 terms, d = 16: 2 × 5 s for --time-limit 3).
  if (!linearStructure(p.terms, p.variables.length)) return null;
  try {
    const model = projectionModel(p);
    let xstar: Xstar | undefined;
    if (claim.condition === 'qcvx') {
      const q = qcvxCandidates(p, model);
      if (q.candidates.length !== 1) return null;
      xstar = q.candidates[0];
    }
    return (
      reduceSystem(p, systemFor(p, claim, model, xstar), domainBoxes(p).outer, firstXstar(p, model).exprs, Math.min(deadline, Date.now() + 2_000))?.forms ??
      null
    );
  } catch (e) {
    // What the check itself reports (e.g. a condition the problem does not support) is not for
    // this question, and neither is the time limit (the check then says so itself).
    if (e instanceof UnsupportedError || e instanceof TimeLimitReached) return null;
    throw e;
  }
}

/**
 * PL or Aiming when S could not be computed: a stationary point z with f(z) > U, where U ≥ f*
 * (U = an f value: f* is the minimum over the box, see computeS), refutes the claim for every
 * constant whatever S is. The witness is verified with f* replaced by U: the residuals
 * (‖∇f‖² − 2μ(f − f*), ⟨∇f, x − x_p⟩ − θ(f − f*)) increase with f*, so f* ≤ U makes their
 * true value at most the computed one (sound for refuting); x_p ranges over the whole box
 * (S lies in it), as slots.
 */
function universalWithoutS(
  p: Problem,
  claim: Claim,
  f: Expr,
  domain: Box,
  inner: Box,
  U: number,
  seed: number,
  base: CheckBase,
  started: number,
): Checked | null {
  if (!Number.isFinite(U)) return null;
  const d = p.variables.length;
  const proof = findNonGlobalStationaryPoint(f, d, inner, { lo: -Infinity, hi: U }, { seed });
  if (!proof) return null;
  const model: ProjectionModel = {
    kind: 'points',
    points: [p.variables.map((v, j) => build.variable(d + j, `S_${v}`))],
    slots: p.variables.map((v, j) => ({ name: `S_${v}`, lo: domain.lo[j]!, hi: domain.hi[j]!, how: 'S not computed: any point of the box' })),
  };
  // f* ≤ U (upward direction keeps the refutation sound, see above).
  const system = buildResiduals({ ...p, fstar: build.num(Rational.fromNumber(U)) }, claim, model);
  const w = verifyWitness(new Prepared(system, domain, inner, null), proof.point);
  if (!w) return null;
  const constant = claim.condition === 'pl' ? 'μ' : 'θ';
  const r = finish(base, system, { kind: 'refuted', counterexample: { ...w, projection: null }, boxes: 0, provedVolume: 0 }, started);
  return withResult(r, {
    ...r.result,
    reason: `fails for every ${constant} > 0: f has a ${proof.kind === 'unknown' ? 'stationary point' : proof.kind.replace('-', ' ')} with f > ${U} ≥ f* (S itself could not be computed; the residual is enclosed for every x_p in the box)`,
    universal: {
      kind: 'non-global-stationary-point',
      stationaryKind: proof.kind,
      box: proof.box,
      point: proof.point,
      f: proof.fEnclosure,
      fstar: [-Infinity, U],
    },
  });
}

/** Enclosure of the points of S (which may refer to slots when S was computed). */
function encloseSPoint(pt: readonly Expr[], model: ProjectionModel): Interval[] {
  const slots = model.kind === 'points' && model.slots ? model.slots : [];
  const env = [...pt.map(() => Interval.ENTIRE), ...slots.map((s) => Interval.of(s.lo, s.hi))];
  return pt.map((e) => interpretInterval(e, env));
}

/**
 * Enclosure of f*: the user's value (trusted), else f at a point of S (exact, or over the
 * slot boxes of a computed S), else f(P(c)) for the centre c of the domain.
 */
function fstarEnclosure(p: Problem, f: Expr, model: ProjectionModel): Interval {
  if (p.fstar) return encloseConstant(p.fstar);
  if (model.kind === 'points') {
    const pt = model.points[0]!;
    const slots = model.slots ?? [];
    const env = [...pt.map(() => Interval.ENTIRE), ...slots.map((s) => Interval.of(s.lo, s.hi))];
    return interpretInterval(
      substitute(f, (i) => pt[i]!),
      env,
    );
  }
  const c = domainCentre(p);
  return encloseConstant(substitute(f, (i) => substitute(model.map[i]!, (j) => c[j]!)));
}

function firstXstar(p: Problem, model: ProjectionModel): { exprs: readonly Expr[]; index?: number } {
  if (model.kind === 'points') return { exprs: model.points[0]!, index: 0 };
  const c = domainCentre(p);
  return { exprs: model.map.map((m) => substitute(m, (i) => c[i]!)) };
}

/** The points of a finite S as exact rationals, or null (irrational or computed points). */
function rationalPoints(model: ProjectionModel): Rational[][] | null {
  if (model.kind !== 'points' || model.slots) return null;
  const out: Rational[][] = [];
  for (const pt of model.points) {
    const row: Rational[] = [];
    for (const e of pt) {
      const s = simplify(e);
      if (s.kind !== 'num') return null;
      row.push(s.value);
    }
    out.push(row);
  }
  return out;
}

function finish(base: CheckBase, system: ResidualSystem, o: SearchOutcome, started: number, reduction?: Reduction): Checked {
  // S given by equations: slots 0…d−1 are the nearest point, bound per box (not one computed value).
  const computed = system.implicit ? system.slots.slice(system.dim) : system.slots;
  const common = {
    ...base,
    computed,
    boxes: o.boxes,
    elapsedMs: Date.now() - started,
    system,
    ...(o.stats && { stats: o.stats }),
    // A certified tree over y = W x (the certificate records W; see certificateFor).
    ...(reduction &&
      o.kind === 'certified' && {
        reduction: {
          forms: reduction.forms,
          W: exactW(reduction.structure.W),
          domain: reduction.domain,
          ...(reduction.base && { base: reduction.base.map((v) => v.toString()) }),
        },
      }),
  };
  switch (o.kind) {
    case 'certified':
      return { result: { ...common, verdict: 'certified', counterexample: null, coverage: 1, tree: o.tree } };
    case 'refuted':
      return { result: { ...common, verdict: 'refuted', counterexample: o.counterexample, coverage: o.provedVolume }, ...(o.root && { searchTree: o.root }) };
    case 'inconclusive':
      return {
        result: {
          ...common,
          verdict: 'inconclusive',
          counterexample: null,
          coverage: o.provedVolume,
          reason: o.reason,
          openRegions: o.open.slice(0, MAX_OPEN_LISTED),
          openCount: o.open.length,
        },
        searchTree: o.root,
      };
  }
}

/** One search of `checkWithin`: the system decided and the outcome (over y = W x when `reduction` is set and it certified). */
interface Run {
  readonly system: ResidualSystem;
  readonly outcome: SearchOutcome;
  readonly reduction?: Reduction;
}

/**
 * The search over y = W x (docs/engine.md, "Linear forms"), given half of the time left: certified
 * there is certified (R(x) = R̃(W x) and W·B lies in the searched box); a counterexample y is mapped
 * back to a point of the inner box and confirmed there with the original residuals in x, since a
 * point of the searched box need not be the image of one of B. Anything else returns the boxes it
 * used, and the caller searches in x with the rest of the budget.
 */
function runReduced(red: Reduction, system: ResidualSystem, inner: Box, opts: SearchOptions, notes: string[]): Run | { boxes: number } {
  const t0 = Date.now();
  const share = Math.max(0, Math.floor((ambientDeadline() - t0) / 2));
  const prep = new Prepared(red.system, red.domain, red.domain, null);
  const k = red.forms.length;
  const what = `${k === 1 ? 'one linear form' : `${k} linear forms`} (${red.forms.map((f, i) => `y${i + 1} = ${f}`).join(', ')})`;
  // Half of the box budget too: the search in x may still need the rest.
  const maxBoxes = Math.ceil(opts.maxBoxes / 2);
  // A residual that vanishes at y* needs the second-order argument there: without it the search over y cannot certify.
  if (red.vanishing && opts.normalSegment !== false && prep.normal.unavailable) {
    notes.push(
      `the claim depends on x only through ${what}, but a residual vanishes at y* = W·(a point of S) and ${prep.normal.unavailable.replace(/^the normal-segment argument does not apply: /, 'the second-order argument there does not apply: ')}: decided in x`,
    );
    return { boxes: 0 };
  }
  const o = withDeadline(t0 + share, () =>
    // Never stolen from: its tree is over y, not a tiling of the box in x.
    runSearch(prep, { ...opts, maxBoxes, timeLimitMs: Math.min(opts.timeLimitMs, share), deferRelWidth: undefined, steal: undefined, roots: undefined }, null),
  );
  if (o.kind === 'certified') {
    notes.push(`the claim depends on x only through ${what}, proved by substitution: decided over y in ${showBox(red.domain)} (${o.boxes} boxes)`);
    return { system, outcome: o, reduction: red };
  }
  if (o.kind === 'refuted') {
    const x = liftPoint(o.counterexample.x, red.structure, inner);
    const w = x ? verifyWitness(new Prepared(system, inner, inner, null, { pointOnly: true }), x) : null;
    if (w) {
      notes.push(`the claim depends on x only through ${what}: the counterexample was found over y and confirmed at a point of the box in x`);
      return { system, outcome: { kind: 'refuted', counterexample: w, boxes: o.boxes, provedVolume: 0 } };
    }
  }
  notes.push(
    `the claim depends on x only through ${what}, but the search over y ended ${o.kind === 'refuted' ? 'with a point that did not map back to a counterexample in the box' : `inconclusive (${o.reason})`} after ${o.boxes} boxes and ${((Date.now() - t0) / 1000).toFixed(2)} s: the search in x continued`,
  );
  return { boxes: o.boxes };
}

const showBox = (b: Box): string => b.lo.map((l, j) => `[${l}, ${b.hi[j]}]`).join(' × ');

/** The local-convexity test that proves the claim on a box around a point of S, if any. */
function localClaimFor(claim: Claim): ((m: number, M: number, stationary: boolean) => boolean) | null {
  switch (claim.condition) {
    case 'pl': {
      const mu = fromRational(claim.mu)[1];
      return (m) => mu <= m;
    }
    case 'aiming':
    case 'qcvx': {
      const theta = fromRational(claim.theta)[1];
      return (m, M, stationary) => theta <= LocalConvexity.aimingConstant(m, M, stationary);
    }
    default:
      return null;
  }
}

/** Z3's race on the whole claim (src/engine/z3race.ts), or null when the claim does not race or less than Z3's start-up is left. */
export function startWholeClaimRace(p: Problem, claim: Claim, deadline: number): Z3Race | null {
  return deadline - Date.now() >= Z3_MIN_MS ? Z3Race.start(p, claim, deadline) : null;
}

/** The claim certified by Z3's whole-claim query: a proof tree of one leaf (`leaf`, every case unsat), built on `r` (its system and common fields). */
export function certifiedByWholeQuery(r: CheckResult, leaf: CaseProof[], how: string, started: number): CheckResult {
  return {
    ...commonOf(r),
    verdict: 'certified',
    counterexample: null,
    tree: { leaf },
    coverage: 1,
    reason: undefined,
    elapsedMs: Date.now() - started,
    notes: [...r.notes, `Z3 proved the whole claim as one exact query (unsat on the whole domain for every case)${how}`],
  };
}

/** The claim refuted by a counterexample already verified with intervals, built on `r`. */
export function refutedWith(r: CheckResult, counterexample: Counterexample, note: string, started: number): CheckResult {
  return { ...commonOf(r), verdict: 'refuted', counterexample, reason: undefined, elapsedMs: Date.now() - started, notes: [...r.notes, note] };
}
