/**
 * lscert's one error hierarchy. Every error the library throws on purpose is an LscertError
 * with a `kind`; the exit status of each kind is decided here and nowhere else
 * (src/cli/main.ts calls `exitStatusOf`). Layers keep their own subclasses (ProblemError,
 * CertDecodeError, …) for the fields they carry, but a command never re-maps one to an exit
 * status: at most it adds where the error happened (the file, the claim) to the message.
 *
 *   usage        bad flags or a bad library call             exit 64
 *   input        a problem file, certificate, data or claim
 *                file that is invalid or over a limit        exit 65
 *   unsupported  valid input lscert cannot handle (an S it
 *                cannot model, a residual Z3 cannot read)    exit 65
 *   output       an output path that cannot be written       exit 65
 *   time         the time limit ran out before anything could
 *                be decided (a very large problem still being
 *                loaded): inconclusive, nothing decided       exit 2
 *   internal     a bug                                       exit 70
 */
export type ErrorKind = 'usage' | 'input' | 'unsupported' | 'output' | 'time' | 'internal';

export const EXIT_STATUS: Readonly<Record<ErrorKind, number>> = { usage: 64, input: 65, unsupported: 65, output: 65, time: 2, internal: 70 };

export class LscertError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The exit status of this error's kind. */
  get exitCode(): number {
    return EXIT_STATUS[this.kind];
  }
}

/** File-system errors that come from the user's paths (a missing file, no permission): input errors. */
const IO_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EROFS', 'ENAMETOOLONG', 'ELOOP', 'EMFILE']);

/** The kind of any thrown value: an LscertError's own, 'input' for a file-system error, else 'internal'. */
export function kindOf(err: unknown): ErrorKind {
  if (err instanceof LscertError) return err.kind;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && IO_CODES.has(code) ? 'input' : 'internal';
}

/** The exit status for any thrown value (see the table above). */
export const exitStatusOf = (err: unknown): number => EXIT_STATUS[kindOf(err)];

/**
 * A phase stopped because the command's time limit (the ambient deadline, src/engine/budget.ts)
 * passed: building a residual system, simplifying, compiling. Never a verdict: the command that
 * set the limit catches it and answers as out of time (inconclusive, nothing certified). Kind
 * 'internal': one that escapes to the CLI is a bug (a command that forgot to catch it).
 */
export class TimeLimitReached extends LscertError {
  constructor(message = 'the time limit was reached') {
    super('internal', message);
  }
}

/**
 * The command's time limit ran out while its problem was still being loaded (a template of
 * 10⁵ terms takes seconds to generate and parse): nothing was decided. Kind 'time': exit 2 (as an
 * inconclusive verdict) with this one line; with `--json` the CLI prints
 * `{"verdict": "inconclusive", "reason": …}` on stdout too (src/cli/main.ts).
 */
export class LoadTimeLimit extends LscertError {
  /** The problem's name when it had been read (the loader sets it; null before). */
  problem: string | null = null;
  /**
   * Fields the command adds to its `--json` answer (check: `condition`, `constants`, `problem`,
   * `counterexample`, which every `check --json` has; docs/cli.md#check).
   */
  json: Record<string, unknown> = {};

  constructor(readonly termsRead: number) {
    super('time', `time limit reached while the problem was loaded (${termsRead} terms read): nothing was decided; give a longer --time-limit`);
  }
}
