import { join, resolve } from 'node:path';
import { certificateFor, type Certificate } from '../../src/cert/index.js';
import type { Claim } from '../../src/conditions/index.js';
import { check, type CheckResult } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { loadProblemFile, problemFromText, type Problem } from '../../src/problem/index.js';

export const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
export const example = (name: string) => join(EXAMPLES, name);

const yaml = (text: string) => problemFromText(text, 'yaml', 'test');

/** Small problems whose certificates exercise every proof kind. */
export const PROBLEMS = {
  /** x^4 on [-1, 1], S = {0}, f_i* given. */
  x4: () => yaml('name: x4\nvariables: [x]\nterms: ["x^4"]\ndomain: { x: [-1, 1] }\nminimizers: { points: [[0]] }\ntermMinima: [0]\n'),
  /** A double well split into two tilted terms: S = {-1, 1} (Voronoi cells), f_i* computed (slots). */
  dw: () => yaml('name: dw\nvariables: [x]\nterms: ["(x^2-1)^2 + x/2", "(x^2-1)^2 - x/2"]\ndomain: { x: [-2, 2] }\nminimizers: { points: [[-1], [1]] }\n'),
  /** A convex log term: Aiming and QCvx need local convexity around the minimizer. */
  q3: () => yaml('name: q3\nvariables: [x, y]\nterms: ["log(1 + x^2 + y^2 + x*y)"]\ndomain: { x: [-1, 1], y: [-1, 1] }\nminimizers: { points: [[0, 0]] }\n'),
  /** S computed (auto): one interior minimizer without closed form; f_i* computed too. */
  autoq: () =>
    yaml(
      'name: autoq\nvariables: [x, y]\nterms: ["(x-1/3)^2 + y^2/2 + x^4", "exp(x/2) + (y-1/5)^2"]\ndomain: { x: [-1, 1], y: [-1, 1] }\nminimizers: { auto: true }\n',
    ),
  ex1: () => loadProblemFile(example('ex1-unbounded.yaml')),
  ex1affine: () => loadProblemFile(example('ex1-affine.yaml')),
  ex6: () => loadProblemFile(example('ex6-saddle.yaml')),
} as const;

const R = (n: number, d = 1) => Rational.of(n, d);
export const ab = (a: Rational, b: Rational): Claim => ({ condition: 'alpha-beta', alpha: a, beta: b });
export const aiming = (t: Rational): Claim => ({ condition: 'aiming', theta: t });
export const qcvx = (t: Rational): Claim => ({ condition: 'qcvx', theta: t });

/** The certified cases of the round-trip tests: [label, problem, claim]. */
export const CERTIFIED: readonly [string, keyof typeof PROBLEMS, Claim][] = [
  ['x4 alpha-beta (3, 1/2)', 'x4', ab(R(3), R(1, 2))],
  ['x4 aiming 3', 'x4', aiming(R(3))],
  ['x4 qcvx 4', 'x4', qcvx(R(4))],
  ['double well alpha-beta (100, 99), computed f_i*', 'dw', ab(R(100), R(99))],
  ['q3 aiming 1 (local convexity)', 'q3', aiming(R(1))],
  ['q3 qcvx 1 (local convexity)', 'q3', qcvx(R(1))],
  ['ex1 alpha-beta (5/2, 2), S by projection', 'ex1', ab(R(5, 2), R(2))],
  ['ex1-affine alpha-beta (3, 5/2), S affine', 'ex1affine', ab(R(3), R(5, 2))],
  ['ex6 alpha-beta (100, 99), S two irrational points', 'ex6', ab(R(100), R(99))],
  ['autoq alpha-beta (20, 19), S computed (auto)', 'autoq', ab(R(20), R(19))],
];

const cache = new Map<string, { p: Problem; r: CheckResult; cert: Certificate }>();

/** Runs the search once per (problem, claim) and returns the certificate as written to disk (JSON round trip). */
export function certified(problem: keyof typeof PROBLEMS, claim: Claim): { p: Problem; r: CheckResult; cert: Certificate } {
  const key = `${problem} ${claim.condition} ${JSON.stringify(Object.values(claim).map(String))}`;
  const hit = cache.get(key);
  if (hit) return { ...hit, cert: structuredClone(hit.cert) };
  const p = PROBLEMS[problem]();
  // reduce: false: these fixtures are trees over the problem's own box (Example 1 depends on x + y
  // only, so it would otherwise be decided over y = x + y); reduced certificates are tampered with
  // in test/cli/linear-forms.test.ts.
  const r = check(p, claim, { timeLimitMs: 60_000, reduce: false });
  if (r.verdict !== 'certified') throw new Error(`fixture ${key} is ${r.verdict}: ${r.reason ?? ''}`);
  const cert = JSON.parse(JSON.stringify(certificateFor(p, r))) as Certificate;
  cache.set(key, { p, r, cert });
  return { p, r, cert: structuredClone(cert) };
}

/** A mutable view of a certificate, for tampering. */
export type Mutable = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every node of the tree with its path of child indices (depth first). */
export function nodes(tree: Mutable): { node: Mutable; path: number[] }[] {
  const out: { node: Mutable; path: number[] }[] = [];
  const stack: { node: Mutable; path: number[] }[] = [{ node: tree, path: [] }];
  while (stack.length) {
    const s = stack.pop()!;
    out.push(s);
    if (s.node.children) s.node.children.forEach((c: Mutable, i: number) => stack.push({ node: c, path: [...s.path, i] }));
  }
  return out;
}
