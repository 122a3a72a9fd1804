/**
 * `check --jobs N` (issue [10] §3): the pieces of the domain on N worker threads, through the
 * built CLI. The same verdict as one job and as `--shard k/K` + `merge-certs`; the joined
 * certificate verifies; a refutation is confirmed; the budgets are shared; a computed S runs as
 * one job; bad values are usage errors. Speed is measured by `npm run bench -- jobs`, not here.
 * Every check runs with --no-linear-forms: these problems depend on x only through x + y (or
 * x1 + … + x4), and such a claim runs as one job over that form (test/cli/linear-forms.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combine, pieceNotes } from '../../src/cli/jobs.js';
import type { Claim } from '../../src/conditions/index.js';
import type { CheckResult } from '../../src/engine/index.js';
import { Rational } from '../../src/exact/rational.js';
import { loadProblemFile } from '../../src/problem/index.js';
import { example, lscert, tempProblem } from '../helpers/cli.js';

const EX1 = example('ex1-unbounded.yaml');
const HOLDS = ['--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2'];
const FAILS = ['--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9'];
const dir = mkdtempSync(join(tmpdir(), 'lscert-jobs-'));
const at = (name: string) => join(dir, name);

/** The Remark-1 family with d = 4 (issue [10]): S the hyperplane s = −1/2. */
const R4 = tempProblem(
  `name: remark1-d4
variables: [x1, x2, x3, x4]
terms:
  - "(x1+x2+x3+x4+1)^2/((x1+x2+x3+x4+1)^2+1)"
  - "(x1+x2+x3+x4)^2/((x1+x2+x3+x4)^2+1)"
domain: { "*": [-1, 2] }
minimizers: { affine: { A: [[1, 1, 1, 1]], b: ["-1/2"] } }
`,
  'r4.yaml',
);

