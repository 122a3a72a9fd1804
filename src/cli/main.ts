import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitStatusOf, kindOf, LoadTimeLimit } from '../errors.js';
import { printable } from '../problem/printable.js';
import { takeStatus } from './act.js';
import { EXIT, UsageError } from './exit.js';
import { loadStarted } from './problemArgs.js';

type Register = (program: Command) => void;

/**
 * The commands in the order `--help` lists them, each loaded only when needed: a command's module
 * pulls in its layers (check: the engine and certificates; report: plots; empirical: TensorFlow.js),
 * and loading all of them cost every run about 140 ms of module loading before any work
 * (`lscert check` loaded probing, constants and reports it never used).
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['check', async () => (await import('./commands/check.js')).registerCheck],
  ['constants', async () => (await import('./commands/constants.js')).registerConstants],
  ['probe', async () => (await import('./commands/probe.js')).registerProbe],
  ['eval', async () => (await import('./commands/eval.js')).registerEval],
  ['bound', async () => (await import('./commands/bound.js')).registerBound],
  ['demo', async () => (await import('./commands/demo.js')).registerDemo],
  ['verify-cert', async () => (await import('./commands/verifyCert.js')).registerVerifyCert],
  ['merge-certs', async () => (await import('./commands/mergeCerts.js')).registerMergeCerts],
  ['export-smt', async () => (await import('./commands/exportSmt.js')).registerExportSmt],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['empirical', async () => (await import('./commands/empirical.js')).registerEmpirical],
  ['theory', async () => (await import('./commands/theory.js')).registerTheory],
  ['simulate', async () => (await import('./commands/simulate.js')).registerSimulate],
];

/**
 * Which commands argv needs: the one it names (the first argument that is not an option), none
 * for a bare `--version`, else all of them (help, an unknown command and its suggestions).
 */
export function commandsFor(argv: readonly string[]): readonly string[] {
  const args = argv.slice(2);
  const first = args.find((a) => !a.startsWith('-'));
  if (first !== undefined && COMMANDS.some(([name]) => name === first)) return [first];
  if (first === undefined && args.some((a) => a === '-V' || a === '--version')) return [];
  return COMMANDS.map(([name]) => name);
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Builds the program with the commands `names` (default all): each only parses flags and calls the library. */
export async function buildProgram(names: readonly string[] = COMMANDS.map(([name]) => name)): Promise<Command> {
  const program = new Command('lscert')
    .description('Certify or refute loss-landscape conditions (alpha-beta, PL, Aiming, QCvx) with rigorous interval arithmetic')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // Every error line starts with "lscert:", commander's own included (it says "error:").
      outputError: (s, write) => write(s.replace(/^error: /, 'lscert: ')),
    })
    .showSuggestionAfterError(true);
  const wanted = COMMANDS.filter(([name]) => names.includes(name));
  for (const register of await Promise.all(wanted.map(([, load]) => load()))) register(program);
  for (const c of program.commands) {
    c.exitOverride();
    refuseRepeats(c);
  }
  return program;
}

/** Flags that collect every occurrence (the others take one value). */
const REPEATABLE = new Set(['--term']);

/**
 * A flag with a value given twice is a usage error: commander keeps the last value silently, so
 * `--alpha 2 --alpha 3` would check a claim the user may not have meant. Flags without a value
 * (`--json --json`) are harmless and allowed.
 */
function refuseRepeats(c: Command): void {
  for (const o of c.options) {
    if (!(o.required || o.optional) || (o.long !== undefined && REPEATABLE.has(o.long))) continue;
    let first: string | undefined;
    let seen = false;
    c.on(`option:${o.name()}`, (v: unknown) => {
      const text = typeof v === 'string' ? v : String(v);
      if (seen) throw new UsageError(`${o.long ?? o.flags}: given twice ('${printable(first ?? '', 40)}' and '${printable(text, 40)}'); give it once`);
      seen = true;
      first = text;
    });
  }
}

/** Runs the CLI; resolves to the process exit status (docs/cli.md). */
export async function main(argv: readonly string[]): Promise<number> {
  // `lscert help nonexist` and `lscert nonexist --help`: commander prints the program's help and
  // exits 0; an unknown command is a usage error either way (as `lscert nonexist` alone).
  const args = argv.slice(2);
  const named = args[0] === 'help' ? args[1] : args.find((a) => !a.startsWith('-'));
  if (
    named !== undefined &&
    !named.startsWith('-') &&
    named !== 'help' &&
    !COMMANDS.some(([name]) => name === named) &&
    (args[0] === 'help' || args.includes('--help') || args.includes('-h'))
  )
    return fail(`lscert: unknown command '${named}' (lscert --help lists the commands)`, EXIT.USAGE, null, false);
  const program = await buildProgram(commandsFor(argv));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv as string[]);
    return takeStatus() ?? EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE; // commander already printed its one-line message
    }
    // Every error's exit status comes from its kind (src/errors.ts), in this one place.
    // Out of time before anything was decided (kind 'time', exit 2): with --json, stdout still
    // gets its one JSON document, an inconclusive answer with the reason.
    if (kindOf(err) === 'time' && argv.includes('--json')) {
      const t0 = loadStarted();
      // One shape for every command (nothing was computed): `command` says whose it is; a
      // command adds the fields its own answer always has (check: condition, constants, problem, counterexample).
      const own = err instanceof LoadTimeLimit ? err.json : {};
      process.stdout.write(
        `${JSON.stringify({ command: named ?? null, verdict: 'inconclusive', reason: (err as Error).message, ...own, coverage: 0, boxes: 0, ...(t0 !== null && { elapsedMs: Date.now() - t0 }) })}\n`,
      );
    }
    if (kindOf(err) !== 'internal') return fail(`lscert: ${(err as Error).message}`, exitStatusOf(err), err, debug);
    return fail(`lscert: internal error: ${(err as Error)?.message ?? String(err)} (run with --debug for details)`, EXIT.INTERNAL, err, debug);
  }
}

function fail(line: string, code: number, err: unknown, debug: boolean): number {
  // One line, whatever the message echoes from the input (no line breaks, no terminal control sequences).
  process.stderr.write(`${printable(line, 2000)}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return code;
}
