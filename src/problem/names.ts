import { RESERVED_NAMES, USER_FUNCTIONS } from '../expr/index.js';
import type { InputContext } from './context.js';
import { describe } from './context.js';
import type { FieldPath } from './fieldPositions.js';

/** A name of a variable, parameter, index or data array. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A problem name. */
export const PROBLEM_NAME = /^[a-z0-9-]+$/;

/** Functions of the expression layer (`root(p, t, lo, hi)` included) and of templates (`sum`, `dot`). */
const FUNCTION_NAMES: readonly string[] = [...USER_FUNCTIONS, 'pow', 'square', 'sign', 'step', 'root', 'sum', 'dot'];
const CONSTANT_NAMES: readonly string[] = ['pi', 'e', 'true', 'false', 'null', 'undefined', 'Infinity', 'NaN'];
/** Words the expression parser (mathjs) reads as operators. */
const OPERATOR_WORDS: readonly string[] = ['mod', 'to', 'in', 'and', 'or', 'xor', 'not', 'end'];

/** Why `name` cannot name something, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return `'${name}' is not an identifier (letters, digits and '_', not starting with a digit)`;
  if (FUNCTION_NAMES.includes(name)) return `'${name}' is the name of a function`;
  if (CONSTANT_NAMES.includes(name)) return `'${name}' is the name of a constant`;
  if (OPERATOR_WORDS.includes(name)) return `'${name}' is an operator word of the expression syntax`;
  // Whatever else the expression parser reserves (kept in one place: src/expr/parse.ts).
  if (RESERVED_NAMES.has(name)) return `'${name}' is reserved by the expression syntax`;
  return undefined;
}

/** Fails unless `name` is a usable identifier; `what` says what it names. */
export function checkName(ctx: InputContext, path: FieldPath, name: string, what: string, opts: { key?: boolean } = {}): void {
  const why = nameProblem(name);
  if (why) ctx.fail(path, `${why}; choose another ${what} name`, opts);
}

/** The declared variables: flat names plus the shapes of vector/matrix declarations (`w[3]`). */
export interface VariableDecl {
  readonly names: readonly string[];
  /** `w[3]` declares w_0, w_1, w_2 and records w -> [3]; `W[2][3]` records W -> [2, 3]. */
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  /** Component name -> base name of its shaped declaration (`w_1` -> `w`). */
  readonly baseOf: ReadonlyMap<string, string>;
}

/** Most variables of a problem (after shaped declarations are expanded). */
export const MAX_VARIABLES = 100_000;

const SHAPED = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\s*\d+\s*\])+)$/;

/**
 * Reads the `variables` list. Each entry is an identifier, or a shaped declaration
 * `w[3]` / `W[2][3]` that expands (row-major) to `w_0, w_1, w_2` / `W_0_0 … W_1_2`.
 */
export function readVariables(ctx: InputContext, path: FieldPath, raw: unknown): VariableDecl {
  // Always a list, even for one variable (docs/problem-format.md): `variables: x` is refused.
  const list = ctx.array(path, raw, `a list of variable names such as [x, y]${typeof raw === 'string' ? ` (for one variable: [${raw.trim()}])` : ''}`);
  if (list.length === 0) ctx.fail(path, 'at least one variable is needed');
  const names: string[] = [];
  const where = new Map<string, number>();
  const shapes = new Map<string, number[]>();
  const baseOf = new Map<string, string>();
  list.forEach((entry, k) => {
    const p = [...path, k];
    if (typeof entry !== 'string') ctx.fail(p, `expected a variable name, got ${describe(entry)}`);
    const name = entry.trim();
    const m = SHAPED.exec(name.replace(/\s+/g, ''));
    let expanded = [name];
    if (m) {
      const base = m[1]!;
      const dims = [...m[2]!.matchAll(/\d+/g)].map((d) => Number(d[0]));
      if (dims.some((d) => d < 1 || d > 100000)) ctx.fail(p, `'${name}': each dimension must be between 1 and 100000`);
      checkName(ctx, p, base, 'variable');
      if (shapes.has(base)) ctx.fail(p, `duplicate variable '${base}'`);
      // Counted before anything is built: w[100000][100000] (10^10 names) ran past --time-limit
      // growing gigabytes, and w[1000][1000] took 4.5 s before the total was refused (review finding).
      const count = dims.reduce((a, d2) => a * d2, 1);
      if (names.length + count > MAX_VARIABLES)
        ctx.fail(p, `too many variables: '${name}' declares ${count} (${names.length + count} in all; at most ${MAX_VARIABLES})`);
      shapes.set(base, dims);
      expanded = expandShape(base, dims);
      for (const n of expanded) baseOf.set(n, base);
    } else {
      checkName(ctx, p, name, 'variable');
    }
    for (const n of expanded) {
      const prev = where.get(n);
      if (prev !== undefined) ctx.fail(p, `duplicate variable '${n}' (also ${ctx.field([...path, prev])})`);
      where.set(n, k);
      names.push(n);
    }
  });
  for (const base of shapes.keys()) {
    if (where.has(base)) ctx.fail([...path, where.get(base)!], `'${base}' is declared both as a variable and as the vector '${base}[…]'`);
  }
  if (names.length > MAX_VARIABLES) ctx.fail(path, `too many variables (${names.length}; at most ${MAX_VARIABLES})`);
  return { names, shapes, baseOf };
}

/** Component names of a shaped variable: base_i_j…, row-major. */
export function expandShape(base: string, dims: readonly number[]): string[] {
  let out = [base];
  for (const d of dims) out = out.flatMap((prefix) => Array.from({ length: d }, (_, i) => `${prefix}_${i}`));
  return out;
}

/**
 * How every human-readable output names term i (0-based index into `terms`): f_{i+1}, as the
 * paper counts (f_1 … f_n). JSON fields such as a counterexample's `term` stay 0-based
 * indices into the `terms` list (docs/cli.md).
 */
export const termLabel = (i: number): string => `f_${i + 1}`;
