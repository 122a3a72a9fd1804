/**
 * `check --jobs N`: the branch and bound on N worker threads (issue [10] §3; docs/scale.md).
 *
 * Design: the domain is cut into K pieces by the deterministic shard cut (src/cert/shard.ts,
 * the cut of `check --shard k/K`; K = PIECES_PER_JOB · N unless the box cannot be cut that
 * finely). A queue of pieces lives in this thread; each worker (src/cli/jobsWorker.ts) asks
 * for the next piece when it has decided one, so a hard piece does not hold the others up
 * (the work is balanced by the queue; nothing is locked on the hot path). Each piece is
 * decided exactly as `check --shard k/K` decides it, and the pieces are joined exactly as
 * `merge-certs` joins shards (the same `joinCertificates`): so `--jobs N` gives the verdict
 * the shard recipe gives, and its certificate is a merged one that `verify-cert` re-checks
 * like any other. Verdicts: a refuted piece (counterexample confirmed on the whole problem)
 * refutes at once and stops the other workers (worker.terminate()); all pieces certified
 * certify; else inconclusive, with the open pieces and their regions.
 *
 * Budgets are those of one job: `--time-limit` is one absolute deadline for every worker (a
 * piece not started by then is open, "not started"; a worker still running a little after it
 * is terminated), and `--max-boxes` bounds the boxes of all workers together: they share one
 * counter (SearchOptions.boxPool, an Int32Array on a SharedArrayBuffer, one atomic add per box).
 * No worker starts after the deadline, and n is at most the cores available (jobThreads). Ctrl-C:
 * the CLI's main thread asks the command's thread to terminate every worker at once
 * (terminateAllWorkers, src/cli/worker.ts), then terminates the command's thread (src/cli/entry.ts).
 *
 * Not parallel (one job, with a note): a computed S (`minimizers: auto`: S is the set of
 * minimizers over the whole box, which a piece cannot compute), and a box too narrow to cut.
 *
 * `constants --jobs n` and `report --jobs n` run their checks through the same function
 * (piecesRunner): the same pieces, the same joining of verdicts. A command that runs many
 * checks keeps its threads between them (`spare`): each loads lscert once.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Box } from '../engine/box.js';
import { certificateFor, NoCertificate } from '../cert/certificate.js';
import { shardBoxes, ShardPlanError } from '../cert/shard.js';
import type { Certificate } from '../cert/format.js';
import type { Claim } from '../conditions/index.js';
import { deadlineOf, withDeadline } from '../engine/budget.js';
import {
  certifiedByWholeQuery,
  checkDetailed,
  claimLinearForms,
  DEFAULT_QUEUE_CAP,
  refutedWith,
  startWholeClaimRace,
  verifyWitness,
  WHOLE_QUERY_MS,
} from '../engine/index.js';
import type { Checked, CheckResult, OpenRegion } from '../engine/index.js';
import { spawnModuleWorker } from '../engine/spawnWorker.js';
import { claimToWire, type RaceAnswer, type WireClaim } from '../engine/z3race.js';
import { canonicalProblem, outerBox, type Problem } from '../problem/index.js';
import { joinCertificates, shardScope, type ShardInput } from './shard.js';

/** Pieces per job: enough for the queue to balance uneven pieces, few enough that each piece's set-up stays small. */
export const PIECES_PER_JOB = 4;
/** Most jobs (`--jobs`). */
export const MAX_JOBS = 256;

/**
 * The threads `--jobs n` uses: n, at most the cores this process may use
 * (os.availableParallelism()), never fewer than 2. More threads than cores only compete for
 * them: each loads lscert (about 0.5 s of CPU) and holds its own heap, and on 2 cores
 * `--jobs 256` spent a minute loading threads, and as long stopping them on Ctrl-C.
 */
export function jobThreads(n: number): number {
  return Math.max(1, Math.min(n, Math.max(2, availableParallelism())));
}
/** How long after the deadline a worker that has not answered is terminated (its piece is then open). */
const GRACE_MS = 500;
/** Open regions listed in the combined result (as one job lists). */
const MAX_OPEN_LISTED = 20;

/** What a worker gets with each piece of a check (JobsToWorker). */
export interface JobsWorkerInput {
  /** `canonicalProblem(full)`. */
  readonly problem: string;
  readonly claim: WireClaim;
  /** K: the number of pieces of the cut. */
  readonly pieces: number;
  /** Date.now() value: every piece stops by then. */
  readonly deadline: number;
  readonly maxBoxes: number;
  readonly queueCap: number;
  readonly seed: number;
  readonly z3: boolean;
  /** Prove boxes from convexity (CheckOptions.convexity). */
  readonly convexity: boolean;
  /** Build and send each piece's shard certificate (only `--cert` needs them). */
  readonly certificate: boolean;
  /** The shared box count (SearchOptions.boxPool). */
  readonly pool: Int32Array;
  /**
   * Work stealing (SearchOptions.steal), null when off: `hungry` counts the threads waiting for
   * work, `ids` is the next work item's id (a search that hands a box over takes one).
   */
  readonly steal: { readonly hungry: Int32Array; readonly ids: Int32Array } | null;
}

