import { Rational } from '../exact/rational.js';
import { build as b, type Expr } from '../expr/index.js';
import { attempt, intervalSignOracle, nonRationalPart, Translator, z3Backend, type SignOracle, type Z3Bool, type Z3Context, type Z3Real } from './translate.js';

/**
 * Exact decisions on one box with Z3 (the npm z3-solver package, in process, wasm).
 *
 * `decideBox` asks whether some point of the box (with the slots anywhere in their
 * enclosures) violates an obligation, i.e. makes some residual R_k < 0:
 *   - 'unsat': no such point: every R_k ≥ 0 on the whole box, for every slot value in its
 *     enclosure. This is a proof (modulo Z3), valid only for the residual forms that were
 *     translated (which are exactly equal to the residuals where these are defined, and the
 *     translation proves the denominators nonzero on the box).
 *   - 'sat': a candidate point (decimal approximations of Z3's exact, possibly algebraic,
 *     model values, clamped into the box). NOT a proof of anything: the caller must confirm
 *     it with interval arithmetic (the slots in the model are just some values in their
 *     enclosures, and the decimals are approximations).
 *   - 'unknown': not polynomial/rational, a denominator sign not proved on the box, a
 *     timeout, or Z3 gave up.
 */

type Z3Api = Awaited<ReturnType<typeof import('z3-solver').init>>;
interface Z3Handle {
  readonly api: Z3Api;
  readonly ctx: Z3Context;
}

let loading: Promise<Z3Handle> | undefined;

/**
 * The shared Z3 context, initialised once (about 1 s: loading the wasm module and warming
 * the solver's thread pool with one trivial check, which otherwise costs ~1 s on the first
 * real query).
 */
