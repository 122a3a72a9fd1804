import { objective, termMinimumSlot, type ProjectionModel } from '../conditions/index.js';
import { ambientDeadline, fstarEnclosure, slotsOn } from '../engine/constantsKit.js';
import {
  build,
  CompileTimeout,
  compileInterval,
  encloseConstant,
  gradient,
  hessian,
  interpretInterval,
  kinkGuards,
  simplify,
  SimplifyTimeout,
  substitute,
  toLatex,
  toText,
  type Expr,
} from '../expr/index.js';
import { Interval } from '../interval/index.js';
import { outerBox, type Problem } from '../problem/index.js';
import { displayLatex, tidy } from './latex.js';
import { TYPESET_TERMS, type Fact, type ProblemFacts, type Range, type StationaryPoint } from './types.js';

/** [lo, hi] for JSON: infinite ends become null. */
export const range = (lo: number, hi: number): Range => [Number.isFinite(lo) ? lo : null, Number.isFinite(hi) ? hi : null];
export const rangeOf = (i: { lo: number; hi: number }): Range => range(i.lo, i.hi);

/** The longest LaTeX printed for one gradient component; longer ones are left out of the page. */
const MAX_LATEX = 900;

/** A cover of the box by at most `count` equal sub-boxes (a k^d grid). */
export function subBoxes(box: { lo: readonly number[]; hi: readonly number[] }, count: number): { lo: number[]; hi: number[] }[] {
  const d = box.lo.length;
  const k = Math.max(1, Math.floor(count ** (1 / d) + 1e-9));
  const out: { lo: number[]; hi: number[] }[] = [];
  const idx = new Array<number>(d).fill(0);
  for (let n = 0; n < k ** d; n++) {
    // Sub-box edges are computed once per index and shared by neighbours, and the outer edges
    // are the box's own: the sub-boxes cover the box exactly (up to shared faces).
    const edge = (j: number, i: number) => (i === 0 ? box.lo[j]! : i === k ? box.hi[j]! : box.lo[j]! + ((box.hi[j]! - box.lo[j]!) * i) / k);
    out.push({ lo: idx.map((i, j) => edge(j, i)), hi: idx.map((i, j) => edge(j, i + 1)) });
    for (let j = 0; j < d && ++idx[j]! === k; j++) idx[j] = 0;
  }
  return out;
}

/**
 * Expressions with the problem's parameters shown by name: parameters are inlined into every
 * expression by reference (src/expr/parse.ts), so a subtree that IS a parameter's tree is printed
 * as its name. `where(used)` lists the parameters used (and those they use), in definition order,
 * as a " where c = …" suffix. Without parameters the printing is toText/toLatex itself.
 */
function parameterPrinter(p: Problem): { text: (e: Expr) => string; latex: (e: Expr) => string; where: (es: readonly Expr[]) => string } {
  const byTree = new Map<Expr, string>();
  for (const [name, e] of p.parameters) if (e.kind !== 'num' && e.kind !== 'var') byTree.set(e, name);
  const named = (e: Expr, self?: Expr): Expr => {
    const name = e !== self ? byTree.get(e) : undefined;
    if (name) return build.variable(-1, name);
    switch (e.kind) {
      case 'num':
      case 'const':
      case 'var':
        return e;
      case 'add':
        return build.add(...e.terms.map((t) => named(t)));
      case 'mul':
        return build.mul(...e.factors.map((t) => named(t)));
      case 'div':
        return build.div(named(e.num), named(e.den));
      case 'pow':
        return build.pow(named(e.base), named(e.exponent));
      case 'neg':
        return build.neg(named(e.arg));
      case 'call':
        return build.call(e.fn, ...e.args.map((t) => named(t)));
    }
  };
  const uses = (e: Expr, out: Set<Expr>, self?: Expr): void => {
    if (e !== self && byTree.has(e)) {
      if (!out.has(e)) {
        out.add(e);
        uses(e, out, e);
      }
      return;
    }
    if (e.kind === 'add') for (const t of e.terms) uses(t, out);
    else if (e.kind === 'mul') for (const t of e.factors) uses(t, out);
    else if (e.kind === 'div') [e.num, e.den].forEach((t) => uses(t, out));
    else if (e.kind === 'pow') [e.base, e.exponent].forEach((t) => uses(t, out));
    else if (e.kind === 'neg') uses(e.arg, out);
    else if (e.kind === 'call') for (const t of e.args) uses(t, out);
  };
  return {
    text: (e) => toText(named(e)),
    latex: (e) => toLatex(named(e)),
    where: (es) => {
      const used = new Set<Expr>();
      for (const e of es) uses(e, used);
      const list = [...p.parameters].filter(([, e]) => used.has(e));
      return list.length ? ` where ${list.map(([name, e]) => `${name} = ${toText(named(e, e))}`).join(', ')}` : '';
    },
  };
}

