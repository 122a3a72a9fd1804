import fc from 'fast-check';
import { create, type MathNode, parseDependencies } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/exact/rational.js';
import { createParser, NumberLiteral } from '../../src/expr/mathjs-parser.js';
import { parseExpr } from '../../src/expr/parse.js';

/**
 * src/expr/mathjs-parser.ts builds mathjs's parser with stubs for everything only evaluation
 * uses. Oracle: the full `create({ parseDependencies })` instance lscert used before, with
 * BigNumber literals. Both must build the same tree (same node types, operators, names, and
 * equal literal values) or fail with the same message on every input.
 */
const full = create({ parseDependencies }, { number: 'BigNumber' });
const ours = createParser();

type Outcome = { readonly tree: string } | { readonly error: string };

/** A literal's exact value (or its text when it is not a decimal, e.g. NaN). */
function literal(value: unknown): string {
  const text = String(value);
  return Rational.parseDecimal(text)?.toString() ?? text;
}

/** The tree as text that does not depend on how literals are stored. */
function shape(node: MathNode): string {
  const n = node as MathNode & Record<string, unknown>;
  let head: string = node.type;
  if (node.type === 'ConstantNode') {
    const v = n.value;
    head += v instanceof NumberLiteral || (typeof v === 'object' && v !== null) || typeof v === 'number' ? `#${literal(v)}` : `:${JSON.stringify(v)}`;
  }
  if (node.type === 'SymbolNode') head += `:${String(n.name)}`;
  if (node.type === 'OperatorNode') head += `:${String(n.fn)}:${String(n.op)}:${String(n.implicit)}`;
  if (node.type === 'FunctionNode') head += `:${String((n.fn as { name?: string }).name)}`;
  const kids: string[] = [];
  node.forEach((child) => {
    kids.push(shape(child));
  });
  return kids.length ? `${head}(${kids.join(',')})` : head;
}

function outcome(parse: (text: string) => MathNode, text: string): Outcome {
  try {
    return { tree: shape(parse(text)) };
  } catch (err) {
    // BigNumber's own refusal of a malformed literal ("0x") is worded differently: both refuse.
    const message = (err as Error).message;
    return { error: /^\[DecimalError\]|^invalid number literal/.test(message) ? 'invalid number literal' : message };
  }
}

/**
 * Same outcome from both parsers. Not compared: literals with an exponent of six digits or more,
 * which BigNumber turned into 0 or Infinity (5e-3241234567 read as 0) while lscert keeps the
 * text and refuses it as too long (parse.ts, literalTooLong). Refused on purpose: radix
 * literals with a word size or a binary exponent (0xFFi8 is -1 in mathjs, 0x1p3 is 8).
 */
function agree(text: string): void {
  fc.pre(!/\d[eE][+-]?\d{6}/.test(text));
  const mine = outcome(ours, text);
  if ('error' in mine && mine.error === 'invalid number literal' && /0[xXbBoO][0-9a-fA-F.]*[iIpP]/.test(text)) return;
  expect(mine).toEqual(outcome((t) => full.parse(t), text));
}

const atom = fc.oneof(
  fc.constantFrom('x', 'y', 'pi', 'e', 'x1', 'NaN', 'Infinity', 'true', '"2"', "'a'"),
  fc.constantFrom('0', '2', '0.1', '.5', '3.', '1e3', '2.5e-4', '1E+2', '0x1F', '0b101', '0o17', '007', '12345678901234567890123', '1e400'),
  fc.nat({ max: 1000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }).map(String),
);

const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', ' ', '', '.*', '%', ' mod ', '==', '<', '&', ' and '), tie('e'))
      .map(([a, op, c]) => `${a}${op}${c}`),
    fc.tuple(fc.constantFrom('-', '+', '!', 'not '), tie('e')).map(([op, a]) => `${op}${a}`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `${a}!`),
    tie('e').map((a) => `${a}'`),
    fc
      .tuple(fc.constantFrom('sin', 'exp', 'log', 'sqrt', 'max', 'f', 'log1p'), fc.array(tie('e'), { maxLength: 3 }))
      .map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.array(tie('e'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(tie('e'), tie('e')).map(([a, c]) => `${a} ? ${c} : 1`),
    fc.tuple(tie('e'), tie('e')).map(([a, c]) => `${a}:${c}`),
    fc.tuple(tie('e'), tie('e')).map(([a, c]) => `${a}[${c}]`),
    tie('e').map((a) => `x = ${a}`),
  ),
})).e;

describe('mathjs parser without evaluation (src/expr/mathjs-parser.ts)', () => {
  it('builds the tree the full mathjs instance builds, or fails with its message', () => {
    fc.assert(fc.property(expression, agree), { numRuns: 3000 });
  });

  it('agrees on arbitrary text over the characters of the syntax', () => {
    const ch = fc.constantFrom(...'xy0129.e+-*/^()[]{},;:!?=<>&|~%\'" \tabcsinpEoXB'.split(''));
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 24 }), (cs) => agree(cs.join(''))),
      { numRuns: 5000 },
    );
  });

  it('keeps number literals exact and tells them from quoted strings', () => {
    const scope = { variables: ['x'] };
    expect(parseExpr('0x1F * x', scope)).toEqual(parseExpr('31 * x', scope));
    const big = parseExpr('12345678901234567890123.5 * x', scope);
    expect(big.kind === 'mul' && big.factors[0]?.kind === 'num' && big.factors[0].value.toString()).toBe('24691357802469135780247/2');
    expect(parseExpr('0b101.1 * x', scope)).toEqual(parseExpr('5.5 * x', scope));
    expect(() => parseExpr('0xFFi8 * x', scope)).toThrow(/invalid number literal '0xFFi8'/);
    expect(() => parseExpr('x^2 * "2"', scope)).toThrow(/unsupported constant "2"/);
    try {
      parseExpr("x^2 * '2'", scope);
    } catch (e) {
      expect((e as { column?: number }).column).toBe(7);
    }
    expect.assertions(10);
    expect(() => parseExpr('x + true', scope)).toThrow(/unsupported constant true/);
    expect(() => parseExpr('x + NaN', scope)).toThrow(/unsupported constant 'NaN'/);
    // mathjs reads 50% as 50 / 100 with a number of its own (not a literal of the text).
    expect(parseExpr('50% * x', scope)).toEqual(parseExpr('(50 / 100) * x', scope));
    // A backslash in a quoted string: a clear error, not a broken regular expression (exit 70).
    expect(() => parseExpr("x^2 + 'a\\\\'", scope)).toThrow(/unsupported constant "a\\\\"/);
  });
});
