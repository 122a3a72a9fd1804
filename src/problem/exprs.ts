import { encloseConstant, ExprError, listNames, parseConstant, parseExpr, type Expr } from '../expr/index.js';
import type { InputContext } from './context.js';
import { describe } from './context.js';
import type { FieldPath } from './fieldPositions.js';
import type { Enclosure } from './types.js';
import { describeUndefined, undefinedPart } from './undefinedParts.js';

/** What expressions of a problem may refer to. */
export interface ProblemScope {
  readonly variables: readonly string[];
  readonly parameters: ReadonlyMap<string, Expr>;
}

/** An exact constant and a rigorous enclosure of its value. */
export interface ExactValue {
  readonly expr: Expr;
  readonly enclosure: Enclosure;
}

/**
 * Parses an expression in the problem's variables; an ExprError becomes a ProblemError
 * at `path` with the column inside the text. `columnMap` maps a column of `text` to the
 * column the user should see (templates), `label` is appended to the field name.
 */
export function readExpression(
  ctx: InputContext,
  path: FieldPath,
  text: string,
  scope: ProblemScope,
  opts: { label?: string; columnMap?: (col: number) => number; suffix?: string } = {},
): Expr {
  let expr: Expr;
  try {
    expr = parseExpr(text, { variables: scope.variables, parameters: scope.parameters });
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    const col = e.column !== undefined ? (opts.columnMap ? opts.columnMap(e.column) : e.column) : undefined;
    ctx.fail(path, e.message + (opts.suffix ?? ''), { ...(col !== undefined ? { column: col } : {}), ...(opts.label ? { label: opts.label } : {}) });
  }
  // A constant part that provably has no value (1/0, log(-1)) leaves the expression undefined
  // at every point: invalid input, not a problem to run to "inconclusive".
  const u = undefinedPart(expr);
  if (u)
    ctx.fail(path, `has no value at any point: ${describeUndefined(u)}${opts.suffix ?? ''}`, {
      ...(opts.label ? { label: opts.label } : {}),
    });
  return expr;
}

/**
 * Reads an exact constant: a number (its shortest decimal, 0.1 → 1/10) or a string holding
 * an exact expression in numbers, pi, e, functions and parameters, never the variables.
 * Fails unless the value is a finite real number (checked on its rigorous enclosure).
 */
export function readConstant(ctx: InputContext, path: FieldPath, v: unknown, scope: ProblemScope, what = 'a number'): ExactValue {
  let expr: Expr;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) ctx.fail(path, `${what} must be finite, got ${v}`);
    expr = parseConstant(v);
  } else if (typeof v === 'string' && v.trim() !== '') {
    expr = parseConstantText(ctx, path, v, scope);
  } else {
    ctx.fail(path, `expected ${what} (a number or an exact expression string such as "1/5"), got ${describe(v)}`);
  }
  return { expr, enclosure: encloseFinite(ctx, path, expr, typeof v === 'string' ? v : String(v)) };
}

function parseConstantText(ctx: InputContext, path: FieldPath, text: string, scope: ProblemScope): Expr {
  try {
    return parseExpr(text, { variables: [], parameters: scope.parameters });
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    const col = e.column !== undefined ? { column: e.column } : {};
    const unknown = /unknown variable '([^']+)'/.exec(e.message)?.[1];
    if (unknown !== undefined && scope.variables.includes(unknown)) {
      ctx.fail(path, `must be a constant, but uses the variable '${unknown}'`, col);
    }
    if (unknown !== undefined) {
      const params = scope.parameters.size ? `, parameters (${listNames([...scope.parameters.keys()])})` : '';
      ctx.fail(path, `unknown symbol '${unknown}': an exact constant may use numbers, pi, e, functions${params}, e.g. "1/5" or "sqrt(2)/2"`, col);
    }
    ctx.fail(path, e.message, col);
  }
}

/** Rigorous enclosure of a constant expression; fails unless it is a finite real number. */
export function encloseFinite(ctx: InputContext, path: FieldPath, expr: Expr, text: string): Enclosure {
  let enc: Enclosure;
  try {
    enc = encloseConstant(expr);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    ctx.fail(path, `'${text}' is not a finite real number (${e.message})`);
  }
  if (!(enc.lo <= enc.hi) || !Number.isFinite(enc.lo) || !Number.isFinite(enc.hi)) {
    ctx.fail(path, `'${text}' is not a finite real number`);
  }
  return enc;
}
