import { claimFromFlags } from '../src/cli/claimArgs.js';
import type { Claim } from '../src/conditions/index.js';
import { type CertNode, type CheckResult, check, checkWithZ3Detailed } from '../src/engine/index.js';
import { type Problem, loadProblemFile } from '../src/problem/index.js';

const CASES: [string, Record<string, string>][] = [
  ['x4.yaml', { condition: 'alpha-beta', alpha: '3', beta: '0.5' }],
  ['x4.yaml', { condition: 'alpha-beta', alpha: '5', beta: '0.5' }],
  ['x4.yaml', { condition: 'pl', mu: '0.1' }],
  ['x4.yaml', { condition: 'aiming', theta: '3' }],
  ['x4.yaml', { condition: 'qcvx', theta: '4' }],
  ['double-well.yaml', { condition: 'alpha-beta', alpha: '2', beta: '1' }],
  ['double-well.yaml', { condition: 'pl', mu: '0.1' }],
  ['ex1-unbounded.yaml', { condition: 'alpha-beta', alpha: '2.5', beta: '2' }],
  ['ex1-unbounded.yaml', { condition: 'alpha-beta', alpha: '2.5', beta: '1.9' }],
  ['ex1-affine.yaml', { condition: 'alpha-beta', alpha: '2.5', beta: '2' }],
  ['ex6-saddle.yaml', { condition: 'alpha-beta', alpha: '50', beta: '0' }],
];

/**
 * Issue [9] (near a continuum of minimizers): each claim without and with the normal-segment
 * argument (docs/engine.md, "Near a continuum of minimizers"). `z3`: the residuals are
 * polynomial or rational, so Z3 can read them (the portfolio table runs every case again).
 */
const CONTINUUM_CASES: { file: string; flags: Record<string, string>; z3: 'polynomial' | 'rational' }[] = [
  { file: 'ex1-unbounded.yaml', flags: { condition: 'pl', mu: '1e-5' }, z3: 'rational' },
  { file: 'ex1-unbounded.yaml', flags: { condition: 'aiming', theta: '0.05' }, z3: 'rational' },
  { file: 'ex1-unbounded.yaml', flags: { condition: 'alpha-beta', alpha: '2.5', beta: '2' }, z3: 'rational' },
  { file: 'ls-underdetermined.yaml', flags: { condition: 'pl', mu: '0.495' }, z3: 'polynomial' },
  { file: 'ls-underdetermined.yaml', flags: { condition: 'pl', mu: '0.505' }, z3: 'polynomial' },
  { file: 'ls-underdetermined.yaml', flags: { condition: 'alpha-beta', alpha: '3', beta: '1.1' }, z3: 'polynomial' },
  { file: 'ls-underdetermined.yaml', flags: { condition: 'alpha-beta', alpha: '3', beta: '0.9' }, z3: 'polynomial' },
  { file: 'ls-underdetermined.yaml', flags: { condition: 'aiming', theta: '1' }, z3: 'polynomial' },
  { file: 'ls-underdetermined.yaml', flags: { condition: 'qcvx', theta: '1' }, z3: 'polynomial' },
  { file: 'double-well.yaml', flags: { condition: 'alpha-beta', alpha: '2', beta: '1' }, z3: 'polynomial' },
];

/** The same budget for every run of the issue [9] tables (before, after and the portfolio). */
const BUDGET = { maxBoxes: 200_000, timeLimitMs: 60_000 };

const problem = (file: string): Problem => loadProblemFile(new URL(`../examples/${file}`, import.meta.url).pathname);
const claimText = (flags: Record<string, string>): string =>
  Object.entries(flags)
    .map(([k, v]) => (k === 'condition' ? v : `${k}=${v}`))
    .join(' ');
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const pct = (c: number): string => `${(100 * c).toFixed(c === 1 || c === 0 ? 0 : 2)}%`;

export async function benchEngine(): Promise<void> {
  console.log('\nEngine (acceptance cases of issue [2]):');
  console.log('  problem              claim                          verdict        boxes     time    boxes/s');
  for (const [file, flags] of CASES) {
    const r = check(problem(file), claimFromFlags(flags));
    const bps = r.elapsedMs > 0 ? Math.round((r.boxes / r.elapsedMs) * 1000) : 0;
    console.log(
      `  ${file.padEnd(20)} ${claimText(flags).padEnd(30)} ${r.verdict.padEnd(13)} ${String(r.boxes).padStart(7)} ${(r.elapsedMs / 1000).toFixed(2).padStart(7)} s ${String(bps).padStart(9)}`,
    );
  }
  const after = benchContinuum();
  await benchPortfolio(after);
}

/**
 * Issue [9]: each case twice in this process, "before" without the normal-segment argument
 * (`normalSegment: false`) and "after" with it (the default), on the same box and time budget.
 * Returns the "after" results (the intervals alone) for the portfolio table.
 */
