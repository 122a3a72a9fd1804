/**
 * `npm run proofs`: re-derives the certificates in proofs/ from the certified claims of
 * examples/demo/claims.json (through the real CLI, as a user would) and writes
 * proofs/index.json (claim → certificate, problem file, verdict, time). CI re-verifies every
 * certificate and checks it is not stale (test/proofs.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const claims = JSON.parse(readFileSync(join(root, 'examples', 'demo', 'claims.json'), 'utf8')) as Record<string, string>[];
const index: Record<string, unknown>[] = [];
for (const c of claims.filter((x) => x.expect === 'certified')) {
  const consts = ['alpha', 'beta', 'mu', 'theta'].filter((k) => c[k] !== undefined);
  const name = `${c.problem!.replace(/\.ya?ml$/, '')}-${c.condition}-${consts.map((k) => `${k}${c[k]}`).join('-')}.cert.json`;
  const args = ['bin/lscert.js', 'check', join('examples', c.problem!), '--condition', c.condition!, ...consts.flatMap((k) => [`--${k}`, c[k]!]), '--cert', join('proofs', name), '--json'];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { verdict: string; boxes: number };
  if (r.status !== 0) throw new Error(`${name}: expected certified, got ${out.verdict}`);
  index.push({ certificate: name, problem: `examples/${c.problem}`, condition: c.condition, constants: Object.fromEntries(consts.map((k) => [k, c[k]])), boxes: out.boxes, seconds: (Date.now() - t0) / 1000 });
  console.log(`${name}: certified (${out.boxes} boxes)`);
}
writeFileSync(join(root, 'proofs', 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
