import { buildResiduals, checkProjectionMap, claimConstants, domainCentre, objective, projectionModel, type Claim, type ProjectionModel, type ResidualSystem, type Slot } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { build, encloseConstant, freeVariables, interpretInterval, simplify, substitute, toText, type Expr } from '../expr/index.js';
import { fromRational, Interval } from '../interval/index.js';
import { domainBoxes, type Problem } from '../problem/index.js';
import type { Box } from './box.js';
import { assumedOf, checkAssumptions, type Assumed } from './assumptions.js';
import { computeS } from './autoS.js';
import { findNonGlobalStationaryPoint } from './global/index.js';
import { LocalConvexity } from './local.js';
import { verifyWitness } from './witness.js';
import { Prepared, completeTree, rng, runSearch, treeStatus } from './search.js';
import { z3Pass, type Z3PassOptions } from './z3pass.js';
import { nonRationalPart, z3Loaded } from './z3/index.js';
import { DEFAULT_SEARCH, type CertNode, type Counterexample, type OpenRegion, type SearchNode, type SearchOptions, type SearchOutcome, type SearchStats } from './types.js';
import { ambientDeadline, withDeadline } from './budget.js';

/** The result of `lscert check` (contract §3, plus extensions). */
export interface CheckResult {
  readonly verdict: 'certified' | 'refuted' | 'inconclusive';
  readonly condition: Claim['condition'];
  readonly constants: Record<string, number>;
  readonly problem: string;
  readonly counterexample: Counterexample | null;
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
  readonly universal?: { readonly kind: 'non-global-stationary-point'; readonly stationaryKind: string; readonly box: Box; readonly point: readonly number[]; readonly f: readonly [number, number]; readonly fstar: readonly [number, number] };
  /** Up to 20 regions left unproved (inconclusive only). */
  readonly openRegions?: readonly OpenRegion[];
  /** The proof tree (certified only), for `--cert`. */
  readonly tree?: CertNode;
  /** The residual system that was decided (for certificates and reports). */
  readonly system?: ResidualSystem;
  /** Bookkeeping of the branch and bound (queue peak and capacity); absent when no search ran. */
  readonly stats?: SearchStats;
}

export interface CheckOptions extends Partial<SearchOptions> {
  /** Defer narrow boxes (deferRelWidth) only when this says the residual system suits the exact pass. */
  readonly deferIf?: (system: ResidualSystem) => boolean;
}

/**
 * The search tree behind a refuted or inconclusive result (for reports: which boxes were
 * proved, which were open when the search stopped); not part of the JSON. A certified
 * result carries its tree in `tree`. Undefined when no bisection took place.
 */
const searchTrees = new WeakMap<CheckResult, SearchNode>();

export function searchTreeOf(r: CheckResult): SearchNode | undefined {
  return searchTrees.get(r);
}

/** `next` derived from `prev` (same search): keeps its search tree. */
function sameTree(prev: CheckResult, next: CheckResult): CheckResult {
  const t = searchTrees.get(prev);
  if (t) searchTrees.set(next, t);
  return next;
}

/** Search state kept for a later pass (Z3) over the open regions; not part of the JSON. */
const searchState = new WeakMap<CheckResult, { prep: Prepared; root: SearchNode; domain: Box; cellPoints: Rational[][] | null }>();

/**
 * `check`, then a Z3 pass over the open regions when the verdict is inconclusive and the
 * residuals are polynomial or rational (see z3Pass). Certified only if every region closes.
 */