/**
 * Main thread → worker: decide work item k of check `job` (its input: the same for every item of
 * a check): piece k of the cut (k ≤ K, no `handed`), or the boxes another search handed over (k > K).
 */
export interface JobsToWorker {
  readonly k: number;
  readonly job: number;
  readonly input: JobsWorkerInput;
  /** Item k > K: the boxes handed over and the box of the search that handed them (the problem they are searched on). */
  readonly handed?: { readonly domain: Box; readonly boxes: readonly Box[] };
}

/**
 * Worker → main thread: the search of item `from` (on the box `domain`) handed `boxes` over as
 * item `id` (sent before `from`'s answer).
 */
export interface JobsSteal {
  readonly type: 'steal';
  readonly id: number;
  readonly from: number;
  readonly domain: Box;
  readonly boxes: readonly Box[];
}

/**
 * Worker → main thread: a piece decided: its result, and (when a certificate is wanted) its
 * shard certificate or shard result, as JSON text; `null` when no certificate is wanted.
 */
export interface JobsPieceDone {
  readonly type: 'done';
  readonly k: number;
  readonly result: string;
  readonly content: string | null;
  /**
   * QCvx: the exact x* the piece was proved with (its canonical expressions as JSON text), else
   * null. The pieces prove the claim together only with one x* (combine checks it, certificate
   * or not: each piece picks x* from its own box).
   */
  readonly xstar: string | null;
  /** A certificate was wanted but the piece's proof has none (NoCertificate's message); else null. */
  readonly noCertificate: string | null;
  /**
   * The items its searches handed over (JobsSteal): its verdict covers its box but theirs, so
   * certified means certified only with every one of them (combine).
   */
  readonly delegated: readonly number[];
}
type FromWorker = { readonly type: 'ready' } | JobsPieceDone | JobsSteal | { readonly type: 'error'; readonly k: number; readonly message: string };

export interface JobsOptions {
  readonly jobs: number;
  readonly maxBoxes: number;
  readonly queueCap: number;
  readonly timeLimitMs: number;
  readonly seed: number;
  readonly z3: boolean;
  /**
   * Join the pieces' certificates into one (`--cert`). Without it no piece builds, sends or
   * parses a certificate (on 2 cores that work, in the thread that joins, took CPU from the
   * searches): the verdict is the same, since every piece is a box of the cut and certified
   * means its search proved all of it, as one job certifies without writing a certificate;
   * what joining also checks across pieces, one x* for QCvx, is checked on the pieces' exact x*
   * (JobsPieceDone.xstar) either way.
   */
  readonly certificate?: boolean;
  /** Decide over linear forms when the claim has them (then in one job: see checkInJobs). */
  readonly linearForms?: boolean;
  /** Prove boxes from convexity (default true; CheckOptions.convexity). */
  readonly convexity?: boolean;
  /** Called now and then with the fraction of the volume proved and the boxes split so far. */
  readonly onProgress?: (provedFraction: number, boxes: number) => void;
  /** Work stealing between the threads (default true; false to measure what it adds: `npm run bench -- jobs`). */
  readonly steal?: boolean;
}

/** A work item of `--jobs`: a piece of the cut (`from` null) or a box the search of item `from` handed over. */
export interface WorkItem {
  /** The box of the problem it is searched on: the piece's own, or its donor's. */
  readonly domain: Box;
  /** The boxes it decides: the piece's box, or the boxes handed over. */
  readonly boxes: readonly Box[];
  readonly from: number | null;
}

/** The pieces of the cut as work items 1..K. */
const pieceItems = (domain: Box, K: number): Map<number, WorkItem> =>
  new Map(shardBoxes(domain, K).map((box, i) => [i + 1, { domain: box, boxes: [box], from: null }]));

/** A decided work item, as its thread answered (JobsPieceDone, parsed). */
export interface PieceDone {
  readonly result: CheckResult;
  readonly content: Record<string, unknown> | null;
  readonly xstar: string | null;
  /** The items its searches handed over (default none). */
  readonly delegated?: readonly number[];
}

