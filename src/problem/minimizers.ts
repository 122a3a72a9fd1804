import { freeVariables, interpretInterval, listNames, toText, type Expr } from '../expr/index.js';
import { Interval } from '../interval/index.js';
import type { InputContext } from './context.js';
import { MAX_POINTS } from './limits.js';
import { readConstant, readExpression, type ProblemScope } from './exprs.js';
import type { FieldPath } from './fieldPositions.js';
import type { BoxBound, Minimizers } from './types.js';

const FORMS = ['points', 'affine', 'projection', 'auto', 'implicit'] as const;

/**
 * Reads `minimizers`: exactly one of `points` (a list of points of S, each one exact
 * value per variable; inside the box unless provably not), `affine` ({A, b}: S = {x : Ax = b}),
 * `projection` (one expression per variable giving Proj(x, S)), `implicit` (equations g_j(x) = 0,
 * fewer than the variables: S = {x ∈ R^d : g(x) = 0}) or `auto: true`.
 */
export function readMinimizers(ctx: InputContext, path: FieldPath, raw: unknown, scope: ProblemScope, domain: readonly BoxBound[]): Minimizers {
  const obj = ctx.object(path, raw, `a mapping with one of ${FORMS.join(', ')}`);
  ctx.onlyKeys(path, obj, [...FORMS, 'symmetry']);
  if (obj.symmetry !== undefined && obj.auto === undefined) ctx.fail([...path, 'symmetry'], 'is used only with auto: true (it helps lscert compute S)');
  const given = FORMS.filter((f) => obj[f] !== undefined);
  if (given.length !== 1) {
    const got = given.length ? `, got ${given.join(' and ')}` : '';
    ctx.fail(path, `give exactly one of points, affine, projection, implicit or auto: true${got}`);
  }
  const form = given[0]!;
  const p = [...path, form];
  switch (form) {
    case 'points':
      return { kind: 'points', points: readPoints(ctx, p, obj.points, scope, domain) };
    case 'affine':
      return readAffine(ctx, p, obj.affine, scope);
    case 'projection': {
      const list = ctx.array(p, obj.projection, 'a list with one expression per variable');
      const d = scope.variables.length;
      if (list.length !== d) {
        ctx.fail(p, `needs one expression per variable (${d}: ${listNames(scope.variables)}), got ${list.length}`);
      }
      const map = list.map((e, k) => readExpression(ctx, [...p, k], typeof e === 'number' ? String(e) : ctx.string([...p, k], e, 'an expression'), scope));
      return { kind: 'projection', map };
    }
    case 'implicit': {
      const list = ctx.array(p, obj.implicit, 'a list of equations g(x) = 0, each an expression in the variables');
      const d = scope.variables.length;
      if (list.length === 0) ctx.fail(p, 'needs at least one equation');
      if (list.length >= d)
        ctx.fail(
          p,
          `has ${list.length} equation${list.length === 1 ? '' : 's'} for ${d} variable${d === 1 ? '' : 's'}; S must be a curve or surface (fewer equations than variables): give a finite S as points`,
        );
      const equations = list.map((e, k) => {
        const ep = [...p, k];
        const expr = readExpression(ctx, ep, typeof e === 'number' ? String(e) : ctx.string(ep, e, 'an expression'), scope);
        if (freeVariables(expr).size === 0) ctx.fail(ep, 'is a constant; each equation must involve the variables');
        // An equation that provably has no zero makes S empty: an interval bound of g over R^d
        // (outward rounded; NaN, where g may be undefined, proves nothing) away from 0. Such an S
        // ran to the time limit and ended inconclusive, even for claims false for every S.
        const range = interpretInterval(expr, new Array<Interval>(d).fill(Interval.ENTIRE));
        if (!range.isEmpty() && (range.lo > 0 || range.hi < 0))
          ctx.fail(ep, `has no zero: its values lie in [${range.lo}, ${range.hi}] on all of R^${d} (interval bound), so S would be empty`);
        return expr;
      });
      return { kind: 'implicit', equations };
    }
    case 'auto':
      if (obj.auto !== true) ctx.fail(p, 'must be true (or give points, affine, projection or implicit instead)');
      if (obj.symmetry === undefined) return { kind: 'auto' };
      return { kind: 'auto', symmetry: readSymmetry(ctx, [...path, 'symmetry'], obj.symmetry, scope) };
  }
}

