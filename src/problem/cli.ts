import { buildProblem } from './build.js';
import { InputContext, fieldName } from './context.js';
import { ProblemError } from './ProblemError.js';
import type { FieldPath } from './fieldPositions.js';
import type { Problem } from './types.js';

/** The problem pieces of a command line (each string as typed by the user). */
export interface CliProblemOptions {
  /** `--term EXPR`, repeated. */
  readonly terms: readonly string[];
  /** `--box "x=-1:1,y=0:2"`: variables in order with their bounds (`w[3]=-1:1` declares w_0…w_2). */
  readonly box?: string;
  /** `--points "0,0;1,1"`: points of S, `;` between points, `,` between coordinates. */
  readonly points?: string;
  /** `--affine "1,1=-1/2;1,-1=0"`: one equation per `;`, a row of A, `=`, then b. */
  readonly affine?: string;
  /** `--projection "(x-y-1/2)/2;(-x+y-1/2)/2"`: one expression per variable, `;` between. */
  readonly projection?: string;
  /** `--implicit "x*y - 1"`: S = {x : g_1(x) = … = g_m(x) = 0}, one equation g_k per `;`. */
  readonly implicit?: string;
  /** `--auto`: lscert finds S. */
  readonly auto?: boolean;
  /** `--fstar VALUE` */
  readonly fstar?: string;
  /** `--term-minima "0,0"` (one per term) or a single value for all terms. */
  readonly termMinima?: string;
  /** `--param "c=1/5,d=2*c"` */
  readonly params?: string;
  /** `--name`; default `command-line`. */
  readonly name?: string;
}

export const CLI_SOURCE = '<command line>';

const FLAGS: readonly [string, string][] = [
  ['minimizers.points', '--points'],
  ['minimizers.affine', '--affine'],
  ['minimizers.projection', '--projection'],
  ['minimizers.implicit', '--implicit'],
  ['minimizers.auto', '--auto'],
  ['minimizers', 'S'],
  ['terms', '--term'],
  ['domain', '--box'],
  ['variables', '--box'],
  ['parameters', '--param'],
  ['termMinima', '--term-minima'],
  ['fstar', '--fstar'],
  ['name', '--name'],
];

/**
 * How a field of a problem is named in messages: its path in a file (`minimizers.points[0]`),
 * or the flag that gave it for a command-line problem (`--points[0]`).
 */
export function problemFieldLabel(source: string, path: FieldPath): string {
  return source === CLI_SOURCE ? cliFieldName(path) : fieldName(path);
}

function cliFieldName(path: FieldPath): string {
  const full = fieldName(path);
  for (const [field, flag] of FLAGS) {
    if (full === field || full.startsWith(`${field}.`) || full.startsWith(`${field}[`)) {
      const rest = full.slice(field.length);
      if (field === 'terms' && typeof path[1] === 'number') return `--term #${path[1] + 1}`;
      return rest.startsWith('.') ? `${flag} ${rest.slice(1)}` : flag + rest;
    }
  }
  return full;
}

/**
 * Builds a problem from command-line pieces, validated exactly like a file (same
 * messages, with flag names as fields). Throws ProblemError.
 */
export function problemFromCli(opts: CliProblemOptions): Problem {
  const fail = (field: string, detail: string): never => {
    throw new ProblemError({ file: CLI_SOURCE, field, detail });
  };
  if (opts.terms.length === 0) fail('--term', 'at least one --term EXPR is needed');
  if (opts.box === undefined || opts.box.trim() === '') fail('--box', 'the box is required, e.g. --box "x=-1:1,y=0:2"');
  const forms = (['points', 'affine', 'projection', 'implicit', 'auto'] as const).filter((f) => opts[f] !== undefined && opts[f] !== false);
  if (forms.length !== 1) {
    fail(
      '',
      `give the minimizers S with exactly one of --points, --affine, --projection, --implicit or --auto${forms.length ? `, got ${forms.map((f) => `--${f}`).join(' and ')}` : ''}`,
    );
  }
  const variables: string[] = [];
  const domain: Record<string, string[]> = {};
  for (const piece of splitTop(opts.box!, ',')) {
    const m = /^\s*([^=]+?)\s*=(.*)$/.exec(piece);
    const bounds = m ? splitTop(m[2]!, ':') : [];
    if (!m || bounds.length !== 2) fail('--box', `expected name=lo:hi, got '${piece.trim()}'`);
    variables.push(m![1]!);
    domain[m![1]!.replace(/\[.*$/, '')] = bounds.map((b) => b.trim());
  }
  const minimizers =
    forms[0] === 'points'
      ? { points: splitTop(opts.points!, ';').map((p) => splitTop(p, ',')) }
      : forms[0] === 'affine'
        ? readAffine(opts.affine!, fail)
        : forms[0] === 'projection'
          ? { projection: splitTop(opts.projection!, ';') }
          : forms[0] === 'implicit'
            ? { implicit: splitTop(opts.implicit!, ';') }
            : { auto: true };
  const raw: Record<string, unknown> = { name: opts.name ?? 'command-line', variables, terms: opts.terms, domain, minimizers };
  if (opts.params !== undefined) {
    const params: Record<string, string> = {};
    for (const piece of splitTop(opts.params, ',')) {
      const m = /^\s*([^=]+?)\s*=(.+)$/.exec(piece);
      if (!m) fail('--param', `expected name=value, got '${piece.trim()}'`);
      params[m![1]!] = m![2]!.trim();
    }
    raw.parameters = params;
  }
  if (opts.fstar !== undefined) raw.fstar = opts.fstar;
  if (opts.termMinima !== undefined) {
    const list = splitTop(opts.termMinima, ',');
    raw.termMinima = list.length === 1 ? list[0] : list;
  }
  return buildProblem(new InputContext(CLI_SOURCE, undefined, cliFieldName), raw);
}

function readAffine(text: string, fail: (field: string, detail: string) => never): { affine: { A: string[][]; b: string[] } } {
  const A: string[][] = [];
  const b: string[] = [];
  for (const eq of splitTop(text, ';')) {
    const sides = splitTop(eq, '=');
    if (sides.length !== 2) fail('--affine', `expected an equation 'a1,a2,...=b', got '${eq.trim()}'`);
    A.push(splitTop(sides[0]!, ','));
    b.push(sides[1]!.trim());
  }
  return { affine: { A, b } };
}

/** Splits at `sep` outside parentheses and brackets; pieces are trimmed. */
export function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === sep && depth === 0) {
      out.push(text.slice(start, k).trim());
      start = k + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}
