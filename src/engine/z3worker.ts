/**
 * The Z3 side of the exact portfolio (src/engine/z3race.ts): rebuilds the claim's residual
 * system from the problem alone (`wholeClaimSetup`, as the search does), asks Z3 the whole
 * claim as one exact query per case (`wholeClaimQuery`, as the sequential path does) within the
 * deadline, sets the stop flag on a decisive answer, and posts the answer. Started by
 * `Z3Race.start`; terminated by it whenever the check ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { problemFromCanonical } from '../cert/canonical.js';
import { nonRationalPart, z3Context } from '../smt/index.js';
import { withDeadline } from './budget.js';
import { wholeClaimSetup } from './check.js';
import { claimFromWire, type Z3WorkerInput, type Z3WorkerMessage } from './z3race.js';
import { wholeClaimQuery } from './z3pass.js';

const input = workerData as Z3WorkerInput;
const post = (m: Z3WorkerMessage) => parentPort?.postMessage(m);
const decisive = () => Atomics.store(input.stop, 0, 1);

async function run(): Promise<Z3WorkerMessage> {
  const p = problemFromCanonical(JSON.parse(input.problem));
  const setup = wholeClaimSetup(p, claimFromWire(input.claim));
  const at = () => Date.now();
  if (!setup) return { type: 'answer', kind: 'unknown', why: 'not one exact query (QCvx with several x*)', at: at() };
  const { prep, cellPoints } = setup;
  // The same test as the search's deferral (checkWithZ3Detailed): Z3 can read every residual.
  if (!prep.system.cases.every((c) => c.forms.every((f) => f.some((e) => nonRationalPart(e) === undefined))))
    return { type: 'answer', kind: 'unknown', why: 'the residuals are not polynomial or rational', at: at() };
  return withDeadline(input.deadline, async (): Promise<Z3WorkerMessage> => {
    await z3Context();
    post({ type: 'ready', at: at() });
    const { pass, leaf } = await wholeClaimQuery(prep, cellPoints, input.deadline - Date.now());
    if (leaf) {
      decisive();
      return { type: 'answer', kind: 'unsat', leaf, at: at() };
    }
    if (pass.counterexample) {
      decisive();
      return { type: 'answer', kind: 'sat', point: pass.counterexample.x, at: at() };
    }
    return { type: 'answer', kind: 'unknown', why: pass.stopped === 'time' ? 'time budget spent' : 'Z3 did not decide the whole claim', at: at() };
  });
}

try {
  post(await run());
} catch (e) {
  post({ type: 'answer', kind: 'failed', why: e instanceof Error ? e.message : String(e), at: Date.now() });
}
