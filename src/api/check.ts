import { certificateFor, NoCertificate } from '../cert/certificate.js';
import type { Certificate } from '../cert/format.js';
import { check as checkSync, checkWithZ3, claimLinearForms, DEFAULT_SEARCH, type CheckOptions as EngineOptions, type CheckResult } from '../engine/index.js';
import { DEFAULT_NUMERIC, DEFAULT_NUMERIC_THRESHOLD, numericCheck, type NumericCheckResult, type NumericOptions } from '../numeric/index.js';
import type { Claim } from '../conditions/index.js';
import type { Problem } from '../problem/index.js';
import { claimOf, type ClaimSpec } from './claim.js';
import { loadProblem, type ProblemInput } from './problem.js';

export interface CheckOptions {
  /** Branch-and-bound budget in boxes (default 200 000). */
  readonly maxBoxes?: number;
  /** Time budget in ms (default 120 000). */
  readonly timeLimitMs?: number;
  /** Seed of the sampling (default 1). */
  readonly seed?: number;
  /** Hand the regions intervals leave to Z3 (default true, as the CLI does). */
  readonly z3?: boolean;
  /**
   * Decide over y = W x when every term and S depend on x only through k < d linear forms (default
   * true; docs/engine.md, "Linear forms"). Such a claim with more variables than `numericThreshold`
   * but at most that many forms is decided by the interval engine, not the numeric fallback.
   */
  readonly linearForms?: boolean;
  /** Prove boxes from convexity of f or of the terms (default true; `--no-convexity`, docs/engine.md step 3). */
  readonly convexity?: boolean;
  /** Attach the certificate (`lscert check --cert`) when certified. */
  readonly certificate?: boolean;
  /** Use the numeric fallback whatever the dimension (`--numeric`); it never certifies. */
  readonly numeric?: boolean;
  /** Dimension above which the numeric fallback replaces the interval engine (default 12, as `--numeric-threshold`). */
  readonly numericThreshold?: number;
  /** Settings of the numeric fallback (samples, SGD and adversarial steps, backend). */
  readonly numericOptions?: Partial<Omit<NumericOptions, 'seed' | 'timeLimitMs' | 'threshold' | 'forced'>>;
}

/** Omit applied to each member of a union (so that the verdict still discriminates). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The result of `check`: the JSON object of `lscert check --json` (docs/cli.md#check), with the
 * certificate when asked for (null when the verdict is not certified).
 */
export type CheckReport = OmitEach<CheckResult, 'tree' | 'system'> & { readonly certificate?: Certificate | null };

/**
 * Decides a claim on the problem's domain, exactly as `lscert check` does: 'certified'
 * (proved at every point), 'refuted' (a counterexample verified with interval arithmetic)
 * or 'inconclusive' (budget spent).
 */
export async function check(problem: ProblemInput, claim: ClaimSpec, options: CheckOptions = {}): Promise<CheckReport> {
  return checkClaim(loadProblem(problem), claimOf(claim), options);
}

/**
 * Why the numeric fallback cannot decide this claim at all, or null. QCvx with S given by
 * equations: certifying is beyond the fallback, and a refutation would need every x* of an
 * infinite S to fail; such claims always go to the interval engine (which tries one proved
 * x* ∈ S), and `--numeric` on them is a usage error.
 */
export function numericUnfit(p: Problem, c: Claim): string | null {
  return c.condition === 'qcvx' && p.minimizers.kind === 'implicit'
    ? 'QCvx with minimizers: implicit is decided by the interval engine only (the numeric fallback cannot certify, and a refutation would need every x* of S to fail)'
    : null;
}

/**
 * The one policy behind `check()`, `lscert check` and `lscert demo`: the interval engine (with
 * the Z3 pass unless `z3: false`) up to `numericThreshold` variables, the numeric fallback above
 * it or when `numeric` is set. The numeric result cannot say certified.
 */
export async function decide(
  p: Problem,
  c: Claim,
  options: CheckOptions & Pick<EngineOptions, 'queueCap' | 'onProgress'> = {},
): Promise<CheckResult | NumericCheckResult> {
  const threshold = options.numericThreshold ?? DEFAULT_NUMERIC_THRESHOLD;
  const seed = options.seed ?? DEFAULT_SEARCH.seed;
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_SEARCH.timeLimitMs;
  const reduce = options.linearForms !== false;
  // Many variables but few linear forms: the interval engine decides it over the forms.
  const fewForms = () => {
    const forms = reduce && options.numeric !== true ? claimLinearForms(p, c, Date.now() + timeLimitMs) : null;
    return forms !== null && forms.length <= threshold;
  };
  if (numericUnfit(p, c) === null && (options.numeric === true || (p.variables.length > threshold && !fewForms()))) {
    const forced = options.numeric === true && p.variables.length <= threshold;
    return numericCheck(p, c, { ...DEFAULT_NUMERIC, backend: 'auto', ...options.numericOptions, seed, timeLimitMs, threshold, forced });
  }
  const opts: EngineOptions = {
    ...(options.maxBoxes !== undefined && { maxBoxes: options.maxBoxes }),
    ...(options.queueCap !== undefined && { queueCap: options.queueCap }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
    timeLimitMs,
    seed,
    reduce,
    convexity: options.convexity !== false,
    // The proof tree is kept only when a certificate is wanted: nothing else reads it, and a long
    // search without it runs in less memory (SearchOptions.keepTree).
    keepTree: options.certificate === true,
  };
  return options.z3 === false ? checkSync(p, c, opts) : checkWithZ3(p, c, opts);
}

/** `check` for a loaded problem and an exact claim. */
export async function checkClaim(p: Problem, c: Claim, options: CheckOptions = {}): Promise<CheckReport> {
  const r = await decide(p, c, options);
  const { tree: _tree, system: _system, ...report } = r;
  if (!options.certificate) return report;
  if (r.verdict !== 'certified') return { ...report, certificate: null };
  try {
    return { ...report, certificate: certificateFor(p, r) };
  } catch (err) {
    // A certified result with no certificate format (QCvx with S given by equations proved with a normal-segment leaf at x*).
    if (err instanceof NoCertificate) return { ...report, certificate: null, notes: [...report.notes, `no certificate: ${err.message}`] };
    throw err;
  }
}