/** How S was given, as text and LaTeX. */
function describeS(p: Problem, model: ProjectionModel | null): ProblemFacts['minimizers'] {
  const S = p.minimizers;
  const show = parameterPrinter(p);
  const vec = (es: readonly Expr[], f: (e: Expr) => string) => `(${es.map(f).join(', ')})`;
  // A row of A as the expression Σ_j a_j x_j (printed with subtraction, zero coefficients dropped).
  const linear = (row: readonly Expr[]) => build.add(...row.map((a, j) => build.mul(a, build.variable(j, p.variables[j]!))));
  switch (S.kind) {
    case 'points':
      return {
        kind: 'points',
        text: `S = {${S.points.map((pt) => vec(pt, toText)).join(', ')}}`,
        latex: `S = \\left\\{${S.points.map((pt) => `\\left(${pt.map(toLatex).join(', ')}\\right)`).join(',\\ ')}\\right\\}`,
        points: S.points.map((pt) => pt.map((e) => encloseConstant(e).mid())),
      };
    case 'affine':
      return {
        kind: 'affine',
        text: `S = {x : ${S.A.map((row, r) => `${toText(simplify(linear(row)))} = ${toText(S.b[r]!)}`).join(', ')}}`,
        latex: `S = \\left\\{x : ${S.A.map((row, r) => `${toLatex(tidy(simplify(linear(row))))} = ${toLatex(S.b[r]!)}`).join(',\\ ')}\\right\\}`,
      };
    case 'projection':
      return {
        kind: 'projection',
        text: `Proj(x, S) = ${vec(S.map, toText)} (the user's map)`,
        latex: `\\operatorname{Proj}(x, S) = \\left(${S.map.map(toLatex).join(', ')}\\right)`,
      };
    case 'implicit':
      return {
        kind: 'implicit',
        text: `S = {x : ${S.equations.map((g) => `${show.text(g)} = 0`).join(', ')}}${show.where(S.equations)}`,
        latex: `S = \\left\\{x : ${S.equations.map((g) => `${show.latex(g)} = 0`).join(',\\ ')}\\right\\}`,
      };
    case 'auto': {
      if (model?.kind === 'points' && model.slots) {
        const env = [...p.variables.map(() => Interval.ENTIRE), ...model.slots.map((s) => Interval.of(s.lo, s.hi))];
        const pts = model.points.map((pt) => pt.map((e) => interpretInterval(e, env)));
        const show = (i: Interval) => `[${i.lo.toPrecision(10)}, ${i.hi.toPrecision(10)}]`;
        return {
          kind: 'auto',
          text: `S computed on the box: {${pts.map((pt) => `(${pt.map(show).join(', ')})`).join(', ')}}`,
          latex: `S \\subset \\left\\{${pts.map((pt) => `\\left(${pt.map((i) => `[${fmtTex(i.lo)}, ${fmtTex(i.hi)}]`).join(', ')}\\right)`).join(',\\ ')}\\right\\}`,
          points: pts.map((pt) => pt.map((i) => i.mid())),
        };
      }
      return { kind: 'auto', text: 'S: to be computed by lscert (not pinned down on the box)', latex: 'S\\ \\text{not pinned down}' };
    }
  }
}

