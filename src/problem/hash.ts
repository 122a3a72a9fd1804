import { createHash } from 'node:crypto';
import type { Expr } from '../expr/index.js';
import type { Problem } from './types.js';

/** A JSON-ready canonical form of an expression tree (exact: rationals as "num/den"). */
export function canonicalExpr(e: Expr): unknown {
  switch (e.kind) {
    case 'num':
      return ['n', e.value.toString()];
    case 'const':
      // root(p, t, lo, hi): p's coefficients (low degree first, as algebraicRoot normalizes them), lo, hi, t
      return e.name === 'root' ? ['c', 'root', e.root.coeffs.map(String), e.root.lo.toString(), e.root.hi.toString(), e.root.variable] : ['c', e.name];
    case 'var':
      return ['v', e.index];
    case 'add':
      return ['+', ...e.terms.map(canonicalExpr)];
    case 'mul':
      return ['*', ...e.factors.map(canonicalExpr)];
    case 'div':
      return ['/', canonicalExpr(e.num), canonicalExpr(e.den)];
    case 'pow':
      return ['^', canonicalExpr(e.base), canonicalExpr(e.exponent)];
    case 'neg':
      return ['-', canonicalExpr(e.arg)];
    case 'call':
      return ['f', e.fn, ...e.args.map(canonicalExpr)];
  }
}

/**
 * The canonical JSON text of everything that defines the mathematical claim: name,
 * variables, parameters, terms, domain, minimizers, fstar, termMinima (not the source
 * path nor the term texts). Equal problems give equal text.
 */
export function canonicalProblem(p: Omit<Problem, 'hash'>): string {
  const c = canonicalExpr;
  const m = p.minimizers;
  return JSON.stringify({
    format: 'lscert-problem/1',
    name: p.name,
    variables: p.variables,
    parameters: [...p.parameters].map(([k, v]) => [k, c(v)]),
    terms: p.terms.map(c),
    domain: p.domain.map((b) => [c(b.lo), c(b.hi)]),
    minimizers:
      m.kind === 'points'
        ? { points: m.points.map((pt) => pt.map(c)) }
        : m.kind === 'affine'
          ? { A: m.A.map((r) => r.map(c)), b: m.b.map(c) }
          : m.kind === 'projection'
            ? { projection: m.map.map(c) }
            : m.kind === 'implicit'
              ? { implicit: m.equations.map(c) }
              : m.symmetry
                ? { auto: true, symmetry: m.symmetry.map(c) }
                : { auto: true },
    fstar: p.fstar ? c(p.fstar) : null,
    termMinima: p.termMinima ? p.termMinima.map(c) : null,
  });
}

/** sha256 (hex) of `canonicalProblem(p)`. */
export function problemHash(p: Omit<Problem, 'hash'>): string {
  return createHash('sha256').update(canonicalProblem(p)).digest('hex');
}
