import { exactConstants } from '../cert/certificate.js';
import { buildResiduals, objective, type Claim, type ProjectionModel } from '../conditions/index.js';
import { fstarEnclosure, implicitXstar, qcvxCandidates, slotsOn } from '../engine/constantsKit.js';
import type { Counterexample } from '../engine/index.js';
import { gradient, interpretInterval, substitute, type Expr } from '../expr/index.js';
import { fromRational, Interval } from '../interval/index.js';
import type { Problem } from '../problem/index.js';
import type { Rational } from '../exact/rational.js';
import { rangeOf } from './facts.js';
import { numDir } from './format.js';
import type { CounterexampleDetail, Quantity } from './types.js';

const I = (r: Rational) => {
  const [lo, hi] = fromRational(r);
  return Interval.of(lo, hi);
};

/** Sum of interval products ⟨u, v⟩. */
const dot = (u: readonly Interval[], v: readonly Interval[]) => u.reduce((s, ui, j) => s.add(ui.mul(v[j]!)), Interval.point(0));

/**
 * The quantities of the condition at a verified counterexample, each enclosed with interval
 * arithmetic at the point x (x is a double vector: a point interval), and a one-line reading:
 * how the constant would have to change for the condition to hold at x. The reading's bound
 * is the end of an interval enclosure, hence rigorous for this x (and for every nearest x_p).
 */
