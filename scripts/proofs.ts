/**
 * `npm run proofs`: regenerates proofs/ through the real CLI, as a user would.
 *
 * 1. The toy claims of examples/demo/claims.json that are certified: one certificate each.
 * 2. The paper's catalogue (examples/paper/catalogue.json): every check (a certificate for
 *    each certified claim whose S is exact; `auto` S cannot be put in a certificate yet),
 *    every constants request (certified/refuted bracket), and a report per problem
 *    (proofs/reports/<name>/) whose report.json gives f*, S, c, σ²_int and L.
 * 3. proofs/index.json (what CI re-verifies, test/proofs.test.ts) and proofs/catalogue.json
 *    (all results), and the table of proofs/README.md between its GENERATED markers.
 *
 * Usage: npm run proofs [-- --only ex6-saddle] [-- --skip-constants] [-- --skip-reports]
 *        npm run proofs -- --render-only   (re-reads the reports' facts, rewrites the README table)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const skipConstants = argv.includes('--skip-constants');
const skipReports = argv.includes('--skip-reports');
const renderOnly = argv.includes('--render-only');

/** The problem facts of a report (f*, S, c, σ²_int, L: report.json's `problem`). */
function reportFacts(file: string): unknown {
  return (JSON.parse(readFileSync(file, 'utf8')) as { problem?: unknown }).problem ?? null;
}

type Claim = Record<string, string>;
interface Example {
  id: string;
  title: string;
  problem: string;
  box: string;
  paper: string;
  checks: (Claim & { expect: string; role: string })[];
  constants: { condition: string; fix?: string; role: string }[];
  blocked?: string;
}

function cli(args: string[]): { code: number; out: any; stderr: string; seconds: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['bin/lscert.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 28,
  });
  let out: any = null;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    /* not JSON: reported below */
  }
  return { code: r.status ?? -1, out, stderr: r.stderr, seconds: (Date.now() - t0) / 1000 };
}

const CONSTS = ['alpha', 'beta', 'mu', 'theta'] as const;
const claimFlags = (c: Claim) => [
  '--condition',
  c.condition!,
  ...CONSTS.filter((k) => c[k] !== undefined).flatMap((k) => [`--${k}`, c[k]!]),
  ...((c as { numeric?: unknown }).numeric ? ['--numeric'] : []),
];
const certName = (problem: string, c: Claim) =>
  `${problem.replace(/^.*\//, '').replace(/\.ya?ml$/, '')}-${c.condition}-${CONSTS.filter((k) => c[k] !== undefined)
    .map((k) => `${k}${c[k]}`)
    .join('-')}.cert.json`;

const index: Record<string, unknown>[] = [];
const failures: string[] = [];

if (renderOnly) {
  const cat = JSON.parse(readFileSync(join(root, 'proofs', 'catalogue.json'), 'utf8')) as { examples: Record<string, unknown>[] };
  for (const e of cat.examples) {
    const file = join(
      root,
      'proofs',
      'reports',
      String(e.problem)
        .replace('examples/paper/', '')
        .replace(/\.ya?ml$/, ''),
      'report.json',
    );
    if (existsSync(file)) e.facts = reportFacts(file);
  }
  writeFileSync(join(root, 'proofs', 'catalogue.json'), `${JSON.stringify(cat, null, 2)}\n`);
  writeFileSync(join(root, 'proofs', 'README.md'), renderReadme(readFileSync(join(root, 'proofs', 'README.md'), 'utf8'), cat.examples));
  process.exit(0);
}

/** Runs one check; writes its certificate under proofs/<dir> when certified and possible. */
function runCheck(problem: string, c: Claim, dir: string): Record<string, unknown> {
  const name = certName(problem, c);
  const rel = join(dir, name);
  const r = cli(['check', problem, ...claimFlags(c), '--cert', join('proofs', rel), '--json']);
  if (!r.out) throw new Error(`${problem} ${c.condition}: no JSON (exit ${r.code}): ${r.stderr.trim().split('\n')[0]}`);
  const wrote = r.out.verdict === 'certified' && existsSync(join(root, 'proofs', rel));
  const noCert = r.out.verdict === 'certified' && !wrote ? (r.stderr.match(/no certificate written: (.*)/)?.[1] ?? 'not written') : null;
  if (wrote)
    index.push({
      certificate: rel,
      problem,
      condition: c.condition,
      constants: Object.fromEntries(CONSTS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]])),
      boxes: r.out.boxes,
      seconds: r.seconds,
    });
  return {
    ...c,
    verdict: r.out.verdict,
    coverage: r.out.coverage,
    boxes: r.out.boxes,
    seconds: r.seconds,
    certificate: wrote ? rel : null,
    ...(noCert && { noCertificate: noCert }),
    ...(r.out.reason && { reason: r.out.reason }),
    ...(r.out.counterexample && { counterexample: r.out.counterexample }),
    ...(r.out.universal && { universal: r.out.universal }),
  };
}

