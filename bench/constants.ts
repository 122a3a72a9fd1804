/**
 * `lscert constants` figures (issue [3]): bracket width against time and boxes for the
 * acceptance examples, and LP time with HiGHS and glpk.js side by side. Printed, not asserted.
 * Async (the LP solvers load WebAssembly): `await benchConstants()`.
 */
import { bestConstants, parseTie, solveLp, type ConstantsRequest, type LinearProgram } from '../src/constants/index.js';
import { rng } from '../src/engine/index.js';
import { loadProblemFile } from '../src/problem/index.js';

const CASES: [string, ConstantsRequest, number[]][] = [
  ['x4.yaml', { condition: 'aiming' }, [200_000]],
  ['x4.yaml', { condition: 'pl' }, [200_000]],
  ['least-squares.yaml', { condition: 'pl' }, [200_000]],
  ['ex1-unbounded.yaml', { condition: 'alpha-beta', tie: parseTie('beta = 0.8*alpha') }, [20_000, 60_000, 200_000]],
];

const fmtW = (c: number | null, r: number | null) =>
  c === null || r === null ? '      —' : `${((Math.abs(r - c) / Math.max(Math.abs(c), Math.abs(r), 1e-300)) * 100).toFixed(3).padStart(6)}%`;

async function widths(): Promise<void> {
  console.log('\nconstants: bracket width against budget (boxes per refinement pass; confirmation by check() included)');
  console.log('  problem              request                      budget   certified    refuted     width    boxes     time');
  for (const [file, req, budgets] of CASES) {
    const p = loadProblemFile(new URL(`../examples/${file}`, import.meta.url).pathname);
    for (const maxBoxes of budgets) {
      const r = await bestConstants(p, req, { maxBoxes });
      const what = `${req.condition}${req.tie ? ` ${req.tie.text}` : ''}`;
      console.log(
        `  ${file.padEnd(20)} ${what.padEnd(28)} ${String(maxBoxes).padStart(7)} ${String(r.certified ?? '—').padStart(10)} ${String(r.refuted ?? '—').padStart(10)} ${r.best ? '  [0, ε]' : fmtW(r.certified, r.refuted)} ${String(r.boxes).padStart(8)} ${(r.elapsedMs / 1000).toFixed(2).padStart(7)} s`,
      );
    }
  }
}

/** m half-planes tangent to the unit circle around (3, 1): the α-β outer polygons look like this. */
function tangentLp(m: number, seed: number, sense: 'min' | 'max'): LinearProgram {
  const random = rng(seed);
  const rows: LinearProgram['rows'][number][] = [];
  for (let i = 0; i < m; i++) {
    const th = 2 * Math.PI * random();
    const [a, b] = [Math.cos(th), Math.sin(th)];
    rows.push({ coef: { alpha: a, beta: b }, op: '<=', rhs: 3 * a + b + 1 });
  }
  return {
    variables: [
      { name: 'alpha', lo: 0 },
      { name: 'beta', lo: 0 },
    ],
    sense,
    objective: { alpha: 1, beta: -0.8 },
    rows,
  };
}

async function lpTimes(): Promise<void> {
  console.log('\nLP solvers on (α, β) programs: median time of 5 solves (first solve of each solver excluded: WebAssembly start-up)');
  console.log('  rows      HiGHS        glpk.js      |Δ objective|');
  await solveLp(tangentLp(4, 1, 'min'), 'highs');
  await solveLp(tangentLp(4, 1, 'min'), 'glpk');
  for (const m of [10, 100, 1000, 10_000]) {
    const t: Record<string, number[]> = { highs: [], glpk: [] };
    let diff = 0;
    for (let k = 0; k < 5; k++) {
      const lp = tangentLp(m, k + 1, 'min');
      const h = await solveLp(lp, 'highs');
      const g = await solveLp(lp, 'glpk');
      t.highs!.push(h.ms);
      t.glpk!.push(g.ms);
      diff = Math.max(diff, Math.abs(h.value - g.value));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!.toFixed(2);
    console.log(`  ${String(m).padStart(6)} ${med(t.highs!).padStart(9)} ms ${med(t.glpk!).padStart(9)} ms   ${diff.toExponential(1)}`);
  }
}

export async function benchConstants(): Promise<void> {
  await widths();
  await lpTimes();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await benchConstants();
