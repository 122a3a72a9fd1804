import { compileInterval, encloseConstant, formText } from '../expr/index.js';
import { quadraticInfimumOf } from '../exact/quadratic.js';
import { fromRational } from '../interval/index.js';
import { canonicalProblem, innerBox, loadProblemFile, outerBox, type Problem } from '../problem/index.js';
import { canonicalExpr } from '../problem/hash.js';
import { InputLimitError, MAX_CERTIFICATE_DEPTH, tooDeep } from '../problem/limits.js';
import { printable } from '../problem/printable.js';
import { CertDecodeError, problemFromCanonical } from './canonical.js';
import { summarize, type ProblemSummary } from './describe.js';
import { assertCertificate, decodeCertificate, type DecodedCertificate } from './decode.js';
import { buildCheckSystem, pointOf, type CheckSystem } from './system.js';
import { checkerDomain } from './domain.js';
import { checkGivenValues } from './given.js';
import { MinimizerChecker } from './minimizers.js';
import { TreeChecker } from './tree.js';
import { NearestPoints } from './nearest.js';
import { reducedCheckSystem } from './reduction.js';
import type { CheckBox } from './cells.js';
import {
  claimId,
  decodeShardScope,
  leafCount,
  MAX_SHARDS,
  planMismatch,
  sameBox as identicalBox,
  shardBoxes,
  shardPlan,
  ShardPlanError,
  type ShardScope,
} from './shard.js';

/** The outcome of `verifyCertificate` (and of `lscert verify-cert --json`, as `valid`). */
export interface VerifyResult {
  /** True only when every check passed: the claim holds on the whole domain. */
  readonly ok: boolean;
  /** Leaves of the tree (counted as far as the walk went). */
  readonly leaves: number;
  /** The first failures, each naming the leaf box where one applies. */
  readonly reasons: readonly string[];
  readonly elapsedMs: number;
  readonly problem: string | null;
  readonly hash: string | null;
  readonly condition: string | null;
  /** The constants as numbers (nearest doubles, for display) and exactly. */
  readonly constants: Readonly<Record<string, number>> | null;
  readonly exactConstants: Readonly<Record<string, string>> | null;
  /** The problem the claim was verified for (null when the embedded problem did not decode): see ProblemSummary. */
  readonly verified: ProblemSummary | null;
  /**
   * A shard's certificate (`check --shard k/N`): which shard, and whether its proof passed every
   * check (`valid`). `ok` is then false whatever `valid` says: a shard proves the claim on its
   * box only, never on the whole domain (docs/certificates.md#shards). Null for other certificates.
   */
  readonly shard: (ShardScope & { readonly valid: boolean }) | null;
  /** A certificate joined from this many shards by `merge-certs` (its tree starts with their cut), or null. */
  readonly merged: number | null;
  /** Decided over y = W x: the linear forms y_i (as text, from the checker's own W) once the reduction was proved; else null. */
  readonly linearForms: readonly string[] | null;
}

/** The reason a valid shard certificate gives for `ok: false`. */
export const shardOnly = (s: Pick<ShardScope, 'k' | 'n'>): string =>
  `shard ${s.k}/${s.n}: the certificate proves the claim on this shard's box only, not on the whole domain (join all ${s.n} shards with lscert merge-certs)`;

/** Options of `verifyCertificate(Async)`. */
export interface VerifyOptions {
  /** Also require the certificate to be for this problem file (else "stale certificate"), compared before anything else is built. */
  readonly problemFile?: string;
  /** Most reasons reported (default 10). */
  readonly maxReasons?: number;
  /** Overall time limit: when it is reached the certificate is NOT verified (ok false, with a reason). */
  readonly timeLimitMs?: number;
}

/**
 * Re-checks a certificate with code independent of the search (it shares only the
 * interval kernel, the expression layer and the problem hash/outer box):
 * 1. the embedded problem decodes, re-encodes to the same canonical JSON and hashes to
 *    the recorded hash (and to `problemFile`'s hash when given: else "stale certificate");
 * 2. the residuals are rebuilt from DOMAIN.md §2; x* and the point giving f* are proved
 *    to lie in S (S's own points, or a projection onto S);
 * 3. every computed f_i* enclosure [lo, hi] holds the true f_i*: lo ≤ the natural interval
 *    bound of f_i over R^d (a rigorous lower bound of the infimum) and hi ≥ the rigorous upper
 *    bound of f_i at the recorded witness point (any value of f_i is ≥ f_i*);
 * 4. the root box is the problem's outer box and every leaf recomputes (see TreeChecker).
 * Throws NotACertificateError when the input is not a certificate (wrong format/version);
 * every other defect makes `ok` false with a reason. NaN anywhere fails.
 */
