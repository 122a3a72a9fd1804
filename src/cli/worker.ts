import { workerData } from 'node:worker_threads';
import { terminateAllWorkers } from '../engine/spawnWorker.js';
import { connectTempPort } from '../tempfiles.js';
import type { ControlMessage, WorkerInput } from './entry.js';
import { main } from './main.js';
import { connectProgressPort } from './progress.js';

/**
 * The worker side of the CLI (see src/cli/entry.ts): runs the command, posts every temporary
 * path to the main thread, and ends with the command's exit status.
 */
const input = workerData as WorkerInput;
// The worker's stdout and stderr are pipes to the main thread: say what the terminal is, so
// that colours, progress bars and status lines behave as in a single thread.
for (const [stream, tty] of [
  [process.stdout, input.tty.stdout],
  [process.stderr, input.tty.stderr],
] as const) {
  if (!tty) continue;
  Object.assign(stream, {
    isTTY: true,
    ...(input.tty.columns !== undefined && { columns: input.tty.columns }),
    ...(input.tty.rows !== undefined && { rows: input.tty.rows }),
  });
}
connectTempPort(input.port);
connectProgressPort(input.progressPort);
// A signal (src/cli/entry.ts): stop every thread the command started, all at once, then say so.
input.controlPort.on('message', (m: ControlMessage) => {
  if (m.op === 'stop') void terminateAllWorkers().then(() => input.controlPort.postMessage({ op: 'stopped' } satisfies ControlMessage));
});
input.controlPort.unref();
process.exitCode = await main(input.argv);
input.port.close();
input.progressPort.close();
input.controlPort.close();
