/**
 * docs/cli.md is the command-line reference (issue [8] §5): it must follow the program.
 * The ground truth is the built CLI's own help (`lscert --help`, `lscert <command> --help`),
 * spawned as a user would, and the exit statuses of src/cli/exit.ts and src/cli/entry.ts.
 *
 * - every command `lscert --help` lists has a section "### `command`" in docs/cli.md, and
 *   every such section names a real command;
 * - every long flag of `lscert <command> --help` appears in that command's section
 *   (as `--flag`, in backticks), and a flag with a default is documented in a table row whose
 *   second cell holds that default;
 * - every flag in the first cell of a flag table of a section is a flag of that command
 *   (no stale flags);
 * - every exit status (EXIT, SIGNAL_EXIT) is a row of the exit-status table;
 * - links to docs/cli.md#anchor from the other docs resolve to a heading of docs/cli.md;
 * - the user-facing docs do not send readers to an interface document they do not have.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit.js';
import { SIGNAL_EXIT } from '../../src/cli/entry.js';
import { lscert, ROOT } from '../helpers/cli.js';

const DOC_PATH = join(ROOT, 'docs', 'cli.md');
const DOC = readFileSync(DOC_PATH, 'utf8');

/** commander's own `help [command]` is documented under Global options, not as a section. */
const BUILT_IN = new Set(['help']);

// ---------------------------------------------------------------------------------------------
// Parsing commander's help text

/** The command names of `lscert --help` (lines "  name [options] …" after "Commands:"). */
function commandsOf(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => /^Commands:\s*$/.test(l));
  if (start < 0) return [];
  const names: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/^\S/.test(l)) break; // the next block
    const m = /^ {2}([a-z][a-z0-9-]*)(?=\s|$)/.exec(l);
    if (m) names.push(m[1]!);
  }
  return names;
}

interface HelpFlag {
  /** The long flag, e.g. "--max-boxes" or "--no-z3". */
  readonly flag: string;
  /** commander's "(default: "…")" value, if any. */
  readonly default?: string;
}

/**
 * The long flags of `lscert <command> --help`: each option line "  [-x, ]--flag <arg>  text",
 * with its wrapped continuation lines joined to read the default.
 */
function flagsOf(help: string): HelpFlag[] {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => /^Options:\s*$/.test(l));
  if (start < 0) return [];
  const blocks: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/^\S/.test(l)) break;
    if (/^ {2}-/.test(l)) blocks.push(l);
    else if (blocks.length && l.trim() !== '') blocks[blocks.length - 1] += ` ${l.trim()}`;
  }
  return blocks.flatMap((b) => {
    const m = /^ {2}(?:-[A-Za-z0-9], )?(--[A-Za-z0-9][A-Za-z0-9-]*)/.exec(b);
    if (!m) return [];
    const d = /\(default: "([^"]*)"\)/.exec(b.replace(/\s+/g, ' '));
    return [{ flag: m[1]!, ...(d && { default: d[1]! }) }];
  });
}

// ---------------------------------------------------------------------------------------------
// Reading docs/cli.md