/**
 * Like `verifyCertificate`, and also repeats the Z3 queries of the leaves the search proved
 * with Z3 (those are the only asynchronous part).
 */
export async function verifyCertificateAsync(json: unknown, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const r = verifySync(json, opts);
  if (!r.checker || r.reasons.length) return r.result;
  // Stops at the first failed query, and at the time limit (each query gets at most what is left).
  await r.checker.verifyZ3(r.slots);
  const reasons = r.checker.reasons.map((x) => printable(x, 500));
  const passed = reasons.length === 0 && r.result.leaves > 0;
  const shard = r.result.shard && { ...r.result.shard, valid: passed };
  return {
    ...r.result,
    ok: passed && !shard,
    reasons: reasons.length ? reasons : r.result.reasons,
    shard,
    elapsedMs: r.result.elapsedMs + (Date.now() - r.t),
  };
}

/**
 * Re-checks a certificate with code independent of the search. Leaves proved by Z3 need
 * `verifyCertificateAsync`; this synchronous version fails them.
 */
export function verifyCertificate(json: unknown, opts: VerifyOptions = {}): VerifyResult {
  const r = verifySync(json, opts);
  if (r.checker?.z3Queries.length && (r.result.ok || r.result.shard?.valid)) {
    return {
      ...r.result,
      ok: false,
      reasons: [`${r.checker.z3Queries.length} leaves were proved by Z3: use verifyCertificateAsync (the CLI does)`],
      shard: r.result.shard && { ...r.result.shard, valid: false },
    };
  }
  return r.result;
}

