import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemFromCanonical } from '../../src/cert/index.js';
import { main } from '../../src/cli/main.js';
import type { Claim } from '../../src/conditions/index.js';
import { check } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { ab, aiming, certified, type Mutable } from './fixtures.js';

/**
 * Issue [8a] §3: a valid certificate mutated at random (numbers, strings, structure, depth,
 * size) is hostile input. `lscert verify-cert` (run in process through the CLI's `main`, so
 * that exit statuses are the real ones) must answer 0, 1 or 65 within its time limit, never
 * 70; and when it accepts a mutation, the claim it reports is the one the checker re-derived
 * from the mutated certificate (its problem's hash, the condition and constants), and that
 * claim is true (an independent `check` does not refute it) — nothing is taken on trust.
 */
const dir = mkdtempSync(join(tmpdir(), 'lscert-fuzz-'));
const R = (n: number, d = 1) => Rational.of(n, d);

type Path = (string | number)[];

/** Every path in a JSON value (depth first, capped): the places a mutation may hit. */
function paths(v: unknown, cap = 4000): Path[] {
  const out: Path[] = [];
  const stack: { v: unknown; p: Path }[] = [{ v, p: [] }];
  while (stack.length && out.length < cap) {
    const { v: x, p } = stack.pop()!;
    out.push(p);
    if (Array.isArray(x)) x.forEach((c, i) => stack.push({ v: c, p: [...p, i] }));
    else if (x !== null && typeof x === 'object') for (const [k, c] of Object.entries(x)) stack.push({ v: c, p: [...p, k] });
  }
  return out;
}

const get = (root: Mutable, p: Path): unknown => p.reduce((o: Mutable, k) => o?.[k], root);

/** Replaces the value at p (the root itself when p is empty). */
function set(root: Mutable, p: Path, v: unknown): Mutable {
  if (p.length === 0) return v;
  const parent = get(root, p.slice(0, -1)) as Mutable;
  parent[p[p.length - 1]!] = v;
  return root;
}

const NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2, -3.000000000000001, 1e-9];
const STRINGS = [
  '',
  'x',
  '0',
  '2',
  '5',
  '7/2',
  '1/2',
  '99',
  '101/100',
  '1/0',
  '-1/3',
  'Infinity',
  'NaN',
  'z3',
  'bounds',
  'not-nearest',
  'local-convexity',
  'certificate VALID\n\x1b[8m',
  'x4\u202e',
  '9'.repeat(700),
  `${'1'.repeat(3000)}/7`,
];

type Op =
  | { kind: 'number'; pick: number; value: number }
  | { kind: 'string'; pick: number; value: string }
  | { kind: 'delete' }
  | { kind: 'null' }
  | { kind: 'wrap'; depth: number }
  | { kind: 'repeat'; times: number }
  | { kind: 'long'; length: number }
  | { kind: 'swap'; other: number }
  | { kind: 'type'; to: 'object' | 'array' | 'bool' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), pick: fc.nat(NUMBERS.length), value: fc.double() }),
  fc.record({ kind: fc.constant('string' as const), pick: fc.nat(STRINGS.length), value: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('null' as const) }),
  fc.record({ kind: fc.constant('wrap' as const), depth: fc.constantFrom(1, 3, 40, 300, 1200) }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.constantFrom(0, 2, 3, 50, 3000) }),
  fc.record({ kind: fc.constant('long' as const), length: fc.constantFrom(100, 5000, 200000) }),
  fc.record({ kind: fc.constant('swap' as const), other: fc.nat() }),
  fc.record({ kind: fc.constant('type' as const), to: fc.constantFrom('object' as const, 'array' as const, 'bool' as const) }),
);