const fmtTex = (x: number) =>
  Number.isFinite(x)
    ? Number(x.toPrecision(8))
        .toString()
        .replace(/e([+-]?\d+)/, '\\cdot 10^{$1}')
    : x > 0
      ? '\\infty'
      : '-\\infty';

/**
 * The problem's facts: f*, f_i*, c, σ²_int and the certified L, each a rigorous enclosure
 * that says on what set it was computed. `model` is S as `check()` uses it (null when S could
 * not be pinned down).
 */
export function problemFacts(p: Problem, model: ProjectionModel | null, stationary: StationaryPoint[], notes: string[]): ProblemFacts {
  const d = p.variables.length;
  const box = outerBox(p);
  const f = objective(p);

  // f*
  let fstar: Fact;
  if (p.fstar) {
    const show = parameterPrinter(p);
    const where = show.where([p.fstar]);
    fstar = { enclosure: rangeOf(encloseConstant(p.fstar)), exact: `${show.text(p.fstar)}${where ? ` (${where.trim()})` : ''}`, how: 'given (trusted)' };
  } else if (model) {
    const e = fstarEnclosure(p, model);
    fstar = {
      enclosure: rangeOf(e),
      exact: null,
      how: model.kind === 'points' ? 'f at a point of S (enclosure)' : "f(Proj(c, S)) at the domain's centre c (enclosure)",
    };
  } else fstar = { enclosure: [null, null], exact: null, how: 'unknown: S could not be pinned down' };

  // f_i*
  const termMinima: Fact[] = p.terms.map((t, i) => {
    if (p.termMinima) return { enclosure: rangeOf(encloseConstant(p.termMinima[i]!)), exact: toText(p.termMinima[i]!), how: 'given (trusted)' };
    // Each computed f_i* samples 4096 points and descends: 200 terms in 40 variables took 1.8 s
    // at --time-limit 1. Past the command's deadline the rest are unknown (σ²_int then too).
    if (Date.now() >= ambientDeadline()) return { enclosure: [null, null], exact: null, how: 'not computed: the time limit was reached' };
    const s = termMinimumSlot(p, t, i);
    return { enclosure: range(s.lo, s.hi), exact: null, how: `computed: ${s.how}` };
  });

  // c = min_i f_i(S)
  const c = minOnS(p, model, box);

  // σ²_int = (1/n) Σ (f* − f_i*)
  let sigma: Fact;
  {
    const fs = Interval.of(fstar.enclosure[0] ?? -Infinity, fstar.enclosure[1] ?? Infinity);
    let sum = Interval.point(0);
    for (const m of termMinima) sum = sum.add(fs.sub(Interval.of(m.enclosure[0] ?? -Infinity, m.enclosure[1] ?? Infinity)));
    const s = sum.div(Interval.point(p.terms.length));
    sigma = { enclosure: rangeOf(s), exact: null, how: 'interval arithmetic on the enclosures of f* and f_i* above' };
  }

  return {
    name: p.name,
    source: p.source,
    description: null,
    hash: p.hash,
    variables: [...p.variables],
    domain: p.domain.map((b) => ({ variable: b.variable, lo: toText(b.lo), hi: toText(b.hi) })),
    terms: [...p.termTexts],
    // Terms as the user wrote them (tidied: a − b, one coefficient per product); gradients in
    // the shortest of their equal forms (collected, expanded, over one denominator).
    // The HTML typesets the first TYPESET_TERMS terms (the rest are in `terms`): 200 terms took 0.25 s here.
    termsLatex: p.terms.slice(0, TYPESET_TERMS).map((t) => displayLatex(t, { alternatives: false })),
    // Past the command's deadline the gradients are not rendered (null, as for one too long to show):
    // simplifying and typesetting 64 terms' gradients took a second at --time-limit 1.
    gradientsLatex: p.terms.map((t) => {
      if (Date.now() >= ambientDeadline()) return null;
      const g = gradient(t, d).map((e) => displayLatex(e, { alternatives: p.terms.length * d <= 400 }));
      return g.some((s) => s.length > MAX_LATEX) ? null : g;
    }),
    minimizers: describeS(p, model),
    fstar,
    termMinima,
    c,
    sigma2int: sigma,
    L: certifiedL(p, box, f),
    stationaryPoints: stationary,
    notes,
  };
}

