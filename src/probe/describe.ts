import type { Counterexample } from '../engine/index.js';
import { termLabel } from '../problem/index.js';

/** Up to 6 significant digits, for people (JSON output keeps every digit). */
const num = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));

/** How a counterexample's `projection` is named: x_p, or for PL (whose residual has no x_p) the nearest point of S. */
export const projectionLabel = (condition?: string): string => (condition === 'pl' ? 'nearest point of S' : 'x_p');

/**
 * A verified counterexample in words, one fact per line: the point, the failing term (α-β)
 * and x_p, and the residual's enclosure. `names` are the problem's variables.
 */
export function describeCounterexample(w: Counterexample, names?: readonly string[], condition?: string): string[] {
  const point = names && names.length === w.x.length ? w.x.map((v, j) => `${names[j]} = ${v}`).join(', ') : w.x.map(String).join(', ');
  const lines = [`counterexample: ${names ? point : `x = (${point})`}`];
  lines.push(w.term !== null ? `term: ${termLabel(w.term)} (index ${w.term} of terms) fails` : 'term: none (the condition is on f as a whole)');
  if (w.projection?.length)
    lines.push(`${projectionLabel(condition)} = (${w.projection.map(num).join(', ')})${condition === 'pl' ? ' (PL does not use it)' : ''}`);
  lines.push(`residual ∈ [${w.residual[0]}, ${w.residual[1]}] < 0 (rigorous interval enclosure at the point)`);
  for (const a of w.alsoFails ?? [])
    lines.push(
      `also fails for x_p = (${a.projection.map(num).join(', ')}): ${a.term !== null ? `term ${termLabel(a.term)}, ` : ''}residual ∈ [${a.residual[0]}, ${a.residual[1]}]`,
    );
  return lines;
}
