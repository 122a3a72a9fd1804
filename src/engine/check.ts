import { buildResiduals, checkProjectionMap, claimConstants, domainCentre, objective, projectionModel, type Claim, type ResidualSystem, type Slot } from '../conditions/index.js';
import { encloseConstant, freeVariables, substitute, toText, type Expr } from '../expr/index.js';
import { fromRational } from '../interval/index.js';
import { outerBox, type Problem } from '../problem/index.js';
import type { Box } from './box.js';
import { LocalConvexity } from './local.js';
import { Prepared, rng, runSearch } from './search.js';
import { DEFAULT_SEARCH, type CertNode, type Counterexample, type OpenRegion, type SearchOptions, type SearchOutcome } from './types.js';

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
  readonly assumed: { readonly fstar: string | null; readonly termMinima: readonly string[] | null; readonly minimizers: string };
  /** For QCvx: the x* that was tried (index into S's points, or its value). */
  readonly xstar?: { readonly point: number | null; readonly value: number[] };
  /** Things that looked wrong in the user's input (e.g. a projection map that is not nearest on samples). */
  readonly warnings: readonly string[];
  /** Up to 20 regions left unproved (inconclusive only). */
  readonly openRegions?: readonly OpenRegion[];
  /** The proof tree (certified only), for `--cert`. */
  readonly tree?: CertNode;
  /** The residual system that was decided (for certificates and reports). */
  readonly system?: ResidualSystem;
}

export interface CheckOptions extends Partial<SearchOptions> {}

/**
 * Decides a claim on a problem's domain: certified (proved at every point), refuted (a
 * rigorously verified counterexample) or inconclusive. Sound by construction of the
 * search (see runSearch and verifyWitness); this function only wires the pieces.
 */
export function check(p: Problem, claim: Claim, options: CheckOptions = {}): CheckResult {
  const started = Date.now();
  const opts: SearchOptions = { ...DEFAULT_SEARCH, ...options };
  const model = projectionModel(p);
  const box = outerBox(p);
  const domain: Box = { lo: box.lo, hi: box.hi };
  // The exact domain may be irrational: a witness must lie inside the inner enclosure.
  const inner: Box = { lo: p.domain.map((b) => b.loEnclosure.hi), hi: p.domain.map((b) => b.hiEnclosure.lo) };
  const warnings: string[] = [];
  if (model.kind === 'map' && model.source === 'projection') {
    const f = objective(p);
    const fstar = p.fstar ? encloseConstant(p.fstar).mid() : encloseConstant(substitute(f, (i) => substitute(model.map[i]!, (j) => domainCentre(p)[j]!))).mid();
    warnings.push(...checkProjectionMap(p, model.map, fstar, rng(opts.seed)));
  }
  const base = {
    condition: claim.condition,
    constants: claimConstants(claim),
    problem: p.name,
    warnings,
    assumed: {
      fstar: p.fstar ? toText(p.fstar) : null,
      termMinima: p.termMinima ? p.termMinima.map((e) => toText(e)) : null,
      minimizers: p.minimizers.kind,
    },
  };
  const localF = claim.condition === 'alpha-beta' ? null : objective(p);
  const localClaim = localClaimFor(claim);

  const runOne = (xstar?: { exprs: readonly Expr[]; index?: number }) => {
    const system = buildResiduals(p, claim, model, xstar ? { xstar: xstar.exprs, ...(xstar.index !== undefined && { xstarIndex: xstar.index }) } : {});
    // The local argument needs x_p (or x*) to be an exact point of S.
    const prep = new Prepared(system, domain, inner, model.kind === 'points' ? localF : null);
    return { system, outcome: runSearch(prep, opts, localClaim) };
  };

  if (claim.condition !== 'qcvx') {
    const { system, outcome } = runOne();
    return finish(base, system, outcome, started);
  }
  // QCvx: one fixed x* ∈ S must work for the whole box. With finitely many points each is
  // tried; the claim is refuted only when every one of them is refuted.
  const centre = domainCentre(p);
  const candidates: { exprs: readonly Expr[]; index?: number }[] =
    model.kind === 'points' ? model.points.map((pt, index) => ({ exprs: pt, index })) : [{ exprs: model.map.map((m) => substitute(m, (i) => centre[i]!)) }];
  const singleton = model.kind === 'points' ? true : model.map.every((m) => freeVariables(m).size === 0);
  const results = candidates.map((c) => ({ c, ...runOne(c) }));
  const won = results.find((r) => r.outcome.kind === 'certified');
  const pick = won ?? results.find((r) => r.outcome.kind === 'inconclusive') ?? results[0]!;
  const r = finish(base, pick.system, pick.outcome, started);
  const xs = { point: pick.c.index ?? null, value: pick.c.exprs.map((e) => encloseConstant(e).mid()) };
  if (r.verdict === 'refuted' && !(singleton || results.every((x) => x.outcome.kind === 'refuted'))) {
    return { ...r, verdict: 'inconclusive', reason: `refuted for x* = (${xs.value.join(', ')}), the projection of the domain's centre; other points of S were not tried`, xstar: xs };
  }
  return { ...r, xstar: xs };
}

function finish(base: Omit<CheckResult, 'verdict' | 'counterexample' | 'coverage' | 'boxes' | 'elapsedMs' | 'computed'>, system: ResidualSystem, o: SearchOutcome, started: number): CheckResult {
  const common = { ...base, computed: system.slots, boxes: o.boxes, elapsedMs: Date.now() - started, system };
  switch (o.kind) {
    case 'certified':
      return { ...common, verdict: 'certified', counterexample: null, coverage: 1, tree: o.tree };
    case 'refuted':
      return { ...common, verdict: 'refuted', counterexample: o.counterexample, coverage: o.provedVolume };
    case 'inconclusive':
      return { ...common, verdict: 'inconclusive', counterexample: null, coverage: o.provedVolume, reason: o.reason, openRegions: o.open.slice(0, 20) };
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