/** min over i and over the points of S in sight (S itself when finite, else Proj(X, S)) of f_i. */
function minOnS(p: Problem, model: ProjectionModel | null, box: { lo: number[]; hi: number[] }): Fact {
  if (!model) return { enclosure: [null, null], exact: null, how: 'unknown: S could not be pinned down' };
  const d = p.variables.length;
  let lo = Infinity;
  let hi = Infinity;
  if (model.kind === 'points' && model.implicit) {
    // S given by equations: f_i over the enclosures of the nearest points of a cover of the box.
    // Lower end: every x_p of the box lies in some sub-box's enclosure; upper end: each enclosure
    // holds actual nearest points, so min_i of its upper ends bounds the minimum from above.
    const cover = subBoxes(box, 64);
    let done = 0;
    for (const sub of cover) {
      // Past the command's deadline the rest of the cover is not enclosed: the lower end is then unknown.
      if (Date.now() >= ambientDeadline()) {
        lo = -Infinity;
        break;
      }
      done++;
      const env = [...new Array<Interval>(d).fill(Interval.ENTIRE), ...slotsOn(model, sub).map((s) => Interval.of(s.lo, s.hi))];
      for (const t of p.terms) {
        const v = interpretInterval(
          substitute(t, (i) => model.points[0]![i]!),
          env,
        );
        lo = Math.min(lo, Number.isNaN(v.lo) ? -Infinity : v.lo);
        hi = Math.min(hi, Number.isNaN(v.hi) ? Infinity : v.hi);
      }
    }
    return {
      enclosure: range(lo, hi),
      exact: null,
      how: `min over the ${p.terms.length} terms of f_i at the nearest points of the box on S (enclosed rigorously on ${done} of ${cover.length} sub-boxes${done < cover.length ? ', then the time limit' : ''}; interval arithmetic)`,
    };
  }
  if (model.kind === 'points') {
    const env = [...new Array<Interval>(d).fill(Interval.ENTIRE), ...(model.slots ?? []).map((s) => Interval.of(s.lo, s.hi))];
    for (const pt of model.points) {
      for (const t of p.terms) {
        const v = interpretInterval(
          substitute(t, (i) => pt[i]!),
          env,
        );
        lo = Math.min(lo, v.lo);
        hi = Math.min(hi, v.hi);
      }
    }
    return {
      enclosure: range(lo, hi),
      exact: null,
      how: `min over the ${model.points.length} point(s) of S and the ${p.terms.length} terms (interval arithmetic)`,
    };
  }
  // S infinite: f_i(Proj(x, S)) over the box. Lower end: interval evaluation over a cover of
  // the box (every x_p = P(x), x ∈ X, is covered); upper end: rigorous values at points.
  // Simplified first: on an affine or linear S the composition often folds to a constant (Example 1: f_i(P(x)) = 1/5).
  const composed = p.terms.map((t) => simplify(substitute(t, (i) => model.map[i]!)));
  const ev = compileInterval(composed);
  const oLo = new Float64Array(composed.length);
  const oHi = new Float64Array(composed.length);
  for (const sb of subBoxes(box, 256)) {
    ev.eval(sb.lo, sb.hi, oLo, oHi);
    for (let k = 0; k < composed.length; k++) lo = Math.min(lo, Number.isNaN(oLo[k]!) ? -Infinity : oLo[k]!);
    const mid = sb.lo.map((l, j) => l / 2 + sb.hi[j]! / 2);
    ev.eval(mid, mid, oLo, oHi);
    for (let k = 0; k < composed.length; k++) if (!Number.isNaN(oHi[k]!)) hi = Math.min(hi, oHi[k]!);
  }
  return {
    enclosure: range(lo, hi),
    exact: null,
    how: 'min of f_i over Proj(X, S), the part of S nearest to the box (interval cover of the box for the lower end, point values for the upper end)',
  };
}

