import type { MathNode } from 'mathjs';
import { createParser, NumberLiteral } from './mathjs-parser.js';
import { AlgebraicError, algebraicRoot } from '../exact/algebraic.js';
import { POLY_MAX_DEGREE, polyFromExpr } from '../exact/polynomial.js';
import { Rational } from '../exact/rational.js';
import * as b from './build.js';
import { exprLimitProblem, MAX_EXACT_DIGITS, MAX_EXPR_DEPTH } from './limits.js';
import { listNames } from './print.js';
import { FN_ARITY, USER_FUNCTIONS, type Expr, type FnName } from './types.js';
import { LscertError } from '../errors.js';

/** Names that can never be variables or parameters (functions and constants of the language). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...USER_FUNCTIONS, 'pi', 'e', 'pow', 'square', 'sign', 'step', 'root']);

/** What an expression may refer to. */
export interface ParseScope {
  readonly variables: readonly string[];
  readonly parameters?: ReadonlyMap<string, Expr>;
}

/** A bad expression. `column` is 1-based inside the expression text when known. */
export class ExprError extends LscertError {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super('input', message);
  }
}

/** An expression over one of the input limits of limits.ts (too deep, too large, a constant too long). */
export class ExprLimitError extends ExprError {
  constructor(message: string, column?: number) {
    super(message, column);
    this.name = 'ExprLimitError';
  }
}

const TOO_DEEP = `the expression is nested more than ${MAX_EXPR_DEPTH} levels deep`;

/** Deepest nesting of brackets in the text (checked before mathjs, whose parser recurses). */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 40 || ch === 91 || ch === 123) max = Math.max(max, ++depth);
    else if (ch === 41 || ch === 93 || ch === 125) depth--;
  }
  return max;
}

// Only the parser is instantiated (src/expr/mathjs-parser.ts); number literals stay their
// decimal text, read exactly below ("0.1" is 1/10).
const mathParse = createParser();

/**
 * Parses mathjs-syntax text into lscert's tree. Literals are exact rationals; `pi` and
 * `e` stay symbolic constants (enclosed rigorously downstream); parameters are inlined.
 * Throws ExprError naming the column of the offending token.
 */
export function parseExpr(text: string, scope: ParseScope): Expr {
  if (bracketDepth(text) > MAX_EXPR_DEPTH) throw new ExprLimitError(TOO_DEEP);
  // mathjs reads '#' as the start of a comment: "x^2 # + 5" was checked as x^2 without a word.
  const hash = text.indexOf('#');
  if (hash >= 0) throw new ExprError("syntax error: '#' is not allowed in an expression (mathjs would read the rest as a comment and ignore it)", hash + 1);
  let node: MathNode;
  try {
    node = mathParse(text);
  } catch (err) {
    if (err instanceof RangeError) throw new ExprLimitError(TOO_DEEP); // the parser's own recursion (x^x^…^x)
    const e = err as Error & { char?: number };
    const msg = e.message.replace(/\s*\(char \d+\)\s*$/, '');
    // mathjs says `Syntax error in part "😀"` when its tokenizer meets a character it does not
    // know: the first character of that part is the one not allowed (named, with its code point).
    const part = /^Syntax error in part "([\s\S]*)"$/.exec(msg);
    const ch = part ? String.fromCodePoint(part[1]!.codePointAt(0) ?? 0xfffd) : '';
    if (part && ch)
      throw new ExprError(
        `syntax error: the character '${ch}' (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not allowed in an expression`,
        e.char,
      );
    throw new ExprError(`syntax error: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`, e.char);
  }
  let e: Expr;
  try {
    e = new Converter(text, scope).convert(node);
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw new ExprLimitError(TOO_DEEP);
    throw err;
  }
  const why = exprLimitProblem(e);
  if (why) throw new ExprLimitError(why);
  return e;
}

/** An exact constant: a number (read as its shortest decimal: 0.1 → 1/10) or an expression string without variables. */
export function parseConstant(value: string | number): Expr {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ExprError(`not a finite number: ${value}`);
    return b.num(Rational.fromShortestDecimal(value));
  }
  if (typeof value !== 'string' || value.trim() === '') throw new ExprError('expected a number or an exact expression string');
  return parseExpr(value, { variables: [] });
}

/** Binary operators whose chains are converted iteratively (see Converter.chain). */
const CHAINED: ReadonlySet<string> = new Set(['add', 'subtract', 'multiply', 'divide']);

/**
 * Why a decimal literal is too long to read exactly (checked on its digits, before any BigInt
 * is built), or undefined. The exact value is bounded again by exprLimitProblem.
 */
