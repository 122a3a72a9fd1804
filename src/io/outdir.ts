import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { LscertError } from '../errors.js';
import { isStale, registerTemp, releaseTemp, removeStale } from '../tempfiles.js';

/**
 * Output directories written all at once (`report --out`, `empirical --out`): everything goes
 * into a temporary directory next to the target (`.NAME.tmp-PID-XXXXXX`), which is renamed to
 * the target at the end. The target is checked, and the temporary directory created, before
 * any computation, so that a bad `--out` fails at once rather than after a long run.
 */

/** An output path that cannot be written (exit 65, src/errors.ts). */
export class OutputError extends LscertError {
  constructor(message: string) {
    super('output', message);
  }
}

/** A short reason for a file-system error on an output path. */
export function fsReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      // makeDirs and mkdtemp run in a directory that exists: ENOENT there is the file
      // system refusing (procfs, sysfs), not a missing parent.
      return e.syscall === 'mkdir' || e.syscall === 'mkdtemp' ? 'the file system does not allow creating a directory there' : 'no such directory';
    default:
      return e?.message ?? String(err);
  }
}

/**
 * `mkdir -p` that always ends: creates the missing directories of `path` one by one, from the
 * deepest existing one down, and returns the first one it created (undefined: none).
 *
 * Node's own `mkdirSync(path, { recursive: true })` never returns (it spins in C++, where no
 * signal can stop it) when a directory exists but refuses a child with ENOENT, as /proc and
 * /sys do (`/proc/1/x/y`): it takes ENOENT for a missing parent and tries again forever. Here
 * each directory is created once; its error is final.
 */
export function makeDirs(path: string): string | undefined {
  const missing: string[] = [];
  for (let p = resolve(path); ; ) {
    try {
      if (!statSync(p).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: p });
      break;
    } catch (err) {
      const up = dirname(p);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || up === p) throw err;
      missing.push(p);
      p = up;
    }
  }
  let first: string | undefined;
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      // Someone else created it meanwhile: fine if it is a directory.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw err;
    }
    first ??= d;
  }
  return first;
}

export interface OutDirSpec {
  /** How messages name the output: `--out DIR`. */
  readonly label: string;
  /** What may be replaced, in messages: `an lscert report directory`. */
  readonly what: string;
  /** Why a non-empty existing directory may not be replaced (null: it is an earlier output of the same kind). */
  readonly notOurs: (dir: string, entries: readonly string[]) => string | null;
  /** The error thrown (its kind decides the exit status; default OutputError, exit 65). */
  readonly fail?: (message: string) => Error;
}

export interface StagedDir {
  /** The target directory (absolute). */
  readonly target: string;
  /** The temporary directory to write into. */
  readonly tmp: string;
  /** Puts the temporary directory in place of the target (replacing an earlier output). */
  commit(): void;
  /** Removes the temporary directory and the parents this call created (after an error). */
  abort(): void;
}

/** The part of a temporary name that says "an old output moved aside" (`.NAME.tmp-PID-XXXXXX.old`). */
const ASIDE = '.old';

/**
 * Checks the target and creates the temporary directory beside it (and the missing parents),
 * registered for removal on SIGINT/SIGTERM/SIGHUP (src/tempfiles.ts). An existing target is
 * accepted only when it is an empty directory or `spec.notOurs` finds it an earlier output;
 * anything else (a file, a directory holding other things) is refused, so nothing of the
 * user's is ever deleted by `commit`. Temporary directories of killed runs are removed; an old
 * output that such a run had moved aside while the target is missing is put back first.
 */
