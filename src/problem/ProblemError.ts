import { fieldPosition } from './fieldPositions.js';
import { printable } from './printable.js';
import { LscertError } from '../errors.js';

/**
 * The one error type of the problem layer: invalid input, exit status 65 (docs/cli.md).
 *
 * `message` is already the single human-readable line the CLI prints, e.g.
 * `problems/ex.yaml:7:14: terms[1], column 7: unknown variable 'z' (variables are x, y)`.
 */
export class ProblemError extends LscertError {
  /** File path, or `<command line>`. */
  readonly file: string;
  /** Path of the offending field, e.g. `terms[1]`, `domain.x`, `minimizers.points[0][1]`; '' for the whole document. */
  readonly field: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
  /** 1-based column in the file, when known (for an expression: of the offending token where possible). */
  readonly fileColumn?: number;
  /** For expression errors only: 1-based column inside the expression text. */
  readonly column?: number;
  /** The message without its `file: field, column N:` prefix. */
  readonly detail: string;

  constructor(given: { file: string; field: string; detail: string; line?: number; fileColumn?: number; column?: number }) {
    const init = placed(given);
    super('input', formatProblemError(init));
    this.file = init.file;
    this.field = init.field;
    this.detail = printable(init.detail.replace(/\s*\n\s*/g, ' '), MAX_DETAIL);
    if (init.line !== undefined) this.line = init.line;
    if (init.fileColumn !== undefined) this.fileColumn = init.fileColumn;
    if (init.column !== undefined) this.column = init.column;
  }
}

/**
 * An error about a field of a loaded problem file that gives no position (one raised after
 * loading, such as a contradiction in f* or S the engine proves) gets the field's position in
 * the file, as the loader's own errors have it (fieldPositions.ts).
 */
function placed<T extends { file: string; field: string; line?: number; column?: number }>(init: T): T & { fileColumn?: number } {
  if (init.line !== undefined || init.column !== undefined || !init.field) return init;
  const pos = fieldPosition(init.file, init.field);
  return pos ? { ...init, line: pos.line, fileColumn: pos.col } : init;
}

/** Longest detail printed (input echoed in it is cut; see printable). */
const MAX_DETAIL = 1000;

/**
 * One line: every part may echo the input (a file name, an unknown key, an expression), so
 * each is made printable (no line breaks or terminal control sequences; see printable.ts).
 */
function formatProblemError(p: { file: string; field: string; detail: string; line?: number; fileColumn?: number; column?: number }): string {
  const file = printable(p.file, 300);
  const where = p.line !== undefined ? `${file}:${p.line}:${p.fileColumn ?? 1}` : file;
  const field = printable(p.field, 200) + (p.column !== undefined ? `${p.field ? ', ' : ''}column ${p.column}` : '');
  const detail = printable(p.detail.replace(/\s*\n\s*/g, ' '), MAX_DETAIL);
  return field ? `${where}: ${field}: ${detail}` : `${where}: ${detail}`;
}
