import { Rational } from '../exact/rational.js';
import { parseConstant } from '../expr/index.js';
import { Interval } from '../interval/index.js';

/**
 * The paper's convergence theorems under the α-β-condition (DOMAIN.md §4) as calculators.
 * Every f_i is L-smooth, σ²_int = (1/n) Σ (f* − f_i*) is finite, D0 = dist(x⁰, S)².
 *
 * All arithmetic is outward-rounded interval arithmetic on exact inputs: a printed step-size
 * limit is the LOWER end of its enclosure (any γ up to it is admitted), a printed bound the UPPER
 * end (the true bound is at most that), and a condition such as γ ≤ (α−β)/(2L) counts as met only
 * when it holds for the whole enclosure. NaN or an unbounded enclosure never admits anything.
 */
/** The inputs of a theorem, by the name of their `theory` flag. */
export type TheoryInputName = 'alpha' | 'beta' | 'L' | 'sigma2' | 'gamma' | 'gamma-b' | 'c' | 'sigma2-pos' | 'D' | 'K' | 'D0';
export type Optimizer = 'sgd' | 'sgd-decreasing' | 'sps-max' | 'decsps' | 'ngn';
export const OPTIMIZERS: readonly Optimizer[] = ['sgd', 'sgd-decreasing', 'sps-max', 'decsps', 'ngn'];

/** The parameter flags of each optimizer's theorem (`theory`; `simulate` takes the step sizes among them): any other is a usage error. */
export const OPTIMIZER_FLAGS: Readonly<Record<Optimizer, readonly TheoryInputName[]>> = {
  sgd: ['gamma'],
  'sgd-decreasing': ['gamma'],
  'sps-max': ['gamma-b', 'c'],
  decsps: ['gamma-b', 'D'],
  ngn: ['gamma', 'sigma2-pos'],
};

/** The usage error for `flag` given to `optimizer`, or null when it applies (flags as TheoryInputName; `allowed` limits them, e.g. to simulate's). */
export function inapplicableFlag(optimizer: Optimizer, given: readonly TheoryInputName[], allowed?: readonly TheoryInputName[]): string | null {
  const own = OPTIMIZER_FLAGS[optimizer].filter((f) => !allowed || allowed.includes(f));
  const bad = given.find((f) => !own.includes(f));
  return bad === undefined ? null : `--${bad} does not apply to --optimizer ${optimizer} (its parameter flags: ${own.map((f) => `--${f}`).join(', ')})`;
}

export interface TheoryInput {
  readonly optimizer: Optimizer;
  readonly alpha: Interval;
  readonly beta: Interval;
  /**
   * α and β as exact rationals, when they are (the CLI's flags, a certified pair): the hypotheses
   * on α and β alone (β ≥ 0, α > β, α − β ≥ 1) are then decided exactly. On the enclosures alone
   * a boundary case such as α = β + 1 (the default tie of DecSPS and NGN) is never proved, since
   * the enclosure of α − β straddles 1 whenever the subtraction rounds.
   */
  readonly exact?: { readonly alpha: Rational; readonly beta: Rational };
  readonly L: Interval;
  readonly sigma2: Interval;
  /** SGD: γ; SGD-decreasing: γ0; NGN: γ. Default: the largest admitted (SGD), or required. */
  readonly gamma?: Interval;
  /** SPS_max and DecSPS: the step-size cap γ_b. */
  readonly gammaB?: Interval;
  /** SPS_max: the constant c of the step size. */
  readonly c?: Interval;
  /** NGN: σ²_pos = E[f_i*]. */
  readonly sigma2Pos?: Interval;
  /** DecSPS: the diameter bound D of the iterates. */
  readonly D?: Interval;
  /** Iterations K and D0 = dist(x⁰, S)²: with both, the bound after K steps is evaluated. */
  readonly K?: number;
  readonly D0?: Interval;
}

