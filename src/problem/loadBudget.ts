import { ambientDeadline } from '../deadline.js';
import { LoadTimeLimit } from '../errors.js';

/**
 * Called once per term read (`count` terms so far): on every 64th it stops at the ambient
 * deadline, the command's --time-limit (LoadTimeLimit, exit 2). Generating and parsing a template
 * of 10⁵ terms takes about a minute on a slow machine; without this a command ran for 46 s at
 * --time-limit 2 before its own clock had started.
 */
export function termRead(count: number): void {
  if ((count & 63) === 0 && Date.now() >= ambientDeadline()) throw new LoadTimeLimit(count);
}

/**
 * The same test between the later steps of loading (the objective's size, a declared symmetry,
 * the hash), which take time proportional to the number of terms: stops at the ambient deadline
 * with the count of terms read (from 64 terms on).
 */
export function loadCheckpoint(termsRead: number): void {
  // As termRead, only from 64 terms on: a smaller problem loads in milliseconds, and a command
  // given a tiny limit (--time-limit 0.001) still answers with its header, inconclusive.
  if (termsRead >= 64 && Date.now() >= ambientDeadline()) throw new LoadTimeLimit(termsRead);
}
