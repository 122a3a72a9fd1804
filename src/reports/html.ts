import { bracketText, claimText, CONDITION_NAMES, enc, glance, num, pt, rowReason, rowStats } from './format.js';
import { escapeHtml as h, inlineKatexCss, tex } from './math.js';
import type { ReportPlot } from './compute.js';
import { TYPESET_TERMS, type ReportData } from './types.js';
import type { ConstantsResult } from '../constants/index.js';
import { termLabel } from '../problem/index.js';

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:1100px;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.meta{color:#666;font-size:.9em}.v-certified{color:#1a7f37;font-weight:600}.v-refuted{color:#c62828;font-weight:600}
.v-inconclusive{color:#b26a00;font-weight:600}.v-not-checked{color:#777}
figure{margin:1em 0;display:inline-block;vertical-align:top;max-width:100%}figcaption{font-size:.88em;color:#444;max-width:560px}
.plots{display:flex;flex-wrap:wrap;gap:1.2em}.plot svg{max-width:100%;height:auto}
.reading{background:#fff8e1;border-left:4px solid #f9a825;padding:.4em .8em}
.math-block{overflow-x:auto}code{background:#f4f4f4;padding:0 .2em}
#summary{border:1px solid #c9d3e0;background:#f6f9fc;border-radius:6px;padding:.5em 1em .7em;margin:1em 0}
#summary h2{margin:.2em 0 .3em;border:0;font-size:1.25em}#summary table{margin:.3em 0;width:100%}#summary td,#summary th{background:transparent}
#verdicts td.cert code{word-break:break-all;font-size:.85em}#verdicts td.from{min-width:8em}
#verdicts tr.row-note td{border-top:0;color:#444;font-size:.92em;padding-top:0}#verdicts tr.has-note td{border-bottom:0}
`;

const verdictCell = (v: string, text = v) => `<span class="v-${v.replace(' ', '-')}">${h(text)}</span>`;

/** report.html: a self-contained page (inline CSS, inline SVG plots, KaTeX rendered here). */
export function renderHtml(d: ReportData, plots: readonly ReportPlot[]): string {
  const p = d.problem;
  const n = p.terms.length;
  const body: string[] = [];
  body.push(`<h1>lscert report: ${h(p.name)}</h1>`);
  body.push(
    `<p class="meta">Problem file <code>${h(p.source)}</code> · hash <code>${h(p.hash.slice(0, 16))}…</code> · lscert ${h(d.lscert)} · ${h(d.generated)} · budget ${d.budget.timeLimitSec} s, ${d.budget.maxBoxes} boxes per check, seed ${d.budget.seed} · took ${(d.budget.elapsedMs / 1000).toFixed(1)} s</p>`,
  );

  // At a glance: per condition the verdict, its constants and the best bracket (docs/reports.md).
  body.push('<section id="summary"><h2>At a glance</h2>');
  body.push('<table><tr><th>condition</th><th>verdict</th><th>checked at</th><th>best constant (bracket confirmed by check())</th></tr>');
  for (const g of glance(d))
    body.push(
      `<tr><td>${h(g.condition)}</td><td>${verdictCell(g.verdict, g.verdictText)}</td><td class="num">${h(g.constants)}</td><td>${h(g.best)}</td></tr>`,
    );
  body.push('</table>');
  const nCx = d.counterexamples.length;
  body.push(
    `<p class="meta">${n} term${n === 1 ? '' : 's'} in ${p.variables.length} variable${p.variables.length === 1 ? '' : 's'} · f* ∈ ${h(enc(p.fstar.enclosure))} · ${h(p.minimizers.text.length > 90 ? `${p.minimizers.text.slice(0, 90)}…` : p.minimizers.text)} · ${nCx ? `<a href="#counterexamples">${nCx} counterexample${nCx === 1 ? '' : 's'}</a>` : 'no counterexample'} · <a href="#verdicts">verdict table</a> · <a href="#plots">plots</a></p>`,
  );
  body.push('</section>');

  // Problem
  body.push('<h2>Problem</h2>');
  const vars = p.variables.join(', ');
  body.push(
    `<div class="math-block">${tex(`f(x) = \\frac{1}{${n}} \\sum_{i=1}^{${n}} f_i(x),\\quad x = (${vars}) \\in X = ${p.domain.map((b) => `[${b.lo}, ${b.hi}]`).join(' \\times ')}`, true)}</div>`,
  );
  body.push('<table><tr><th>i</th><th>term</th><th>gradient</th></tr>');
  // Typesetting is about 3 ms a term: 200 terms took 0.6 s. Past TYPESET_TERMS rows the rest is in report.json.
  p.termsLatex.slice(0, TYPESET_TERMS).forEach((t, i) => {
    const g = p.gradientsLatex[i];
    body.push(
      `<tr><td>${i + 1}</td><td class="math-block">${tex(`f_{${i + 1}} = ${t}`, true)}</td><td class="math-block">${g ? tex(`\\nabla f_{${i + 1}} = \\begin{pmatrix} ${g.join(' \\\\ ')} \\end{pmatrix}`, true) : '<em>long: left out (see report.json)</em>'}</td></tr>`,
    );
  });
  if (n > TYPESET_TERMS) body.push(`<tr><td colspan="3"><em>… and ${n - TYPESET_TERMS} more terms (see report.json)</em></td></tr>`);
  body.push('</table>');
  body.push(`<div class="math-block">${tex(p.minimizers.latex, true)}</div>`);
  const factRow = (name: string, val: string, how: string) => `<tr><td>${name}</td><td class="num">${h(val)}</td><td>${h(how)}</td></tr>`;
  body.push('<table><tr><th>quantity</th><th>value (rigorous enclosure)</th><th>how</th></tr>');
  body.push(
    factRow(
      tex('f^* = \\min f'),
      p.fstar.exact && p.fstar.exact !== enc(p.fstar.enclosure) ? `${p.fstar.exact} ∈ ${enc(p.fstar.enclosure)}` : enc(p.fstar.enclosure),
      p.fstar.how,
    ),
  );
  p.termMinima
    .slice(0, TYPESET_TERMS)
    .forEach((m, i) =>
      body.push(
        factRow(
          tex(`f_{${i + 1}}^* = \\inf f_{${i + 1}}`),
          m.exact && m.exact !== enc(m.enclosure) ? `${m.exact} ∈ ${enc(m.enclosure)}` : enc(m.enclosure),
          m.how,
        ),
      ),
    );
  if (n > TYPESET_TERMS) body.push(`<tr><td colspan="3"><em>… and ${n - TYPESET_TERMS} more f_i* (see report.json)</em></td></tr>`);
  body.push(factRow(tex('c = \\min_i f_i(S)'), enc(p.c.enclosure), p.c.how));
  body.push(factRow(tex('\\sigma^2_{\\mathrm{int}} = \\frac{1}{n}\\sum_i (f^* - f_i^*)'), enc(p.sigma2int.enclosure), p.sigma2int.how));
  body.push(
    factRow(
      tex('L \\ge \\sup_{x \\in X} \\|\\nabla^2 f_i(x)\\|_2'),
      p.L.value === null ? 'not certified' : `L = ${num(p.L.value)} (per term: ${p.L.perTerm.map((v) => num(v, 6)).join(', ')})`,
      p.L.how,
    ),
  );
  body.push('</table>');
  if (p.stationaryPoints.length) {
    body.push(
      '<p>Stationary points of f in the box (each proved to be the only one in a small box by the Krawczyk test, classified by the interval Hessian; the list is what the search found, not a proof that there are no others):</p>',
    );
    body.push('<table><tr><th>point</th><th>kind</th><th>f (enclosure)</th><th>status</th></tr>');
    for (const s of p.stationaryPoints)
      body.push(
        `<tr><td class="num">${h(pt(s.point))}</td><td>${h(s.kind)}</td><td class="num">${h(enc(s.f))}</td><td>${s.status === 'not-global' ? 'not a global minimizer: f &gt; f* (proved)' : s.status === 'global' ? 'f meets f*: a point of S' : 'undecided'}</td></tr>`,
      );
    body.push('</table>');
  }

  // Verdicts
  body.push('<h2>Verdicts</h2>');
  // The notes of a row go on a full-width line under it (a notes column squeezed to a few
  // words per line made rows several hundred pixels tall).
  body.push(
    '<table id="verdicts"><tr><th>condition</th><th>constants</th><th>from</th><th>verdict</th><th>coverage</th><th>boxes</th><th>time</th><th>certificate</th></tr>',
  );
  for (const v of d.verdicts) {
    const s = rowStats(v);
    const note = rowReason(v);
    body.push(
      `<tr class="verdict-row${note ? ' has-note' : ''}"><td>${CONDITION_NAMES[v.condition]}</td><td class="num">${h(claimText(v.claim))}</td><td class="from">${h(v.origin)}</td><td>${verdictCell(v.verdict)}</td><td class="num">${s.coverage}</td><td class="num">${s.boxes}</td><td class="num">${s.time}</td><td class="cert">${v.certificate ? `<a href="${h(v.certificate)}"><code>${h(v.certificate)}</code></a>` : '—'}</td></tr>`,
    );
    if (note) body.push(`<tr class="row-note"><td class="note" colspan="8"><strong>notes:</strong> ${h(note)}</td></tr>`);
  }
  body.push('</table>');
  body.push(
    '<p class="meta">certified: proved at every point of the box (re-check the certificate with <code>lscert verify-cert</code>); refuted: a counterexample verified with interval arithmetic; inconclusive: the budget ran out.</p>',
  );
  body.push('<h3>Best constants</h3><table><tr><th>condition</th><th>bracket (every printed value confirmed by check())</th><th>time</th></tr>');
  const brackets: [string, ConstantsResult | null][] = [
    ...(d.constants.tie ? [[`α-β on ${d.constants.tie.tie}`, d.constants.tie] as [string, ConstantsResult]] : []),
    ['α-β (region)', d.constants['alpha-beta']],
    ['PL', d.constants.pl],
    ['Aiming', d.constants.aiming],
    ['QCvx', d.constants.qcvx],
  ];
  for (const [name, c] of brackets)
    body.push(`<tr><td>${h(name)}</td><td>${h(bracketText(c))}</td><td class="num">${c ? `${(c.elapsedMs / 1000).toFixed(1)} s` : '—'}</td></tr>`);
  body.push('</table>');

  // Plots
  body.push('<h2 id="plots">Plots</h2>');
  if (d.slice.fixed.length)
    body.push(`<p>Plots show ${h(d.slice.through)}; fixed: ${h(d.slice.fixed.map((f) => `${f.variable} = ${num(f.value, 8)}`).join(', '))}.</p>`);
  body.push('<div class="plots">');
  const cxOf = new Map(d.plots.map((q) => [q.id, q.counterexamples]));
  for (const q of plots)
    body.push(
      `<figure class="plot" id="plot-${h(q.id)}" data-marks="${q.marks}" data-cx="${h((cxOf.get(q.id) ?? []).join(' '))}"><h3>${h(q.title)}</h3>${q.svg}<figcaption>${h(q.caption)}</figcaption></figure>`,
    );
  body.push('</div>');
  const pl = d.plane;
  if (pl.tight)
    body.push(
      `<p>Tight constant along ${h(pl.tight.along)}: certified ${pl.tight.certifiedPair ? h(`(α, β) = (${num(pl.tight.certifiedPair.alpha, 6)}, ${num(pl.tight.certifiedPair.beta, 6)})`) : 'none within the budget'}; refuted ${pl.tight.refutedPair ? h(`(${num(pl.tight.refutedPair.alpha, 6)}, ${num(pl.tight.refutedPair.beta, 6)})`) : 'none within the budget'}.</p>`,
    );

  // Counterexamples
  body.push('<h2 id="counterexamples">Counterexamples</h2>');
  if (!d.counterexamples.length) body.push('<p>None: no claim of this report was refuted.</p>');
  for (const c of d.counterexamples) {
    const w = c.counterexample;
    body.push(`<h3 id="${h(c.id)}">${h(c.id)}: ${CONDITION_NAMES[c.condition]} at ${h(claimText(c.claim))}</h3>`);
    body.push(
      `<p>From ${h(c.from)}. ${tex('x')} = <code>${h(pt(w.x, 12))}</code>${w.term !== null ? `, term ${termLabel(w.term)}` : ''}${w.projection ? (c.condition === 'pl' ? `, nearest point of S (PL does not use it) = <code>${h(pt(w.projection, 12))}</code>` : `, ${tex('x_p')} = <code>${h(pt(w.projection, 12))}</code>`) : ''}; verified residual ∈ <code>[${w.residual[0]}, ${w.residual[1]}]</code> &lt; 0.</p>`,
    );
    body.push(`<p class="reading">${h(c.reading.text)}${c.reading.rigorous ? '' : ' <strong>(estimate)</strong>'}</p>`);
    for (const k of c.cases) {
      body.push(
        `<p>${k.term !== null ? `Term ${termLabel(k.term)}` : 'f'}${k.projection ? `, ${tex(c.condition === 'qcvx' ? 'x^*' : 'x_p')} = <code>${h(pt(k.projection, 10))}</code>` : ''}:</p>`,
      );
      body.push('<table><tr><th>quantity</th><th>enclosure at x</th></tr>');
      for (const q of k.quantities) body.push(`<tr><td>${tex(q.latex)}</td><td class="num">${h(enc(q.enclosure, 10))}</td></tr>`);
      body.push('</table>');
    }
  }

  if (d.notes.length || d.warnings.length) {
    body.push('<h2>Notes</h2><ul>');
    for (const n2 of d.warnings) body.push(`<li><strong>warning:</strong> ${h(n2)}</li>`);
    for (const n2 of d.notes) body.push(`<li>${h(n2)}</li>`);
    body.push('</ul>');
  }
  body.push(
    `<p class="meta">Numbers in brackets are rigorous enclosures (outward-rounded interval arithmetic). Plots are float samples, for orientation only. Phases: ${h(d.budget.phases.map((q) => `${q.phase} ${(q.ms / 1000).toFixed(1)} s`).join(' · '))}.</p>`,
  );

  const html = body.join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lscert report: ${h(p.name)}</title>
<style>${inlineKatexCss(html)}</style>
<style>${CSS}</style>
</head>
<body>
${html}
</body>
</html>
`;
}
