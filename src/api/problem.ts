import { loadProblemFile, problemFromText, type Problem } from '../problem/index.js';
import { LscertUsageError } from './errors.js';

/** A problem file's content (docs/problem-format.md) as a plain object: `{ name, variables, terms, domain, minimizers, ... }`. */
export type ProblemSpec = Readonly<Record<string, unknown>>;

/** What the API accepts as a problem: a loaded `Problem`, a path to a problem file, or a problem object. */
export type ProblemInput = Problem | string | ProblemSpec;

function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && typeof (x as Problem).hash === 'string' && Array.isArray((x as Problem).termTexts);
}

/**
 * Loads and validates a problem: a path (`.yaml`, `.yml` or `.json`), or an object with the
 * fields of a problem file (validated exactly like a file; errors name `<object>`), or an
 * already loaded `Problem` (returned as is). Throws `ProblemError` on invalid input.
 */
export function loadProblem(input: ProblemInput): Problem {
  if (typeof input === 'string') return loadProblemFile(input);
  if (isProblem(input)) return input;
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new LscertUsageError('loadProblem: expected a file path, a problem object or a Problem');
  const name = typeof input.name === 'string' ? input.name : 'problem';
  return problemFromText(JSON.stringify(input), 'json', `<object ${name}>`);
}
