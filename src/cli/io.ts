import type { Claim } from '../conditions/index.js';
import type { Rational } from '../exact/rational.js';

export { sameFile, writeFileAtomic } from '../io/atomic.js';

/** True when colours may be used on this stream (a TTY and NO_COLOR unset). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

export const paint = (on: boolean) => ({
  green: (s: string) => (on ? `\x1b[32m${s}\x1b[0m` : s),
  red: (s: string) => (on ? `\x1b[31m${s}\x1b[0m` : s),
  yellow: (s: string) => (on ? `\x1b[33m${s}\x1b[0m` : s),
  bold: (s: string) => (on ? `\x1b[1m${s}\x1b[0m` : s),
  dim: (s: string) => (on ? `\x1b[2m${s}\x1b[0m` : s),
});

/** Formats a number for humans: up to 6 significant digits. */
export const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));

/**
 * An exact constant for humans: its decimal expansion when it has one of at most 20 digits after
 * the point (2.0000001, 8.000001), else the fraction (1/3). The headline of `check` and `probe`
 * states the claim decided: 6 significant digits printed 8.000001 as "mu = 8", a claim with
 * another verdict, and (2.0000001, 1.9999999) as "alpha = 2, beta = 2".
 */
export function exactText(q: Rational): string {
  let d = q.den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  const places = Math.max(twos, fives);
  if (d !== 1n || places > 20) return q.toString();
  if (places === 0) return q.num.toString();
  const scaled = (q.num * 10n ** BigInt(places)) / q.den;
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`.replace(/0+$/, '').replace(/\.$/, '');
  return neg ? `-${text}` : text;
}

/** The claim's constants as the headline states them, exactly: `alpha = 5/2, beta = 2` as `alpha = 2.5, beta = 2`. */
export function claimConstantsText(claim: Claim): string {
  const parts: [string, Rational][] =
    claim.condition === 'alpha-beta'
      ? [
          ['alpha', claim.alpha],
          ['beta', claim.beta],
        ]
      : claim.condition === 'pl'
        ? [['mu', claim.mu]]
        : [['theta', claim.theta]];
  return parts.map(([k, v]) => `${k} = ${exactText(v)}`).join(', ');
}