function benchContinuum(): Map<number, CheckResult> {
  console.log(
    `\nEngine near a continuum of minimizers (issue [9]): before = normalSegment: false, after = default; both intervals only, ${BUDGET.maxBoxes} boxes / ${BUDGET.timeLimitMs / 1000} s:`,
  );
  console.log(
    '  problem                  claim                        verdict before → after        boxes before → after     time before → after      coverage before → after   time ratio',
  );
  const out = new Map<number, CheckResult>();
  CONTINUUM_CASES.forEach(({ file, flags }, i) => {
    const p = problem(file);
    const claim: Claim = claimFromFlags(flags);
    const b = check(p, claim, { ...BUDGET, normalSegment: false });
    const a = check(p, claim, { ...BUDGET });
    out.set(i, a);
    // Below 50 ms both ways the ratio is clock resolution, not speed.
    const ratio = Math.max(a.elapsedMs, b.elapsedMs) >= 50 && a.elapsedMs > 0 ? `${(b.elapsedMs / a.elapsedMs).toFixed(1)}×` : '—';
    console.log(
      `  ${file.padEnd(24)} ${claimText(flags).padEnd(28)} ${b.verdict.padStart(12)} → ${a.verdict.padEnd(12)} ${String(b.boxes).padStart(9)} → ${String(a.boxes).padEnd(9)} ${secs(b.elapsedMs).padStart(9)} → ${secs(a.elapsedMs).padEnd(9)} ${pct(b.coverage).padStart(9)} → ${pct(a.coverage).padEnd(9)}   ${ratio.padStart(8)}`,
    );
  });
  return out;
}

/** Whether a certificate tree is a single leaf whose every case Z3 settled (the whole-claim query). */
const oneZ3Leaf = (t: CertNode | undefined): boolean => t !== undefined && 'leaf' in t && t.leaf.length > 0 && t.leaf.every((c) => c.how === 'z3');

/** Whether a tree has any leaf case settled by Z3 (regions the intervals left). */
const anyZ3Leaf = (t: CertNode | undefined): boolean =>
  t !== undefined && ('leaf' in t ? t.leaf.some((c) => c.how === 'z3') : t.children.some((c) => anyZ3Leaf(c)));

/**
 * How Z3 took part in a portfolio result, read from the result alone (its notes and proof
 * tree), so that it does not depend on whether Z3 runs after the search or races it:
 * 'whole claim' (one exact query, one z3 leaf), 'regions' (it closed regions the intervals
 * left), 'counterexample' (it found the point the intervals then verified), or null.
 */
function z3Part(r: CheckResult): string | null {
  if (r.verdict === 'inconclusive') return null;
  const notes = r.notes.filter((n) => /Z3/.test(n));
  if (oneZ3Leaf(r.tree) || notes.some((n) => /Z3 proved the whole claim/i.test(n))) return 'whole claim';
  if (r.verdict === 'refuted' && notes.some((n) => /counterexample found by Z3/i.test(n))) return 'counterexample';
  if (anyZ3Leaf(r.tree) || notes.some((n) => /Z3 tried .* closed (?!none)/.test(n))) return 'regions';
  return null;
}

/**
 * The Z3 portfolio (`checkWithZ3Detailed`, as `lscert check` runs it) on the cases of issue [9]
 * (all polynomial or rational, which Z3 reads), against the intervals alone (the "after" runs above, same budget). Z3 "wins"
 * when the portfolio's verdict came from it; the saving is the intervals' time minus the
 * portfolio's ('only Z3' when the intervals alone ran out of budget: there is no time to compare).
 */
async function benchPortfolio(intervals: Map<number, CheckResult>): Promise<void> {
  console.log(`\nZ3 portfolio on the cases of issue [9] (checkWithZ3Detailed vs intervals alone, ${BUDGET.maxBoxes} boxes / ${BUDGET.timeLimitMs / 1000} s):`);
  console.log(
    '  problem                  claim                        residuals   intervals alone            portfolio                  decided by               saving',
  );
  let n = 0;
  let won = 0;
  let saved = 0;
  let onlyZ3 = 0;
  for (const [i, { file, flags, z3 }] of CONTINUUM_CASES.entries()) {
    const a = intervals.get(i);
    if (!a) continue;
    const p = problem(file);
    const t0 = performance.now();
    const r = (await checkWithZ3Detailed(p, claimFromFlags(flags), { ...BUDGET, seed: 1 })).result;
    const ms = performance.now() - t0;
    const part = z3Part(r);
    n++;
    let saving = '—';
    if (part) {
      won++;
      if (a.verdict === 'inconclusive') {
        // The intervals alone did not decide it within the budget: no time to subtract.
        onlyZ3++;
        saving = 'only Z3';
      } else {
        saved += a.elapsedMs - ms;
        saving = secs(a.elapsedMs - ms);
      }
    }
    const tried = r.notes.some((note) => /Z3/.test(note) && !/no Z3 pass/.test(note));
    const by = part ? `Z3 (${part})` : r.verdict === 'inconclusive' ? (tried ? 'none (Z3 tried)' : 'none') : tried ? 'intervals (Z3 tried)' : 'intervals';
    console.log(
      `  ${file.padEnd(24)} ${claimText(flags).padEnd(28)} ${z3.padEnd(11)} ${a.verdict.padEnd(13)} ${secs(a.elapsedMs).padStart(9)}    ${r.verdict.padEnd(13)} ${secs(ms).padStart(9)}    ${by.padEnd(22)} ${saving.padStart(9)}`,
    );
  }
  const only = onlyZ3 > 0 ? ` (${onlyZ3} of them left inconclusive by the intervals alone)` : '';
  console.log(`  Z3 decided ${won} of ${n}${only}, saving ${(saved / 1000).toFixed(2)} s in total on the cases both decided.`);
}
