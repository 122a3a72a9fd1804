/**
 * The exact portfolio of issue [9] §3: Z3 asks the whole claim in a worker thread
 * (src/engine/z3worker.ts) from the start of `checkWithZ3Detailed`, racing the interval
 * branch and bound; the first decisive answer wins and the other is stopped.
 *
 * Design decisions:
 *
 * - What the worker gets: the problem as its canonical JSON (`canonicalProblem`, the text a
 *   certificate embeds; the worker decodes it with `problemFromCanonical`, as verify-cert does),
 *   the claim's exact constants as "num/den" strings, the deadline (a Date.now() value) and the
 *   stop flag. It rebuilds the residual system with `wholeClaimSetup` (src/engine/check.ts), the
 *   same function the search's system comes from, and asks the query with `wholeClaimQuery`
 *   (src/engine/z3pass.ts), the one the sequential path asks: no second query builder.
 * - Which claims race: S given (points, affine, projection map), and for QCvx a single x*: the
 *   cases where the search's system depends on the problem alone. A computed S (`minimizers:
 *   auto`) is known only after the main thread computed it (and the nearest points of an S given
 *   by equations are enclosed box by box), so those claims keep the sequential path (whole query
 *   after the search). Residuals that are not polynomial or rational are
 *   refused in the worker before Z3 is loaded (an `unknown` answer within milliseconds).
 * - Stopping the search: the worker sets `stop[0]` (a SharedArrayBuffer, read with Atomics.load
 *   in the search's budget check) when its answer is decisive: every case `unsat` (a proof), or a
 *   `sat` point that verifyWitness confirmed in the worker (rigorous interval evaluation on the
 *   same residual system). The main thread then re-confirms the point with its own Prepared
 *   before it reports a refutation; should that fail, the check goes on with the region pass,
 *   and a search stopped early is inconclusive, never certified. A `sat` that is not confirmed
 *   stops nothing. An `unknown` stops nothing.
 * - The other way round: when the search ends decisively (certified or refuted) first, the
 *   worker is terminated at once (worker.terminate(); V8 stops it wherever it is, Z3's own
 *   threads with it). When the search ends inconclusive and the worker has not answered, the
 *   main thread waits for it until its query has had WHOLE_QUERY_MS since Z3 started (what the
 *   sequential path gives the whole query), within the deadline; then the worker is terminated
 *   and the open regions go to the main thread's Z3 pass as before.
 * - Budgets: the worker's query gets at most the time left before the deadline
 *   (`--time-limit`, the ambient deadline), the worker is terminated whenever the check ends
 *   (`Z3Race.close`, in a finally), and it is unref'd so that it never keeps a process alive.
 *   Ctrl-C: the CLI terminates its command's worker thread (src/cli/entry.ts), and Node stops the
 *   worker threads that thread started with it.
 * - No start-up penalty: spawning the worker costs the main thread a few milliseconds; the
 *   worker loads its modules and Z3 (about 1 s) on another core. A claim the intervals decide
 *   quickly never waits for Z3.
 * - Loading: from the built dist/ the worker is dist/engine/z3worker.js, next to this file. From
 *   the TypeScript sources (vitest, tsx) there is no .js file and a worker thread does not inherit
 *   tsx's loader hooks (Node 20): the worker is then an eval'd bootstrap that loads
 *   z3worker.ts through tsx's `tsImport`. Where tsx cannot be found, `Z3Race.start` returns
 *   null and the check keeps the sequential path.
 * - The worker's stdout and stderr are not the process's (piped and dropped): a Z3 thread
 *   stopped mid-query may print emscripten noise, and `--json` output must stay clean. Its
 *   errors come back as messages ('failed': the check falls back to the sequential query).
 */
import type { Worker } from 'node:worker_threads';
import type { Claim } from '../conditions/index.js';
import { Rational } from '../exact/rational.js';
import { canonicalProblem, type Problem } from '../problem/index.js';
import { spawnModuleWorker } from './spawnWorker.js';
import type { CaseProof } from './types.js';

/** The claim with its exact constants as "num/den" strings (structured clone drops Rational's methods). */
export type WireClaim =
  | { readonly condition: 'alpha-beta'; readonly alpha: string; readonly beta: string }
  | { readonly condition: 'pl'; readonly mu: string }
  | { readonly condition: 'aiming' | 'qcvx'; readonly theta: string };

/** What the main thread hands the worker (workerData). */
export interface Z3WorkerInput {
  /** `canonicalProblem(p)`. */
  readonly problem: string;
  readonly claim: WireClaim;
  /** Date.now() value: the worker's query ends by then. */
  readonly deadline: number;
  /** Set to 1 by the worker on a decisive answer (the search polls it). */
  readonly stop: Int32Array;
}

