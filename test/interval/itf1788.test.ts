/**
 * The kernel against the IEEE 1788 reference vectors (ITF1788, in ../shared/itf1788
 * beside the repository; the test skips when they are absent). Each vector gives the
 * tightest 1788 result; the kernel rounds outward, so the test is containment, plus a
 * report of how many ulps wider the kernel is.
 *
 * Skips, each counted by reason: operations the kernel does not implement, NaI /
 * ill-formed operands, and lscert's documented domain conventions: UNDEFINED = [NaN, NaN]
 * where 1788 takes the image of the defined part (e.g. log[−1,2], [1,2]/[0,1]), accepted
 * only where the operation really is undefined at some point of the box
 * (`undefinedSomewhere`; elsewhere a NaN result is a failure); integer-exponent pow
 * defined on negative bases and at 0^0. A NaN endpoint must never come with a non-NaN one.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as K from '../../src/interval/kernel.js';
import { Rational } from '../../src/exact/rational.js';
import { type ItlInterval, type ItlVector, parseInterval, parseItl, parseNumber } from './itl.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIR = path.resolve(repoRoot, '..', 'shared', 'itf1788');
const HAVE = fs.existsSync(DIR);
if (!HAVE) console.log(`ITF1788: vectors not found at ${DIR}; skipping the 1788 conformance test`);

type Run = (args: ItlInterval[], n: number) => void;
const U =
  (f: (a: number, b: number) => void): Run =>
  ([x]) =>
    f(lo(x!), hi(x!));
const B =
  (f: (a: number, b: number, c: number, d: number) => void): Run =>
  ([x, y]) =>
    f(lo(x!), hi(x!), lo(y!), hi(y!));
const lo = (x: ItlInterval) => (x.nai ? NaN : x.lo);
const hi = (x: ItlInterval) => (x.nai ? NaN : x.hi);

/** 1788 operation name → kernel call. */
const OPS: Record<string, Run> = {
  neg: U(K.neg),
  sqr: U(K.sqr),
  recip: U(K.recip),
  sqrt: U(K.sqrt),
  exp: U(K.exp),
  log: U(K.log),
  logp1: U(K.log1p),
  sin: U(K.sin),
  cos: U(K.cos),
  tanh: U(K.tanh),
  abs: U(K.abs),
  sign: U(K.sign),
  add: B(K.add),
  sub: B(K.sub),
  mul: B(K.mul),
  div: B(K.div),
  pow: B(K.pow),
  max: B(K.max),
  min: B(K.min),
  pown: ([x], n) => K.powInt(lo(x!), hi(x!), n),
};

const has0 = (x: { lo: number; hi: number }) => x.lo <= 0 && 0 <= x.hi;

/**
 * Whether lscert's operation is undefined at some point of the (non-empty) box, where its
 * kernel answers UNDEFINED = [NaN, NaN] (mirrors the domain rules of src/interval).
 */
function undefinedSomewhere(op: string, args: ItlInterval[], n: number): boolean {
  const [x, y] = args.map((a) => (a.nai ? { lo: NaN, hi: NaN } : a));
  if (!x || x.lo !== x.lo || (y && y.lo !== y.lo)) return false; // empty operands give empty
  switch (op) {
    case 'recip':
      return has0(x);
    case 'div':
      return has0(y!);
    case 'sqrt':
      return x.lo < 0;
    case 'log':
      return x.lo <= 0;
    case 'logp1':
      return x.lo <= -1;
    case 'pown':
      return n < 0 && has0(x);
    case 'pow':
      if (y!.lo === y!.hi && Number.isInteger(y!.lo)) return y!.lo < 0 && has0(x);
      return !(x.lo > 0 || (x.lo === 0 && y!.lo > 0));
    default:
      return false;
  }
}

/**
 * The exact endpoints of add/sub/mul as rationals, each undefined when it depends on an
 * infinite operand endpoint (or for other operations).
 */
function exactEndpoints(op: string, args: ItlInterval[]): [Rational | undefined, Rational | undefined] {
  const none: [undefined, undefined] = [undefined, undefined];
  if (args.length !== 2 || args.some((a) => a.nai)) return none;
  const [x, y] = args as { lo: number; hi: number }[];
  const R = (v: number) => (Number.isFinite(v) ? Rational.fromNumber(v) : undefined);
  const sum = (u: number, v: number, sign: 1 | -1) => {
    const a = R(u);
    const b = R(v);
    return a && b ? (sign === 1 ? a.add(b) : a.sub(b)) : undefined;
  };
  if (op === 'add') return [sum(x!.lo, y!.lo, 1), sum(x!.hi, y!.hi, 1)];
  if (op === 'sub') return [sum(x!.lo, y!.hi, -1), sum(x!.hi, y!.lo, -1)];
  if (op === 'mul') {
    const c = [x!.lo, x!.hi].flatMap((u) => [y!.lo, y!.hi].map((v) => (R(u) && R(v) ? R(u)!.mul(R(v)!) : undefined)));
    if (c.some((v) => !v)) return none;
    const cs = c as Rational[];
    return [cs.reduce((m, v) => (v.cmp(m) < 0 ? v : m)), cs.reduce((m, v) => (v.cmp(m) > 0 ? v : m))];
  }
  return none;
}

/**
 * A few vectors (mpfi add_d/sub_d) write an endpoint as a short decimal that is not the
 * exact result, e.g. `-8.0e-17` for the double −0x170ef54646d497p−106 < −8e−17; the
 * literal then denotes a set that misses the exact value. Such a failure is excused only
 * when every endpoint of lscert that lies inside the expected one is finite and equals
 * the exact result (so lscert is tight, and the vector is not).
 */
