import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr, only when stderr is a terminal and output is not JSON
 * (brief rule 6). Returns callbacks that do nothing otherwise.
 */
export function progressBar(label: string, enabled: boolean): { update: (fraction: number, boxes: number) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% proved | {boxes} boxes`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { boxes: 0 });
  return {
    update: (f, boxes) => bar.update(Math.round(f * 1000), { boxes }),
    stop: () => bar.stop(),
  };
}
