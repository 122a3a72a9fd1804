import { buildResiduals, domainCentre, projectionModel, type Claim, type ResidualCase, type ResidualSystem } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { build as b, rationalValue, simplify, substitute, toText, type Expr } from '../expr/index.js';
import { outerBox, type Problem, termLabel } from '../problem/index.js';
import { cellForm } from './decide.js';
import { intervalSignOracle, NotRationalError, SignUnknownError, Translator, type Backend, type SignOracle } from './translate.js';
import { LscertError } from '../errors.js';

/**
 * `lscert export-smt`: the NEGATED claim as an SMT-LIB 2 script (logic QF_NRA). The script
 * asks whether some point of the domain violates the condition, so `unsat` from a solver
 * means the claim holds on the whole domain, and `sat` gives a candidate counterexample.
 *
 * Encoding:
 * - one real constant per variable, the domain bounds as asserts (exact rationals; an
 *   irrational bound is replaced by its outer float enclosure, said in a comment: the
 *   exported box then contains the domain, so `unsat` still proves the claim);
 * - computed constants (f_i* enclosures) as bounded constants: `unsat` covers every value
 *   in the enclosure, hence the true one; `sat` may rely on a value that is not the true one;
 * - each distinct quotient num/den as a fresh constant q with q·den = num and the sign of
 *   den, proved on the (outer) domain by interval arithmetic (otherwise: refused);
 * - the violation: some residual R_k < 0. With finitely many points in S (α-β, Aiming) the
 *   condition needs one nearest point that works, so the negation is, for every point p_j,
 *   "p_j is not nearest OR some R^(j)_k < 0", with the Voronoi inequalities written
 *   exactly. QCvx with finitely many points: for every x* ∈ S there is its own violating
 *   point (one copy of the variables per point).
 *
 * Refused (`SmtExportError`, exit 65 in the CLI): residuals that are not polynomial or
 * rational (exp, sqrt, pi, …), points of S or constants that are not rational, denominators
 * whose sign is not proved on the domain, QCvx with an infinite S.
 */
export class SmtExportError extends LscertError {
  constructor(message: string) {
    super('unsupported', message);
  }
}

/** SMT-LIB text of a rational (a Real literal). */
export function smtRational(r: Rational): string {
  const abs = r.abs();
  const body = abs.isInteger() ? `${abs.num}.0` : `(/ ${abs.num}.0 ${abs.den}.0)`;
  return r.sign() < 0 ? `(- ${body})` : body;
}

const RESERVED = new Set(['par', 'NUMERAL', 'DECIMAL', 'STRING', 'BINARY', 'HEXADECIMAL', '_', '!', 'as', 'let', 'exists', 'forall', 'match']);
/** A variable name as an SMT-LIB symbol (quoted when it could clash with a reserved word). */
export const smtSymbol = (name: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !RESERVED.has(name) ? name : `|${name.replace(/[|\\]/g, '_')}|`);

/** A backend writing SMT-LIB terms; `fresh` declares quotient constants (collected in `declared`). */
function textBackend(varName: (i: number) => string, declared: string[], prefix: string): Backend<string, string> {
  return {
    num: smtRational,
    variable: varName,
    add: (ts) => (ts.length === 0 ? '0.0' : ts.length === 1 ? ts[0]! : `(+ ${ts.join(' ')})`),
    mul: (ts) => (ts.length === 0 ? '1.0' : ts.length === 1 ? ts[0]! : `(* ${ts.join(' ')})`),
    neg: (t) => `(- ${t})`,
    fresh: () => {
      const name = `${prefix}${declared.length}`;
      declared.push(name);
      return name;
    },
    eq: (a, c) => `(= ${a} ${c})`,
    gt0: (t) => `(> ${t} 0.0)`,
    lt0: (t) => `(< ${t} 0.0)`,
  };
}

/** A backend that builds nothing: dry runs decide which form of a residual translates. */
const nullBackend: Backend<null, null> = {
  num: () => null,
  variable: () => null,
  add: () => null,
  mul: () => null,
  neg: () => null,
  fresh: () => null,
  eq: () => null,
  gt0: () => null,
  lt0: () => null,
};

/** The first form of each residual that translates (denominator signs proved by `signOf`). */
function pickForms(c: ResidualCase, signOf: SignOracle, what: string): Expr[] {
  return c.forms.map((forms, k) => {
    let first: Error | undefined;
    for (const e of forms) {
      try {
        new Translator(nullBackend, signOf).term(e);
        return e;
      } catch (err) {
        if (!(err instanceof NotRationalError || err instanceof SignUnknownError)) throw err;
        first ??= err;
      }
    }
    const why = first instanceof SignUnknownError ? `${first.message.replace('on the box', 'on the domain')} (it may vanish there)` : first!.message;
    throw new SmtExportError(`${what}, residual ${k}: ${why}; export-smt needs polynomial or rational residuals with denominators of proved sign`);
  });
}

