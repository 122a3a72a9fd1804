import { Rational } from '../exact/rational.js';
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { fieldName } from './context.js';
import { jsonSyntaxError } from './jsonPosition.js';
import { bracketNesting, MAX_DOCUMENT_DEPTH, MAX_YAML_ALIAS_COUNT } from './limits.js';
import { ProblemError } from './ProblemError.js';

// FieldPath and Locator live in fieldPositions.ts (ProblemError reads positions through it, and
// source.ts throws ProblemError: defined here they made an import cycle).
export type { FieldPath, Locator } from './fieldPositions.js';
import type { FieldPath, Locator } from './fieldPositions.js';

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
  // A byte order mark may open JSON (RFC 8259 lets parsers ignore it; YAML does): JSON.parse
  // refused it as "Unexpected token". A space of the same length keeps every position.
  if (format === 'json' && text.startsWith('\uFEFF')) text = ` ${text.slice(1)}`;
  if (format === 'json') checkJsonSyntax(text, file);
  const lineCounter = new LineCounter();
  // logLevel 'error': the yaml library prints its warnings with process.emitWarning (several
  // lines on stderr); every case it warns about is refused below with one line instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const at = (offset: number): { line: number; fileColumn: number } => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, fileColumn: p.col };
  };
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
    const what =
      err.code === 'MULTIPLE_DOCS'
        ? `a second YAML document starts here; a problem file holds one document (remove this '---' or what follows it)`
        : err.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '');
    const detail = `${format === 'json' ? 'JSON' : 'YAML'} syntax error: ${what}`;
    throw new ProblemError({ file, field: '', detail, ...(pos ? { line: pos.line, fileColumn: pos.col } : {}) });
  }
  refuseOddYaml(doc, file, at);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (e) {
    // The yaml library throws a ReferenceError for an alias bomb ("billion laughs": nested
    // anchors that expand exponentially) and for an alias with no anchor before it.
    if (!(e instanceof ReferenceError)) throw e;
    if (/Excessive alias count/.test(e.message))
      throw new ProblemError({
        file,
        field: '',
        detail: `YAML aliases expand too far (an anchor is used more than ${MAX_YAML_ALIAS_COUNT} times, counting aliases nested in it): refused as a resource exhaustion ("billion laughs") attack`,
      });
    throw new ProblemError({ file, field: '', detail: `YAML error: ${e.message}` });
  }
  return { data, locator: new YamlLocator(doc, lineCounter, text) };
}

/**
 * Refuses what the yaml library would read with a warning or an exception: a mapping key that
 * is a list or mapping (`? [a, b] : 1`; JavaScript objects have only text keys) and an alias
 * with no anchor before it (`*x` before or without `&x`) or inside the value it names (`&a [*a]`,
 * which would make the data circular).
 */
function refuseOddYaml(doc: Document, file: string, at: (offset: number) => { line: number; fileColumn: number }): void {
  // Anchors seen so far, in document order (an alias names the last anchor before it).
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node(_key, node, path) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target !== undefined && !path.includes(target as never)) return;
        const where = node.range ? at(node.range[0]) : {};
        const why = target === undefined ? `has no anchor '&${node.source}' before it` : `is inside the value it refers to (a cycle)`;
        throw new ProblemError({ file, field: yamlField([...path, node]), detail: `YAML alias '*${node.source}' ${why}`, ...where });
      }
      if (node.anchor) anchors.set(node.anchor, node);
    },
    Scalar(_key, node, path) {
      // A number is used as its double (its shortest decimal: 0.1 is 1/10 exactly). One whose
      // written value is not that double changed silently: 1e-400 became 0 (a domain bound
      // moved, review finding), 0.12345678901234567890 lost its last digits. Refused instead;
      // as a string ("1e-400") it is read exactly.
      const parent = path[path.length - 1];
      if (typeof node.value !== 'number' || !Number.isFinite(node.value) || typeof node.source !== 'string') return;
      if (isPair(parent) && parent.key === node) return;
      const src = node.source.replace(/_/g, '');
      // hex and octal integers (0x1F, 0o17): exact when the double is that integer
      const radix = /^([+-]?)0([xo])([0-9a-f]+)$/i.exec(src);
      const written = radix ? Rational.of((radix[1] === '-' ? -1n : 1n) * BigInt(`0${radix[2]!.toLowerCase()}${radix[3]}`)) : Rational.parseDecimal(src);
      // (a decimal parseDecimal cannot read, e.g. an exponent beyond ±100 000: 1e-100001 was read as 0)
      if (written?.equals(Rational.fromShortestDecimal(node.value))) return;
      throw new ProblemError({
        file,
        field: yamlField([...path, node]),
        detail: `the number ${node.source} is not exactly a double (it would be read as ${node.value}): write it as a string, "${node.source}", to keep its exact value`,
        ...(node.range ? at(node.range[0]) : {}),
      });
    },
    Pair(_key, pair, path) {
      const key = pair.key;
      const target = isAlias(key) ? anchors.get(key.source) : key;
      if (!isCollection(target)) return;
      const where = isNode(key) && key.range ? at(key.range[0]) : {};
      throw new ProblemError({
        file,
        field: yamlField(path),
        detail: `a mapping key must be a name or a number, not a ${isSeq(target) ? 'list' : 'mapping'}`,
        ...where,
      });
    },
  });
}

/** The field path (`domain`, `template[0].data`) of the collection holding the last node of `path` (a visitor's ancestors). */
function yamlField(path: readonly unknown[]): string {
  const parts: (string | number)[] = [];
  for (let i = 0; i < path.length; i++) {
    const node = path[i];
    const next = path[i + 1];
    if (isPair(node) && next === node.value) parts.push(isScalar(node.key) ? String(node.key.value) : '?');
    else if (isSeq(node) && next !== undefined) parts.push(node.items.indexOf(next as never));
  }
  return fieldName(parts);
}

function checkJsonSyntax(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const { message, line, col } = jsonSyntaxError(text, e);
    throw new ProblemError({ file, field: '', detail: `JSON syntax error: ${message}`, ...(line !== undefined ? { line, fileColumn: col } : {}) });
  }
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
