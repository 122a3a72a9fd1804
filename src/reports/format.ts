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
    const mant = BigInt(m[1] + digitsStr) + ((dir === 'up') ? 1n : -1n);
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
  return `${num(c.certified)} ≤ best ${p} < ${num(c.refuted)}${c.certified === null ? ' (nothing certified within the budget)' : ''}`;
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
