import { existsSync, lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';

/**
 * Temporary files and half-written directories, registered while they exist, so that an
 * interrupted command can remove them.
 *
 * The CLI runs each command in a worker thread (src/cli/entry.ts); the main thread only waits,
 * so it sees SIGINT/SIGTERM at once, even while the command is in a long synchronous loop. It
 * then stops the worker and removes whatever is registered here at that moment: the worker
 * posts every registration to the main thread as it happens (`connectTempPort`). Without a
 * worker (the library in a user's process) the registry is kept locally and `removeTemps`
 * clears it.
 *
 * What SIGKILL (or a power cut) leaves behind is cleaned by the next run that writes to the
 * same place: temporary names carry the pid of their writer (`tempName`), and `removeStale`
 * deletes those whose process no longer exists.
 */
export type TempMessage =
  | { readonly op: 'add'; readonly id: number; readonly path: string; readonly restoreTo?: string }
  | { readonly op: 'del'; readonly id: number };

/**
 * A registered path: removed on interruption, or, with `restoreTo`, renamed back there when
 * nothing is at `restoreTo` (an old output directory moved aside while the new one is renamed
 * into place: a signal between the two renames must leave the old one, never neither).
 */
export interface TempEntry {
  readonly path: string;
  readonly restoreTo?: string;
}

let port: MessagePort | null = null;
const local = new Map<number, TempEntry>();
let next = 1;

/** In the worker: post registrations to the main thread through `p`. */
export function connectTempPort(p: MessagePort): void {
  port = p;
}

/**
 * Registers a path to remove (recursively) if the command is interrupted; returns its handle.
 * With `restoreTo`: if nothing is at `restoreTo` then, the path is renamed back to it instead
 * (see TempEntry).
 */
export function registerTemp(path: string, restoreTo?: string): number {
  const id = next++;
  local.set(id, restoreTo === undefined ? { path } : { path, restoreTo });
  port?.postMessage((restoreTo === undefined ? { op: 'add', id, path } : { op: 'add', id, path, restoreTo }) satisfies TempMessage);
  return id;
}

/** The path no longer needs removing (it was renamed into place, or removed). */
export function releaseTemp(id: number): void {
  local.delete(id);
  port?.postMessage({ op: 'del', id } satisfies TempMessage);
}

/** Applies registration messages (in the main thread) to a registry. */
export function applyTempMessage(reg: Map<number, TempEntry>, m: TempMessage): void {
  if (m.op === 'add') reg.set(m.id, m.restoreTo === undefined ? { path: m.path } : { path: m.path, restoreTo: m.restoreTo });
  else reg.delete(m.id);
}

/** Whether anything (a dangling link included) is at `path`. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes every path of a registry, newest first (best effort, synchronous: safe in a signal
 * handler). An entry with `restoreTo` is renamed back there when nothing is at `restoreTo`;
 * if that rename fails it is kept (it may be the only copy of an old output), never removed.
 */
export function removeTemps(reg: Map<number, TempEntry> = local): void {
  for (const { path, restoreTo } of [...reg.values()].reverse()) {
    try {
      if (restoreTo !== undefined && existsSync(path) && !present(restoreTo)) {
        renameSync(path, restoreTo);
        continue;
      }
      rmSync(path, { recursive: true, force: true });
    } catch {
      // best effort: nothing else to do while exiting
    }
  }
  reg.clear();
}

/** `prefix` + the writer's pid + a unique tail: the form `removeStale` recognises. */
export function tempName(prefix: string): string {
  return `${prefix}${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Whether a process with this pid exists (EPERM: it exists, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `name` is `prefix` + pid + … of a process that no longer exists (or `prefix` + anything without a pid). */
export function isStale(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix)) return false;
  const m = /^(\d+)-/.exec(name.slice(prefix.length));
  const pid = m ? Number(m[1]) : NaN;
  return !(pid === process.pid || (Number.isInteger(pid) && alive(pid)));
}

/**
 * Removes the entries of `dir` named `prefix` + pid + … whose pid is not a live process (left
 * by a run that was killed), and those named `prefix` + anything else (older lscert versions
 * named them without a pid). Returns the names removed. Best effort: errors are ignored.
 */
export function removeStale(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStale(name, prefix)) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // not ours to remove after all
    }
  }
  return removed;
}
