import { LoadTimeLimit } from '../errors.js';
import { Rational } from '../exact/rational.js';
import { build, exprLimitProblem, MAX_EXACT_BITS, proveInvariance } from '../expr/index.js';
import type { Expr } from '../expr/index.js';
import type { InputContext } from './context.js';
import { describe } from './context.js';
import { readDomain } from './domain.js';
import { readConstant, readExpression, type ProblemScope } from './exprs.js';
import { problemHash } from './hash.js';
import { loadCheckpoint, termRead } from './loadBudget.js';
import { readMinimizers } from './minimizers.js';
import { PROBLEM_NAME, readVariables } from './names.js';
import { readParameters } from './parameters.js';
import { generateTerms } from './template/generate.js';
import { MAX_TERMS, readTemplate } from './template/spec.js';
import type { Problem } from './types.js';

const { num } = build;

/** Bits allowed in the exact coefficients of the objective f (several terms' constants combine). */
const OBJECTIVE_EXACT_BITS = 8 * MAX_EXACT_BITS;

/** Top-level fields of a problem document. */
export const PROBLEM_FIELDS = ['name', 'description', 'variables', 'parameters', 'terms', 'template', 'domain', 'minimizers', 'fstar', 'termMinima'];

const REQUIRED: readonly [string, string][] = [
  ['name', "missing required field 'name' (lowercase letters, digits and '-')"],
  ['variables', "missing required field 'variables' (a list such as [x, y])"],
  ['domain', "missing required field 'domain' (such as { x: [-1, 1], y: [-1, 1] })"],
  ['minimizers', "missing required field 'minimizers' (one of points, affine, projection, implicit or auto: true)"],
];

/**
 * Validates a parsed problem document (plain data) and resolves it into a Problem.
 * Throws ProblemError (through `ctx`) on the first problem found.
 */
export function buildProblem(ctx: InputContext, raw: unknown): Problem {
  let name: string | null = null;
  try {
    return buildNamed(ctx, raw, (n) => {
      name = n;
    });
  } catch (e) {
    // Out of time while loading: the answer still names the problem when its name was read.
    if (e instanceof LoadTimeLimit) e.problem = name;
    throw e;
  }
}

function buildNamed(ctx: InputContext, raw: unknown, named: (name: string) => void): Problem {
  const obj = ctx.object([], raw, 'a problem: a mapping with name, variables, terms, domain, minimizers');
  ctx.onlyKeys([], obj, PROBLEM_FIELDS);
  for (const [field, msg] of REQUIRED) if (obj[field] === undefined || obj[field] === null) ctx.fail([field], msg);
  if (obj.terms == null && obj.template == null) ctx.fail(['terms'], "missing required field 'terms' (a list of expressions; or give 'template')");
  if (obj.description !== undefined && typeof obj.description !== 'string') ctx.fail(['description'], `expected text, got ${describe(obj.description)}`);

  const name = readName(ctx, obj.name);
  named(name);
  const decl = readVariables(ctx, ['variables'], obj.variables);
  const variables = decl.names;
  const parameters = readParameters(ctx, ['parameters'], obj.parameters, variables);
  const scope: ProblemScope = { variables, parameters };

  const terms: Expr[] = [];
  const termTexts: string[] = [];
  const termOrigins: string[] = [];
  if (obj.terms != null) {
    const list = ctx.array(['terms'], obj.terms, 'a list of expressions');
    if (list.length === 0 && obj.template == null) ctx.fail(['terms'], 'at least one term is needed');
    list.forEach((t, k) => {
      const text = typeof t === 'number' ? String(t) : ctx.string(['terms', k], t, 'an expression (a string)');
      terms.push(readExpression(ctx, ['terms', k], text, scope));
      termRead(terms.length);
      termTexts.push(text);
      termOrigins.push(ctx.field(['terms', k]));
    });
  }
  if (obj.template != null) {
    const many = Array.isArray(obj.template);
    const list = many ? (obj.template as unknown[]) : [obj.template];
    if (list.length === 0) ctx.fail(['template'], 'at least one template is needed');
    list.forEach((t, k) => {
      const g = generateTerms(ctx, readTemplate(ctx, many ? ['template', k] : ['template'], t, decl, scope), decl, scope, terms.length);
      terms.push(...g.terms);
      termTexts.push(...g.texts);
      termOrigins.push(...g.origins);
      if (terms.length > MAX_TERMS) ctx.fail(['template'], `more than ${MAX_TERMS} terms in all`);
    });
  }

  // f = (1/n) Σ f_i collects like terms across terms: its coefficients may need more bits
  // than any one term (distinct denominators multiply). Each term was measured when parsed.
  loadCheckpoint(terms.length);
  if (terms.length > 1) {
    const f: Expr = { kind: 'mul', factors: [num(Rational.of(1, terms.length)), { kind: 'add', terms }] };
    const why = exprLimitProblem(f, { maxExactBits: OBJECTIVE_EXACT_BITS, maxNodes: Infinity });
    if (why) ctx.fail(['terms'], `the objective f = (1/n) sum of the terms: ${why}`);
  }

  const domain = readDomain(ctx, ['domain'], obj.domain, decl, scope);
  const minimizers = readMinimizers(ctx, ['minimizers'], obj.minimizers, scope, domain);
  loadCheckpoint(terms.length);
  if (minimizers.kind === 'auto' && minimizers.symmetry && !proveInvariance(terms, minimizers.symmetry, () => loadCheckpoint(terms.length))) {
    ctx.fail(
      ['minimizers', 'symmetry'],
      'lscert could not prove f(sigma(x)) = f(x) symbolically (sigma must permute the terms, or f(sigma(x)) - f(x) must simplify to 0); a symmetry is never assumed',
    );
  }
  const fstar = obj.fstar != null ? readConstant(ctx, ['fstar'], obj.fstar, scope, 'f*').expr : undefined;
  const termMinima = obj.termMinima != null ? readTermMinima(ctx, obj.termMinima, scope, terms.length) : undefined;

  const p: Omit<Problem, 'hash'> = {
    name,
    source: ctx.file,
    variables,
    parameters,
    terms,
    termTexts,
    termOrigins,
    domain,
    minimizers,
    ...(fstar ? { fstar } : {}),
    ...(termMinima ? { termMinima } : {}),
  };
  loadCheckpoint(terms.length);
  return { ...p, hash: problemHash(p) };
}

function readName(ctx: InputContext, v: unknown): string {
  const name = ctx.string(['name'], v, 'a name');
  if (!PROBLEM_NAME.test(name)) {
    const fixed = name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '');
    ctx.fail(['name'], `'${name}' may use only lowercase letters, digits and '-'${fixed ? ` (e.g. '${fixed}')` : ''}`);
  }
  return name;
}

/** `termMinima`: one exact value per term, or a single value for every term. */
function readTermMinima(ctx: InputContext, raw: unknown, scope: ProblemScope, n: number): Expr[] {
  if (!Array.isArray(raw)) return Array(n).fill(readConstant(ctx, ['termMinima'], raw, scope, 'f_i*').expr);
  if (raw.length !== n)
    ctx.fail(
      ['termMinima'],
      `has ${raw.length} value${raw.length === 1 ? '' : 's'} but there ${n === 1 ? 'is 1 term' : `are ${n} terms`} (give one per term, or a single value for all)`,
    );
  return raw.map((v, k) => readConstant(ctx, ['termMinima', k], v, scope, 'f_i*').expr);
}
