/** A lexical token of expression text; `pos` is the 0-based offset in the text. */
export interface Token {
  readonly kind: 'ident' | 'num' | 'space' | 'punct';
  readonly text: string;
  readonly pos: number;
}

const PATTERNS: readonly [Token['kind'], RegExp][] = [
  ['space', /\s+/y],
  ['num', /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y],
  ['ident', /[A-Za-z_$][A-Za-z0-9_$]*/y],
];

/**
 * Splits expression text into identifiers, numbers, whitespace and single punctuation
 * characters. Never fails: anything unexpected is a one-character `punct` token, left for
 * the expression parser to report.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  outer: while (pos < text.length) {
    for (const [kind, re] of PATTERNS) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m) {
        out.push({ kind, text: m[0], pos });
        pos += m[0].length;
        continue outer;
      }
    }
    out.push({ kind: 'punct', text: text[pos]!, pos });
    pos++;
  }
  return out;
}

/** Identifiers used as symbols (not immediately called as functions), with their 1-based columns. */
export function symbolsOf(text: string): { name: string; column: number }[] {
  const toks = tokenize(text).filter((t) => t.kind !== 'space');
  return toks
    .map((t, k) => ({ t, next: toks[k + 1] }))
    .filter(({ t, next }) => t.kind === 'ident' && next?.text !== '(')
    .map(({ t }) => ({ name: t.text, column: t.pos + 1 }));
}
