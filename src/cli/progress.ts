import type cliProgress from 'cli-progress';
import { createRequire } from 'node:module';
import type { MessagePort } from 'node:worker_threads';

/**
 * cli-progress, loaded when the first bar is drawn: every command's two threads imported it
 * (about 20 ms each, the main thread's before it could start the command's thread), and most runs
 * draw no bar (piped, --json, not a terminal).
 */
const bars = (): typeof cliProgress => createRequire(import.meta.url)('cli-progress') as typeof cliProgress;

/**
 * Progress on stderr, only when stderr is a terminal and the output is not JSON (brief rule 6).
 *
 * The CLI runs each command in a worker thread (src/cli/entry.ts) whose computation is mostly
 * synchronous, so nothing the worker writes to its own stderr reaches the terminal before the
 * command ends. The worker therefore posts progress through a message port (delivered at
 * once, however busy the worker is) and the main thread draws the bar; without a port (the
 * library, or `main()` called in-process) the bar is drawn where it is asked for.
 */
export type ProgressMessage =
  | { readonly op: 'start'; readonly label: string; readonly unit: string }
  | { readonly op: 'update'; readonly fraction: number; readonly detail: string }
  | { readonly op: 'stop' };

export interface Progress {
  /** `fraction` in [0, 1] of the bar; `detail` is shown after it (boxes, phase). */
  readonly update: (fraction: number, detail: string) => void;
  readonly stop: () => void;
}

const NONE: Progress = { update: () => {}, stop: () => {} };
/** At most this many updates per second cross the port (the bar redraws at about this rate). */
const MIN_INTERVAL_MS = 100;

let port: MessagePort | null = null;

/** In the worker: send progress to the main thread through `p`. */
export function connectProgressPort(p: MessagePort): void {
  port = p;
}

/**
 * A bar labelled `label`; `unit` follows the percentage ("proved", "of the time budget").
 * Does nothing unless `enabled` and stderr is a terminal.
 */
export function progress(label: string, unit: string, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return NONE;
  const sink = port ? remoteSink(port) : localBar();
  sink({ op: 'start', label, unit });
  let last = 0;
  return {
    update: (fraction, detail) => {
      const now = Date.now();
      if (now - last < MIN_INTERVAL_MS) return;
      last = now;
      sink({ op: 'update', fraction: Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0)), detail });
    },
    stop: () => sink({ op: 'stop' }),
  };
}

/** The branch and bound's bar: the fraction of the domain proved and the boxes split. */
export function progressBar(label: string, enabled: boolean): { update: (fraction: number, boxes: number) => void; stop: () => void } {
  const p = progress(label, 'proved', enabled);
  return { update: (f, boxes) => p.update(f, `${boxes} boxes`), stop: p.stop };
}

const remoteSink =
  (p: MessagePort) =>
  (m: ProgressMessage): void =>
    p.postMessage(m);

/** Draws the bar for the messages of one progress (main thread, or in-process). */
export function localBar(stream: NodeJS.WriteStream = process.stderr): (m: ProgressMessage) => void {
  let bar: cliProgress.SingleBar | null = null;
  return (m) => {
    if (m.op === 'start') {
      bar?.stop();
      const lib = bars();
      bar = new lib.SingleBar(
        { format: `${m.label} [{bar}] {percentage}% ${m.unit} | {detail}`, stream, hideCursor: true, clearOnComplete: true },
        lib.Presets.shades_classic,
      );
      bar.start(1000, 0, { detail: '' });
    } else if (m.op === 'update') bar?.update(Math.round(m.fraction * 1000), { detail: m.detail });
    else {
      bar?.stop();
      bar = null;
    }
  };
}

/**
 * A bar for a command bounded by a time budget (constants, report): the fraction of the budget
 * used, the current phase and the boxes split so far by every search inside (the ambient sink
 * of src/engine/budget.ts, which `run` installs).
 */
export function budgetProgress(label: string, timeLimitMs: number, enabled: boolean) {
  const bar = progress(label, 'of the time budget', enabled);
  const started = Date.now();
  let phase = '';
  let boxes = 0;
  const show = () => bar.update((Date.now() - started) / timeLimitMs, `${phase ? `${phase} | ` : ''}${boxes} boxes`);
  return {
    phase: (name: string) => {
      phase = name;
      show();
    },
    boxes: (n: number) => {
      boxes += n;
      show();
    },
    stop: bar.stop,
  };
}
