import highsLoader from 'highs';
const load = highsLoader as unknown as () => Promise<{ solve(s: string, o?: object): any }>;
const h = await load();
const t0 = performance.now();
const r = h.solve(`Minimize
 obj: a
Subject To
 c1: a - b >= 0.5
 c2: 2 a + b >= 3
Bounds
 a free
 b >= 0
End`, { output_flag: false } as any);
console.log(r.Status, r.ObjectiveValue, r.Columns, performance.now() - t0);
const GLPK = (await import('glpk.js/node')).default;
const g = await GLPK();
const s = g.solve({ name: 'x', objective: { direction: g.GLP_MIN, name: 'o', vars: [{ name: 'a', coef: 1 }] }, subjectTo: [{ name: 'c1', vars: [{ name: 'a', coef: 1 }, { name: 'b', coef: -1 }], bnds: { type: g.GLP_LO, lb: 0.5, ub: 0 } }, { name: 'c2', vars: [{ name: 'a', coef: 2 }, { name: 'b', coef: 1 }], bnds: { type: g.GLP_LO, lb: 3, ub: 0 } }], bounds: [{ name: 'a', type: g.GLP_FR, lb: 0, ub: 0 }] }, { msglev: g.GLP_MSG_OFF });
console.log(JSON.stringify(s), g.GLP_OPT, g.GLP_NOFEAS, g.GLP_UNBND);