export function literalTooLong(text: string): string | undefined {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const digits = `${m[1] ?? ''}${m[2] ?? ''}`.replace(/^0+/, '').length;
  const exp = Number(m[3] ?? '0') - (m[2] ?? '').length;
  const numDigits = digits + Math.max(0, exp);
  const denDigits = Math.max(0, -exp);
  if (!(numDigits <= MAX_EXACT_DIGITS + 1 && denDigits <= MAX_EXACT_DIGITS + 1)) {
    const shown = text.length > 24 ? `${text.slice(0, 12)}…${text.slice(-8)}` : text;
    return `the number '${shown}' has more than ${MAX_EXACT_DIGITS} digits (in its numerator or denominator); lscert computes with exact rationals and refuses constants this large`;
  }
  return undefined;
}

class Converter {
  constructor(
    private readonly text: string,
    private readonly scope: ParseScope,
  ) {}

  /** 1-based column of the first whole-word occurrence of `name` (mathjs nodes carry no positions). */
  private columnOf(name: string): number | undefined {
    const re = new RegExp(`(^|[^A-Za-z0-9_$.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_$])`);
    const m = re.exec(this.text);
    return m ? m.index + m[1]!.length + 1 : undefined;
  }

  convert(node: MathNode): Expr {
    const n = node as MathNode & Record<string, unknown>;
    switch (node.type) {
      case 'ParenthesisNode':
        return this.convert(n.content as MathNode);
      case 'ConstantNode':
        return this.constant(n.value);
      case 'SymbolNode':
        return this.symbol(n.name as string);
      case 'OperatorNode':
        if (CHAINED.has(n.fn as string) && (n.args as MathNode[]).length === 2) return this.chain(node);
        return this.operator(
          n.fn as string,
          n.op as string,
          (n.args as MathNode[]).map((a) => this.convert(a)),
        );
      case 'FunctionNode': {
        const name = (n.fn as { name?: string }).name ?? String(n.fn);
        return this.func(name, n.args as MathNode[]);
      }
      default:
        throw new ExprError(`unsupported syntax (${node.type.replace(/Node$/, '').toLowerCase()}): '${node.toString()}'`, this.columnOf(node.toString()));
    }
  }

  /**
   * A left-leaning chain a + b - c + … (or of *, /) as mathjs builds it, one level per
   * operator: walked iteratively down its left spine, so a long sum does not recurse once
   * per term (a template may generate thousands of terms).
   */
  private chain(node: MathNode): Expr {
    const spine: (MathNode & Record<string, unknown>)[] = [];
    let cur = node as MathNode & Record<string, unknown>;
    while (cur.type === 'OperatorNode' && CHAINED.has(cur.fn as string) && (cur.args as MathNode[]).length === 2) {
      spine.push(cur);
      cur = (cur.args as MathNode[])[0] as MathNode & Record<string, unknown>;
    }
    let acc = this.convert(cur);
    for (let k = spine.length - 1; k >= 0; k--) {
      const n = spine[k]!;
      acc = this.operator(n.fn as string, n.op as string, [acc, this.convert((n.args as MathNode[])[1]!)]);
    }
    return acc;
  }

  private constant(value: unknown): Expr {
    // A number mathjs made itself: the 100 of a percentage (`50%` is 50 / 100).
    if (typeof value === 'number' && Number.isSafeInteger(value)) return b.num(value);
    // A quoted string ("2"), true, false, null: not a number literal.
    if (!(value instanceof NumberLiteral)) {
      // A quoted string: its column is where its quote is (columnOf would find the first digit "2" anywhere).
      const quoted = typeof value === 'string' ? [`"${value}"`, `'${value}'`].map((q) => this.text.indexOf(q)).find((i) => i >= 0) : undefined;
      throw new ExprError(`unsupported constant ${JSON.stringify(value)}`, quoted !== undefined ? quoted + 1 : this.columnOf(String(value)));
    }
    const long = literalTooLong(String(value));
    if (long) throw new ExprLimitError(long);
    const r = Rational.parseDecimal(String(value));
    if (!r) throw new ExprError(`unsupported constant '${String(value)}'`, this.columnOf(String(value)));
    return b.num(r);
  }

  private symbol(name: string): Expr {
    const idx = this.scope.variables.indexOf(name);
    if (idx >= 0) return b.variable(idx, name);
    const p = this.scope.parameters?.get(name);
    if (p) return p;
    if (name === 'pi' || name === 'e') return b.constant(name);
    if (RESERVED_NAMES.has(name)) throw new ExprError(`function '${name}' used without arguments`, this.columnOf(name));
    const known = this.scope.variables.length ? `variables are ${listNames(this.scope.variables)}` : 'no variables are allowed here';
    const params = this.scope.parameters?.size ? `; parameters are ${listNames([...this.scope.parameters.keys()])}` : '';
    throw new ExprError(`unknown variable '${name}' (${known}${params})`, this.columnOf(name));
  }

