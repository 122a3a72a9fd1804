import { expect } from 'vitest';
import { ProblemError, problemFromText, type Problem } from '../../src/problem/index.js';

/** A valid two-variable problem as plain data; tests override fields. */
export function base(): Record<string, unknown> {
  return {
    name: 'test-problem',
    variables: ['x', 'y'],
    terms: ['x^2 + y^2', '(x-1)^2 + y^2'],
    domain: { x: [-2, 3], y: [-2, 3] },
    minimizers: { points: [['1/2', 0]] },
  };
}

/** Builds a problem from plain data (as JSON text, source name `p.json`). */
export function fromObject(obj: Record<string, unknown>): Problem {
  return problemFromText(JSON.stringify(obj, null, 2), 'json', 'p.json');
}

/** Builds `base()` with some fields replaced (undefined deletes a field). */
export function withFields(fields: Record<string, unknown>): Problem {
  const obj = { ...base(), ...fields };
  for (const [k, v] of Object.entries(fields)) if (v === undefined) delete obj[k];
  return fromObject(obj);
}

/** Runs `fn`, expects a ProblemError and returns it. */
export function errorOf(fn: () => unknown): ProblemError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProblemError);
    return e as ProblemError;
  }
  throw new Error('expected a ProblemError, but nothing was thrown');
}

/** The error of `withFields(fields)`. */
export function fieldError(fields: Record<string, unknown>): ProblemError {
  return errorOf(() => withFields(fields));
}