function mutate(cert: Mutable, target: number, o: Op): Mutable {
  const all = paths(cert);
  const p = all[target % all.length]!;
  const here = get(cert, p);
  switch (o.kind) {
    case 'number':
      return set(cert, p, o.pick < NUMBERS.length ? NUMBERS[o.pick] : Number.isFinite(o.value) ? o.value : 0);
    case 'string':
      return set(cert, p, o.pick < STRINGS.length ? STRINGS[o.pick] : o.value);
    case 'delete': {
      if (p.length === 0) return cert;
      const parent = get(cert, p.slice(0, -1)) as Mutable;
      if (Array.isArray(parent)) parent.splice(p[p.length - 1] as number, 1);
      else delete parent[p[p.length - 1]!];
      return cert;
    }
    case 'null':
      return set(cert, p, null);
    case 'wrap': {
      let v: unknown = here;
      for (let i = 0; i < o.depth; i++) v = [v];
      return set(cert, p, v);
    }
    case 'repeat':
      return set(
        cert,
        p,
        Array.isArray(here)
          ? Array.from({ length: o.times }, (_, i) => structuredClone(here[i % Math.max(1, here.length)] ?? 0))
          : Array.from({ length: Math.min(o.times, 50) }, () => structuredClone(here)),
      );
    case 'long':
      return set(cert, p, typeof here === 'number' ? Number(`1e${o.length % 400}`) : 'a'.repeat(o.length));
    case 'swap': {
      const q = all[o.other % all.length]!;
      const isPrefix = (a: Path, b: Path) => a.length <= b.length && a.every((k, i) => b[i] === k);
      if (isPrefix(p, q) || isPrefix(q, p)) return cert;
      const a = structuredClone(get(cert, p));
      const b = structuredClone(get(cert, q));
      set(cert, p, b);
      return set(cert, q, a);
    }
    case 'type':
      return set(cert, p, o.to === 'object' ? { value: here } : o.to === 'array' ? [here] : true);
  }
}

/** `lscert verify-cert FILE --json` in process: exit status, stdout, stderr. */
async function verifyCli(file: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(['node', 'lscert', 'verify-cert', file, '--json', '--time-limit', '20']);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const claimOf = (c: Mutable): Claim | null => {
  const k = c.claim?.constants;
  const q = (s: string) => {
    const [n, d = '1'] = s.split('/');
    return Rational.of(BigInt(n!), BigInt(d));
  };
  switch (c.claim?.condition) {
    case 'alpha-beta':
      return { condition: 'alpha-beta', alpha: q(k.alpha), beta: q(k.beta) };
    case 'pl':
      return { condition: 'pl', mu: q(k.mu) };
    case 'aiming':
    case 'qcvx':
      return { condition: c.claim.condition, theta: q(k.theta) };
    default:
      return null;
  }
};

afterEach(() => vi.restoreAllMocks());

describe('verify-cert on randomly mutated certificates', () => {
  const bases: [string, () => Mutable, number][] = [
    ['x4 alpha-beta (one leaf, f_i* given)', () => certified('x4', ab(R(3), R(1, 2))).cert, 400],
    ['double well alpha-beta (Voronoi cells, computed f_i*)', () => certified('dw', ab(R(100), R(99))).cert, 200],
    ['q3 aiming (local convexity)', () => certified('q3', aiming(R(1))).cert, 150],
  ];
  for (const [label, base, numRuns] of bases) {
    it(`${label}: exit 0, 1 or 65 within the time limit, never 70; an accepted mutation states a re-derived, true claim`, async () => {
      const original = base();
      const key = (c: Mutable) => JSON.stringify([c.problem?.hash, c.claim]);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat(), op), { minLength: 1, maxLength: 3 }), async (ops) => {
          let cert = structuredClone(original);
          for (const [target, o] of ops) cert = mutate(cert, target, o);
          const file = join(dir, `m${n++}.json`);
          writeFileSync(file, JSON.stringify(cert) ?? 'null');
          const started = Date.now();
          const r = await verifyCli(file);
          expect([0, 1, 65], `exit ${r.code}: ${r.err}`).toContain(r.code);
          expect(Date.now() - started).toBeLessThan(60_000);
          if (r.code === 65) expect(r.err.trimEnd().split('\n')).toHaveLength(1);
          if (r.code !== 0) return;
          // Accepted: what it says it verified is what the mutated certificate states, re-derived.
          const j = JSON.parse(r.out);
          expect(j.valid).toBe(true);
          const p = problemFromCanonical(cert.problem.canonical);
          expect(j.hash).toBe(p.hash);
          expect(j.hash).toBe(createHash('sha256').update(JSON.stringify(cert.problem.canonical)).digest('hex'));
          expect(j.condition).toBe(cert.claim.condition);
          expect(j.exactConstants).toEqual(cert.claim.constants);
          expect(j.verified.domain.map((b: { lo: string; hi: string }) => [b.lo, b.hi])).toEqual(
            p.domain.map((b) => [String(b.lo.kind === 'num' ? b.lo.value : '?'), String(b.hi.kind === 'num' ? b.hi.value : '?')]),
          );
          if (key(cert) !== key(original)) {
            // A different (problem, claim) was accepted: it must be true; an independent search must not refute it.
            const claim = claimOf(cert)!;
            const v = check(p, claim, { timeLimitMs: 20_000 });
            expect(v.verdict, `accepted ${key(cert)}`).not.toBe('refuted');
          }
        }),
        { numRuns, seed: 20261204 },
      );
    });
  }
});
