import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { all, create, type BigNumber, type EvalFunction } from 'mathjs';
import nerdamer from 'nerdamer';
import 'nerdamer/Calculus.js';
import { describe, expect, it } from 'vitest';
import { objective } from '../../src/conditions/objective.js';
import { Rational } from '../../src/exact/rational.js';
import { build, derivative, freeVariables, hessian, kinkGuards, parseExpr, simplify, toText, type Expr } from '../../src/expr/index.js';
import { loadProblemFile } from '../../src/problem/index.js';
import { ROOT } from '../helpers/cli.js';
import { dec, evalDecimal } from '../helpers/oracle.js';

/**
 * nerdamer as a second, independent symbolic oracle (issue [8] §5). For every term of the
 * bundled problems (examples/*.yaml, examples/paper/*.yaml, examples/ci/*.yaml) and every
 * variable, lscert's symbolic derivative (as `derivative` returns it, and after `simplify`
 * with and without expansion) agrees with nerdamer's derivative of the same term text at
 * seeded random rational points of the problem's box. So do lscert's Hessian entries
 * (`hessian(term, d, simplify)`, as the engine builds them; for the first two distinct terms
 * of each file, to keep the run short) with nerdamer's second derivatives, the gradient of
 * each objective f = (1/n) Σ f_i, and lscert's parsed and simplified terms with nerdamer's
 * reading of the text. Points within 1e-6 of a kink (abs, relu, max, min) are skipped for
 * derivatives, and so are points where either side is undefined; each comparison asserts
 * that at least 90 % of its nominal count was compared, and reports its counts as a test
 * annotation (shown by `--reporter=verbose`). A few hand-written terms cover the
 * functions of the language that no bundled problem uses. Negative controls show that the
 * comparison catches a wrong derivative and a relative error of 1e-6.
 *
 * Evaluation. lscert's expressions are evaluated in 80-digit decimal arithmetic
 * (test/helpers/oracle.ts). nerdamer's output text is evaluated by mathjs in 40-digit
 * BigNumber arithmetic, not by nerdamer: nerdamer's own numeric evaluation rounds to a fixed
 * number of decimal places (PRECISION, 21 by default: exp(-50)*3 evaluates to 0), and its
 * rational e (below) made d/dx log(1+exp(-x)) at x = 37/7 come out 0.5 % off even at
 * PRECISION 40. Agreement is to a relative 1e-9 plus 1e-12 absolute: tests only, never bounds.
 *
 * Translation. The term text reaches nerdamer with only these changes (`toNerdamer`):
 * - variables become plain identifiers xq0, xq1, … (nerdamer misreads `W_0_0`: it gives
 *   d/dW_0_0 of W_0_0^2*W_1_0 as 0) and parameters are inlined as their exact value;
 * - the functions nerdamer lacks are defined by their formulas (NERDAMER_FUNCTIONS); max,
 *   min, pow and square are renamed to such definitions (nerdamer cannot differentiate its
 *   own max, min and pow);
 * - Euler's number is a plain symbol `euler` (exp(u) = euler^u), bound to e only when the
 *   output is evaluated. nerdamer's own e is the rational 325368125/119696244: d/dv of
 *   log(1+exp(-(v*s/2 + w))) comes out as (1 + 119696244^(v*s/2+w)*325368125^(-v*s/2-w))^(-1)*…,
 *   and differentiating that once more multiplies by (ln 119696244 + ln 325368125)/2 ≈ 19.1
 *   where ln 325368125 − ln 119696244 ≈ 1 belongs. With its own e, nerdamer's second
 *   derivatives of the relu-net terms are wrong (a finite difference of nerdamer's own first
 *   derivative agrees with lscert's Hessian, to 14 digits).
 * Two nerdamer 1.1.13 bugs are kept out of the hand-written terms: it differentiates
 * log(x, 2) as 1/x, and sqrt(u)*v wrongly (its diff unwraps the sqrt by mutating u in place,
 * so the product rule multiplies by sqrt(sqrt(u))): sqrt appears only in a sum.
 */

// ---------------------------------------------------------------------------------------
// nerdamer: set-up and translation

/** Euler's number for nerdamer: a symbol, bound to e at evaluation. */
const EULER = 'euler';