export function stageOutDir(outDir: string, spec: OutDirSpec): StagedDir {
  const fail = spec.fail ?? ((m: string) => new OutputError(m));
  const L = spec.label;
  const target = resolve(outDir);
  const parent = dirname(target);
  const prefix = `.${basename(target)}.tmp-`;
  if (parent === target || process.cwd() === target || process.cwd().startsWith(target + sep))
    throw fail(`${L}: is the root or the current directory (or holds it); choose a directory of its own`);
  restoreAside(parent, prefix, target);
  let st: Stats | undefined;
  let entries: string[] = [];
  try {
    st = statSync(target);
    if (st.isDirectory()) entries = readdirSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(`${L}: cannot use it: ${fsReason(err)}`);
  }
  if (st && !st.isDirectory()) throw fail(`${L}: exists and is not a directory`);
  const no = st && entries.length > 0 ? spec.notOurs(target, entries) : null;
  if (no) throw fail(`${L}: exists and is not ${spec.what} (${no}); refusing to replace it`);
  let createdParent: string | undefined;
  try {
    createdParent = makeDirs(parent);
  } catch (err) {
    throw fail(`${L}: cannot create the directory ${parent}: ${fsReason(err)}`);
  }
  removeStale(parent, prefix);
  const parentId = createdParent ? registerTemp(createdParent) : undefined;
  let tmp: string;
  let tmpId: number;
  try {
    tmp = mkdtempSync(join(parent, `${prefix}${process.pid}-`));
    tmpId = registerTemp(tmp);
    chmodSync(tmp, 0o755); // mkdtemp makes it private; the output is an ordinary directory
  } catch (err) {
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    if (parentId !== undefined) releaseTemp(parentId);
    throw fail(`${L}: cannot write in ${parent}: ${fsReason(err)}`);
  }
  let done = false;
  const release = () => {
    done = true;
    releaseTemp(tmpId);
    if (parentId !== undefined) releaseTemp(parentId);
  };
  return {
    target,
    tmp,
    commit() {
      if (done) throw new Error('stageOutDir: already committed or aborted');
      try {
        swapIn(tmp, target, L, fail);
      } catch (err) {
        this.abort();
        throw err;
      }
      release();
    },
    abort() {
      if (done) return;
      rmSync(tmp, { recursive: true, force: true });
      if (createdParent) rmSync(createdParent, { recursive: true, force: true });
      release();
    },
  };
}

/**
 * Renames `tmp` to `target`. An existing target (an earlier output, checked by stageOutDir) is
 * first moved aside to `tmp.old`, registered so that a signal between the two renames puts it
 * back (TempEntry.restoreTo): at every moment either the old or the new output is at the
 * target, or about to be put back there, and the aside copy is removed once the new one is in
 * place. On an error the old output is put back.
 */
function swapIn(tmp: string, target: string, L: string, fail: (m: string) => Error): void {
  if (!existsSync(target)) {
    try {
      renameSync(tmp, target);
    } catch (err) {
      throw fail(`${L}: cannot create the directory: ${fsReason(err)}`);
    }
    return;
  }
  const aside = `${tmp}${ASIDE}`;
  const asideId = registerTemp(aside, target); // before the rename: a signal right after it restores
  try {
    try {
      renameSync(target, aside);
    } catch (err) {
      throw fail(`${L}: cannot replace the existing directory: ${fsReason(err)}`);
    }
    try {
      renameSync(tmp, target);
    } catch (err) {
      renameSync(aside, target); // put the old output back
      throw fail(`${L}: cannot replace the existing directory: ${fsReason(err)}`);
    }
    rmSync(aside, { recursive: true, force: true });
  } finally {
    releaseTemp(asideId);
  }
}

/**
 * A run killed (SIGKILL) between the two renames of swapIn left the old output at
 * `.NAME.tmp-PID-XXXXXX.old` and nothing at the target: put it back before removeStale would
 * delete it.
 */
function restoreAside(parent: string, prefix: string, target: string): void {
  try {
    lstatSync(target);
    return; // something is there
  } catch {
    // nothing at the target: look for an old output moved aside
  }
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith(ASIDE) || !isStale(name, prefix)) continue;
    try {
      renameSync(join(parent, name), target);
      return;
    } catch {
      // try another, or leave it to removeStale
    }
  }
}
