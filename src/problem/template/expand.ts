import { tokenize, type Token } from '../tokens.js';
import type { ExpandEnv } from './env.js';
import { evalIndex } from './intExpr.js';
import { resolveScalar, resolveVector, type Ref } from './references.js';
import { TemplateError } from './TemplateError.js';

export type { DataNode, ExpandEnv } from './env.js';

/** Generated text, and for each of its characters the 0-based offset in the template it came from. */
export interface Expansion {
  readonly text: string;
  readonly src: readonly number[];
}

const MAX_LENGTH = 2_000_000;

/**
 * Expands a template term into plain expression text: bound indices become integers,
 * `X[i][j]` data lookups become their exact values, `w[i]` becomes the variable `w_i`,
 * `sum(k, lo, hi, body)` becomes `(body_lo + … + body_hi)` and `dot(a, b)` becomes
 * `(a_0*b_0 + …)` for two vectors (data rows or vector variables). Throws TemplateError.
 */
export function expandTemplate(term: string, env: ExpandEnv): Expansion {
  const ex = new Expander(tokenize(term), env);
  ex.run(0, ex.toks.length, env.indices);
  return { text: ex.out, src: ex.src };
}

class Expander {
  out = '';
  readonly src: number[] = [];
  constructor(
    readonly toks: readonly Token[],
    private readonly env: ExpandEnv,
  ) {}

  private emit(s: string, pos: number): void {
    this.out += s;
    for (let k = 0; k < s.length; k++) this.src.push(pos);
    if (this.out.length > MAX_LENGTH) throw new TemplateError(`generated term is longer than ${MAX_LENGTH} characters`, pos);
  }

  private next(k: number, to = this.toks.length): number {
    while (k < to && this.toks[k]!.kind === 'space') k++;
    return k;
  }

  run(from: number, to: number, idx: ReadonlyMap<string, number>): void {
    for (let k = from; k < to; ) {
      const t = this.toks[k]!;
      const after = this.next(k + 1, to);
      const nextText = this.toks[after]?.text;
      if (t.kind !== 'ident') {
        for (let c = 0; c < t.text.length; c++) this.emit(t.text[c]!, t.pos + c);
        k++;
      } else if ((t.text === 'sum' || t.text === 'dot') && nextText === '(' && after < to) {
        const close = this.match(after);
        if (t.text === 'sum') this.sum(t, this.args(after, close, 4, 'sum(k, lo, hi, body)'), idx);
        else this.dot(t, this.args(after, close, 2, 'dot(u, v)'), idx);
        k = close + 1;
      } else if (nextText === '[' && after < to) {
        const ref = this.ref(k, idx);
        this.emit(resolveScalar(this.env, ref), t.pos);
        k = ref.end;
      } else {
        this.emit(this.plain(t, idx), t.pos);
        k++;
      }
    }
  }

  private plain(t: Token, idx: ReadonlyMap<string, number>): string {
    const i = idx.get(t.text);
    if (i !== undefined) return i < 0 ? `(${i})` : String(i);
    const col = this.env.columns.get(t.text);
    if (col !== undefined) return col;
    const d = this.env.data.get(t.text);
    if (d === undefined) return t.text;
    if (Array.isArray(d)) throw new TemplateError(`'${t.text}' is a data list; index it, e.g. ${t.text}[i]`, t.pos);
    return (d as { text: string }).text;
  }

  /** Index of the bracket closing the one at token `open`. */
  private match(open: number): number {
    let depth = 0;
    for (let k = open; k < this.toks.length; k++) {
      const s = this.toks[k]!.text;
      if (s === '(' || s === '[') depth++;
      else if ((s === ')' || s === ']') && --depth === 0) return k;
    }
    throw new TemplateError(`'${this.toks[open]!.text}' is never closed`, this.toks[open]!.pos);
  }