/** The volume of a box (a side of width 0 counts as 1). */
const volumeOf = (b: Box): number => b.lo.reduce((v, l, j) => v * (b.hi[j]! - l || 1), 1);
const volumeOfAll = (bs: readonly Box[]): number => bs.reduce((a, b) => a + volumeOf(b), 0);

/**
 * The volume the decided items proved: a certified item its boxes but those it handed over
 * (items of their own), another its proved fraction of its domain (which never counts them).
 */
function provedVolume(items: ReadonlyMap<number, WorkItem>, done: ReadonlyMap<number, PieceDone>): number {
  let v = 0;
  for (const [k, d] of done) {
    const item = items.get(k);
    if (!item) continue;
    if (d.result.verdict === 'certified')
      v += volumeOfAll(item.boxes) - (d.delegated ?? []).reduce((a, id) => a + (items.has(id) ? volumeOfAll(items.get(id)!.boxes) : 0), 0);
    else v += d.result.coverage * volumeOf(item.domain);
  }
  return Math.max(0, v);
}

/** What `--jobs` adds to the result (`jobs` in `check --json`). */
export interface JobsSummary {
  /** Worker threads started. */
  readonly threads: number;
  /** K, the pieces of the cut. */
  readonly pieces: number;
  /** Batches of boxes that busy threads' searches handed to idle threads (work stealing), each a work item after the K pieces. */
  readonly handedOver: number;
  /**
   * Per work item (the K pieces, then the batches of boxes handed over): its verdict ('open' when it was not decided in time), boxes and milliseconds.
   */
  readonly perPiece: readonly {
    readonly k: number;
    /** A batch of handed-over boxes: the item whose search handed them over, and how many boxes. */
    readonly from?: number;
    readonly handedBoxes?: number;
    readonly verdict: string;
    readonly boxes: number;
    readonly elapsedMs: number;
  }[];
}

export type JobsOutcome =
  | {
      readonly parallel: true;
      readonly result: CheckResult;
      readonly certificate: Certificate | null;
      readonly jobs: JobsSummary;
      /** Certified, a certificate wanted, but a piece's proof has no certificate format: why (NoCertificate's message). */
      readonly noCertificate?: string;
    }
  | { readonly parallel: false; readonly why: string };

/** The number of pieces for `jobs` workers on `p`'s box: PIECES_PER_JOB · jobs, fewer if the box cannot be cut that finely; 0 when not at all. */
function pieceCount(p: Problem, jobs: number): number {
  const box = outerBox(p);
  for (let k = PIECES_PER_JOB * jobs; k >= 2; k = Math.floor(k / 2)) {
    try {
      shardBoxes(box, k);
      return k;
    } catch (e) {
      if (!(e instanceof ShardPlanError)) throw e;
    }
  }
  return 0;
}

/** A worker thread of `--jobs` (src/cli/jobsWorker.ts). */
interface Thread {
  readonly w: Worker;
  /** It has loaded lscert (its 'ready' message came). */
  ready: boolean;
  /** Its listeners while it is spare (checkInJobs adds its own while it uses it). */
  readonly onMessage: (m: FromWorker) => void;
  readonly onExit: () => void;
}

/**
 * Threads that have decided their pieces and wait for the next check of this command: each
 * loads lscert once (about 0.5 s, more on a loaded machine), not once per check (`constants` and
 * `report` run many checks). Unreferenced: a spare thread keeps no process alive, and Ctrl-C
 * stops it with the others (terminateAllWorkers).
 */
const spare: Thread[] = [];
/** Numbers the checks: a thread rebuilds the problem and the claim only when the check changes. */
let nextJob = 1;

/** A spare thread, else a new one; null when none can be started here. */
function takeThread(): Thread | null {
  const old = spare.pop();
  if (old) return old;
  const w = spawnModuleWorker(import.meta.url, 'jobsWorker', { stdout: true, stderr: true });
  if (!w) return null;
  const t: Thread = {
    w,
    ready: false,
    onMessage: (m) => {
      if (m.type === 'ready') t.ready = true;
    },
    onExit: () => {
      const i = spare.indexOf(t);
      if (i >= 0) spare.splice(i, 1);
    },
  };
  // Listeners first: they see 'ready' before checkInJobs' own (registered after them). Then
  // unref: a first 'message' listener refs the thread's port, which would keep this thread alive.
  w.on('message', t.onMessage).on('exit', t.onExit);
  w.unref();
  return t;
}

/**
 * Decides `claim` on `full` with `o.jobs` worker threads (see the file comment), or says why it
 * runs as one job (`parallel: false`; the caller then runs the ordinary check).
 */