function exactWhereNarrower(op: string, args: ItlInterval[], got: [number, number], exp: { lo: number; hi: number }): boolean {
  const e = exactEndpoints(op, args);
  const eq = (x: number, r: Rational | undefined) => r !== undefined && Number.isFinite(x) && Rational.fromNumber(x).cmp(r) === 0;
  if (!(got[0] <= exp.lo) && !eq(got[0], e[0])) return false;
  if (!(exp.hi <= got[1]) && !eq(got[1], e[1])) return false;
  return true;
}

interface Tally {
  ran: number;
  passed: number;
  skipped: Map<string, number>;
  failures: string[];
  ulps: Map<string, number[]>;
  unmeasured: number;
}

/** The q-quantile (0.5: median) of a list of ulp counts. */
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

function check(v: ItlVector, t: Tally): void {
  const skip = (why: string): void => void t.skipped.set(why, (t.skipped.get(why) ?? 0) + 1);
  const run = OPS[v.op];
  if (!run) return skip(`operation not in the kernel`);
  const ivTokens = v.op === 'pown' ? v.args.slice(0, 1) : v.args;
  if (v.results.length !== 1) return skip('multi-valued result');
  let args: ItlInterval[];
  let expected: ItlInterval;
  try {
    args = ivTokens.map(parseInterval);
    expected = parseInterval(v.results[0]!);
  } catch {
    return skip('unparsable literal');
  }
  if (expected.nai || args.some((a) => a.nai)) return skip('NaI / ill-formed operand');
  const n = v.op === 'pown' ? Number(parseNumber(v.args[1]!).toString()) : 0;
  t.ran++;
  run(args, n);
  const got: [number, number] = [K.OUT[0]!, K.OUT[1]!];
  const fail = (why: string): void => void t.failures.push(`${v.file}/${v.testcase}: ${v.text}  →  lscert [${got}] (${why})`);
  if ((got[0] !== got[0]) !== (got[1] !== got[1])) return fail('one NaN endpoint with a non-NaN one');
  const gotNaN = got[0] !== got[0];
  const undef = undefinedSomewhere(v.op, args, n);
  if (undef && !gotNaN) return fail('undefined somewhere on the box, but not [NaN, NaN]');
  const expEmpty = expected.lo !== expected.lo;
  if (expEmpty) {
    if (gotNaN) return void t.passed++;
    const y = args[1];
    if (v.op === 'pow' && y && !y.nai && y.lo === y.hi && Number.isInteger(y.lo)) {
      return skip('1788 empty, lscert integer power (defined for x < 0 and 0^0)');
    }
    return fail('a domain error must not give a non-NaN interval');
  }
  if (gotNaN) {
    if (undef) return skip('UNDEFINED where 1788 uses the defined part');
    return fail('[NaN, NaN] for a non-empty expected result on a box where the operation is defined');
  }
  if (!(got[0] <= expected.lo && expected.hi <= got[1])) {
    if (exactWhereNarrower(v.op, args, got, expected)) return skip('1788 literal is an inexact decimal; lscert gives the exact endpoint');
    return fail('does not contain the expected interval');
  }
  t.passed++;
  const x = args[0]!;
  if (v.op === 'pow' && !x.nai && x.lo < 0) {
    // 1788 pow only sees x ≥ 0; lscert's integer power also covers x < 0: wider by design
    return void t.unmeasured++;
  }
  const u = t.ulps.get(v.op) ?? [];
  if (Number.isFinite(expected.lo) && Number.isFinite(got[0])) u.push(K.ulpDistance(got[0], expected.lo));
  if (Number.isFinite(expected.hi) && Number.isFinite(got[1])) u.push(K.ulpDistance(expected.hi, got[1]));
  t.ulps.set(v.op, u);
}

describe.skipIf(!HAVE)('ITF1788 conformance (containment of the tightest 1788 results)', () => {
  it('contains every expected result of the operations the kernel implements', () => {
    const t: Tally = { ran: 0, passed: 0, skipped: new Map(), failures: [], ulps: new Map(), unmeasured: 0 };
    const files = fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith('.itl'))
      .sort();
    for (const f of files) {
      for (const v of parseItl(fs.readFileSync(path.join(DIR, f), 'utf8'), f)) check(v, t);
    }
    const all = [...t.ulps.values()].flat();
    const perOp = [...t.ulps.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, u]) => `${op} ${quantile(u, 0.5)}`)
      .join(', ');
    console.log(
      [
        `ITF1788: ${files.length} files, ${t.ran} vectors ran, ${t.passed} passed, ${t.failures.length} failed`,
        ...[...t.skipped.entries()].map(([why, c]) => `  skipped ${c}: ${why}`),
        `  extra width per finite endpoint (${all.length} endpoints): median ${quantile(all, 0.5)} ulp, ` +
          `p90 ${quantile(all, 0.9)}, p99 ${quantile(all, 0.99)}, max ${Math.max(...all)}`,
        `  median by op: ${perOp}`,
        `  (${t.unmeasured} passing pow vectors with x < 0 not measured: lscert's integer power covers x < 0)`,
      ].join('\n'),
    );
    expect(t.failures, t.failures.slice(0, 50).join('\n')).toEqual([]);
    expect(t.ran).toBeGreaterThan(1000);
  });
});
