import { Rational } from '../exact/rational.js';
import { exprLimitProblem, MAX_EXACT_DIGITS } from '../expr/index.js';
import { InputLimitError } from '../problem/limits.js';
import { CertDecodeError, preview } from './canonical.js';
import type { CheckBox } from './cells.js';
import { CERT_FORMAT, CERT_VERSION, decodeNumber, type CanonicalExpr, type PointRef } from './format.js';
import type { ExactClaim } from './system.js';
import { LscertError } from '../errors.js';

/** The input is not an lscert certificate at all (wrong or missing format id / version). */
export class NotACertificateError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}

/** The parts of a certificate, typed; the tree is validated while it is walked. */
export interface DecodedCertificate {
  readonly name: string;
  readonly hash: string;
  readonly canonical: unknown;
  readonly claim: ExactClaim;
  readonly constants: Readonly<Record<string, string>>;
  readonly fstarAt: PointRef | null;
  readonly xstar: {
    readonly point: number | null;
    readonly from: readonly CanonicalExpr[] | null;
    readonly exact: readonly CanonicalExpr[] | null;
    /** The recorded float value of x* (informational; checked against the exact point's enclosure). */
    readonly value: readonly number[] | null;
  } | null;
  readonly slots: readonly { readonly lo: number; readonly hi: number; readonly witness: readonly number[] | null }[];
  readonly domain: CheckBox;
  readonly tree: unknown;
  /** The proof of a computed S (auto), checked by MinimizerChecker. */
  readonly minimizers: unknown;
  /** W (exact) and the box of y the tree tiles, when the claim was decided over y = W x; else null. */
  readonly reduction: { readonly W: Rational[][]; readonly domain: { readonly lo: number[]; readonly hi: number[] }; readonly base: Rational[] | null } | null;
}

const fail = (what: string): never => {
  throw new CertDecodeError(what);
};
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const RATIONAL = /^-?(0|[1-9]\d*)(\/[1-9]\d*)?$/;

const CONSTANT_NAMES: Readonly<Record<string, readonly string[]>> = { 'alpha-beta': ['alpha', 'beta'], pl: ['mu'], aiming: ['theta'], qcvx: ['theta'] };

/** The format header: throws NotACertificateError unless this is an lscert certificate of a known version. */
export function assertCertificate(json: unknown): asserts json is Record<string, unknown> {
  if (!isObj(json)) throw new NotACertificateError('not a certificate: expected a JSON object');
  if (json.format === undefined)
    throw new NotACertificateError(`not a certificate: missing field 'format' (an lscert certificate has "format": "${CERT_FORMAT}")`);
  if (json.format !== CERT_FORMAT) throw new NotACertificateError(`not a certificate: 'format' must be "${CERT_FORMAT}"`);
  if (json.version === undefined) throw new NotACertificateError(`not a certificate: missing field 'version' (this lscert reads version ${CERT_VERSION})`);
  if (json.version !== CERT_VERSION)
    throw new NotACertificateError(`unsupported certificate version ${preview(json.version, 40)} (this lscert reads version ${CERT_VERSION})`);
}

/** The claim with exact constants; enforces α > β ≥ 0, μ > 0, θ > 0 (DOMAIN.md §2). */
export function decodeClaim(v: unknown): { claim: ExactClaim; constants: Record<string, string> } {
  if (!isObj(v) || typeof v.condition !== 'string' || !Object.hasOwn(CONSTANT_NAMES, v.condition))
    return fail(`claim.condition: expected one of ${Object.keys(CONSTANT_NAMES).join(', ')}, got ${isObj(v) ? preview(v.condition, 40) : preview(v, 40)}`);
  const names = CONSTANT_NAMES[v.condition]!;
  const raw = v.constants;
  if (!isObj(raw) || Object.keys(raw).sort().join() !== [...names].sort().join())
    return fail(
      `claim.constants: expected exactly the field(s) ${names.join(', ')} for ${v.condition}, got ${
        isObj(raw)
          ? Object.keys(raw)
              .map((k) => preview(k, 20))
              .join(', ') || 'none'
          : preview(raw, 40)
      }`,
    );
  const q: Record<string, Rational> = {};
  for (const k of names) {
    const s = raw[k];
    // Checked before BigInt: a 100 000-digit fraction takes 25 s of gcd.
    if (typeof s === 'string' && s.length > 2 * MAX_EXACT_DIGITS + 4)
      throw new InputLimitError(
        `claim.constants.${k}`,
        `a number with ${s.length} characters; exact constants are limited to ${MAX_EXACT_DIGITS} digits in numerator and denominator`,
      );
    if (typeof s !== 'string' || !RATIONAL.test(s))
      return fail(`claim.constants.${k}: expected an exact rational string such as "5/2" (no spaces, no decimals, denominator > 0), got ${preview(s, 40)}`);
    const [n, d = '1'] = s.split('/');
    q[k] = Rational.of(BigInt(n!), BigInt(d));
    const why = exprLimitProblem({ kind: 'num', value: q[k]! });
    if (why) throw new InputLimitError(`claim.constants.${k}`, why);
  }
  const constants = Object.fromEntries(names.map((k) => [k, raw[k] as string]));
  const c = v.condition;
  if (c === 'alpha-beta') {
    if (q.beta!.sign() < 0 || q.alpha!.cmp(q.beta!) <= 0)
      fail(`claim.constants: alpha-beta needs alpha > beta >= 0, got alpha = ${constants.alpha}, beta = ${constants.beta}`);
    return { claim: { condition: c, alpha: q.alpha!, beta: q.beta! }, constants };
  }
  if (c === 'pl') {
    if (q.mu!.sign() <= 0) fail(`claim.constants.mu: must be > 0, got ${constants.mu}`);
    return { claim: { condition: c, mu: q.mu! }, constants };
  }
  if (q.theta!.sign() <= 0) fail(`claim.constants.theta: must be > 0, got ${constants.theta}`);
  return { claim: { condition: c as 'aiming' | 'qcvx', theta: q.theta! }, constants };
}