function verifySync(
  json: unknown,
  opts: VerifyOptions,
): { result: VerifyResult; checker?: TreeChecker; slots: readonly { lo: number; hi: number }[]; reasons: string[]; t: number } {
  const started = Date.now();
  const deadline = opts.timeLimitMs !== undefined ? started + opts.timeLimitMs : Infinity;
  // Untrusted input: its nesting is bounded before anything walks it (InputLimitError, exit 65).
  const deep = tooDeep(json, MAX_CERTIFICATE_DEPTH);
  if (deep !== undefined)
    throw new InputLimitError(
      deep.length > 60 ? `${deep.slice(0, 60)}…` : deep,
      `nested more than ${MAX_CERTIFICATE_DEPTH} levels deep (lists and objects); certificates are limited to ${MAX_CERTIFICATE_DEPTH}`,
    );
  assertCertificate(json);
  let embedded: Problem | undefined;
  let dec: DecodedCertificate | undefined;
  let leaves = 0;
  const reasons: string[] = [];
  let checker: TreeChecker | undefined;
  let shard: ShardScope | null = null;
  let merged: number | null = null;
  let linearForms: string[] | null = null;
  try {
    // A shard's certificate: its scope is decoded first (the root of its tree depends on it).
    if (json.shard !== undefined) shard = decodeShardScope(json.shard);
    dec = decodeCertificate(json);
    const p = problemFromCanonical(dec.canonical);
    embedded = p;
    if (JSON.stringify(dec.canonical) !== canonicalProblem(p)) reasons.push('problem: the embedded problem is not in canonical form');
    if (p.hash !== dec.hash) reasons.push(`problem: hash mismatch (recorded ${dec.hash}, recomputed ${p.hash})`);
    if (p.name !== dec.name) reasons.push(`problem: name '${dec.name}' differs from the embedded problem's '${p.name}'`);
    if (opts.problemFile !== undefined) {
      const file = loadProblemFile(opts.problemFile);
      if (file.hash !== dec.hash) reasons.push(`stale certificate: ${opts.problemFile} has hash ${file.hash}, the certificate is for ${dec.hash}`);
    }
    // A stale, renamed or altered problem fails here, before the residuals are built (they may be expensive).
    if (reasons.length) throw new CertDecodeError(reasons.pop()!);
    const regions = (dec.minimizers as { regions?: unknown } | undefined)?.regions;
    const sys = buildCheckSystem(p, dec.claim, { ...dec, ...(Array.isArray(regions) && { autoPoints: regions.length }) });
    reasons.push(...checkGivenValues(p, deadline), ...checkPoints(p, sys, dec), ...checkSlots(p, sys, dec, deadline));
    // The exact tests above answer "unknown" past the deadline: not verified, whatever the tree says.
    if (Date.now() > deadline) reasons.push('time limit: reached while the given values and f_i* enclosures were checked');
    const box = outerBox(p);
    if (!sameBox(box, dec.domain)) reasons.push(`domain: the recorded box differs from the problem's outer box ${JSON.stringify(box)}`);
    // The root of the tree: the domain, or for a shard the checker's own k-th piece of the domain.
    let root: CheckBox = box;
    if (reasons.length === 0 && shard) {
      const why = shardProblems(shard, box, claimId(p.hash, dec.claim.condition, dec.constants, box));
      if (typeof why === 'string') reasons.push(why);
      else root = why;
    }
    if (reasons.length === 0 && json.merged !== undefined) {
      if (shard) reasons.push('merged: a certificate cannot be both a shard and merged from shards');
      else {
        const m = mergedProblems(json.merged, box, claimId(p.hash, dec.claim.condition, dec.constants, box), dec.tree);
        if (typeof m === 'string') reasons.push(m);
        else merged = m;
      }
    }
    // Decided over y = W x: the checker proves the reduction, then walks the tree over the box of y.
    let treeSys = sys;
    if (reasons.length === 0 && dec.reduction) {
      const r =
        shard || merged !== null
          ? 'reduction: a shard or merged certificate is never decided over linear forms'
          : reducedCheckSystem(sys, dec.reduction, box, dec.slots);
      if (typeof r === 'string') reasons.push(r);
      else {
        treeSys = r.sys;
        root = r.root;
        linearForms = dec.reduction.W.map((row) => formText(row, p.variables));
      }
    }
    if (reasons.length === 0) {
      const t = new TreeChecker(treeSys, dec.claim, dec.slots, opts.maxReasons ?? 10);
      t.deadline = deadline;
      // Over linear forms the tree's boxes are in y: no inner box in x applies (null: θ ≤ 1 for local leaves).
      if (treeSys === sys) t.inner = innerBox(p);
      t.walk(dec.tree, root);
      leaves = t.leaves;
      reasons.push(...t.reasons);
      checker = t;
    }
  } catch (e) {
    // A part that does not decode, or one absurd enough to break the arithmetic (RangeError:
    // e.g. nesting too deep for the stack), fails the certificate; nothing else is caught.
    if (!(e instanceof CertDecodeError || e instanceof RangeError)) throw e;
    reasons.push(e instanceof CertDecodeError ? e.message : `malformed certificate (${(e as Error).message})`);
  }
  const passed = reasons.length === 0 && leaves > 0;
  const result: VerifyResult = {
    // A shard is never the whole claim, however valid its proof.
    ok: passed && !shard,
    leaves,
    // Reasons and names echo the input: printable, one line each (see printable.ts).
    reasons: (reasons.length === 0 && leaves === 0 ? ['the tree has no leaves'] : passed && shard ? [shardOnly(shard)] : reasons).map((r) => printable(r, 500)),
    elapsedMs: Date.now() - started,
    problem: dec ? printable(dec.name, 120) : null,
    hash: dec?.hash ?? null,
    condition: dec?.claim.condition ?? null,
    constants: dec ? Object.fromEntries(Object.entries(dec.constants).map(([k, v]) => [k, ratioNumber(v)])) : null,
    exactConstants: dec?.constants ?? null,
    verified: embedded ? summarize(embedded, opts.problemFile ?? null) : null,
    shard: shard && { ...shard, valid: passed },
    merged,
    linearForms,
  };
  return { result, ...(checker && { checker }), slots: dec?.slots ?? [], reasons, t: Date.now() };
}

/**
 * A shard's scope against the checker's own cut of the domain: the recorded whole box must be
 * the domain, the claim identity the one recomputed from the problem and the claim, and the
 * shard's box exactly the k-th piece of shardPlan(domain, n). Returns that box (the root of
 * the shard's tree), or why not.
 */