  private operator(fn: string, op: string, args: Expr[]): Expr {
    const [a, c] = args as [Expr, Expr];
    switch (fn) {
      case 'add':
        return b.add(a, c);
      case 'subtract':
        return b.sub(a, c);
      case 'multiply':
        return b.mul(a, c);
      case 'divide':
        return b.div(a, c);
      case 'pow':
        return b.pow(a, c);
      case 'unaryMinus':
        return b.neg(a);
      case 'unaryPlus':
        return a;
      default:
        throw new ExprError(`unsupported operator '${op}'`, this.text.indexOf(op) + 1 || undefined);
    }
  }

  private func(name: string, rawArgs: MathNode[]): Expr {
    if (name === 'root') return this.root(rawArgs);
    const args = rawArgs.map((a) => this.convert(a));
    const col = this.columnOf(name);
    const arity = (k: number) => {
      if (args.length !== k) throw new ExprError(`${name} takes ${k} argument${k > 1 ? 's' : ''}, got ${args.length}`, col);
    };
    switch (name) {
      case 'pow':
        arity(2);
        return b.pow(args[0]!, args[1]!);
      case 'square':
        arity(1);
        return b.pow(args[0]!, b.num(2));
      case 'max':
      case 'min':
        if (args.length < 1) throw new ExprError(`${name} needs at least one argument`, col);
        return args.reduce((acc, x) => b.call(name, acc, x));
    }
    if (!(USER_FUNCTIONS as readonly string[]).includes(name)) {
      if (this.scope.variables.includes(name)) throw new ExprError(`'${name}' is a variable, not a function (write '${name}*(...)' to multiply)`, col);
      throw new ExprError(`unknown function '${name}' (known: ${[...USER_FUNCTIONS, 'pow', 'square', 'root'].join(', ')})`, col);
    }
    if (name === 'log' && args.length === 2) return b.div(b.call('log', args[0]!), b.call('log', args[1]!));
    arity(FN_ARITY[name as FnName]);
    return b.call(name as FnName, ...args);
  }

  /**
   * `root(p, t, lo, hi)`: the only real root of the polynomial p in the bound variable t in
   * [lo, hi] (p's coefficients and lo, hi exact rational constants; src/exact/algebraic.ts
   * proves that there is exactly one). A constant: it may appear wherever a number may.
   */
  private root(rawArgs: MathNode[]): Expr {
    const col = this.columnOf('root');
    const usage = 'root takes 4 arguments: root(p(t), t, lo, hi), the only root of the polynomial p in [lo, hi]';
    if (rawArgs.length !== 4) throw new ExprError(`${usage}; got ${rawArgs.length}`, col);
    const tNode = rawArgs[1] as MathNode & { name?: string };
    if (tNode.type !== 'SymbolNode' || !tNode.name) throw new ExprError(`${usage}; its second argument must be a name`, col);
    const t = tNode.name;
    if (this.scope.variables.includes(t) || this.scope.parameters?.has(t) || RESERVED_NAMES.has(t))
      throw new ExprError(`root: the bound name '${t}' is already a variable, parameter or function; choose another`, this.columnOf(t));
    const inner = new Converter(this.text, { variables: [t], parameters: this.scope.parameters });
    const p = polyFromExpr(inner.convert(rawArgs[0]!));
    if (!p)
      throw new ExprError(`root: the first argument must be a polynomial in ${t} (degree at most ${POLY_MAX_DEGREE}) with exact rational coefficients`, col);
    const coeffs: Rational[] = [];
    for (const term of p.values()) {
      const k = term.exps[0] ?? 0;
      while (coeffs.length <= k) coeffs.push(Rational.ZERO);
      coeffs[k] = term.coeff;
    }
    const end = (node: MathNode, which: string): Rational => {
      const q = polyFromExpr(this.convert(node));
      const c = q && (q.size === 0 ? Rational.ZERO : q.size === 1 ? q.get('')?.coeff : undefined);
      if (!c) throw new ExprError(`root: ${which} must be an exact rational number`, col);
      return c;
    };
    try {
      const r = algebraicRoot(coeffs, end(rawArgs[2]!, 'lo'), end(rawArgs[3]!, 'hi'), t);
      return r instanceof Rational ? b.num(r) : b.rootConstant(r);
    } catch (err) {
      if (err instanceof AlgebraicError) throw new ExprError(`root: ${err.message}`, col);
      throw err;
    }
  }
}
