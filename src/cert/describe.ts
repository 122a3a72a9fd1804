import { toText, type Expr } from '../expr/index.js';
import type { Problem } from '../problem/index.js';
import { printable } from '../problem/printable.js';

/**
 * What a verified certificate is about, in words: the problem's domain and the values the
 * problem gives and the checker trusts (S, f*, f_i*). Printed by `lscert verify-cert` so that
 * a "valid" is never read without the problem it is valid for. Every text is printable (no
 * control characters) and cut to a readable length.
 */
export interface ProblemSummary {
  /** `certificate`: the problem embedded in the certificate was trusted as written; `file`: it equals `--problem`'s file (same hash). */
  readonly source: 'certificate' | 'file';
  /** The `--problem` file, when given. */
  readonly file: string | null;
  readonly variables: readonly string[];
  /** The exact domain, one `[lo, hi]` per variable (exact constants as text). */
  readonly domain: readonly { readonly variable: string; readonly lo: string; readonly hi: string }[];
  readonly terms: readonly string[];
  /** The values the problem gives (trusted, never proved): as in `check`'s `assumed`. */
  readonly assumed: {
    readonly fstar: string | null;
    readonly termMinima: readonly string[] | null;
    /** points, affine, projection, implicit, or auto (computed on the box, and proved by the certificate). */
    readonly minimizers: string;
    /** S as given, in words (null when S is computed). */
    readonly minimizersText: string | null;
  };
}

const MAX_TEXT = 160;
const MAX_LISTED = 8;

const text = (e: Expr) => printable(toText(e), MAX_TEXT);
const vec = (v: readonly Expr[]) => `(${v.map(text).join(', ')})`;
const listed = <T>(xs: readonly T[], show: (x: T) => string) =>
  xs.length <= MAX_LISTED ? xs.map(show).join(', ') : `${xs.slice(0, MAX_LISTED).map(show).join(', ')}, … (${xs.length} in all)`;

export function summarize(p: Problem, file: string | null): ProblemSummary {
  const S = p.minimizers;
  const minimizersText =
    S.kind === 'points'
      ? `points ${listed(S.points, vec)}`
      : S.kind === 'affine'
        ? `affine {x : A x = b}, A = [${listed(S.A, vec)}], b = ${vec(S.b)}`
        : S.kind === 'projection'
          ? `projection map x -> ${vec(S.map)}`
          : S.kind === 'implicit'
            ? `implicit {x : g(x) = 0}, g = ${vec(S.equations)} (a set of minimizers)`
            : null;
  return {
    source: file === null ? 'certificate' : 'file',
    file: file === null ? null : printable(file, 300),
    variables: p.variables.map((v) => printable(v, 60)),
    domain: p.domain.map((b) => ({ variable: printable(b.variable, 60), lo: text(b.lo), hi: text(b.hi) })),
    terms: p.terms.map(text),
    assumed: {
      fstar: p.fstar ? text(p.fstar) : null,
      termMinima: p.termMinima ? p.termMinima.map(text) : null,
      minimizers: S.kind,
      minimizersText,
    },
  };
}
