/** `--sweep key=v1,v2,…` parsing (kept free of heavy imports: the CLI checks flags before loading tfjs). */
export const SWEEP_KEYS = ['width', 'depth', 'batch'] as const;
export type SweepKey = (typeof SWEEP_KEYS)[number];

export function parseSweep(text: string): { key: SweepKey; values: number[] } | string {
  const m = /^\s*([a-z]+)\s*=\s*([0-9,\s]+)$/.exec(text);
  if (!m) return `--sweep must look like width=32,64,128 (keys: ${SWEEP_KEYS.join(', ')}), got '${text}'`;
  const key = m[1] as SweepKey;
  if (!SWEEP_KEYS.includes(key)) return `--sweep key must be one of ${SWEEP_KEYS.join(', ')}, got '${m[1]}'`;
  const values = m[2]!
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map(Number);
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) return `--sweep values must be positive integers, got '${m[2]}'`;
  return { key, values };
}
