import { AlgebraicError, algebraicRoot, MAX_ROOT_DEGREE } from '../exact/algebraic.js';
import { Rational } from '../exact/rational.js';
import { FN_ARITY, encloseConstant, toText, type Expr, type FnName } from '../expr/index.js';
import { exprLimitProblem, MAX_EXACT_DIGITS, MAX_EXPR_DEPTH } from '../expr/index.js';
import { problemHash, ProblemError } from '../problem/index.js';
import type { BoxBound, Minimizers, Problem } from '../problem/index.js';
import { buildProblem } from '../problem/build.js';
import { InputContext } from '../problem/context.js';
import { InputLimitError, MAX_CERT_VARIABLES, MAX_POINTS, tooDeep } from '../problem/limits.js';
import { MAX_TERMS } from '../problem/template/spec.js';
import { LscertError } from '../errors.js';

/** A certificate part that does not decode; the checker turns it into a failure reason. */
export class CertDecodeError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}

const bad = (what: string, v: unknown): never => {
  throw new CertDecodeError(`${what}: unexpected ${preview(v)}`);
};

/**
 * A short JSON-like preview of a value for messages: at most `max` characters, built without
 * stringifying the whole value (which may be huge or nested thousands of levels deep).
 */
export function preview(v: unknown, max = 80): string {
  class Sep {
    constructor(readonly text: string) {}
  }
  let out = '';
  const stack: unknown[] = [v];
  while (stack.length && out.length <= max) {
    const x = stack.pop();
    if (x instanceof Sep) out += x.text;
    else if (Array.isArray(x)) {
      out += '[';
      stack.push(new Sep(']'));
      for (let i = Math.min(x.length, max) - 1; i >= 0; i--) stack.push(x[i], ...(i ? [new Sep(',')] : []));
    } else if (x !== null && typeof x === 'object') {
      out += '{';
      stack.push(new Sep('}'));
      const keys = Object.keys(x).slice(0, max);
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push((x as Record<string, unknown>)[keys[i]!], new Sep(`${JSON.stringify(keys[i]!.slice(0, max))}:`), ...(i ? [new Sep(',')] : []));
    } else out += typeof x === 'string' ? JSON.stringify(x.slice(0, max + 1)) : String(x);
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

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
    case 'n':
      if (rest.length !== 1) return bad(where, v);
      return { kind: 'num', value: rationalFromCanonical(rest[0], where, v) };
    case 'c':
      if (rest[0] === 'root') return rootFromCanonical(rest, where, v);
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

/** An exact rational written "num/den" (or "num"); `v` is the node shown when it is malformed. */
function rationalFromCanonical(s: unknown, where: string, v: unknown): Rational {
  if (typeof s !== 'string') return bad(where, v);
  // Checked before the regular expression and BigInt: a 100 000-digit fraction takes
  // 25 s of gcd (its exact size is bounded again by exprLimitProblem).
  if (s.length > 2 * MAX_EXACT_DIGITS + 4)
    throw new InputLimitError(
      where,
      `a number with ${s.length} characters; exact constants are limited to ${MAX_EXACT_DIGITS} digits in numerator and denominator`,
    );
  if (!RATIONAL.test(s)) return bad(where, v);
  const [num, den = '1'] = s.split('/');
  return Rational.of(BigInt(num!), BigInt(den));
}

/**
 * ['c', 'root', [c_0, …, c_n], lo, hi, t]: the algebraic constant, its isolation proved again here
 * (algebraicRoot: Sturm's theorem on exact rationals). Coefficients not in algebraicRoot's normal
 * form re-encode differently, so the problem's hash then fails to match.
 */
function rootFromCanonical(rest: readonly unknown[], where: string, v: unknown): Expr {
  const [, coeffs, lo, hi, t] = rest;
  const exactNum = (s: unknown): Rational => rationalFromCanonical(s, where, v);
  if (rest.length !== 5 || !Array.isArray(coeffs) || typeof t !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) return bad(where, v);
  if (coeffs.length > MAX_ROOT_DEGREE + 1)
    throw new InputLimitError(where, `a root() polynomial of degree ${coeffs.length - 1}; the limit is ${MAX_ROOT_DEGREE}`);
  let r: ReturnType<typeof algebraicRoot>;
  try {
    r = algebraicRoot(coeffs.map(exactNum), exactNum(lo), exactNum(hi), t);
  } catch (err) {
    if (err instanceof AlgebraicError) throw new CertDecodeError(`${where}: root(): ${err.message}`);
    throw err;
  }
  if (r instanceof Rational) return bad(where, v); // degree 1 is written as a number
  return { kind: 'const', name: 'root', root: r };
}

/**
 * Rebuilds a Problem from its canonical JSON object (the `problem.canonical` field of a
 * certificate) and recomputes its hash. `source` is "certificate"; term texts are re-printed
 * from the expressions.
 *
 * The certificate is untrusted input: before anything is decoded the input limits apply
 * (expression depth, sizes of exact constants, number of terms, variables and points of S;
 * InputLimitError, exit 65), and the decoded problem is then validated exactly as a problem
 * file is (`buildProblem` on its printed form: names, lo ≤ hi, finite constants, points inside
 * the domain, a proved symmetry, …). Throws CertDecodeError on anything malformed or invalid.
 */
export function problemFromCanonical(obj: unknown): Problem {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return bad('problem', obj);
  const o = obj as Record<string, unknown>;
  if (o.format !== 'lscert-problem/1') return bad('problem.format', o.format);
  if (typeof o.name !== 'string') return bad('problem.name', o.name);
  const variables = list(o.variables, 'problem.variables').map((v) => (typeof v === 'string' ? v : bad('problem.variables', v)));
  if (variables.length === 0) return bad('problem.variables', o.variables);
  if (variables.length > MAX_CERT_VARIABLES)
    throw new InputLimitError(
      'problem.variables',
      `${variables.length} variables; a certificate may have at most ${MAX_CERT_VARIABLES} (the checker differentiates every residual once per variable)`,
    );
  const termsRaw = list(o.terms, 'problem.terms');
  if (termsRaw.length > MAX_TERMS) throw new InputLimitError('problem.terms', `${termsRaw.length} terms; at most ${MAX_TERMS} are supported`);
  const points = (o.minimizers as { points?: unknown } | null)?.points;
  if (Array.isArray(points) && points.length > MAX_POINTS)
    throw new InputLimitError(
      'problem.minimizers.points',
      `${points.length} points; at most ${MAX_POINTS} are supported (the nearest-point cells cost time and memory growing with the square of |S|)`,
    );
  const ex = (v: unknown, where: string) => limited(v, variables, where);
  const constant = (v: unknown, where: string) => limited(v, [], where);
  const parameters = new Map<string, Expr>();
  for (const kv of list(o.parameters, 'problem.parameters')) {
    const pair = list(kv, 'problem.parameters');
    if (pair.length !== 2 || typeof pair[0] !== 'string' || parameters.has(pair[0])) return bad('problem.parameters', kv);
    parameters.set(pair[0], constant(pair[1], `problem.parameters.${pair[0]}`));
  }
  const terms = termsRaw.map((t, i) => ex(t, `problem.terms[${i}]`));
  if (terms.length === 0) return bad('problem.terms', o.terms);
  const domainRaw = list(o.domain, 'problem.domain');
  if (domainRaw.length !== variables.length) return bad('problem.domain', o.domain);
  const bounds = domainRaw.map((pr, j) => {
    const pair = list(pr, 'problem.domain');
    if (pair.length !== 2) return bad('problem.domain', pr);
    return [constant(pair[0], `problem.domain.${variables[j]}[0]`), constant(pair[1], `problem.domain.${variables[j]}[1]`)] as const;
  });
  const fstar = o.fstar === null ? undefined : constant(o.fstar, 'problem.fstar');
  const termMinima = o.termMinima === null ? undefined : list(o.termMinima, 'problem.termMinima').map((v, i) => constant(v, `problem.termMinima[${i}]`));
  if (termMinima && termMinima.length !== terms.length) return bad('problem.termMinima', o.termMinima);
  const minimizers = minimizersFrom(o.minimizers, variables);
  validateAsProblemFile({ name: o.name, variables, parameters, terms, bounds, minimizers, fstar, termMinima });
  const domain: BoxBound[] = bounds.map(([lo, hi], j) => ({
    variable: variables[j]!,
    lo,
    hi,
    loEnclosure: encloseConstant(lo),
    hiEnclosure: encloseConstant(hi),
  }));
  const p: Omit<Problem, 'hash'> = {
    name: o.name,
    source: 'certificate',
    variables,
    parameters,
    terms,
    termTexts: terms.map((t) => toText(t)),
    termOrigins: terms.map((_, i) => `terms[${i}]`),
    domain,
    minimizers,
    ...(fstar ? { fstar } : {}),
    ...(termMinima ? { termMinima } : {}),
  };
  return { ...p, hash: problemHash(p) };
}

/**
 * Decodes one canonical expression within the input limits: its nesting is checked on the
 * JSON before the (recursive) decoder runs, and the decoded expression by exprLimitProblem.
 */
function limited(v: unknown, variables: readonly string[], where: string): Expr {
  const path = tooDeep(v, MAX_EXPR_DEPTH + 1);
  if (path !== undefined) throw new InputLimitError(where, `the expression is nested more than ${MAX_EXPR_DEPTH} levels deep`);
  const e = exprFromCanonical(v, variables, where);
  const why = exprLimitProblem(e);
  if (why) throw new InputLimitError(where, why);
  return e;
}

/**
 * Runs the problem-file validation (`buildProblem`) on the printed form of a decoded problem,
 * so that an embedded problem is held to exactly the rules of a file: a name of lowercase
 * letters, digits and '-', identifiers, lo ≤ hi, finite constants, points of S inside the
 * domain, A without zero rows, a symmetry proved to leave f invariant, … Every printed
 * expression parses back to an equal value (toText), so a valid problem passes.
 */
function validateAsProblemFile(q: {
  name: string;
  variables: readonly string[];
  parameters: ReadonlyMap<string, Expr>;
  terms: readonly Expr[];
  bounds: readonly (readonly [Expr, Expr])[];
  minimizers: Minimizers;
  fstar: Expr | undefined;
  termMinima: readonly Expr[] | undefined;
}): void {
  const t = (e: Expr) => toText(e);
  const S = q.minimizers;
  const raw: Record<string, unknown> = {
    name: q.name,
    variables: q.variables,
    terms: q.terms.map(t),
    domain: Object.fromEntries(q.bounds.map(([lo, hi], j) => [q.variables[j]!, [t(lo), t(hi)]])),
    minimizers:
      S.kind === 'points'
        ? { points: S.points.map((pt) => pt.map(t)) }
        : S.kind === 'affine'
          ? { affine: { A: S.A.map((r) => r.map(t)), b: S.b.map(t) } }
          : S.kind === 'projection'
            ? { projection: S.map.map(t) }
            : S.kind === 'implicit'
              ? { implicit: S.equations.map(t) }
              : S.symmetry
                ? { auto: true, symmetry: S.symmetry.map(t) }
                : { auto: true },
  };
  if (q.parameters.size) raw.parameters = Object.fromEntries([...q.parameters].map(([k, v]) => [k, t(v)]));
  if (q.fstar) raw.fstar = t(q.fstar);
  if (q.termMinima) raw.termMinima = q.termMinima.map(t);
  try {
    buildProblem(new InputContext('certificate'), raw);
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    throw new CertDecodeError(`problem: the embedded problem is not a valid problem (${e.field ? `${e.field}: ` : ''}${e.detail})`);
  }
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
  if (keys === 'implicit')
    return { kind: 'implicit', equations: list(m.implicit, 'minimizers.implicit').map((e) => exprFromCanonical(e, variables, 'minimizers.implicit')) };
  if (keys === 'auto' && m.auto === true) return { kind: 'auto' };
  if (keys === 'auto,symmetry' && m.auto === true) return { kind: 'auto', symmetry: vec(m.symmetry, d, variables, 'minimizers.symmetry') };
  return bad('problem.minimizers', v);
}