export function describeCounterexample(
  p: Problem,
  model: ProjectionModel,
  claim: Claim,
  w: Counterexample,
  meta: { id: string; from: string; universal: boolean; xstarIndex?: number | null; universalText?: string },
): CounterexampleDetail {
  const d = p.variables.length;
  const xI = w.x.map((v) => Interval.point(v));
  // (S given by equations: the nearest-point slots bound to an enclosure of the nearest points of x.)
  const slots = slotsOn(model, { lo: w.x, hi: w.x });
  const claimText = claimStrings(claim);

  // The candidate nearest points x_p at x, as enclosures: every point of S not provably farther.
  const env = (extra: readonly { lo: number; hi: number }[] = []) => [...xI, ...extra.map((s) => Interval.of(s.lo, s.hi))];
  const xpCases = (): { xp: Interval[]; exprs: readonly Expr[] }[] => {
    if (model.kind === 'map') return [{ exprs: model.map, xp: model.map.map((e) => interpretInterval(e, env(slots))) }];
    const pts = model.points.map((pt) => ({ exprs: pt, xp: pt.map((e) => interpretInterval(e, env(slots))) }));
    const dist = pts.map(({ xp }) => xp.reduce((s, v, j) => s.add(xI[j]!.sub(v).sqr()), Interval.point(0)));
    const best = Math.min(...dist.map((q) => q.hi));
    return pts.filter((_, k) => dist[k]!.lo <= best);
  };

  const cases: CounterexampleDetail['cases'] = [];
  let reading: CounterexampleDetail['reading'];
  const f = objective(p);

  if (claim.condition === 'alpha-beta') {
    const alpha = I(claim.alpha);
    const beta = I(claim.beta);
    const sys = buildResiduals(p, claim, model);
    const fistar = p.terms.map((_, i) => {
      if (p.termMinima) return interpretInterval(p.termMinima[i]!, []);
      // buildResiduals registers S's slots first, then one slot per f_i* in term order.
      const s = sys.slots[slots.length + i];
      return s ? Interval.of(s.lo, s.hi) : Interval.ENTIRE;
    });
    let needBeta = Infinity; // min over x_p of (max over terms of the lower bound of the β needed)
    let maxAlpha = -Infinity; // max over x_p of (min over terms of the upper bound of the α allowed)
    for (const { xp } of xpCases()) {
      let needHere = -Infinity;
      let alphaHere = Infinity;
      p.terms.forEach((t, i) => {
        const fx = interpretInterval(t, env(slots));
        const fxp = interpretInterval(t, [...xp, ...slots.map((s) => Interval.of(s.lo, s.hi))]);
        const g = gradient(t, d).map((e) => interpretInterval(e, env(slots)));
        const diff = xI.map((v, j) => v.sub(xp[j]!));
        const c = dot(g, diff);
        const a = fx.sub(fxp);
        const b = fx.sub(fistar[i]!);
        const R = c.sub(alpha.mul(a)).add(beta.mul(b));
        const q: Quantity[] = [
          { name: 'f_i(x)', latex: `f_{${i + 1}}(x)`, enclosure: rangeOf(fx) },
          { name: 'f_i(x_p)', latex: `f_{${i + 1}}(x_p)`, enclosure: rangeOf(fxp) },
          { name: 'f_i*', latex: `f_{${i + 1}}^*`, enclosure: rangeOf(fistar[i]!) },
          ...g.map((gj, j) => ({ name: `d f_i / d ${p.variables[j]}`, latex: `\\partial_{${p.variables[j]}} f_{${i + 1}}(x)`, enclosure: rangeOf(gj) })),
          { name: '<grad f_i(x), x - x_p>', latex: `\\langle \\nabla f_{${i + 1}}(x), x - x_p\\rangle`, enclosure: rangeOf(c) },
          { name: 'alpha (f_i(x) - f_i(x_p))', latex: `\\alpha\\,(f_{${i + 1}}(x) - f_{${i + 1}}(x_p))`, enclosure: rangeOf(alpha.mul(a)) },
          { name: 'beta (f_i(x) - f_i*)', latex: `\\beta\\,(f_{${i + 1}}(x) - f_{${i + 1}}^*)`, enclosure: rangeOf(beta.mul(b)) },
          { name: 'R_i (residual)', latex: `R_{${i + 1}}(x)`, enclosure: rangeOf(R) },
        ];
        cases.push({ projection: xp.map((v) => v.mid()), term: i, quantities: q });
        // β ≥ (α a − c)/b when b > 0; the lower end of the enclosure is a rigorous lower bound.
        if (b.lo > 0) needHere = Math.max(needHere, alpha.mul(a).sub(c).div(b).lo);
        // α ≤ (c + β b)/a when a > 0; the upper end is a rigorous upper bound.
        if (a.lo > 0) alphaHere = Math.min(alphaHere, c.add(beta.mul(b)).div(a).hi);
      });
      needBeta = Math.min(needBeta, needHere);
      maxAlpha = Math.max(maxAlpha, alphaHere);
    }
    const parts: string[] = [];
    const A = claim.alpha.toString();
    const B = claim.beta.toString();
    if (Number.isFinite(needBeta)) {
      parts.push(
        needBeta >= claim.alpha.toNumber()
          ? `with α = ${A}, β would have to be at least ${numDir(needBeta, 'down', 6)} at this x, so no β < α works with this α`
          : `with α = ${A}, β would have to be at least ${numDir(needBeta, 'down', 6)} at this x (β = ${B} is not enough)`,
      );
    }
    if (Number.isFinite(maxAlpha)) parts.push(`with β = ${B}, α would have to be at most ${numDir(maxAlpha, 'up', 6)}`);
    reading = parts.length
      ? {
          text: `${parts.join('; ')} (rigorous: ends of interval enclosures at x, for every nearest x_p).`,
          rigorous: true,
          bound: Number.isFinite(needBeta) ? needBeta : null,
        }
      : { text: 'no single constant change reads off at this x (f_i(x) − f_i* and f_i(x) − f_i(x_p) are not provably positive)', rigorous: false, bound: null };
    // One term and a proved non-global stationary point (src/reports/universal.ts): the claim
    // fails for every α > β (or every β < κα), not only for this pair.
    if (meta.universal && meta.universalText)
      reading = {
        text: `${meta.universalText[0]!.toUpperCase()}${meta.universalText.slice(1)}. At x for this pair: ${reading.text}`,
        rigorous: true,
        bound: reading.bound,
      };
  } else {
    const fx = interpretInterval(f, env(slots));
    const g = gradient(f, d).map((e) => interpretInterval(e, env(slots)));
    const gq: Quantity[] = [
      { name: 'f(x)', latex: 'f(x)', enclosure: rangeOf(fx) },
      ...g.map((gj, j) => ({ name: `d f / d ${p.variables[j]}`, latex: `\\partial_{${p.variables[j]}} f(x)`, enclosure: rangeOf(gj) })),
    ];
    const cname = claim.condition === 'pl' ? 'μ' : 'θ';
    const cval = claim.condition === 'pl' ? claim.mu : claim.theta;
    const C = I(cval);
    if (claim.condition === 'pl') {
      const fs = fstarEnclosure(p, model);
      const gg = dot(g, g);
      const gap = fx.sub(fs);
      const R = gg.sub(Interval.point(2).mul(C).mul(gap));
      cases.push({
        projection: null,
        term: null,
        quantities: [
          ...gq,
          { name: 'f*', latex: 'f^*', enclosure: rangeOf(fs) },
          { name: '|grad f(x)|^2', latex: '\\|\\nabla f(x)\\|^2', enclosure: rangeOf(gg) },
          { name: '2 mu (f(x) - f*)', latex: '2\\mu\\,(f(x) - f^*)', enclosure: rangeOf(Interval.point(2).mul(C).mul(gap)) },
          { name: 'residual', latex: 'R(x)', enclosure: rangeOf(R) },
        ],
      });
      const bound = gap.lo > 0 ? gg.div(Interval.point(2).mul(gap)).hi : null;
      reading = universalOr(
        meta.universal,
        cname,
        bound !== null
          ? {
              text: `μ would have to be at most ${numDir(bound, 'up', 6)} at this x (rigorous: upper end of ‖∇f‖²/(2(f − f*)) enclosed at x).`,
              rigorous: true,
              bound,
            }
          : null,
      );
    } else {
      let best = -Infinity;
      const list: { xp: Interval[]; fref: Interval }[] = [];
      if (claim.condition === 'aiming') {
        const fs = fstarEnclosure(p, model);
        for (const { xp } of xpCases()) list.push({ xp, fref: fs });
      } else {
        // S given by equations: the one x* that check() and constants try (a point of S proved near
        // the domain's centre), not the nearest points of x (whose hull may straddle a tie ±p)
        const fixed = model.kind === 'points' && model.implicit ? implicitXstar(p, model.implicit) : null;
        const qModel = fixed && typeof fixed !== 'string' ? fixed.model : model;
        const qSlots = qModel === model ? slots : slotsOn(qModel, { lo: w.x, hi: w.x });
        const cands = qcvxCandidates(p, qModel);
        const pick = cands.find((c) => (c.index ?? null) === (meta.xstarIndex ?? null)) ?? cands[0]!;
        const xs = pick.exprs.map((e) => interpretInterval(e, env(qSlots)));
        list.push({
          xp: xs,
          fref: interpretInterval(
            substitute(f, (i) => pick.exprs[i]!),
            env(qSlots),
          ),
        });
      }
      for (const { xp, fref } of list) {
        const inner = dot(
          g,
          xI.map((v, j) => v.sub(xp[j]!)),
        );
        const gap = fx.sub(fref);
        const R = inner.sub(C.mul(gap));
        const ref = claim.condition === 'aiming' ? 'f^*' : 'f(x^*)';
        const pt = claim.condition === 'aiming' ? 'x_p' : 'x^*';
        cases.push({
          projection: xp.map((v) => v.mid()),
          term: null,
          quantities: [
            ...gq,
            { name: claim.condition === 'aiming' ? 'f*' : 'f(x*)', latex: ref, enclosure: rangeOf(fref) },
            { name: `<grad f(x), x - ${pt}>`, latex: `\\langle \\nabla f(x), x - ${pt}\\rangle`, enclosure: rangeOf(inner) },
            { name: 'theta (f(x) - ref)', latex: `\\theta\\,(f(x) - ${ref})`, enclosure: rangeOf(C.mul(gap)) },
            { name: 'residual', latex: 'R(x)', enclosure: rangeOf(R) },
          ],
        });
        best = gap.lo > 0 ? Math.max(best, inner.div(gap).hi) : Infinity;
      }
      const what = claim.condition === 'aiming' ? '⟨∇f, x − x_p⟩/(f − f*)' : '⟨∇f, x − x*⟩/(f − f(x*))';
      reading = universalOr(
        meta.universal,
        cname,
        Number.isFinite(best)
          ? {
              text: `θ would have to be at most ${numDir(best, 'up', 6)} at this x (rigorous: upper end of ${what} enclosed at x).`,
              rigorous: true,
              bound: best,
            }
          : null,
      );
    }
  }
  return { id: meta.id, condition: claim.condition, claim: claimText, from: meta.from, counterexample: w, cases, reading, universal: meta.universal };
}

function universalOr(universal: boolean, c: string, r: CounterexampleDetail['reading'] | null): CounterexampleDetail['reading'] {
  if (universal)
    return {
      text: `fails for every ${c} > 0: x is a stationary point of f (proved by the Krawczyk test) that is not a global minimizer.${r ? ` At x: ${r.text}` : ''}`,
      rigorous: true,
      bound: 0,
    };
  return r ?? { text: 'no bound on the constant reads off at this x (f(x) − f* is not provably positive)', rigorous: false, bound: null };
}

/** The claim's constants as exact strings (the certificate's spelling). */
export const claimStrings: (c: Claim) => Record<string, string> = exactConstants;