/** The negated claim as SMT-LIB 2 text (ends with `(check-sat)`); throws SmtExportError when it cannot be written exactly. */
export function exportSmt(p: Problem, claim: Claim): string {
  const d = p.variables.length;
  const model = projectionModel(p);
  checkInputs(p, claim);

  // The systems to negate: one, or one per x* for QCvx.
  let systems: ResidualSystem[];
  if (claim.condition === 'qcvx') {
    if (model.kind === 'points') {
      model.points.forEach((pt, j) => pointValue(pt, `minimizers.points[${j}]`));
      systems = model.points.map((pt, index) => buildResiduals(p, claim, model, { xstar: pt, xstarIndex: index }));
    } else {
      const centre = domainCentre(p);
      const xs = model.map.map((m) => simplify(substitute(m, (i) => centre[i]!)));
      const singleton = model.map.every((m) => rationalValue(m) !== undefined);
      if (!singleton)
        throw new SmtExportError(
          'qcvx with an infinite S (an affine set or a projection map): the negated claim quantifies over every x* in S, which export-smt does not write; give S as points',
        );
      systems = [buildResiduals(p, claim, model, { xstar: xs })];
    }
  } else systems = [buildResiduals(p, claim, model)];

  const slots = systems[0]!.slots;
  const box = outerBox(p);
  const signOf = intervalSignOracle([...box.lo, ...slots.map((s) => s.lo)], [...box.hi, ...slots.map((s) => s.hi)]);

  const out: string[] = [];
  const consts =
    claim.condition === 'alpha-beta'
      ? `alpha = ${claim.alpha}, beta = ${claim.beta}`
      : claim.condition === 'pl'
        ? `mu = ${claim.mu}`
        : `theta = ${claim.theta}`;
  out.push(`; lscert export-smt: problem ${p.name} (${p.source})`);
  out.push(`; condition ${claim.condition} with ${consts}`);
  out.push('; This script is the NEGATED claim: some point of the domain violates the condition.');
  out.push(';   unsat => the claim holds at every point of the domain;');
  out.push(';   sat   => the model is a candidate counterexample (check it, e.g. with lscert check).');
  for (let i = 0; i < p.terms.length; i++) out.push(`; ${termLabel(i)} = ${p.termTexts[i]}`);
  out.push('(set-logic QF_NRA)');

  const copies = systems.length;
  const varName = (j: number) => (i: number) =>
    i < d ? smtSymbol(copies > 1 ? `${p.variables[i]!}.${j}` : p.variables[i]!) : smtSymbol(`${slots[i - d]!.name}`);

  // Variables and the domain.
  const boundText: string[][] = p.domain.map((bd, i) => {
    const lines: string[] = [];
    const loR = rationalValue(bd.lo);
    const hiR = rationalValue(bd.hi);
    if (!loR)
      lines.push(
        `; ${p.variables[i]}: the lower bound ${toText(bd.lo)} is irrational; its outer float enclosure ${bd.loEnclosure.lo} is used (the exported box contains the domain)`,
      );
    if (!hiR)
      lines.push(
        `; ${p.variables[i]}: the upper bound ${toText(bd.hi)} is irrational; its outer float enclosure ${bd.hiEnclosure.hi} is used (the exported box contains the domain)`,
      );
    return [...lines, smtRational(loR ?? Rational.fromNumber(bd.loEnclosure.lo)), smtRational(hiR ?? Rational.fromNumber(bd.hiEnclosure.hi))];
  });
  out.push('; the domain');
  for (let j = 0; j < copies; j++) {
    if (copies > 1) out.push(`; copy ${j}: a violating point for x* = point ${systems[j]!.cases[0]!.pointIndex ?? j} of S`);
    for (let i = 0; i < d; i++) {
      const t = boundText[i]!;
      const [loT, hiT] = t.slice(-2);
      if (j === 0) out.push(...t.slice(0, -2));
      const v = varName(j)(i);
      out.push(`(declare-const ${v} Real)`, `(assert (<= ${loT} ${v}))`, `(assert (<= ${v} ${hiT}))`);
    }
  }
  if (slots.length) out.push('; computed constants, known only within rigorous enclosures: unsat covers every value in them');
  slots.forEach((s, k) => {
    const v = varName(0)(d + k);
    out.push(`; ${s.name} in [${s.lo}, ${s.hi}]: ${s.how}`, `(declare-const ${v} Real)`);
    if (Number.isFinite(s.lo)) out.push(`(assert (<= ${smtRational(Rational.fromNumber(s.lo))} ${v}))`);
    if (Number.isFinite(s.hi)) out.push(`(assert (<= ${v} ${smtRational(Rational.fromNumber(s.hi))}))`);
  });

  // The violation.
  const declared: string[] = [];
  const body: string[] = [];
  systems.forEach((sys, j) => {
    const tr = new Translator(textBackend(varName(j), declared, copies > 1 ? `q${j}.` : 'q.'), signOf);
    const lt0 = (e: Expr) => `(< ${tr.term(e)} 0.0)`;
    const or = (xs: string[]) => (xs.length === 1 ? xs[0]! : `(or ${xs.join(' ')})`);
    const assertions: string[] = [];
    if (sys.cells === 'voronoi') {
      const pts = sys.cases.map((c, k) => pointValue(c.xp, `minimizers.points[${c.pointIndex ?? k}]`));
      const x = p.variables.map((name, i) => b.variable(i, name));
      assertions.push('; for every point p_j of S: p_j is not a nearest point of x, or some residual with x_p = p_j is < 0');
      sys.cases.forEach((c, jj) => {
        const forms = pickForms(c, signOf, `point ${c.pointIndex ?? jj} of S`);
        const notNearest = pts.flatMap((pk, k) => (k === jj ? [] : [`(> ${tr.term(cellForm(x, pts[jj]!, pk))} 0.0)`]));
        assertions.push(`; p_${c.pointIndex ?? jj} = (${pts[jj]!.join(', ')})`, `(assert ${or([...notNearest, ...forms.map(lt0)])})`);
      });
    } else {
      const c = sys.cases[0]!;
      const forms = pickForms(c, signOf, claim.condition === 'qcvx' ? `x* = point ${c.pointIndex ?? j} of S` : 'the condition');
      const xp = c.xp.length ? ` with ${claim.condition === 'qcvx' ? 'x*' : 'x_p'} = (${c.xp.map((e) => toText(e)).join(', ')})` : '';
      assertions.push(`; some residual${xp} is < 0${copies > 1 ? ` (copy ${j})` : ''}`);
      forms.forEach((e, k) => assertions.push(`; R_${k} = ${toText(e)}`));
      assertions.push(`(assert ${or(forms.map(lt0))})`);
    }
    body.push(...tr.side.map((s) => `(assert ${s})`), ...assertions);
  });
  if (declared.length) out.push('; quotients: q = num/den as q*den = num, with the sign of den proved on the domain by interval arithmetic');
  for (const q of declared) out.push(`(declare-const ${q} Real)`);
  out.push(...body, '(check-sat)', '');
  return out.join('\n');
}

