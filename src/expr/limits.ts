import type { Expr } from './types.js';

/**
 * Limits on expressions read from untrusted input (problem files, command-line problems and
 * flags, certificates). lscert computes with exact BigInt rationals: a few hundred bytes of
 * input such as ((((3/2)^64)^64)^64) or a 100 000-digit fraction make constant folding and
 * gcds run for minutes, and a constant used twice in a parameter chain (c2 = c1*c1, …)
 * doubles the size of the expression at every step. Every expression is measured (in time
 * linear in its number of distinct nodes) before any expensive work, and refused above these
 * limits. Each limit is far above what the bundled examples need (docs/problem-format.md,
 * "Input limits", lists the measured maxima).
 */

/**
 * Largest exact constant, in bits of its numerator or denominator: 2048 bits ≈ 616 decimal
 * digits (every double, subnormals included, needs at most 1075). A gcd of two such numbers
 * takes about 4 ms; of two 65 536-bit numbers, about 1 s. The same bound applies to every
 * constant lscert could fold from an expression (see `exactGrowth`).
 */
export const MAX_EXACT_BITS = 2048;

/** The same bound in decimal digits (what messages say). */
export const MAX_EXACT_DIGITS = Math.floor(MAX_EXACT_BITS * Math.log10(2));

/**
 * Folding of constants by the smart constructors (`build.ts`) and the simplifier stops above
 * this size (the power or quotient is kept as a node, which is exact and is enclosed by
 * intervals). Larger than MAX_EXACT_BITS so that input within the limits folds as before.
 */
export const MAX_FOLD_BITS = 4 * MAX_EXACT_BITS;

/** Deepest expression tree (after parsing: sums and products are flattened). The examples need 13. */
export const MAX_EXPR_DEPTH = 200;

/**
 * Most nodes in one expression, a shared subexpression (a parameter used twice) counted once
 * per use: what printing, hashing and differentiating the expression cost.
 */
export const MAX_EXPR_NODES = 1_000_000;

/** Number of bits of |x| (0 for 0). */
export function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x === 0n) return 0;
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/**
 * A bound on the denominators and numerators of the rational coefficients that simplifying
 * an expression can produce: `den` is an exact common multiple of every denominator when
 * known (else only its bit size `denBits`), `numBits` bounds the numerators over that
 * denominator.
 */
interface Growth {
  readonly den: bigint | null;
  readonly denBits: number;
  readonly numBits: number;
}

interface Info {
  readonly depth: number;
  readonly nodes: number;
  readonly growth: Growth;
  /** The largest bit size of a constant anywhere in the subtree (its own growth included). */
  readonly worstBits: number;
}

const ONE: Growth = { den: 1n, denBits: 1, numBits: 1 };
/** Results per node: nodes are immutable, so a measured node never needs measuring again. */
const CACHE = new WeakMap<Expr, Info>();

/** The direct subexpressions of a node (none for numbers, variables, slots and constants). */
export const children = (e: Expr): readonly Expr[] => {
  switch (e.kind) {
    case 'add':
      return e.terms;
    case 'mul':
      return e.factors;
    case 'div':
      return [e.num, e.den];
    case 'pow':
      return [e.base, e.exponent];
    case 'neg':
      return [e.arg];
    case 'call':
      return e.args;
    default:
      return [];
  }
};

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** A common multiple of two denominators (exact when both are known and small enough). */
function lcmOf(a: Growth, b: Growth): { den: bigint | null; denBits: number } {
  if (a.den !== null && b.den !== null && a.denBits + b.denBits <= 2 * MAX_EXACT_BITS + 2) {
    const l = (a.den / gcd(a.den, b.den)) * b.den;
    return { den: l, denBits: bitLength(l) };
  }
  return { den: null, denBits: a.denBits + b.denBits };
}

function productOf(a: Growth, b: Growth): { den: bigint | null; denBits: number } {
  if (a.den !== null && b.den !== null && a.denBits + b.denBits <= 2 * MAX_EXACT_BITS + 2) {
    const p = a.den * b.den;
    return { den: p, denBits: bitLength(p) };
  }
  return { den: null, denBits: a.denBits + b.denBits };
}

const log2ceil = (n: number) => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/**
 * The coefficient growth of a node from its children's (see `Growth`). It mirrors what the
 * simplifier folds: sums over a common denominator, products, division by a constant, integer
 * powers up to 64 (constants) and the arguments of foldable calls (abs, max, min, …); other
 * nodes (a division by a non-constant, a non-integer power) are atoms, whose insides are
 * measured on their own.
 */