/** Functions of lscert's language that nerdamer lacks or cannot differentiate, by formula. */
const NERDAMER_FUNCTIONS: readonly [name: string, params: string[], body: string][] = [
  ['lsexp', ['pu'], `${EULER}^pu`],
  ['sigmoid', ['pu'], `1/(1+${EULER}^(-pu))`],
  ['softplus', ['pu'], `log(1+${EULER}^pu)`],
  ['log1p', ['pu'], 'log(1+pu)'],
  ['relu', ['pu'], '(pu+abs(pu))/2'],
  ['lsmax', ['pu', 'pv'], '(pu+pv+abs(pu-pv))/2'],
  ['lsmin', ['pu', 'pv'], '(pu+pv-abs(pu-pv))/2'],
  ['lssquare', ['pu'], 'pu^2'],
  ['lspow', ['pu', 'pv'], 'pu^pv'],
];
for (const [name, params, body] of NERDAMER_FUNCTIONS) nerdamer.setFunction(name, params, body);

/** Names of lscert's language that nerdamer reads otherwise. */
const RENAMED: Readonly<Record<string, string>> = { exp: 'lsexp', e: EULER, max: 'lsmax', min: 'lsmin', square: 'lssquare', pow: 'lspow' };

/** A number literal (so that the `e` of `1e-5` is not read as a name) or an identifier. */
const TOKEN = /(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_$][A-Za-z0-9_$]*)/g;

/** nerdamer's name of variable k. */
const nvar = (k: number) => `xq${k}`;

/** The term text in nerdamer's syntax: variables renamed, parameters inlined, names as in RENAMED; the rest as written. */
function toNerdamer(text: string, variables: readonly string[], parameters: ReadonlyMap<string, Expr> = new Map()): string {
  return text.replace(TOKEN, (m, num: string | undefined, id: string | undefined) => {
    if (num !== undefined || id === undefined) return m;
    const k = variables.indexOf(id);
    if (k >= 0) return nvar(k);
    const p = parameters.get(id);
    if (p) return `(${toText(p)})`;
    return RENAMED[id] ?? id;
  });
}

const ndiff = (text: string, k: number) => nerdamer.diff(text, nvar(k)).toString();

const M = create(all, { number: 'BigNumber', precision: 40 });
const compiled = new Map<string, EvalFunction>();

/** The value of nerdamer's output text at `scope`; undefined where it is not a finite real number. */
function nerdamerValue(text: string, scope: Record<string, BigNumber>): number | undefined {
  let f = compiled.get(text);
  if (!f) {
    f = M.compile(text);
    compiled.set(text, f);
  }
  let r: unknown;
  try {
    r = f.evaluate({ ...scope });
  } catch {
    return undefined;
  }
  if (!M.isBigNumber(r)) return undefined; // complex (the log of a negative), …
  const v = r.toNumber();
  return Number.isFinite(v) ? v : undefined;
}

// ---------------------------------------------------------------------------------------
// Points and comparison

/** Seeded PRNG (mulberry32): the points are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Box = readonly (readonly [number, number])[];

interface Point {
  readonly x: readonly Rational[];
  readonly label: string;
  /** The same point for nerdamer's text (xq0 → n/d, euler → e) as 40-digit BigNumbers. */
  readonly scope: Record<string, BigNumber>;
  /** nerdamer's values at this point, by text (each text is evaluated once). */
  readonly values: Map<string, number | undefined>;
}

/** A random rational point strictly inside the box: each coordinate n/d with d in [3, 97]. */
function randomPoint(box: Box, rand: () => number): Point {
  return pointAt(
    box.map(([lo, hi]) => {
      const d = 3 + Math.floor(rand() * 95);
      const nLo = Math.floor(lo * d) + 1;
      const nHi = Math.ceil(hi * d) - 1;
      return Rational.of(nLo + Math.floor(rand() * (nHi - nLo + 1)), d);
    }),
  );
}

function pointAt(x: readonly Rational[]): Point {
  const scope: Record<string, BigNumber> = Object.fromEntries(x.map((r, k) => [nvar(k), M.bignumber(r.num.toString()).div(r.den.toString())]));
  scope[EULER] = M.bignumber(1).exp();
  return { x, label: `(${x.map(String).join(', ')})`, scope, values: new Map() };
}

const REL = 1e-9;
const ABS = 1e-12;
const close = (a: number, b: number) => Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b)) + ABS;

type Outcome = { kind: 'agree' } | { kind: 'skip'; why: string } | { kind: 'disagree'; lscert: number; nerdamer: number };