describe('check --jobs', () => {
  it('with Z3: one query of the whole claim races the pieces (each piece raced its own: 8 Z3 start-ups), and its proof verifies', () => {
    // --max-boxes 50: the pieces' searches cannot finish; the verdict comes from Z3 (the whole
    // claim's race, or the pieces' own queries of their boxes after their searches).
    const r = lscert(['check', '--no-linear-forms', EX1, ...HOLDS, '--json', '--jobs', '2', '--max-boxes', '50', '--cert', at('z.json')]);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.verdict).toBe('certified');
    expect(j.boxes).toBeLessThanOrEqual(50);
    const notes = j.notes.join('\n');
    // No piece raced Z3 on its own box any more.
    expect(notes).not.toMatch(/raced the interval search/);
    if (/decided by Z3's query of the whole claim/.test(notes)) {
      expect(notes).toMatch(/Z3 proved the whole claim as one exact query .*; Z3 raced the pieces in a worker thread from the start/);
      expect(JSON.parse(readFileSync(at('z.json'), 'utf8')).merged).toBeUndefined();
    }
    const v = lscert(['verify-cert', at('z.json'), '--problem', EX1, '--json']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json().valid).toBe(true);
  });

  it('a claim that holds: certified as with one job, 8 pieces on 2 threads, and the joined certificate verifies', () => {
    const one = lscert(['check', '--no-linear-forms', EX1, ...HOLDS, '--json', '--no-z3']);
    const two = lscert(['check', '--no-linear-forms', EX1, ...HOLDS, '--json', '--no-z3', '--jobs', '2', '--cert', at('h.json')]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const j = two.json();
    expect(j.verdict).toBe(one.json().verdict);
    expect(j.coverage).toBe(1);
    // With --cert nothing is handed over between threads (a search that hands boxes over leaves holes in its tree).
    expect(j.jobs).toMatchObject({ threads: 2, pieces: 8, handedOver: 0 });
    expect(j.jobs.perPiece.map((p: { verdict: string }) => p.verdict)).toEqual(Array(8).fill('certified'));
    expect(j.boxes).toBe(j.jobs.perPiece.reduce((a: number, p: { boxes: number }) => a + p.boxes, 0));
    expect(j.notes.join('\n')).toMatch(/decided in 8 pieces .* by 2 worker threads/);
    expect(j.certificate).toBe(at('h.json'));
    const cert = JSON.parse(readFileSync(at('h.json'), 'utf8'));
    expect(cert.merged.n).toBe(8);
    expect(cert.shard).toBeUndefined();
    const v = lscert(['verify-cert', at('h.json'), '--problem', EX1, '--json']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json().valid).toBe(true);
  });

  it('the same verdict as --shard 1/2 + --shard 2/2 + merge-certs', () => {
    for (const k of [1, 2]) {
      const s = lscert(['check', '--no-linear-forms', EX1, ...HOLDS, '--shard', `${k}/2`, '--cert', at(`s${k}.json`), '--json', '--no-z3']);
      expect(s.code, s.stderr).toBe(0);
    }
    const m = lscert(['merge-certs', at('merged.json'), at('s1.json'), at('s2.json'), '--json']);
    const j = lscert(['check', '--no-linear-forms', EX1, ...HOLDS, '--json', '--no-z3', '--jobs', '2']);
    expect(m.code, m.stderr).toBe(0);
    expect(j.code, j.stderr).toBe(0);
    expect(j.json().verdict).toBe(m.json().verdict);
    // Without --cert no piece builds a certificate; every piece is still proved, and so is every
    // batch of boxes handed from a busy thread to an idle one (work stealing: only without --cert).
    const per = j.json().jobs.perPiece as { k: number; verdict: string }[];
    expect(per.filter((p) => p.k <= 8).map((p) => p.verdict)).toEqual(Array(8).fill('certified'));
    expect(per.every((p) => p.verdict === 'certified')).toBe(true);
    expect(per).toHaveLength(8 + j.json().jobs.handedOver);
    expect(j.json().certificate).toBeUndefined();
  });

  it('QCvx false for every x* (an audit found --jobs 2 certifying it: each piece had its own x*): inconclusive with or without --cert, as one job', () => {
    // S = {y = 0}; with x* = (a, 0) the residual is y²·(h'(x)(x − a) + 0.1·h(x)), h = 2 + cos(4πx),
    // negative somewhere in the box for every a. Each piece's own x* (the projection of its centre) works on it.
    const qc = tempProblem(
      'name: qc2\nvariables: [x, y]\nterms: ["y^2*(2 + cos(4*pi*x))"]\ndomain: { x: [-2, 2], y: ["-1/4", "1/4"] }\nminimizers: { affine: { A: [[0, 1]], b: [0] } }\nfstar: 0\n',
      'qc2.yaml',
    );
    const args = ['check', qc, '--condition', 'qcvx', '--theta', '1.9', '--json', '--jobs', '2', '--time-limit', '60'];
    // Every piece now takes the whole claim's x* (Problem.centre), which fails: as one job, never certified.
    const one = lscert(['check', qc, '--condition', 'qcvx', '--theta', '1.9', '--json']).json();
    expect(one.verdict).toBe('inconclusive');
    for (const extra of [[], ['--cert', at('qc2.cert.json')]]) {
      const r = lscert([...args, ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.json().verdict).toBe('inconclusive');
    }
  }, 120_000);

  it('QCvx: combine certifies nothing when the certified pieces report different x* (or none), certificate or not', () => {
    const full = loadProblemFile(EX1);
    const claim: Claim = { condition: 'qcvx', theta: Rational.of(1, 20) };
    const piece = (k: number, xstar: string | null) =>
      [
        k,
        { result: { verdict: 'certified', coverage: 1, boxes: 1, elapsedMs: 1, notes: [], warnings: [] } as unknown as CheckResult, content: null, xstar },
      ] as const;
    const same = combine(full, claim, 2, 2, new Map([piece(1, '["a"]'), piece(2, '["a"]')]), null, Date.now(), 1000);
    expect(same.result.verdict).toBe('certified');
    for (const pieces of [
      [piece(1, '["a"]'), piece(2, '["b"]')],
      [piece(1, '["a"]'), piece(2, null)],
    ]) {
      const r = combine(full, claim, 2, 2, new Map(pieces), null, Date.now(), 1000);
      expect(r.result.verdict).toBe('inconclusive');
      expect(r.result.reason).toMatch(/different x\*/);
      expect(r.result.coverage).toBe(0);
    }
  });

  it("QCvx with S a map: every piece uses the whole claim's x* (the projection of the domain's centre), so --jobs 2 certifies as one job, and the joined certificate verifies", () => {
    const args = ['check', '--no-linear-forms', EX1, '--condition', 'qcvx', '--theta', '0.05', '--json', '--no-z3', '--max-boxes', '5000000'];
    const one = lscert(args);
    const two = lscert([...args, '--jobs', '2', '--cert', at('qcvx.json')]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.json().xstar).toEqual(one.json().xstar);
    const v = lscert(['verify-cert', at('qcvx.json'), '--problem', EX1, '--json']);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json().valid).toBe(true);
  }, 120_000);

  it('a claim that fails: refuted with a counterexample that refutes the whole claim', () => {
    const one = lscert(['check', '--no-linear-forms', EX1, ...FAILS, '--json', '--no-z3']);
    const two = lscert(['check', '--no-linear-forms', EX1, ...FAILS, '--json', '--no-z3', '--jobs', '2']);
    expect(two.code, two.stderr).toBe(1);
    expect(one.code).toBe(1);
    const x = two.json().counterexample.x as number[];
    // The counterexample is a point of the domain, and one job agrees it refutes: check it on a point box.
    expect(x.every((v) => v >= -3 && v <= 3)).toBe(true);
    // One job finds it by sampling the whole box before its search: so does --jobs, before it hands out pieces.
    expect(two.json().notes.join('\n')).toMatch(/refuted by sampling the whole domain, before the pieces were handed to worker threads/);
    expect(two.json().jobs.threads).toBe(0);
  });

  it('Remark-1 with d = 4, alpha = 2.5, beta = 1.9: refuted with 2 jobs', () => {
    const r = lscert(['check', '--no-linear-forms', R4, ...FAILS, '--json', '--jobs', '2', '--time-limit', '60']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.json().verdict).toBe('refuted');
  });

  it('--max-boxes bounds the boxes of all threads together; --time-limit is one deadline', () => {
    const r = lscert(['check', '--no-linear-forms', R4, ...HOLDS, '--json', '--no-z3', '--jobs', '2', '--max-boxes', '300', '--time-limit', '20']);
    expect(r.code, r.stderr).toBe(2);
    const j = r.json();
    expect(j.boxes).toBeLessThanOrEqual(300);
    expect(j.jobs.perPiece.reduce((a: number, p: { boxes: number }) => a + p.boxes, 0)).toBeLessThanOrEqual(300);
    expect(j.reason).toMatch(/of 8 pieces open/);
    expect(j.coverage).toBeLessThan(1);
    const t = lscert(['check', '--no-linear-forms', R4, ...HOLDS, '--json', '--no-z3', '--jobs', '2', '--time-limit', '2']);
    expect(t.code, t.stderr).toBe(2);
    // The workers stop at the deadline; the grace for a worker that overran it is 0.5 s.
    expect(t.json().elapsedMs).toBeLessThanOrEqual(2000 + 1500);
  });

  it("work stealing: on a claim whose hard region lies in the last pieces, the verdict is one job's with or without stealing, and every batch handed over is decided", () => {
    // S (s = −1/2) crosses the domain near its upper corner: the last pieces hold the work.
    const corner = tempProblem(
      `name: remark1-d3-corner
variables: [x1, x2, x3]
terms:
  - "(x1+x2+x3+1)^2/((x1+x2+x3+1)^2+1)"
  - "(x1+x2+x3)^2/((x1+x2+x3)^2+1)"
domain: { "*": [-2.4, 0.2] }
minimizers: { affine: { A: [[1, 1, 1]], b: ["-1/2"] } }
`,
      'corner.yaml',
    );
    const args = ['check', '--no-linear-forms', corner, ...HOLDS, '--json', '--no-z3'];
    const one = lscert(args);
    const steal = lscert([...args, '--jobs', '2']);
    const none = lscert([...args, '--jobs', '2', '--no-work-stealing']);
    for (const r of [one, steal, none]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.json().verdict).toBe('certified');
      expect(r.json().coverage).toBe(1);
    }
    const j = steal.json();
    const per = j.jobs.perPiece as { k: number; from?: number; handedBoxes?: number; verdict: string; boxes: number }[];
    expect(per).toHaveLength(8 + j.jobs.handedOver);
    expect(per.every((p) => p.verdict === 'certified')).toBe(true);
    expect(j.boxes).toBe(per.reduce((a, p) => a + p.boxes, 0));
    // A batch names the item that handed it over (an earlier one) and its size.
    for (const p of per.filter((q) => q.k > 8)) {
      expect(p.from).toBeLessThan(p.k);
      expect(p.handedBoxes).toBeGreaterThan(0);
    }
    expect(none.json().jobs.handedOver).toBe(0);
    expect(none.json().jobs.perPiece).toHaveLength(8);
  }, 120_000);

  it('work stealing happens where the work sits in the last pieces (4-D, S near the upper corner): batches handed over, each searched box by box, all certified', () => {
    // On the 3-D claim above a batch is handed over in about one run of five (the last piece's queue
    // rarely holds the 1024 boxes a search needs before it hands half over); here 2–4 batches in
    // every run seen. A review mutation that lost the batches (never sent to the joining thread)
    // certified with half a piece unsearched, and no test saw it.
    const corner4 = tempProblem(
      `name: remark1-d4-corner
variables: [x1, x2, x3, x4]
terms:
  - "(x1+x2+x3+x4+1)^2/((x1+x2+x3+x4+1)^2+1)"
  - "(x1+x2+x3+x4)^2/((x1+x2+x3+x4)^2+1)"
domain: { "*": [-3.4, 0.2] }
minimizers: { affine: { A: [[1, 1, 1, 1]], b: ["-1/2"] } }
`,
      'corner4.yaml',
    );
    const r = lscert([
      'check',
      '--no-linear-forms',
      corner4,
      '--condition',
      'alpha-beta',
      '--alpha',
      '4',
      '--beta',
      '3.9',
      '--json',
      '--no-z3',
      '--jobs',
      '2',
      '--max-boxes',
      '5000000',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.verdict).toBe('certified');
    expect(j.jobs.handedOver).toBeGreaterThanOrEqual(1);
    const batches = (j.jobs.perPiece as { k: number; from?: number; handedBoxes?: number; verdict: string; boxes: number }[]).filter((p) => p.k > 8);
    expect(batches).toHaveLength(j.jobs.handedOver);
    for (const b of batches) {
      expect(b.verdict).toBe('certified');
      // Every handed-over box is taken off the queue at least once, here or by a batch this one
      // handed on (a batch's own search hands half of its queue over too when a thread waits).
      const handedOn = batches.filter((c) => c.from === b.k).reduce((a, c) => a + c.handedBoxes!, 0);
      expect(b.boxes + handedOn).toBeGreaterThanOrEqual(b.handedBoxes!);
      expect(b.handedBoxes).toBeGreaterThanOrEqual(512);
    }
    expect(j.notes.join('\n')).toMatch(/batch(es)? of boxes that busy threads' searches handed to idle ones \(work stealing\)/);
  }, 180_000);

  it('a computed S runs as one job and says so', () => {
    const auto = tempProblem(
      `name: auto
variables: [x, y]
terms: ["(x - 1)^2 + y^2", "(x + 1)^2 + y^2"]
domain: { "*": [-2, 2] }
minimizers: { auto: true }
`,
    );
    const r = lscert(['check', '--no-linear-forms', auto, '--condition', 'pl', '--mu', '1', '--json', '--jobs', '2']);
    expect([0, 1, 2]).toContain(r.code);
    expect(r.json().jobs).toBeUndefined();
    expect(r.json().notes.join('\n')).toMatch(/--jobs 2: ran as one job: S is computed/);
  });

  it('bad values are usage errors', () => {
    for (const v of ['0', '-1', 'two', '1.5', '257']) {
      const r = lscert(['check', '--no-linear-forms', EX1, ...HOLDS, '--jobs', v]);
      expect(r.code, `--jobs ${v}: ${r.stderr}`).toBe(64);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--jobs/);
    }
  });
});