/** The text of the section under "### `name`", up to the next heading of level 1 to 3. */
function commandSection(doc: string, name: string): string | undefined {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trim() === `### \`${name}\``);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,3} /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The command names of the "### `name`" sections. */
function sectionNames(doc: string): string[] {
  return [...doc.matchAll(/^### `([a-z][a-z0-9-]*)`\s*$/gm)].map((m) => m[1]!);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `--flag` in backticks, followed by the end of the code span, an argument or a space. */
const mentions = (text: string, flag: string) => new RegExp(`\`${escapeRe(flag)}(?=[\`\\s<])`).test(text);

/** The cells of a Markdown table row (without the outer pipes), or undefined for other lines. */
function cells(line: string): string[] | undefined {
  const t = line.trim();
  if (!t.startsWith('|') || /^\|[\s|:-]+\|$/.test(t)) return undefined;
  return t
    .slice(1, t.endsWith('|') ? -1 : undefined)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The flags named (in backticks) in the first cell of the section's table rows. */
function tableFlags(section: string): string[] {
  return section.split('\n').flatMap((l) => {
    const c = cells(l);
    return c ? [...c[0]!.matchAll(/`(--[A-Za-z0-9][A-Za-z0-9-]*)/g)].map((m) => m[1]!) : [];
  });
}

/** The second cell of the table row whose first cell names `flag`, if any. */
function defaultCell(section: string, flag: string): string | undefined {
  for (const l of section.split('\n')) {
    const c = cells(l);
    if (c && c.length >= 2 && mentions(c[0]!, flag)) return c[1]!;
  }
  return undefined;
}

/** A default as the reader sees it: bundled paths relative to the repository. */
const shownDefault = (d: string) => (d.startsWith(ROOT) ? relative(ROOT, d).split('\\').join('/') : d);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(doc: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const l of doc.split('\n')) {
    if (/^\s*(```|~~~)/.test(l)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(l);
    if (!m) continue;
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Markdown files under `dir` (recursive). */
function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' ? [] : markdown(p);
    return n.endsWith('.md') ? [p] : [];
  });
}

// ---------------------------------------------------------------------------------------------

const top = lscert(['--help']);
const COMMANDS = commandsOf(top.stdout).filter((c) => !BUILT_IN.has(c));

describe('docs/cli.md follows the CLI', () => {
  it('lscert --help lists the commands (the parser reads them)', () => {
    expect(top.code).toBe(0);
    expect(COMMANDS).toContain('check');
    expect(COMMANDS).toContain('verify-cert');
    expect(COMMANDS.length).toBeGreaterThanOrEqual(11);
  });

  it('every command has a section, and every section is a command', () => {
    const sections = sectionNames(DOC);
    expect(
      COMMANDS.filter((c) => !sections.includes(c)),
      'commands without a "### `name`" section in docs/cli.md',
    ).toEqual([]);
    expect(
      sections.filter((s) => !COMMANDS.includes(s)),
      'sections of docs/cli.md for commands lscert does not have',
    ).toEqual([]);
  });

  // One test per command: its flags (and their defaults) are in its section, and no others.
  for (const cmd of COMMANDS) {
    it(`${cmd}: every flag of "lscert ${cmd} --help" is documented in its section, with its default`, () => {
      const r = lscert([cmd, '--help']);
      expect(r.code).toBe(0);
      const flags = flagsOf(r.stdout).filter((f) => f.flag !== '--help');
      expect(flags.length, `no flags parsed from "lscert ${cmd} --help"`).toBeGreaterThan(0);
      const section = commandSection(DOC, cmd);
      expect(section, `docs/cli.md has no section "### \`${cmd}\`"`).toBeDefined();

      const missing = flags.filter((f) => !mentions(section!, f.flag)).map((f) => f.flag);
      expect(missing, `flags of ${cmd} missing from its section of docs/cli.md`).toEqual([]);

      const wrongDefaults = flags
        .filter((f) => f.default !== undefined)
        .flatMap((f) => {
          const cell = defaultCell(section!, f.flag);
          const want = shownDefault(f.default!);
          const ok = cell !== undefined && new RegExp(`(^|[^\\w.])${escapeRe(want)}($|[^\\w.])`).test(cell);
          return ok
            ? []
            : [`${f.flag}: help says default ${JSON.stringify(want)}, the table row says ${cell === undefined ? '(no table row)' : JSON.stringify(cell)}`];
        });
      expect(wrongDefaults, `defaults of ${cmd} in docs/cli.md`).toEqual([]);

      const known = new Set(flags.map((f) => f.flag));
      const stale = [...new Set(tableFlags(section!))].filter((f) => !known.has(f));
      expect(stale, `flags in the tables of ${cmd}'s section that "lscert ${cmd} --help" does not list`).toEqual([]);
    });
  }

  it('every exit status of src/cli/exit.ts and src/cli/entry.ts is a row of the exit-status table', () => {
    const lines = DOC.split('\n');
    const start = lines.findIndex((l) => l.trim() === '## Exit status');
    expect(start, 'docs/cli.md has no "## Exit status" section').toBeGreaterThanOrEqual(0);
    const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
    const rows = lines
      .slice(start, end < 0 ? undefined : end)
      .map(cells)
      .filter((c): c is string[] => c !== undefined && /^\d+$/.test(c[0]!) && (c[1] ?? '').length > 0)
      .map((c) => Number(c[0]));
    const codes = [...new Set([...Object.values(EXIT), ...Object.values(SIGNAL_EXIT)])].sort((a, b) => a - b);
    expect(codes).toEqual(expect.arrayContaining([0, 1, 2, 64, 65, 70, 129, 130, 143]));
    expect(
      codes.filter((c) => !rows.includes(c)),
      'exit statuses missing from the table of docs/cli.md',
    ).toEqual([]);
  });

  it('links to docs/cli.md#anchor resolve to its headings', () => {
    const known = anchors(DOC);
    const files = [...markdown(join(ROOT, 'docs')), ...markdown(join(ROOT, 'examples')), join(ROOT, 'README.md')];
    const broken: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const self = f === DOC_PATH;
      const re = self ? /\]\(#([^)\s]+)\)/g : /cli\.md#([A-Za-z0-9_%-]+)/g;
      for (const m of text.matchAll(re)) if (!known.has(decodeURIComponent(m[1]!))) broken.push(`${relative(ROOT, f)}: #${m[1]}`);
    }
    expect(broken).toEqual([]);
  });

  it('the docs do not refer readers to an interface document they do not have', () => {
    const files = [...markdown(join(ROOT, 'docs')), ...markdown(join(ROOT, 'examples'))];
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((l, i) => (/CONTRACT\.md|contract\s*§/i.test(l) ? [`${relative(ROOT, f)}:${i + 1}: ${l.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});

describe('the parsers of this test', () => {
  it('read flags and wrapped defaults from commander help, and see a missing flag', () => {
    const help = [
      'Usage: lscert x [options]',
      '',
      'Options:',
      '  --max-boxes <n>   branch-and-bound budget in boxes (default:',
      '                    "200000")',
      '  --no-z3           no Z3',
      '  -h, --help        display help for command',
      '',
    ].join('\n');
    expect(flagsOf(help)).toEqual([{ flag: '--max-boxes', default: '200000' }, { flag: '--no-z3' }, { flag: '--help' }]);
    const doc = '### `x`\n\n| flag | default | meaning |\n|---|---|---|\n| `--max-boxes <n>` | 200000 | budget |\n\n### `y`\n\n`--no-z3`\n';
    const section = commandSection(doc, 'x')!;
    expect(mentions(section, '--max-boxes')).toBe(true);
    expect(mentions(section, '--no-z3')).toBe(false); // documented under another command only
    expect(mentions('`--numeric-samples <n>`', '--numeric')).toBe(false);
    expect(defaultCell(section, '--max-boxes')).toBe('200000');
  });

  it('reads the command list and GitHub anchors', () => {
    expect(
      commandsOf(
        'Usage: lscert\n\nCommands:\n  check [options] [problem]   text\n                              more\n  verify-cert <f>  text\n  help [command]  h\n',
      ),
    ).toEqual(['check', 'verify-cert', 'help']);
    expect([...anchors('## Exit status\n### `verify-cert`\n```\n# not a heading\n```\n## Exit status\n')]).toEqual([
      'exit-status',
      'verify-cert',
      'exit-status-1',
    ]);
  });
});