export function z3Context(): Promise<Z3Handle> {
  if (!loading) {
    loading = (async () => {
      // Loaded on first use: importing z3-solver costs ~0.1 s, which commands that never ask Z3 should not pay.
      const { init } = await import('z3-solver');
      const api = await init();
      const ctx = api.Context('lscert');
      const s = new ctx.Solver();
      const w = ctx.Real.const('warm!up');
      s.add(w.mul(w).lt(w), w.gt(0));
      await s.check();
      s.release();
      return { api, ctx };
    })();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** True once the shared context has been requested (so `shutdownZ3` has something to do). */
export const z3Loaded = (): boolean => loading !== undefined;

/**
 * Interrupts a query in flight and forgets the shared context (a later query starts a fresh
 * one). Not needed for the process to exit: z3-solver unrefs its worker threads, so a
 * script or CLI command that used Z3 exits on its own (tested). It deliberately does not
 * terminate the emscripten threads: that races with threads finishing their work (stray
 * "cleanupThread from terminated worker" messages on stderr, and an occasional hang of a
 * later query).
 */
export async function shutdownZ3(): Promise<void> {
  const l = loading;
  loading = undefined;
  if (!l) return;
  try {
    (await l).ctx.interrupt();
  } catch {
    // init failed: nothing to stop
  }
}

/** One obligation: its residual, or equivalent forms of it (the first that translates is used). */
export type Obligation = Expr | readonly Expr[];

export interface Range {
  readonly lo: number;
  readonly hi: number;
}

export interface DecideOptions {
  /** Z3's time limit for the query (default 1000 ms). */
  readonly timeoutMs?: number;
  /** Proves denominator signs; default: interval evaluation over box × slot enclosures. */
  readonly signOf?: SignOracle;
  /**
   * Restrict x to the closed Voronoi cell of points[index] (exact rational points):
   * unsat then proves the obligations on box ∩ cell only.
   */
  readonly cell?: { readonly points: readonly (readonly Rational[])[]; readonly index: number };
}

/**
 * An axis-aligned box of doubles, lo[j] ≤ x_j ≤ hi[j]: structurally the engine's Box
 * (src/engine/box.ts), declared here so that this layer does not depend on the engine.
 */
export interface Box {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

export type DecideResult =
  | { readonly result: 'unsat'; readonly ms: number }
  | {
      readonly result: 'sat';
      /** x of the model, as doubles (clamped into the box). */
      readonly point: number[];
      /** The slots' values in the model. */
      readonly slotValues: number[];
      /** Indices of the obligations that are < 0 in Z3's exact model. */
      readonly violated: number[];
      readonly ms: number;
    }
  | { readonly result: 'unknown'; readonly why: string; readonly ms: number };

/**
 * Decides "∃ x ∈ box, s ∈ slots: R_k(x, s) < 0 for some k" (one query, a disjunction over
 * k). Variables 0..dim−1 of the residuals are x, dim.. are the slots. `ms` is the time of
 * translation and check (not Z3's one-time initialisation).
 */
export async function decideBox(
  residuals: readonly Obligation[],
  dim: number,
  box: Box,
  slots: readonly Range[],
  opts: DecideOptions = {},
): Promise<DecideResult> {
  const boxLo = box.lo;
  const boxHi = box.hi;
  let started = performance.now();
  const unknown = (why: string): DecideResult => ({ result: 'unknown', why, ms: performance.now() - started });
  if (boxLo.length !== dim || boxHi.length !== dim) return unknown(`the box has ${boxLo.length} coordinates, expected ${dim}`);
  const lo = [...boxLo, ...slots.map((s) => s.lo)];
  const hi = [...boxHi, ...slots.map((s) => s.hi)];
  if (lo.some(Number.isNaN) || hi.some(Number.isNaN)) return unknown('NaN in the box or a slot enclosure');
  const forms = residuals.map((r) => (isExprList(r) ? r : [r]));
  // Cheap refusal before Z3 is even loaded.
  for (let k = 0; k < forms.length; k++) {
    const f = forms[k]!;
    if (f.length === 0) return unknown(`obligation ${k} has no form`);
    if (f.every((e) => nonRationalPart(e) !== undefined)) return unknown(`obligation ${k}: not polynomial/rational: contains ${nonRationalPart(f[0]!)}`);
  }
  if (forms.length === 0) return { result: 'unsat', ms: 0 };

  let z: Z3Handle;
  try {
    z = await z3Context();
  } catch (err) {
    return unknown(`Z3 failed to start: ${(err as Error)?.message ?? String(err)}`);
  }
  started = performance.now();
  const Z3 = z.ctx;
  const vars: Z3Real[] = [...Array.from({ length: dim }, (_, i) => Z3.Real.const(`x!${i}`)), ...slots.map((_, j) => Z3.Real.const(`s!${j}`))];
  const tr = new Translator(z3Backend(Z3, vars), opts.signOf ?? intervalSignOracle(lo, hi));
  const terms: Z3Real[] = [];
  const cellConstraints: Z3Bool[] = [];
  try {
    for (let k = 0; k < forms.length; k++) {
      let why = '';
      let done = false;
      for (const e of forms[k]!) {
        const r = attempt(() => tr.term(e), tr);
        if (r.ok) {
          terms.push(r.term);
          done = true;
          break;
        }
        why ||= r.message;
      }
      if (!done) return unknown(`obligation ${k}: ${why}`);
    }
    if (opts.cell) {
      const { points, index } = opts.cell;
      const pj = points[index];
      if (!pj || pj.length !== dim || points.some((p) => p.length !== dim)) return unknown('cell: bad point index or dimension');
      const x = Array.from({ length: dim }, (_, i) => b.variable(i, `x${i}`));
      for (let k = 0; k < points.length; k++) {
        // ‖x − p_j‖² ≤ ‖x − p_k‖²  ⟺  2 xᵀ(p_k − p_j) − (‖p_k‖² − ‖p_j‖²) ≤ 0
        if (k !== index) cellConstraints.push(tr.term(cellForm(x, pj, points[k]!)).le(0));
      }
    }
  } catch (err) {
    return unknown(`translation failed: ${(err as Error)?.message ?? String(err)}`);
  }

  const solver = new Z3.Solver();
  try {
    solver.set('timeout', Math.max(1, Math.round(opts.timeoutMs ?? 1000)));
    for (let i = 0; i < lo.length; i++) {
      if (Number.isFinite(lo[i]!)) solver.add(vars[i]!.ge(exact(Z3, lo[i]!)));
      if (Number.isFinite(hi[i]!)) solver.add(vars[i]!.le(exact(Z3, hi[i]!)));
    }
    for (const c of tr.side) solver.add(c);
    for (const c of cellConstraints) solver.add(c);
    const negs = terms.map((t) => t.lt(0));
    solver.add(negs.length === 1 ? negs[0]! : Z3.Or(...negs));
    const r = await solver.check();
    if (r === 'unsat') return { result: 'unsat', ms: performance.now() - started };
    if (r === 'unknown') return unknown(`Z3: ${reasonUnknown(z, solver.ptr)}`);
    const model = solver.model();
    const value = (t: Z3Real) => decimal(z, model.eval(t, true));
    const point = boxLo.map((l, i) => {
      const v = value(vars[i]!);
      return Number.isNaN(v) ? l + (boxHi[i]! - l) / 2 : Math.min(Math.max(v, l), boxHi[i]!);
    });
    const slotValues = slots.map((_, j) => value(vars[dim + j]!));
    const violated = negs.flatMap((n, k) => (Z3.isTrue(model.eval(n, true)) ? [k] : []));
    return { result: 'sat', point, slotValues, violated, ms: performance.now() - started };
  } catch (err) {
    return unknown(`Z3 error: ${(err as Error)?.message ?? String(err)}`);
  } finally {
    solver.release();
  }
}

function isExprList(r: Obligation): r is readonly Expr[] {
  return Array.isArray(r);
}

/** The exact rational value of a double as a Z3 numeral. */
function exact(Z3: Z3Context, v: number): Z3Real {
  const r = Rational.fromNumber(v);
  return Z3.Real.val({ numerator: r.num, denominator: r.den });
}

/** g_jk(x) = 2 xᵀ(p_k − p_j) − (‖p_k‖² − ‖p_j‖²): x is in the closed cell of p_j iff g_jk ≤ 0 for all k. */
export function cellForm(x: readonly Expr[], pj: readonly Rational[], pk: readonly Rational[]): Expr {
  const sq = (p: readonly Rational[]) => p.reduce((s, v) => s.add(v.mul(v)), Rational.ZERO);
  const c = sq(pk).sub(sq(pj));
  return b.add(...x.map((xi, i) => b.mul(b.num(pk[i]!.sub(pj[i]!).mul(Rational.of(2))), xi)), b.num(c.neg()));
}

/** A model value (rational or algebraic) as the nearest double of its 20-digit decimal. */
function decimal(z: Z3Handle, v: { readonly ast: unknown }): number {
  const s = z.api.Z3.get_numeral_decimal_string(z.ctx.ptr, v.ast as never, 20);
  return Number(s.replace(/\?$/, ''));
}

function reasonUnknown(z: Z3Handle, solver: unknown): string {
  try {
    return z.api.Z3.solver_get_reason_unknown(z.ctx.ptr, solver as never);
  } catch {
    return 'unknown';
  }
}
