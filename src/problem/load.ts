import { readFileSync, statSync } from 'node:fs';
import { buildProblem } from './build.js';
import { InputContext } from './context.js';
import { forgetFieldPositions, rememberFieldPositions } from './fieldPositions.js';
import { MAX_PROBLEM_BYTES } from './limits.js';
import { ProblemError } from './ProblemError.js';
import { parseSource } from './source.js';
import type { Problem } from './types.js';

/**
 * Parses and validates problem text (docs/problem-format.md). `sourceName` names the input in
 * error messages and in `Problem.source`. Throws ProblemError on invalid input.
 */
export function problemFromText(text: string, format: 'yaml' | 'json', sourceName: string): Problem {
  forgetFieldPositions(sourceName);
  const { data, locator } = parseSource(text, format, sourceName);
  const problem = buildProblem(new InputContext(sourceName, locator), data);
  // Errors raised later about this problem's fields (contradictions the engine proves in f*, S,
  // f_i*) name their position in the text too.
  rememberFieldPositions(sourceName, locator);
  return problem;
}

/**
 * Loads a problem file: `.json` is read as JSON, anything else (`.yaml`, `.yml`) as YAML.
 * Throws ProblemError when the file cannot be read or is invalid.
 */
export function loadProblemFile(path: string): Problem {
  let text: string;
  try {
    const st = statSync(path);
    // A FIFO, socket or device would block the read (a FIFO with no writer for ever, in a thread
    // that even a signal cannot stop): only regular files are read.
    if (!st.isFile() && !st.isDirectory())
      throw new ProblemError({ file: path, field: '', detail: 'cannot read the problem file: not a regular file (a pipe, socket or device)' });
    const size = st.size;
    if (size > MAX_PROBLEM_BYTES)
      throw new ProblemError({ file: path, field: '', detail: `the file has ${size} bytes; problem files are limited to ${MAX_PROBLEM_BYTES} bytes` });
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ProblemError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ProblemError({ file: path, field: '', detail: `cannot read the problem file: ${why}` });
  }
  return problemFromText(text, /\.json$/i.test(path) ? 'json' : 'yaml', path);
}
