import type { Command } from 'commander';
import { Rational } from '../../exact/rational.js';
import { objective } from '../../conditions/index.js';
import {
  build as b,
  listNames,
  compileFloat,
  compileInterval,
  gradient,
  kinkGuards,
  parseConstant,
  encloseConstant,
  simplify,
  type Expr,
} from '../../expr/index.js';
import { domainBoxes, termLabel, type Problem } from '../../problem/index.js';
import { UsageError } from '../exit.js';
import { printable } from '../../problem/printable.js';
import { act } from '../act.js';
import { fmt } from '../io.js';
import { resolveProblem, withProblemOptions, type ProblemFlags } from '../problemArgs.js';

/** Parses "x=1,y=2/3" into exact values, in variable order; messages name `flag` (the flag the user gave). */
export function parsePoint(p: Problem, spec: string, flag = '--at'): Rational[] {
  const vals = new Map<string, string>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new UsageError(`${flag}: expected "name=value", got '${part}'`);
    // One value per variable: a second one (x=1,x=2) is not silently preferred to the first.
    if (vals.has(m[1]!))
      throw new UsageError(
        `${flag}: '${m[1]}' is given twice ('${printable(vals.get(m[1]!)!, 40)}' and '${printable(m[2]!, 40)}'); give one value per variable`,
      );
    vals.set(m[1]!, m[2]!);
  }
  for (const k of vals.keys()) if (!p.variables.includes(k)) throw new UsageError(`${flag}: unknown variable '${k}' (variables are ${listNames(p.variables)})`);
  return p.variables.map((v) => {
    const s = vals.get(v);
    if (s === undefined) throw new UsageError(`${flag}: missing a value for '${v}'`);
    let e: Expr;
    try {
      e = parseConstant(s);
    } catch {
      throw new UsageError(`${flag}: '${v}=${s}' is not a number or exact constant`);
    }
    const r = e.kind === 'num' ? e.value : undefined;
    // As the claim flags: a coordinate beyond the doubles (1e400) would be evaluated as ±∞.
    if (r && !Number.isFinite(r.toNumber())) throw new UsageError(`${flag}: '${v}' is beyond the range of doubles`);
    if (!r) {
      const iv = encloseConstant(e);
      if (iv.lo !== iv.hi) throw new UsageError(`${flag}: '${v}=${s}' must be a rational number`);
      return Rational.fromNumber(iv.lo);
    }
    return r;
  });
}