export async function checkInJobs(full: Problem, claim: Claim, o: JobsOptions): Promise<JobsOutcome> {
  if (full.minimizers.kind === 'auto')
    return { parallel: false, why: 'S is computed (minimizers: auto): the set of minimizers over the whole box, which one piece cannot compute' };
  // Few linear forms: the search over y is small and its tree is not a tiling of pieces of the box.
  const started = Date.now();
  const deadline = deadlineOf(started, o.timeLimitMs);
  const forms = o.linearForms === false ? null : claimLinearForms(full, claim, deadline);
  if (forms)
    return {
      parallel: false,
      why: `the claim depends on x only through ${forms.length === 1 ? 'one linear form' : `${forms.length} linear forms`}, decided over them in one job (--no-linear-forms to cut the box in x instead)`,
    };
  // n beyond the cores: as many threads as cores, and the pieces of that many jobs.
  const jobs = jobThreads(o.jobs);
  const K = pieceCount(full, jobs);
  if (K < 2) return { parallel: false, why: 'the box is too narrow to cut into pieces' };
  // One Z3 query of the whole claim races the pieces, as it races one job's search
  // (src/engine/z3race.ts); the pieces race nothing themselves. Each piece raced its own query
  // before: --jobs 2 took 13 s on a Remark-1 claim that one job decides in 2.4 s (Z3 proves it).
  const race = o.z3 ? startWholeClaimRace(full, claim, deadline) : null;
  try {
    const cappedNote =
      jobs < o.jobs
        ? [`--jobs ${o.jobs}: ran as --jobs ${jobs}, the cores available (os.availableParallelism()); more threads would only compete for them`]
        : [];
    const pool = new Int32Array(new SharedArrayBuffer(4));
    // Work stealing: item ids after the K pieces of the cut.
    const ids = new Int32Array(new SharedArrayBuffer(4));
    ids[0] = K + 1;
    // Not with a certificate: a search that hands boxes over leaves holes in its proof tree.
    const steal = o.steal === false || o.certificate === true ? null : { hungry: new Int32Array(new SharedArrayBuffer(4)), ids };
    const input: JobsWorkerInput = {
      problem: canonicalProblem(full),
      claim: claimToWire(claim),
      pieces: K,
      deadline,
      maxBoxes: o.maxBoxes,
      queueCap: o.queueCap,
      seed: o.seed,
      z3: o.z3,
      convexity: o.convexity !== false,
      certificate: o.certificate === true,
      pool,
      steal,
    };
    const threads = Math.min(jobs, K);
    const job = nextJob++;
    const taken: Thread[] = [];
    // The threads come first: a spare one of an earlier check of this command, else a new one,
    // which loads lscert (a few hundred milliseconds) while this thread samples the whole domain
    // below. Their messages wait in the event loop until the handlers below are attached
    // (nothing here yields before that). None starts after the deadline (its pieces would only be open).
    let spawnFailed = false;
    for (let i = 0; i < threads && Date.now() < deadline; i++) {
      const t = takeThread();
      if (t) taken.push(t);
      else spawnFailed = true;
    }
    // Threads that are not deciding a piece go back to the spares; the others are terminated
    // (a piece past the deadline, or cut short by another piece's refutation).
    const busy = new Set<Thread>();
    const broken = new Set<Thread>();
    /** This check's listeners on each thread, removed when it gives the thread back. */
    const detach: (() => void)[] = [];
    const release = () => {
      for (const off of detach.splice(0)) off();
      for (const t of taken) {
        if (busy.has(t) || broken.has(t)) void t.w.terminate().catch(() => undefined);
        else spare.push(t);
      }
    };
    // First what one job does before its search: sample the whole domain for a counterexample
    // (and the stationary-point test). A piece samples only its own box, so a counterexample that
    // one job finds at once could take the pieces' searches long to reach. No boxes are split here.
    let quickChecked: Checked;
    try {
      quickChecked = withDeadline(deadline, () =>
        checkDetailed(full, claim, { maxBoxes: 0, seed: o.seed, timeLimitMs: Math.max(0, deadline - Date.now()), reduce: false }),
      );
    } catch (e) {
      release();
      throw e;
    }
    const quick = quickChecked.result;
    /**
     * A decisive answer of the race as the whole claim's result (on the sampling's result: its
     * system is the one the race asked about): an unsat leaf certifies as one job's does, a sat
     * point refutes once confirmed here with intervals; null otherwise.
     */
    const decisive = (a: RaceAnswer | null): CheckResult | null => {
      if (!race || !a) return null;
      const how = `; Z3 raced the pieces in a worker thread from the start and answered after ${((a.at - race.startedAt) / 1000).toFixed(2)} s`;
      if (a.kind === 'unsat') return certifiedByWholeQuery(quick, a.leaf, how, started);
      const prep = quickChecked.resume?.prep;
      const w = a.kind === 'sat' && prep ? verifyWitness(prep, a.point) : null;
      return w ? refutedWith(quick, w, `counterexample found by Z3 on the whole domain${how}, then verified with intervals`, started) : null;
    };
    let byRace: CheckResult | null = null;
    if (quick.verdict === 'refuted') {
      release();
      const { tree: _t, system: _s, ...r } = quick;
      return {
        parallel: true,
        result: {
          ...r,
          elapsedMs: Date.now() - started,
          notes: [...r.notes, ...cappedNote, 'refuted by sampling the whole domain, before the pieces were handed to worker threads (--jobs)'],
        },
        certificate: null,
        jobs: { threads: 0, pieces: K, handedOver: 0, perPiece: [] },
      };
    }
    const done = new Map<number, PieceDone>();
    const domain = outerBox(full);
    // The work items: the K pieces of the cut, then the boxes searches hand over (ids K + 1, …).
    const items = pieceItems(domain, K);
    const stealing = input.steal;
    let next = 1;
    let noCertificate: string | null = null;
    let failure: Error | null = null;
    let refutedBy: number | null = null;

    await new Promise<void>((resolve) => {
      let finished = false;
      /** Threads deciding an item now. */
      let active = 0;
      /** Threads waiting for work (counted in `hungry` while work may still come). */
      const idle: Thread[] = [];
      /** Handed-over items not yet given to a thread. */
      const pending: number[] = [];
      const finish = () => {
        if (finished) return;
        finished = true;
        // Nobody waits any more: no search hands anything over from here on.
        if (stealing) Atomics.store(stealing.hungry, 0, 0);
        clearInterval(ticker);
        clearTimeout(watchdog);
        release();
        resolve();
      };
      const ticker = setInterval(() => o.onProgress?.(provedVolume(items, done) / volumeOf(domain), Math.min(o.maxBoxes, Atomics.load(pool, 0))), 250);
      // The deadline is the workers' own; this only ends a worker that overran it (its piece stays open).
      const watchdog = setTimeout(finish, Math.max(0, deadline - Date.now()) + GRACE_MS);
      /**
       * The thread's next item: a handed-over box first, else the next piece of the cut; none
       * (past the deadline, after a refutation or a failure, or nothing left): it waits, counted
       * as hungry while a search may still hand it a box. When no thread works, no box can come:
       * done (every handed-over box was announced before its donor's answer, on the donor's port).
       */
      const nextFor = (t: Thread) => {
        const stop = Date.now() >= deadline || refutedBy !== null || failure !== null;
        const k = stop ? undefined : (pending.shift() ?? (next <= K ? next++ : undefined));
        if (k !== undefined) {
          busy.add(t);
          active++;
          const item = items.get(k)!;
          t.w.postMessage({ k, job, input, ...(k > K && { handed: { domain: item.domain, boxes: item.boxes } }) } satisfies JobsToWorker);
          return;
        }
        idle.push(t);
        if (!stop && stealing) Atomics.add(stealing.hungry, 0, 1);
        if (active === 0) finish();
      };
      for (const t of taken) {
        const onMessage = (m: FromWorker) => {
          if (finished) return;
          if (m.type === 'error') {
            busy.delete(t);
            broken.add(t);
            failure = new Error(
              `check --jobs: ${m.k <= K ? `piece ${m.k}/${K}` : `the boxes handed over as item ${m.k}`} failed in its worker thread: ${m.message}`,
            );
            finish();
            return;
          }
          if (m.type === 'steal') {
            // The donor took one waiting thread off `hungry` for these boxes: that thread gets them.
            items.set(m.id, { domain: m.domain, boxes: m.boxes, from: m.from });
            pending.push(m.id);
            const waiting = idle.shift();
            if (waiting) nextFor(waiting);
            return;
          }
          if (m.type === 'done') {
            busy.delete(t);
            active--;
            noCertificate ??= m.noCertificate;
            const result = JSON.parse(m.result) as CheckResult;
            if (result.verdict === 'refuted') {
              done.set(m.k, { result, content: null, xstar: m.xstar, delegated: m.delegated });
              refutedBy = m.k;
              finish();
              return;
            }
            // The worker gets its next item before this thread parses the certificate.
            nextFor(t);
            done.set(m.k, {
              result,
              content: m.content === null ? null : (JSON.parse(m.content) as Record<string, unknown>),
              xstar: m.xstar,
              delegated: m.delegated,
            });
            return;
          }
          // 'ready': a new thread has loaded lscert.
          nextFor(t);
        };
        const onError = (err: Error) => {
          broken.add(t);
          failure = err;
          finish();
        };
        // A worker that ends without an answer (killed, out of memory) would leave the queue waiting.
        const onExit = (code: number) => {
          broken.add(t);
          if (finished) return;
          failure ??= new Error(`check --jobs: a worker thread exited (code ${code}) before it answered`);
          finish();
        };
        t.w.on('message', onMessage).on('error', onError).on('exit', onExit);
        detach.push(() => t.w.off('message', onMessage).off('error', onError).off('exit', onExit));
        // A spare thread loaded lscert already: its first piece now.
        if (t.ready) nextFor(t);
      }
      // The whole-claim race: a decisive answer ends the pieces (finish terminates their threads).
      if (race)
        void race.answerWithin(Number.POSITIVE_INFINITY, deadline).then((a) => {
          if (finished) return;
          try {
            byRace = decisive(a);
          } catch (e) {
            failure = e as Error;
          }
          if (byRace || failure) finish();
        });
      // No thread: none could be started (an error), or the deadline came first (every piece open).
      if (taken.length === 0) {
        if (spawnFailed) failure = new Error('check --jobs: no worker thread could be started');
        finish();
      }
    });
    if (failure) throw failure;
    const joined = combine(full, claim, K, taken.length, done, refutedBy, started, o.maxBoxes, items);
    // Pieces left open: Z3's answer, waited for as one job waits for it (WHOLE_QUERY_MS of query time).
    if (!byRace && race && joined.result.verdict === 'inconclusive') byRace = decisive(await race.answerWithin(WHOLE_QUERY_MS, deadline));
    if (byRace) {
      let certificate: Certificate | null = null;
      let noCertificate: string | undefined;
      if (o.certificate === true && byRace.verdict === 'certified')
        try {
          certificate = certificateFor(full, byRace);
        } catch (e) {
          if (!(e instanceof NoCertificate)) throw e;
          noCertificate = e.message;
        }
      // `stats` described the sampling run (no boxes), not the pieces.
      const { tree: _t, system: _s, stats: _st, ...result } = byRace;
      const pieces = `--jobs: decided by Z3's query of the whole claim; ${done.size} of the ${K} pieces had been decided, the others were stopped`;
      return {
        parallel: true,
        // Every box the pieces split, decided or stopped (the shared count, within --max-boxes).
        result: { ...result, boxes: Math.min(o.maxBoxes, Atomics.load(pool, 0)), notes: [...cappedNote, ...result.notes, pieces] } as CheckResult,
        certificate,
        jobs: joined.jobs,
        ...(noCertificate !== undefined && { noCertificate }),
      };
    }
    return {
      parallel: true,
      ...joined,
      result: { ...joined.result, notes: [...cappedNote, ...joined.result.notes] },
      ...(joined.result.verdict === 'certified' && !joined.certificate && noCertificate !== null && { noCertificate }),
    };
  } finally {
    race?.close();
  }
}

