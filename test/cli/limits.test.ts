import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, example, ROOT } from '../helpers/cli.js';

/**
 * Issue [8] §1, hard limits, through the spawned CLI: every command honours --time-limit and
 * --max-boxes; SIGINT/SIGTERM stop every command within a second, leave no temporary files or
 * half-written directories, and exit 130/143; the branch-and-bound queue is capped; the
 * least-squares (α, β) region no longer loops.
 *
 * Wall-clock assertions (brief rule 5: never speed, only the budget, with slack for a loaded
 * 2-core machine): a command with budget T must report elapsedMs ≤ T + max(10 % of T, 1 s), and
 * its wall time must be at most that plus its start-up. The start-up is measured here, not
 * assumed: the wall time of the same command with a budget of 1 ms (node, the modules, the
 * problem, the compiled residuals), doubled for the load of a CI machine. Measured on the
 * 2-core development machine (other test files running): `lscert --version` 0.45–0.55 s; the
 * 1 ms runs 0.6–1.2 s (the Remark-1 problem with d = 4: 0.8–1.0 s).
 */

const tol = (T: number) => Math.max(0.1 * T, 1);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wall: number;
  json: () => any;
}

/** Runs the CLI without a terminal and measures its wall time (seconds). */
function run(args: readonly string[], cwd = ROOT): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  const wall = (performance.now() - t) / 1000;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, wall, json: () => JSON.parse(r.stdout) };
}

/**
 * A problem file of n (default 64) terms φ(a_iᵀx) + (1/20)‖x‖² in d variables (a_i seeded,
 * entries k/8), S = {0}: `term(dot)` writes φ given the text of a_iᵀx.
 */