export interface TheoryResult {
  readonly optimizer: Optimizer;
  /** The largest step size (γ, γ0 or γ_b) the theorem admits; null when it admits any (then `maxStepSizeUnbounded`). */
  readonly maxStepSize: number | null;
  readonly maxStepSizeUnbounded: boolean;
  /** Which step size `maxStepSize` and `stepSize` speak of. */
  readonly stepName: 'gamma' | 'gamma0' | 'gamma_b';
  /** The step size used for the bound (given, or the largest admitted). */
  readonly stepSize: number | null;
  /** True when every hypothesis holds for the whole enclosure of the inputs. */
  readonly admissible: boolean;
  /**
   * The hypotheses that fail ("needs …") or cannot be decided on the enclosures ("could not
   * decide …"); a free parameter not given yet is a note, not a reason.
   */
  readonly reasons: readonly string[];
  /**
   * Per reason, the inputs it depends on (flag names: alpha, beta, L, sigma2, gamma, gamma-b, c,
   * sigma2-pos, D, K, D0): `simulate` tells a reason caused by the user's flags (exit 64) from one
   * caused by the problem's data (exit 65).
   */
  readonly reasonsOn: readonly (readonly TheoryInputName[])[];
  /** The bound after K steps (upper end), with its terms; null without K and D0 or when not admissible. */
  readonly bound: { readonly value: number; readonly terms: readonly { readonly name: string; readonly value: number }[] } | null;
  /**
   * What does not vanish as K → ∞ (upper end): 2Lγσ²_int/(α−β) + 2βσ²_int/(α−β) for constant-step
   * SGD, 2βσ²_int/(α−β) for decreasing steps and DecSPS, 2αc1γ_bσ²_int for SPS_max, the three
   * σ² terms for NGN. Null when the hypotheses fail (a floor of a theorem that does not apply
   * means nothing, and can be negative) or a parameter it needs is not given.
   */
  readonly floor: number | null;
  /** The statement, as printed in DOMAIN.md §4. */
  readonly statement: string;
  readonly notes: readonly string[];
}

const I = (x: number) => Interval.point(x);
const finite = (v: Interval) => !v.isEmpty() && Number.isFinite(v.lo) && Number.isFinite(v.hi);
/** a ≤ b for every value in the enclosures. */
const le = (a: Interval, b: Interval) => finite(a) && finite(b) && a.hi <= b.lo;
const lt = (a: Interval, b: Interval) => finite(a) && finite(b) && a.hi < b.lo;
/** A hypothesis decided on enclosures: it holds for every value, fails for every value, or neither. */
type Decided = 'holds' | 'fails' | 'undecided';
/** a ≤ b (`strict`: a < b) for the enclosures. */
const decide = (a: Interval, b: Interval, strict = false): Decided =>
  (strict ? lt(a, b) : le(a, b)) ? 'holds' : finite(a) && finite(b) && (strict ? a.lo >= b.hi : a.lo > b.hi) ? 'fails' : 'undecided';
const fromBool = (ok: boolean): Decided => (ok ? 'holds' : 'fails');
/** Both hypotheses. */
const both = (a: Decided, b: Decided): Decided => (a === 'fails' || b === 'fails' ? 'fails' : a === 'holds' && b === 'holds' ? 'holds' : 'undecided');

/**
 * `{ exact: {α, β} }` for TheoryInput when both texts are rational numbers (then the hypotheses on
 * α and β alone are decided exactly), else `{}`. The texts have been parsed already by the caller.
 */
export function exactPair(alpha: string, beta: string): Pick<TheoryInput, 'exact'> {
  const a = parseConstant(alpha);
  const b = parseConstant(beta);
  return a.kind === 'num' && b.kind === 'num' ? { exact: { alpha: a.value, beta: b.value } } : {};
}

/**
 * The largest admitted step size as the default one: the lower end of the limit's enclosure,
 * when that is a positive double; else none (with α and β about 10²⁰ and 1 apart, (α−β)/(2L)
 * rounds to an enclosure whose lower end is not positive: no step is admitted by default).
 */
function defaultStep(maxStep: Interval): Interval | undefined {
  // The lower end alone: an enclosure whose upper end overflowed ((α−β)/(2L) = 1e308/2e-308) still
  // admits its lower end, MAX_VALUE (test/cli/findings.test.ts).
  return !maxStep.isEmpty() && Number.isFinite(maxStep.lo) && maxStep.lo > 0 ? I(maxStep.lo) : undefined;
}

