import { Rational } from '../exact/rational.js';
import { rootText } from '../exact/algebraic.js';
import type { Expr } from './types.js';

// Binding strength: a child whose precedence is lower than its context needs parentheses.
const P_ADD = 1;
const P_MUL = 2;
const P_NEG = 3;
const P_POW = 4;
const P_ATOM = 5;

function prec(e: Expr): number {
  switch (e.kind) {
    case 'add':
      return P_ADD;
    case 'mul':
    case 'div':
      return P_MUL;
    case 'neg':
      return P_NEG;
    case 'pow':
      return P_POW;
    case 'num':
      return e.value.sign() < 0 ? P_NEG : e.value.isInteger() ? P_ATOM : P_MUL;
    default:
      return P_ATOM;
  }
}

/** Prints mathjs-syntax text that parses back to an equal tree (up to flattening). */
export function toText(e: Expr): string {
  const wrap = (c: Expr, min: number) => (prec(c) < min ? `(${toText(c)})` : toText(c));
  switch (e.kind) {
    case 'num':
      return e.value.toString();
    case 'const':
      return e.name === 'root' ? rootText(e.root) : e.name;
    case 'var':
      return e.name;
    case 'add':
      return e.terms
        .map((t, i) => {
          if (i === 0) return toText(t);
          if (t.kind === 'neg') return ` - ${wrap(t.arg, P_MUL)}`;
          if (t.kind === 'num' && t.value.sign() < 0) return ` - ${t.value.neg().toString()}`;
          return ` + ${toText(t)}`;
        })
        .join('');
    case 'mul':
      return e.factors.map((f, i) => wrap(f, i === 0 ? P_MUL : P_NEG + 1)).join('*');
    case 'div':
      return `${wrap(e.num, P_MUL)} / ${wrap(e.den, P_NEG + 1)}`;
    case 'neg':
      return `-${wrap(e.arg, P_NEG + 1)}`;
    case 'pow':
      // mathjs: ^ binds tighter than unary minus and is right-associative.
      return `${wrap(e.base, P_ATOM)}^${wrap(e.exponent, P_ATOM)}`;
    case 'call':
      return `${e.fn}(${e.args.map(toText).join(', ')})`;
  }
}

const LATEX_FN: Record<string, string> = {
  exp: '\\exp',
  log: '\\log',
  sin: '\\sin',
  cos: '\\cos',
  tanh: '\\tanh',
  max: '\\max',
  min: '\\min',
};

/**
 * A variable name in LaTeX: `x` as is, `x1` / `x_1` as x_{1}, `W_0_1` as W_{0,1} (a double
 * subscript is a KaTeX error), anything else upright-italic with escaped underscores.
 */
function latexName(name: string): string {
  if (/^[A-Za-z]$/.test(name)) return name;
  const m = /^([A-Za-z]+?)_?(\d+(?:_\d+)*)$/.exec(name);
  if (m) return `${m[1]}_{${m[2]!.replace(/_/g, ',')}}`;
  return `\\mathit{${name.replace(/_/g, '\\_')}}`;
}

/** Binding strength in LaTeX: a fraction is typeset as a block (no parentheses as a factor or a negated term), but a power of it needs them. */
const latexPrec = (e: Expr): number => (e.kind === 'div' ? P_POW : prec(e));

/** A negative number, or a product led by one: printed as a subtraction inside a sum. */
function negativeLead(t: Expr): Expr | null {
  if (t.kind === 'neg') return t.arg;
  if (t.kind === 'num' && t.value.sign() < 0) return { kind: 'num', value: t.value.neg() };
  if (t.kind === 'mul' && t.factors[0]?.kind === 'num' && t.factors[0].value.sign() < 0) {
    const c = t.factors[0].value.neg();
    const rest = t.factors.slice(1);
    const factors = c.isOne() ? rest : [{ kind: 'num', value: c } as Expr, ...rest];
    return factors.length === 1 ? factors[0]! : { kind: 'mul', factors };
  }
  return null;
}

/**
 * Prints LaTeX (for reports, rendered by KaTeX). Subtraction is printed as such: a term that
 * is a negation, a negative number or a product led by a negative number reads `a - b`
 * (never `a + -b`); a leading factor −1 reads as a minus sign.
 */
