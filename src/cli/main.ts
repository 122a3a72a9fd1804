import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitStatusOf, kindOf } from '../errors.js';
import { printable } from '../problem/printable.js';
import { takeStatus } from './act.js';
import { registerBound } from './commands/bound.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerVerifyCert } from './commands/verifyCert.js';
import { registerMergeCerts } from './commands/mergeCerts.js';
import { registerExportSmt } from './commands/exportSmt.js';
import { registerConstants } from './commands/constants.js';
import { registerProbe } from './commands/probe.js';
import { registerEval } from './commands/eval.js';
import { registerReport } from './commands/report.js';
import { registerEmpirical } from './commands/empirical.js';
import { registerTheory } from './commands/theory.js';
import { registerSimulate } from './commands/simulate.js';
import { EXIT } from './exit.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Builds the program: each command only parses flags and calls the library. */
export function buildProgram(): Command {
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
  registerCheck(program);
  registerConstants(program);
  registerProbe(program);
  registerEval(program);
  registerBound(program);
  registerDemo(program);
  registerVerifyCert(program);
  registerMergeCerts(program);
  registerExportSmt(program);
  registerReport(program);
  registerEmpirical(program);
  registerTheory(program);
  registerSimulate(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the process exit status (docs/cli.md). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
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