export async function checkWithZ3(p: Problem, claim: Claim, options: CheckOptions & { z3?: Partial<Omit<Z3PassOptions, 'cellPoints'>> } = {}): Promise<CheckResult> {
  // One budget for both passes: `timeLimitMs` bounds the search and the Z3 pass together, the
  // pass getting what the search left, unless `z3.timeLimitMs` gives the pass a budget of its
  // own after the search's; the ambient deadline bounds both (src/engine/budget.ts).
  const t0 = Date.now();
  const deadline = Math.min(t0 + (options.timeLimitMs ?? DEFAULT_SEARCH.timeLimitMs) + (options.z3?.timeLimitMs ?? 0), ambientDeadline());
  // Residuals Z3 can read: defer narrow unproved boxes to it instead of splitting them to dust.
  const r = withDeadline(deadline, () => check(p, claim, { deferRelWidth: 2 ** -10, ...options, deferIf: (sys) => sys.cases.every((c) => c.forms.every((f) => f.some((e) => nonRationalPart(e) === undefined))) } as CheckOptions));
  const st = searchState.get(r);
  if (r.verdict !== 'inconclusive' || !st) return r;
  const started = Date.now() - r.elapsedMs;
  const left = deadline - Date.now();
  // Starting Z3 costs about a second (wasm, thread pool): not worth it with less than that left.
  if (!(left >= (z3Loaded() ? 100 : Z3_MIN_MS))) return sameTree(r, { ...r, notes: [...r.notes, 'no Z3 pass: the time budget was spent'] });
  const pass = await withDeadline(deadline, () => z3Pass(st.prep, st.root, { maxBoxes: 64, timeLimitMs: 20_000, queryTimeoutMs: 2_000, ...options.z3, cellPoints: st.cellPoints }));
  if (pass.counterexample) {
    return sameTree(r, { ...r, verdict: 'refuted', counterexample: pass.counterexample, reason: undefined, openRegions: undefined, elapsedMs: Date.now() - started, notes: [...r.notes, 'counterexample found by Z3 in a region the intervals left, then verified with intervals'] } as CheckResult);
  }
  if (pass.closed === 0) return sameTree(r, { ...r, notes: [...r.notes, `Z3 tried ${pass.tried} open region(s) and closed none`] });
  const tree = completeTree(st.root);
  const status = treeStatus(st.root, st.domain);
  const note = `Z3 closed ${pass.closed} of ${pass.tried} open region(s) the intervals left`;
  if (tree) return { ...r, verdict: 'certified', tree, coverage: 1, reason: undefined, openRegions: undefined, elapsedMs: Date.now() - started, notes: [...r.notes, note] } as CheckResult;
  return sameTree(r, { ...r, coverage: status.proved, openRegions: status.open.slice(0, 20), elapsedMs: Date.now() - started, notes: [...r.notes, note] });
}

/** The least time left for which `checkWithZ3` starts its Z3 pass (Z3's start-up is about 1 s). */
const Z3_MIN_MS = 1500;

/** The parts of a CheckResult that come from the problem and the claim alone (warnings and notes start empty). */
export function resultBase(p: Problem, claim: Claim): Omit<CheckResult, 'verdict' | 'counterexample' | 'coverage' | 'boxes' | 'elapsedMs' | 'computed'> & { warnings: string[]; notes: string[] } {
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
  const started = Date.now();
  const opts: SearchOptions = { ...DEFAULT_SEARCH, ...options };
  // `timeLimitMs` bounds the whole check (S, stationary points, every x* of QCvx), not each search.
  return withDeadline(started + opts.timeLimitMs, () => checkWithin(p, claim, options, opts, started));
}