export function toLatex(e: Expr): string {
  const wrap = (c: Expr, min: number) => (latexPrec(c) < min ? `\\left(${toLatex(c)}\\right)` : toLatex(c));
  switch (e.kind) {
    case 'num':
      return e.value.isInteger() ? e.value.toString() : `${e.value.sign() < 0 ? '-' : ''}\\frac{${e.value.abs().num}}{${e.value.den}}`;
    case 'const':
      if (e.name === 'root') return `\\operatorname{root}\\left(${rootText(e.root).slice(5, -1)}\\right)`;
      return e.name === 'pi' ? '\\pi' : 'e';
    case 'var':
      return latexName(e.name);
    case 'add':
      return e.terms
        .map((t, i) => {
          if (i === 0) return toLatex(t);
          const m = negativeLead(t);
          // A - (b + c): the subtrahend keeps its parentheses when it is a sum.
          return m ? ` - ${wrap(m, P_MUL)}` : ` + ${toLatex(t)}`;
        })
        .join('');
    case 'mul': {
      const [first, ...rest] = e.factors;
      if (first?.kind === 'num' && first.value.equals(Rational.MINUS_ONE) && rest.length) {
        return `-${rest.map((f) => wrap(f, P_NEG + 1)).join(' \\, ')}`;
      }
      return e.factors.map((f, i) => wrap(f, i === 0 ? P_MUL : P_NEG + 1)).join(' \\, ');
    }
    case 'div':
      return `\\frac{${toLatex(e.num)}}{${toLatex(e.den)}}`;
    case 'neg':
      return `-${wrap(e.arg, P_NEG + 1)}`;
    case 'pow':
      if (e.base.kind === 'call' && e.exponent.kind === 'num' && e.exponent.value.isInteger() && e.exponent.value.sign() > 0 && LATEX_FN[e.base.fn]) {
        return `${LATEX_FN[e.base.fn]}^{${toLatex(e.exponent)}}\\left(${e.base.args.map(toLatex).join(', ')}\\right)`;
      }
      return `{${wrap(e.base, P_ATOM)}}^{${toLatex(e.exponent)}}`;
    case 'call': {
      const args = e.args.map(toLatex).join(', ');
      if (e.fn === 'sqrt') return `\\sqrt{${args}}`;
      if (e.fn === 'abs') return `\\left|${args}\\right|`;
      const name = LATEX_FN[e.fn] ?? `\\operatorname{${e.fn}}`;
      return `${name}\\left(${args}\\right)`;
    }
  }
}

const keyCache = new WeakMap<Expr, string>();

/** A structural key: equal keys mean equal trees. Cached per node (trees are immutable). */
export function structuralKey(e: Expr): string {
  const hit = keyCache.get(e);
  if (hit !== undefined) return hit;
  let k: string;
  switch (e.kind) {
    case 'num':
      k = `#${e.value}`;
      break;
    case 'const':
      k = e.name === 'root' ? `@root[${e.root.key}]` : `@${e.name}`;
      break;
    case 'var':
      k = `$${e.index}`;
      break;
    case 'add':
      k = `(+ ${e.terms.map(structuralKey).join(' ')})`;
      break;
    case 'mul':
      k = `(* ${e.factors.map(structuralKey).join(' ')})`;
      break;
    case 'div':
      k = `(/ ${structuralKey(e.num)} ${structuralKey(e.den)})`;
      break;
    case 'neg':
      k = `(- ${structuralKey(e.arg)})`;
      break;
    case 'pow':
      k = `(^ ${structuralKey(e.base)} ${structuralKey(e.exponent)})`;
      break;
    case 'call':
      k = `(${e.fn} ${e.args.map(structuralKey).join(' ')})`;
      break;
  }
  keyCache.set(e, k);
  return k;
}

/** Names listed in an error message at most: a problem may have 100 000 variables. */
export const MAX_LISTED_NAMES = 20;

/**
 * A list of names for a message: all of them when there are at most `max`, else the first
 * `max`, then "… (N in all)" (`unknown variable 'w' (variables are w_0, …, w_19, … (10000 in all))`).
 */
export function listNames(names: readonly string[], max = MAX_LISTED_NAMES): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}
