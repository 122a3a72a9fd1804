import { readFileSync } from 'node:fs';
import { certificateFor } from '../cert/index.js';
import { buildResiduals, claimProblem, UnsupportedError, type Claim, type ConditionName, type ProjectionModel } from '../conditions/index.js';
import { bestConstants, ConstantsUsageError, parseTie, TieError, type ConstantsResult, type Tie } from '../constants/index.js';
import { Rational } from '../exact/rational.js';
import { fstarEnclosure, solutionModel } from '../engine/constantsKit.js';
import { checkDetailed, checkWithZ3Detailed, Prepared, resultBase, verifyWitness, type Checked, type CheckResult, type Counterexample, type SearchNode } from '../engine/index.js';
import { ExprError, parseConstant } from '../expr/index.js';
import { domainBoxes, outerBox, type Problem } from '../problem/index.js';
import { claimStrings, describeCounterexample } from './counterexample.js';
import { problemFacts } from './facts.js';
import { chooseSlice, fGrid, residualGrid, sampleS } from './grid.js';
import { boxesPlot, contourPlot, CX_KIND, heatmap, linePlot, planePlot, planeView, type Marker, type RenderedPlot } from './plots.js';
import { clipBelowRay, num } from './format.js';
import { stationaryPoints } from './stationary.js';
import { drawnBoxes } from './tree.js';
import { coneHolds, oneTermRefutation, oneTermText, type OneTermRefutation } from './universal.js';
import { REPORT_DEFAULTS, type CounterexampleDetail, type ReportData, type ReportOptions, type ResolvedReportOptions, type StationaryPoint, type VerdictRow } from './types.js';

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

const CONDITIONS: readonly ConditionName[] = ['alpha-beta', 'pl', 'aiming', 'qcvx'];

