/**
 * One worker thread of `check --jobs N` (src/cli/jobs.ts): rebuilds the problem from its
 * canonical JSON and the claim from its exact constants, then decides the pieces the main
 * thread hands it, one at a time, exactly as `check --shard k/K` would (the same problem on the
 * piece's box, the same S, f*, f_i*), and posts back its result (a refutation only after its
 * counterexample was confirmed on the whole problem) and, when `--cert` asked for a certificate,
 * what a shard writes: its certificate when certified, else its shard result. The box budget is
 * shared (SearchOptions.boxPool), the deadline is absolute. A thread decides the pieces of
 * several checks of one command (constants, report: src/cli/jobs.ts keeps it between checks);
 * each piece names its check, and the problem and claim are rebuilt when the check changes.
 */
import { parentPort } from 'node:worker_threads';
import { problemFromCanonical } from '../cert/canonical.js';
import { NoCertificate } from '../cert/certificate.js';
import type { Claim } from '../conditions/index.js';
import { withDeadline } from '../engine/budget.js';
import { check, checkWithZ3 } from '../engine/index.js';
import { claimFromWire } from '../engine/z3race.js';
import { canonicalExpr } from '../problem/hash.js';
import type { Problem } from '../problem/index.js';
import type { Box } from '../engine/box.js';
import type { JobsPieceDone, JobsSteal, JobsToWorker, JobsWorkerInput } from './jobs.js';
import { confirmOnWhole, shardCertificate, shardProblem, shardResult, shardScope } from './shard.js';

/** The check whose pieces this thread decides now. */
let current: { readonly job: number; readonly full: Problem; readonly claim: Claim } | null = null;

async function piece(k: number, job: number, input: JobsWorkerInput, handed: JobsToWorker['handed']): Promise<JobsPieceDone> {
  if (current?.job !== job) current = { job, full: problemFromCanonical(JSON.parse(input.problem)), claim: claimFromWire(input.claim) };
  const { full, claim } = current;
  // A piece of the cut, or boxes another thread's search handed over (work stealing): those are
  // searched as boxes of the problem on their donor's box (the same problem the donor searched).
  const scope = handed ? { ...shardScope(full, claim, 1, input.pieces), k, box: handed.domain } : shardScope(full, claim, k, input.pieces);
  const p = shardProblem(full, scope);
  // What this item's searches hand to threads that wait for work (SearchOptions.steal; never with a
  // certificate, whose tree would have holes): each batch is a work item of its own, announced to
  // the main thread before this item's answer (one port: the main thread knows every item handed
  // over by this one when it reads 'done').
  const delegated: number[] = [];
  const steal =
    input.steal && !input.certificate
      ? {
          hungry: input.steal.hungry,
          donate: (boxes: readonly Box[]): number | null => {
            if (Date.now() >= input.deadline) return null;
            const id = Atomics.add(input.steal!.ids, 0, 1);
            const msg: JobsSteal = { type: 'steal', id, from: k, domain: scope.box, boxes: boxes.map((b) => ({ lo: [...b.lo], hi: [...b.hi] })) };
            parentPort?.postMessage(msg);
            delegated.push(id);
            return id;
          },
        }
      : undefined;
  const opts = {
    maxBoxes: input.maxBoxes,
    queueCap: input.queueCap,
    timeLimitMs: Math.max(0, input.deadline - Date.now()),
    seed: input.seed,
    boxPool: input.pool,
    // A piece's tree must tile its box in x (joined by merge-certs' joinCertificates).
    reduce: false,
    // Kept only for the piece's certificate.
    keepTree: input.certificate,
    // The whole claim races beside the pieces, once (checkInJobs): no race per piece.
    raceZ3: false,
    convexity: input.convexity,
    steal,
    ...(handed && { roots: handed.boxes }),
  };
  const r0 = await withDeadline(input.deadline, () => (input.z3 ? checkWithZ3(p, claim, opts) : Promise.resolve(check(p, claim, opts))));
  const r = await confirmOnWhole(full, claim, r0, input.seed);
  // A certified piece whose proof has no certificate format (NoCertificate: QCvx with S given by
  // equations proved with the normal-segment argument at x*) is still certified: as one job, no
  // certificate is written and the note says why.
  let content: object | null = null;
  let noCertificate: string | null = null;
  if (input.certificate)
    try {
      content = r.verdict === 'certified' ? shardCertificate(full, p, r, scope) : shardResult(full, claim, r, scope);
    } catch (e) {
      if (!(e instanceof NoCertificate)) throw e;
      noCertificate = e.message;
    }
  // QCvx: the exact x* of this piece's proof (what a certificate records as xstar.exact).
  // Null when unknown (no system): combine then certifies nothing for QCvx.
  const xp = claim.condition === 'qcvx' && r.verdict === 'certified' ? r.system?.cases[0]?.xp : undefined;
  const xstar = xp ? JSON.stringify(xp.map(canonicalExpr)) : null;
  const { tree: _t, system: _s, ...result } = r;
  // JSON text: what `check --json` prints is JSON too (no class instances cross the thread).
  return {
    type: 'done',
    k,
    result: JSON.stringify(result),
    content: content === null ? null : JSON.stringify(content),
    xstar,
    noCertificate,
    delegated,
  };
}

parentPort?.on('message', (m: JobsToWorker) => {
  piece(m.k, m.job, m.input, m.handed).then(
    (done) => parentPort?.postMessage(done),
    (err: unknown) => parentPort?.postMessage({ type: 'error', k: m.k, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
parentPort?.postMessage({ type: 'ready' });
