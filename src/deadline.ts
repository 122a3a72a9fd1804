import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The time budget of a whole computation, seen by every phase inside it.
 *
 * A command's `--time-limit` must bound everything it runs: the branch and bound, the Z3
 * pass, the confirming checks of `constants`, the region searches, a report's phases. The
 * phases have budgets of their own (a check inside `constants` has its own `timeLimitMs`), so
 * the outer limit is passed down as an *ambient deadline*: `withDeadline(t, fn)` runs `fn`
 * (sync or async) with the deadline `t`, nested calls keep the earliest one, and every loop
 * that stops on time stops at `min(its own deadline, ambientDeadline())`.
 *
 * Stopping on time never certifies anything: a search cut short is inconclusive (its open
 * boxes are reported as `budget`), a bracket cut short is wider, a value that could not be
 * confirmed in time is not printed.
 */
const store = new AsyncLocalStorage<{ readonly deadline: number }>();

/** The ambient deadline (a Date.now() value), +∞ outside any `withDeadline`. */
export function ambientDeadline(): number {
  return store.getStore()?.deadline ?? Infinity;
}

/** Runs `fn` with the deadline `deadline` (the earlier of it and the ambient one). */
export function withDeadline<T>(deadline: number, fn: () => T): T {
  const d = Math.min(deadline, ambientDeadline());
  return store.run({ deadline: Number.isNaN(d) ? Infinity : d }, fn);
}

/** The deadline of a phase that may use `timeLimitMs` from `started`, within the ambient deadline. */
export function deadlineOf(started: number, timeLimitMs: number): number {
  return Math.min(started + timeLimitMs, ambientDeadline());
}

/** Milliseconds left before the ambient deadline (+∞ outside any `withDeadline`; may be ≤ 0). */
export function remainingMs(): number {
  return ambientDeadline() - Date.now();
}

/**
 * Runs `fn` with the deadline `max(ambient, now) + graceMs`, later than the ambient one when that
 * has passed: for a phase that must still run after the command's limit, within a short grace of
 * its own (a report's counterexample readings and plots of what was decided). Every loop and
 * build inside stops at the grace as at any deadline.
 */
export function withGrace<T>(graceMs: number, fn: () => T): T {
  const d = Math.max(ambientDeadline(), Date.now()) + graceMs;
  return store.run({ deadline: Number.isNaN(d) ? Infinity : d }, fn);
}
