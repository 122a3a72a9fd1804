import highsLoader from 'highs';

/**
 * Small linear programs and two solvers for them: HiGHS (primary, CPLEX LP text) and
 * glpk.js (an independent implementation, used to cross-check HiGHS in the tests and the
 * bench). Both answer in floating point: nothing here is a proof. Callers re-verify what
 * they use (see alphaBeta/outerPlane.ts: the refuting side is re-checked in exact rationals).
 */
export interface LinearProgram {
  /** Variables with optional bounds (default: free). Names: [a-z][a-z0-9_]*. */
  readonly variables: readonly { readonly name: string; readonly lo?: number; readonly hi?: number }[];
  readonly sense: 'min' | 'max';
  readonly objective: Readonly<Record<string, number>>;
  readonly rows: readonly { readonly coef: Readonly<Record<string, number>>; readonly op: '<=' | '>=' | '='; readonly rhs: number }[];
}

export interface LpSolution {
  readonly status: 'optimal' | 'infeasible' | 'unbounded' | 'error';
  readonly value: number;
  readonly x: Record<string, number>;
  readonly ms: number;
  readonly solver: 'highs' | 'glpk';
}

type HighsLike = {
  solve(text: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> };
};
let highs: Promise<HighsLike> | undefined;
// Under NodeNext the package's default export is typed as a namespace: cast to its call signature.
const loadHighs = () => (highs ??= (highsLoader as unknown as () => Promise<HighsLike>)());

const num = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf');

function linear(coef: Readonly<Record<string, number>>): string {
  const terms = Object.entries(coef).filter(([, v]) => v !== 0);
  if (terms.length === 0) return `0 ${Object.keys(coef)[0] ?? 'x'}`;
  return terms.map(([n, v], i) => `${v < 0 ? '-' : i ? '+' : ''} ${num(Math.abs(v))} ${n}`).join(' ');
}

/** The program in CPLEX LP format (what HiGHS reads). */
export function toCplexLp(lp: LinearProgram): string {
  const out = [lp.sense === 'min' ? 'Minimize' : 'Maximize', ` obj: ${linear(lp.objective)}`, 'Subject To'];
  lp.rows.forEach((r, i) => out.push(` c${i}: ${linear(r.coef)} ${r.op} ${num(r.rhs)}`));
  out.push('Bounds');
  for (const v of lp.variables) out.push(` ${num(v.lo ?? -Infinity)} <= ${v.name} <= ${num(v.hi ?? Infinity)}`);
  out.push('End');
  return out.join('\n');
}

export async function solveHighs(lp: LinearProgram): Promise<LpSolution> {
  const h = await loadHighs();
  const t0 = performance.now();
  try {
    const r = h.solve(toCplexLp(lp), { output_flag: false });
    const ms = performance.now() - t0;
    const status =
      r.Status === 'Optimal'
        ? 'optimal'
        : r.Status === 'Infeasible'
          ? 'infeasible'
          : r.Status === 'Unbounded' || r.Status === 'Primal infeasible or unbounded'
            ? 'unbounded'
            : 'error';
    const x: Record<string, number> = {};
    for (const v of lp.variables) x[v.name] = r.Columns[v.name]?.Primal ?? 0;
    return { status, value: r.ObjectiveValue, x, ms, solver: 'highs' };
  } catch {
    return { status: 'error', value: NaN, x: {}, ms: performance.now() - t0, solver: 'highs' };
  }
}

type Glpk = Awaited<ReturnType<typeof import('glpk.js/node').default>>;
let glpk: Promise<Glpk> | undefined;
const loadGlpk = async () => (glpk ??= (await import('glpk.js/node')).default());

export async function solveGlpk(lp: LinearProgram): Promise<LpSolution> {
  const g = await loadGlpk();
  const t0 = performance.now();
  const bnd = (lo = -Infinity, hi = Infinity) =>
    Number.isFinite(lo) && Number.isFinite(hi)
      ? lo === hi
        ? { type: g.GLP_FX, lb: lo, ub: hi }
        : { type: g.GLP_DB, lb: lo, ub: hi }
      : Number.isFinite(lo)
        ? { type: g.GLP_LO, lb: lo, ub: 0 }
        : Number.isFinite(hi)
          ? { type: g.GLP_UP, lb: 0, ub: hi }
          : { type: g.GLP_FR, lb: 0, ub: 0 };
  const vars = (c: Readonly<Record<string, number>>) => Object.entries(c).map(([name, coef]) => ({ name, coef }));
  const r = g.solve(
    {
      name: 'lp',
      objective: { direction: lp.sense === 'min' ? g.GLP_MIN : g.GLP_MAX, name: 'obj', vars: vars(lp.objective) },
      subjectTo: lp.rows.map((row, i) => ({
        name: `c${i}`,
        vars: vars(row.coef),
        bnds: row.op === '<=' ? bnd(-Infinity, row.rhs) : row.op === '>=' ? bnd(row.rhs, Infinity) : bnd(row.rhs, row.rhs),
      })),
      bounds: lp.variables.map((v) => ({ name: v.name, ...bnd(v.lo, v.hi) })),
    },
    { msglev: g.GLP_MSG_OFF, presol: false },
  );
  const ms = performance.now() - t0;
  const s = r.result.status;
  const status = s === g.GLP_OPT ? 'optimal' : s === g.GLP_NOFEAS ? 'infeasible' : s === g.GLP_UNBND ? 'unbounded' : 'error';
  const x: Record<string, number> = {};
  for (const v of lp.variables) x[v.name] = r.result.vars[v.name] ?? 0;
  return { status, value: r.result.z, x, ms, solver: 'glpk' };
}

/** Solves with the named solver (HiGHS by default). */
export function solveLp(lp: LinearProgram, solver: 'highs' | 'glpk' = 'highs'): Promise<LpSolution> {
  return solver === 'highs' ? solveHighs(lp) : solveGlpk(lp);
}
