import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { bracketNesting, MAX_DOCUMENT_DEPTH } from './limits.js';
import { ProblemError } from './ProblemError.js';

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

/** The parsed document: plain data plus a locator into the text. */
export interface ParsedSource {
  readonly data: unknown;
  readonly locator: Locator;
}

/**
 * Parses YAML or JSON text, keeping node positions. Syntax errors become a ProblemError
 * with the line and column of the first error.
 */
export function parseSource(text: string, format: 'yaml' | 'json', file: string): ParsedSource {
  // Both parsers recurse once per level of [ ] / { }: refuse absurd nesting before parsing.
  if (bracketNesting(text) > MAX_DOCUMENT_DEPTH)
    throw new ProblemError({ file, field: '', detail: `lists and mappings are nested more than ${MAX_DOCUMENT_DEPTH} levels deep` });
  if (format === 'json') checkJsonSyntax(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
    const detail = `${format === 'json' ? 'JSON' : 'YAML'} syntax error: ${err.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '')}`;
    throw new ProblemError({ file, field: '', detail, ...(pos ? { line: pos.line, fileColumn: pos.col } : {}) });
  }
  return { data: doc.toJS(), locator: new YamlLocator(doc, lineCounter, text) };
}

function checkJsonSyntax(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const clean = msg
      .replace(/, (\.\.\.)?"[\s\S]*$/, '')
      .replace(/\s*in JSON at position \d+[\s\S]*$/, '')
      .replace(/ is not valid JSON$/, '');
    const detail = `JSON syntax error: ${clean}`;
    const m = /at position (\d+)/.exec(msg);
    let pos: { line: number; col: number } | undefined;
    const lines = new LineCounter();
    if (m) pos = offsetPos(text, Number(m[1]));
    else {
      const err = parseDocument(text, { lineCounter: lines, prettyErrors: false }).errors[0];
      if (err) pos = lines.linePos(err.pos[0]);
    }
    throw new ProblemError({ file, field: '', detail, ...(pos ? { line: pos.line, fileColumn: pos.col } : {}) });
  }
}

function offsetPos(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

class YamlLocator implements Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  locate(path: FieldPath, opts: { exprColumn?: number; key?: boolean } = {}): { line: number; col: number } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      if (opts.key && n === path.length && n > 0) {
        const parent = n === 1 ? this.doc.contents : this.doc.getIn(sub.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(sub[n - 1]));
          const r = pair && isScalar(pair.key) ? pair.key.range : undefined;
          if (r) return this.pos(r[0]);
        }
        continue;
      }
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(sub, true)) as Node | null | undefined;
      if (!node?.range) continue;
      if (n === path.length && opts.exprColumn !== undefined && isScalar(node) && typeof node.value === 'string') {
        const start = node.range[0] + (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0);
        if (this.text.slice(start, start + node.value.length) === node.value) return this.pos(start + opts.exprColumn - 1);
      }
      return this.pos(node.range[0]);
    }
    return undefined;
  }

  private pos(offset: number): { line: number; col: number } {
    return this.lines.linePos(offset);
  }
}
