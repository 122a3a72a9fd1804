import { Rational } from '../exact/rational.js';
import * as b from './build.js';
import { freeVariables, substitute } from './substitute.js';
import { structuralKey } from './print.js';
import { simplify } from './simplify.js';
import { canonicalForm } from './symmetry.js';
import type { Expr } from './types.js';

/**
 * Linear structure (issue [10] §2, docs/engine.md "Linear forms"): when every term depends on
 * x ∈ R^d only through k < d linear forms y = W x, a residual built from them is a function of
 * y alone, and a claim over a box B is decided over the interval hull of W·B instead of B.
 *
 * Everything here is exact: the forms are collected as rational coefficient vectors, W is their
 * reduced row echelon basis, and the change of variables x = X(y, z) below is a bijection of
 * R^d, so e(x) = ẽ(W x) for every x where e is defined as soon as canonicalForm(e ∘ X) contains no
 * z (the simplifier rewrites by exact identities only; see simplify.ts).
 */

/** a·x + c with rational coefficients. */
export interface AffineForm {
  readonly coef: readonly Rational[];
  readonly c: Rational;
}

/**
 * `e` as an affine form in variables 0 … d−1, or null when it is not one (a product of two
 * non-constant factors, a function call, π or e, a variable d or beyond, a power other than 1).
 */
export function affineOf(e: Expr, d: number): AffineForm | null {
  const zero = (): Rational[] => new Array<Rational>(d).fill(Rational.ZERO);
  const scale = (a: AffineForm, s: Rational): AffineForm => ({ coef: a.coef.map((v) => v.mul(s)), c: a.c.mul(s) });
  switch (e.kind) {
    case 'num':
      return { coef: zero(), c: e.value };
    case 'var': {
      if (e.index >= d) return null;
      const coef = zero();
      coef[e.index] = Rational.ONE;
      return { coef, c: Rational.ZERO };
    }
    case 'neg': {
      const a = affineOf(e.arg, d);
      return a && scale(a, Rational.MINUS_ONE);
    }
    case 'add': {
      const coef = zero();
      let c = Rational.ZERO;
      for (const t of e.terms) {
        const a = affineOf(t, d);
        if (!a) return null;
        a.coef.forEach((v, j) => {
          coef[j] = coef[j]!.add(v);
        });
        c = c.add(a.c);
      }
      return { coef, c };
    }
    case 'mul': {
      let s = Rational.ONE;
      let rest: AffineForm | null = null;
      for (const f of e.factors) {
        if (f.kind === 'num') {
          s = s.mul(f.value);
          continue;
        }
        if (rest) return null;
        rest = affineOf(f, d);
        if (!rest) return null;
      }
      return rest ? scale(rest, s) : { coef: zero(), c: s };
    }
    case 'div': {
      if (e.den.kind !== 'num' || e.den.value.isZero()) return null;
      const a = affineOf(e.num, d);
      return a && scale(a, Rational.ONE.div(e.den.value));
    }
    case 'pow':
      return e.exponent.kind === 'num' && e.exponent.value.isOne() ? affineOf(e.base, d) : null;
    default:
      return null;
  }
}

/**
 * The coefficient vectors of the maximal affine subexpressions of `exprs` that involve a variable
 * (every occurrence of a variable lies in exactly one of them).
 */
export function linearFormsOf(exprs: readonly Expr[], d: number): Rational[][] {
  const out: Rational[][] = [];
  const walk = (e: Expr): void => {
    const a = affineOf(e, d);
    if (a) {
      if (a.coef.some((v) => !v.isZero())) out.push([...a.coef]);
      return;
    }
    switch (e.kind) {
      case 'add':
        return e.terms.forEach(walk);
      case 'mul':
        return e.factors.forEach(walk);
      case 'div':
        walk(e.num);
        return walk(e.den);
      case 'pow':
        walk(e.base);
        return walk(e.exponent);
      case 'neg':
        return walk(e.arg);
      case 'call':
        return e.args.forEach(walk);
      default:
        return;
    }
  };
  exprs.forEach(walk);
  return out;
}

/**
 * The reduced row echelon form of `rows` without its zero rows (exact): a basis W of their span
 * whose pivot columns hold the identity. `pivots[i]` is the pivot column of row i.
 */
export function rowEchelon(rows: readonly (readonly Rational[])[], d: number): { W: Rational[][]; pivots: number[] } {
  const m = rows.map((r) => [...r]);
  const pivots: number[] = [];
  let r = 0;
  for (let j = 0; j < d && r < m.length; j++) {
    const p = m.findIndex((row, i) => i >= r && !row[j]!.isZero());
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    const inv = Rational.ONE.div(m[r]![j]!);
    m[r] = m[r]!.map((v) => v.mul(inv));
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i]![j]!.isZero()) continue;
      const f = m[i]![j]!;
      m[i] = m[i]!.map((v, jj) => v.sub(f.mul(m[r]![jj]!)));
    }
    pivots.push(j);
    r++;
  }
  return { W: m.slice(0, r), pivots };
}

/**
 * The change of variables x = X(y, z) for W in reduced row echelon form (k × d, pivot columns
 * `pivots`): the free coordinates are z (x_f = z_f), and each pivot coordinate is solved from
 * W x = y (x_{p_i} = y_i − Σ_f W_{i f} z_f). A bijection of R^d with W·X(y, z) = y. The y_i are
 * variables yBase + i, the z_f variables zBase + f.
 */