/** The worker's answer about the whole claim. */
export type RaceAnswer =
  /** Every case unsat on the whole domain: the one leaf of the proof tree. */
  | { readonly kind: 'unsat'; readonly leaf: CaseProof[]; readonly at: number }
  /** A model confirmed by verifyWitness in the worker (the main thread confirms it again). */
  | { readonly kind: 'sat'; readonly point: number[]; readonly at: number }
  /** Nothing decisive (timeout, Z3 gave up, not polynomial/rational, not raceable): `why`. */
  | { readonly kind: 'unknown'; readonly why: string; readonly at: number }
  /** The worker could not run the query (load error, crash): the sequential path applies. */
  | { readonly kind: 'failed'; readonly why: string; readonly at: number };

/** Messages from the worker: Z3 started (the query's clock starts), then one answer. */
export type Z3WorkerMessage = { readonly type: 'ready'; readonly at: number } | ({ readonly type: 'answer' } & RaceAnswer);

export function claimToWire(c: Claim): WireClaim {
  switch (c.condition) {
    case 'alpha-beta':
      return { condition: c.condition, alpha: c.alpha.toString(), beta: c.beta.toString() };
    case 'pl':
      return { condition: c.condition, mu: c.mu.toString() };
    default:
      return { condition: c.condition, theta: c.theta.toString() };
  }
}

export function claimFromWire(w: WireClaim): Claim {
  const q = (s: string) => {
    const [n, d = '1'] = s.split('/');
    return Rational.of(BigInt(n!), BigInt(d));
  };
  switch (w.condition) {
    case 'alpha-beta':
      return { condition: w.condition, alpha: q(w.alpha), beta: q(w.beta) };
    case 'pl':
      return { condition: w.condition, mu: q(w.mu) };
    default:
      return { condition: w.condition, theta: q(w.theta) };
  }
}

/** One Z3 worker racing one search (see the file comment). */
export class Z3Race {
  /** The flag the search polls (SearchOptions.stop). */
  readonly stop: Int32Array;
  /** When the worker was started (Date.now()). */
  readonly startedAt: number;
  /** When Z3 had started in the worker, once known. */
  private readyAt: number | null = null;
  private answer: RaceAnswer | null = null;
  private worker: Worker | null;
  /** Everyone waiting in answerWithin (check --jobs waits twice at once: src/cli/jobs.ts). */
  private readonly wakers = new Set<() => void>();

  private constructor(worker: Worker, stop: Int32Array, startedAt: number) {
    this.worker = worker;
    this.stop = stop;
    this.startedAt = startedAt;
    worker.unref();
    worker.stdout?.resume();
    worker.stderr?.resume();
    worker.on('message', (m: Z3WorkerMessage) => {
      if (m.type === 'ready') this.readyAt = m.at;
      else if (!this.answer) {
        const { type: _t, ...a } = m;
        this.answer = a;
      }
      this.poke();
    });
    const failed = (why: string) => {
      if (!this.answer) this.answer = { kind: 'failed', why, at: Date.now() };
      this.poke();
    };
    worker.on('error', (e) => failed(`the Z3 worker failed: ${e?.message ?? String(e)}`));
    worker.on('exit', () => failed('the Z3 worker exited without an answer'));
  }

  /**
   * Starts the worker on the whole claim, or returns null when the claim does not race (S not
   * given as points, affine or a projection map) or no worker can be loaded here (the caller keeps the sequential path).
   */
  static start(p: Problem, claim: Claim, deadline: number): Z3Race | null {
    // The same test as wholeClaimSetup's (z3race cannot import check.ts: check.ts imports it).
    if (!(p.minimizers.kind === 'points' || p.minimizers.kind === 'affine' || p.minimizers.kind === 'projection')) return null;
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const input: Z3WorkerInput = { problem: canonicalProblem(p), claim: claimToWire(claim), deadline, stop };
    const worker = spawnWorker(input);
    return worker ? new Z3Race(worker, stop, Date.now()) : null;
  }

  /** The answer, if the worker gave one already. */
  get settled(): RaceAnswer | null {
    return this.answer;
  }

  /**
   * The worker's answer, waiting for it until its query has had `queryMs` since Z3 started
   * (or, Z3 not started yet, until it starts and then that long), never past `deadline`; null
   * when it has not answered by then.
   */
  async answerWithin(queryMs: number, deadline: number): Promise<RaceAnswer | null> {
    for (;;) {
      if (this.answer || !this.worker) return this.answer;
      const until = Math.min(deadline, this.readyAt === null ? Infinity : this.readyAt + queryMs);
      const wait = until - Date.now();
      if (!(wait > 0)) return null;
      await new Promise<void>((res) => {
        const wake = () => {
          clearTimeout(timer);
          this.wakers.delete(wake);
          res();
        };
        const timer = setTimeout(wake, Math.min(wait, 2 ** 31 - 1));
        this.wakers.add(wake);
      });
    }
  }

  /** Stops the worker (idempotent). */
  close(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate().catch(() => undefined);
    this.poke();
  }

  private poke(): void {
    for (const wake of [...this.wakers]) wake();
  }
}

/** The worker thread (dist/engine/z3worker.js, or z3worker.ts through tsx); null when it cannot start. */
function spawnWorker(input: Z3WorkerInput): Worker | null {
  return spawnModuleWorker(import.meta.url, 'z3worker', { workerData: input, stdout: true, stderr: true });
}