const finiteList = (v: unknown, what: string): number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : fail(`${what}: expected a list of finite numbers`);

function pointRef(v: unknown, what: string): PointRef | null {
  if (v === null || v === undefined) return null;
  if (isObj(v) && Object.keys(v).join() === 'point' && Number.isInteger(v.point)) return { point: v.point as number };
  if (isObj(v) && Object.keys(v).join() === 'from' && Array.isArray(v.from)) return { from: v.from };
  return fail(`${what}: expected { point: k } or { from: [...] }`);
}

/** Decodes every part but the tree; throws CertDecodeError on a malformed part. */
export function decodeCertificate(json: Record<string, unknown>): DecodedCertificate {
  const pr = json.problem;
  if (!isObj(pr) || typeof pr.name !== 'string' || typeof pr.hash !== 'string' || !/^[0-9a-f]{64}$/.test(pr.hash))
    return fail('problem: expected { name, hash (sha256 hex), canonical }');
  const { claim, constants } = decodeClaim(json.claim);
  const xs = json.xstar;
  let xstar: DecodedCertificate['xstar'] = null;
  if (xs !== null && xs !== undefined) {
    if (!isObj(xs) || !(xs.point === null || Number.isInteger(xs.point)) || !(xs.from === null || Array.isArray(xs.from)))
      return fail('xstar: expected { point, from, exact, value }');
    if (xs.exact !== undefined && xs.exact !== null && !Array.isArray(xs.exact)) return fail('xstar.exact: expected a list');
    if (xs.value !== undefined && !(Array.isArray(xs.value) && xs.value.every((v) => typeof v === 'number' && Number.isFinite(v))))
      return fail('xstar.value: expected a list of finite numbers');
    xstar = {
      point: xs.point as number | null,
      from: xs.from as CanonicalExpr[] | null,
      exact: (xs.exact as CanonicalExpr[] | undefined) ?? null,
      value: (xs.value as number[] | undefined) ?? null,
    };
  }
  if (!Array.isArray(json.slots)) return fail('slots: expected a list');
  const slots = json.slots.map((s, i) => {
    if (!isObj(s)) return fail(`slots[${i}]: expected an object`);
    const lo = decodeNumber(s.lo);
    const hi = decodeNumber(s.hi);
    if (lo === undefined || hi === undefined || !(lo <= hi) || lo === Infinity || hi === -Infinity)
      return fail(`slots[${i}]: lo and hi must be numbers with lo <= hi`);
    const witness = s.witness === null || s.witness === undefined ? null : finiteList(s.witness, `slots[${i}].witness`);
    return { lo, hi, witness };
  });
  const dom = json.domain;
  if (!isObj(dom)) return fail('domain: expected { lo, hi }');
  return {
    name: pr.name,
    hash: pr.hash,
    canonical: pr.canonical,
    claim,
    constants,
    fstarAt: pointRef(json.fstarAt, 'fstarAt'),
    xstar,
    slots,
    domain: { lo: finiteList(dom.lo, 'domain.lo'), hi: finiteList(dom.hi, 'domain.hi') },
    tree: json.tree,
    minimizers: json.minimizers,
    reduction: decodeReduction(json.reduction),
  };
}

/** The `reduction` part: W as rows of exact rational strings (each at most MAX_EXACT_DIGITS digits), and a box of y. */
function decodeReduction(v: unknown): DecodedCertificate['reduction'] {
  if (v === undefined || v === null) return null;
  if (!isObj(v) || !Array.isArray(v.W) || !isObj(v.domain)) return fail('reduction: expected { W, forms, domain }');
  if (v.W.length === 0 || v.W.length > 64) return fail('reduction.W: expected 1 to 64 rows');
  const rational = (s: unknown, what: string): Rational => {
    if (typeof s !== 'string' || s.length > 2 * MAX_EXACT_DIGITS + 4 || !RATIONAL.test(s))
      return fail(`${what}: expected an exact rational string such as "1/2", got ${preview(s, 40)}`);
    const [n, d = '1'] = s.split('/');
    return Rational.of(BigInt(n!), BigInt(d));
  };
  const W = v.W.map((row, i) => {
    if (!Array.isArray(row) || row.length > 1024) return fail(`reduction.W[${i}]: expected a list of exact rationals`);
    return row.map((s, j) => rational(s, `reduction.W[${i}][${j}]`));
  });
  let base: Rational[] | null = null;
  if (v.base !== undefined && v.base !== null) {
    if (!Array.isArray(v.base) || v.base.length > 1024) return fail('reduction.base: expected a list of exact rationals (a point of the domain)');
    base = v.base.map((s, i) => rational(s, `reduction.base[${i}]`));
  }
  const lo = finiteList(v.domain.lo, 'reduction.domain.lo');
  const hi = finiteList(v.domain.hi, 'reduction.domain.hi');
  if (lo.length !== W.length || hi.length !== W.length || lo.some((l, i) => !(l <= hi[i]!)))
    return fail('reduction.domain: expected one interval [lo, hi] per row of W');
  return { W, domain: { lo, hi }, base };
}