export function changeOfVariables(W: readonly (readonly Rational[])[], pivots: readonly number[], d: number, yBase: number, zBase: number): Expr[] {
  const x: Expr[] = Array.from({ length: d }, (_, j) => b.variable(zBase + j, `z${j + 1}`));
  pivots.forEach((p, i) => {
    const terms: Expr[] = [b.variable(yBase + i, `y${i + 1}`)];
    for (let f = 0; f < d; f++) {
      if (pivots.includes(f) || W[i]![f]!.isZero()) continue;
      terms.push(b.mul(b.num(W[i]![f]!.neg()), b.variable(zBase + f, `z${f + 1}`)));
    }
    x[p] = b.add(...terms);
  });
  return x;
}

/** A linear structure of a residual system: y = W x with k = W.length < d. */
export interface LinearStructure {
  readonly W: Rational[][];
  readonly pivots: number[];
  readonly d: number;
}

/** The linear structure of `terms` in d variables (rank < d), or null when they use all d directions. */
export function linearStructure(terms: readonly Expr[], d: number): LinearStructure | null {
  // Independent rows first, row by row, stopping at rank d (the usual answer for many terms in
  // many variables): eliminating every row against every pivot took 1.7 s on 200 terms in 40
  // variables (exact rationals), before any time limit could apply. They span the same space as
  // all the rows, so their reduced row echelon form (unique for the space) is W.
  const basis = independentRows(linearFormsOf(terms, d), d);
  if (basis.length === 0 || basis.length === d) return null;
  const { W, pivots } = rowEchelon(basis, d);
  return { W, pivots, d };
}

/** Rows of `rows` reduced against those kept before them, the nonzero ones kept (scaled), up to d of them: a basis of the span. */
function independentRows(rows: readonly (readonly Rational[])[], d: number): Rational[][] {
  const basis: { row: Rational[]; pivot: number }[] = [];
  for (const r of rows) {
    const v = [...r];
    for (const { row, pivot } of basis) {
      const c = v[pivot]!;
      if (c.isZero()) continue;
      for (let j = 0; j < d; j++) if (!row[j]!.isZero()) v[j] = v[j]!.sub(c.mul(row[j]!));
    }
    const pivot = v.findIndex((x) => !x.isZero());
    if (pivot < 0) continue;
    const inv = Rational.ONE.div(v[pivot]!);
    basis.push({ row: v.map((x) => x.mul(inv)), pivot });
    if (basis.length === d) break;
  }
  return basis.map((b) => b.row);
}

/**
 * `e` (variables 0 … d−1 are x, d … d+slots−1 are constants' slots) as an expression in y
 * (variables 0 … k−1) and the slots (variables k … k+slots−1), proved equal to e(x) at y = W x
 * wherever e is defined, or null: e depends on more than W x after canonical simplification (or
 * uses another variable). `light`: the structure-preserving simplification instead of the
 * canonical one (it collects like terms, so linear forms still collapse, but keeps products and
 * denominators unexpanded). Throws SimplifyTimeout past `deadline`.
 */
export function reduceExpr(e: Expr, s: LinearStructure, slots: number, deadline?: number, light = false): Expr | null {
  const k = s.W.length;
  const d = s.d;
  const zBase = k + slots;
  const X = changeOfVariables(s.W, s.pivots, d, 0, zBase);
  let other = false;
  const sub = substitute(e, (i) => {
    if (i < d) return X[i];
    if (i < d + slots) return b.variable(k + (i - d), `slot${i - d}`);
    other = true;
    return undefined;
  });
  if (other) return null;
  // light: only constants folded and like terms collected (structure kept for interval bounds).
  const c = light ? simplify(sub, { expand: false, ...(deadline !== undefined && { deadline }) }) : canonicalForm(sub, deadline);
  for (const v of freeVariables(c)) if (v >= zBase) return null;
  return c;
}

/** y_i = (row i of W)·x as text ("x1 + x2 + x3"). */
export function formText(row: readonly Rational[], names: readonly string[]): string {
  const parts: string[] = [];
  row.forEach((v, j) => {
    if (v.isZero()) return;
    const mag = v.abs();
    const coef = mag.isOne() ? '' : `${mag.toString()}*`;
    parts.push(`${parts.length === 0 ? (v.sign() < 0 ? '-' : '') : v.sign() < 0 ? ' - ' : ' + '}${coef}${names[j]}`);
  });
  return parts.join('');
}

/** The exact range of each y_i = (row i of W)·x over the box [lo, hi] (finite bounds). */
export function linearImage(W: readonly (readonly Rational[])[], lo: readonly number[], hi: readonly number[]): { lo: Rational[]; hi: Rational[] } {
  const range = (row: readonly Rational[]) => {
    let a = Rational.ZERO;
    let c = Rational.ZERO;
    row.forEach((w, j) => {
      const l = Rational.fromNumber(lo[j]!);
      const h = Rational.fromNumber(hi[j]!);
      a = a.add(w.mul(w.sign() >= 0 ? l : h));
      c = c.add(w.mul(w.sign() >= 0 ? h : l));
    });
    return [a, c] as const;
  };
  const r = W.map(range);
  return { lo: r.map((x) => x[0]), hi: r.map((x) => x[1]) };
}

/**
 * The forms of one residual (equivalent expressions in x and the slots) reduced to y: for each
 * form, the structure-preserving simplification and the canonical one of e ∘ X, kept when free
 * of z (duplicates dropped). Null when no form reduces: the residual is not proved to depend on
 * x through W x only. Deterministic, so that the search and the certificate checker (which both
 * call it on the same forms) bound the same expressions.
 */
export function reduceForms(forms: readonly Expr[], s: LinearStructure, slots: number, deadline?: number): Expr[] | null {
  const out: Expr[] = [];
  const seen = new Set<string>();
  const keep = (e: Expr | null) => {
    if (!e) return;
    const key = structuralKey(e);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(e);
  };
  for (const f of forms) {
    keep(reduceExpr(f, s, slots, deadline, true));
    keep(reduceExpr(f, s, slots, deadline));
  }
  return out.length ? out : null;
}