/**
 * The result of the whole claim from its work items (the rules of merge-certs), and the joined
 * certificate when certified. `items`: the pieces of the cut and the boxes handed over (default:
 * the K pieces alone). Certified only when every item is: a certified item proved its box but
 * the boxes it handed over, which are items of their own. Exported for tests.
 */
export function combine(
  full: Problem,
  claim: Claim,
  K: number,
  threads: number,
  done: ReadonlyMap<number, PieceDone>,
  refutedBy: number | null,
  started: number,
  maxBoxes: number,
  items: ReadonlyMap<number, WorkItem> = pieceItems(outerBox(full), K),
): { result: CheckResult; certificate: Certificate | null; jobs: JobsSummary } {
  const results = [...done.entries()].filter(([k]) => items.has(k)).sort((a, b) => a[0] - b[0]);
  const ids = [...items.keys()].sort((a, b) => a - b);
  const perPiece = ids.map((k) => {
    const r = done.get(k)?.result;
    const from = items.get(k)!.from;
    const handed = from !== null && { from, handedBoxes: items.get(k)!.boxes.length };
    return { k, ...handed, verdict: r ? r.verdict : 'open', boxes: r ? r.boxes : 0, elapsedMs: r ? r.elapsedMs : 0 };
  });
  const stolen = ids.length - K;
  const jobs: JobsSummary = { threads, pieces: K, handedOver: stolen, perPiece };
  const boxes = Math.min(
    maxBoxes,
    results.reduce((a, [, d]) => a + d.result.boxes, 0),
  );
  const domain = outerBox(full);
  const coverage = Math.min(1, provedVolume(items, done) / volumeOf(domain));
  const first = results[0]?.[1].result;
  const uniq = (xs: readonly string[]) => [...new Set(xs)];
  const note = `decided in ${K} pieces (the cut of check --shard k/${K})${stolen > 0 ? ` and ${stolen} ${stolen === 1 ? 'batch' : 'batches'} of boxes that busy threads' searches handed to idle ones (work stealing)` : ''} by ${threads} worker ${threads === 1 ? 'thread' : 'threads'} (--jobs)`;
  const common = {
    condition: claim.condition,
    constants: first?.constants ?? {},
    problem: full.name,
    computed: first?.computed ?? [],
    assumed: first?.assumed ?? ({} as CheckResult['assumed']),
    warnings: uniq(results.flatMap(([, d]) => d.result.warnings)),
    notes: [
      ...pieceNotes(
        results.map(([k, d]) => [k, d.result.notes] as const),
        K,
      ),
      note,
    ],
    boxes,
    elapsedMs: Date.now() - started,
    coverage,
  };
  const label = (k: number): string => (k <= K ? `piece ${k}/${K}` : `the boxes handed over as item ${k} (by ${label(items.get(k)!.from!)})`);
  if (refutedBy !== null) {
    const r = done.get(refutedBy)!.result;
    if (r.verdict === 'refuted') {
      const result: CheckResult = {
        ...common,
        verdict: 'refuted',
        counterexample: r.counterexample,
        ...(r.universal && { universal: r.universal }),
        ...(r.xstar && { xstar: r.xstar }),
        ...(r.reason !== undefined && { reason: r.reason }),
        notes: [...common.notes, `the counterexample was found in ${label(refutedBy)} and confirmed on the whole problem`],
      };
      return { result, certificate: null, jobs };
    }
  }
  // Every batch a decided item says it handed over must be a known item: one that never reached
  // this thread (a lost message) would be a hole that no item covers. (A review mutation that
  // dropped the messages certified a claim with half a piece unsearched.)
  /** Inconclusive with nothing proved (coverage 0): what the items proved does not add up to a proof. */
  const nothingProved = (reason: string) => ({
    result: { ...common, verdict: 'inconclusive' as const, counterexample: null, coverage: 0, reason },
    certificate: null,
    jobs,
  });
  const lost = results.flatMap(([k, d]) => (d.delegated ?? []).filter((id) => !items.has(id)).map((id) => ({ k, id })));
  if (lost.length > 0)
    return nothingProved(
      `${label(lost[0]!.k)} handed boxes over as item ${lost[0]!.id}, which never reached the thread that joins the items: nothing is proved there`,
    );
  const open = perPiece.filter((p) => p.verdict !== 'certified');
  if (open.length === 0) {
    // QCvx needs one x* for the whole box, and each piece chose x* from its own box (the
    // projection of its centre, or the first point of S that works there): pieces proved with
    // different x* (or with one unknown) do not prove the claim together. Found by an audit:
    // --jobs 2 without --cert certified a QCvx claim false for every x*.
    if (claim.condition === 'qcvx') {
      const xs = new Set(results.map(([, d]) => d.xstar));
      // Each piece is proved for its own x*; for one x*, nothing is.
      if (xs.size !== 1 || xs.has(null))
        return nothingProved('every piece is certified, but the pieces were proved with different x* (QCvx needs one x* for the whole box)');
    }
    const x = first?.xstar;
    const certified: CheckResult = { ...common, coverage: 1, verdict: 'certified', counterexample: null, ...(x && { xstar: x }) };
    // No certificate wanted (see JobsOptions.certificate): every item is certified.
    if (results.some(([, d]) => d.content === null)) return { result: certified, certificate: null, jobs };
    // With a certificate nothing is handed over (JobsWorkerInput.steal): the items are the pieces.
    if (stolen > 0) throw new Error('combine: boxes were handed over in a check that wants a certificate');
    const inputs: ShardInput[] = results.map(([k, d]) => ({
      file: `piece ${k}/${K}`,
      json: d.content!,
      scope: shardScope(full, claim, k, K),
      verdict: 'certified',
    }));
    const cert = joinCertificates(inputs, shardScope(full, claim, 1, K).claim, K, { lo: [...domain.lo], hi: [...domain.hi] });
    if (typeof cert !== 'string') return { result: certified, certificate: cert, jobs };
    return { result: { ...common, verdict: 'inconclusive', counterexample: null, reason: `every piece is certified, but ${cert}` }, certificate: null, jobs };
  }
  const regions: OpenRegion[] = results.flatMap(([, d]) => d.result.openRegions ?? []);
  const openCount =
    results.reduce((a, [, d]) => a + (d.result.openCount ?? d.result.openRegions?.length ?? 0), 0) +
    perPiece.filter((p) => p.verdict === 'open').reduce((a, p) => a + items.get(p.k)!.boxes.length, 0);
  const firstOpen = results.find(([, d]) => d.result.verdict === 'inconclusive')?.[1].result;
  const notStarted = perPiece.filter((p) => p.verdict === 'open').map((p) => p.k);
  const reason = [
    `${open.length} of ${ids.length} ${stolen > 0 ? 'work items (pieces and handed-over boxes)' : 'pieces'} open`,
    firstOpen?.reason ? `first: ${firstOpen.reason}` : '',
    notStarted.length ? `${notStarted.length} not decided before the time limit` : '',
  ]
    .filter(Boolean)
    .join('; ');
  // Items never decided are open regions of their own (their whole box).
  const undecided: OpenRegion[] = notStarted.flatMap((k) => items.get(k)!.boxes.map((box) => ({ box, why: 'budget' as const, lower: -Infinity })));
  return {
    result: {
      ...common,
      verdict: 'inconclusive',
      counterexample: null,
      reason,
      openRegions: [...regions, ...undecided].slice(0, MAX_OPEN_LISTED),
      openCount,
    },
    certificate: null,
    jobs,
  };
}