function shardProblems(s: ShardScope, domain: CheckBox, id: string): CheckBox | string {
  if (!identicalBox(s.domain, domain)) return `shard.domain: the recorded whole box differs from the problem's outer box ${JSON.stringify(domain)}`;
  if (s.claim !== id) return `shard.claim: the recorded claim identity ${s.claim} is not this claim's (${id}): the shard is of another claim`;
  let boxes: CheckBox[];
  try {
    boxes = shardBoxes(domain, s.n);
  } catch (e) {
    if (e instanceof ShardPlanError) return `shard: ${e.message}`;
    throw e;
  }
  const own = boxes[s.k - 1]!;
  if (!identicalBox(own, s.box)) return `shard.box: the recorded box ${showBox(s.box)} is not shard ${s.k}/${s.n} of the domain, which is ${showBox(own)}`;
  return own;
}

/** A merged certificate's `merged` part: n shards of this claim, and the tree starts with their cut. Returns n, or why not. */
function mergedProblems(m: unknown, domain: CheckBox, id: string, tree: unknown): number | string {
  const o = m as { n?: unknown; claim?: unknown } | null;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'merged: expected { n, claim, shards }';
  const n = o.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SHARDS) return `merged.n: expected an integer from 1 to ${MAX_SHARDS}`;
  if (o.claim !== id) return `merged.claim: the recorded claim identity is not this claim's (${id})`;
  let plan: ReturnType<typeof shardPlan>;
  try {
    plan = shardPlan(domain, n);
  } catch (e) {
    if (e instanceof ShardPlanError) return `merged: ${e.message}`;
    throw e;
  }
  const why = planMismatch(tree, plan);
  if (why !== null) return `merged: ${why}`;
  // The per-shard statistics are informational, but checked so that a certificate states nothing
  // false: one entry per shard in order, and their leaves add up to the tree's.
  const shards = (o as { shards?: unknown }).shards;
  if (!Array.isArray(shards) || shards.length !== n) return `merged.shards: expected ${n} entries, one per shard`;
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  let leaves = 0;
  for (const [i, s] of shards.entries()) {
    const e = s as Record<string, unknown> | null;
    if (e === null || typeof e !== 'object' || e.k !== i + 1 || !count(e.leaves) || !count(e.boxes) || !(typeof e.elapsedMs === 'number' && e.elapsedMs >= 0))
      return `merged.shards[${i}]: expected { k: ${i + 1}, leaves, boxes, elapsedMs, lscert }`;
    leaves += e.leaves as number;
  }
  const inTree = leafCount(tree);
  return leaves === inTree ? n : `merged.shards: their leaves add up to ${leaves}, the tree has ${inTree}`;
}

const showBox = (b: CheckBox): string => b.lo.map((l, j) => `[${l}, ${b.hi[j]}]`).join(' × ');

const ratioNumber = (s: string): number => {
  const [n, d = '1'] = s.split('/');
  return Number(n) / Number(d);
};

const sameBox = (a: { lo: readonly number[]; hi: readonly number[] }, b: { lo: readonly number[]; hi: readonly number[] }) =>
  a.lo.length === b.lo.length && a.hi.length === b.hi.length && a.lo.every((v, j) => v === b.lo[j]) && a.hi.every((v, j) => v === b.hi[j]);

/** x* (QCvx): the recorded exact point must be the one the checker rebuilt. */
function checkPoints(p: Problem, sys: CheckSystem, dec: DecodedCertificate): string[] {
  const xs = dec.xstar;
  if (!xs?.exact) return [];
  // A computed S: x* is the system's own (slot) point, proved by the minimizers part.
  const rebuilt = sys.autoS ? sys.cases[0]!.xstar : pointOf(p, xs.point !== null ? { point: xs.point } : { from: xs.from ?? [] }, 'xstar');
  const same = rebuilt !== undefined && JSON.stringify(rebuilt.map(canonicalExpr)) === JSON.stringify(xs.exact);
  if (!same || sys.cases.length !== 1) return ['xstar: the recorded exact x* is not the point of S the checker rebuilt'];
  // The float value is informational, but a certificate states nothing false: each coordinate must
  // lie in the enclosure of the exact one (it is that enclosure's midpoint). A computed S's x* is a
  // slot point, known as a box only: its value is not checked.
  if (xs.value !== null && !sys.autoS) {
    if (xs.value.length !== rebuilt.length) return [`xstar.value: expected ${rebuilt.length} numbers`];
    for (const [j, v] of xs.value.entries()) {
      const e = encloseConstant(rebuilt[j]!);
      if (!(e.lo <= v && v <= e.hi)) return [`xstar.value[${j}] = ${v} is not the value of the exact x* (enclosed in [${e.lo}, ${e.hi}])`];
    }
  }
  return [];
}

