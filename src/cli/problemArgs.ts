import type { Command } from 'commander';
import { loadProblemFile, problemFromCli, type Problem } from '../problem/index.js';
import { printable } from '../problem/printable.js';
import { withDeadline } from '../deadline.js';
import { UsageError } from './exit.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Adds the command-line problem flags (docs/cli.md: a problem without a file). */
export function withProblemOptions(cmd: Command): Command {
  return cmd
    .option('--term <expr>', 'a term f_i (repeat for each term), instead of a problem file', collect)
    .option('--box <spec>', 'the box, e.g. "x=-1:1,y=0:2"')
    .option('--points <spec>', 'S as points, e.g. "0,0;1,1"')
    .option('--affine <spec>', 'S = {x : Ax = b}, one row "a1,a2=b" per equation, ";" between')
    .option('--projection <spec>', 'S by its projection map, one expression per variable, ";" between')
    .option('--implicit <spec>', 'S = {x : g(x) = 0} by equations, e.g. "x*y - 1", ";" between')
    .option('--auto', 'let lscert find S')
    .option('--fstar <value>', 'f* = min f (trusted)')
    .option('--term-minima <list>', 'f_i* per term, e.g. "0,0" (trusted)')
    .option('--param <list>', 'parameters, e.g. "c=1/5"')
    .option('--name <name>', 'problem name for command-line problems');
}

export interface ProblemFlags {
  term?: string[];
  box?: string;
  points?: string;
  affine?: string;
  projection?: string;
  implicit?: string;
  auto?: boolean;
  fstar?: string;
  termMinima?: string;
  param?: string;
  name?: string;
}

/** The flags that give S (exactly one of them with --term/--box). */
const S_FLAGS: readonly (readonly [keyof ProblemFlags, string])[] = [
  ['points', '--points'],
  ['affine', '--affine'],
  ['projection', '--projection'],
  ['implicit', '--implicit'],
  ['auto', '--auto'],
];

/** Every problem flag (none of them goes with a problem file). */
const PROBLEM_FLAGS: readonly (readonly [keyof ProblemFlags, string])[] = [
  ['term', '--term'],
  ['box', '--box'],
  ...S_FLAGS,
  ['fstar', '--fstar'],
  ['termMinima', '--term-minima'],
  ['param', '--param'],
  ['name', '--name'],
];

/** The problem of a command: from the file argument, or from the flags (never both). */
export function resolveProblem(file: string | undefined, flags: ProblemFlags): Problem {
  // Which flags go together is decided here, from the command line alone: a wrong combination
  // is a usage error (64). What a flag's value says (an expression, a box, a point) is read as
  // a problem file's field is, and is invalid input (65) when it is wrong (docs/cli.md).
  const given = PROBLEM_FLAGS.filter(([key]) => flags[key] !== undefined && flags[key] !== false).map(([, flag]) => flag);
  if (file && given.length)
    throw new UsageError(`give either a problem file or the problem flags, not both: ${given.join(', ')} given with the file ${printable(file, 200)}`);
  if (file) return loadProblemFile(file);
  if (!flags.term?.length) throw new UsageError('missing problem: give a problem file, or --term EXPR (repeated) and --box');
  if (!flags.box) throw new UsageError('--term needs --box "x=lo:hi,…"');
  const forms = S_FLAGS.filter(([key]) => flags[key] !== undefined && flags[key] !== false).map(([, flag]) => flag);
  if (forms.length !== 1)
    throw new UsageError(
      `give the minimizers S with exactly one of --points, --affine, --projection, --implicit or --auto${forms.length ? `, got ${forms.join(' and ')}` : ''}`,
    );
  return problemFromCli({
    terms: flags.term,
    box: flags.box,
    ...(flags.points !== undefined && { points: flags.points }),
    ...(flags.affine !== undefined && { affine: flags.affine }),
    ...(flags.projection !== undefined && { projection: flags.projection }),
    ...(flags.implicit !== undefined && { implicit: flags.implicit }),
    ...(flags.auto !== undefined && { auto: flags.auto }),
    ...(flags.fstar !== undefined && { fstar: flags.fstar }),
    ...(flags.termMinima !== undefined && { termMinima: flags.termMinima }),
    ...(flags.param !== undefined && { params: flags.param }),
    ...(flags.name !== undefined && { name: flags.name }),
  });
}

/**
 * `resolveProblem` within a command's time budget: the clock of --time-limit starts before the
 * problem is loaded, and loading a very large one stops at `deadline` (LoadTimeLimit, exit 2;
 * src/problem/loadBudget.ts). The command's own phases then get what is left.
 */
export function resolveProblemWithin(file: string | undefined, flags: ProblemFlags, deadline: number): Problem {
  loadStartedAt = Date.now();
  return withDeadline(deadline, () => resolveProblem(file, flags));
}

let loadStartedAt: number | null = null;

/** When the command last started loading its problem within its budget (for the elapsed time of a load that ran out of time), or null. */
export function loadStarted(): number | null {
  return loadStartedAt;
}

/** Parses a finite number flag, or throws a usage error naming it. */
export function numberFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`${name} must be a finite number, got '${v}'`);
  return x;
}

/** Parses --time-limit: a positive, finite number of seconds (the same rule in every command). */
export function timeLimitFlag(given: string | undefined): number {
  const v = given ?? ''; // every command gives the flag a default
  const x = Number(v);
  if (v.trim() === '' || !(x > 0) || !Number.isFinite(x)) throw new UsageError(`--time-limit must be a positive number of seconds, got '${printable(v, 40)}'`);
  return x;
}

/** Parses a positive integer flag. */
export function intFlag(name: string, v: string | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) throw new UsageError(`${name} must be an integer >= ${min}, got '${v}'`);
  return x;
}