// 1. Toy claims (with --only, their previous index entries are kept).
if (only) {
  const prev = existsSync(join(root, 'proofs', 'index.json'))
    ? (JSON.parse(readFileSync(join(root, 'proofs', 'index.json'), 'utf8')) as { certificate: string }[])
    : [];
  index.push(...prev.filter((e) => e.certificate.startsWith('toy/')));
} else {
  rmSync(join(root, 'proofs', 'toy'), { recursive: true, force: true });
  mkdirSync(join(root, 'proofs', 'toy'), { recursive: true });
  const claims = JSON.parse(readFileSync(join(root, 'examples', 'demo', 'claims.json'), 'utf8')) as Claim[];
  for (const c of claims.filter((x) => x.expect === 'certified')) {
    // Problem paths of a claims list are relative to the list's folder (examples/demo).
    const row = runCheck(join('examples', 'demo', c.problem!), c, 'toy');
    console.log(`toy ${c.problem} ${c.condition}: ${row.verdict}`);
    if (row.verdict !== 'certified') failures.push(`${c.problem} ${c.condition}: expected certified, got ${row.verdict}`);
  }
}

// 2. The catalogue.
const catalogue = JSON.parse(readFileSync(join(root, 'examples', 'paper', 'catalogue.json'), 'utf8')) as { examples: Example[] };
const previous = existsSync(join(root, 'proofs', 'catalogue.json'))
  ? (JSON.parse(readFileSync(join(root, 'proofs', 'catalogue.json'), 'utf8')) as { examples: Record<string, unknown>[] }).examples
  : [];
