/** A path to a field of the problem document: keys and array indices. */
export type FieldPath = readonly (string | number)[];

/** Finds where a field sits in the source text (1-based line and column). */
export interface Locator {
  /**
   * Position of the value at `path` (or of its key, with `key`), or of the deepest
   * existing ancestor when the field is missing. With `exprColumn`, the position of that
   * column inside a single-line string value when it can be mapped exactly.
   */
  locate(path: FieldPath, opts?: { exprColumn?: number; key?: boolean }): { line: number; col: number } | undefined;
}

/**
 * Positions of the fields of the problem texts loaded last, by source name, so that an error
 * raised after loading (a contradiction in S, f* or f_i* that the engine proves before any
 * search) names FILE:LINE:COL like the loader's own errors. A few sources are kept (each holds
 * its parsed document); the newest load of a source replaces its entry.
 */
const recent = new Map<string, Locator>();
const KEEP = 4;

/** Records where the fields of `source` are (called after `source` loaded without error). */
export function rememberFieldPositions(source: string, locator: Locator): void {
  recent.delete(source);
  recent.set(source, locator);
  while (recent.size > KEEP) recent.delete(recent.keys().next().value!);
}

/** Forgets a source (its text was loaded again and failed, or changed). */
export function forgetFieldPositions(source: string): void {
  recent.delete(source);
}

/**
 * The position of a field, given as the loader names it (`fstar`, `termMinima[1]`,
 * `minimizers.points[0]`), in a source loaded earlier; undefined when unknown.
 */
export function fieldPosition(source: string, field: string): { line: number; col: number } | undefined {
  const locator = recent.get(source);
  if (!locator || !field) return undefined;
  const path = parseFieldName(field);
  return path ? locator.locate(path) : undefined;
}

/** The path of a field name written by `fieldName` (keys without '.', '[' or ']'), or undefined. */
function parseFieldName(field: string): FieldPath | undefined {
  const path: (string | number)[] = [];
  const re = /(?:^([^.[\]\s]+)|\.([^.[\]\s]+)|\[(\d+)\])/y;
  re.lastIndex = 0;
  while (re.lastIndex < field.length) {
    const m = re.exec(field);
    if (!m) return undefined;
    path.push(m[3] !== undefined ? Number(m[3]) : (m[1] ?? m[2])!);
  }
  return path;
}