/**
 * A certified L with every f_i L-smooth on the box: for symmetric H, ‖H‖₂ = ρ(H) ≤ ‖H‖_∞ =
 * max_r Σ_c |H_rc|, and |H_rc| ≤ max(|lo|, |hi|) of the interval Hessian entry. The bound is
 * taken over a cover of the box by sub-boxes, with upward rounding; null when a term is not
 * C² on the box (a kink of abs/relu/max/min) or its Hessian is unbounded there.
 */
export function certifiedL(p: Problem, box: { lo: number[]; hi: number[] }, _f?: Expr): ProblemFacts['L'] {
  const d = p.variables.length;
  const how =
    'max over the terms of sup over the box of the max absolute row sum of the interval Hessian (‖∇²f_i‖₂ ≤ ‖∇²f_i‖_∞ for symmetric matrices), over a cover of the box by sub-boxes, rounded up; valid on the box X only';
  if (d > 12) return { value: null, perTerm: p.terms.map(() => null), how: `not computed: ${d} variables (the interval Hessian has d² entries)` };
  const cover = subBoxes(box, Math.max(1, Math.floor(4096 / Math.max(1, p.terms.length))));
  // Within the command's deadline (the Hessians of 64 logistic terms took 2.4 s of a 1 s report):
  // past it, a term not yet bounded has no L (null: not certified, never a guess).
  const deadline = ambientDeadline();
  let late = false;
  const perTerm = p.terms.map((t) => {
    if (late || Date.now() >= deadline) {
      late = true;
      return null;
    }
    const kinks = kinkGuards(t);
    if (kinks.length) {
      const g = compileInterval(kinks.map((k) => k.guard));
      const lo = new Float64Array(kinks.length);
      const hi = new Float64Array(kinks.length);
      g.eval(box.lo, box.hi, lo, hi);
      for (let k = 0; k < kinks.length; k++) if (!(lo[k]! > 0 || hi[k]! < 0)) return null;
    }
    let H: Expr[];
    let ev: ReturnType<typeof compileInterval>;
    try {
      H = hessian(t, d, (e) => simplify(e, { expand: false, deadline })).flat();
      ev = compileInterval(H, { deadline });
    } catch (err) {
      if (!(err instanceof SimplifyTimeout || err instanceof CompileTimeout)) throw err;
      late = true;
      return null;
    }
    const lo = new Float64Array(H.length);
    const hi = new Float64Array(H.length);
    let best = 0;
    for (const sb of cover) {
      ev.eval(sb.lo, sb.hi, lo, hi);
      for (let r = 0; r < d; r++) {
        let s = Interval.point(0);
        for (let c = 0; c < d; c++) {
          const a = Math.max(Math.abs(lo[r * d + c]!), Math.abs(hi[r * d + c]!));
          if (!Number.isFinite(a)) return null; // NaN or unbounded: not certified
          s = s.add(Interval.point(a));
        }
        best = Math.max(best, s.hi);
      }
    }
    return best;
  });
  const value = perTerm.every((v): v is number => v !== null) ? Math.max(...perTerm) : null;
  if (late) return { value, perTerm, how: `not computed for every term: the time limit was reached first (${how})` };
  return { value, perTerm, how };
}
