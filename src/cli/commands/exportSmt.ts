import type { Command } from 'commander';
import { UnsupportedError } from '../../conditions/index.js';
import { exportSmt, SmtExportError } from '../../smt/smtlib.js';
import { act } from '../act.js';
import { claimFromFlags, type ClaimFlags } from '../claimArgs.js';
import { EXIT, InputError } from '../exit.js';
import { resolveProblem, withProblemOptions, type ProblemFlags } from '../problemArgs.js';

interface ExportSmtFlags extends ProblemFlags, ClaimFlags {}

/**
 * `lscert export-smt <problem> --condition <...> [constants]` (docs/cli.md): the negated
 * claim as SMT-LIB 2 on stdout, so `unsat` from a solver means the claim holds. Exit 0 when
 * written; 65 when the claim cannot be written exactly (a residual that is not polynomial or
 * rational, an irrational point of S or constant, a denominator that may vanish).
 */
export function registerExportSmt(program: Command): void {
  withProblemOptions(program.command('export-smt [problem]'))
    .description('write the negated claim as SMT-LIB 2 on stdout (unsat from a solver means the claim holds)')
    .option('--condition <name>', 'alpha-beta | pl | aiming | qcvx')
    .option('--alpha <a>', 'alpha (alpha-beta)')
    .option('--beta <b>', 'beta (alpha-beta)')
    .option('--mu <m>', 'mu (pl)')
    .option('--theta <t>', 'theta (aiming, qcvx)')
    .action(
      act((file: string | undefined, o: ExportSmtFlags) => {
        const claim = claimFromFlags(o);
        const p = resolveProblem(file, o);
        let text: string;
        try {
          text = exportSmt(p, claim);
        } catch (err) {
          if (err instanceof SmtExportError || err instanceof UnsupportedError) throw new InputError(`${p.source}: export-smt: ${err.message}`);
          throw err;
        }
        process.stdout.write(text);
        return EXIT.OK;
      }),
    );
}