function readPoints(ctx: InputContext, path: FieldPath, raw: unknown, scope: ProblemScope, domain: readonly BoxBound[]): Expr[][] {
  const list = ctx.array(path, raw, 'a list of points');
  if (list.length === 0) ctx.fail(path, 'at least one point is needed');
  if (list.length > MAX_POINTS)
    ctx.fail(
      path,
      `has ${list.length} points; at most ${MAX_POINTS} are supported (the nearest-point cells cost time and memory growing with the square of |S|)`,
    );
  const d = scope.variables.length;
  return list.map((pt, k) => {
    const pp = [...path, k];
    const coords = d === 1 && !Array.isArray(pt) ? [pt] : ctx.array(pp, pt, `a point [${listNames(scope.variables)}]`);
    if (coords.length !== d)
      ctx.fail(pp, `point has ${coords.length} coordinate${coords.length === 1 ? '' : 's'}, expected ${d} (${listNames(scope.variables)})`);
    return coords.map((c, j) => {
      const cp = d === 1 && !Array.isArray(pt) ? pp : [...pp, j];
      const v = readConstant(ctx, cp, c, scope, 'a coordinate');
      const b = domain[j]!;
      if (v.enclosure.hi < b.loEnclosure.lo || v.enclosure.lo > b.hiEnclosure.hi) {
        ctx.fail(cp, `${b.variable} = ${String(c)} lies outside the domain [${toText(b.lo)}, ${toText(b.hi)}] of ${b.variable}`);
      }
      return v.expr;
    });
  });
}

function readAffine(ctx: InputContext, path: FieldPath, raw: unknown, scope: ProblemScope): Minimizers {
  const obj = ctx.object(path, raw, 'a mapping { A: [[...]], b: [...] }');
  ctx.onlyKeys(path, obj, ['A', 'b']);
  if (obj.A === undefined) ctx.fail(path, "missing 'A' (one row per equation, one column per variable)");
  if (obj.b === undefined) ctx.fail(path, "missing 'b' (one value per row of A)");
  const d = scope.variables.length;
  const rows = ctx.array([...path, 'A'], obj.A, 'a matrix (list of rows)');
  if (rows.length === 0) ctx.fail([...path, 'A'], 'needs at least one row');
  const A = rows.map((row, i) => {
    const rp = [...path, 'A', i];
    const r = d === 1 && !Array.isArray(row) ? [row] : ctx.array(rp, row, 'a row of A');
    if (r.length !== d)
      ctx.fail(rp, `row has ${r.length} entr${r.length === 1 ? 'y' : 'ies'}, expected one per variable (${d}: ${listNames(scope.variables)})`);
    const vals = r.map((v, j) => readConstant(ctx, d === 1 && !Array.isArray(row) ? rp : [...rp, j], v, scope, 'a matrix entry'));
    if (vals.every((v) => v.expr.kind === 'num' && v.expr.value.isZero()))
      ctx.fail(rp, 'row of A is zero (the equation 0 = b_i is either redundant or impossible); remove it');
    return vals.map((v) => v.expr);
  });
  const bList = Array.isArray(obj.b) || rows.length !== 1 ? ctx.array([...path, 'b'], obj.b, 'a list') : [obj.b];
  if (bList.length !== A.length)
    ctx.fail([...path, 'b'], `has ${bList.length} entr${bList.length === 1 ? 'y' : 'ies'} but A has ${A.length} row${A.length === 1 ? '' : 's'}`);
  const b = bList.map((v, i) => readConstant(ctx, Array.isArray(obj.b) ? [...path, 'b', i] : [...path, 'b'], v, scope, 'a right-hand side').expr);
  return { kind: 'affine', A, b };
}

/**
 * `symmetry`: one expression per variable, a map σ of R^d with f(σ(x)) = f(x). lscert proves
 * the identity symbolically here (σ permutes the terms, or f∘σ − f simplifies to 0); a map it
 * cannot prove invariant is an input error, never trusted.
 */
function readSymmetry(ctx: InputContext, p: FieldPath, raw: unknown, scope: ProblemScope): Expr[] {
  const list = ctx.array(p, raw, 'a list with one expression per variable (the map x -> sigma(x))');
  const d = scope.variables.length;
  if (list.length !== d) ctx.fail(p, `needs one expression per variable (${d}: ${listNames(scope.variables)}), got ${list.length}`);
  return list.map((e, k) => readExpression(ctx, [...p, k], typeof e === 'number' ? String(e) : ctx.string([...p, k], e, 'an expression'), scope));
}
