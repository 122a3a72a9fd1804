import { claimFromFlags } from '../src/cli/claimArgs.js';
import { check } from '../src/engine/index.js';
import { loadProblemFile } from '../src/problem/index.js';

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

export function benchEngine(): void {
  console.log('\nEngine (acceptance cases of issue [2]):');
  console.log('  problem              claim                          verdict        boxes     time    boxes/s');
  for (const [file, flags] of CASES) {
    const p = loadProblemFile(new URL(`../examples/${file}`, import.meta.url).pathname);
    const r = check(p, claimFromFlags(flags));
    const claim = Object.entries(flags)
      .map(([k, v]) => (k === 'condition' ? v : `${k}=${v}`))
      .join(' ');
    const bps = r.elapsedMs > 0 ? Math.round((r.boxes / r.elapsedMs) * 1000) : 0;
    console.log(
      `  ${file.padEnd(20)} ${claim.padEnd(30)} ${r.verdict.padEnd(13)} ${String(r.boxes).padStart(7)} ${(r.elapsedMs / 1000).toFixed(2).padStart(7)} s ${String(bps).padStart(9)}`,
    );
  }
}
