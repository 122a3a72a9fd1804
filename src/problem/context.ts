import { ProblemError } from './ProblemError.js';
import type { FieldPath, Locator } from './fieldPositions.js';
import { didYouMean, listWords } from './suggest.js';

/** Renders a field path as `terms[1]`, `domain.x`, `minimizers.points[0][1]`. */
export function fieldName(path: FieldPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/**
 * Where the input came from and how to report a problem in it. All validation goes
 * through `fail`, so every error names the file, the field and (when known) the
 * line/column in the file and the column inside an expression.
 */
export class InputContext {
  constructor(
    readonly file: string,
    private readonly locator?: Locator,
    private readonly nameOf: (path: FieldPath) => string = fieldName,
  ) {}

  /** Display name of a field. */
  field(path: FieldPath): string {
    return this.nameOf(path);
  }

  /** Throws the ProblemError for `path`; `column` is a column inside the field's expression text. */
  fail(path: FieldPath, detail: string, opts: { column?: number; key?: boolean; label?: string } = {}): never {
    const pos = this.locator?.locate(path, {
      ...(opts.column !== undefined ? { exprColumn: opts.column } : {}),
      ...(opts.key ? { key: true } : {}),
    });
    throw new ProblemError({
      file: this.file,
      field: this.nameOf(path) + (opts.label ?? ''),
      detail,
      ...(pos ? { line: pos.line, fileColumn: pos.col } : {}),
      ...(opts.column !== undefined ? { column: opts.column } : {}),
    });
  }

  /** The value as a plain object (a mapping), or a failure. */
  object(path: FieldPath, v: unknown, what = 'a mapping'): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `expected ${what}, got ${describe(v)}`);
    return v as Record<string, unknown>;
  }

  /** The value as an array, or a failure. */
  array(path: FieldPath, v: unknown, what = 'a list'): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected ${what}, got ${describe(v)}`);
    return v;
  }

  /** A non-empty string, or a failure. */
  string(path: FieldPath, v: unknown, what = 'a string'): string {
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, `expected ${what}, got ${describe(v)}`);
    return v;
  }

  /** Fails on any key outside `allowed` (with a did-you-mean hint). */
  onlyKeys(path: FieldPath, obj: Record<string, unknown>, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) {
        this.fail([...path, k], `unknown field '${k}'${didYouMean(k, allowed)}; allowed fields are ${listWords(allowed)}`, { key: true });
      }
    }
  }
}

/** Short description of a value's type for error messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  // YAML's typed values (!!binary, !!timestamp, !!set) are objects, but not mappings.
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return 'binary data (!!binary)';
  if (v instanceof Date) return 'a date (!!timestamp)';
  if (v instanceof Set) return 'a set (!!set)';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return v.trim() === '' ? 'an empty string' : `the string '${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}
