import type { ProjectionModel } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import type { Box } from '../engine/constantsKit.js';
import type { Problem } from '../problem/index.js';
import { confirmFirst, verifyAt } from './confirm.js';
import { shortDecimal, toDouble } from './decimal.js';
import { exactlyEmptyWithin, exactPlane } from './exactPlane.js';
import { LpStats, minRatioLp, seedPlane } from './lpPlane.js';
import { claimAt, type Parametrization } from './param.js';
import { PlaneOuter } from './plane.js';
import { windowPolygon } from './polygon.js';
import { bracketRay, type RayOptions, type RayResult } from './ray.js';
import { pairOf, rayFields } from './report.js';
import type { ConstantsResult } from './types.js';

type Boxes = { outer: Box; inner: Box };

/**
 * The largest α − β with α ≤ alphaMax. Valid pairs stay valid along (1, 1) (DOMAIN §2), so
 * the optimum is on α = alphaMax: the smallest valid β there, one ray t = β.
 */
export async function maxGap(
  p: Problem,
  model: ProjectionModel,
  boxes: Boxes,
  alphaMax: number,
  opts: RayOptions,
): Promise<Omit<ConstantsResult, 'elapsedMs'>> {
  const am = Rational.fromShortestDecimal(alphaMax);
  const param: Parametrization = { kind: 'line', base: [am, Rational.ZERO], dir: [Rational.ZERO, Rational.ONE] };
  const ray = await bracketRay({ problem: p, model, boxes, param, objective: 'min' }, opts);
  const gap = (t: Rational) => toDouble(am.sub(t));
  return {
    condition: 'alpha-beta',
    parameter: 'gap',
    objective: 'max-gap',
    certified: ray.certified ? gap(ray.certified.t) : null,
    refuted: ray.refuted ? gap(ray.refuted.t) : null,
    region: { certified: ray.certified ? [[alphaMax, toDouble(ray.certified.t)]] : [], refuted: [] },
    problem: p.name,
    tie: null,
    certifiedPair: ray.certified ? pairOf(param, ray.certified.t) : null,
    refutedPair: ray.refuted ? pairOf(param, ray.refuted.t) : null,
    ...rayFields(ray),
    notes: [...ray.notes, `α − β is largest at α = alphaMax = ${alphaMax} (pairs stay valid along (1, 1)); set the window with --alpha-max`],
  };
}

/**
 * The smallest β/(α − β) with α ≤ alphaMax. Outer: Charnes–Cooper LP (HiGHS) over verified
 * point half-planes, with cutting planes at each LP optimum; the refuted ratio is then proved
 * exactly (rational arithmetic: the wedge of smaller ratios misses the outer polygon).
 * Inner: rays along ties β = κ·α with decimal κ just above the outer optimum, each bracketed
 * toward its LARGEST certified α ≤ alphaMax: among the pairs of one ratio the largest α − β,
 * whose convergence bounds are smallest (the smallest α gave (1/400, 0) for x²/2, whose bound
 * after 100 SGD steps is 12800 against 0.02 at (2, 0); docs/theory.md).
 */
