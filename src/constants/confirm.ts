import { buildResiduals, objective, type Claim, type ProjectionModel } from '../conditions/index.js';
import type { Rational } from '../exact/rational.js';
import { check, type CheckResult, type Counterexample } from '../engine/index.js';
import { Prepared, verifyWitness, type Box } from '../engine/constantsKit.js';
import { TimeLimitReached } from '../errors.js';
import type { Problem } from '../problem/index.js';
import type { XStar } from './family.js';

/** What `check()` said about a constant: the confirmation printed next to it. */
export interface CheckSummary {
  readonly verdict: CheckResult['verdict'];
  /** The exact constants `check()` was run on ("5917/10000"): the printed value is exactly this. */
  readonly claim?: Readonly<Record<string, string>>;
  readonly boxes: number;
  readonly elapsedMs: number;
  readonly counterexample?: Counterexample;
  readonly reason?: string;
}

export interface ConfirmBudget {
  readonly maxBoxes: number;
  readonly timeLimitMs: number;
  readonly seed: number;
  /** `--jobs n`: each confirming check is decided in pieces on n threads (see PieceCheck). */
  readonly inPieces?: PieceCheck;
}

/**
 * Decides a claim as `check --jobs n` does (the CLI's runner, src/cli/jobs.ts: the domain cut
 * into pieces decided on worker threads, joined as merge-certs joins shards), with the budget of
 * one check() and without Z3, as check() here; null when the claim runs as one job there (a
 * computed S, linear forms, a box too narrow to cut), and check() then decides it here.
 */
export type PieceCheck = (
  p: Problem,
  claim: Claim,
  budget: { readonly maxBoxes: number; readonly timeLimitMs: number; readonly seed: number },
) => Promise<CheckResult | null>;

export const summary = (r: CheckResult): CheckSummary => ({
  verdict: r.verdict,
  boxes: r.boxes,
  elapsedMs: r.elapsedMs,
  ...(r.counterexample && { counterexample: r.counterexample }),
  ...(r.reason && { reason: r.reason }),
});

/**
 * Runs `check()` on the candidates in order and returns the first that gets `want`.
 * This is the final word on every printed constant: a value is printed as certified
 * (refuted) only when `check()`, the same function behind `lscert check`, certifies
 * (refutes) exactly that rational value. With `budget.inPieces` (`constants --jobs n`) the
 * check is `check --jobs n`'s: certified only when every piece of the domain is proved,
 * refuted only with a counterexample confirmed on the whole problem.
 */
export async function confirmFirst(
  p: Problem,
  claims: readonly { t: Rational; claim: Claim }[],
  want: 'certified' | 'refuted',
  budget: ConfirmBudget,
): Promise<{ t: Rational; check: CheckSummary; tried: number } | null> {
  let tried = 0;
  // Only the verdict is read: no proof tree (SearchOptions.keepTree).
  const opts = { maxBoxes: budget.maxBoxes, timeLimitMs: budget.timeLimitMs, seed: budget.seed, keepTree: false };
  for (const { t, claim } of claims) {
    tried++;
    const r = (budget.inPieces && (await budget.inPieces(p, claim, opts))) ?? check(p, claim, opts);
    if (r.verdict === want) return { t, check: { ...summary(r), claim: exactConstants(claim) }, tried };
  }
  return null;
}

/**
 * Verifies that x refutes the claim, with the engine's own witness check (x inside the exact
 * domain, smooth there, and for every point of S that may be nearest to x some residual has
 * an upper bound < 0).
 */
export function verifyAt(
  p: Problem,
  model: ProjectionModel,
  claim: Claim,
  x: readonly number[],
  boxes: { outer: Box; inner: Box },
  xstar?: XStar,
): Counterexample | null {
  let sys: ReturnType<typeof buildResiduals>;
  try {
    sys = buildResiduals(p, claim, model, xstar ? { xstar: xstar.exprs, ...(xstar.index !== undefined && { xstarIndex: xstar.index }) } : {});
  } catch (e) {
    // Out of time (the command's limit) before the residuals were built: not verified.
    if (e instanceof TimeLimitReached) return null;
    throw e;
  }
  const local = claim.condition !== 'alpha-beta' && model.kind === 'points' && !model.implicit ? { f: objective(p), points: model.points } : null;
  return verifyWitness(new Prepared(sys, boxes.outer, boxes.inner, local), x);
}

/** The constants of a claim as exact rational strings. */
export function exactConstants(c: Claim): Record<string, string> {
  if (c.condition === 'alpha-beta') return { alpha: c.alpha.toString(), beta: c.beta.toString() };
  return c.condition === 'pl' ? { mu: c.mu.toString() } : { theta: c.theta.toString() };
}
