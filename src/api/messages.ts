import type { Counterexample } from '../engine/index.js';
import { describeCounterexample } from '../probe/index.js';
import type { ConstantsSpec } from './claim.js';

/** "pl (mu = 0.1)" */
export function claimText(condition: string, constants: ConstantsSpec): string {
  const cs = Object.entries(constants)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
  return `${condition} (${cs})`;
}

/** The lines of a failure message about a verified counterexample, indented. */
export function counterexampleLines(w: Counterexample, names: readonly string[]): string {
  return describeCounterexample(w, names)
    .map((l) => `  ${l}`)
    .join('\n');
}