/** Refuses early, with a message naming the culprit, what cannot be written exactly. */
function checkInputs(p: Problem, claim: Claim): void {
  p.terms.forEach((t, i) => {
    const bad = nonRational(t);
    if (bad)
      throw new SmtExportError(
        `term ${termLabel(i)} (${p.termOrigins[i] ?? `terms[${i}]`}) is not polynomial/rational: it contains ${bad}; export-smt writes exact real arithmetic only`,
      );
  });
  if (p.fstar && claim.condition !== 'alpha-beta' && claim.condition !== 'qcvx' && !rationalValue(p.fstar)) {
    throw new SmtExportError(`fstar = ${toText(p.fstar)} is not rational; export-smt needs exact rational constants`);
  }
  if (p.termMinima && claim.condition === 'alpha-beta') {
    p.termMinima.forEach((m, i) => {
      if (!rationalValue(m)) throw new SmtExportError(`termMinima[${i}] = ${toText(m)} is not rational; export-smt needs exact rational constants`);
    });
  }
  const S = p.minimizers;
  if (S.kind === 'points') {
    if (claim.condition !== 'pl') S.points.forEach((pt, j) => pointValue(pt, `minimizers.points[${j}]`));
    else if (!p.fstar) pointValue(S.points[0]!, 'minimizers.points[0] (f* is f there)');
  }
}

function nonRational(e: Expr): string | undefined {
  try {
    new Translator(nullBackend, () => 1).term(e);
    return undefined;
  } catch (err) {
    if (err instanceof NotRationalError) return err.what;
    throw err;
  }
}

/** A point of S as exact rationals, or a refusal naming it. */
function pointValue(pt: readonly Expr[], where: string): Rational[] {
  return pt.map((e, i) => {
    const v = rationalValue(e);
    if (!v)
      throw new SmtExportError(`${where} has the irrational coordinate ${toText(e)} (component ${i}); export-smt needs points of S with rational coordinates`);
    return v;
  });
}