/** lscert's value of `e` at the point (80 digits), or undefined where it is undefined. */
function lscertValue(e: Expr, pt: Point): number | undefined {
  try {
    const v = evalDecimal(e, pt.x.map(dec))?.toNumber();
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined; // OracleSkip: an argument too large for the 80-digit oracle
  }
}

/** lscert's expression `e` against nerdamer's output text at one point. */
function compareAt(e: Expr, ntext: string, pt: Point): Outcome {
  const l = lscertValue(e, pt);
  if (l === undefined) return { kind: 'skip', why: 'lscert undefined' };
  if (!pt.values.has(ntext)) pt.values.set(ntext, nerdamerValue(ntext, pt.scope));
  const n = pt.values.get(ntext);
  if (n === undefined) return { kind: 'skip', why: 'nerdamer undefined' };
  return close(l, n) ? { kind: 'agree' } : { kind: 'disagree', lscert: l, nerdamer: n };
}

/** Points closer than this to a kink (|guard| < KINK) are not used for derivatives. */
const KINK = 1e-6;

/** Whether the point is within KINK of a kink of `term` (abs, relu: argument 0; max, min: arguments equal). */
function nearKink(term: Expr, pt: Point): boolean {
  return kinkGuards(term).some((s) => {
    const g = lscertValue(s.guard, pt);
    return g === undefined || Math.abs(g) < KINK;
  });
}

/** Counts of one kind of comparison, with the disagreements spelled out. */
class Tally {
  compared = 0;
  skipped = 0;
  readonly skips = new Map<string, number>();
  readonly disagreements: string[] = [];

  record(o: Outcome, what: string): void {
    if (o.kind === 'skip') return this.skip(o.why);
    this.compared++;
    if (o.kind === 'disagree') this.disagreements.push(`${what}: lscert ${o.lscert}, nerdamer ${o.nerdamer}`);
  }

  skip(why: string): void {
    this.skipped++;
    this.skips.set(why, (this.skips.get(why) ?? 0) + 1);
  }

  get summary(): string {
    const skips = [...this.skips].map(([w, n]) => `${n} ${w}`).join(', ');
    return `${this.compared} compared, ${this.skipped} skipped${skips ? ` (${skips})` : ''}, ${this.disagreements.length} disagree`;
  }

  /** No disagreement, at least `min` comparisons, and at least 90 % of the attempts compared (not vacuous). */
  check(min: number): string {
    expect(this.disagreements, `${this.summary}:\n${this.disagreements.slice(0, 10).join('\n')}`).toEqual([]);
    expect(this.compared, this.summary).toBeGreaterThanOrEqual(min);
    expect(this.compared / (this.compared + this.skipped), this.summary).toBeGreaterThanOrEqual(0.9);
    return this.summary;
  }
}

// ---------------------------------------------------------------------------------------
// The terms

interface Case {
  /** the problem file (or 'coverage') */
  readonly file: string;
  /** file and term, for messages */
  readonly origin: string;
  readonly variables: readonly string[];
  readonly term: Expr;
  /** the term text in nerdamer's syntax */
  readonly ntext: string;
  readonly points: readonly Point[];
}

/** Random points per problem (every term of a problem is compared at the same points). */
const POINTS = 6;
/** Hessians: of the first HESSIAN_TERMS distinct terms of each file, at the first HESSIAN_POINTS points (nerdamer's second derivatives of the relu-net terms take ~0.25 s each). */
const HESSIAN_TERMS = 2;
const HESSIAN_POINTS = 2;
/** Gradients of the objectives: at the first OBJECTIVE_POINTS points. */
const OBJECTIVE_POINTS = 3;

interface Catalogue {
  readonly files: string[];
  /** every distinct term (a term repeated in another file with the same variables and box is kept once) */
  readonly terms: Case[];
  /** the objective f = (1/n) Σ f_i of every file (kept once where files repeat a problem) */
  readonly objectives: Case[];
}