function checkWithin(p: Problem, claim: Claim, options: CheckOptions, opts: SearchOptions, started: number): CheckResult {
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
  if (Date.now() >= ambientDeadline()) return { ...base, verdict: 'inconclusive', counterexample: null, coverage: 0, boxes: 0, elapsedMs: Date.now() - started, computed: [], reason: 'time limit reached before the search started' };
  warnings.push(...checkAssumptions(p, opts.seed).warnings);
  let model: ProjectionModel;
  if (p.minimizers.kind === 'auto') {
    const a = computeS(f, d, p.variables, boxes, opts.seed, p.minimizers.symmetry);
    if (!a.ok) {
      // S unknown, but a non-global stationary point still refutes PL and Aiming for every constant.
      const u = claim.condition === 'pl' || claim.condition === 'aiming' ? universalWithoutS(p, claim, f, domain, inner, a.fstarUpper, opts.seed, base, started) : null;
      return u ?? { ...base, verdict: 'inconclusive', counterexample: null, coverage: 0, boxes: a.boxes, elapsedMs: Date.now() - started, computed: [], reason: a.reason };
    }
    model = a.model;
    notes.push(a.note);
  } else model = projectionModel(p);
  if (model.kind === 'map' && model.source === 'projection') {
    warnings.push(...checkProjectionMap(p, model.map, fstarEnclosure(p, f, model).mid(), rng(opts.seed)));
  }
  const localF = claim.condition === 'alpha-beta' ? null : f;
  const localClaim = localClaimFor(claim);

  const runOne = (xstar?: { exprs: readonly Expr[]; index?: number }) => {
    const system = buildResiduals(p, claim, model, xstar ? { xstar: xstar.exprs, ...(xstar.index !== undefined && { xstarIndex: xstar.index }) } : {});
    // The local argument needs x_p (or x*) to be an exact point of S.
    const prep = new Prepared(system, domain, inner, localF && model.kind === 'points' ? { f: localF, points: model.points } : null);
    const searchOpts = options.deferIf && !options.deferIf(system) ? { ...opts, deferRelWidth: undefined } : opts;
    const outcome = runSearch(prep, searchOpts, localClaim);
    if (outcome.kind === 'inconclusive') lastSearch = { prep, root: outcome.root };
    return { system, outcome };
  };
  let lastSearch: { prep: Prepared; root: SearchNode } | undefined;
  const keep = (r: CheckResult): CheckResult => {
    if (r.verdict === 'inconclusive' && lastSearch) searchState.set(r, { ...lastSearch, domain, cellPoints: rationalPoints(model) });
    return r;
  };

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
        return {
          ...finish(base, system, { kind: 'refuted', counterexample: w, boxes: 0, provedVolume: 0 }, started),
          reason: `fails for every ${constant} > 0: f has a ${proof.kind === 'unknown' ? 'stationary point' : proof.kind.replace('-', ' ')} that is not a global minimizer`,
          universal: { kind: 'non-global-stationary-point', stationaryKind: proof.kind, box: proof.box, point: proof.point, f: proof.fEnclosure, fstar: [fs.lo, fs.hi] },
        };
      }
    }
  }
  if (claim.condition !== 'qcvx') {
    const { system, outcome } = runOne();
    return keep(finish(base, system, outcome, started));
  }
  // QCvx: one fixed x* ∈ S must work for the whole box. With finitely many points each is
  // tried; the claim is refuted only when every one of them is refuted.
  const centre = domainCentre(p);
  const candidates: { exprs: readonly Expr[]; index?: number }[] =
    model.kind === 'points' ? model.points.map((pt, index) => ({ exprs: pt, index })) : [{ exprs: model.map.map((m) => substitute(m, (i) => centre[i]!)) }];
  const singleton = model.kind === 'points' ? true : model.map.every((m) => freeVariables(m).size === 0);
  const results = candidates.map((c) => ({ c, ...runOne(c) }));
  lastSearch = undefined; // which candidate's tree is open is ambiguous: no Z3 pass for QCvx
  const won = results.find((r) => r.outcome.kind === 'certified');
  const pick = won ?? results.find((r) => r.outcome.kind === 'inconclusive') ?? results[0]!;
  const r = finish(base, pick.system, pick.outcome, started);
  const xs = { point: pick.c.index ?? null, value: encloseSPoint(pick.c.exprs, model).map((v) => v.mid()) };
  if (r.verdict === 'refuted' && !(singleton || results.every((x) => x.outcome.kind === 'refuted'))) {
    return sameTree(r, { ...r, verdict: 'inconclusive', reason: `refuted for x* = (${xs.value.join(', ')}), the projection of the domain's centre; other points of S were not tried`, xstar: xs });
  }
  return sameTree(r, { ...r, xstar: xs });
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
  base: Omit<CheckResult, 'verdict' | 'counterexample' | 'coverage' | 'boxes' | 'elapsedMs' | 'computed'>,
  started: number,
): CheckResult | null {
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
  return {
    ...finish(base, system, { kind: 'refuted', counterexample: { ...w, projection: null }, boxes: 0, provedVolume: 0 }, started),
    reason: `fails for every ${constant} > 0: f has a ${proof.kind === 'unknown' ? 'stationary point' : proof.kind.replace('-', ' ')} with f > ${U} ≥ f* (S itself could not be computed; the residual is enclosed for every x_p in the box)`,
    universal: { kind: 'non-global-stationary-point', stationaryKind: proof.kind, box: proof.box, point: proof.point, f: proof.fEnclosure, fstar: [-Infinity, U] },
  };
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
    return interpretInterval(substitute(f, (i) => pt[i]!), env);
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

function finish(base: Omit<CheckResult, 'verdict' | 'counterexample' | 'coverage' | 'boxes' | 'elapsedMs' | 'computed'>, system: ResidualSystem, o: SearchOutcome, started: number): CheckResult {
  const common = { ...base, computed: system.slots, boxes: o.boxes, elapsedMs: Date.now() - started, system, ...(o.stats && { stats: o.stats }) };
  switch (o.kind) {
    case 'certified':
      return { ...common, verdict: 'certified', counterexample: null, coverage: 1, tree: o.tree };
    case 'refuted': {
      const r: CheckResult = { ...common, verdict: 'refuted', counterexample: o.counterexample, coverage: o.provedVolume };
      if (o.root) searchTrees.set(r, o.root);
      return r;
    }
    case 'inconclusive': {
      const r: CheckResult = { ...common, verdict: 'inconclusive', counterexample: null, coverage: o.provedVolume, reason: o.reason, openRegions: o.open.slice(0, 20) };
      searchTrees.set(r, o.root);
      return r;
    }
  }
}

/** The local-convexity test that proves the claim on a box around a point of S, if any. */
function localClaimFor(claim: Claim): ((m: number, M: number) => boolean) | null {
  switch (claim.condition) {
    case 'pl': {
      const mu = fromRational(claim.mu)[1];
      return (m) => mu <= m;
    }
    case 'aiming':
    case 'qcvx': {
      const theta = fromRational(claim.theta)[1];
      return (m, M) => theta <= LocalConvexity.aimingConstant(m, M);
    }
    default:
      return null;
  }
}