export async function minRatio(
  p: Problem,
  model: ProjectionModel,
  boxes: Boxes,
  alphaMax: number,
  opts: RayOptions,
  samples: number,
): Promise<Omit<ConstantsResult, 'elapsedMs'>> {
  const stats = new LpStats();
  const plane = new PlaneOuter(p, model, boxes, opts.seed, samples);
  const window = windowPolygon(alphaMax);
  seedPlane(plane, alphaMax, window, opts.deadline);
  let opt = await minRatioLp(plane.planes, alphaMax, stats);
  for (let r = 0; r < 12 && opt && plane.cut(opt.pair[0], opt.pair[1], 4) > 0; r++) opt = await minRatioLp(plane.planes, alphaMax, stats);
  const notes: string[] = [];
  const base = { condition: 'alpha-beta' as const, parameter: 'ratio' as const, objective: 'min-ratio' as const, problem: p.name, tie: null, lp: stats.out() };
  if (!opt) {
    return {
      ...base,
      certified: null,
      refuted: null,
      region: { certified: [], refuted: plane.polygon(window).map((q) => [...q] as [number, number]) },
      witness: null,
      brackets: { outer: null, inner: null, passes: [] },
      confirmation: { certified: null, refuted: null, method: 'no pair of the window survives the verified points' },
      boxes: 0,
      notes: ['every pair with α ≤ alphaMax is outside the outer polygon (refuted by verified points)'],
    };
  }
  const kOut = opt.ratio / (1 + opt.ratio);
  // Refuted: every pair with β ≤ κ_r·α misses the outer polygon, decided exactly.
  let refuted: {
    ratio: number;
    pair: ReturnType<typeof pairOf>;
    check: NonNullable<ConstantsResult['confirmation']['refuted']>;
    witness: NonNullable<ConstantsResult['witness']>;
  } | null = null;
  if (kOut > 0) {
    const kr = shortDecimal(kOut * (1 - opts.relGap / 10), 'down', (kOut * opts.relGap) / 20);
    const near = [...plane.planes].sort((h, g) => slack(h, opt!.pair) - slack(g, opt!.pair)).slice(0, 8);
    const wedge = [exactPlane(0, -1, 0), { a: kr.neg(), b: Rational.ONE, c: Rational.ZERO }, exactPlane(-1, 0, 0)];
    if (
      kr.sign() > 0 &&
      exactlyEmptyWithin(
        [...wedge, ...near.slice(0, 2).map((h) => exactPlane(h.a, -h.b, h.c))],
        plane.planes.map((h) => exactPlane(h.a, -h.b, h.c)),
      )
    ) {
      const alpha = shortDecimal(opt.pair[0], 'up', opt.pair[0] * 1e-3);
      const param: Parametrization = { kind: 'line', base: [Rational.ZERO, Rational.ZERO], dir: [Rational.ONE, kr] };
      for (const h of near) {
        const w = verifyAt(p, model, claimAt(param, alpha), h.x, boxes);
        if (!w) continue;
        const ok = opts.confirm ? await confirmFirst(p, [{ t: alpha, claim: claimAt(param, alpha) }], 'refuted', opts.confirm) : null;
        if (opts.confirm && !ok) break;
        refuted = {
          ratio: kr.div(Rational.ONE.sub(kr)).toNumber(),
          pair: pairOf(param, alpha),
          check: ok?.check ?? { verdict: 'refuted', boxes: 0, elapsedMs: 0 },
          witness: w,
        };
        break;
      }
      if (refuted)
        notes.push(
          `every pair with β/(α − β) ≤ ${refuted.ratio} is refuted: the wedge β ≤ ${toDouble(kr)}·α misses the outer polygon (decided in exact rational arithmetic)`,
        );
    }
  }
  // Certified: the smallest κ (decimal, near the outer optimum) whose tie ray certifies some α.
  let best: { kappa: Rational; ray: RayResult } | null = null;
  // Margins in the ratio r = κ/(1 − κ) (κ near 1 moves r fast), coarse to fine, as decimal κ.
  const rOut = opt.ratio;
  const kappas =
    kOut === 0
      ? [Rational.ZERO]
      : [0.25, 0.1, opts.relGap * 2, opts.relGap / 2].map((m) => {
          const r = rOut * (1 + m);
          const k = r / (1 + r);
          return shortDecimal(k, 'up', (k - kOut) / 10);
        });
  for (const kappa of kappas) {
    if (kappa.cmp(Rational.ONE) >= 0) continue;
    const param: Parametrization = {
      kind: 'line',
      base: [Rational.ZERO, Rational.ZERO],
      dir: [Rational.ONE, kappa],
      alphaMax: Rational.fromShortestDecimal(alphaMax),
    };
    const ray = await bracketRay({ problem: p, model, boxes, param, objective: 'max', certifiedOnly: true }, opts);
    if (!ray.certified) break;
    best = { kappa, ray };
  }
  const ratioOf = (k: Rational) => k.div(Rational.ONE.sub(k)).toNumber();
  const bestParam: Parametrization | null = best ? { kind: 'line', base: [Rational.ZERO, Rational.ZERO], dir: [Rational.ONE, best.kappa] } : null;
  const fields = best
    ? rayFields(best.ray)
    : { brackets: { outer: null, inner: null, passes: [] }, confirmation: { certified: null, refuted: null, method: '' }, boxes: 0, witness: null };
  return {
    ...base,
    certified: best ? ratioOf(best.kappa) : null,
    refuted: refuted?.ratio ?? null,
    region: {
      certified: best && bestParam ? [[...Object.values(pairOf(bestParam, best.ray.certified!.t)!)] as [number, number]] : [],
      refuted: plane.polygon(window).map((q) => [...q] as [number, number]),
    },
    certifiedPair: best && bestParam ? pairOf(bestParam, best.ray.certified!.t) : null,
    refutedPair: refuted?.pair ?? null,
    ...fields,
    brackets: { ...fields.brackets, outer: [opt.ratio, Infinity] },
    witness: refuted?.witness ?? null,
    confirmation: {
      certified: fields.confirmation.certified,
      refuted: refuted?.check ?? null,
      method: 'certified: a tie ray β = κα certified by the leaves and by check(); refuted: exact emptiness of the wedge, and check() on one pair of it',
    },
    notes: [...notes, ...(best ? best.ray.notes : ['no tie near the outer optimum could be certified'])],
  };
}

const slack = (h: { a: number; b: number; c: number }, [x, y]: readonly [number, number]) => h.c - (x * h.a - y * h.b);
