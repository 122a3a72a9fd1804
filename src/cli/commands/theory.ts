import type { Command } from 'commander';
import { encloseConstant, ExprError, parseConstant } from '../../expr/index.js';
import type { Interval } from '../../interval/index.js';
import { exactPair, inapplicableFlag, OPTIMIZERS, theory, type Optimizer, type TheoryInput, type TheoryInputName } from '../../theory/index.js';
import { act } from '../act.js';
import { UsageError } from '../exit.js';
import { fmt, paint, useColor } from '../io.js';

interface TheoryFlags {
  optimizer?: string;
  alpha?: string;
  beta?: string;
  L?: string;
  sigma2?: string;
  gamma?: string;
  gammaB?: string;
  c?: string;
  sigma2Pos?: string;
  D?: string;
  K?: string;
  D0?: string;
  json?: boolean;
}

/** An exact constant flag ("2.5", "5/2", "2*sqrt(3)") as a rigorous enclosure. */
function constantFlag(name: string, v: string): Interval {
  let iv: Interval;
  try {
    iv = encloseConstant(parseConstant(v));
  } catch (err) {
    throw new UsageError(`${name}: '${v}' is not a number or exact constant (${err instanceof ExprError ? err.message : String(err)})`);
  }
  if (!(Number.isFinite(iv.lo) && Number.isFinite(iv.hi))) throw new UsageError(`${name}: '${v}' is not a finite number`);
  return iv;
}

/**
 * A flag for a quantity that is ≥ 0 by definition (a squared distance, a diameter, a mean of
 * infima of positive functions): a value not proved ≥ 0 by its enclosure is a usage error, never
 * a bound computed from it.
 */
function nonNegativeFlag(name: string, v: string, what: string): Interval {
  const iv = constantFlag(name, v);
  if (iv.lo < 0)
    throw new UsageError(
      iv.hi < 0
        ? `${name} must be ≥ 0 (${what}), got '${v}'`
        : `${name} must be ≥ 0 (${what}); '${v}' is not proved ≥ 0 (its enclosure is [${iv.lo}, ${iv.hi}])`,
    );
  return iv;
}

/**
 * `lscert theory`: the paper's convergence theorems under the α-β-condition as calculators
 * (docs/cli.md): the largest admitted step size, whether the hypotheses hold, and with --K and
 * --D0 the bound after K steps. Rigorous in the sense of src/theory: step limits rounded down,
 * bounds rounded up.
 */
export function registerTheory(program: Command): void {
  program
    .command('theory')
    .description("the paper's convergence bounds under the alpha-beta-condition: largest admitted step size, hypotheses, bound after K steps")
    .option('--optimizer <name>', `one of ${OPTIMIZERS.join(', ')}`)
    .option('--alpha <a>', 'alpha of the alpha-beta-condition')
    .option('--beta <b>', 'beta of the alpha-beta-condition')
    .option('--L <L>', 'smoothness constant of every f_i')
    .option('--sigma2 <s>', 'interpolation error sigma^2_int = (1/n) sum (f* - f_i*)')
    .option('--gamma <g>', 'step size gamma (sgd, ngn) or gamma0 (sgd-decreasing); default for sgd: the largest admitted')
    .option('--gamma-b <g>', 'step-size cap gamma_b (sps-max, decsps)')
    .option('--c <c>', 'the constant c of the SPS_max step size')
    .option('--sigma2-pos <s>', 'NGN: sigma^2_pos = E[f_i*]')
    .option('--D <d>', 'DecSPS: diameter of the set holding the iterates')
    .option('--K <k>', 'iterations: with --D0, evaluate the bound after K steps')
    .option('--D0 <d>', 'dist(x0, S)^2')
    .option('--json', 'print one JSON object')
    .action(
      act((o: TheoryFlags) => {
        if (!o.optimizer) throw new UsageError(`missing --optimizer <${OPTIMIZERS.join('|')}>`);
        if (!(OPTIMIZERS as readonly string[]).includes(o.optimizer))
          throw new UsageError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}, got '${o.optimizer}'`);
        for (const k of ['alpha', 'beta', 'L', 'sigma2'] as const) if (o[k] === undefined) throw new UsageError(`theory needs --${k}`);
        const given: TheoryInputName[] = [
          ...(o.gamma !== undefined ? (['gamma'] as const) : []),
          ...(o.gammaB !== undefined ? (['gamma-b'] as const) : []),
          ...(o.c !== undefined ? (['c'] as const) : []),
          ...(o.sigma2Pos !== undefined ? (['sigma2-pos'] as const) : []),
          ...(o.D !== undefined ? (['D'] as const) : []),
        ];
        const inapplicable = inapplicableFlag(o.optimizer as Optimizer, given);
        if (inapplicable) throw new UsageError(inapplicable);
        let K: number | undefined;
        if (o.K !== undefined) {
          K = Number(o.K);
          if (!(Number.isInteger(K) && K >= 1)) throw new UsageError(`--K must be an integer >= 1, got '${o.K}'`);
        }
        const opt = (name: string, v: string | undefined) => (v === undefined ? undefined : constantFlag(name, v));
        const inp: TheoryInput = {
          optimizer: o.optimizer as Optimizer,
          alpha: constantFlag('--alpha', o.alpha!),
          beta: constantFlag('--beta', o.beta!),
          ...exactPair(o.alpha!, o.beta!),
          L: constantFlag('--L', o.L!),
          sigma2: constantFlag('--sigma2', o.sigma2!),
          ...(o.gamma !== undefined && { gamma: opt('--gamma', o.gamma) }),
          ...(o.gammaB !== undefined && { gammaB: opt('--gamma-b', o.gammaB) }),
          ...(o.c !== undefined && { c: opt('--c', o.c) }),
          ...(o.sigma2Pos !== undefined && { sigma2Pos: nonNegativeFlag('--sigma2-pos', o.sigma2Pos, 'sigma^2_pos = E[f_i*] with every f_i > 0') }),
          ...(o.D !== undefined && { D: nonNegativeFlag('--D', o.D, 'a diameter') }),
          ...(o.D0 !== undefined && { D0: nonNegativeFlag('--D0', o.D0, 'dist(x0, S)^2') }),
          ...(K !== undefined && { K }),
        };
        const r = theory(inp);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r)}\n`);
          return 0;
        }
        const c = paint(useColor(process.stdout));
        const step = r.stepName === 'gamma' ? 'γ' : r.stepName === 'gamma0' ? 'γ0' : 'γ_b';
        const lines = [r.statement];
        lines.push(
          `  largest admitted ${step}: ${r.maxStepSizeUnbounded ? 'any (the theorem admits every positive value)' : r.maxStepSize === null ? 'none' : fmt(r.maxStepSize)}`,
        );
        lines.push(`  hypotheses: ${r.admissible ? c.green('hold') : c.red(`fail: ${r.reasons.join('; ')}`)}`);
        if (r.bound) {
          lines.push(`  bound after K = ${K} steps (${step} = ${r.stepSize === null ? '—' : fmt(r.stepSize)}): ${fmt(r.bound.value)}`);
          for (const t of r.bound.terms) lines.push(`    ${t.name.padEnd(30)} ${fmt(t.value)}`);
        }
        if (r.floor !== null) lines.push(`  term that does not vanish as K grows: ${fmt(r.floor)}`);
        for (const n of r.notes) lines.push(`  note: ${n}`);
        process.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      }),
    );
}
