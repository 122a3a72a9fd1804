import { bracketText, claimText, CONDITION_NAMES, dedupeVertices, enc, glance, num, pt, rowReason, rowStats } from './format.js';
import type { ReportData } from './types.js';
import type { ConstantsResult } from '../constants/index.js';
import { termLabel } from '../problem/index.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

/** report.md: the facts of the report as text tables (for pull requests and terminals). */
export function renderMarkdown(d: ReportData): string {
  const p = d.problem;
  const out: string[] = [];
  out.push(`# lscert report: ${p.name}`, '');
  out.push(
    `Problem file \`${p.source}\` (hash \`${p.hash.slice(0, 16)}…\`), lscert ${d.lscert}, ${d.generated}. Budget ${d.budget.timeLimitSec} s, ${d.budget.maxBoxes} boxes per check, seed ${d.budget.seed}; took ${(d.budget.elapsedMs / 1000).toFixed(1)} s.`,
    '',
  );
  out.push('## At a glance', '');
  out.push(
    table(
      ['condition', 'verdict', 'checked at', 'best constant (bracket confirmed by check())'],
      glance(d).map((g) => [g.condition, `**${g.verdictText}**`, g.constants, g.best]),
    ),
    '',
  );
  out.push('## Problem', '');
  out.push(
    `f(x) = (1/${p.terms.length}) Σ f_i(x), x = (${p.variables.join(', ')}), on the box ${p.domain.map((b) => `${b.variable} ∈ [${b.lo}, ${b.hi}]`).join(', ')}.`,
    '',
  );
  out.push(
    table(
      ['i', 'f_i'],
      p.terms.map((t, i) => [String(i + 1), `\`${t}\``]),
    ),
    '',
  );
  out.push(`S: ${p.minimizers.text}`, '');
  out.push(
    table(
      ['quantity', 'enclosure', 'how'],
      [
        [
          'f*',
          p.fstar.exact && p.fstar.exact !== enc(p.fstar.enclosure) ? `${p.fstar.exact} ∈ ${enc(p.fstar.enclosure)}` : enc(p.fstar.enclosure),
          p.fstar.how,
        ],
        ...p.termMinima.map((m, i) => [
          `${termLabel(i)}*`,
          m.exact && m.exact !== enc(m.enclosure) ? `${m.exact} ∈ ${enc(m.enclosure)}` : enc(m.enclosure),
          m.how,
        ]),
        ['c = min_i f_i(S)', enc(p.c.enclosure), p.c.how],
        ['σ²_int = (1/n) Σ (f* − f_i*)', enc(p.sigma2int.enclosure), p.sigma2int.how],
        ['L (each f_i L-smooth on the box)', p.L.value === null ? 'not certified' : `≤ ${num(p.L.value)}`, p.L.how],
      ],
    ),
    '',
  );
  if (p.stationaryPoints.length) {
    out.push('Stationary points of f in the box (each proved unique in a small box by the Krawczyk test; the list is what the search found):', '');
    out.push(
      table(
        ['point', 'kind', 'f', 'status'],
        p.stationaryPoints.map((s) => [
          pt(s.point),
          s.kind,
          enc(s.f),
          s.status === 'not-global' ? 'not a global minimizer (f > f*, proved)' : s.status === 'global' ? 'f meets f*: in S' : 'undecided',
        ]),
      ),
      '',
    );
  }
  out.push('## Verdicts', '');
  out.push(
    table(
      ['condition', 'constants', 'from', 'verdict', 'coverage', 'boxes', 'time', 'certificate', 'notes'],
      d.verdicts.map((v) => {
        const s = rowStats(v);
        return [
          CONDITION_NAMES[v.condition]!,
          claimText(v.claim),
          v.origin,
          `**${v.verdict}**`,
          s.coverage,
          s.boxes,
          s.time,
          v.certificate ? `\`${v.certificate}\`` : '—',
          rowReason(v),
        ];
      }),
    ),
    '',
  );
  out.push('Best constants (every printed value confirmed by check()):', '');
  const brackets: [string, ConstantsResult | null][] = [
    ...(d.constants.tie ? [[`α-β on ${d.constants.tie.tie}`, d.constants.tie] as [string, ConstantsResult]] : []),
    ['α-β (region)', d.constants['alpha-beta']],
    ['PL', d.constants.pl],
    ['Aiming', d.constants.aiming],
    ['QCvx', d.constants.qcvx],
  ];
  out.push(
    table(
      ['condition', 'bracket'],
      brackets.map(([n, c]) => [n, bracketText(c)]),
    ),
    '',
  );
  out.push('## The (α, β) plane', '');
  const pl = d.plane;
  out.push(`Window 0 ≤ β < α ≤ ${pl.alphaMax}.`, '');
  if (pl.oneTerm) out.push(`- one term: α-β ${pl.oneTerm.text}`);
  // Vertices as printed (6 digits), each printed vertex once: the LP passes repeat corners.
  const cert = dedupeVertices(pl.certified);
  out.push(
    `- certified polygon (every pair inside is certified): ${cert.length ? cert.map(([a, b]) => `(${num(a, 6)}, ${num(b, 6)})`).join(', ') : pl.regionComputed ? 'none within the budget' : 'not computed'}`,
  );
  const outer = dedupeVertices(pl.refuted);
  const shown = outer.slice(0, 12);
  const more =
    outer.length > shown.length
      ? `, … (${outer.length} distinct vertices; all ${pl.refuted.length} in report.json)`
      : pl.refuted.length > outer.length
        ? ` (${pl.refuted.length} vertices in report.json, some equal at 6 digits)`
        : '';
  out.push(
    `- refuted outer polygon (every pair outside fails at a verified point): ${outer.length ? `${shown.map(([a, b]) => `(${num(a, 6)}, ${num(b, 6)})`).join(', ')}${more}` : pl.regionComputed ? 'none' : pl.oneTerm?.kappa === 1 ? 'none: every pair is refuted' : 'not computed'}`,
  );
  out.push('  (vertices rounded to 6 digits here; report.json has the exact values)');
  if (pl.checked) out.push(`- pair of the verdict table: (${pl.checked.alpha}, ${pl.checked.beta}), ${pl.checked.verdict}`);
  if (pl.claim) out.push(`- claim: ${pl.claim.kind === 'point' ? `(α, β) = (${pl.claim.alpha}, ${pl.claim.beta})` : pl.claim.tie}`);
  if (pl.tight)
    out.push(
      `- tight constant along ${pl.tight.along}: certified ${pl.tight.certifiedPair ? `(${num(pl.tight.certifiedPair.alpha, 6)}, ${num(pl.tight.certifiedPair.beta, 6)})` : 'none'}, refuted ${pl.tight.refutedPair ? `(${num(pl.tight.refutedPair.alpha, 6)}, ${num(pl.tight.refutedPair.beta, 6)})` : 'none'}`,
    );
  out.push('');
  out.push('## Counterexamples', '');
  if (!d.counterexamples.length) out.push('None: no claim of this report was refuted.', '');
  for (const c of d.counterexamples) {
    out.push(`### ${c.id}: ${CONDITION_NAMES[c.condition]} at ${claimText(c.claim)}`, '');
    out.push(
      `From ${c.from}. x = ${pt(c.counterexample.x, 10)}${c.counterexample.term !== null ? `, term ${termLabel(c.counterexample.term)}` : ''}${c.counterexample.projection ? `, ${c.condition === 'pl' ? 'nearest point of S (PL does not use it)' : 'x_p'} = ${pt(c.counterexample.projection, 10)}` : ''}; verified residual ∈ [${c.counterexample.residual[0]}, ${c.counterexample.residual[1]}] < 0.`,
      '',
    );
    out.push(`**Reading:** ${c.reading.text}${c.reading.rigorous ? '' : ' (estimate)'}`, '');
    for (const k of c.cases) {
      out.push(`${k.term !== null ? `Term ${termLabel(k.term)}` : 'f'}${k.projection ? `, x_p = ${pt(k.projection, 8)}` : ''}:`, '');
      out.push(
        table(
          ['quantity', 'enclosure at x'],
          k.quantities.map((q) => [q.name, enc(q.enclosure, 10)]),
        ),
        '',
      );
    }
  }
  out.push('## Plots', '');
  out.push(
    `In report.html (${d.slice.through}${d.slice.fixed.length ? `; fixed ${d.slice.fixed.map((f) => `${f.variable} = ${num(f.value, 6)}`).join(', ')}` : ''}):`,
    '',
  );
  for (const q of d.plots) out.push(`- ${q.title} (${q.marks} marks): ${q.caption}`);
  out.push('');
  if (d.notes.length || d.warnings.length) {
    out.push('## Notes', '');
    for (const n of d.warnings) out.push(`- warning: ${n}`);
    for (const n of d.notes) out.push(`- ${n}`);
    out.push('');
  }
  out.push('Numbers in brackets are rigorous enclosures (outward-rounded interval arithmetic). Plots are float samples, for orientation only.', '');
  return out.join('\n');
}