/**
 * Each computed f_i* enclosure must provably contain f_i* (see verifyCertificate, step 3).
 * Soundness note: R_i is decreasing in f_i* (its coefficient is −β ≤ 0), so a certified
 * leaf only needs f_i* ≤ hi; lo is checked anyway (lo ≤ the checker's own rigorous lower
 * bound, hence ≤ f_i*) so that every number a certificate states is true. A smaller lo than
 * the search's is accepted (a wider, still true enclosure); a larger one is not.
 */
function checkSlots(p: Problem, sys: CheckSystem, dec: DecodedCertificate, deadline = Infinity): string[] {
  if (dec.slots.length !== sys.slotCount) return [`slots: expected ${sys.slotCount} computed enclosures, got ${dec.slots.length}`];
  const d = p.variables.length;
  const out: string[] = [];
  const lo = new Float64Array(1);
  const hi = new Float64Array(1);
  // S computed (auto): slots 0..d−1 enclose S's one point, proved by the `minimizers` part.
  // S given by equations: slots 0..d−1 are the nearest point, which the tree checker binds per
  // leaf to its own enclosure; the certificate must state nothing about them (unbounded).
  const first = sys.autoS ? sys.autoPoints * d : sys.implicit ? d : 0;
  if (sys.implicit)
    dec.slots.slice(0, d).forEach((s, j) => {
      if (s.lo !== -Infinity || s.hi !== Infinity)
        out.push(`slots[${j}]: the nearest-point slot of an S given by equations must be unbounded ("-Infinity", "Infinity"), got [${s.lo}, ${s.hi}]`);
    });
  if (sys.xstarOn) {
    // QCvx, S given by equations: the box of slots 0..d−1 must hold a point of S (every leaf's bound
    // holds for every x* in the box, so for that point).
    const box = { lo: dec.slots.slice(0, d).map((s) => s.lo), hi: dec.slots.slice(0, d).map((s) => s.hi) };
    if (!new NearestPoints(sys.xstarOn, d).provesPointIn(box))
      out.push(
        `slots[0..${d - 1}]: the box of x* [${showBox(box)}] is not proved to hold a point of S (one Krawczyk test on the coordinates where it has width)`,
      );
    if (dec.minimizers !== undefined) out.push('minimizers: given, but S is not computed (auto) in this problem');
  } else if (sys.autoS) {
    const zeros = Array.from({ length: sys.autoPoints }, (_, a) => ({
      lo: dec.slots.slice(a * d, a * d + d).map((s) => s.lo),
      hi: dec.slots.slice(a * d, a * d + d).map((s) => s.hi),
    }));
    const S = p.minimizers;
    out.push(
      ...new MinimizerChecker(sys.f, d).verify(
        dec.minimizers,
        checkerDomain(p),
        zeros,
        S.kind === 'auto' ? { terms: p.terms, sigma: S.symmetry ?? null } : { terms: p.terms, sigma: null },
      ),
    );
  } else if (dec.minimizers !== undefined) out.push('minimizers: given, but S is not computed (auto) in this problem');
  dec.slots.slice(first).forEach((s, k) => {
    const i = k;
    const ev = compileInterval([p.terms[i]!]);
    ev.eval(new Array(d).fill(-Infinity), new Array(d).fill(Infinity), lo, hi);
    // the natural extension over R^d, or for a quadratic f_i its exact infimum's lower float
    const q = quadraticInfimumOf(p.terms[i]!, d, deadline);
    const lower = Math.max(Number.isNaN(lo[0]!) ? -Infinity : lo[0]!, q?.kind === 'finite' ? fromRational(q.value)[0] : -Infinity);
    if (!(s.lo <= lower)) out.push(`slots[${first + i}]: lo = ${s.lo} is above the rigorous lower bound ${lower} of f_${i}* (the true f_${i}* may be smaller)`);
    if (s.hi === Infinity) return;
    const w = s.witness;
    if (!w || w.length !== d) return void out.push(`slots[${first + i}]: a finite hi needs a witness point with ${d} coordinates`);
    ev.eval(w, w, lo, hi);
    if (!(hi[0]! <= s.hi)) out.push(`slots[${first + i}]: hi = ${s.hi} is below f_${i}(witness) <= ${hi[0]} (not an upper bound of f_${i}*)`);
  });
  return out;
}