function rational(name: string, v: string): Rational {
  let e;
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
  if (o.alphaMax !== undefined && !(o.alphaMax > 0 && Number.isFinite(o.alphaMax))) throw new ReportUsageError(`--alpha-max must be a positive number, got ${o.alphaMax}`);
  if (o.timeLimitSec !== undefined && !(o.timeLimitSec > 0 && Number.isFinite(o.timeLimitSec))) throw new ReportUsageError(`--time-limit must be a positive number of seconds, got ${o.timeLimitSec}`);
  if (o.maxBoxes !== undefined && !(Number.isInteger(o.maxBoxes) && o.maxBoxes >= 1)) throw new ReportUsageError(`--max-boxes must be an integer >= 1, got ${o.maxBoxes}`);
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
  const started = Date.now();
  const o: ResolvedReportOptions = {
    timeLimitSec: options.timeLimitSec ?? REPORT_DEFAULTS.timeLimitSec,
    maxBoxes: options.maxBoxes ?? REPORT_DEFAULTS.maxBoxes,
    seed: options.seed ?? REPORT_DEFAULTS.seed,
    z3: options.z3 ?? REPORT_DEFAULTS.z3,
  };
  const user = userClaims(options);
  const T = o.timeLimitSec * 1000;
  const deadline = started + T;
  const phases: { phase: string; ms: number }[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  let phaseStart = Date.now();
  let phaseName = '';
  const phase = (name: string) => {
    if (phaseName) phases.push({ phase: phaseName, ms: Date.now() - phaseStart });
    phaseName = name;
    phaseStart = Date.now();
    options.onPhase?.(name, Math.min(1, (Date.now() - started) / T));
  };
  /** The time a phase may use: its share of the budget, at most what is left (at least 0.2 s). */
  const share = (fraction: number) => Math.max(200, Math.min(fraction * T, deadline - Date.now()));

  phase('S and f*');
  const sm = solutionModel(p, o.seed);
  const model: ProjectionModel | null = sm.ok ? sm.model : null;
  if (!sm.ok) notes.push(`S could not be pinned down, so α-β and QCvx cannot be decided (PL and Aiming can still be refuted for every constant by a stationary point that is not a global minimizer): ${sm.reason}`);
  else if (sm.note) notes.push(sm.note);
  const fs = model ? fstarEnclosure(p, model) : { lo: -Infinity, hi: Infinity };

  phase('stationary points');
  let stationary: StationaryPoint[] = [];
  if (p.variables.length <= 8) stationary = stationaryPoints(p, fs, o.seed, Date.now() + share(0.03));
  else notes.push(`stationary points not searched: ${p.variables.length} variables`);

  phase('facts');
  const facts = problemFacts(p, model, stationary, []);
  // One term: a proved non-global stationary point refutes α-β for every α > β (or a cone
  // β < κα): the argument and its conditions are in src/reports/universal.ts.
  const oneTerm: OneTermRefutation | null = model ? oneTermRefutation(p, model, stationary) : null;
  const wholeWindowRefuted = oneTerm !== null && oneTerm.kappa === 1;
  if (wholeWindowRefuted) notes.push(`α-β ${oneTermText(oneTerm)}; the (α, β) region ${user.tie ? `and the smallest α on ${user.tie.text} were` : 'was'} therefore not computed.`);

  // ---- best constants ----
  const constants: ReportData['constants'] = { 'alpha-beta': null, pl: null, aiming: null, qcvx: null, tie: null };
  const runConstants = async (label: string, req: Parameters<typeof bestConstants>[1], ms: number): Promise<ConstantsResult | null> => {
    if (!model) return null;
    try {
      // The phase's time bounds the whole computation (bestConstants gives its refinement
      // passes 70% of it and the confirming check() calls, each with its own small budget, the rest).
      return await bestConstants(p, req, { maxBoxes: Math.min(o.maxBoxes, 20_000), timeLimitMs: ms, seed: o.seed, relGap: 0.02, confirmMaxBoxes: o.maxBoxes, confirmTimeLimitMs: Math.max(500, ms / 10) });
    } catch (err) {
      if (err instanceof ConstantsUsageError || err instanceof UnsupportedError) {
        notes.push(`${label}: not computed (${err.message})`);
        return null;
      }
      throw err;
    }
  };
  if (user.tie && !wholeWindowRefuted) {
    phase(`α-β constants on ${user.tie.text}`);
    constants.tie = await runConstants(`smallest α on ${user.tie.text}`, { condition: 'alpha-beta', tie: user.tie }, share(0.12));
  }
  const claimAlpha = user.ab?.condition === 'alpha-beta' ? user.ab.alpha.toNumber() : 0;
  const tieAlpha = constants.tie ? (constants.tie.certified ?? constants.tie.refuted ?? 0) : 0;
  const alphaMax = options.alphaMax ?? niceCeil(Math.max(10, 1.25 * claimAlpha, 1.25 * tieAlpha));
  phase('α-β region');
  if (!wholeWindowRefuted) constants['alpha-beta'] = await runConstants('the (α, β) region', { condition: 'alpha-beta', objective: 'region', alphaMax }, share(user.tie ? 0.28 : 0.4));

  // ---- verdicts ----
  const rows: VerdictRow[] = [];
  const results = new Map<ConditionName, { claim: Claim; r: CheckResult; searchTree?: SearchNode }>();
  const certificates: { file: string; content: string }[] = [];
  const runCheck = async (claim: Claim, fraction: number): Promise<Checked> => {
    const ms = share(fraction);
    const opts = { maxBoxes: o.maxBoxes, timeLimitMs: ms * (o.z3 ? 0.7 : 1), seed: o.seed };
    return o.z3 ? checkWithZ3Detailed(p, claim, { ...opts, z3: { timeLimitMs: Math.max(200, ms * 0.3) } }) : checkDetailed(p, claim, opts);
  };
  /**
   * The α-β row when the one-term argument covers the claim: the stationary point itself, verified
   * as a counterexample of this claim by the engine's witness check (interval residual < 0 at the
   * point, for every possibly-nearest x_p); null when that check does not confirm it (then the
   * row runs check() as usual).
   */
  const oneTermCheck = (claim: Claim, u: OneTermRefutation, m: ProjectionModel): CheckResult | null => {
    const t0 = Date.now();
    const system = buildResiduals(p, claim, m);
    const boxes = domainBoxes(p);
    const w = verifyWitness(new Prepared(system, boxes.outer, boxes.inner, null), u.point);
    if (!w) return null;
    const f = stationary.find((s) => s.point === u.point || s.point.every((v, j) => v === u.point[j]))?.f ?? [null, null];
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
      universal: { kind: 'non-global-stationary-point', stationaryKind: u.kind, box: u.box, point: u.point, f: [f[0] ?? -Infinity, f[1] ?? Infinity], fstar: [fs.lo, fs.hi] },
    };
  };
  const choose = (condition: ConditionName, given: Claim | null, c: ConstantsResult | null): { claim: Claim | null; more?: Claim[]; origin: VerdictRow['origin']; note: string | null } => {
    if (given) return { claim: given, origin: 'user', note: null };
    // Without S only a refutation for every constant can come out (a non-global stationary
    // point): any positive constant asks for it.
    if (!model && condition === 'pl') return { claim: { condition, mu: Rational.ONE }, origin: 'fallback', note: 'S could not be pinned down: checked only for a refutation for every μ (μ = 1 asks for it)' };
    if (!model && condition === 'aiming') return { claim: { condition, theta: Rational.ONE }, origin: 'fallback', note: 'S could not be pinned down: checked only for a refutation for every θ (θ = 1 asks for it)' };
    if (condition === 'alpha-beta' && wholeWindowRefuted) return { claim: { condition, alpha: Rational.ONE, beta: Rational.of(99, 100) }, origin: 'fallback', note: 'shown at α = 1, β = 99/100, near the diagonal' };
    const cert = c ? confirmedClaim(condition, c, 'certified') : null;
    if (cert) return { claim: cert, origin: 'best certified (constants)', note: null };
    if (condition === 'alpha-beta' && c) {
      // Another vertex of the certified polygon (each one was certified by check()).
      const v = [...c.region.certified].sort((a, b) => a[0] - b[0])[0];
      if (v) return { claim: { condition, alpha: Rational.fromShortestDecimal(v[0]), beta: Rational.fromShortestDecimal(v[1]) }, origin: 'best certified (constants)', note: 'a vertex of the certified polygon' };
    }
    if (condition === 'alpha-beta' && c && c.region.refuted.length >= 3) {
      const cands = insidePairs(c.region.refuted);
      if (cands.length) return { claim: cands[0]!, more: cands.slice(1), origin: 'fallback', note: 'the region certified no pair within the budget: pairs inside its outer (not yet refuted) polygon were checked' };
    }
    const ref = c ? confirmedClaim(condition, c, 'refuted') : null;
    if (ref && c?.best) return { claim: ref, origin: 'refuted bracket end (constants)', note: `the best ${condition === 'pl' ? 'μ' : 'θ'} is 0 (${c.best.proof.kind === 'universal' ? 'proved' : 'up to ε'}): checked at the refuted ε` };
    if (ref) return { claim: ref, origin: 'refuted bracket end (constants)', note: 'no constant was certified within the budget: checked at the refuted end of the bracket' };
    return { claim: null, origin: 'none', note: model ? 'no constant was certified or refuted within the budget; give one (--alpha/--beta, --mu, --theta)' : 'S could not be pinned down' };
  };
  const addRow = async (condition: ConditionName, given: Claim | null, c: ConstantsResult | null, fraction: number) => {
    const pick = choose(condition, given, c);
    if (!pick.claim) {
      rows.push({ condition, claim: null, origin: pick.origin, verdict: 'not checked', check: null, certificate: null, note: pick.note });
      return;
    }
    phase(`check ${condition}`);
    let checked: Checked;
    const universal = condition === 'alpha-beta' && oneTerm && model && coneHolds(oneTerm, pick.claim) ? oneTermCheck(pick.claim, oneTerm, model) : null;
    if (universal) {
      results.set(condition, { claim: pick.claim, r: universal });
      rows.push({ condition, claim: claimStrings(pick.claim), origin: pick.origin, verdict: 'refuted', check: checkJson(universal), certificate: null, note: pick.note });
      return;
    }
    try {
      const more = pick.more ?? [];
      checked = await runCheck(pick.claim, more.length ? fraction / 2 : fraction);
      // Fallback pairs: the first that certifies wins; else the first refuted one (its
      // counterexample explains), else the first result.
      for (const next of more) {
        if (checked.result.verdict === 'certified' || Date.now() > deadline) break;
        const c2 = await runCheck(next, fraction / 2);
        if (c2.result.verdict === 'certified' || (c2.result.verdict === 'refuted' && checked.result.verdict !== 'refuted')) {
          checked = c2;
          pick.claim = next;
        }
      }
    } catch (err) {
      if (err instanceof UnsupportedError) {
        rows.push({ condition, claim: claimStrings(pick.claim), origin: pick.origin, verdict: 'not checked', check: null, certificate: null, note: err.message });
        return;
      }
      throw err;
    }
    const r = checked.result;
    results.set(condition, { claim: pick.claim, r, ...(checked.searchTree && { searchTree: checked.searchTree }) });
    let certificate: string | null = null;
    let note = pick.note;
    if (r.verdict === 'certified') {
      try {
        certificates.push({ file: certName(p, pick.claim), content: `${JSON.stringify(certificateFor(p, r))}\n` });
        certificate = certName(p, pick.claim);
      } catch (err) {
        note = `${note ? `${note}; ` : ''}no certificate: ${(err as Error).message}`;
      }
    }
    for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w);
    rows.push({ condition, claim: claimStrings(pick.claim), origin: pick.origin, verdict: r.verdict, check: checkJson(r), certificate, note });
  };
  const ab = user.ab ?? (user.tie && constants.tie ? confirmedClaim('alpha-beta', constants.tie, 'certified') : null);
  await addRow('alpha-beta', ab, constants['alpha-beta'], 0.12);
  if (ab && !user.ab) rows[0] = { ...rows[0]!, origin: 'best certified (constants)', note: `the smallest certified α on ${user.tie!.text}` };
  for (const condition of ['pl', 'aiming', 'qcvx'] as const) {
    phase(`${condition} constants`);
    const given = condition === 'pl' ? user.pl : user.theta ? ({ condition, theta: user.theta } as Claim) : null;
    constants[condition] = await runConstants(`best ${condition === 'pl' ? 'μ' : 'θ'}`, { condition }, share(0.07));
    await addRow(condition, given, constants[condition], 0.05);
  }

  // ---- counterexamples ----
  phase('counterexamples');
  const details: CounterexampleDetail[] = [];
  const seen = new Set<string>();
  const add = (claim: Claim, w: Counterexample, from: string, universal: boolean, xstarIndex?: number | null, universalText?: string) => {
    if (!model) return;
    const key = `${claim.condition}:${JSON.stringify(claimStrings(claim))}:${w.x.join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    details.push(describeCounterexample(p, model, claim, w, { id: `cx${details.length + 1}`, from, universal, ...(xstarIndex !== undefined && { xstarIndex }), ...(universalText && { universalText }) }));
  };
  for (const [condition, { claim, r }] of results) if (r.counterexample) add(claim, r.counterexample, `verdict table (${condition})`, Boolean(r.universal), r.xstar?.point ?? null, condition === 'alpha-beta' && r.universal ? r.reason : undefined);
  for (const [key, c] of Object.entries(constants) as [string, ConstantsResult | null][]) {
    if (!c?.witness) continue;
    const claim = confirmedClaim(c.condition, c, 'refuted');
    if (claim) add(claim, c.witness, key === 'tie' ? `refuted end of the smallest α on ${c.tie}` : `refuted end of the ${c.condition} bracket`, c.best?.proof.kind === 'universal');
  }

  // ---- plots ----
  phase('plots');
  const d = p.variables.length;
  const worst = [...details].sort((a, b) => (a.condition === 'alpha-beta' ? 0 : 1) - (b.condition === 'alpha-beta' ? 0 : 1) || a.counterexample.residual[1] - b.counterexample.residual[1])[0];
  const slice = chooseSlice(p, worst ? { x: worst.counterexample.x, label: `counterexample ${worst.id} (${worst.condition})` } : null);
  const names = slice.axes.map((j) => p.variables[j]!);
  const box = outerBox(p);
  const onSlice = (lo: readonly number[], hi: readonly number[]) => slice.fixed.length === 0 || p.variables.every((_, j) => slice.axes.includes(j) || (lo[j]! <= slice.point[j]! && slice.point[j]! <= hi[j]!));
  const at = (x: readonly number[]) => ({ x: x[slice.axes[0]!]!, y: d === 1 ? 0 : x[slice.axes[1]!]! });
  const markers: Marker[] = [];
  const fmtPt = (x: readonly number[]) => `(${x.map((v) => Number(v.toPrecision(6))).join(', ')})`;
  if (facts.minimizers.points) for (const pt of facts.minimizers.points) markers.push({ ...at(pt), kind: 'S (minimizer)', label: `S ${fmtPt(pt)}` });
  if (model && model.kind === 'map') for (const pt of sampleS(p, model, slice, d === 1 ? 200 : 60)) markers.push({ ...at(pt), kind: 'S (sampled)', label: 'Proj(x, S) of a grid point' });
  for (const s of stationary) {
    if (s.status === 'global') continue;
    const kind = s.kind === 'saddle' ? 'saddle' : s.kind === 'local-min' ? 'local min' : s.kind === 'local-max' ? 'local max' : 'stationary (unclassified)';
    markers.push({ ...at(s.point), kind, label: `${kind} ${fmtPt(s.point)}, f ∈ [${s.f[0]}, ${s.f[1]}]` });
  }
  /**
   * Counterexample markers, each labelled with its number (cxN in the Counterexamples section);
   * counterexamples at the same point share one marker ("1, 2, 3"). `applies` picks the ones
   * drawn on a plot: a plot of one claim shows only the counterexamples of that claim.
   */
  const cxMarkersFor = (applies: (c: CounterexampleDetail) => boolean): Marker[] => {
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
      label: `${cs.map((c) => `${c.id} (${c.condition} at ${Object.entries(c.claim).map(([k, v]) => `${k} = ${v}`).join(', ')})`).join('; ')} ${fmtPt(cs[0]!.counterexample.x)}`,
    }));
  };
  const sameClaim = (c: CounterexampleDetail, condition: ConditionName, claim: Claim) => c.condition === condition && JSON.stringify(c.claim) === JSON.stringify(claimStrings(claim));
  /** Which counterexamples each plot draws (plot id → cx ids), for report.json and the page. */
  const drawn = new Map<string, string[]>();
  const cxIds = (id: string, applies: (c: CounterexampleDetail) => boolean) => drawn.set(id, details.filter(applies).map((c) => c.id));
  const cxMarkers = cxMarkersFor(() => true);
  const plots: ReportPlot[] = [];
  const sliceNote = slice.fixed.length ? ` Slice: ${slice.through}; fixed ${slice.fixed.map((f) => `${f.variable} = ${Number(f.value.toPrecision(6))}`).join(', ')}.` : '';
  const fg = fGrid(p, slice, d === 1 ? 400 : 48);
  if (d === 1) {
    const fAt = (x: number) => fg.values[Math.min(fg.nx - 1, Math.max(0, Math.floor(((x - fg.xRange[0]) / (fg.xRange[1] - fg.xRange[0])) * fg.nx)))]!;
    cxIds('f', () => true);
    plots.push({ id: 'f', title: `f on [${box.lo[0]}, ${box.hi[0]}]`, caption: 'f(x) (float samples) with S, stationary points that are not global minimizers, and every counterexample (labelled with its number).', ...(await linePlot(fg, names[0]!, 'f', [...markers, ...cxMarkers].map((m) => ({ ...m, y: fAt(m.x) })))) });
  } else {
    cxIds('f', () => true);
    plots.push({ id: 'f', title: 'Contour plot of f', caption: `Filled contours of f (float samples on a 48×48 grid, levels at quantiles) with S, saddles and local minima/maxima (Krawczyk-proved stationary points that are not global minimizers), and every counterexample (labelled with its number).${sliceNote}`, ...(await contourPlot(fg, [names[0]!, names[1]!], [...markers, ...cxMarkers])) });
  }
  const abResult = results.get('alpha-beta');
  if (model && abResult && abResult.claim.condition === 'alpha-beta') {
    const rg = residualGrid(p, model, abResult.claim, slice, d === 1 ? 400 : 40);
    const cl = claimStrings(abResult.claim);
    const title = `min_i R_i at α = ${cl.alpha}, β = ${cl.beta}`;
    const caption = `The α-β residual min_i R_i(x) with x_p the nearest point of S, at the α-β row's constants (α = ${cl.alpha}, β = ${cl.beta}): red where the condition fails; marked: the counterexamples of these constants. Float evaluation (an estimate for orientation; verdicts come from interval arithmetic).${sliceNote}`;
    const applies = (c: CounterexampleDetail) => sameClaim(c, 'alpha-beta', abResult.claim);
    cxIds('residual', applies);
    const abCx = cxMarkersFor(applies);
    if (d === 1) {
      const rAt = (x: number) => rg.values[Math.min(rg.nx - 1, Math.max(0, Math.floor(((x - rg.xRange[0]) / (rg.xRange[1] - rg.xRange[0])) * rg.nx)))]!;
      plots.push({ id: 'residual', title, caption, ...(await linePlot(rg, names[0]!, 'min_i R_i', abCx.map((m) => ({ ...m, y: rAt(m.x) })), true)) });
    } else plots.push({ id: 'residual', title: `Heat map of ${title}`, caption, ...(await heatmap(rg, [names[0]!, names[1]!], 'min_i R_i', abCx)) });
  }
  for (const [condition, { r, searchTree }] of results) {
    const tree = r.tree ? { cert: r.tree, domain: box } : searchTree ? { search: searchTree } : null;
    if (!tree) continue;
    const boxes = drawnBoxes(tree, 2500, onSlice);
    const claim = results.get(condition)!.claim;
    const applies = (c: CounterexampleDetail) => sameClaim(c, condition, claim);
    cxIds(`boxes-${condition}`, applies);
    const cx = cxMarkersFor(applies);
    plots.push({
      id: `boxes-${condition}`,
      title: `Branch-and-bound boxes: ${condition}`,
      caption: `${condition} at ${Object.entries(claimStrings(results.get(condition)!.claim)).map(([k, v]) => `${k} = ${v}`).join(', ')}: ${r.verdict}, ${r.boxes} boxes, ${(r.coverage * 100).toFixed(2)}% of the domain proved. Leaves coloured by how they were settled${boxes.some((b) => b.status === 'mixed') ? '; "mixed" boxes are subtrees drawn whole (too many leaves to draw)' : ''}.${sliceNote}`,
      ...(await boxesPlot(boxes, slice.axes, names, { x: [box.lo[slice.axes[0]!]!, box.hi[slice.axes[0]!]!], y: d === 1 ? [0, 1] : [box.lo[slice.axes[1]!]!, box.hi[slice.axes[1]!]!] }, cx)),
    });
  }
  const reg = constants['alpha-beta'];
  const planeClaim: ReportData['plane']['claim'] = user.ab?.condition === 'alpha-beta' ? { kind: 'point', alpha: user.ab.alpha.toNumber(), beta: user.ab.beta.toNumber() } : user.tie ? { kind: 'line', tie: user.tie.text, k: user.tie.k.toNumber(), m: user.tie.m.toNumber() } : null;
  const checked = abResult?.claim.condition === 'alpha-beta' ? { alpha: abResult.claim.alpha.toNumber(), beta: abResult.claim.beta.toNumber(), verdict: abResult.r.verdict } : null;
  const tightFrom = constants.tie ?? reg;
  const tight = tightFrom
    ? { certifiedPair: tightFrom.certifiedPair ?? null, refutedPair: tightFrom.refutedPair ?? null, along: constants.tie ? `the line ${constants.tie.tie}` : 'the ray toward the outer polygon’s smallest-α vertex' }
    : null;
  // The outer polygon less the cone that the one-term argument refutes (β < κα).
  const outer = reg ? (oneTerm && reg.region.refuted.length >= 3 ? clipBelowRay(reg.region.refuted, oneTerm.kappa) : reg.region.refuted) : [];
  const certifiedPoly = reg?.region.certified ?? [];
  if (oneTerm && certifiedPoly.some(([a, b]) => b < oneTerm.kappa * a * (1 - 1e-9))) {
    warnings.push(`a certified (α, β) vertex lies in the cone β < ${oneTerm.kappa}·α that the one-term argument refutes: the two contradict each other (please report this)`);
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
  const plane: ReportData['plane'] = {
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
  if (reg || planeClaim || oneTerm) {
    const win = `0 ≤ β < α ≤ ${alphaMax}`;
    const regionText = reg
      ? `Red: refuted (every pair outside the outer polygon fails at a verified point${oneTerm ? `, and every pair with β < ${num(oneTerm.kappa, 6)}·α by the one-term argument` : ''}). Yellow: undecided. Green: certified (the hull of pairs certified by check()).`
      : oneTerm
        ? `Red: refuted by the one-term argument (${oneTerm.kappa === 1 ? 'every α > β' : `every β < ${num(oneTerm.kappa, 6)}·α`}: a stationary point that is not a global minimizer, see the α-β row).${oneTerm.kappa === 1 ? '' : ' Grey: not computed.'}`
        : 'Grey: the region was not computed (see the notes).';
    plots.push({
      id: 'plane',
      title: 'The (α, β) plane',
      caption: `${zoomed ? `Zoomed to α, β ∈ [${num(view.lo, 4)}, ${num(view.hi, 4)}] around the decided boundary (tight pairs, checked pair, claim, tips of the undecided and certified regions); the inset shows the whole window ${win} with the zoomed square outlined.` : `Window ${win}.`} ${regionText} Markers: the claim, the pair of the verdict table (with its verdict)${tight && (tight.certifiedPair || tight.refutedPair) ? `, and the tight pair bracket along ${tight.along}` : ''}.`,
      ...(await planePlot({ alphaMax, certified: certifiedPoly, refuted: reg ? outer : null, kappa: oneTerm?.kappa ?? null, claim: planeClaim, checked, certifiedPair: tight?.certifiedPair ?? null, refutedPair: tight?.refutedPair ?? null, view, zoomed })),
    });
  }
  phase('');
  const data: ReportData = {
    format: 'lscert-report',
    version: 1,
    lscert: VERSION,
    generated: new Date().toISOString(),
    problem: facts,
    budget: { timeLimitSec: o.timeLimitSec, maxBoxes: o.maxBoxes, seed: o.seed, z3: o.z3, elapsedMs: Date.now() - started, phases },
    verdicts: rows,
    constants,
    plane,
    counterexamples: details,
    slice: { axes: slice.axes, fixed: slice.fixed, through: slice.through },
    plots: plots.map((q) => ({ id: q.id, title: q.title, caption: q.caption, marks: q.marks, counterexamples: drawn.get(q.id) ?? [] })),
    notes: [...notes, ...(Date.now() > deadline ? [`the time budget (${o.timeLimitSec} s) ran out: later phases got the minimum time (see budget.phases)`] : [])],
    warnings,
  };
  return { data, plots, certificates };
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