/** x^4 on [-1, 1], S = {0}: small claims whose checks cut the box in x (no linear forms in one variable). */
const X4 = example('x4.yaml');

describe('constants --jobs and report --jobs: the checks run as check --jobs runs them', () => {
  it('constants --jobs 2: the same certified and refuted values as one job (the default), each confirmed in pieces', () => {
    for (const args of [
      ['constants', X4, '--condition', 'aiming', '--json'],
      ['constants', X4, '--condition', 'alpha-beta', '--fix', 'beta = alpha - 1', '--json'],
    ]) {
      const one = lscert(args);
      const two = lscert([...args, '--jobs', '2']);
      expect(one.code, one.stderr).toBe(0);
      expect(two.code, two.stderr).toBe(0);
      const a = one.json();
      const b = two.json();
      expect(b.certified).toBe(a.certified);
      expect(b.refuted).toBe(a.refuted);
      for (const side of ['certified', 'refuted'] as const) {
        expect(b.confirmation[side]?.verdict).toBe(a.confirmation[side]?.verdict);
        expect(b.confirmation[side]?.claim).toEqual(a.confirmation[side]?.claim);
      }
      expect(a.confirmation.certified.verdict).toBe('certified');
      // One job by default; with --jobs 2 the certifying check ran in the 8 pieces of check --jobs 2.
      expect(a.notes.join('\n')).not.toMatch(/--jobs/);
      expect(b.notes.join('\n')).toMatch(/--jobs 2: the confirming checks ran as check --jobs 2/);
      expect(b.confirmation.certified.boxes).toBeGreaterThanOrEqual(8);
    }
  }, 180_000);

  it('report --jobs 2: the same verdict per condition in report.json as one job; the joined certificates verify', () => {
    const claims = ['--alpha', '3', '--beta', '0.5', '--mu', '0.1', '--theta', '3.9', '--time-limit', '60'];
    const one = lscert(['report', X4, '--out', at('rep1'), ...claims, '--json']);
    const two = lscert(['report', X4, '--out', at('rep2'), ...claims, '--json', '--jobs', '2']);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const rows = (dir: string) =>
      JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).verdicts as {
        condition: string;
        verdict: string;
        certificate: string | null;
        check: { notes: string[] } | null;
      }[];
    const a = rows(at('rep1'));
    const b = rows(at('rep2'));
    expect(b.map((r) => [r.condition, r.verdict])).toEqual(a.map((r) => [r.condition, r.verdict]));
    expect(a.map((r) => r.verdict)).toContain('certified');
    expect(a.map((r) => r.verdict)).toContain('refuted');
    for (const r of b) {
      if (r.verdict !== 'certified') continue;
      // Decided by the pieces, or by Z3's query of the whole claim racing them (either may come first).
      expect(r.check!.notes.join('\n')).toMatch(/decided in 8 pieces .* by 2 worker threads|--jobs: decided by Z3's query of the whole claim/);
      expect(r.certificate).not.toBeNull();
      const v = lscert(['verify-cert', join(at('rep2'), r.certificate!), '--problem', X4, '--json']);
      expect(v.code, v.stdout).toBe(0);
      expect(v.json().valid).toBe(true);
    }
    for (const r of a) expect(r.check?.notes.join('\n') ?? '').not.toMatch(/--jobs/);
    // A certified row decided in pieces draws its boxes (the joined certificate's tree) as one job's does.
    const plots = (dir: string) => (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).plots as { id: string }[]).map((q) => q.id);
    const drawn = b.filter((r) => r.verdict === 'certified').map((r) => `boxes-${r.condition}`);
    expect(drawn.length).toBeGreaterThan(0);
    for (const id of drawn) {
      expect(plots(at('rep1'))).toContain(id);
      expect(plots(at('rep2'))).toContain(id);
    }
  }, 180_000);

  it('a certified piece whose proof has no certificate format: certified and no certificate, as one job (check --cert and report; it was exit 70)', () => {
    // QCvx, S = {x + y = 0} crossing the box: proved with the normal-segment argument at x*, which certificates do not carry.
    const line = tempProblem(
      'name: line\nvariables: [x, y]\nterms: ["(x + y)^2"]\ndomain: { x: [-1, 1], y: [-1, 1] }\nminimizers: { implicit: ["x + y"] }\n',
      'line.yaml',
    );
    const r = lscert([
      'check',
      line,
      '--condition',
      'qcvx',
      '--theta',
      '1',
      '--no-z3',
      '--no-linear-forms',
      '--json',
      '--jobs',
      '2',
      '--cert',
      at('line.json'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().verdict).toBe('certified');
    expect(r.json().notes.join(' ')).toMatch(/no certificate written: QCvx with S given by equations was proved with the normal-segment argument/);
    expect(existsSync(at('line.json'))).toBe(false);
    const rep = lscert([
      'report',
      line,
      '--out',
      at('line-rep'),
      '--theta',
      '1',
      '--alpha',
      '3',
      '--beta',
      '1',
      '--mu',
      '0.5',
      '--no-z3',
      '--jobs',
      '2',
      '--time-limit',
      '60',
    ]);
    expect(rep.code, rep.stderr).toBe(0);
    const qcvx = JSON.parse(readFileSync(join(at('line-rep'), 'report.json'), 'utf8')).verdicts.find((v: { condition: string }) => v.condition === 'qcvx');
    expect(qcvx.verdict).toBe('certified');
    expect(qcvx.certificate).toBeNull();
    expect(qcvx.note).toMatch(/no certificate: QCvx with S given by equations/);
  }, 180_000);

  it('bad values of --jobs are usage errors for constants and report too', () => {
    for (const v of ['0', 'two', '257']) {
      const c = lscert(['constants', X4, '--condition', 'aiming', '--jobs', v]);
      expect(c.code, `constants --jobs ${v}: ${c.stderr}`).toBe(64);
      expect(c.stderr).toMatch(/--jobs/);
      const r = lscert(['report', X4, '--out', at(`bad${v}`), '--jobs', v]);
      expect(r.code, `report --jobs ${v}: ${r.stderr}`).toBe(64);
      expect(r.stderr).toMatch(/--jobs/);
    }
  });
});

describe("the pieces' notes, each said once (pieceNotes)", () => {
  const z3 = (s: string, boxes: number) => `Z3 proved the whole claim as one exact query; it answered after ${s} s, when the search had split ${boxes} boxes`;
  it('joins notes that differ only in their figures, naming the pieces and whose figures are shown', () => {
    const notes = pieceNotes(
      [
        [1, [z3('1.71', 45), 'time limit reached']],
        [2, [z3('1.95', 5), 'time limit reached']],
        [3, [z3('1.60', 0), 'time limit reached', 'a note of piece 3']],
        [5, [z3('1.61', 0), 'time limit reached']],
      ],
      5,
    );
    expect(notes).toEqual([
      `in pieces 1–3, 5 of 5 (figures of piece 1): ${z3('1.71', 45)}`,
      'in pieces 1–3, 5 of 5: time limit reached',
      'in piece 3/5: a note of piece 3',
    ]);
  });
  it("calls a piece's own Z3 proof a proof of the piece", () => {
    const own = 'Z3 proved the whole claim as one exact query (unsat on the whole domain for every case)';
    expect(pieceNotes([[2, [own]]], 8)).toEqual(["in piece 2/8: Z3 proved the whole piece as one exact query (unsat on the piece's box for every case)"]);
  });
  it('keeps two notes of one piece that differ only in their figures', () => {
    expect(
      pieceNotes(
        [
          [1, ['region 1 at 0.5', 'region 2 at 0.75']],
          [2, ['region 1 at 0.25']],
        ],
        2,
      ),
    ).toEqual(['in every piece (figures of piece 1): region 1 at 0.5', 'in piece 1/2: region 2 at 0.75']);
  });
  it('says "in every piece" when all of them gave the note', () => {
    expect(
      pieceNotes(
        [
          [1, ['same']],
          [2, ['same']],
        ],
        2,
      ),
    ).toEqual(['in every piece: same']);
    expect(
      pieceNotes(
        [
          [1, ['after 1 s']],
          [2, ['after 2 s']],
        ],
        2,
      ),
    ).toEqual(['in every piece (figures of piece 1): after 1 s']);
    expect(
      pieceNotes(
        [
          [1, []],
          [2, []],
        ],
        2,
      ),
    ).toEqual([]);
  });
});