/**
 * The pieces' notes, each said once: notes that differ only in their figures ("answered after
 * 1.71 s") are one note, given with the first such piece's figures and the pieces it came from
 * ("in pieces 1–3, 5 of 8 (figures of piece 1): …", "in every piece (…)"); a note of one piece
 * names it. `check --jobs 2` printed one near-identical Z3 note per piece (8 lines).
 */
export function pieceNotes(raw: readonly (readonly [number, readonly string[]])[], K: number): string[] {
  const notes = raw.map(([k, list]) => [k, list.map(pieceWording)] as const);
  const groups = new Map<string, { text: string; pieces: number[] }>();
  for (const [k, list] of notes) {
    // The n-th note of a piece with a given shape groups with the n-th of the others (a piece's two
    // notes that differ only in their figures stay two notes).
    const seen = new Map<string, number>();
    for (const text of list) {
      const shape = text.replace(/\d+(?:\.\d+)?(?:e[+-]?\d+)?/g, '#');
      const n = (seen.get(shape) ?? 0) + 1;
      seen.set(shape, n);
      const key = `${n}:${shape}`;
      const g = groups.get(key);
      if (!g) groups.set(key, { text, pieces: [k] });
      else g.pieces.push(k);
    }
  }
  return [...groups.values()].map(({ text, pieces }) => {
    const sameText = notes.every(([k, list]) => !pieces.includes(k) || list.includes(text));
    const figures = sameText ? '' : ` (figures of piece ${pieces[0]})`;
    if (pieces.length === K) return `in every piece${figures}: ${text}`;
    if (pieces.length === 1) return `in piece ${pieces[0]}/${K}: ${text}`;
    return `in pieces ${ranges(pieces)} of ${K}${figures}: ${text}`;
  });
}

