import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import katex from 'katex';

/**
 * Math typeset with KaTeX on the server (no script in the page). The page stays
 * self-contained: KaTeX's CSS is inlined with the woff2 fonts it needs as data URIs (only
 * the font families the rendered formulas use), so it opens with no network access.
 */

const require = createRequire(import.meta.url);
let cssCache: { css: string; dir: string } | undefined;

function katexCss(): { css: string; dir: string } {
  if (!cssCache) {
    const dir = dirname(require.resolve('katex/dist/katex.min.css'));
    cssCache = { css: readFileSync(join(dir, 'katex.min.css'), 'utf8'), dir };
  }
  return cssCache;
}

/**
 * Longest formula typeset (characters of LaTeX). KaTeX takes about a second per 15 000: one
 * term of 10 000 squares (120 000 characters) took 8 s to typeset, past the report's time
 * limit. A longer one is shown as code, cut, with its length.
 */
export const MAX_TEX = 8000;

/** Renders LaTeX (inline, or display) to HTML; a formula KaTeX cannot read is shown as code, a very long one cut (MAX_TEX). */
export function tex(latex: string, display = false): string {
  if (latex.length > MAX_TEX)
    return `<code>${escapeHtml(latex.slice(0, 2000))} … (${latex.length} characters of LaTeX, not typeset; the full expressions are in report.json)</code>`;
  try {
    return katex.renderToString(latex, { displayMode: display, throwOnError: true, output: 'htmlAndMathml', strict: 'ignore' });
  } catch {
    return `<code>${escapeHtml(latex)}</code>`;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * KaTeX's CSS for a page whose HTML is `html`: every rule kept, and @font-face rules only for
 * the families that rules matching classes present in the page ask for (plus Main and Math,
 * the defaults), each with its woff2 file inlined as a data URI and nothing else to fetch.
 */
export function inlineKatexCss(html: string): string {
  const { css, dir } = katexCss();
  const classes = new Set<string>();
  for (const m of html.matchAll(/class="([^"]*)"/g)) for (const c of m[1]!.split(/\s+/)) if (c) classes.add(c);
  const used = new Set(['KaTeX_Main', 'KaTeX_Math']);
  const faces: string[] = [];
  const rules: string[] = [];
  // Split into top-level blocks (KaTeX's minified CSS has no nested blocks other than @media-free rules).
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) {
      const block = css.slice(start, i + 1);
      (block.startsWith('@font-face') ? faces : rules).push(block);
      start = i + 1;
    }
  }
  for (const r of rules) {
    const fam = r.match(/font-family:\s*(KaTeX_[A-Za-z0-9]+)/);
    if (!fam) continue;
    // A rule applies when, for some selector of its list, every class of the subject (the last
    // compound selector, e.g. `.mathfrak` in `.katex .mathfrak`) occurs in the page.
    const selectors = r.slice(0, r.indexOf('{')).split(',');
    const applies = selectors.some((sel) => {
      const subject =
        sel
          .trim()
          .split(/[\s>+~]+/)
          .pop() ?? '';
      const cls = [...subject.matchAll(/\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
      return cls.length > 0 && cls.every((c) => classes.has(c));
    });
    if (applies) used.add(fam[1]!);
  }
  const keptFaces = faces.flatMap((f) => {
    const fam = f.match(/font-family:\s*(KaTeX_[A-Za-z0-9]+)/)?.[1];
    const woff2 = f.match(/url\((fonts\/[^)]+\.woff2)\)/)?.[1];
    if (!fam || !woff2 || !used.has(fam)) return [];
    const data = readFileSync(join(dir, woff2)).toString('base64');
    return [f.replace(/src:[^;}]+/, `src:url(data:font/woff2;base64,${data}) format("woff2")`)];
  });
  return [...keptFaces, ...rules].join('');
}
