/**
 * The CLI side of shards (`check --shard k/N`, `merge-certs`; docs/scale.md): the flag, the
 * problem restricted to a shard's box, and the files a shard writes. The cut itself, the claim
 * identity and the checks of a shard's scope are the checker's (src/cert/shard.ts).
 */
import { readFileSync } from 'node:fs';
import { canonicalProblem, innerBox, outerBox, problemHash, type Problem } from '../problem/index.js';
import { build } from '../expr/index.js';
import { Rational } from '../exact/rational.js';
import { certificateFor, exactConstants } from '../cert/certificate.js';
import type { Certificate, CertSlot, CertTree } from '../cert/format.js';
import { claimId, joinTrees, leafCount, MAX_SHARDS, shardBoxes, shardPlan, type ShardScope } from '../cert/shard.js';
import { decodeNumber } from '../cert/format.js';
import { domainCentre, type Claim } from '../conditions/index.js';
import type { CheckResult, Counterexample } from '../engine/index.js';
import { UsageError } from './exit.js';
import { fmt } from './io.js';
import { printable } from '../problem/printable.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The format id of what a shard that is not certified writes (`check --shard k/N --cert FILE`). */
export const SHARD_RESULT_FORMAT = 'lscert-shard-result';
/** The format id of what `merge-certs` writes when the merged verdict is refuted or inconclusive. */
export const MERGE_RESULT_FORMAT = 'lscert-merge-result';

/** `--shard k/N`: 1 ≤ k ≤ N ≤ MAX_SHARDS, both decimal integers. */
export function shardFlag(v: string): { k: number; n: number } {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(v);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1 && n <= MAX_SHARDS) || !(k >= 1 && k <= n))
    throw new UsageError(`--shard must be k/N with 1 <= k <= N <= ${MAX_SHARDS} (shard k of N, e.g. 3/8), got '${printable(v, 40)}'`);
  return { k, n };
}

/** The scope of shard k of n of the claim (`claim` on `p`): its identity, the whole box and the shard's box. */
export function shardScope(p: Problem, claim: Claim, k: number, n: number): ShardScope {
  const domain = outerBox(p);
  const box = shardBoxes(domain, n)[k - 1]!;
  return { k, n, claim: claimId(p.hash, claim.condition, exactConstants(claim), domain), domain, box };
}

/**
 * The problem on the shard's box: the same problem with its domain cut down to `box`. A face
 * of the shard that is a face of the domain keeps the domain's exact bound (and its enclosure);
 * a face cut inside the domain is the exact double `at`. So its outer box is exactly `box`, and
 * its inner box lies inside the domain's exact box: what the engine proves or refutes on it
 * holds for the claim on the domain (a counterexample is still confirmed on the whole problem).
 */
export function shardProblem(p: Problem, s: ShardScope): Problem {
  const domain = p.domain.map((b, j) => {
    const cutLo = s.box.lo[j] !== s.domain.lo[j];
    const cutHi = s.box.hi[j] !== s.domain.hi[j];
    const at = (x: number) => ({ expr: build.num(Rational.fromNumber(x)), enclosure: { lo: x, hi: x } });
    const lo = cutLo ? at(s.box.lo[j]!) : { expr: b.lo, enclosure: b.loEnclosure };
    const hi = cutHi ? at(s.box.hi[j]!) : { expr: b.hi, enclosure: b.hiEnclosure };
    return { variable: b.variable, lo: lo.expr, hi: hi.expr, loEnclosure: lo.enclosure, hiEnclosure: hi.enclosure };
  });
  const { hash: _hash, ...rest } = p;
  const q = { ...rest, domain };
  // f_i* upper ends sampled on the whole box, as the whole problem samples them (Problem.sampleBox),
  // and x* (QCvx) from the whole domain's centre, the one x* of the whole claim (Problem.centre).
  // The whole domain's interior decides which points of S are stationary (Problem.wholeInner).
  return { ...q, hash: problemHash(q), sampleBox: s.domain, centre: domainCentre(p), wholeInner: p.wholeInner ?? innerBox(p) };
}

/** The problem as a certificate embeds it: `{ name, hash, canonical }`. */
export const embedded = (p: Problem) => ({ name: p.name, hash: p.hash, canonical: JSON.parse(canonicalProblem(p)) as unknown });

/**
 * The certificate of a certified shard: the proof tree computed on the shard's problem (its
 * root is the shard's box), with the whole problem embedded and the shard's scope recorded.
 */
export function shardCertificate(full: Problem, sp: Problem, r: CheckResult, s: ShardScope): Certificate {
  const c = certificateFor(sp, r);
  const box = outerBox(full);
  return { ...c, problem: embedded(full), domain: { lo: box.lo, hi: box.hi }, shard: s };
}

/** What a shard that is refuted or inconclusive writes for `merge-certs`: its verdict, the counterexample or the open regions. */
export function shardResult(full: Problem, claim: Claim, r: CheckResult, s: ShardScope): Record<string, unknown> {
  return {
    format: SHARD_RESULT_FORMAT,
    version: 1,
    lscert: VERSION,
    problem: embedded(full),
    claim: { condition: claim.condition, constants: exactConstants(claim) },
    shard: s,
    verdict: r.verdict,
    counterexample: r.counterexample,
    ...(r.reason !== undefined && { reason: r.reason }),
    ...(r.universal && { universal: r.universal }),
    coverage: r.coverage,
    ...(r.openCount !== undefined && { openCount: r.openCount }),
    ...(r.openRegions && { openRegions: r.openRegions }),
    stats: { boxes: r.boxes, elapsedMs: r.elapsedMs },
  };
}