const results: Record<string, unknown>[] = [];
mkdirSync(join(root, 'proofs', 'paper'), { recursive: true });
for (const ex of catalogue.examples) {
  const problem = join('examples', 'paper', ex.problem);
  const name = ex.problem.replace(/\.ya?ml$/, '');
  if (only && only !== name) {
    const old = previous.find((e) => e.problem === problem);
    if (old) results.push(old);
    for (const ch of (old?.checks ?? []) as Record<string, unknown>[])
      if (ch.certificate)
        index.push({
          certificate: ch.certificate,
          problem,
          condition: ch.condition,
          constants: Object.fromEntries(CONSTS.filter((k) => ch[k] !== undefined).map((k) => [k, ch[k]])),
          boxes: ch.boxes,
          seconds: ch.seconds,
        });
    continue;
  }
  for (const f of readdirSafe(join(root, 'proofs', 'paper')).filter((f) => f.startsWith(`${name}-`))) rmSync(join(root, 'proofs', 'paper', f));
  const checks = ex.checks.map((c) => {
    const row = runCheck(problem, c, 'paper');
    console.log(
      `${name} ${c.condition} ${CONSTS.filter((k) => c[k])
        .map((k) => `${k}=${c[k]}`)
        .join(' ')}: ${row.verdict} (${(row.seconds as number).toFixed(1)} s)`,
    );
    if (row.verdict !== c.expect) failures.push(`${name} ${c.condition}: expected ${c.expect}, got ${row.verdict}`);
    return row;
  });
  const constants = skipConstants
    ? ((previous.find((e) => e.problem === problem)?.constants ?? []) as unknown[])
    : ex.constants.map((k) => {
        const r = cli(['constants', problem, '--condition', k.condition, ...(k.fix ? ['--fix', k.fix] : []), '--json', '--gap', '0.01', '--time-limit', '120']);
        if (!r.out) throw new Error(`${name} constants: no JSON (exit ${r.code}): ${r.stderr.trim().split('\n')[0]}`);
        console.log(`${name} constants ${k.condition} ${k.fix ?? ''}: certified ${r.out.certified}, refuted ${r.out.refuted} (${r.seconds.toFixed(1)} s)`);
        return { ...k, certified: r.out.certified, refuted: r.out.refuted, seconds: r.seconds };
      });
  let facts: unknown = null;
  let reportSeconds: number | null = null;
  if (!skipReports) {
    const out = join('proofs', 'reports', name);
    // The report checks the paper's α-β claim (the first α-β check) and draws its line (the first tie).
    const ab = ex.checks.find((c) => c.condition === 'alpha-beta' && c.expect !== 'inconclusive');
    const tie = ex.constants.find((k) => k.fix)?.fix;
    const r = cli(['report', problem, '--out', out, '--json', ...(ab ? ['--alpha', ab.alpha!, '--beta', ab.beta!] : []), ...(tie ? ['--fix', tie] : [])]);
    reportSeconds = r.seconds;
    if (r.code !== 0 && r.code !== 1 && r.code !== 2) failures.push(`${name} report: exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
    const jsonFile = join(root, out, 'report.json');
    if (existsSync(jsonFile)) facts = reportFacts(jsonFile);
    console.log(`${name} report: exit ${r.code} (${r.seconds.toFixed(1)} s)`);
  } else facts = (previous.find((e) => e.problem === problem)?.facts ?? null) as unknown;
  results.push({
    id: ex.id,
    title: ex.title,
    problem,
    box: ex.box,
    paper: ex.paper,
    checks,
    constants,
    facts,
    reportSeconds,
    ...(ex.blocked && { blocked: ex.blocked }),
  });
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

writeAtomic(join(root, 'proofs', 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
writeAtomic(join(root, 'proofs', 'catalogue.json'), `${JSON.stringify({ generated: 'npm run proofs', examples: results }, null, 2)}\n`);
writeAtomic(join(root, 'proofs', 'README.md'), renderReadme(readFileSync(join(root, 'proofs', 'README.md'), 'utf8'), results));
if (failures.length) {
  console.error(`\n${failures.length} result(s) differ from the catalogue's expectations:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
} else console.log(`\nall results as expected; ${index.length} certificates`);

function renderReadme(old: string, rows: Record<string, any>[]): string {
  const fmt = (v: unknown) =>
    typeof v === 'number'
      ? Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)
        ? v.toExponential(4)
        : String(+v.toPrecision(6))
      : v === null || v === undefined
        ? '—'
        : String(v);
  const consts = (c: Record<string, unknown>) =>
    CONSTS.filter((k) => c[k] !== undefined)
      .map((k) => `${k === 'alpha' ? 'α' : k === 'beta' ? 'β' : k === 'mu' ? 'μ' : 'θ'} = ${c[k]}`)
      .join(', ');
  const lines: string[] = ['<!-- GENERATED by npm run proofs: do not edit between these markers -->', ''];
  lines.push('| ex. | problem | box | paper | claim checked | lscert verdict | time | certificate |', '|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    for (const c of r.checks as Record<string, any>[]) {
      const v = c.universal
        ? `${c.verdict} (every ${c.condition === 'pl' ? 'μ' : 'θ'} > 0: ${c.universal.stationaryKind} at (${(c.universal.point as number[]).map((x) => fmt(x)).join(', ')}))`
        : c.verdict === 'refuted' && c.counterexample
          ? `refuted at (${(c.counterexample.x as number[]).map((x) => fmt(x)).join(', ')})`
          : c.verdict;
      lines.push(
        `| ${r.id} | \`${r.problem.replace('examples/paper/', '')}\` | ${r.box} | ${r.paper} | ${c.condition} ${consts(c)} (${c.role}) | ${v} | ${fmt(c.seconds)} s | ${c.certificate ? `[${c.certificate.replace('paper/', '')}](${c.certificate})` : c.noCertificate ? `none: ${c.noCertificate}` : '—'} |`,
      );
    }
  }
  lines.push('', '**Tight constants on the box** (`lscert constants`; the true threshold lies between the refuted and the certified value):', '');
  lines.push('| ex. | request | certified | refuted | time |', '|---|---|---|---|---|');
  for (const r of rows)
    for (const k of r.constants as Record<string, any>[])
      lines.push(`| ${r.id} | ${k.condition} ${k.fix ? `with ${k.fix}` : ''}: ${k.role} | ${fmt(k.certified)} | ${fmt(k.refuted)} | ${fmt(k.seconds)} s |`);
  lines.push('', '**Recorded quantities** (from each report, `proofs/reports/<name>/report.json`):', '');
  lines.push('| ex. | f* | S | c = min_i f_i(S) | σ²_int | L (certified) | report |', '|---|---|---|---|---|---|---|');
  const rng = (v: any): string => {
    if (v === null || v === undefined) return '—';
    if (Array.isArray(v)) return v[0] === null && v[1] === null ? 'unbounded' : v[0] === v[1] ? fmt(v[0]) : `[${fmt(v[0])}, ${fmt(v[1])}]`;
    if (typeof v === 'object' && 'enclosure' in v) return v.exact ? `${v.exact} ∈ ${rng(v.enclosure)}` : rng(v.enclosure);
    if (typeof v === 'object' && 'value' in v) return v.value === null ? 'not certified' : `≤ ${fmt(v.value)}`;
    return fmt(v);
  };
  for (const r of rows) {
    const f = (r.facts ?? {}) as Record<string, any>;
    const name = (r.problem as string).replace('examples/paper/', '').replace(/\.ya?ml$/, '');
    lines.push(
      `| ${r.id} | ${rng(f.fstar)} | ${f.minimizers?.text ?? '—'} | ${rng(f.c)} | ${rng(f.sigma2int)} | ${rng(f.L)} | ${r.reportSeconds !== null ? `[report](reports/${name}/report.md) (${fmt(r.reportSeconds)} s)` : '—'} |`,
    );
  }
  const blocked = rows.filter((r) => r.blocked);
  if (blocked.length) {
    lines.push('', '**What blocks the inconclusive ones:**', '');
    for (const r of blocked) lines.push(`- ${r.id} (${r.title}): ${r.blocked}`);
  }
  lines.push('', '<!-- END GENERATED -->');
  const start = old.indexOf('<!-- GENERATED');
  const end = old.indexOf('<!-- END GENERATED -->');
  if (start < 0 || end < 0) return `${old.trimEnd()}\n\n${lines.join('\n')}\n`;
  return `${old.slice(0, start)}${lines.join('\n')}${old.slice(end + '<!-- END GENERATED -->'.length)}`;
}
