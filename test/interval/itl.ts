/**
 * A reader for the ITL format of the ITF1788 test vectors (IEEE 1788 interval test
 * suite): `testcase name { op arg… = result… [signal X]; … }`, with C comments.
 *
 * Numbers: decimal (`-1.5e-3`), hexadecimal floating point (`0x1.8p+1`, `-0X3.0P+0`,
 * `0x22000000000022p0`), `infinity` with optional sign. Interval literals `[a, b]`,
 * `[a]`, `[empty]`, `[entire]`, `[nai]`, each optionally decorated (`_com`, `_dac`,
 * `_def`, `_trv`, `_ill`). A literal stands for the tightest double interval containing
 * the real set it denotes (IEEE 1788 §12.11), so inexact decimals are rounded outward
 * with `fromRational`.
 */
import { Rational } from '../../src/exact/rational.js';
import { fromRational } from '../../src/interval/from-rational.js';

/** One test line: operation, operand tokens and result tokens (still text). */
export interface ItlVector {
  file: string;
  testcase: string;
  op: string;
  args: string[];
  results: string[];
  text: string;
}

/** A parsed interval operand: `nai` for Not-an-Interval, else endpoints (NaN = empty). */
export type ItlInterval = { nai: true } | { nai: false; lo: number; hi: number; decorated: boolean };

/** Splits an .itl file into vectors. */
export function parseItl(source: string, file: string): ItlVector[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const out: ItlVector[] = [];
  const caseRe = /testcase\s+(\S+)\s*\{([\s\S]*?)\}/g;
  for (const m of text.matchAll(caseRe)) {
    for (const stmt of m[2]!.split(';')) {
      const s = stmt.replace(/\s+/g, ' ').trim();
      if (!s) continue;
      const eq = s.indexOf(' = ');
      if (eq < 0) continue;
      const lhs = tokens(s.slice(0, eq));
      const rhs = tokens(s.slice(eq + 3).replace(/\s+signal\s+\w+.*$/, ''));
      out.push({ file, testcase: m[1]!, op: lhs[0]!, args: lhs.slice(1), results: rhs, text: s });
    }
  }
  return out;
}

function tokens(s: string): string[] {
  return s.match(/\[[^\]]*\](?:_[a-z]+)?|"[^"]*"|\{[^}]*\}|[^\s[\]{}"]+/g) ?? [];
}

/** Exact value of an ITL number token, or ±Infinity. */
export function parseNumber(tok: string): Rational | number {
  const t = tok.trim().toLowerCase();
  if (/^[+-]?(infinity|inf)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  const hex = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?p([+-]?\d+)$/.exec(t);
  if (hex) {
    const [, sgn, int = '', frac = ''] = hex;
    let mant = BigInt(`0x${int + frac || '0'}`);
    if (sgn === '-') mant = -mant;
    const e = Number(hex[4]) - 4 * frac.length;
    return e >= 0 ? Rational.of(mant << BigInt(e)) : Rational.of(mant, 1n << BigInt(-e));
  }
  const dec = Rational.parseDecimal(t);
  if (dec) return dec;
  throw new Error(`ITL: cannot parse number '${tok}'`);
}

/** Lower (dir = 0) or upper (dir = 1) double bound of an ITL number. */
function bound(tok: string, dir: 0 | 1): number {
  const v = parseNumber(tok);
  return typeof v === 'number' ? v : fromRational(v)[dir];
}

/** Parses an interval literal token such as `[1.0, 0x2p0]_com`. */
export function parseInterval(tok: string): ItlInterval {
  const m = /^\[([^\]]*)\](?:_([a-z]+))?$/.exec(tok.trim());
  if (!m) throw new Error(`ITL: not an interval literal '${tok}'`);
  const body = m[1]!.trim().toLowerCase();
  const decorated = m[2] !== undefined;
  if (body === 'nai' || m[2] === 'ill') return { nai: true };
  if (body === 'empty') return { nai: false, lo: NaN, hi: NaN, decorated };
  if (body === 'entire') return { nai: false, lo: -Infinity, hi: Infinity, decorated };
  const parts = body.split(',').map((p) => p.trim());
  if (parts.length === 1) return { nai: false, lo: bound(parts[0]!, 0), hi: bound(parts[0]!, 1), decorated };
  if (parts.length !== 2) throw new Error(`ITL: bad interval '${tok}'`);
  return { nai: false, lo: bound(parts[0]!, 0), hi: bound(parts[1]!, 1), decorated };
}
