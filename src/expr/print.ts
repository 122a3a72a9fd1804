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
      return e.name;
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

/** Prints LaTeX (for reports, rendered by KaTeX). */
export function toLatex(e: Expr): string {
  const wrap = (c: Expr, min: number) => (prec(c) < min ? `\\left(${toLatex(c)}\\right)` : toLatex(c));
  switch (e.kind) {
    case 'num':
      return e.value.isInteger() ? e.value.toString() : `${e.value.sign() < 0 ? '-' : ''}\\frac{${e.value.abs().num}}{${e.value.den}}`;
    case 'const':
      return e.name === 'pi' ? '\\pi' : 'e';
    case 'var':
      return e.name.length > 1 ? e.name.replace(/^([A-Za-z]+)_?(\d+)$/, '$1_{$2}') : e.name;
    case 'add':
      return e.terms
        .map((t, i) => {
          if (i === 0) return toLatex(t);
          if (t.kind === 'neg') return ` - ${wrap(t.arg, P_MUL)}`;
          return ` + ${toLatex(t)}`;
        })
        .join('');
    case 'mul':
      return e.factors.map((f, i) => wrap(f, i === 0 ? P_MUL : P_NEG + 1)).join(' \\, ');
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
      k = `@${e.name}`;
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
