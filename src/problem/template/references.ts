import type { DataNode, ExpandEnv } from './env.js';
import { TemplateError } from './TemplateError.js';

/** A reference `name[i][j]…` in a template term, its indices evaluated. */
export interface Ref {
  readonly name: string;
  readonly indices: readonly number[];
  /** 0-based offset of the name in the template text. */
  readonly pos: number;
  /** Token index just after the reference. */
  readonly end: number;
}

/** The text of a scalar reference: a data entry's exact value, or a variable component `w_i_j`. */
export function resolveScalar(env: ExpandEnv, ref: Ref): string {
  const label = `${ref.name}[${ref.indices.join('][')}]`;
  const node = env.data.get(ref.name);
  if (node !== undefined) {
    const leaf = walk(node, ref);
    if (Array.isArray(leaf)) throw new TemplateError(`${label} is a list of ${leaf.length}; index it further`, ref.pos);
    return (leaf as { text: string }).text;
  }
  const comp = `${ref.name}_${ref.indices.join('_')}`;
  if (env.variables.has(comp)) return comp;
  const shape = env.shapes.get(ref.name);
  if (shape) throw new TemplateError(`${label} is not a variable (${ref.name} is declared as ${ref.name}[${shape.join('][')}], indices start at 0)`, ref.pos);
  if ([...env.variables].some((v) => v.startsWith(`${ref.name}_`))) throw new TemplateError(`${label}: there is no variable '${comp}'`, ref.pos);
  throw new TemplateError(`'${ref.name}' is neither a data list (template.data) nor a vector variable (declare it as "${ref.name}[n]")`, ref.pos);
}

/** The element texts of a vector reference: a data list, or the components of a vector variable. */
export function resolveVector(env: ExpandEnv, ref: Ref): string[] {
  const node = env.data.get(ref.name);
  if (node !== undefined) {
    const list = walk(node, ref);
    if (!Array.isArray(list) || list.some((x) => Array.isArray(x)))
      throw new TemplateError(`${ref.name}${ref.indices.map((i) => `[${i}]`).join('')} is not a vector`, ref.pos);
    return (list as { text: string }[]).map((x) => x.text);
  }
  const shape = env.shapes.get(ref.name);
  const prefix = [ref.name, ...ref.indices].join('_');
  let n = 0;
  if (shape) {
    if (shape.length !== ref.indices.length + 1)
      throw new TemplateError(`${ref.name} is declared as ${ref.name}[${shape.join('][')}]; give ${shape.length - 1} index(es) to get a vector`, ref.pos);
    n = shape[shape.length - 1]!;
  } else while (env.variables.has(`${prefix}_${n}`)) n++;
  if (n === 0 || !env.variables.has(`${prefix}_0`)) throw new TemplateError(`'${ref.name}' is neither a data list nor a vector variable`, ref.pos);
  return Array.from({ length: n }, (_, i) => `${prefix}_${i}`);
}

function walk(node: DataNode, ref: Ref): DataNode {
  let cur = node;
  for (const [d, i] of ref.indices.entries()) {
    if (!Array.isArray(cur)) throw new TemplateError(`${ref.name} has only ${d} dimension(s)`, ref.pos);
    const list = cur as readonly DataNode[];
    if (i < 0 || i >= list.length) throw new TemplateError(`index ${i} is out of range for ${ref.name} (${list.length} entries, indices start at 0)`, ref.pos);
    cur = list[i]!;
  }
  return cur;
}
