import type { InputContext } from '../context.js';
import { describe } from '../context.js';
import { readConstant, type ProblemScope } from '../exprs.js';
import { checkName, type VariableDecl } from '../names.js';
import type { FieldPath } from '../source.js';
import type { DataNode } from './expand.js';

/** A validated template: everything the generator needs. */
export interface TemplateSpec {
  readonly path: FieldPath;
  readonly term: string;
  readonly data: ReadonlyMap<string, DataNode>;
  /** Index loops, outermost first; each runs over 0 … count-1. */
  readonly indices: readonly { readonly name: string; readonly count: number }[];
  readonly columns: readonly string[];
  /** Rows of expression texts, one per column. */
  readonly rows: readonly (readonly string[])[];
}

const FIELDS = ['term', 'data', 'index', 'columns', 'rows'];
/** Most terms one problem may generate. */
export const MAX_TERMS = 100000;

/** Reads and checks one template object (see docs/problem-format.md). */
export function readTemplate(ctx: InputContext, path: FieldPath, raw: unknown, decl: VariableDecl, scope: ProblemScope): TemplateSpec {
  const obj = ctx.object(path, raw, 'a template mapping with term, data, index, columns, rows');
  ctx.onlyKeys(path, obj, FIELDS);
  if (obj.term === undefined) ctx.fail(path, "missing required field 'term'");
  const term = ctx.string([...path, 'term'], obj.term, 'the term expression (a string)');
  const taken = new Set<string>([...decl.names, ...decl.shapes.keys(), ...scope.parameters.keys()]);
  const claim = (p: FieldPath, name: string, what: string, key: boolean): void => {
    checkName(ctx, p, name, what, { key });
    if (taken.has(name)) ctx.fail(p, `'${name}' is already the name of a variable, parameter, data list, index or column`, { key });
    taken.add(name);
  };

  const data = new Map<string, DataNode>();
  if (obj.data !== undefined) {
    const dp = [...path, 'data'];
    const d = ctx.object(dp, obj.data, 'a mapping of names to numbers or lists');
    for (const [name, v] of Object.entries(d)) {
      claim([...dp, name], name, 'data', true);
      data.set(name, readData(ctx, [...dp, name], v, scope, 0));
    }
  }

  const columns: string[] = [];
  const rows: string[][] = [];
  if ((obj.columns === undefined) !== (obj.rows === undefined)) {
    ctx.fail([...path, obj.rows === undefined ? 'columns' : 'rows'], "'rows' and 'columns' go together: columns names the entries of each row");
  }
  if (obj.columns !== undefined) {
    const cp = [...path, 'columns'];
    ctx.array(cp, obj.columns, 'a list of column names').forEach((c, k) => {
      claim([...cp, k], ctx.string([...cp, k], c, 'a column name'), 'column', false);
      columns.push(c as string);
    });
    const rp = [...path, 'rows'];
    ctx.array(rp, obj.rows, 'a list of rows').forEach((row, r) => {
      const cells = ctx.array([...rp, r], row, `a row [${columns.join(', ')}]`);
      if (cells.length !== columns.length) ctx.fail([...rp, r], `row has ${cells.length} entries, expected ${columns.length} (${columns.join(', ')})`);
      rows.push(cells.map((c, j) => leafText(ctx, [...rp, r, j], c, scope)));
    });
  }

  const indices: { name: string; count: number }[] = [];
  if (obj.index !== undefined) {
    const ip = [...path, 'index'];
    for (const [name, v] of Object.entries(ctx.object(ip, obj.index, 'a mapping of index names to counts'))) {
      claim([...ip, name], name, 'index', true);
      indices.push({ name, count: readCount(ctx, [...ip, name], v, data) });
    }
  }
  const total = indices.reduce((n, i) => n * i.count, rows.length || 1);
  if (total === 0) ctx.fail(path, 'the template generates no terms');
  if (total > MAX_TERMS) ctx.fail(path, `the template generates ${total} terms; at most ${MAX_TERMS} are supported`);
  return { path, term, data, indices, columns, rows };
}

function readCount(ctx: InputContext, path: FieldPath, v: unknown, data: ReadonlyMap<string, DataNode>): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && data.has(v.trim())) {
    const d = data.get(v.trim())!;
    if (Array.isArray(d)) return d.length;
    ctx.fail(path, `data '${v}' is a single number, not a list`);
  }
  ctx.fail(path, `expected a count (a whole number n: the index runs over 0 … n-1) or the name of a data list, got ${describe(v)}`);
}

function readData(ctx: InputContext, path: FieldPath, v: unknown, scope: ProblemScope, depth: number): DataNode {
  if (!Array.isArray(v)) return { text: leafText(ctx, path, v, scope) };
  if (depth > 8) ctx.fail(path, 'data nested too deeply');
  return v.map((x, k) => readData(ctx, [...path, k], x, scope, depth + 1));
}

/** Checks an exact data value and returns the text to splice into generated terms. */
function leafText(ctx: InputContext, path: FieldPath, v: unknown, scope: ProblemScope): string {
  readConstant(ctx, path, v, scope, 'a data value');
  const text = typeof v === 'number' ? String(v) : String(v).trim();
  return /^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? text : `(${text})`;
}
