import { Rational } from '../exact/rational.js';
import type { ConstantsResult } from '../constants/index.js';
import type { Range, ReportData, VerdictRow } from './types.js';

/** Shared text helpers of the HTML and Markdown renderers. */

export const num = (x: number | null | undefined, digits = 8): string => {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  return Number(x.toPrecision(digits)).toString();
};

/**
 * x printed with `digits` significant digits, rounded toward −∞ ('down') or +∞ ('up'): the
 * printed decimal is ≤ x (≥ x), so a printed lower (upper) bound stays a bound.
 */
export function numDir(x: number, dir: 'down' | 'up', digits = 8): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  const exact = Rational.fromNumber(x);
  // Exact comparison of the printed decimal with the double (BigInt rationals).
  const ok = (t: string) => {
    const c = Rational.parseDecimal(t)!.cmp(exact);
    return dir === 'down' ? c <= 0 : c >= 0;
  };
  const trim = (t: string) => t.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
  for (let k = digits; k <= 40; k++) {
    const s = x.toPrecision(k);
    if (ok(s)) return trim(s);
    // One unit in the k-th digit toward the wanted side (rounding to nearest went the other way).
    const m = /^(-?)(\d)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
    if (!m) continue;
    const digitsStr = m[2]! + (m[3] ?? '');
    const exp = Number(m[4] ?? '0') - (digitsStr.length - 1);
    const mant = BigInt(m[1] + digitsStr) + (dir === 'up' ? 1n : -1n);
    const t = `${mant}e${exp}`;
    if (ok(t)) {
      const u = Number(t).toPrecision(k);
      return ok(u) ? trim(u) : t;
    }
  }
  return dir === 'down' ? '−∞' : '∞'; // no short decimal found: the trivial bound
}

/** An enclosure as text, ends rounded outward; a point when it is one double. */
export const enc = (r: Range, digits = 8): string => {
  if (r[0] !== null && r[0] === r[1]) return String(r[0]); // a point: the value is exactly this double
  for (let k = digits; k <= 17; k++) {
    const lo = r[0] === null ? '−∞' : numDir(r[0], 'down', k);
    const hi = r[1] === null ? '∞' : numDir(r[1], 'up', k);
    if (lo !== hi || k === 17) return `[${lo}, ${hi}]`;
  }
  return '';
};

export const pt = (x: readonly number[], digits = 6): string => `(${x.map((v) => num(v, digits)).join(', ')})`;

export const CONDITION_NAMES: Record<string, string> = { 'alpha-beta': 'α-β', pl: 'PL', aiming: 'Aiming', qcvx: 'QCvx' };

export const claimText = (c: Record<string, string> | null): string => {
  if (!c) return '—';
  const sym: Record<string, string> = { alpha: 'α', beta: 'β', mu: 'μ', theta: 'θ' };
  return Object.entries(c)
    .map(([k, v]) => `${sym[k] ?? k} = ${v}`)
    .join(', ');
};

/** The best-constant bracket of a condition, as one line. */
export function bracketText(c: ConstantsResult | null): string {
  if (!c) return 'not computed';
  const p = c.parameter === 'mu' ? 'μ' : c.parameter === 'theta' ? 'θ' : c.parameter === 'alpha' ? 'α' : c.parameter;
  if (c.condition === 'alpha-beta') {
    const along = c.tie ? `on ${c.tie}` : 'on the lead ray';
    const cert = c.certifiedPair ? `(${num(c.certifiedPair.alpha, 6)}, ${num(c.certifiedPair.beta, 6)})` : 'none';
    const ref = c.refutedPair ? `(${num(c.refutedPair.alpha, 6)}, ${num(c.refutedPair.beta, 6)})` : 'none';
    const poly = c.tie ? '' : `; certified polygon ${c.region.certified.length} vertices, refuted polygon ${c.region.refuted.length}`;
    return `${along}: certified ${cert}, refuted ${ref}${poly}`;
  }
  if (c.best?.proof.kind === 'universal') return `best ${p} = 0 (a non-global stationary point refutes every ${p} > 0)`;
  if (c.best?.proof.kind === 'limit') return `best ${p} ∈ [0, ${num(c.refuted)}] (residual quotient → 0 at S)`;
  if (c.certified === null && c.refuted === null) return `best ${p}: no value was certified or refuted within the budget`;
  if (c.certified === null) {
    // No positive constant certified: say so in words (μ = 0 holds trivially, ‖∇f‖² ≥ 0; θ = 0 does not).
    return c.parameter === 'mu'
      ? `0 ≤ best μ < ${num(c.refuted)} (μ = 0 holds trivially; no μ > 0 was certified within the budget)`
      : `best ${p} < ${num(c.refuted)} (refuted at ${num(c.refuted)}; no ${p} > 0 was certified within the budget)`;
  }
  if (c.refuted === null) return `best ${p} ≥ ${num(c.certified)} (certified; nothing above it was refuted within the budget)`;
  return `${num(c.certified)} ≤ best ${p} < ${num(c.refuted)}`;
}

/**
 * Polygon vertices as printed with `digits` significant digits, each printed vertex once: a
 * pass of the LP that hits one corner many times (nine copies of (0.560575, 0.560575)) or
 * vertices that differ only beyond the printed digits would repeat the same text. The order
 * (around the polygon) is kept; the first occurrence stays.
 */