/** The lscert version that writes the files (recorded in them). */
export const LSCERT_VERSION = VERSION;

/** A counterexample in words, one line: the point and the failing term. */
export const counterexampleLine = (w: Counterexample, fmt: (x: number) => string, termLabel: (i: number) => string): string =>
  `counterexample x = (${w.x.map(fmt).join(', ')})${w.term !== null ? `, term ${termLabel(w.term)}` : ''}`;

/**
 * A shard's refutation refutes the whole claim only when its counterexample is one of the whole
 * problem: it is confirmed again here with the whole problem's residuals and exact domain (the
 * test `check` and `probe` use). Unconfirmed, the shard is inconclusive. (Probing is loaded here,
 * only for a refuted shard: `check` without shards never needs it.)
 */
export async function confirmOnWhole(full: Problem, claim: Claim, r: CheckResult, seed: number): Promise<CheckResult> {
  if (r.verdict !== 'refuted') return r;
  const { setupProbe, verifyAt } = await import('../probe/index.js');
  const w = verifyAt(setupProbe(full, claim, seed), r.counterexample.x);
  if (w) return r;
  const { counterexample: _c, universal: _u, verdict: _v, ...rest } = r;
  return {
    ...rest,
    verdict: 'inconclusive',
    counterexample: null,
    reason: `the counterexample found in the shard at x = (${r.counterexample.x.map(fmt).join(', ')}) could not be confirmed on the whole problem`,
  };
}

// ---- joining shard certificates (merge-certs, check --jobs) ----

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One input file: a shard's certificate (certified) or a shard's result (refuted, inconclusive). */
export interface ShardInput {
  readonly file: string;
  readonly json: Record<string, unknown>;
  readonly scope: ShardScope;
  readonly verdict: 'certified' | 'refuted' | 'inconclusive';
}

/** Slots of the certified shards, one list: each f_i* enclosure the tightest one (smallest hi, with its witness); every enclosure is true. */
function mergeSlots(certs: readonly ShardInput[]): CertSlot[] | string {
  const lists = certs.map((s) => s.json.slots);
  if (!lists.every(Array.isArray)) return 'a shard certificate has no slots list';
  const first = lists[0] as CertSlot[];
  if (!lists.every((l) => (l as unknown[]).length === first.length)) return 'the shard certificates have different numbers of slots';
  return first.map((slot, i) => {
    if (!isObj(slot)) return slot;
    let best = slot;
    for (const l of lists) {
      const s = (l as CertSlot[])[i]!;
      if (!isObj(s) || s.name !== slot.name) continue;
      const hi = decodeNumber(s.hi);
      const bestHi = decodeNumber(best.hi);
      if (hi !== undefined && bestHi !== undefined && hi < bestHi) best = s;
    }
    return best;
  });
}

/** The merged certificate of the whole claim from the N certified shards, or why the shards cannot be joined into one proof. */
export function joinCertificates(certs: readonly ShardInput[], id: string, n: number, domain: { lo: number[]; hi: number[] }): Certificate | string {
  const base = certs[0]!.json as unknown as Certificate;
  if (certs.some((s) => s.json.minimizers !== undefined)) return 'a shard certificate proves a computed S (auto), which shards cannot share';
  // QCvx: one x* for the whole box. Shards proved with different x* do not prove the claim together.
  const xstars = new Set(certs.map((s) => JSON.stringify((s.json.xstar as { exact?: unknown } | null)?.exact ?? null)));
  // With S given by equations x* is the box of slots Xstar_<var> (the same slot variables in every shard).
  const xstarBoxes = new Set(
    certs.map((s) =>
      JSON.stringify(((s.json.slots as { name?: unknown }[] | undefined) ?? []).filter((c) => typeof c.name === 'string' && c.name.startsWith('Xstar_'))),
    ),
  );
  if (xstars.size > 1 || xstarBoxes.size > 1) return 'the shards were proved with different x* (QCvx needs one x* for the whole box)';
  const slots = mergeSlots(certs);
  if (typeof slots === 'string') return slots;
  const trees = new Map<number, CertTree>(certs.map((s) => [s.scope.k, s.json.tree as CertTree]));
  const tree = joinTrees(shardPlan(domain, n), trees);
  const stats = certs.map((s) => (isObj(s.json.stats) ? s.json.stats : {}) as { boxes?: unknown; elapsedMs?: unknown });
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const { shard: _s, ...rest } = base;
  return {
    ...rest,
    lscert: LSCERT_VERSION,
    slots,
    domain,
    tree,
    merged: {
      n,
      claim: id,
      shards: certs.map((s, i) => ({
        k: s.scope.k,
        leaves: leafCount(s.json.tree),
        boxes: num(stats[i]!.boxes),
        elapsedMs: num(stats[i]!.elapsedMs),
        lscert: typeof s.json.lscert === 'string' ? s.json.lscert : '?',
      })),
    },
    stats: { leaves: leafCount(tree), boxes: stats.reduce((a, s) => a + num(s.boxes), 0), elapsedMs: stats.reduce((a, s) => a + num(s.elapsedMs), 0) },
  };
}
