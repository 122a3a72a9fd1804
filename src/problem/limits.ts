import { LscertError } from '../errors.js';

/**
 * Limits on untrusted input beyond single expressions (those are in src/expr/limits.ts):
 * checked before any expensive work, each refusal one line (exit status 65). Every limit is
 * far above what the bundled examples and proofs need; docs/problem-format.md ("Input
 * limits") and docs/certificates.md list them with their reasons.
 */

/**
 * Most points of a finite S (`minimizers: points`, `--points`, a certificate's problem). The
 * search and the checker compare every point with every other on each box (nearest-point
 * cells): time and memory grow with |S|² (2000 points: 13 s and 1 GB before the first box;
 * 5000: 4.3 GB). The examples use at most 2.
 */
export const MAX_POINTS = 256;

/** Largest problem file read (bytes). The examples are under 2 KB; templates keep data in separate files. */
export const MAX_PROBLEM_BYTES = 16 * 1024 * 1024;

/**
 * Deepest nesting of lists and mappings in a problem document. The format itself needs 5
 * (minimizers.affine.A[i][j]); YAML and JSON parsers recurse once per level.
 */
export const MAX_DOCUMENT_DEPTH = 64;

/**
 * Most uses of one YAML anchor, counting the aliases nested inside it (the yaml library's
 * `maxAliasCount`: an anchor used k times whose value holds aliases used m times counts k·m).
 * Nested anchors expand exponentially ("billion laughs": 10 levels of 10 aliases are 10^10
 * values from a few hundred bytes). The examples use no aliases.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

/** Largest certificate file read (bytes). The largest certificate in proofs/ has 3.8 MB. */
export const MAX_CERTIFICATE_BYTES = 256 * 1024 * 1024;

/**
 * Deepest nesting of a certificate's JSON. A proof tree adds two levels per split; the search
 * splits a side at most about 30 times (down to 1e-9 of it), so 12 variables need ~730 levels.
 * The proofs need at most 48. (Node's JSON.stringify overflows its stack near 4000 levels.)
 */
export const MAX_CERTIFICATE_DEPTH = 1000;

/**
 * Most variables of a certificate's problem. Only branch and bound writes certificates, and it
 * is meant for up to about 12 variables (the numeric fallback above that never certifies); the
 * checker differentiates every residual once per variable (and the Hessian for local convexity).
 */
export const MAX_CERT_VARIABLES = 1000;

/** A claims file (`lscert demo --claims`): largest size and nesting. */
export const MAX_CLAIMS_BYTES = 16 * 1024 * 1024;

/** Input over one of these limits. `field` names where (empty for the whole input). */
export class InputLimitError extends LscertError {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super('input', field ? `${field}: ${detail}` : detail);
  }
}

/**
 * The path of the first value nested deeper than `max` levels in parsed JSON (a scalar at
 * the top is level 1), or undefined. Iterative: safe on any depth JSON.parse accepts.
 */
export function tooDeep(v: unknown, max: number): string | undefined {
  const stack: { v: unknown; level: number; path: string }[] = [{ v, level: 1, path: '' }];
  while (stack.length) {
    const { v: x, level, path } = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (level > max) return path || '(top)';
    if (Array.isArray(x)) x.forEach((c, i) => stack.push({ v: c, level: level + 1, path: `${path}[${i}]` }));
    else for (const [k, c] of Object.entries(x)) stack.push({ v: c, level: level + 1, path: path ? `${path}.${k}` : k });
  }
  return undefined;
}

/**
 * Deepest nesting of [ ] and { } in JSON or flow-style YAML text, outside quoted strings
 * (an estimate for YAML: brackets in plain scalars count too, which only over-estimates).
 */
export function bracketNesting(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (quote) {
      if (ch === '\\' && quote === '"') k++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || (ch === "'" && (k === 0 || /[\s[{,:]/.test(text[k - 1]!)))) quote = ch;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}
