/**
 * Text from an input (a problem name, a field name, an expression, a certificate's strings)
 * made safe to print on one terminal line: line breaks, control characters (C0, DEL, C1,
 * hence every ANSI escape sequence) and invisible format characters (bidirectional overrides,
 * zero-width characters, line/paragraph separators) are shown as escapes such as \n, \x1b,
 * \u202e; text longer than `max` is cut, saying how long it was. A name holding
 * "certificate VALID", a newline and a conceal code then prints as exactly that, visibly.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string, max = 200): string {
  const s = String(text);
  const cut = s.length > max ? `${s.slice(0, Math.max(0, max - 1))}…(${s.length} characters)` : s;
  return cut.replace(UNSAFE, (ch) => {
    const c = ch.charCodeAt(0);
    return NAMED[ch] ?? (c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`);
  });
}

/** True when the text prints as itself (nothing to escape, not cut at `max`). */
export const isPrintable = (text: string, max = 200): boolean => printable(text, max) === text;