/** Evaluates the theorem for `optimizer` (see {@link TheoryResult}). */
export function theory(inp: TheoryInput): TheoryResult {
  const { alpha, beta, L, sigma2 } = inp;
  const reasons: string[] = [];
  const reasonsOn: TheoryInputName[][] = [];
  const notes: string[] = [];
  const fail = (why: string, on: TheoryInputName[]) => {
    reasons.push(why);
    reasonsOn.push(on);
  };
  /** A hypothesis `what` ("α > β"): "needs what" when it fails, "could not decide what …" when the enclosures straddle it. */
  const need = (d: Decided, what: string, on: TheoryInputName[]) => {
    if (d === 'fails') fail(`needs ${what}`, on);
    else if (d === 'undecided') fail(`could not decide ${what} on the enclosures of the inputs (its two sides overlap, or are not finite)`, on);
  };
  // A free parameter the user has not chosen yet is not a failed hypothesis: say what the bound needs.
  const missing = (what: string) => notes.push(`give ${what} to evaluate the bound`);
  const ab = inp.exact;
  need(ab ? fromBool(ab.beta.sign() >= 0) : decide(I(0), beta), 'β ≥ 0', ['beta']);
  need(ab ? fromBool(ab.beta.cmp(ab.alpha) < 0) : decide(beta, alpha, true), 'α > β', ['alpha', 'beta']);
  /** α − β ≥ 1: exactly when α and β are known exactly, else for the whole enclosure. */
  const gapAtLeastOne = (): Decided => (ab ? fromBool(ab.alpha.sub(ab.beta).cmp(Rational.ONE) >= 0) : decide(I(1), alpha.sub(beta)));
  need(decide(I(0), L, true), 'L > 0', ['L']);
  need(decide(I(0), sigma2), 'σ²_int ≥ 0', ['sigma2']);
  const gap = alpha.sub(beta); // α − β
  const floor2 = I(2).mul(beta).mul(sigma2).div(gap); // 2βσ²/(α−β)
  const K = inp.K;
  const haveK = K !== undefined && inp.D0 !== undefined;
  // Half of what the bound needs is no bound, and said so (it was silent).
  if (K !== undefined && inp.D0 === undefined) notes.push('give D0 = dist(x0, S)² (--D0) with K to evaluate the bound after K steps');
  if (K === undefined && inp.D0 !== undefined) notes.push('give K (--K) with D0 to evaluate the bound after K steps');
  if (K !== undefined && !(Number.isInteger(K) && K >= 1)) fail('K must be an integer ≥ 1', ['K']);
  const Ki = K !== undefined ? I(K) : undefined;
  const terms: { name: string; value: Interval }[] = [];
  let step: Interval | undefined;
  let maxStep: Interval | null = null;
  let stepName: TheoryResult['stepName'] = 'gamma';
  let statement = '';
  let floor: Interval | null = null;

  switch (inp.optimizer) {
    case 'sgd': {
      statement = 'SGD, constant γ ≤ (α−β)/(2L): min_k E[f(x^k) − f*] ≤ D0/(Kγ(α−β)) + 2Lγσ²_int/(α−β) + 2βσ²_int/(α−β)';
      maxStep = gap.div(I(2).mul(L));
      step = inp.gamma ?? defaultStep(maxStep);
      if (inp.gamma)
        need(both(decide(inp.gamma, maxStep), decide(I(0), inp.gamma, true)), `0 < γ ≤ (α−β)/(2L) = ${maxStep.lo}`, ['gamma', 'alpha', 'beta', 'L']);
      else if (step === undefined)
        fail(`no step size is admitted: (α−β)/(2L) is not proved positive (its enclosure [${maxStep.lo}, ${maxStep.hi}])`, ['alpha', 'beta', 'L']);
      if (haveK && step && Ki) {
        terms.push({ name: 'D0/(Kγ(α−β))', value: inp.D0!.div(Ki.mul(step).mul(gap)) });
        terms.push({ name: '2Lγσ²/(α−β)', value: I(2).mul(L).mul(step).mul(sigma2).div(gap) });
        terms.push({ name: '2βσ²/(α−β)', value: floor2 });
      }
      // With a constant step only D0/(Kγ(α−β)) vanishes: the noise term 2Lγσ²_int/(α−β) stays.
      if (step) floor = I(2).mul(L).mul(step).mul(sigma2).div(gap).add(floor2);
      break;
    }
    case 'sgd-decreasing': {
      stepName = 'gamma0';
      statement = 'SGD, γ_k = γ0/√(k+1), γ0 ≤ (α−β)/(2L): min_k E[f(x^k) − f*] ≤ 5D0/(4(α−β)γ0√K) + 5γ0Lσ²_int log(K+1)/((α−β)√K) + 2βσ²_int/(α−β)';
      maxStep = gap.div(I(2).mul(L));
      step = inp.gamma ?? defaultStep(maxStep);
      if (inp.gamma)
        need(both(decide(inp.gamma, maxStep), decide(I(0), inp.gamma, true)), `0 < γ0 ≤ (α−β)/(2L) = ${maxStep.lo}`, ['gamma', 'alpha', 'beta', 'L']);
      else if (step === undefined)
        fail(`no step size is admitted: (α−β)/(2L) is not proved positive (its enclosure [${maxStep.lo}, ${maxStep.hi}])`, ['alpha', 'beta', 'L']);
      if (haveK && step && Ki) {
        const sK = Ki.sqrt();
        terms.push({ name: '5D0/(4(α−β)γ0√K)', value: I(5).mul(inp.D0!).div(I(4).mul(gap).mul(step).mul(sK)) });
        terms.push({
          name: '5γ0Lσ² log(K+1)/((α−β)√K)',
          value: I(5)
            .mul(step)
            .mul(L)
            .mul(sigma2)
            .mul(Ki.add(I(1)).log())
            .div(gap.mul(sK)),
        });
        terms.push({ name: '2βσ²/(α−β)', value: floor2 });
      }
      floor = floor2;
      break;
    }
    case 'sps-max': {
      stepName = 'gamma_b';
      statement =
        'SPS_max, γ_k = min{(f_ik − f_ik*)/(c‖∇f_ik‖²), γ_b}, c > 1/(2(α−β)): min_k E[f(x^k) − f*] ≤ (c1/K)·D0 + 2αc1γ_bσ²_int, γ_min = min{1/(2cL), γ_b}, c1 = c/(γ_min(2(α−β)c − 1))';
      const c = inp.c;
      const cMin = I(1).div(I(2).mul(gap));
      if (!c) missing(`c (--c) with c > 1/(2(α−β)) = ${cMin.hi}`);
      else need(decide(cMin, c, true), `c > 1/(2(α−β)) = ${cMin.hi}`, ['c', 'alpha', 'beta']);
      notes.push('the theorem admits any γ_b > 0 (it enters the bound); step sizes lie in [min{1/(2cL), γ_b}, γ_b]');
      step = inp.gammaB;
      if (!step) missing('γ_b (--gamma-b)');
      else need(decide(I(0), step, true), 'γ_b > 0', ['gamma-b']);
      // Only for an admitted c and γ_b: the lemma and c1 need c > 1/(2(α−β)) and γ_b > 0.
      if (c && step && reasons.length === 0) {
        const gmin = I(1).div(I(2).mul(c).mul(L)).min(step);
        const c1 = c.div(gmin.mul(I(2).mul(gap).mul(c).sub(I(1))));
        if (haveK && Ki) terms.push({ name: '(c1/K)·D0', value: c1.div(Ki).mul(inp.D0!) });
        floor = I(2).mul(alpha).mul(c1).mul(step).mul(sigma2);
        if (haveK) terms.push({ name: '2αc1γ_bσ²', value: floor });
        notes.push(`step sizes γ_k ∈ [${gmin.lo}, ${step.hi}] (lemma)`);
      }
      break;
    }
    case 'decsps': {
      stepName = 'gamma_b';
      statement =
        'DecSPS, c_k = √(k+1), c_k ≥ 1/(α−β), bounded iterates (diameter D): min_k E[f(x^k) − f*] ≤ (2L̃D² + 2σ²_int)/(√K(α−β)) + 2βσ²_int/(α−β), L̃ = max{L, 1/(2c0γ_b)}';
      need(gapAtLeastOne(), 'c0 = 1 ≥ 1/(α−β), i.e. α − β ≥ 1', ['alpha', 'beta']);
      notes.push('the theorem admits any γ_b > 0 (it enters L̃); it assumes the iterates stay in a set of diameter D');
      step = inp.gammaB;
      if (!step) missing('γ_b (--gamma-b)');
      else need(decide(I(0), step, true), 'γ_b > 0', ['gamma-b']);
      if (!inp.D) missing('the diameter D of the iterates (--D)');
      if (haveK && step && inp.D && Ki) {
        const Lt = L.max(I(1).div(I(2).mul(step)));
        terms.push({ name: '(2L̃D² + 2σ²)/(√K(α−β))', value: I(2).mul(Lt).mul(inp.D.sqr()).add(I(2).mul(sigma2)).div(Ki.sqrt().mul(gap)) });
        terms.push({ name: '2βσ²/(α−β)', value: floor2 });
      }
      floor = floor2;
      break;
    }
    case 'ngn': {
      statement =
        'NGN, γ_k = γ/(1 + (γ/(2f_ik))‖∇f_ik‖²), α ≥ β + 1, f_i > 0: min_k E[f(x^k) − f*] ≤ D0(1+2γL)²/(2γKc2) + 3Lγα(1+γL)σ²_int/c2 + γL·max{2γL−1, 0}σ²_pos/c2 + βσ²_int/c2, c2 = 2γL(α−β−1) + α − β';
      need(gapAtLeastOne(), 'α ≥ β + 1', ['alpha', 'beta']);
      notes.push('the theorem admits any γ > 0; step sizes lie in [γ/(1+γL), γ] (lemma)');
      notes.push('the last term is βσ²_int/c2 as the appendix derives it (the main text prints 2βσ²_int/c2)');
      step = inp.gamma;
      if (!step) missing('γ (--gamma)');
      else need(decide(I(0), step, true), 'γ > 0', ['gamma']);
      const s2pos = inp.sigma2Pos;
      if (!s2pos) missing('σ²_pos = E[f_i*] (--sigma2-pos)');
      if (step) {
        const gL = step.mul(L);
        const c2 = I(2)
          .mul(gL)
          .mul(gap.sub(I(1)))
          .add(gap);
        floor = I(3).mul(L).mul(step).mul(alpha).mul(I(1).add(gL)).mul(sigma2).div(c2);
        floor = s2pos
          ? floor
              .add(
                gL
                  .mul(I(2).mul(gL).sub(I(1)).max(I(0)))
                  .mul(s2pos)
                  .div(c2),
              )
              .add(beta.mul(sigma2).div(c2))
          : null;
        if (haveK && Ki && s2pos) {
          terms.push({ name: 'D0(1+2γL)²/(2γKc2)', value: inp.D0!.mul(I(1).add(I(2).mul(gL)).sqr()).div(I(2).mul(step).mul(Ki).mul(c2)) });
          terms.push({ name: '3Lγα(1+γL)σ²/c2', value: I(3).mul(L).mul(step).mul(alpha).mul(I(1).add(gL)).mul(sigma2).div(c2) });
          terms.push({
            name: 'γL·max{2γL−1,0}σ²_pos/c2',
            value: gL
              .mul(I(2).mul(gL).sub(I(1)).max(I(0)))
              .mul(s2pos)
              .div(c2),
          });
          terms.push({ name: 'βσ²/c2', value: beta.mul(sigma2).div(c2) });
        }
      }
      break;
    }
  }
  const admissible = reasons.length === 0;
  let bound: TheoryResult['bound'] = null;
  if (admissible && haveK && terms.length) {
    const total = terms.reduce((s, t) => s.add(t.value), I(0));
    if (finite(total)) bound = { value: total.hi, terms: terms.map((t) => ({ name: t.name, value: t.value.hi })) };
    else fail('the bound is not finite for these inputs', ['gamma', 'gamma-b', 'c', 'D0', 'D', 'L', 'sigma2', 'sigma2-pos']);
  }
  return {
    optimizer: inp.optimizer,
    // The lower end: a step size the theorem certainly admits. Its upper end may overflow (α − β
    // huge over L tiny: it then said "none" while admitting every step up to the lower end).
    maxStepSize: maxStep && Number.isFinite(maxStep.lo) && maxStep.lo > 0 ? maxStep.lo : null,
    maxStepSizeUnbounded: maxStep === null,
    stepName,
    stepSize: step && finite(step) ? (inp.gamma || inp.gammaB ? step.mid() : step.lo) : null,
    admissible: reasons.length === 0,
    reasons,
    reasonsOn,
    bound,
    // Only where the theorem applies: with a hypothesis failing the "floor" is no statement (and
    // can be negative: c < 1/(2(α−β)) gives c1 < 0).
    floor: reasons.length === 0 && floor && finite(floor) && floor.lo >= 0 ? floor.hi : null,
    statement,
    notes,
  };
}