export function registerEval(program: Command): void {
  withProblemOptions(program.command('eval [problem]'))
    .description('evaluate f, each f_i and their gradients at a point (float value and rigorous enclosure)')
    .requiredOption('--at <point>', 'the point, e.g. "x=1,y=2/3" (exact values)')
    .option('--json', 'print one JSON object')
    .action(
      act((file: string | undefined, opts: ProblemFlags & { at: string; json?: boolean }) => {
        const p = resolveProblem(file, opts);
        const x = parsePoint(p, opts.at);
        const d = p.variables.length;
        const targets = [objective(p), ...p.terms];
        const grads = targets.map((t) => gradient(t, d).map((g) => simplify(g)));
        const all = targets.flatMap((t, k) => [t, ...grads[k]!]);
        const fl = compileFloat(all);
        const iv = compileInterval(all, { rounding: 'tight' }); // shown to the user: exact values stay exact
        const outF = new Float64Array(all.length);
        fl.eval(
          x.map((r) => r.toNumber()),
          outF,
        );
        const lo = new Float64Array(all.length);
        const hi = new Float64Array(all.length);
        const xi = x.map((r) => encloseConstant(b.num(r)));
        iv.eval(
          xi.map((v) => v.lo),
          xi.map((v) => v.hi),
          lo,
          hi,
        );
        const kinks = p.terms.flatMap((t, i) =>
          kinkGuards(t)
            .filter((k) => {
              const e = compileInterval([k.guard], { rounding: 'tight' });
              const gl = new Float64Array(1);
              const gh = new Float64Array(1);
              e.eval(
                xi.map((v) => v.lo),
                xi.map((v) => v.hi),
                gl,
                gh,
              );
              return !(gl[0]! > 0 || gh[0]! < 0);
            })
            .map((k) => ({ term: i, at: k.text })),
        );
        const entry = (k: number) => ({ value: outF[k]!, enclosure: [lo[k]!, hi[k]!] as [number, number] });
        const stride = d + 1;
        const rows = targets.map((_, k) => ({
          name: k === 0 ? 'f' : termLabel(k - 1),
          ...entry(k * stride),
          gradient: Array.from({ length: d }, (_, j) => entry(k * stride + 1 + j)),
        }));
        // Warnings (issue [8] §3): a point outside the box, and functions undefined at the point
        // (their gradient formula may still evaluate, but means nothing there).
        const warnings: string[] = [];
        const { outer, inner } = domainBoxes(p);
        const outside = p.variables.filter((_, j) => xi[j]!.hi < outer.lo[j]! || xi[j]!.lo > outer.hi[j]!);
        const maybe = p.variables.filter((v, j) => !outside.includes(v) && (xi[j]!.lo < inner.lo[j]! || xi[j]!.hi > inner.hi[j]!));
        if (outside.length)
          warnings.push(
            `the point lies outside the domain (${outside.map((v) => `${v} ∉ [${fmt(outer.lo[p.variables.indexOf(v)]!)}, ${fmt(outer.hi[p.variables.indexOf(v)]!)}]`).join(', ')}): the values are shown, but no claim on the domain is about them`,
          );
        else if (maybe.length) warnings.push(`the point may lie outside the domain: ${maybe.join(', ')} is within the float enclosure of an irrational bound`);
        // Undefined (NaN: an operation leaves its domain) and overflowing (defined, but beyond the
        // doubles: exp(1000)) are told apart; neither gradient means anything.
        const nanAt = (r: (typeof rows)[number]) => Number.isNaN(r.enclosure[0]) || Number.isNaN(r.enclosure[1]) || Number.isNaN(r.value);
        const undefinedAt = rows.filter(nanAt);
        const overflowAt = rows.filter((r) => !nanAt(r) && !(Number.isFinite(r.value) && Number.isFinite(r.enclosure[0]) && Number.isFinite(r.enclosure[1])));
        const are = (n: number) => (n === 1 ? 'is' : 'are');
        const theirs = (n: number) => (n === 1 ? 'its gradient is' : 'their gradients are');
        if (undefinedAt.length)
          warnings.push(
            `${undefinedAt.map((r) => r.name).join(', ')} ${are(undefinedAt.length)} undefined at this point (an operation leaves its domain, e.g. log or sqrt of a negative number); ${theirs(undefinedAt.length)} not shown`,
          );
        if (overflowAt.length)
          warnings.push(
            `${overflowAt.map((r) => r.name).join(', ')} ${are(overflowAt.length)} beyond the range of doubles at this point (overflow, e.g. exp of a large number: defined, but not representable); ${theirs(overflowAt.length)} not shown`,
          );
        const undef = new Set([...undefinedAt, ...overflowAt].map((r) => r.name));
        const shown = rows.map((r) =>
          undef.has(r.name) ? { ...r, gradient: r.gradient.map(() => ({ value: NaN, enclosure: [NaN, NaN] as [number, number] })) } : r,
        );
        for (const k of kinks) warnings.push(`term ${termLabel(k.term)} is not differentiable here (${k.at}); gradients above are one-sided hulls`);
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ problem: p.name, at: Object.fromEntries(p.variables.map((v, i) => [v, x[i]!.toString()])), values: shown, kinks, warnings })}\n`,
          );
          return 0;
        }
        const lines = [`${p.name} at (${p.variables.map((v, i) => `${v}=${x[i]}`).join(', ')}):`];
        for (const r of shown) {
          if (undef.has(r.name)) {
            lines.push(`  ${r.name.padEnd(6)} = undefined`);
            continue;
          }
          lines.push(`  ${r.name.padEnd(6)} = ${fmt(r.value).padEnd(14)} ∈ [${r.enclosure[0]}, ${r.enclosure[1]}]`);
          lines.push(`  ∇${r.name.padEnd(5)} = (${r.gradient.map((g) => fmt(g.value)).join(', ')})`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
        for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
        return 0;
      }),
    );
}
