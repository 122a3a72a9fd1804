import type { ConstantsResult } from './types.js';

const f = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Number.isFinite(x) ? Number(x.toPrecision(8)).toString() : String(x));
const pct = (c: number | null, r: number | null) =>
  c === null || r === null ? '—' : `${((Math.abs(r - c) / Math.max(Math.abs(c), Math.abs(r), 1e-300)) * 100).toPrecision(3)}%`;
const verdict = (v: ConstantsResult['confirmation']['certified']) =>
  v === 'trivial' ? 'trivial (0)' : v ? `check(): ${v.verdict}, ${v.boxes} ${v.boxes === 1 ? 'box' : 'boxes'}` : '—';

/** A human table of the result: the bracket, how each end was confirmed, the brackets before rounding. */
export function humanConstants(r: ConstantsResult, problemArg?: string): string {
  const name = { alpha: 'α', mu: 'μ', theta: 'θ', ratio: 'β/(α−β)', gap: 'α − β' }[r.parameter];
  const goal =
    r.objective === 'min'
      ? 'smallest'
      : r.objective === 'max'
        ? 'largest'
        : r.objective === 'min-ratio'
          ? 'smallest'
          : r.objective === 'max-gap'
            ? 'largest'
            : 'region;';
  const lines = [`${r.problem}: ${r.condition}${r.tie ? ` with ${r.tie}` : ''}: ${goal} ${name}`];
  const pair = (p: ConstantsResult['certifiedPair']) => (p ? `  (α, β) = (${f(p.alpha)}, ${f(p.beta)})` : '');
  lines.push(`  ${'side'.padEnd(10)} ${'value'.padEnd(14)} confirmation`);
  lines.push(`  ${'certified'.padEnd(10)} ${f(r.certified).padEnd(14)} ${verdict(r.confirmation.certified)}${pair(r.certifiedPair)}`);
  lines.push(
    `  ${'refuted'.padEnd(10)} ${f(r.refuted).padEnd(14)} ${r.confirmation.refuted ? `check(): ${r.confirmation.refuted.verdict}` : '—'}${pair(r.refutedPair)}`,
  );
  if (r.best)
    lines.push(
      `  best ${name} = 0 (${r.best.proof.kind === 'universal' ? `proved: a ${r.best.proof.stationaryKind} of f that is not a global minimizer` : `up to ε = ${f(r.refuted)}: the quotient tends to 0 near S`})`,
    );
  else lines.push(`  bracket width ${pct(r.certified, r.refuted)}`);
  const b = r.brackets;
  if (b.outer || b.inner)
    lines.push(
      `  raw brackets: outer ${b.outer ? `[${f(b.outer[0])}, ${f(b.outer[1])}]` : '—'}, inner ${b.inner ? `[${f(b.inner[0])}, ${f(b.inner[1])}]` : '—'}`,
    );
  const poly = (ps: [number, number][]) => {
    const show = ps.length <= 10 ? ps : ps.filter((_, i) => i % Math.ceil(ps.length / 8) === 0);
    return `${show.map(([a, c]) => `(${f(a)}, ${f(c)})`).join(' ')}${show.length < ps.length ? ` … (${ps.length} vertices; all in --json)` : ''}`;
  };
  if (r.region.certified.length > 1) lines.push(`  certified polygon: ${poly(r.region.certified)}`);
  if (r.region.refuted.length > 1) lines.push(`  outer polygon: ${poly(r.region.refuted)}`);
  if (r.witness) lines.push(`  witness x = (${r.witness.x.map(f).join(', ')}), residual ≤ ${r.witness.residual[1]}`);
  lines.push(
    `  ${r.boxes} ${r.boxes === 1 ? 'box' : 'boxes'}, ${(r.elapsedMs / 1000).toFixed(2)} s${r.lp ? `, ${r.lp.solves} LPs (HiGHS, ${r.lp.ms} ms)` : ''}`,
  );
  const again = reproduce(r, problemArg);
  if (again) lines.push(`  reproduce the certified end: ${again}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/**
 * The `check` command that certifies the printed certified end with default flags (`constants`
 * confirms it with `check()` at exactly these values and its default budget), or null when
 * there is no certified end or no problem argument to name.
 */
export function reproduce(r: ConstantsResult, problemArg?: string): string | null {
  if (problemArg === undefined || r.certified === null || r.confirmation.certified === null || r.confirmation.certified === 'trivial') return null;
  const claim = r.certifiedPair
    ? `--condition alpha-beta --alpha ${r.certifiedPair.alpha} --beta ${r.certifiedPair.beta}`
    : r.parameter === 'mu' || r.parameter === 'theta'
      ? `--condition ${r.condition} --${r.parameter} ${r.certified}`
      : null;
  return claim ? `lscert check ${problemArg} ${claim}` : null;
}
