import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { applyTempMessage, removeTemps, type TempEntry, type TempMessage } from '../tempfiles.js';
import { localBar, type ProgressMessage } from './progress.js';

/** Exit statuses for the signals a command stops on: 128 + the signal's number. */
export const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** What the worker needs to know about the terminal it writes to (its own streams are pipes to this thread). */
export interface WorkerInput {
  readonly argv: readonly string[];
  readonly tty: { readonly stdout: boolean; readonly stderr: boolean; readonly columns?: number; readonly rows?: number };
  readonly port: import('node:worker_threads').MessagePort;
  /** Progress bars of the command, drawn by this thread (src/cli/progress.ts). */
  readonly progressPort: import('node:worker_threads').MessagePort;
  /** This thread's `stop` on a signal: the worker stops the threads it started and answers `stopped` (src/cli/worker.ts). */
  readonly controlPort: import('node:worker_threads').MessagePort;
}

/** Messages on WorkerInput.controlPort. */
export type ControlMessage = { readonly op: 'stop' } | { readonly op: 'stopped' };

/** Exit status when the reader of stdout went away (a closed pipe, `lscert … | head`): 128 + SIGPIPE's number, as a process killed by SIGPIPE. */
export const PIPE_CLOSED_EXIT = 141;

/** How long to wait for the worker to stop before exiting anyway. */
const STOP_GRACE_MS = 500;
/** How long to wait for the worker to stop the threads it started (it answers only when its event loop is free). */
const STOP_THREADS_MS = 300;

/**
 * The CLI's entry point (bin/lscert.js). The command runs in a worker thread (src/cli/worker.ts);
 * this thread only waits for it, so it handles SIGINT, SIGTERM and SIGHUP at once even while
 * the command is deep in a synchronous loop (branch and bound, a wasm LP or Z3 call), which no
 * signal handler in the same thread could interrupt. On a signal it asks the worker to
 * terminate the threads it started (check --jobs, the Z3 race) all at once, then terminates the worker
 * (V8 stops it between two instructions), removes the temporary files and half-written
 * directories the worker registered (src/tempfiles.ts), and exits with 128 + the signal number:
 * 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP). A second signal exits at once. When stdout is
 * a pipe whose reader has gone (`lscert check … | head -c 0`), nothing more can be delivered:
 * the same stop, silently, with 141 (as a process killed by SIGPIPE), instead of an
 * unhandled EPIPE error with a stack trace.
 *
 * Everything else is unchanged: the worker's stdout and stderr are this process's, and the
 * exit status is the command's (main()).
 */
export function runCli(argv: readonly string[]): void {
  const registry = new Map<number, TempEntry>();
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (m: TempMessage) => applyTempMessage(registry, m));
  port1.unref();
  // Progress is drawn here: the worker's own writes reach the terminal only when it is idle.
  // The bar is cleared before any output of the command is written, so they never interleave.
  const progress = new MessageChannel();
  const draw = localBar(process.stderr);
  let drawing = false;
  progress.port1.on('message', (m: ProgressMessage) => {
    if (m.op === 'start') drawing = true;
    if (m.op === 'stop') drawing = false;
    draw(m);
  });
  progress.port1.unref();
  const clearBar = () => {
    if (!drawing) return;
    drawing = false;
    draw({ op: 'stop' });
  };
  const control = new MessageChannel();
  control.port1.unref();
  const input: WorkerInput = {
    argv: [...argv],
    tty: {
      stdout: Boolean(process.stdout.isTTY),
      stderr: Boolean(process.stderr.isTTY),
      ...(process.stderr.columns !== undefined && { columns: process.stderr.columns }),
      ...(process.stderr.rows !== undefined && { rows: process.stderr.rows }),
    },
    port: port2,
    progressPort: progress.port2,
    controlPort: control.port2,
  };
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: input,
    transferList: [port2, progress.port2, control.port2],
    stdout: true,
    stderr: true,
  });
  // After a signal the command's output is dropped: what it writes then is only its reaction to
  // the threads it started being stopped under it ("a worker thread exited").
  let stopping = false;
  worker.stdout.on('data', (chunk: Buffer) => {
    if (stopping) return;
    clearBar();
    process.stdout.write(chunk);
  });
  worker.stderr.on('data', (chunk: Buffer) => {
    if (stopping) return;
    clearBar();
    process.stderr.write(chunk);
  });
  let failed = false;
  worker.on('error', (err) => {
    failed = true;
    if (stopping) return;
    process.stderr.write(`lscert: internal error: ${err?.message ?? String(err)} (run with --debug for details)\n`);
    if (argv.includes('--debug') && err?.stack) process.stderr.write(`${err.stack}\n`);
  });
  worker.on('exit', (code) => {
    clearBar();
    process.exitCode = failed ? 70 : code;
    for (const s of Object.keys(SIGNAL_EXIT)) process.removeListener(s, onSignal);
  });

  /** Stops the worker, removes its temporary files and exits with `code` (printing `message` on stderr when given). */
  function stop(code: number, message: string | null): void {
    const finish = () => {
      // Registrations the worker posted before it stopped and this thread has not read yet.
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) applyTempMessage(registry, m.message as TempMessage);
      removeTemps(registry);
      clearBar();
      if (message !== null) process.stderr.write(message);
      process.exit(code);
    };
    if (stopping) finish();
    stopping = true;
    // First the threads the command started (check --jobs, the Z3 race): the worker stops them
    // all at once. Stopped with the worker instead, Node would stop them one after another while
    // the others keep the cores busy (check --jobs 32: 9 s on 2 cores). A worker busy in a
    // synchronous loop cannot answer: after STOP_THREADS_MS it is stopped anyway.
    const terminate = () => {
      clearTimeout(wait);
      control.port1.removeAllListeners('message');
      const timer = setTimeout(finish, STOP_GRACE_MS);
      worker
        .terminate()
        .then(finish, finish)
        .finally(() => clearTimeout(timer));
    };
    const wait = setTimeout(terminate, STOP_THREADS_MS);
    control.port1.on('message', (m: ControlMessage) => {
      if (m.op === 'stopped') terminate();
    });
    control.port1.postMessage({ op: 'stop' } satisfies ControlMessage);
  }
  function onSignal(sig: NodeJS.Signals): void {
    // The leading newline ends a progress bar's line, which only a terminal shows.
    stop(SIGNAL_EXIT[sig as keyof typeof SIGNAL_EXIT] ?? 130, `${process.stderr.isTTY ? '\n' : ''}lscert: stopped by ${sig}\n`);
  }
  for (const s of Object.keys(SIGNAL_EXIT)) process.on(s, onSignal);
  // The reader of stdout (or stderr) went away: stop as for a signal, silently (nobody reads the output).
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') stop(PIPE_CLOSED_EXIT, null);
      else throw err;
    });
}
