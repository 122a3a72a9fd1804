import type { Token } from '../tokens.js';
import { TemplateError } from './TemplateError.js';

/**
 * Evaluates an integer index expression (`i`, `i+1`, `2*k-1`, `(n-1)/2`) given as
 * non-space tokens: integer literals, bound index names, + - * / % and parentheses.
 * `/` is floor division. Throws TemplateError at the offending token.
 */
export function evalIndex(tokens: readonly Token[], env: ReadonlyMap<string, number>, endPos: number): number {
  let k = 0;
  const peek = (): Token | undefined => tokens[k];
  const fail = (msg: string, t = peek()): never => {
    throw new TemplateError(msg, t ? t.pos : endPos);
  };
  const atom = (): number => {
    const t = peek();
    if (!t) return fail('index expression expected');
    k++;
    if (t.text === '-') return -atom();
    if (t.text === '+') return atom();
    if (t.text === '(') {
      const v = sum();
      if (peek()?.text !== ')') fail("')' expected in index expression");
      k++;
      return v;
    }
    if (t.kind === 'num') {
      if (!/^\d+$/.test(t.text)) fail(`index '${t.text}' is not an integer`, t);
      return Number(t.text);
    }
    if (t.kind === 'ident') {
      const v = env.get(t.text);
      if (v === undefined) fail(`'${t.text}' is not an index (bound indices: ${[...env.keys()].join(', ') || 'none'})`, t);
      return v!;
    }
    return fail(`unexpected '${t.text}' in index expression`, t);
  };
  const product = (): number => {
    let v = atom();
    for (let t = peek(); t && (t.text === '*' || t.text === '/' || t.text === '%'); t = peek()) {
      k++;
      const w = atom();
      if (t.text !== '*' && w === 0) fail('division by zero in index expression', t);
      v = t.text === '*' ? v * w : t.text === '/' ? Math.floor(v / w) : v - w * Math.floor(v / w);
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    for (let t = peek(); t && (t.text === '+' || t.text === '-'); t = peek()) {
      k++;
      v = t.text === '+' ? v + product() : v - product();
    }
    return v;
  };
  const v = sum();
  if (k < tokens.length) fail(`unexpected '${tokens[k]!.text}' in index expression`);
  if (!Number.isSafeInteger(v)) fail('index expression is out of range', tokens[0]);
  return v;
}
