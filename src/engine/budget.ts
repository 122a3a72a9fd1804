import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The ambient deadline lives in src/deadline.ts (a leaf: the layers below the engine, such as
 * src/conditions, stop at it too); re-exported here for the engine-side layers.
 */
export { ambientDeadline, deadlineOf, remainingMs, withDeadline, withGrace } from '../deadline.js';

/**
 * An ambient progress sink, like the deadline: a command that runs many searches (constants, a
 * report) learns of their work without threading a callback through every phase. The branch
 * and bound calls `reportBoxes` every few hundred boxes; nothing happens outside `withProgress`.
 */
const progressStore = new AsyncLocalStorage<(boxes: number) => void>();

/** Runs `fn` with `sink` receiving the number of boxes split since its last call. */
export function withProgress<T>(sink: (boxes: number) => void, fn: () => T): T {
  return progressStore.run(sink, fn);
}

/** Reports `boxes` more boxes split to the ambient sink, if any. */
export function reportBoxes(boxes: number): void {
  progressStore.getStore()?.(boxes);
}