export function dedupeVertices(poly: readonly (readonly [number, number])[], digits = 6): [number, number][] {
  const seen = new Set<string>();
  const out: [number, number][] = [];
  for (const [a, b] of poly) {
    const key = `${num(a, digits)},${num(b, digits)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([a, b]);
  }
  return out;
}

/**
 * The part of a convex polygon of the (α, β) plane with β ≥ κα (Sutherland–Hodgman against
 * one half-plane): the outer polygon less the cone β < κα that the one-term argument refutes.
 * Empty when what is left has no area (κ = 1 leaves at most the diagonal). Floats: a picture
 * of the region, as the polygon itself.
 */
export function clipBelowRay(poly: readonly (readonly [number, number])[], kappa: number): [number, number][] {
  const side = ([a, b]: readonly [number, number]) => b - kappa * a;
  const out: [number, number][] = [];
  for (let i = 0; i < poly.length; i++) {
    const P = poly[i]!;
    const Q = poly[(i + 1) % poly.length]!;
    const sp = side(P);
    const sq = side(Q);
    if (sp >= 0) out.push([P[0], P[1]]);
    if (sp >= 0 !== sq >= 0) {
      const t = sp / (sp - sq);
      out.push([P[0] + t * (Q[0] - P[0]), P[1] + t * (Q[1] - P[1])]);
    }
  }
  let area = 0;
  for (let i = 0; i < out.length; i++) {
    const [a1, b1] = out[i]!;
    const [a2, b2] = out[(i + 1) % out.length]!;
    area += a1 * b2 - a2 * b1;
  }
  const scale = Math.max(1, ...out.map(([a]) => Math.abs(a)));
  return out.length >= 3 && Math.abs(area) / 2 > 1e-9 * scale * scale ? out : [];
}

export function rowStats(r: VerdictRow): { coverage: string; boxes: string; time: string } {
  const c = r.check as { coverage?: number; boxes?: number; elapsedMs?: number } | null;
  if (!c) return { coverage: '—', boxes: '—', time: '—' };
  return { coverage: `${((c.coverage ?? 0) * 100).toFixed(2)}%`, boxes: String(c.boxes ?? 0), time: `${((c.elapsedMs ?? 0) / 1000).toFixed(2)} s` };
}

export const rowReason = (r: VerdictRow): string => {
  const c = r.check as { reason?: string } | null;
  return [r.note, c?.reason].filter(Boolean).join('; ');
};

export const summaryLine = (d: ReportData): string => d.verdicts.map((v) => `${CONDITION_NAMES[v.condition]} ${v.verdict}`).join(', ');

/** One line of the summary box: a condition's verdict, the constants it was checked at, and the best-constant bracket. */
export interface GlanceRow {
  readonly condition: string;
  /** certified / refuted / inconclusive / not checked (the verdict table's). */
  readonly verdict: VerdictRow['verdict'];
  /** The verdict in words: "refuted for every μ > 0" when a stationary point refutes every constant. */
  readonly verdictText: string;
  readonly constants: string;
  readonly best: string;
}

/**
 * The summary box (docs/reports.md, "At a glance"): per condition the verdict, the constants
 * it was checked at, and the best constant lscert could bracket (every printed value confirmed
 * by check()).
 */
export function glance(d: ReportData): GlanceRow[] {
  return d.verdicts.map((v) => {
    const c = v.check as { universal?: unknown; coverage?: number } | null;
    const sym = v.condition === 'pl' ? 'μ' : 'θ';
    let verdictText: string = v.verdict;
    if (v.verdict === 'refuted' && c?.universal) {
      if (v.condition !== 'alpha-beta') verdictText = `refuted for every ${sym} > 0`;
      else if (d.plane.oneTerm)
        verdictText = d.plane.oneTerm.kappa === 1 ? 'refuted for every α > β' : `refuted for every β < ${num(d.plane.oneTerm.kappa, 6)}·α`;
    } else if (v.verdict === 'inconclusive' && c) verdictText = `inconclusive (${((c.coverage ?? 0) * 100).toFixed(1)}% proved)`;
    let best: string;
    if (v.condition === 'alpha-beta') {
      const ot = d.plane.oneTerm;
      const tie = d.constants.tie;
      const reg = d.constants['alpha-beta'];
      const pair = (q: { alpha: number; beta: number } | null | undefined) => (q ? `(${num(q.alpha, 6)}, ${num(q.beta, 6)})` : 'none');
      if (ot && ot.kappa === 1) best = 'none: every pair α > β fails';
      else if (tie) best = `smallest α on ${tie.tie}: certified ${pair(tie.certifiedPair)}, refuted ${pair(tie.refutedPair)}`;
      else if (reg)
        best = `tight pair on the lead ray: certified ${pair(reg.certifiedPair)}, refuted ${pair(reg.refutedPair)}${ot ? `; every β < ${num(ot.kappa, 6)}·α fails` : ''}`;
      else best = 'not computed';
    } else best = bracketText(d.constants[v.condition]);
    return { condition: CONDITION_NAMES[v.condition]!, verdict: v.verdict, verdictText, constants: claimText(v.claim), best };
  });
}
