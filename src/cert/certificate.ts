import { LscertError } from '../errors.js';
import { readFileSync } from 'node:fs';
import { domainCentre, objective, type Claim } from '../conditions/index.js';
import { proveMinimizer, type MinimizerProof } from '../engine/minimizerProof.js';
import type { CheckResult } from '../engine/index.js';
import { canonicalExpr } from '../problem/hash.js';
import { canonicalProblem, domainBoxes, outerBox, type Problem } from '../problem/index.js';
import { CERT_FORMAT, CERT_VERSION, countLeaves, encodeNumber, someLeaf, type Certificate, type CertSlot, type CertTree, type PointRef } from './format.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The claim's constants as exact rational strings ({ alpha: "5/2", beta: "2" }). */
export function exactConstants(c: Claim): Record<string, string> {
  switch (c.condition) {
    case 'alpha-beta':
      return { alpha: c.alpha.toString(), beta: c.beta.toString() };
    case 'pl':
      return { mu: c.mu.toString() };
    default:
      return { theta: c.theta.toString() };
  }
}

/** A certified result that has no certificate format yet (the verdict stands; nothing is written). */
export class NoCertificate extends LscertError {
  constructor(message: string) {
    super('unsupported', message);
  }
}

/**
 * The certificate of a certified check (see format.ts for the layout). Throws unless
 * `r.verdict` is 'certified' with its proof tree and residual system. `p` must be the
 * problem that `r` was computed for (its hash is embedded with the problem).
 *
 * The point records (`fstarAt`, `xstar.from`) say where the engine took f* and x*: S's
 * first point, or the projection of the domain's centre (see conditions/residuals.ts);
 * the checker rebuilds f* and x* from them and proves they lie in S. With S given by equations
 * (`implicit`) nothing more is recorded: f* is f at the nearest point, whose first d slots are
 * written unbounded, and the checker encloses the nearest points of every leaf itself; for QCvx
 * the first d slots are instead x*'s box (Xstar_<var>), which the checker proves to hold a point of S.
 */
export function certificateFor(p: Problem, r: CheckResult): Certificate {
  if (r.verdict !== 'certified' || !r.tree || !r.system) {
    throw new Error(`certificateFor: only a certified result has a certificate (verdict: ${r.verdict})`);
  }
  const claim = r.system.claim;
  const centre = (): PointRef => ({ from: domainCentre(p).map(canonicalExpr) });
  const S = p.minimizers;
  const fstarAt: PointRef | null =
    (claim.condition === 'pl' || claim.condition === 'aiming') && !p.fstar && S.kind !== 'auto' && S.kind !== 'implicit'
      ? S.kind === 'points'
        ? { point: 0 }
        : centre()
      : null;
  let xstar: Certificate['xstar'] = null;
  if (claim.condition === 'qcvx') {
    if (!r.xstar) throw new Error('certificateFor: a qcvx result without x*');
    // S given by equations: x* is the first slots' point (index 0 of the engine's model, as the
    // checker reads it); check's JSON says null there (not a point of a list the user gave).
    const point = S.kind === 'implicit' ? 0 : r.xstar.point;
    const exact = r.system.cases[0]!.xp.map(canonicalExpr);
    xstar = { point, from: point === null ? domainCentre(p).map(canonicalExpr) : null, exact, value: r.xstar.value };
  }
  const d = p.variables.length;
  const auto = S.kind === 'auto';
  let minimizers: MinimizerProof | undefined;
  // S computed: the first k·d slots enclose its k points (k > 1 only with a declared symmetry); prove that to the checker.
  // S given by equations: the first d slots are the nearest point, unbounded (the checker encloses it per leaf itself).
  const sCount = auto ? r.system.slots.filter((s) => /^S\d*_/.test(s.name)).length : S.kind === 'implicit' ? d : 0;
  if (auto) {
    const k = sCount / d;
    const zeros = Array.from({ length: k }, (_, a) => ({
      lo: r.system!.slots.slice(a * d, a * d + d).map((s) => s.lo),
      hi: r.system!.slots.slice(a * d, a * d + d).map((s) => s.hi),
    }));
    const proof = proveMinimizer(objective(p), d, domainBoxes(p), zeros);
    if (typeof proof === 'string') throw new Error(`certificateFor: cannot prove the computed S for the certificate: ${proof}`);
    minimizers = proof;
  }
  const slots: CertSlot[] = r.system.slots.map((s, k) => {
    if (k < sCount) return { name: s.name, lo: encodeNumber(s.lo), hi: encodeNumber(s.hi), how: s.how, witness: null };
    if (Number.isFinite(s.hi) && !s.witness) throw new Error(`certificateFor: slot ${s.name} has no witness point for its upper bound`);
    return { name: s.name, lo: encodeNumber(s.lo), hi: encodeNumber(s.hi), how: s.how, witness: Number.isFinite(s.hi) ? [...s.witness!] : null };
  });
  const box = outerBox(p);
  const tree = r.tree as CertTree;
  // QCvx with S given by equations: the checker accepts no normal-segment leaf for x* (∇f(x*) = 0 is
  // not proved there), so a tree that uses one would not verify: say so instead of writing it.
  if (claim.condition === 'qcvx' && S.kind === 'implicit' && someLeaf(tree, (l) => l.some((c) => c.how === 'normal-segment')))
    throw new NoCertificate('QCvx with S given by equations was proved with the normal-segment argument around x*, which certificates do not carry for it');
  return {
    format: CERT_FORMAT,
    version: CERT_VERSION,
    lscert: VERSION,
    problem: { name: p.name, hash: p.hash, canonical: JSON.parse(canonicalProblem(p)) as unknown },
    claim: { condition: claim.condition, constants: exactConstants(claim) },
    fstarAt,
    xstar,
    slots,
    domain: { lo: box.lo, hi: box.hi },
    tree,
    ...(minimizers && { minimizers }),
    ...(r.reduction && {
      reduction: {
        W: r.reduction.W,
        forms: r.reduction.forms,
        domain: { lo: r.reduction.domain.lo, hi: r.reduction.domain.hi },
        ...(r.reduction.base && { base: r.reduction.base }),
      },
    }),
    stats: { leaves: countLeaves(tree), boxes: r.boxes, elapsedMs: r.elapsedMs },
  };
}
