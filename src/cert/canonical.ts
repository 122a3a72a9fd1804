import { Rational } from '../exact/rational.js';
import { FN_ARITY, encloseConstant, toText, type Expr, type FnName } from '../expr/index.js';
import { problemHash } from '../problem/index.js';
import type { BoxBound, Minimizers, Problem } from '../problem/index.js';

/** A certificate part that does not decode; the checker turns it into a failure reason. */
export class CertDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertDecodeError';
  }
}

const bad = (what: string, v: unknown): never => {
  throw new CertDecodeError(`${what}: unexpected ${JSON.stringify(v)?.slice(0, 80) ?? String(v)}`);
};

const RATIONAL = /^-?(0|[1-9]\d*)(\/[1-9]\d*)?$/;

/**
 * Decodes a canonical expression (`canonicalExpr`) into raw expression nodes, exactly as
 * written (no smart constructors: re-encoding must give the same text, hence the same
 * hash). `variables` names the variables; an index outside them fails.
 */
export function exprFromCanonical(v: unknown, variables: readonly string[], where = 'expression'): Expr {
  if (!Array.isArray(v) || v.length === 0 || typeof v[0] !== 'string') return bad(where, v);
  const [tag, ...rest] = v as [string, ...unknown[]];
  const sub = (x: unknown) => exprFromCanonical(x, variables, where);
  switch (tag) {
    case 'n': {
      const s = rest[0];
      if (rest.length !== 1 || typeof s !== 'string' || !RATIONAL.test(s)) return bad(where, v);
      const [num, den = '1'] = s.split('/');
      return { kind: 'num', value: Rational.of(BigInt(num!), BigInt(den)) };
    }
    case 'c':
      if (rest.length !== 1 || (rest[0] !== 'pi' && rest[0] !== 'e')) return bad(where, v);
      return { kind: 'const', name: rest[0] };
    case 'v': {
      const i = rest[0];
      if (rest.length !== 1 || typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= variables.length) return bad(where, v);
      return { kind: 'var', index: i, name: variables[i]! };
    }
    case '+':
    case '*':
      if (rest.length === 0) return bad(where, v);
      return tag === '+' ? { kind: 'add', terms: rest.map(sub) } : { kind: 'mul', factors: rest.map(sub) };
    case '/':
    case '^':
      if (rest.length !== 2) return bad(where, v);
      return tag === '/' ? { kind: 'div', num: sub(rest[0]), den: sub(rest[1]) } : { kind: 'pow', base: sub(rest[0]), exponent: sub(rest[1]) };
    case '-':
      if (rest.length !== 1) return bad(where, v);
      return { kind: 'neg', arg: sub(rest[0]) };
    case 'f': {
      const fn = rest[0];
      if (typeof fn !== 'string' || !Object.hasOwn(FN_ARITY, fn) || rest.length - 1 !== FN_ARITY[fn as FnName]) return bad(where, v);
      return { kind: 'call', fn: fn as FnName, args: rest.slice(1).map(sub) };
    }
    default:
      return bad(where, v);
  }
}

const list = (v: unknown, what: string): unknown[] => (Array.isArray(v) ? v : bad(what, v));

/**
 * Rebuilds a Problem from its canonical JSON object (the `problem.canonical` field of a
 * certificate) and recomputes its hash. Throws CertDecodeError on anything malformed.
 * `source` is "certificate"; term texts are re-printed from the expressions.
 */
export function problemFromCanonical(obj: unknown): Problem {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return bad('problem', obj);
  const o = obj as Record<string, unknown>;
  if (o.format !== 'lscert-problem/1') return bad('problem.format', o.format);
  if (typeof o.name !== 'string') return bad('problem.name', o.name);
  const variables = list(o.variables, 'problem.variables').map((v) => (typeof v === 'string' ? v : bad('problem.variables', v)));
  if (variables.length === 0) return bad('problem.variables', o.variables);
  const ex = (v: unknown, where: string) => exprFromCanonical(v, variables, where);
  const constant = (v: unknown, where: string) => exprFromCanonical(v, [], where);
  const parameters = new Map<string, Expr>(
    list(o.parameters, 'problem.parameters').map((kv) => {
      const pair = list(kv, 'problem.parameters');
      if (pair.length !== 2 || typeof pair[0] !== 'string') return bad('problem.parameters', kv);
      return [pair[0], constant(pair[1], `parameter ${pair[0]}`)];
    }),
  );
  const terms = list(o.terms, 'problem.terms').map((t, i) => ex(t, `terms[${i}]`));
  if (terms.length === 0) return bad('problem.terms', o.terms);
  const domainRaw = list(o.domain, 'problem.domain');
  if (domainRaw.length !== variables.length) return bad('problem.domain', o.domain);
  const domain: BoxBound[] = domainRaw.map((pr, j) => {
    const pair = list(pr, 'problem.domain');
    if (pair.length !== 2) return bad('problem.domain', pr);
    const lo = constant(pair[0], `domain.${variables[j]}`);
    const hi = constant(pair[1], `domain.${variables[j]}`);
    return { variable: variables[j]!, lo, hi, loEnclosure: encloseConstant(lo), hiEnclosure: encloseConstant(hi) };
  });
  const fstar = o.fstar === null ? undefined : constant(o.fstar, 'fstar');
  const termMinima = o.termMinima === null ? undefined : list(o.termMinima, 'termMinima').map((v, i) => constant(v, `termMinima[${i}]`));
  if (termMinima && termMinima.length !== terms.length) return bad('problem.termMinima', o.termMinima);
  const p: Omit<Problem, 'hash'> = {
    name: o.name,
    source: 'certificate',
    variables,
    parameters,
    terms,
    termTexts: terms.map((t) => toText(t)),
    termOrigins: terms.map((_, i) => `terms[${i}]`),
    domain,
    minimizers: minimizersFrom(o.minimizers, variables),
    ...(fstar ? { fstar } : {}),
    ...(termMinima ? { termMinima } : {}),
  };
  return { ...p, hash: problemHash(p) };
}

function minimizersFrom(v: unknown, variables: readonly string[]): Minimizers {
  const d = variables.length;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad('problem.minimizers', v);
  const m = v as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  const vec = (x: unknown, n: number, vars: readonly string[], what: string) => {
    const l = list(x, what);
    if (l.length !== n) return bad(what, x);
    return l.map((e) => exprFromCanonical(e, vars, what));
  };
  if (keys === 'points') {
    const pts = list(m.points, 'minimizers.points').map((pt) => vec(pt, d, [], 'minimizers.points'));
    return pts.length ? { kind: 'points', points: pts } : bad('minimizers.points', m.points);
  }
  if (keys === 'A,b') {
    const A = list(m.A, 'minimizers.A').map((row) => vec(row, d, [], 'minimizers.A'));
    const b = vec(m.b, A.length, [], 'minimizers.b');
    return A.length ? { kind: 'affine', A, b } : bad('minimizers.A', m.A);
  }
  if (keys === 'projection') return { kind: 'projection', map: vec(m.projection, d, variables, 'minimizers.projection') };
  if (keys === 'auto' && m.auto === true) return { kind: 'auto' };
  if (keys === 'auto,symmetry' && m.auto === true) return { kind: 'auto', symmetry: vec(m.symmetry, d, variables, 'minimizers.symmetry') };
  return bad('problem.minimizers', v);
}