function loadCatalogue(): Catalogue {
  const rand = rng(0x8e5);
  const seen = new Set<string>();
  const out: Catalogue = { files: [], terms: [], objectives: [] };
  for (const dir of ['examples', 'examples/paper', 'examples/ci']) {
    const names = readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    for (const name of names) {
      const file = `${dir}/${name}`;
      const p = loadProblemFile(join(ROOT, file));
      out.files.push(file);
      const box: Box = p.domain.map((b) => [b.loEnclosure.lo, b.hiEnclosure.hi] as const);
      const points = Array.from({ length: POINTS }, () => randomPoint(box, rand));
      const ntexts = p.termTexts.map((t) => toNerdamer(t, p.variables, p.parameters));
      p.terms.forEach((term, i) => {
        const key = `${p.variables.join(',')}|${JSON.stringify(box)}|${p.termTexts[i]}`;
        if (seen.has(key)) return;
        seen.add(key);
        out.terms.push({ file, origin: `${file} terms[${i}]`, variables: p.variables, term, ntext: ntexts[i]!, points });
      });
      const fkey = `${p.variables.join(',')}|${JSON.stringify(box)}|${p.termTexts.join(';')}`;
      if (p.terms.length > 1 && !seen.has(fkey)) {
        // (a one-term f is its term)
        seen.add(fkey);
        // Each term scaled on its own, not (1/n)*(t1+t2): nerdamer 1.1.13's diff loses a sign on a
        // scaled sum, e.g. diff('((y-z)^2+x)/2', 'z') = -z+y (the test below keeps that on record).
        const ftext = ntexts.map((t) => `(1/${ntexts.length})*(${t})`).join('+');
        out.objectives.push({ file, origin: `${file} f`, variables: p.variables, term: objective(p), ntext: ftext, points });
      }
    }
  }
  return out;
}

/** Hand-written terms with every function of the language (no bundled problem has log, sqrt, sin, abs, max, …). */
const COVERAGE_TERMS: readonly string[] = [
  'log(1 + x^2) * sin(y) - cos(x*y)^2',
  'sqrt(x + y^2) + 1/(1 + x)', // sqrt only in a sum: see the nerdamer bug above
  'tanh(x - 2*y)^3 + log1p(x*y/4)',
  'exp(-x*y) * pi + e^(x/2) - 2.5e-1*x',
  'abs(x - y) * exp(x) + relu(y - x/2)',
  'max(x, y^2) - min(x*y, 1/3)',
  'x^y + square(y) + pow(x, 1/3)',
  'sigmoid(3*y - x) * softplus(x - y) + log(x)',
  '(x^2 + y) / (x - y^2 + 3)',
];
const COVERAGE_POINTS = 12;

function coverageCases(): Case[] {
  const rand = rng(0x5eed);
  const variables = ['x', 'y'];
  const box: Box = [
    [0.25, 2],
    [-1.5, 1.5],
  ];
  return COVERAGE_TERMS.map((text, i) => ({
    file: 'coverage',
    origin: `coverage[${i}] ${text}`,
    variables,
    term: parseExpr(text, { variables }),
    ntext: toNerdamer(text, variables),
    points: Array.from({ length: COVERAGE_POINTS }, () => randomPoint(box, rand)),
  }));
}

