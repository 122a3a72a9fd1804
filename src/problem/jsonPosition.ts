/**
 * Where JSON text first breaks the grammar (RFC 8259), as an offset into the text, or
 * undefined when it is valid JSON. Used only to place a syntax error that JSON.parse reports
 * without a position (V8's "Unexpected token 'x', ..." messages): the offset is that of the
 * first character that cannot continue a valid document (text.length when the text ends too
 * early). Iterative, so any nesting depth is safe.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let k = 0;
  const n = text.length;
  /** Open containers: '[' or '{'. */
  const stack: string[] = [];

  const ws = (): void => {
    while (k < n && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r')) k++;
  };
  /** Reads a string at k (text[k] === '"'); returns false with k at the bad character. */
  const str = (): boolean => {
    k++;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === 0x22) {
        k++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        k++;
        if (k >= n) return false;
        const e = text[k]!;
        if (e === 'u') {
          for (let j = 1; j <= 4; j++) {
            if (k + j >= n || !/[0-9a-fA-F]/.test(text[k + j]!)) {
              k += j;
              return false;
            }
          }
          k += 5;
        } else if ('"\\/bfnrt'.includes(e)) k++;
        else return false;
        continue;
      }
      k++;
    }
    return false;
  };
  const digits = (): boolean => {
    const start = k;
    while (k < n && text[k]! >= '0' && text[k]! <= '9') k++;
    return k > start;
  };
  /** Reads a number at k; returns false with k at the bad character. */
  const num = (): boolean => {
    if (text[k] === '-') k++;
    if (text[k] === '0') k++;
    else if (!digits()) return false;
    if (text[k] === '.') {
      k++;
      if (!digits()) return false;
    }
    if (text[k] === 'e' || text[k] === 'E') {
      k++;
      if (text[k] === '+' || text[k] === '-') k++;
      if (!digits()) return false;
    }
    return true;
  };
  /** Reads a scalar value ('scalar') or opens a container ('open'); false with k at the bad character. */
  const value = (): 'scalar' | 'open' | false => {
    ws();
    if (k >= n) return false;
    const c = text[k]!;
    if (c === '{' || c === '[') {
      stack.push(c);
      k++;
      return 'open';
    }
    if (c === '"') return str() && 'scalar';
    if (c === '-' || (c >= '0' && c <= '9')) return num() && 'scalar';
    for (const word of ['true', 'false', 'null']) {
      if (c !== word[0]) continue;
      for (let j = 0; j < word.length; j++, k++) if (text[k] !== word[j]) return false;
      return 'scalar';
    }
    return false;
  };

  // What comes next: a value, the end of a value (',' or a closing bracket), a key, or the first
  // key / item of a container just opened (which may also close it at once).
  let state: 'value' | 'after' | 'key' | 'firstKey' | 'firstItem' = 'value';
  for (;;) {
    if (state === 'value') {
      const got = value();
      if (!got) return k;
      state = got === 'open' ? (stack[stack.length - 1] === '{' ? 'firstKey' : 'firstItem') : 'after';
      continue;
    }
    ws();
    if (state === 'firstItem') {
      if (text[k] === ']') {
        k++;
        stack.pop();
        state = 'after';
      } else state = 'value';
      continue;
    }
    if (state === 'firstKey' || state === 'key') {
      if (state === 'firstKey' && text[k] === '}') {
        k++;
        stack.pop();
        state = 'after';
        continue;
      }
      if (text[k] !== '"' || !str()) return k;
      ws();
      if (text[k] !== ':') return k;
      k++;
      state = 'value';
      continue;
    }
    // after a value
    const top = stack[stack.length - 1];
    if (top === undefined) return k < n ? k : undefined;
    if (text[k] === ',') {
      k++;
      state = top === '{' ? 'key' : 'value';
    } else if ((top === '{' && text[k] === '}') || (top === '[' && text[k] === ']')) {
      k++;
      stack.pop();
    } else return k;
  }
}

/**
 * A JSON.parse error of `text` for a one-line message: V8's words without the text it echoes
 * ("Unexpected token 'x', ...\"iables\": [x]..." is not valid JSON" becomes "Unexpected token
 * 'x'"), and the 1-based line and column of the offending character (V8's "at position N" where
 * it gives one, else the grammar scan above; the end of the text when it ends too early).
 */
export function jsonSyntaxError(text: string, e: unknown): { message: string; line?: number; col?: number } {
  const msg = e instanceof Error ? e.message : String(e);
  const message = msg
    .replace(/, (\.\.\.)?"[\s\S]*$/, '')
    .replace(/\s*(in JSON )?at position \d+[\s\S]*$/, '')
    .replace(/ is not valid JSON$/, '');
  const m = /at position (\d+)/.exec(msg);
  const offset = m ? Number(m[1]) : jsonErrorOffset(text);
  if (offset === undefined) return { message };
  const before = text.slice(0, offset).split('\n');
  return { message, line: before.length, col: before[before.length - 1]!.length + 1 };
}
