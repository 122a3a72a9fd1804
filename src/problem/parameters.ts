import type { Expr } from '../expr/index.js';
import type { InputContext } from './context.js';
import { readConstant } from './exprs.js';
import { checkName } from './names.js';
import type { FieldPath } from './fieldPositions.js';
import { symbolsOf } from './tokens.js';

/**
 * Reads `parameters`: named exact constants that may use each other (in any order) but
 * never the variables. Fails on a bad name, a name clash, a variable reference, a cycle
 * or a value that is not a finite real number. Returns them in dependency order.
 */
export function readParameters(ctx: InputContext, path: FieldPath, raw: unknown, variables: readonly string[]): Map<string, Expr> {
  const resolved = new Map<string, Expr>();
  if (raw === undefined || raw === null) return resolved;
  const obj = ctx.object(path, raw, 'a mapping of parameter names to values');
  const names = Object.keys(obj);
  const deps = new Map<string, string[]>();
  for (const name of names) {
    const p = [...path, name];
    checkName(ctx, p, name, 'parameter', { key: true });
    if (variables.includes(name)) ctx.fail(p, `'${name}' is both a variable and a parameter`, { key: true });
    const v = obj[name];
    const uses = typeof v === 'string' ? symbolsOf(v) : [];
    const bad = uses.find((u) => variables.includes(u.name));
    if (bad) ctx.fail(p, `parameters must be constants, but '${name}' uses the variable '${bad.name}'`, { column: bad.column });
    deps.set(name, [...new Set(uses.map((u) => u.name).filter((n) => n in obj))]);
  }
  const state = new Map<string, 'busy' | 'done'>();
  const visit = (name: string, chain: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'busy') {
      const cycle = [...chain.slice(chain.indexOf(name)), name];
      ctx.fail([...path, cycle[0]!], `circular definition: ${cycle.join(' -> ')}`);
    }
    state.set(name, 'busy');
    for (const d of deps.get(name)!) visit(d, [...chain, name]);
    state.set(name, 'done');
    resolved.set(name, readConstant(ctx, [...path, name], obj[name], { variables, parameters: resolved }, 'a parameter value').expr);
  };
  for (const name of names) visit(name, []);
  return resolved;
}
