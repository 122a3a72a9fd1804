import { UnsupportedError } from '../conditions/index.js';
import { toDouble } from './decimal.js';
import { ambientDeadline, domainBoxes, implicitXstar, solutionModel, withDeadline } from '../engine/constantsKit.js';
import type { Problem } from '../problem/index.js';
import { minAlpha } from './minAlpha.js';
import { maxGap, minRatio } from './ratioGap.js';
import type { RayOptions } from './ray.js';
import { region } from './region.js';
import { rayFields } from './report.js';
import { bracketScalar } from './scalar.js';
import { resolveOptions, type ConstantsOptions, type ConstantsRequest, type ConstantsResult } from './types.js';
import { LscertError, TimeLimitReached } from '../errors.js';

/** The share of the time budget the refinement passes may use before the confirming checks. */
const PASS_SHARE = 0.7;

/** A request that cannot be answered as asked (e.g. an objective that needs a tie). */
export class ConstantsUsageError extends LscertError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * The best constants of a condition on a problem's domain, as two-sided brackets
 * (docs/cli.md#constants): `certified` is a value `check()` certifies, `refuted` one it refutes with a verified
 * counterexample, so the best constant lies between them. See docs/constants.md.
 * Throws UnsupportedError when S cannot be modelled, ConstantsUsageError on a bad request.
 */
export async function bestConstants(p: Problem, req: ConstantsRequest, options: Partial<ConstantsOptions> = {}): Promise<ConstantsResult> {
  const started = Date.now();
  const o = resolveOptions(options);
  // `timeLimitMs` bounds everything (S, the outer search, the passes, the confirming checks):
  // an ambient deadline (src/engine/budget.ts) that every phase and check inside stops at.
  return withDeadline(started + o.timeLimitMs, async () => {
    try {
      return await constantsWithin(p, req, o, started);
    } catch (e) {
      // A phase stopped at the time limit (building residuals for 200 terms took 27 s of a 1 s
      // budget before it could): out of time, nothing certified.
      if (e instanceof TimeLimitReached) return outOfTime(p, req, started, 'time limit reached while the residual system was built; nothing certified');
      throw e;
    }
  });
}

async function constantsWithin(p: Problem, req: ConstantsRequest, o: ConstantsOptions, started: number): Promise<ConstantsResult> {
  if (Date.now() >= ambientDeadline()) return outOfTime(p, req, started);
  const m = solutionModel(p, o.seed);
  // S not pinned down because the time limit passed: out of time (exit 2), not an input error.
  if (!m.ok) {
    if (Date.now() >= ambientDeadline()) return outOfTime(p, req, started);
    throw new UnsupportedError(m.reason);
  }
  const boxes = domainBoxes(p);
  // As check(): QCvx with S given by equations fixes one x* ∈ S proved near the centre; no value
  // is then refuted for every x* (another x* may work).
  let model = m.model;
  let partialS = false;
  const notes = m.note ? [m.note] : [];
  if (req.condition === 'qcvx' && model.kind === 'points' && model.implicit) {
    const fixed = implicitXstar(p, model.implicit);
    if (typeof fixed === 'string') throw new UnsupportedError(fixed);
    model = fixed.model;
    partialS = true;
    notes.push(fixed.note);
  }
  const ray: RayOptions = {
    maxBoxes: o.maxBoxes,
    // The refinement passes get PASS_SHARE of the budget; the confirming checks the rest.
    deadline: started + PASS_SHARE * o.timeLimitMs,
    seed: o.seed,
    relGap: o.relGap,
    samples: o.samples,
    starts: 8,
    confirm: o.skipConfirm
      ? null
      : { maxBoxes: o.confirmMaxBoxes, timeLimitMs: o.confirmTimeLimitMs, seed: o.seed, ...(o.inPieces && { inPieces: o.inPieces }) },
  };
  const done = (r: Omit<ConstantsResult, 'elapsedMs'>): ConstantsResult => ({ ...r, notes: [...notes, ...r.notes], elapsedMs: Date.now() - started });
  if (req.condition !== 'alpha-beta') {
    if (req.tie) throw new ConstantsUsageError(`--fix ties beta to alpha; it does not apply to --condition ${req.condition}`);
    if (req.objective)
      throw new ConstantsUsageError(
        `--objective applies to alpha-beta only (${req.condition} asks for the largest ${req.condition === 'pl' ? 'mu' : 'theta'})`,
      );
    const s = await bracketScalar(p, model, boxes, req.condition, ray, partialS);
    const main = s.rays.find((r) => r.certified && s.certified && r.certified.t.equals(s.certified.t)) ?? s.rays[0];
    const fields = main
      ? rayFields(main)
      : { brackets: { outer: null, inner: null, passes: [] }, confirmation: { certified: null, refuted: null, method: '' }, boxes: 0, witness: null };
    return done({
      condition: req.condition,
      parameter: req.condition === 'pl' ? 'mu' : 'theta',
      objective: 'max',
      certified: s.certified ? toDouble(s.certified.t) : null,
      refuted: s.refuted ? toDouble(s.refuted.t) : null,
      region: { certified: [], refuted: [] },
      problem: p.name,
      tie: null,
      ...fields,
      witness: s.refuted?.witness ?? null,
      confirmation: {
        certified: s.certified?.trivial ? 'trivial' : (s.certified?.check ?? null),
        refuted: s.refuted?.check ?? null,
        method: s.zero ? 'the best constant is 0; the refuted ε is confirmed by check()' : fields.confirmation.method,
      },
      ...(s.zero && { best: { value: 0, proof: s.zero } }),
      boxes: s.rays.reduce((n, r) => n + rayFields(r).boxes, 0) + (s.zero?.kind === 'universal' ? (s.refuted?.check?.boxes ?? 0) : 0),
      notes: s.notes,
    });
  }
  const objective = req.objective ?? (req.tie ? 'min-alpha' : 'region');
  if (objective === 'min-alpha') {
    if (!req.tie) throw new ConstantsUsageError('--objective min-alpha needs a tie, e.g. --fix "beta = alpha - 1"');
    return done(await minAlpha(p, m.model, boxes, req.tie, ray));
  }
  if (req.tie) throw new ConstantsUsageError(`--objective ${objective} takes no --fix (the tie fixes the line; use min-alpha)`);
  const alphaMax = req.alphaMax ?? 10;
  if (!(alphaMax > 0)) throw new ConstantsUsageError(`--alpha-max must be > 0, got ${alphaMax}`);
  if (objective === 'max-gap') return done(await maxGap(p, m.model, boxes, alphaMax, ray));
  if (objective === 'min-ratio') return done(await minRatio(p, m.model, boxes, alphaMax, ray, o.samples));
  return done(await region(p, m.model, boxes, alphaMax, ray, o.samples));
}

/** The result when the budget was spent before anything started (a late phase of a report): no bracket. */
function outOfTime(p: Problem, req: ConstantsRequest, started: number, note = 'time limit reached before the search started'): ConstantsResult {
  const scalar = req.condition !== 'alpha-beta';
  const objective = scalar ? 'max' : (req.objective ?? (req.tie ? 'min-alpha' : 'region'));
  return {
    condition: req.condition,
    parameter: req.condition === 'pl' ? 'mu' : scalar ? 'theta' : objective === 'min-ratio' ? 'ratio' : objective === 'max-gap' ? 'gap' : 'alpha',
    objective: objective === 'min-alpha' ? 'min' : (objective as ConstantsResult['objective']),
    certified: null,
    refuted: null,
    region: { certified: [], refuted: [] },
    problem: p.name,
    tie: req.tie?.text ?? null,
    witness: null,
    brackets: { outer: null, inner: null, passes: [] },
    confirmation: { certified: null, refuted: null, method: '' },
    boxes: 0,
    elapsedMs: Date.now() - started,
    notes: [note],
  };
}