function growthOf(e: Expr, kids: readonly Growth[]): Growth {
  switch (e.kind) {
    case 'num':
      return { den: e.value.den, denBits: bitLength(e.value.den), numBits: bitLength(e.value.num) };
    case 'const':
    case 'var':
      return ONE;
    case 'neg':
      return kids[0]!;
    case 'add':
    case 'call': {
      let acc = kids[0] ?? ONE;
      for (const k of kids.slice(1)) acc = { ...lcmOf(acc, k), numBits: 0 };
      const num = kids.reduce((m, k) => Math.max(m, k.numBits + Math.max(0, acc.denBits - k.denBits) + 1), 0);
      return { den: acc.den, denBits: acc.denBits, numBits: e.kind === 'add' ? num + log2ceil(kids.length) : num };
    }
    case 'mul': {
      let acc: Growth = ONE;
      for (const k of kids) acc = { ...productOf(acc, k), numBits: acc.numBits + k.numBits };
      return { ...acc, numBits: acc.numBits + log2ceil(kids.length) };
    }
    case 'div': {
      // x / (p/q) = x·q/p: the denominator gains p, the numerator q (a non-constant
      // denominator makes the quotient an atom: the bound then only over-estimates).
      const [n, d] = kids as [Growth, Growth];
      const p = e.den.kind === 'num' ? (e.den.value.num < 0n ? -e.den.value.num : e.den.value.num) : null;
      return { ...productOf(n, { den: p, denBits: d.numBits, numBits: 0 }), numBits: n.numBits + d.denBits };
    }
    case 'pow': {
      const x = e.exponent;
      if (x.kind !== 'num' || !x.value.isInteger()) return ONE;
      const k = Number(x.value.num);
      if (!(Math.abs(k) <= 64)) return ONE;
      const b = kids[0]!;
      if (k >= 0) {
        const denBits = k * b.denBits;
        const den = b.den !== null && denBits <= 2 * MAX_EXACT_BITS + 2 ? b.den ** BigInt(k) : null;
        return { den, denBits: den !== null ? bitLength(den) : denBits, numBits: k * b.numBits };
      }
      // (p/q)^-k = q^k/p^k: numerator and denominator swap.
      return { den: null, denBits: -k * b.numBits, numBits: -k * b.denBits };
    }
  }
}

/**
 * Why an expression is too large to work with, or undefined when it is within the limits:
 * deeper than MAX_EXPR_DEPTH, more than MAX_EXPR_NODES nodes, or a constant that lscert could
 * fold from it needs more than `maxExactBits` (default MAX_EXACT_BITS) bits. Iterative (never
 * overflows the stack), linear in the number of distinct nodes, and measured nodes are cached.
 */
export function exprLimitProblem(root: Expr, opts: { maxExactBits?: number; maxNodes?: number } = {}): string | undefined {
  const maxBits = opts.maxExactBits ?? MAX_EXACT_BITS;
  const maxNodes = opts.maxNodes ?? MAX_EXPR_NODES;
  const deep = `the expression is nested more than ${MAX_EXPR_DEPTH} levels deep`;
  const tooLarge = `an exact constant lscert would compute from this expression needs more than ${maxBits} bits (about ${Math.floor(maxBits * Math.log10(2))} decimal digits); lscert computes with exact rationals and refuses constants this large: use fewer digits or smaller powers`;
  const check = (i: Info): string | undefined =>
    i.depth > MAX_EXPR_DEPTH
      ? deep
      : i.nodes > maxNodes
        ? `the expression has more than ${maxNodes} nodes (a parameter counts once per use)`
        : i.worstBits > maxBits
          ? tooLarge
          : undefined;
  const stack: { e: Expr; level: number; open: boolean }[] = [{ e: root, level: 1, open: false }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const known = CACHE.get(top.e);
    if (known) {
      stack.pop();
      const why = check(known);
      if (why) return why;
      continue;
    }
    const kids = children(top.e);
    if (!top.open) {
      top.open = true;
      if (top.level > MAX_EXPR_DEPTH) return deep;
      for (const k of kids) stack.push({ e: k, level: top.level + 1, open: false });
      continue;
    }
    stack.pop();
    const infos = kids.map((k) => CACHE.get(k)!);
    const growth = growthOf(
      top.e,
      infos.map((i) => i.growth),
    );
    // Loops, not spreads: a sum may have more terms than a call may have arguments.
    const info: Info = {
      depth: 1 + infos.reduce((m, i) => Math.max(m, i.depth), 0),
      nodes: 1 + infos.reduce((s, i) => s + i.nodes, 0),
      growth,
      worstBits: infos.reduce((m, i) => Math.max(m, i.worstBits), Math.max(growth.denBits, growth.numBits)),
    };
    CACHE.set(top.e, info);
    const why = check(info);
    if (why) return why;
  }
  return undefined;
}