/** The functions called in `e`. */
function callsOf(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case 'add':
      e.terms.forEach((t) => callsOf(t, out));
      break;
    case 'mul':
      e.factors.forEach((t) => callsOf(t, out));
      break;
    case 'div':
      callsOf(e.num, out);
      callsOf(e.den, out);
      break;
    case 'pow':
      callsOf(e.base, out);
      callsOf(e.exponent, out);
      break;
    case 'neg':
      callsOf(e.arg, out);
      break;
    case 'call':
      out.add(e.fn);
      e.args.forEach((t) => callsOf(t, out));
      break;
    default:
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The comparisons

/**
 * First derivatives: for each (term, variable, point) triple away from kinks, lscert's
 * derivative, simplify(derivative) and simplify(derivative, { expand: false }) all agree with
 * nerdamer.diff of the term text. A triple counts as compared when all three forms are.
 */
function firstDerivatives(cases: readonly Case[]): Tally {
  const t = new Tally();
  for (const c of cases) {
    c.variables.forEach((v, k) => {
      const d = derivative(c.term, k);
      const forms: [string, Expr][] = [
        ['derivative', d],
        ['simplify', simplify(d)],
        ['simplify(expand: false)', simplify(d, { expand: false })],
      ];
      const nd = ndiff(c.ntext, k);
      for (const pt of c.points) {
        if (nearKink(c.term, pt)) {
          t.skip('near a kink');
          continue;
        }
        const outcomes = forms.map(([name, e]) => [name, compareAt(e, nd, pt)] as const);
        const skip = outcomes.find(([, o]) => o.kind === 'skip');
        const bad = outcomes.find(([, o]) => o.kind === 'disagree');
        t.record(skip?.[1] ?? bad?.[1] ?? { kind: 'agree' }, `${c.origin} d/d${v} (${bad?.[0]}) at ${pt.label}`);
      }
    });
  }
  return t;
}

/** Values: for each (term, point), the parsed term, simplify(term) and simplify(term, { expand: false }) against nerdamer's reading of the text. */
function values(cases: readonly Case[]): Tally {
  const t = new Tally();
  for (const c of cases) {
    const forms: [string, Expr][] = [
      ['parsed', c.term],
      ['simplify', simplify(c.term)],
      ['simplify(expand: false)', simplify(c.term, { expand: false })],
    ];
    const nparsed = nerdamer(c.ntext).toString(); // the functions of NERDAMER_FUNCTIONS expanded
    for (const pt of c.points) {
      const outcomes = forms.map(([name, e]) => [name, compareAt(e, nparsed, pt)] as const);
      const skip = outcomes.find(([, o]) => o.kind === 'skip');
      const bad = outcomes.find(([, o]) => o.kind === 'disagree');
      t.record(skip?.[1] ?? bad?.[1] ?? { kind: 'agree' }, `${c.origin} (${bad?.[0]}) at ${pt.label}`);
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------

describe('nerdamer as a second symbolic oracle (issue [8] §5)', () => {
  const catalogue = loadCatalogue();
  const terms = catalogue.terms;
  const coverage = coverageCases();
  const pairs = terms.reduce((s, c) => s + c.variables.length, 0);
  const hessianTerms = terms.filter((c, i) => terms.slice(0, i).filter((x) => x.file === c.file).length < HESSIAN_TERMS);
  const hessianEntries = hessianTerms.reduce((s, c) => s + (c.variables.length * (c.variables.length + 1)) / 2, 0);
  const objectives = catalogue.objectives.map((c) => ({ ...c, points: c.points.slice(0, OBJECTIVE_POINTS) }));
  const objectivePairs = objectives.reduce((s, c) => s + c.variables.length, 0);

  it(`the catalogue: ${catalogue.files.length} problem files, ${terms.length} distinct terms; nerdamer reads each with lscert's variables`, () => {
    // examples/*.yaml (8 files), examples/paper/*.yaml (11), examples/ci/loss.yaml (1)
    expect(catalogue.files.length, catalogue.files.join(' ')).toBeGreaterThanOrEqual(20);
    expect(terms.length).toBeGreaterThanOrEqual(40);
    for (const c of [...terms, ...coverage]) {
      const ours = [...freeVariables(c.term)].map(nvar).sort();
      const theirs = nerdamer(c.ntext)
        .variables()
        .filter((v) => v !== EULER)
        .sort();
      expect(theirs, `${c.origin}: ${c.ntext}`).toEqual(ours);
    }
  });

  it(`values: lscert's parsed and simplified terms (${terms.length} terms × ${POINTS} points)`, async ({ annotate }) => {
    await annotate(values(terms).check(0.9 * POINTS * terms.length));
  });

  it(`first derivatives: lscert's derivative, simplified and not, against nerdamer.diff (${pairs} term-variable pairs × ${POINTS} points)`, async ({
    annotate,
  }) => {
    await annotate(firstDerivatives(terms).check(0.9 * POINTS * pairs));
  });

  it(`gradients of the objectives f = (1/n) Σ f_i (${objectives.length} problems with several terms, ${objectivePairs} partials × ${OBJECTIVE_POINTS} points)`, async ({
    annotate,
  }) => {
    await annotate(firstDerivatives(objectives).check(0.9 * OBJECTIVE_POINTS * objectivePairs));
  });

  it(`second derivatives: hessian(term, d, simplify) against nerdamer's (${hessianTerms.length} terms, ${hessianEntries} entries × ${HESSIAN_POINTS} points)`, async ({
    annotate,
  }) => {
    const t = new Tally();
    for (const c of hessianTerms) {
      const h = hessian(c.term, c.variables.length, (e) => simplify(e));
      const grads = c.variables.map((_, i) => ndiff(c.ntext, i));
      const pts = c.points.slice(0, HESSIAN_POINTS);
      for (let i = 0; i < c.variables.length; i++) {
        for (let j = i; j < c.variables.length; j++) {
          const nd = ndiff(grads[i]!, j);
          for (const pt of pts) {
            if (nearKink(c.term, pt)) t.skip('near a kink');
            else t.record(compareAt(h[i]![j]!, nd, pt), `${c.origin} d2/d${c.variables[i]}d${c.variables[j]} at ${pt.label}`);
          }
        }
      }
    }
    await annotate(t.check(0.9 * HESSIAN_POINTS * hessianEntries));
  });

  it(`every function of the language: ${COVERAGE_TERMS.length} hand-written terms × ${COVERAGE_POINTS} points, values and first derivatives`, async ({
    annotate,
  }) => {
    const used = new Set<string>();
    for (const c of coverage) callsOf(c.term, used);
    expect([...used].sort()).toEqual(['abs', 'cos', 'exp', 'log', 'log1p', 'max', 'min', 'relu', 'sigmoid', 'sin', 'softplus', 'sqrt', 'tanh']);
    const v = values(coverage).check(0.9 * COVERAGE_POINTS * coverage.length);
    const d = firstDerivatives(coverage).check(0.9 * COVERAGE_POINTS * 2 * coverage.length);
    await annotate(`values: ${v}; first derivatives: ${d}`);
  });

  it('negative controls: the comparison catches a wrong derivative and a relative error of 1e-6, and kinks are seen', async ({ annotate }) => {
    // d/dx x^3 = 3x^2: the claim 2x^2 disagrees at every point, the claim 3x^2 agrees.
    const rand = rng(7);
    const pts = Array.from({ length: 10 }, () => randomPoint([[-2, 2]], rand));
    const nd = ndiff(toNerdamer('x^3', ['x']), 0);
    const claim = (text: string) => pts.map((pt) => compareAt(parseExpr(text, { variables: ['x'] }), nd, pt).kind);
    expect(claim('2*x^2')).toEqual(new Array(10).fill('disagree'));
    expect(claim('3*x^2')).toEqual(new Array(10).fill('agree'));

    // The oracle's own known fault, why objectives are written as Σ (1/n)*(t_i): on a scaled sum
    // nerdamer's diff loses a sign, d/dz ((y-z)^2 + x)/2 = z - y but nerdamer says -z+y.
    const yz = ['x', 'y', 'z'];
    const at = pointAt([Rational.of(1), Rational.of(2), Rational.of(-1)]);
    expect(compareAt(parseExpr('z - y', { variables: yz }), ndiff(toNerdamer('((y-z)^2+x)/2', yz), 2), at).kind).toBe('disagree');
    expect(compareAt(parseExpr('z - y', { variables: yz }), ndiff(toNerdamer('(1/2)*((y-z)^2)+(1/2)*(x)', yz), 2), at).kind).toBe('agree');

    // Kinks are seen: abs(x - y) on x = y, max(x, y^2) on x = y^2, relu-net's relu(W_0_0 + W_0_1/2) on W_0_1 = -2 W_0_0.
    const xy = ['x', 'y'];
    expect(nearKink(parseExpr('abs(x - y)', { variables: xy }), pointAt([Rational.of(1, 3), Rational.of(1, 3)]))).toBe(true);
    expect(nearKink(parseExpr('max(x, y^2)', { variables: xy }), pointAt([Rational.of(1, 4), Rational.of(-1, 2)]))).toBe(true);
    expect(nearKink(parseExpr('max(x, y^2)', { variables: xy }), pointAt([Rational.of(1, 4), Rational.of(-1, 3)]))).toBe(false);
    const relu = terms.find((c) => c.origin === 'examples/relu-net.yaml terms[0]')!;
    expect(nearKink(relu.term, pointAt([Rational.of(1, 3), Rational.of(-2, 3), Rational.ZERO, Rational.ONE, Rational.ONE, Rational.ONE]))).toBe(true);

    // Every catalogue derivative times (1 + 1e-6) disagrees wherever the derivative is not tiny.
    const factor = build.num(Rational.of(1000001, 1000000));
    let caught = 0;
    const missed: string[] = [];
    for (const c of terms) {
      c.variables.forEach((v, k) => {
        const d = derivative(c.term, k);
        const ndk = ndiff(c.ntext, k);
        for (const pt of c.points.slice(0, 2)) {
          const dv = lscertValue(d, pt);
          if (nearKink(c.term, pt) || dv === undefined || Math.abs(dv) < 1e-4) continue;
          if (compareAt(build.mul(factor, d), ndk, pt).kind === 'disagree') caught++;
          else missed.push(`${c.origin} d/d${v} × (1 + 1e-6) at ${pt.label}`);
        }
      });
    }
    expect(missed, missed.slice(0, 10).join('\n')).toEqual([]);
    expect(caught).toBeGreaterThanOrEqual(200);
    await annotate(`x^3: 10 + 10 points; 1e-6: ${caught} of ${caught} perturbed derivatives caught`);
  });
});
