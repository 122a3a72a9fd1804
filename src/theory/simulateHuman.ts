import type { SimulateResult } from './simulate.js';

const num = (v: number | null): string =>
  v === null
    ? '—'
    : !Number.isFinite(v)
      ? v > 0
        ? '∞'
        : '−∞'
      : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)
        ? v.toExponential(3)
        : String(+v.toPrecision(4));
const iv = (r: readonly [number | null, number | null]) => `[${num(r[0] ?? -Infinity)}, ${num(r[1] ?? Infinity)}]`;

/** The text output of `lscert simulate` (docs/cli.md#simulate). */
export function humanSimulate(r: SimulateResult): string {
  const f = r.facts;
  const step = r.steps.name === 'gamma' ? 'γ' : r.steps.name === 'gamma0' ? 'γ0' : 'γ_b';
  const lines = [
    `simulate ${r.problem} with ${r.optimizer}: ${r.statement}`,
    `  α = ${r.constants.alpha}, β = ${r.constants.beta} (${r.constants.how})`,
    `  L = ${num(f.L.value)} (certified on the box), σ²_int ∈ ${iv(f.sigma2int.enclosure)}, f* ∈ ${iv(f.fstar.enclosure)} (the gap subtracts ${num(f.fstar.usedInGap)}), D0 = dist(x0, S)² ∈ ${iv(f.D0)}`,
    `  x0 = (${f.x0.map((v) => num(v)).join(', ')}); ${step} = ${num(r.steps.value)}${r.steps.c !== null ? `, c = ${num(r.steps.c)}` : ''} (${r.steps.how})${f.sigma2pos ? `; σ²_pos ∈ ${iv(f.sigma2pos)}` : ''}${f.D ? `; D = ${num(f.D[1])}` : ''}`,
    `  ${r.statistics.runs} runs (seeds ${r.statistics.seeds[0]}…${r.statistics.seeds[1]}), ${r.statistics.sampling}; band: ${r.statistics.how}`,
    `  theorem: ${r.theorem.statement}`,
    '',
    `  ${'K'.padStart(7)}  ${'bound'.padStart(10)}  ${'observed'.padStart(10)}  ${'band of min_k E[gap]'.padEnd(24)}  ${'bound/obs'.padStart(9)}  ${'left box'.padStart(8)}`,
  ];
  for (const row of r.rows) {
    lines.push(
      `  ${String(row.K).padStart(7)}  ${num(row.bound).padStart(10)}  ${num(row.observed).padStart(10)}  ${iv(row.band).padEnd(24)}  ${num(row.ratio).padStart(9)}  ${String(row.leftBox).padStart(8)}${row.violation ? '  VIOLATION' : row.exceedsUnflagged !== null ? `  exceeds the bound, but ${row.exceedsUnflagged}` : ''}`,
    );
  }
  lines.push('');
  if (r.firstViolation === null && !r.violationScanComplete)
    lines.push('  no violation among the printed rows; the time limit stopped the scan of the other K before it finished (see the notes)');
  else if (r.firstViolation === null && r.rows.some((row) => row.exceedsUnflagged !== null))
    lines.push('  no violation claimed, though the band lies above the bound at some K: there it cannot flag one (see the notes)');
  else if (r.firstViolation === null)
    lines.push('  no violation: at no K up to the last does the band of min_{k<K} E[f(x_k) − f*] lie above the bound where it may flag one');
  else
    lines.push(
      `  VIOLATION: from K = ${r.firstViolation} the band lies above the bound (a statistical finding at the stated level; check the constants, the runs that left the box and the notes)`,
    );
  if (r.ngnBetaTerm) lines.push(`  NGN's β term (appendix βσ²_int/c2, main text 2βσ²_int/c2): ${r.ngnBetaTerm.summary}`);
  if (r.theorem.floor !== null) lines.push(`  term that does not vanish as K grows: ${num(r.theorem.floor)}`);
  for (const n of [...r.theorem.notes, ...r.notes]) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
