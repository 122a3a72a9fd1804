import { solveLp } from '../src/constants/lp.js';
const lp = { variables: [{ name: 'a' }, { name: 'b', lo: 0 }], sense: 'min' as const, objective: { a: 1 }, rows: [{ coef: { a: 1, b: -1 }, op: '>=' as const, rhs: 0.5 }, { coef: { a: 2, b: 1 }, op: '>=' as const, rhs: 3 }] };
for (const s of ['highs', 'glpk'] as const) console.log(await solveLp(lp, s));
console.log(await solveLp({ ...lp, rows: [...lp.rows, { coef: { a: 1 }, op: '<=', rhs: 0 }] }, 'highs'), await solveLp({ ...lp, rows: [...lp.rows, { coef: { a: 1 }, op: '<=', rhs: 0 }] }, 'glpk'));
console.log(await solveLp({ ...lp, sense: 'max' }, 'highs'), await solveLp({ ...lp, sense: 'max' }, 'glpk'));