/** A piece is checked as a claim on its own box: what its notes call the whole claim is the piece. */
function pieceWording(note: string): string {
  return note.replace(
    'Z3 proved the whole claim as one exact query (unsat on the whole domain',
    "Z3 proved the whole piece as one exact query (unsat on the piece's box",
  );
}

/** 1, 2, 3, 5 → "1–3, 5". */
function ranges(ks: readonly number[]): string {
  const sorted = [...ks].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** What a command's check asks of `--jobs` (constants, report): one check()'s budget, with or without Z3 and a certificate. */
export interface PieceRequest {
  readonly maxBoxes: number;
  readonly timeLimitMs: number;
  readonly seed: number;
  readonly z3: boolean;
  readonly certificate: boolean;
}

/**
 * The checks of `constants --jobs n` and `report --jobs n`: each decided by checkInJobs, as
 * `check --jobs n` decides it (the same pieces, the same joining of verdicts); null when the
 * claim runs as one job (the caller then runs its own check, as with one job). Undefined for n = 1.
 */
export function piecesRunner(
  jobs: number,
):
  | ((p: Problem, claim: Claim, o: PieceRequest) => Promise<{ result: CheckResult; certificate: Certificate | null; noCertificate?: string } | null>)
  | undefined {
  if (jobs <= 1) return undefined;
  return async (p, claim, o) => {
    const pj = await checkInJobs(p, claim, {
      jobs,
      maxBoxes: o.maxBoxes,
      queueCap: DEFAULT_QUEUE_CAP,
      timeLimitMs: o.timeLimitMs,
      seed: o.seed,
      z3: o.z3,
      certificate: o.certificate,
    });
    return pj.parallel ? { result: pj.result, certificate: pj.certificate, ...(pj.noCertificate && { noCertificate: pj.noCertificate }) } : null;
  };
}