  /** Token ranges of the comma-separated arguments between `open` and `close`. */
  private args(open: number, close: number, n?: number, usage?: string): [number, number][] {
    const out: [number, number][] = [];
    let start = open + 1;
    let depth = 0;
    for (let k = open + 1; k < close; k++) {
      const s = this.toks[k]!.text;
      if (s === '(' || s === '[') depth++;
      else if (s === ')' || s === ']') depth--;
      else if (s === ',' && depth === 0) {
        out.push([start, k]);
        start = k + 1;
      }
    }
    out.push([start, close]);
    if (n !== undefined && out.length !== n) {
      throw new TemplateError(`expected ${usage} with ${n} arguments, got ${out.length}`, this.toks[open]!.pos);
    }
    return out;
  }

  private solid(range: [number, number]): Token[] {
    return this.toks.slice(range[0], range[1]).filter((t) => t.kind !== 'space');
  }

  private index(range: [number, number], idx: ReadonlyMap<string, number>, at: number): number {
    const toks = this.solid(range);
    return evalIndex(toks, idx, toks[0]?.pos ?? at);
  }

  private ref(k: number, idx: ReadonlyMap<string, number>): Ref {
    const t = this.toks[k]!;
    const indices: number[] = [];
    let j = this.next(k + 1);
    while (this.toks[j]?.text === '[') {
      const close = this.match(j);
      for (const r of this.args(j, close)) indices.push(this.index(r, idx, this.toks[j]!.pos));
      j = close + 1;
      const n = this.next(j);
      if (this.toks[n]?.text !== '[') break;
      j = n;
    }
    if (idx.has(t.text) || this.env.columns.has(t.text)) throw new TemplateError(`'${t.text}' is a number and cannot be indexed`, t.pos);
    return { name: t.text, indices, pos: t.pos, end: j };
  }

  private vector(range: [number, number], idx: ReadonlyMap<string, number>, at: number): string[] {
    const k = this.next(range[0], range[1]);
    const t = this.toks[k];
    if (t?.kind !== 'ident') throw new TemplateError('dot() takes two vectors, such as w or W[k] or X[i]', t?.pos ?? at);
    const ref = this.ref(k, idx);
    if (this.next(ref.end, range[1]) !== range[1]) throw new TemplateError('dot() takes two vectors, such as w or W[k] or X[i]', t.pos);
    return resolveVector(this.env, ref);
  }

  private dot(t: Token, args: [number, number][], idx: ReadonlyMap<string, number>): void {
    const [u, v] = [this.vector(args[0]!, idx, t.pos), this.vector(args[1]!, idx, t.pos)];
    if (u.length !== v.length) throw new TemplateError(`dot(): the vectors have lengths ${u.length} and ${v.length}`, t.pos);
    this.emit(`(${u.map((a, i) => `${a}*${v[i]}`).join(' + ')})`, t.pos);
  }

  private sum(t: Token, args: [number, number][], idx: ReadonlyMap<string, number>): void {
    const v = this.solid(args[0]!);
    const name = v[0]?.text ?? '';
    if (v.length !== 1 || v[0]!.kind !== 'ident') throw new TemplateError('the first argument of sum() must be an index name', v[0]?.pos ?? t.pos);
    if (idx.has(name) || this.env.data.has(name) || this.env.columns.has(name) || this.env.variables.has(name)) {
      throw new TemplateError(`sum index '${name}' is already in use`, v[0]!.pos);
    }
    const lo = this.index(args[1]!, idx, t.pos);
    const hi = this.index(args[2]!, idx, t.pos);
    if (hi - lo >= 100000) throw new TemplateError(`sum over ${hi - lo + 1} values is too long`, t.pos);
    if (hi < lo) return this.emit('0', t.pos);
    let [from, to] = args[3]!;
    from = this.next(from, to);
    while (to > from && this.toks[to - 1]!.kind === 'space') to--;
    this.emit('(', t.pos);
    for (let k = lo; k <= hi; k++) {
      if (k > lo) this.emit(' + ', t.pos);
      this.run(from, to, new Map([...idx, [name, k]]));
    }
    this.emit(')', t.pos);
  }
}