function glmProblem(name: string, d: number, term: (dot: string) => string, n = 64): string {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed % 17) - 8;
  };
  const A = Array.from({ length: n }, () => Array.from({ length: d }, () => `"${next()}/8"`));
  const sq = Array.from({ length: d }, (_, j) => `x_${j}^2`).join(' + ');
  const file = join(mkdtempSync(join(tmpdir(), 'lscert-limits-')), `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `variables: ["x[${d}]"]`,
      'template:',
      `  data: { A: [${A.map((a) => `[${a.join(', ')}]`).join(', ')}] }`,
      `  index: { i: ${n} }`,
      `  term: "${term('dot(A[i], x)')} + 1/20 * (${sq})"`,
      'domain: { "*": [-3, 3] }',
      `minimizers: { points: [[${new Array(d).fill(0).join(', ')}]] }`,
      '',
    ].join('\n'),
  );
  return file;
}

/** The start-up of a command: its wall time with a budget of 1 ms (seconds). */
function startup(args: readonly string[], cwd = ROOT): number {
  const r = run([...args, '--time-limit', '0.001'], cwd);
  expect(r.code, r.stderr).not.toBe(70);
  return r.wall;
}

/** Asserts that a run with budget T (seconds) honoured it: reported elapsed and wall time. */
function honoured(label: string, r: Run, T: number, elapsedMs: number, start: number): void {
  const msg = `${label}: T = ${T} s, elapsed ${elapsedMs} ms, wall ${r.wall.toFixed(2)} s, start-up ${start.toFixed(2)} s`;
  console.log(msg);
  expect(elapsedMs, msg).toBeLessThanOrEqual(1000 * (T + tol(T)));
  expect(r.wall, msg).toBeLessThanOrEqual(T + tol(T) + 2 * start);
}

/**
 * A 4-D claim that no command decides, so that every budget and signal is reached: the Remark-1
 * family with d = 4 (S the hyperplane s = −1/2) on [1/10, 2]^4. The terms' infima (0, at s = −1
 * and s = 0) lie outside the box and are not given, so lscert's enclosure of f_i* is
 * [0, f_i at the box's corner] (0.66 and 0.14): too wide to certify or to refute, for the
 * intervals and for Z3 alike. (On [−1, 2]^4, the issue's box, the minima are in the box; since
 * f_i* is found there by a descent instead of a grid, that claim is certified within seconds.)
 */
const R4 = `name: remark1-d4
variables: [x1, x2, x3, x4]
terms:
  - "(x1+x2+x3+x4+1)^2/((x1+x2+x3+x4+1)^2+1)"
  - "(x1+x2+x3+x4)^2/((x1+x2+x3+x4)^2+1)"
domain: { "*": ["1/10", 2] }
minimizers: { affine: { A: [[1, 1, 1, 1]], b: ["-1/2"] } }
`;

let dir: string;
let r4: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lscert-limits-'));
  r4 = join(dir, 'r4.yaml');
  writeFileSync(r4, R4);
  writeFileSync(join(dir, 'ratio.yaml'), readFileSync(example('paper/remark1-ratio.yaml')));
  writeFileSync(
    join(dir, 'claims.json'),
    JSON.stringify({
      examples: [
        // True claims that take several seconds (3–7 s alone). Was r4 and Example 1 at (0.5925, 0.4735):
        // both depend on x through one linear form and are now certified over it in well under 1 s.
        { id: 'ratio-ab', problem: 'ratio.yaml', checks: [{ condition: 'alpha-beta', alpha: '9.7', beta: '8.7', expect: 'certified' }] },
        { id: 'ratio-pl', problem: 'ratio.yaml', checks: [{ condition: 'pl', mu: '0.01', expect: 'certified' }] },
      ],
    }),
  );
  const v = [0, 1, 2].map(() => run(['--version']).wall).sort((a, b) => a - b)[1]!;
  console.log(`process start-up (lscert --version, median of 3): ${v.toFixed(2)} s`);
});

// --no-linear-forms: the Remark-1 family is decided over s = x1 + … + x4 in a fraction of a second
// (test/cli/linear-forms.test.ts); these tests need the hard search in x to measure budgets.
const R4_CLAIM = ['--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2'];
const R4_CHECK = [...R4_CLAIM, '--no-linear-forms'];

describe('every command honours --time-limit (within 10 % or 1 s, plus start-up)', () => {
  it('check: the Z3 pass stays inside the budget (example 1, α = 0.6, β = 0.48, 0.5 s; it took 7 s)', () => {
    // --no-linear-forms: over y = x + y the claim is certified within 0.5 s; the point is the Z3 pass's budget.
    const args = ['check', example('ex1-unbounded.yaml'), '--condition', 'alpha-beta', '--alpha', '0.6', '--beta', '0.48', '--json', '--no-linear-forms'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '0.5']);
    expect(r.code).toBe(2); // inconclusive: never certified by a search cut short
    honoured('check ex1 + Z3', r, 0.5, r.json().elapsedMs, s);
  });

  it('check: a 4-D claim (Remark-1 family, d = 4), 3 s (a 60 s limit ended after 77 s)', () => {
    // --no-z3: the Z3 race can now certify this claim in about 2 s on an idle machine (bench peers),
    // which would make the verdict a race with the 3 s budget; the budget of the search is the point.
    const args = ['check', r4, ...R4_CHECK, '--max-boxes', '100000000', '--json', '--no-z3'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '3']);
    expect(r.code).toBe(2);
    expect(r.json().verdict).toBe('inconclusive');
    honoured('check r4', r, 3, r.json().elapsedMs, s);
  });

  it('check --jobs 256: 3 s, thread start-up included (threads beyond the cores are not started)', () => {
    const args = ['check', r4, ...R4_CHECK, '--max-boxes', '100000000', '--json', '--no-z3', '--jobs', '256'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '3']);
    expect(r.code, r.stderr).toBe(2);
    const j = r.json();
    expect(j.verdict).toBe('inconclusive');
    // At most as many threads as cores (never fewer than 2 allowed), and the pieces of that many jobs.
    const cap = Math.max(2, availableParallelism());
    expect(j.jobs.threads).toBeLessThanOrEqual(cap);
    expect(j.jobs.pieces).toBeLessThanOrEqual(4 * cap);
    if (cap < 256) expect(j.notes.join('\n')).toMatch(/--jobs 256: ran as --jobs \d+, the cores available/);
    honoured('check r4 --jobs 256', r, 3, j.elapsedMs, s);
  });

  it('bound: 1 s with a box budget it cannot spend in time (it read the clock never, and took 8–10 s)', () => {
    const args = ['bound', example('ex1-unbounded.yaml'), '--max-boxes', '2000000', '--json'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '1']);
    expect(r.code, r.stderr).toBe(0);
    const f = r.json().bounds[0];
    expect(f.min[0]).toBeLessThanOrEqual(0.2); // still a rigorous bracket of min f = 1/5
    expect(f.min[1]).toBeGreaterThanOrEqual(0.2);
    expect(r.wall, `bound: wall ${r.wall.toFixed(2)} s, start-up ${s.toFixed(2)} s`).toBeLessThanOrEqual(1 + tol(1) + 2 * s);
  });

  it('check: logistic regression (d = 5, n = 48, S computed), 3 s and 8 s (they took 8.7 s and 40 s)', () => {
    // 3 s ends inside the global minimization behind `minimizers: auto` (it did not look at the
    // clock); 8 s inside the search, where the normal-segment argument's third derivatives took
    // 20 s to build on the first box (now skipped past a size estimate). --no-convexity: the convex
    // terms now prove this claim on the whole box at once (about 6 s, docs/engine.md step 3), so the
    // search would never reach the normal-segment argument this case is about.
    const file = join(import.meta.dirname, 'data', 'logreg-d5-n48.yaml');
    const args = ['check', file, '--condition', 'alpha-beta', '--alpha', '1', '--beta', '0', '--json', '--no-z3', '--no-convexity'];
    const s = startup(args);
    for (const T of [3, 8]) {
      const r = run([...args, '--time-limit', String(T)]);
      expect(r.code).toBe(2);
      honoured(`check logreg d5 (${T} s)`, r, T, r.json().elapsedMs, s);
    }
  });

  it('check: logistic regression (d = 6, n = 64, S computed), PL at 8 s (it took 13 s at 10 s)', () => {
    // After the computed S (6-8 s), generating and compiling the interval source of the residual
    // and its gradients (54 MB: 2.3 s + 1.1 s, neither looked at the clock) ran past the limit.
    const file = join(import.meta.dirname, 'data', 'logreg-d6-n64.yaml');
    const args = ['check', file, '--condition', 'pl', '--mu', '1/20', '--json', '--no-z3'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '8']);
    // Since 2026-12-07 (S by strict convexity, the whole box by convexity, lazy bounders) the
    // claim is certified in about 3 s: decided or not, the limit must hold.
    expect([0, 2]).toContain(r.code);
    honoured('check logreg d6 PL (8 s)', r, 8, r.json().elapsedMs, s);
  });

  it('check: 64 terms in d = 24 (numeric fallback), 3 s (it ran for hours: the f_i* sample was a 2^24-point grid, built before the clock)', () => {
    // Above the numeric threshold the question "does the claim depend on few linear forms?" built
    // the whole residual system, f_i* slots included (a grid of 2^d corners per term when d > 12),
    // twice, before the command's clock started; then the interval confirmation ran past the limit.
    const file = glmProblem('sym-d24', 24, (dot) => `softplus(${dot}) + softplus(-${dot})`);
    const args = ['check', file, '--condition', 'alpha-beta', '--alpha', '1', '--beta', '0', '--json', '--no-z3'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '3']);
    expect(r.code, r.stderr).toBe(2);
    honoured('check sym d24 (3 s)', r, 3, r.json().elapsedMs, s);
  });

  it('check: 64 quartic terms in d = 10, 5 s (it took 8.1 s: the residuals were simplified, and 256 points sampled, past the limit)', () => {
    const file = glmProblem('quart-d10', 10, (dot) => `softplus(${dot})/1000 + softplus(-${dot})/1000 + (${dot})^4`);
    const args = ['check', file, '--condition', 'alpha-beta', '--alpha', '1', '--beta', '0', '--json', '--no-z3'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '5']);
    expect(r.code, r.stderr).toBe(2);
    honoured('check quart d10 (5 s)', r, 5, r.json().elapsedMs, s);
  });

  it('check, probe, constants with f* and f_i* given on 64 logistic terms (S computed), 1 s (they took 4.7 s, 45 s and 7.2 s)', () => {
    // The checks of the given values (assumptions.ts) built the model of f (gradient and Hessian
    // of 64 terms, 1.3 s) with no deadline, and probe computed S before its clock started.
    const dir = mkdtempSync(join(tmpdir(), 'lscert-limits-'));
    const file = join(dir, 'lr64-given.yaml');
    const base = readFileSync(join(import.meta.dirname, 'data', 'logreg-d6-n64.yaml'), 'utf8');
    writeFileSync(file, `${base.replace('name: logreg-d6-n64', 'name: lr64-given')}fstar: "1/2"\ntermMinima: 0\n`);
    for (const args of [
      ['check', file, '--condition', 'pl', '--mu', '1/20', '--json', '--no-z3'],
      ['probe', file, '--condition', 'pl', '--mu', '1/20', '--json'],
      ['constants', file, '--condition', 'pl', '--json'],
    ]) {
      const s = startup(args);
      const r = run([...args, '--time-limit', '1']);
      expect([0, 2], r.stderr).toContain(r.code);
      honoured(`${args[0]} lr64 with f*, f_i* (1 s)`, r, 1, r.json().elapsedMs, s);
    }
  });

  it('constants, probe, report and check on 200 terms in d = 40, 1 s (they took 27 s, 8.4 s, 7.9 s and 4 s: the residual system, the f_i* samples and the gradients were built with no deadline)', () => {
    const file = glmProblem('glm-d40-n200', 40, (dot) => `log(1 + exp(-(${dot})))/2 + sigmoid(${dot})^2`, 200);
    const out = join(dir, 'glm-report');
    for (const args of [
      ['constants', file, '--condition', 'alpha-beta', '--json'],
      ['probe', file, '--condition', 'alpha-beta', '--alpha', '3', '--beta', '1', '--json'],
      ['report', file, '--out', out, '--json'],
      ['check', file, '--condition', 'alpha-beta', '--alpha', '3', '--beta', '1', '--json'],
      ['check', file, '--condition', 'pl', '--mu', '1', '--json', '--numeric-threshold', '64'],
    ]) {
      const s = startup(args);
      const r = run([...args, '--time-limit', '1']);
      expect([0, 2], r.stderr).toContain(r.code);
      honoured(`${args[0]} glm d40 n200 (1 s)`, r, 1, r.json().elapsedMs, s);
    }
  }, 120_000);

  it('simulate on 200 terms in d = 40 at 0.001 s ends at once with the reason (it took 17-37 s: the f_i* facts ran with no deadline)', () => {
    const file = glmProblem('glm-sim-d40-n200', 40, (dot) => `log(1 + exp(-(${dot})))/2 + sigmoid(${dot})^2`, 200);
    const s = startup(['--version']);
    const r = run(['simulate', file, '--optimizer', 'sgd', '--time-limit', '0.001']);
    // Since 2026-12-07 the limit covers loading too: at 0.001 s the load itself stops (exit 2,
    // "time limit reached while the problem was loaded"); a machine that loads the 200 terms
    // within the limit gets the phases' answer (65, no certified L) as before.
    expect([2, 65]).toContain(r.code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no certified smoothness constant L|the time limit was reached|time limit reached while the problem was loaded/);
    // Parsing 200 templated terms and the set-up take a second or two on this machine.
    expect(r.wall).toBeLessThanOrEqual(5 + 2 * s);
  }, 60_000);

  it('loading counts: a 40 000-term template at 1 s ends at the limit, exit 2, one line, JSON with --json (check took 46 s on 90 000 terms at 2 s)', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(
      file,
      [
        'name: big',
        'variables: ["w[3]"]',
        'template:',
        '  index: { i: 200, j: 200 }',
        '  term: "(w[0]*i/100 + w[1]*j/100 + w[2] - sin(i+j))^2"',
        'domain: { w: [-1, 1] }',
        'minimizers: { auto: true }',
        'termMinima: 0',
        '',
      ].join('\n'),
    );
    const s = startup(['--version']);
    for (const cmd of [
      ['check', file, '--condition', 'pl', '--mu', '0.01'],
      ['bound', file],
      ['probe', file, '--condition', 'pl', '--mu', '0.01'],
    ]) {
      const r = run([...cmd, '--time-limit', '1', '--json']);
      console.log(`${cmd[0]} on 40 000 terms at 1 s: exit ${r.code}, wall ${r.wall.toFixed(2)} s`);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/time limit reached while the problem was loaded \(\d+ terms read\)/);
      expect(r.json()).toMatchObject({ command: cmd[0], verdict: 'inconclusive', coverage: 0, boxes: 0 });
      expect(r.wall).toBeLessThanOrEqual(1 + tol(1) + s);
    }
  }, 120_000);

  it('check near an affine S on a 3-D bump, 5 s (it took 9.4 s: the normal-segment Hessians were compiled past the limit)', () => {
    const file = join(dir, 'bump3.yaml');
    writeFileSync(
      file,
      [
        'name: bump3',
        'variables: [x, y, z]',
        'terms:',
        '  - "(x+y+z)^2*(1 + 3*exp(-((x-0.3)^2+(y-0.2)^2+(z+0.4)^2)/0.01))"',
        '  - "(x+y+z)^2"',
        'domain: {x: [-1, 1], y: [-1, 1], z: [-1, 1]}',
        'minimizers: { affine: {A: [[1, 1, 1]], b: [0]} }',
        'fstar: 0',
        'termMinima: [0, 0]',
        '',
      ].join('\n'),
    );
    const args = ['check', file, '--condition', 'pl', '--mu', '0.5', '--json'];
    const s = startup(args);
    for (const T of [5, 6]) {
      const r = run([...args, '--time-limit', String(T)]);
      expect([0, 2], r.stderr).toContain(r.code);
      honoured(`check bump3 at ${T} s`, r, T, r.json().elapsedMs, s);
    }
  });

  it('bound on 10 000 terms, 6 s (it took 9.2 s: f was compiled past its share of the time, without a deadline)', () => {
    const file = join(dir, 'many10k.yaml');
    writeFileSync(
      file,
      [
        'name: many10k',
        'variables: [x, y]',
        'template:',
        '  index: { i: 10000 }',
        '  term: "softplus(-((i - 2500)/7000*x + (i - 2250)/11000*y)) + (x^2+y^2)/100"',
        'domain: { x: [-2, 2], y: [-2, 2] }',
        'minimizers: { auto: true }',
        'termMinima: 0',
        '',
      ].join('\n'),
    );
    const s = startup(['--version']);
    // Loading the terms takes 2–4 s; 0 (bounded what it could) or 2 (still loading at the limit).
    const r = run(['bound', file, '--time-limit', '6', '--json']);
    expect([0, 2], r.stderr).toContain(r.code);
    console.log(
      `bound on 10 000 terms at 6 s: exit ${r.code}, wall ${r.wall.toFixed(2)} s, ${r.code === 0 ? r.json().notBounded : 10001} of 10001 not bounded`,
    );
    expect(r.wall).toBeLessThanOrEqual(6 + tol(6) + 2 * s);
  });

  it('simulate: --time-limit bounds the runs too (--K 10^6 × 1000 seeds ran for minutes at 1 s)', () => {
    const s = startup(['--version']);
    const r = run([
      'simulate',
      example('x4.yaml'),
      '--optimizer',
      'sgd',
      '--alpha',
      '3',
      '--beta',
      '1/2',
      '--K',
      '1000000',
      '--seeds',
      '1000',
      '--time-limit',
      '4',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.statistics.complete).toBe(false);
    expect(j.statistics.runs).toBeLessThan(1000);
    expect(j.notes.join(' ')).toMatch(/the time limit stopped the runs/);
    expect(r.wall).toBeLessThanOrEqual(4 + tol(4) + 2 * s);
  }, 120_000);

  it('check: --max-boxes bounds the branch and bound, with and without Z3', () => {
    for (const z3 of [[], ['--no-z3']]) {
      const r = run(['check', r4, ...R4_CHECK, '--max-boxes', '300', '--time-limit', '5', '--json', ...z3]);
      expect(r.code).toBe(2);
      expect(r.json().boxes).toBeLessThanOrEqual(300);
    }
  });

  it('constants: the least-squares (α, β) region ends within 10 s and brackets α (it looped for minutes)', () => {
    const args = ['constants', example('least-squares.yaml'), '--condition', 'alpha-beta', '--json'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '10']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    honoured('constants least-squares', r, 10, j.elapsedMs, s);
    expect(j.certified).not.toBeNull();
    expect(j.refuted).not.toBeNull();
    expect(j.region.refuted.length).toBeGreaterThanOrEqual(3);
  });

  it('constants with S given by equations (Example 4, 3×3), 2 s (at 1 s it took 27 s: the outer range and the plane cuts never read the clock)', () => {
    // What is left past the deadline (0.2–0.8 s here) is a ray started just before it: the family's
    // set-up and check()'s before their own clocks are read.
    const args = ['constants', example('paper/mf-3x3.yaml'), '--condition', 'alpha-beta', '--json'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '2']);
    expect(r.code, r.stderr).toBe(0);
    honoured('constants mf-3x3', r, 2, r.json().elapsedMs, s);
  });

  it('constants: a 4-D region and μ under a small budget; --max-boxes bounds every pass', () => {
    for (const extra of [
      ['--condition', 'alpha-beta'],
      ['--condition', 'pl'],
    ]) {
      const args = ['constants', r4, ...extra, '--json'];
      const s = startup(args);
      const r = run([...args, '--time-limit', '2']);
      expect(r.code, r.stderr).toBe(0);
      honoured(`constants r4 ${extra[1]}`, r, 2, r.json().elapsedMs, s);
    }
    const r = run(['constants', example('least-squares.yaml'), '--condition', 'alpha-beta', '--fix', 'beta = 0.9*alpha', '--max-boxes', '40', '--json']);
    expect(r.code, r.stderr).toBe(0);
    for (const p of r.json().brackets.passes) expect(p.boxes).toBeLessThanOrEqual(40);
    // The confirming checks too: at --max-boxes 50 a confirmation used 47 511 boxes (the library's 400 000).
    const b = join(dir, 'bump3b.yaml');
    writeFileSync(
      b,
      [
        'name: bump3b',
        'variables: [x, y, z]',
        'terms: ["z^2*(1 + 3*exp(-((x-0.3)^2+(y-0.2)^2+(z-0.05)^2)/0.01))", "z^2"]',
        'domain: {x: [-1, 1], y: [-1, 1], z: [-1, 1]}',
        'minimizers: { affine: {A: [[0, 0, 1]], b: [0]} }',
        'fstar: 0',
        'termMinima: [0, 0]',
        '',
      ].join('\n'),
    );
    const c = run(['constants', b, '--condition', 'pl', '--max-boxes', '50', '--time-limit', '30', '--json']);
    expect(c.code, c.stderr).toBe(0);
    for (const p of c.json().brackets.passes) expect(p.boxes).toBeLessThanOrEqual(50);
    for (const side of ['certified', 'refuted']) expect(c.json().confirmation[side]?.boxes ?? 0, side).toBeLessThanOrEqual(50);
  });

  it('report: least-squares within 8 s (its status line stayed at "α-β region (0%)" for 13 minutes)', () => {
    const out = join(dir, 'ls-report');
    const args = ['report', example('least-squares.yaml'), '--out', out, '--json'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '8']);
    expect(r.code, r.stderr).toBe(0);
    honoured('report least-squares', r, 8, r.json().elapsedMs, s);
    expect(r.json().verdicts).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).budget.timeLimitSec).toBe(8);
  });

  it('report: a 4-D problem within 5 s; --max-boxes bounds each check', () => {
    const out = join(dir, 'r4-report');
    const args = ['report', r4, '--out', out, '--max-boxes', '500', '--json'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '5']);
    expect(r.code, r.stderr).toBe(0);
    honoured('report r4', r, 5, r.json().elapsedMs, s);
    const data = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    for (const row of data.verdicts) if (row.check) expect(row.check.boxes).toBeLessThanOrEqual(500);
  });

  it('probe: the time limit stops the descent and fast-check (a huge run budget, 1 s); the evaluation budget holds', () => {
    const args = ['probe', r4, ...R4_CLAIM, '--seed', '1', '--runs', '100000', '--evaluations-per-run', '100000', '--json'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '1']);
    expect(r.code).toBe(2);
    honoured('probe r4', r, 1, r.json().elapsedMs, s);
    const b = run(['probe', r4, ...R4_CLAIM, '--seed', '1', '--runs', '20', '--evaluations-per-run', '50', '--json']);
    expect(b.json().evaluations).toBeLessThanOrEqual(b.json().budget);
  });

  it('demo: --time-limit bounds each check (Z3 pass included)', () => {
    const claims = join(dir, 'claims.json');
    const args = ['demo', '--claims', claims, '--json'];
    const s = startup(args);
    const r = run([...args, '--time-limit', '1']);
    expect(r.code).toBe(1); // the verdicts differ from the expected ones: inconclusive within 1 s
    const rows = r.json() as { elapsedMs: number; verdict: string }[];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.verdict).toBe('inconclusive');
      expect(row.elapsedMs).toBeLessThanOrEqual(1000 * (1 + tol(1)));
    }
    console.log(`demo: 2 checks of 1 s, wall ${r.wall.toFixed(2)} s, start-up ${s.toFixed(2)} s`);
    expect(r.wall).toBeLessThanOrEqual(2 * (1 + tol(1)) + 2 * s);
  });
});

describe('many variables (review finding, 2026-12-08)', () => {
  const shaped = (name: string, decl: string, term: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      [`name: ${name}`, `variables: ["${decl}"]`, `terms: ["${term}"]`, 'domain: { "*": [-1, 1] }', 'minimizers: { auto: true }', ''].join('\n'),
    );
    return file;
  };

  it('w[100000][100000] is refused before any name is built (it grew gigabytes past the limit)', () => {
    const r = run(['check', shaped('huge', 'w[100000][100000]', 'w_0_0^2'), '--condition', 'pl', '--mu', '1', '--time-limit', '5']);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/huge\.yaml:2:\d+: variables\[0\]: too many variables: 'w\[100000\]\[100000\]' declares 10000000000/);
    expect(r.wall).toBeLessThan(5);
  });

  // The numeric fallback: batches of 2048 rows × d, 16 SGD runs stored over 101 steps, and a
  // column per variable in every pass: 3 s budgets ran 6.4 s (d = 900), over a minute (d = 90 000,
  // one variable read) and 6.5 s (d = 10 000, all read).
  for (const [name, decl, term] of [
    ['grid900', 'w[30][30]', 'w_0_0^2'],
    ['grid90k', 'w[300][300]', 'w_0_0^2'],
    ['squares10k', 'w[10000]', Array.from({ length: 10_000 }, (_, j) => `w_${j}^2`).join(' + ')],
  ] as const) {
    it(`check (numeric fallback) on ${decl}, reading ${term.length > 20 ? 'every variable' : 'one variable'}, 3 s`, () => {
      const file = shaped(name, decl, term);
      const s = startup(['--version']);
      const r = run(['check', file, '--condition', 'pl', '--mu', '1', '--time-limit', '3', '--json']);
      expect(r.code, r.stderr).toBe(2);
      honoured(`check ${decl} at 3 s`, r, 3, r.json().elapsedMs, s);
    });
  }
});

describe('memory: the branch-and-bound queue is capped', () => {
  it('beyond --max-queue the search goes depth-first: same verdict and boxes, peak in --json stats', () => {
    // --no-linear-forms: the queue of the search in x (over y = x + y it would be a 1-D search of ~200 boxes).
    const args = [
      'check',
      example('ex1-unbounded.yaml'),
      '--condition',
      'alpha-beta',
      '--alpha',
      '2.5',
      '--beta',
      '2',
      '--no-z3',
      '--json',
      '--no-linear-forms',
    ];
    const free = run(args).json();
    const capped = run([...args, '--max-queue', '100']).json();
    expect(free.verdict).toBe('certified');
    expect(capped.verdict).toBe('certified');
    expect(free.stats.queueCap).toBe(2 ** 18);
    expect(free.stats.depthFirstBoxes).toBe(0);
    expect(capped.stats).toMatchObject({ queueCap: 100 });
    expect(capped.stats.depthFirstBoxes).toBeGreaterThan(0);
    // The depth-first stack holds at most one box per level of the tree (2 variables, widths down to 1e-9).
    expect(capped.stats.queuePeak).toBeLessThanOrEqual(100 + 2 * 31);
    expect(capped.stats.queuePeak).toBeLessThan(free.stats.queuePeak);
  });

  it('the 4-D claim: the queue stays at the cap however many boxes are split', () => {
    const r = run(['check', r4, ...R4_CHECK, '--no-z3', '--max-boxes', '60000', '--max-queue', '5000', '--json']).json();
    expect(r.verdict).toBe('inconclusive');
    expect(r.boxes).toBe(60000);
    expect(r.stats.queuePeak).toBeLessThanOrEqual(5000 + 4 * 31);
    expect(r.stats.depthFirstBoxes).toBeGreaterThan(0);
  });
});

/** Spawns the CLI, waits for `ready`, sends `sig`; resolves with the exit and how long it took after the signal. */
function interrupt(
  args: readonly string[],
  sig: NodeJS.Signals,
  ready: () => boolean,
  cwd = ROOT,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; after: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', () => {});
    let sent = 0;
    const started = Date.now();
    const poll = setInterval(() => {
      if (child.exitCode !== null) return;
      if (ready() || Date.now() - started > 20_000) {
        clearInterval(poll);
        sent = performance.now();
        child.kill(sig);
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, after: sent ? (performance.now() - sent) / 1000 : NaN, stderr });
    });
  });
}

const tmpDirs = (parent: string, base: string) => readdirSync(parent).filter((n) => n.startsWith(`.${base}.tmp-`));

/** Ready once the command has run for a while (it is then deep in its computation). */
const afterMs = (ms: number) => {
  const t = Date.now();
  return () => Date.now() - t > ms;
};

describe('signals: SIGINT and SIGTERM stop every command within a second, clean up, exit 130 / 143', () => {
  // "Within a second" of the signal, plus 1 s of slack for a loaded CI machine.
  const STOP = 2;
  const cases: [string, () => string[], NodeJS.Signals, number][] = [
    ['check', () => ['check', r4, ...R4_CHECK, '--max-boxes', '100000000', '--time-limit', '120'], 'SIGINT', 130],
    ['check', () => ['check', r4, ...R4_CHECK, '--max-boxes', '100000000', '--time-limit', '120', '--cert', join(dir, 'never.cert.json')], 'SIGTERM', 143],
    ['constants', () => ['constants', r4, '--condition', 'alpha-beta', '--time-limit', '120'], 'SIGTERM', 143],
    ['probe', () => ['probe', r4, ...R4_CLAIM, '--seed', '1', '--runs', '100000000', '--time-limit', '120'], 'SIGINT', 130],
    ['demo', () => ['demo', '--claims', join(dir, 'claims.json'), '--time-limit', '120'], 'SIGTERM', 143],
  ];
  for (const [name, args, sig, code] of cases) {
    it(`${name}: ${sig} → exit ${code}`, async () => {
      const r = await interrupt(args(), sig, afterMs(2500));
      console.log(`${name} ${sig}: exit ${r.code} ${r.after.toFixed(2)} s after the signal`);
      expect(r.code, r.stderr).toBe(code);
      expect(r.after).toBeLessThanOrEqual(STOP);
      expect(r.stderr).toContain(`stopped by ${sig}`);
      expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
      expect(existsSync(join(dir, 'never.cert.json'))).toBe(false);
    });
  }

  // check --jobs 8 took 2–10 s to exit on SIGINT, --jobs 64 about 50 s (2 cores): Node stopped the
  // worker threads one after another while the others kept the cores busy. The bound detects a
  // hang; the measure is the 'within a second' of the cases above.
  for (const jobs of [8, 64])
    it(`check --jobs ${jobs}: SIGINT while the pieces run → exit 130 promptly, no certificate or temporary file`, async () => {
      const cert = join(dir, `jobs${jobs}-never.cert.json`);
      const args = ['check', r4, ...R4_CHECK, '--max-boxes', '100000000', '--time-limit', '120', '--jobs', String(jobs), '--cert', cert];
      const r = await interrupt(args, 'SIGINT', afterMs(3000));
      console.log(`check --jobs ${jobs} SIGINT: exit ${r.code} ${r.after.toFixed(2)} s after the signal`);
      expect(r.code, r.stderr).toBe(130);
      expect(r.after).toBeLessThan(10);
      expect(r.stderr).toContain('stopped by SIGINT');
      // The threads stopped under the command are not reported as its failure.
      expect(r.stderr).not.toContain('internal error');
      expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
      expect(existsSync(cert)).toBe(false);
    });

  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`report: ${sig} in the middle of the computation → exit ${code}, no temporary or half-written directory (report ignored both)`, async () => {
      const parent = mkdtempSync(join(dir, 'sig-'));
      const out = join(parent, 'nested', 'rep');
      const computing = afterMs(1500); // the temporary directory exists from the start; by then the search is running
      const r = await interrupt(
        ['report', r4, '--out', out, '--time-limit', '120'],
        sig,
        () => existsSync(dirname(out)) && tmpDirs(dirname(out), 'rep').length > 0 && computing(),
      );
      console.log(`report ${sig}: exit ${r.code} ${r.after.toFixed(2)} s after the signal`);
      expect(r.code, r.stderr).toBe(code);
      expect(r.after).toBeLessThanOrEqual(STOP);
      // The temporary directory and the parents the run created are gone.
      expect(readdirSync(parent)).toEqual([]);
    });
  }

  it('SIGKILL leaves .rep.tmp-PID-*: the next report into the same --out removes it', async () => {
    const parent = mkdtempSync(join(dir, 'kill-'));
    const out = join(parent, 'rep');
    const r = await interrupt(['report', r4, '--out', out, '--time-limit', '120'], 'SIGKILL', () => tmpDirs(parent, 'rep').length > 0);
    expect(r.signal).toBe('SIGKILL');
    expect(tmpDirs(parent, 'rep')).toHaveLength(1);
    const again = run(['report', r4, '--out', out, '--time-limit', '2']);
    expect(again.code, again.stderr).toBe(0);
    expect(tmpDirs(parent, 'rep')).toEqual([]);
    expect(readdirSync(out)).toContain('report.json');
  });
});
