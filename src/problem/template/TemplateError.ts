import { LscertError } from '../../errors.js';

/** A problem in a template term at 0-based offset `pos` of the term text (internal; mapped to a ProblemError). */
export class TemplateError extends LscertError {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super('input', message);
  }
}
