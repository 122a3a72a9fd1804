/**
 * The problem-input layer: problem files (YAML/JSON, docs/problem-format.md) and command-line
 * pieces, validated and resolved into one typed `Problem`.
 */
export type { Problem, BoxBound, Minimizers, Enclosure } from './types.js';
export { ProblemError } from './ProblemError.js';
export { loadProblemFile, problemFromText } from './load.js';
export { problemFromCli, problemFieldLabel, CLI_SOURCE, type CliProblemOptions } from './cli.js';
export { domainBoxes, innerBox, outerBox } from './domain.js';
export { canonicalProblem, problemHash } from './hash.js';
export { PROBLEM_FIELDS } from './build.js';
export { termLabel } from './names.js';
