/**
 * The page and the JSON of `lscert empirical --preset paper`: paper.html (self-contained:
 * inline CSS and SVG, formulas typeset by KaTeX on the server through the reports layer) and
 * paper.json (everything the page shows, and the series behind the figures), plus each figure
 * as an SVG file. Every file is written atomically (a temp file, then rename).
 */
import { readFileSync } from 'node:fs';
import { makeDirs } from '../io/outdir.js';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { escapeHtml as h, inlineKatexCss, tex } from '../reports/math.js';
import type { EmpiricalResult } from './empirical.js';
import { diagnosticsSpec, heatMapSpec, sweepSpec, toSvg } from './plots.js';
import type { PresetResult } from './preset.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:1250px;margin:2em auto;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.num{font-variant-numeric:tabular-nums;white-space:nowrap;text-align:right}
.meta{color:#666;font-size:.9em}.statement{background:#fff8e1;border-left:4px solid #f9a825;padding:.4em .8em}
figure{margin:1em 0;display:inline-block;vertical-align:top;max-width:100%}figcaption{font-size:.88em;color:#444;max-width:640px}
.plots{display:flex;flex-wrap:wrap;gap:1.2em;align-items:flex-start}.plot svg{max-width:100%;height:auto}
.bad{color:#c62828;font-weight:600}.ok{color:#1a7f37}
`;

/** Numbers as in the text tables: 4 significant digits, exponent form far from 1. */
export const num = (x: number | null | undefined, d = 4): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(2)
      : Number(x.toPrecision(d)).toString();

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

let pictures = 0;

/** Ids inside an SVG made unique to it (several share one page: clip paths and gradients must not collide). */
export function uniqueIds(svg: string): string {
  const tag = `f${++pictures}-`;
  return svg.replace(/ id="([^"]+)"/g, (_m, id: string) => ` id="${tag}${id}"`).replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${tag}${id})`);
}

const optText = (r: EmpiricalResult) => {
  const o = r.training.optimizer;
  return `${o.name}${o.momentum !== undefined ? ` (momentum ${o.momentum})` : ''}, lr ${o.lr}${o.schedule !== 'constant' ? ` ${o.schedule}` : ''}${o.decay !== undefined ? ` × ${o.decay}` : ''}`;
};

function settingsRow(group: string, setting: string, r: EmpiricalResult | null, error?: string): string {
  if (!r) return `<tr><td>${h(group)}</td><td>${h(setting)}</td><td colspan="9" class="bad">${h(error ?? 'not measured')}</td></tr>`;
  const t = r.training;
  const same = r.seeds.every((s) => s.replayIdentical);
  return `<tr><td>${h(group)}</td><td>${h(setting)}</td><td>${h(r.model.description)}</td><td class="num">${r.model.parameters}</td><td>${h(r.data.description)}</td><td>${h(optText(r))}</td><td class="num">${t.batch}</td><td class="num">${t.epochs} (${r.seeds[0]?.steps ?? 0} steps)</td><td class="num">${h(t.seeds.join(', '))}</td><td class="num">${t.diagEvery} / ${t.diagSamples}</td><td>${same ? '<span class="ok">bit-identical</span>' : '<span class="bad">differs</span>'}, ${(r.elapsedMs / 1000).toFixed(1)} s</td></tr>`;
}

const figure = (svg: string | undefined, caption: string) =>
  svg ? `<figure class="plot">${uniqueIds(svg)}<figcaption>${h(caption)}</figcaption></figure>` : '';

/** paper.html: settings and seeds, Figure 1 (table, heat maps, diagnostics), Table 2 (tables, plots), notes. */
export function renderPresetHtml(r: PresetResult, svgs: ReadonlyMap<string, string>): string {
  const b: string[] = [];
  const first = r.figure1.find((f) => f.result)?.result ?? r.table2.flatMap((t) => t.results).find((x) => x) ?? null;
  b.push(`<h1>lscert empirical --preset ${h(r.preset)}: the α-β-condition along training trajectories on MNIST</h1>`);
  b.push(
    `<p class="meta">lscert ${h(VERSION)} · ${h(r.generated)} · took ${(r.elapsedMs / 1000).toFixed(1)} s · backend ${h(first?.backend.detail ?? '—')} · scale ${r.settings.scale} · ${r.settings.seeds} seed(s) from ${r.settings.seed} · data seed ${r.settings.dataSeed} · data: ${h(r.settings.data)} · heat-map grid ${r.settings.grid}²</p>`,
  );
  b.push(`<p class="statement"><strong>Empirical, not a certificate.</strong> ${h(r.statement)}.</p>`);
  b.push(
    `<p>Each run trains twice per seed (run 2 replays run 1 and logs every step). For a logged step k with mini-batch i_k, ${tex('T(x^k) = \\langle \\nabla f_{i_k}(x^k), x^k - x^K\\rangle - \\alpha\\,(f_{i_k}(x^k) - f_{i_k}(x^K)) + \\beta\\,(f_{i_k}(x^k) - f_{i_k}^*)')} with ${tex('f_{i_k}^* = 0')}; the supported region is where ${tex('\\min_k T \\ge 0')} over all seeds and steps, with ${tex('\\alpha \\ge \\beta + 0.1')}.</p>`,
  );

  // Settings and seeds
  b.push('<h2 id="settings">Run settings and seeds</h2>');
  b.push(
    '<table><tr><th>part</th><th>run / setting</th><th>model</th><th>parameters</th><th>data</th><th>optimizer</th><th>batch</th><th>epochs</th><th>seeds</th><th>diagnostics every / on</th><th>replay, time</th></tr>',
  );
  for (const f of r.figure1) b.push(settingsRow('Figure 1', f.id, f.result, f.error));
  for (const t of r.table2)
    t.results.forEach((x, i) => {
      const v = t.values[i]!;
      b.push(settingsRow('Table 2', `${t.id}: ${t.key}=${v}`, x, t.errors.find((e) => e.value === v)?.error));
    });
  b.push('</table>');

  // Figure 1
  b.push('<h2 id="figure1">Figure 1: Aiming and PL along training, beside the supported (α, β) region</h2>');
  b.push(
    `<p>On the full loss of the diagnostics set, with ${tex('f^*')} taken as ${tex('f(x^K)')}: Aiming(θ) is ${tex('\\langle \\nabla f(x^k), x^k - x^K\\rangle \\ge \\theta\\,(f(x^k) - f(x^K))')} and PL(μ) is ${tex('\\tfrac12\\|\\nabla f(x^k)\\|^2 \\ge \\mu\\,(f(x^k) - f(x^K))')}. “Fails for every constant” counts the logged iterates at which no θ &gt; 0 (μ &gt; 0) holds; the largest constants hold at every logged iterate of every seed.</p>`,
  );
  b.push(
    '<table><tr><th>run</th><th>iterates</th><th>Aiming fails for every θ</th><th>largest θ</th><th>PL fails for every μ</th><th>largest μ</th><th>angle range (°)</th><th>smallest α (its β)</th><th>supported polygon</th></tr>',
  );
  for (const f of r.figure1) {
    if (!f.result) {
      b.push(`<tr><td>${h(f.id)}</td><td colspan="8" class="bad">${h(f.error ?? 'not measured')}</td></tr>`);
      continue;
    }
    const d = f.result.diagnostics;
    const c = d.conditions;
    const lp = f.result.region.lp;
    const poly = f.result.region.polygon;
    b.push(
      `<tr><td>${h(f.id)}</td><td class="num">${c.points}</td><td class="num">${pct(c.aiming.failsForEveryFraction)} (${c.aiming.failsForEvery})</td><td class="num">${c.aiming.holdsForSome ? num(c.aiming.thetaMax) : '<span class="bad">none</span>'}</td><td class="num">${pct(c.pl.failsForEveryFraction)} (${c.pl.failsForEvery})</td><td class="num">${c.pl.holdsForSome ? num(c.pl.muMax) : '<span class="bad">none</span>'}</td><td class="num">${num(d.angleDeg.min)} … ${num(d.angleDeg.max)}</td><td class="num">${lp.minAlpha ? `${num(lp.minAlpha.alpha)} (${num(lp.minAlpha.beta)})` : '—'}</td><td>${f.result.region.empty ? '<span class="bad">empty</span>' : `${poly.length} vertices in [0, ${num(f.result.region.box.alphaMax)}] × [0, ${num(f.result.region.box.betaMax)}]`}</td></tr>`,
    );
  }
  b.push('</table>');
  for (const f of r.figure1) {
    if (!f.result) continue;
    b.push(`<h3 id="fig1-${h(f.id)}">${h(f.title)}</h3><div class="plots">`);
    b.push(
      figure(
        svgs.get(`fig1-${f.id}-heatmap.svg`),
        'min over seeds and logged steps of T(α, β); red: some step violates the condition, blue: all steps satisfy it. Black outline: the supported polygon; diamond: its smallest α (LP). The part α < β + 0.1 is left blank.',
      ),
    );
    b.push(
      figure(
        svgs.get(`fig1-${f.id}-diagnostics.svg`),
        'Angle between ∇f(x^k) and x^k − x^K (above 90°: Aiming fails for every θ), the PL quantity per δ, and the aiming ratio, per seed (one colour family per seed).',
      ),
    );
    b.push('</div>');
  }

  // Table 2
  b.push('<h2 id="table2">Table 2: smallest supported α, its β, and β·σ²_int per setting</h2>');
  for (const t of r.table2) {
    b.push(`<h3 id="table2-${h(t.id)}">${h(t.title)}</h3>`);
    b.push(
      `<table><tr><th>${h(t.key)}</th><th>steps</th><th>f(x^K)</th><th>smallest α</th><th>β at it</th><th>smallest β</th><th>σ²_int est.</th><th>β·σ²_int</th><th>replay</th></tr>`,
    );
    for (const row of t.rows)
      b.push(
        `<tr><td class="num">${row.value}</td><td class="num">${row.steps}</td><td class="num">${num(row.finalLoss)}</td><td class="num">${num(row.alpha)}</td><td class="num">${num(row.beta)}</td><td class="num">${num(row.minBeta)}</td><td class="num">${num(row.sigma2int)}</td><td class="num">${num(row.betaSigma2)}</td><td>${row.replayIdentical ? 'identical' : '<span class="bad">DIFFERS</span>'}</td></tr>`,
      );
    for (const e of t.errors) b.push(`<tr><td class="num">${e.value}</td><td colspan="8" class="bad">${h(e.error)}</td></tr>`);
    b.push('</table>');
    b.push(
      `<div class="plots">${figure(svgs.get(`table2-${t.id}.svg`), `Left: the smallest supported α and the β that goes with it against ${t.key}; right: β·σ²_int on its own axis.`)}</div>`,
    );
  }

  // Notes
  b.push('<h2 id="notes">Notes</h2><ul>');
  b.push(`<li>σ²_int est.: ${h(r.sigma2intMethod)}.</li>`);
  b.push(
    '<li>x^K, the last iterate of run 1, stands in for the projection onto the minimizer set S, as in the paper; every number on this page describes the logged trajectories only.</li>',
  );
  b.push(`<li>Files: ${r.artefacts.map((a) => `<code>${h(a.split(/[\\/]/).pop()!)}</code>`).join(', ')}.</li>`);
  b.push('</ul>');

  const html = b.join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lscert empirical --preset ${h(r.preset)}</title>
<style>${inlineKatexCss(html)}</style>
<style>${CSS}</style>
</head>
<body>
${html}
</body>
</html>
`;
}

/**
 * Figures as SVG files (and inline in the page), then paper.json, then paper.html; each written
 * atomically into `dir` (created if missing), and listed in `r.artefacts` under `shownDir`: the
 * directory `dir` becomes once renamed into place (default `dir`; src/networks/outdir.ts).
 */
export async function writePreset(dir: string, r: PresetResult, t0: number, shownDir: string = dir): Promise<void> {
  makeDirs(dir);
  const svgs = new Map<string, string>();
  for (const f of r.figure1) {
    if (!f.result) continue;
    const x = f.result;
    const title = `min over seeds and k of T(α, β): empirical, logged trajectories only\n${f.title}, ${x.data.samples} MNIST digits, batch ${x.training.batch}, ${x.training.seeds.length} seed(s)`;
    svgs.set(`fig1-${f.id}-heatmap.svg`, await toSvg(heatMapSpec(x.heatmap, x.region.polygon, x.region.lp.minAlpha, title)));
    svgs.set(
      `fig1-${f.id}-diagnostics.svg`,
      await toSvg(diagnosticsSpec(x.diagnostics.series, `${f.title}: full-loss diagnostics along the run-2 trajectory`)),
    );
  }
  for (const t of r.table2)
    if (t.rows.length) svgs.set(`table2-${t.id}.svg`, await toSvg(sweepSpec(t.key, t.rows, `${t.title}: supported constants (logged trajectories only)`)));
  for (const [name, svg] of svgs) writeFileAtomic(join(dir, name), svg);
  r.artefacts = [...svgs.keys(), 'paper.json', 'paper.html'].map((f) => join(shownDir, f));
  r.elapsedMs = performance.now() - t0;
  writeFileAtomic(join(dir, 'paper.json'), `${JSON.stringify(r)}\n`);
  writeFileAtomic(join(dir, 'paper.html'), renderPresetHtml(r, svgs));
}
