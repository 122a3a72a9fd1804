/**
 * The part of mathjs that lscert uses at run time: its expression parser, and nothing that
 * evaluates.
 *
 * lscert only reads the trees mathjs's `parse` builds (src/expr/parse.ts converts them into its
 * own exact trees); it never evaluates them. `create({ parseDependencies })` instantiated, on the
 * first parse, every function the node classes can call when evaluated (units, matrices,
 * `subset`, `pow`, `det`, `inv`, …): about 100 ms of typed-function set-up in every process and
 * worker thread that parses a problem, a third of `lscert check`'s work on a 2-D claim. Here the
 * parser and the node classes are mathjs's own factories, and the functions only evaluation uses
 * are stubs that throw (see EVALUATION_ONLY). Number literals become NumberLiteral, their text,
 * which parse.ts reads exactly (it read the BigNumber of the full instance before); hexadecimal,
 * binary and octal integers become their decimal text. test/expr/mathjsParser.test.ts compares
 * this parser with the full `create({ parseDependencies })` on generated expressions.
 *
 * `npm run build` replaces this file's compiled form (dist/expr/mathjs-parser.js) by an esbuild
 * bundle of it, tree-shaken to these factories; loaded from source (tests, tsx) it imports the
 * mathjs package's index. Same mathjs code either way (the pinned version in package-lock.json).
 */
import {
  create,
  createTyped,
  createNode,
  createAccessorNode,
  createArrayNode,
  createAssignmentNode,
  createBlockNode,
  createConditionalNode,
  createConstantNode,
  createFunctionAssignmentNode,
  createFunctionNode,
  createIndexNode,
  createObjectNode,
  createOperatorNode,
  createParenthesisNode,
  createRangeNode,
  createRelationalNode,
  createSymbolNode,
  createParse,
  factory,
  type FactoryFunctionMap,
  type MathNode,
} from 'mathjs';

// The factories above are exported by mathjs's code but not declared in its type definitions.
declare module 'mathjs' {
  const createTyped: FactoryFunctionMap[string];
  const createNode: FactoryFunctionMap[string];
  const createAccessorNode: FactoryFunctionMap[string];
  const createArrayNode: FactoryFunctionMap[string];
  const createAssignmentNode: FactoryFunctionMap[string];
  const createBlockNode: FactoryFunctionMap[string];
  const createConditionalNode: FactoryFunctionMap[string];
  const createConstantNode: FactoryFunctionMap[string];
  const createFunctionAssignmentNode: FactoryFunctionMap[string];
  const createFunctionNode: FactoryFunctionMap[string];
  const createIndexNode: FactoryFunctionMap[string];
  const createObjectNode: FactoryFunctionMap[string];
  const createOperatorNode: FactoryFunctionMap[string];
  const createParenthesisNode: FactoryFunctionMap[string];
  const createRangeNode: FactoryFunctionMap[string];
  const createRelationalNode: FactoryFunctionMap[string];
  const createSymbolNode: FactoryFunctionMap[string];
  const createParse: FactoryFunctionMap[string];
}

/** Throws: lscert's parser never evaluates what it parses. */
function evaluationOnly(name: string): () => never {
  return () => {
    throw new Error(`mathjs '${name}' is not available: lscert parses expressions and never evaluates them with mathjs`);
  };
}

const RADIX: Readonly<Record<string, { readonly base: bigint; readonly bits: bigint; readonly digits: RegExp }>> = {
  x: { base: 16n, bits: 4n, digits: /^[0-9a-f]*$/ },
  b: { base: 2n, bits: 1n, digits: /^[01]*$/ },
  o: { base: 8n, bits: 3n, digits: /^[0-7]*$/ },
};

/**
 * A number literal's text as parse.ts reads it: decimal text unchanged; a base-16, -2 or -8
 * literal (`0x1F`, `0b101.1`, `0o17`, fractions included, as decimal.js reads them) as the
 * decimal text of its exact value (a power of two in the denominator, so the decimal is finite);
 * anything else the tokenizer passes (`0x`, a word-size suffix `0xFFi8`) is refused, as the full
 * instance's BigNumber refused it.
 */
function literalText(text: string): string {
  if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) || text === 'NaN' || text === 'Infinity') return text;
  const m = /^0([xXbBoO])([^.]*)(?:\.(.*))?$/.exec(text);
  const radix = m ? RADIX[m[1]!.toLowerCase()] : undefined;
  const [int, frac] = [m?.[2]?.toLowerCase() ?? '', m?.[3]?.toLowerCase() ?? ''];
  if (radix === undefined || !radix.digits.test(int) || !radix.digits.test(frac) || int.length + frac.length === 0)
    throw new SyntaxError(`invalid number literal '${text}'`);
  let n = 0n;
  for (const d of int + frac) n = n * radix.base + BigInt(Number.parseInt(d, 16));
  // n / base^f = n / 2^(bits·f) = n·5^(bits·f) / 10^(bits·f)
  const k = radix.bits * BigInt(frac.length);
  return k === 0n ? n.toString() : `${n * 5n ** k}e-${k}`;
}

/** Dependencies of the node classes that only their evaluation (or `isBounded` in toTex) calls. */
const EVALUATION_ONLY = {
  createSubset: factory('subset', [], () => evaluationOnly('subset')),
  createSize: factory('size', [], () => evaluationOnly('size')),
  createIsBounded: factory('isBounded', [], () => evaluationOnly('isBounded')),
  createResultSet: factory('ResultSet', [], () => evaluationOnly('ResultSet')),
};

/** A number literal of the text, as the parser's ConstantNode holds it: its text (decimal for 0x…, 0b…, 0o… integers). */
export class NumberLiteral {
  constructor(readonly text: string) {}
  /** What mathjs's node printing and parse.ts read. */
  toString(): string {
    return this.text;
  }
}

/**
 * `numeric(text, type)` as the parser calls it on a number literal (and on NaN and Infinity,
 * which parse.ts refuses): a NumberLiteral. A quoted string stays a plain string, so parse.ts
 * can tell `"2"` (refused) from `2`.
 */
const createNumeric = factory('numeric', [], () => (value: unknown) => (typeof value === 'string' ? new NumberLiteral(literalText(value)) : value));

/** A parse function: mathjs syntax to mathjs's node tree, with number literals as text. */
export function createParser(): (text: string) => MathNode {
  const math = create(
    {
      createTyped,
      createNode,
      createAccessorNode,
      createArrayNode,
      createAssignmentNode,
      createBlockNode,
      createConditionalNode,
      createConstantNode,
      createFunctionAssignmentNode,
      createFunctionNode,
      createIndexNode,
      createObjectNode,
      createOperatorNode,
      createParenthesisNode,
      createRangeNode,
      createRelationalNode,
      createSymbolNode,
      createParse,
      createNumeric,
      ...EVALUATION_ONLY,
    },
    {},
  );
  return (text) => math.parse(text);
}
