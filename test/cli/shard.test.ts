/**
 * One claim on many machines (issue [10] §4): `check --shard k/N`, `merge-certs`, and
 * `verify-cert` on shard and merged certificates, through the built CLI; then the recipes of
 * docs/scale.md (GNU parallel when installed, else xargs), the Slurm script and the Kubernetes
 * Indexed Job's script of examples/scale/, run locally with their environment set by hand.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, example, lscert, ROOT } from '../helpers/cli.js';

const EX1 = example('ex1-unbounded.yaml');
const HOLDS = ['--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '2'];
const FAILS = ['--condition', 'alpha-beta', '--alpha', '2.5', '--beta', '1.9'];

const dir = mkdtempSync(join(tmpdir(), 'lscert-shard-'));
const at = (name: string) => join(dir, name);
const read = (name: string) => JSON.parse(readFileSync(at(name), 'utf8'));
const oneLine = (s: string) => s.trim().split('\n').length === 1;

/** Runs shard k/n of a claim on ex1 with --cert FILE and --json. */
const shard = (claim: string[], k: number, n: number, file: string, ...extra: string[]) =>
  lscert(['check', EX1, ...claim, '--shard', `${k}/${n}`, '--cert', at(file), '--json', ...extra]);

describe('a claim that holds: --shard 1/2 + --shard 2/2 + merge-certs', () => {
  const single = { code: -1, verdict: '' };
  beforeAll(() => {
    const r = lscert(['check', EX1, ...HOLDS, '--json']);
    single.code = r.code;
    single.verdict = r.json().verdict;
  });

  it('each shard is certified on its box, and records the shard and the claim', () => {
    const a = shard(HOLDS, 1, 2, 'h1.json');
    const b = shard(HOLDS, 2, 2, 'h2.json');
    for (const [r, k] of [
      [a, 1],
      [b, 2],
    ] as const) {
      expect(r.code, r.stderr).toBe(0);
      const j = r.json();
      expect(j.verdict).toBe('certified');
      expect(j.certificate).toBe(at(`h${k}.json`));
      expect(j.shard).toMatchObject({ k, n: 2, domain: { lo: [-3, -3], hi: [3, 3] } });
      expect(j.shard.claim).toMatch(/^[0-9a-f]{64}$/);
      const cert = read(`h${k}.json`);
      expect(cert.format).toBe('lscert-certificate');
      expect(cert.shard).toEqual(j.shard);
      expect(cert.domain).toEqual({ lo: [-3, -3], hi: [3, 3] });
    }
    // The two boxes tile the domain: they share the cut face x = 0.
    expect(a.json().shard.box).toEqual({ lo: [-3, -3], hi: [0, 3] });
    expect(b.json().shard.box).toEqual({ lo: [0, -3], hi: [3, 3] });
    expect(a.json().shard.claim).toBe(b.json().shard.claim);
  });

  it('the text of a shard says the shard only, never the whole domain', () => {
    const r = lscert(['check', EX1, ...HOLDS, '--shard', '2/2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/CERTIFIED on shard 2\/2 only/);
    expect(r.stdout).not.toMatch(/whole domain/);
  });

  it('verify-cert on one shard certificate: valid for that shard only', () => {
    const t = lscert(['verify-cert', at('h1.json')]);
    expect(t.code).toBe(0);
    const first = t.stdout.split('\n')[0]!;
    expect(first).toMatch(/^certificate VALID for shard 1\/2 only: .*NOT on the whole domain/);
    expect(t.stdout).not.toMatch(/holds on the whole domain/);
    const j = lscert(['verify-cert', at('h1.json'), '--json']).json();
    expect(j.valid).toBe(false);
    expect(j.shard).toMatchObject({ k: 1, n: 2, valid: true });
    expect(j.reasons.join(' ')).toMatch(/shard 1\/2: .* only, not on the whole domain/);
  });

  it('merge-certs gives the verdict of one run, and a certificate of the whole claim that verifies', () => {
    const m = lscert(['merge-certs', at('h2.json'), at('h1.json'), '--out', at('holds.json'), '--json']);
    expect(m.code, m.stderr).toBe(0);
    expect(m.code).toBe(single.code);
    expect(m.json()).toMatchObject({ verdict: single.verdict, shards: 2, output: at('holds.json'), constants: { alpha: '5/2', beta: '2' } });
    const cert = read('holds.json');
    expect(cert.shard).toBeUndefined();
    expect(cert.merged).toMatchObject({ n: 2 });
    expect(cert.domain).toEqual({ lo: [-3, -3], hi: [3, 3] });
    expect(cert.tree.split).toEqual([0, 0]);
    const v = lscert(['verify-cert', at('holds.json'), '--problem', EX1]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout.split('\n')[0]).toMatch(/^certificate VALID: .* holds on the whole domain .*merged from 2 shards/);
    expect(lscert(['verify-cert', at('holds.json'), '--json']).json()).toMatchObject({ valid: true, merged: 2 });
  });

  it('a merged certificate whose top split is not the cut is rejected by verify-cert', () => {
    const cert = read('holds.json');
    cert.tree.split = [1, 0];
    writeFileSync(at('bad-merged.json'), JSON.stringify(cert));
    const v = lscert(['verify-cert', at('bad-merged.json')]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/INVALID/);
    expect(v.stdout).toMatch(/merged: tree: expected the split \[0, 0\]/);
  });

  it("a merged certificate's per-shard statistics are checked (an entry dropped, leaves that do not add up)", () => {
    for (const [name, edit, why] of [
      ['dropped', (c: { merged: { shards: unknown[] } }) => c.merged.shards.pop(), /merged\.shards: expected 2 entries, one per shard/],
      [
        'leaves',
        (c: { merged: { shards: { leaves: number }[] } }) => c.merged.shards[0]!.leaves++,
        /merged\.shards: their leaves add up to \d+, the tree has \d+/,
      ],
    ] as const) {
      const cert = read('holds.json');
      edit(cert);
      writeFileSync(at(`stats-${name}.json`), JSON.stringify(cert));
      const v = lscert(['verify-cert', at(`stats-${name}.json`)]);
      expect(v.code, name).toBe(1);
      expect(v.stdout).toMatch(why);
    }
  });

  it('a tampered shard box is rejected by verify-cert (and by merge-certs)', () => {
    const cert = read('h2.json');
    cert.shard.box.lo[0] = 0.5;
    writeFileSync(at('tampered.json'), JSON.stringify(cert));
    const v = lscert(['verify-cert', at('tampered.json')]);
    expect(v.code).toBe(1);
    expect(v.stdout.split('\n')[0]).toMatch(/^certificate INVALID/);
    expect(v.stdout).toMatch(/shard\.box: the recorded box \[0\.5, 3\] × \[-3, 3\] is not shard 2\/2 of the domain/);
    const m = lscert(['merge-certs', at('never.json'), at('h1.json'), at('tampered.json')]);
    expect(m.code).toBe(65);
    expect(oneLine(m.stderr)).toBe(true);
    expect(m.stderr).toMatch(/tampered\.json: shard\.box is not shard 2\/2/);
    expect(existsSync(at('never.json'))).toBe(false);
  });

  it('a shard whose proof is wrong: merge-certs re-checks the joined certificate and does not certify', () => {
    const cert = read('h1.json');
    // The lower half of shard 1 (thousands of leaves) replaced by one leaf that claims natural bounds suffice there.
    cert.tree = { split: cert.tree.split, children: [{ leaf: [{ point: null, how: 'bounds', methods: ['natural', 'natural'] }] }, cert.tree.children[1]] };
    writeFileSync(at('wrong-proof.json'), JSON.stringify(cert));
    const m = lscert(['merge-certs', at('wrong.json'), at('wrong-proof.json'), at('h2.json'), '--json']);
    expect(m.code, m.stderr).toBe(2);
    expect(m.json().verdict).toBe('inconclusive');
    expect(m.json().reason).toMatch(/every shard says certified, but the joined certificate does not verify: box .*lower bound/);
    expect(read('wrong.json')).toMatchObject({ format: 'lscert-merge-result', verdict: 'inconclusive' });
  });

  it('a shard claim identity that is not its problem and claim is rejected', () => {
    const cert = read('h1.json');
    cert.shard.claim = 'f'.repeat(64);
    writeFileSync(at('other-id.json'), JSON.stringify(cert));
    const v = lscert(['verify-cert', at('other-id.json')]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/shard\.claim: .* another claim/);
  });
});

describe('a claim that fails: the shards and their merge refute it', () => {
  it('merge-certs refutes with a verified counterexample, as one run does', () => {
    const single = lscert(['check', EX1, ...FAILS, '--json']);
    expect(single.code).toBe(1);
    const a = shard(FAILS, 1, 2, 'f1.json');
    const b = shard(FAILS, 2, 2, 'f2.json');
    expect([a.code, b.code]).toEqual([1, 1]);
    expect(read('f1.json')).toMatchObject({ format: 'lscert-shard-result', verdict: 'refuted', shard: { k: 1, n: 2 } });
    const m = lscert(['merge-certs', at('fails.json'), at('f1.json'), at('f2.json'), '--json']);
    expect(m.code).toBe(single.code);
    const j = m.json();
    expect(j.verdict).toBe('refuted');
    expect(j.refutedBy).toBe(1);
    expect(j.counterexample.residual[1]).toBeLessThan(0);
    const out = read('fails.json');
    expect(out).toMatchObject({ format: 'lscert-merge-result', verdict: 'refuted', refutedBy: 1 });
    expect(out.counterexample.x).toEqual(j.counterexample.x);
    // A shard result holds no proof: verify-cert says so (not a certificate).
    const v = lscert(['verify-cert', at('f2.json')]);
    expect(v.code).toBe(65);
    expect(v.stderr).toMatch(/a shard result \(verdict refuted\), not a certificate/);
  });

  it('one refuted shard refutes; an inconclusive shard leaves the merge inconclusive, listing it', () => {
    const open = shard(HOLDS, 1, 2, 'o1.json', '--max-boxes', '20', '--no-z3');
    expect(open.code).toBe(2);
    expect(read('o1.json')).toMatchObject({ format: 'lscert-shard-result', verdict: 'inconclusive' });
    const m = lscert(['merge-certs', at('open.json'), at('o1.json'), at('h2.json'), '--json']);
    expect(m.code).toBe(2);
    expect(m.json()).toMatchObject({ verdict: 'inconclusive', open: [{ k: 1 }] });
    expect(read('open.json')).toMatchObject({ format: 'lscert-merge-result', verdict: 'inconclusive', open: [{ k: 1, box: { lo: [-3, -3], hi: [0, 3] } }] });
  });
});

describe('merge-certs refuses a set that is not the N shards of one claim', () => {
  it('a shard missing', () => {
    const r = lscert(['merge-certs', at('m.json'), at('h1.json')]);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/^lscert: missing shard 2 of 2/);
  });

  it('a duplicate shard', () => {
    const r = lscert(['merge-certs', at('m.json'), at('h1.json'), at('h1.json'), at('h2.json')]);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/duplicate shard 1\/2/);
  });

  it('shards of another claim', () => {
    const r = lscert(['merge-certs', at('m.json'), at('h1.json'), at('f2.json')]);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/shards of different claims: .*beta = 2\b.*beta = 19\/10|shards of different claims: .*beta = 19\/10.*beta = 2\b/);
  });

  it('shards of different N', () => {
    const c = shard(FAILS, 3, 3, 'n3.json');
    expect(c.code).toBe(1);
    const r = lscert(['merge-certs', at('m.json'), at('f1.json'), at('n3.json')]);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/shards of different N/);
  });

  it('the output is never one of the shard files (the older form OUT SHARD... would have replaced shard 1)', () => {
    const h1 = readFileSync(at('h1.json'), 'utf8');
    for (const args of [
      [at('h1.json'), at('h2.json')],
      ['--out', at('h1.json'), at('h1.json'), at('h2.json')],
      ['--out', join(dir, '.', 'h2.json'), at('h1.json'), at('h2.json')],
    ]) {
      const r = lscert(['merge-certs', ...args]);
      expect(r.code, args.join(' ')).toBe(64);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/is a shard file, not where to write the merge|is also one of the shard files/);
    }
    expect(readFileSync(at('h1.json'), 'utf8')).toBe(h1);
    expect(lscert(['merge-certs', '--out', '', at('h1.json'), at('h2.json')]).code).toBe(64);
  });

  it('a certificate of the whole claim, or a file that is not a shard', () => {
    const whole = lscert(['check', EX1, ...HOLDS, '--cert', at('whole.json')]);
    expect(whole.code).toBe(0);
    const r = lscert(['merge-certs', at('m.json'), at('whole.json'), at('h2.json')]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/a certificate of the whole claim, not of one shard/);
    writeFileSync(at('junk.json'), '{"format":"x"}');
    expect(lscert(['merge-certs', at('m.json'), at('junk.json')]).code).toBe(65);
    expect(existsSync(at('m.json'))).toBe(false);
  });
});

describe('--shard: bad values are usage errors', () => {
  for (const v of ['0/2', '3/2', 'a/b', '1/4097', '2', '-1/2']) {
    it(`--shard ${v} → 64, one line`, () => {
      const r = lscert(['check', example('x4.yaml'), '--condition', 'pl', '--mu', '0.1', '--shard', v]);
      expect(r.code).toBe(64);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/--shard must be k\/N with 1 <= k <= N <= 4096/);
      expect(r.stdout).toBe('');
    });
  }

  it('a computed S (auto) cannot be sharded: exit 65, one line', () => {
    const r = lscert(['check', example('mf-2x2.yaml'), '--condition', 'pl', '--mu', '0.1', '--shard', '1/2']);
    expect(r.code).toBe(65);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/--shard needs S given by the problem/);
  });

  it('N = 4096 cuts a 1-D box; the last shard is its top piece', () => {
    const r = lscert(['check', example('x4.yaml'), '--condition', 'qcvx', '--theta', '4', '--shard', '4096/4096', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().shard.box.hi).toEqual([1]);
    expect(r.json().shard.box.lo[0]).toBeCloseTo(1 - 2 / 4096, 12);
  });
});

// ---------------------------------------------------------------------------------------------
// The recipes of docs/scale.md and the scripts of examples/scale/

/** A folder with an `lscert` command that runs this build, for the recipes' PATH. */
function shim(): string {
  const bin = mkdtempSync(join(tmpdir(), 'lscert-bin-'));
  const file = join(bin, 'lscert');
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(file, 0o755);
  return bin;
}

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** The ```sh block after `<!-- recipe: NAME -->` in docs/scale.md. */
function recipe(name: string): string {
  const doc = readFileSync(join(ROOT, 'docs', 'scale.md'), 'utf8');
  const m = new RegExp(`<!-- recipe: ${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!m) throw new Error(`docs/scale.md has no recipe '${name}'`);
  return m[1]!;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('docs/scale.md and examples/scale/ run', () => {
  const bin = shim();
  const PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  const env = { PATH, N: '2', PROBLEM: EX1, ARGS: HOLDS.join(' ') };

  it(`the local recipe (${onPath('parallel') ? 'GNU parallel' : 'xargs -P 2, GNU parallel is not installed'}) certifies the claim and the merged certificate verifies`, () => {
    const name = onPath('parallel') ? 'local-parallel' : 'local-xargs';
    const script = recipe(name);
    expect(script).toMatch(name === 'local-parallel' ? /\bparallel -j 2\b/ : /\bxargs -P 2\b/);
    const cwd = mkdtempSync(join(tmpdir(), 'lscert-recipe-'));
    const r = run('bash', ['-e', '-c', script], cwd, env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/2 shards: CERTIFIED on the whole domain/);
    expect(r.stdout).toMatch(/^certificate VALID: claim\.json: .* holds on the whole domain/m);
    expect(existsSync(join(cwd, 'shards', '1.json')) && existsSync(join(cwd, 'shards', '2.json'))).toBe(true);
  });

  it('the ssh recipe uses --sshlogin with the files sent and returned', () => {
    const s = recipe('ssh-parallel');
    for (const flag of ['--sshlogin', '--basefile', '--return shards/{}.json', '--cleanup', '--shard {}/$N']) expect(s).toContain(flag);
  });

  it('the Slurm array script decides shard SLURM_ARRAY_TASK_ID of N', () => {
    const script = join(ROOT, 'examples', 'scale', 'lscert-array.sbatch');
    const text = readFileSync(script, 'utf8');
    expect(text).toMatch(/^#SBATCH --array=1-\d+/m);
    const cwd = mkdtempSync(join(tmpdir(), 'lscert-slurm-'));
    for (const k of ['1', '2']) {
      const r = run('bash', [script], cwd, { ...env, SLURM_ARRAY_TASK_ID: k });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`shard ${k}/2: exit 0`));
    }
    const m = run('lscert', ['merge-certs', '--out', 'claim.json', 'shards/1.json', 'shards/2.json'], cwd, env);
    expect(m.code, m.stderr).toBe(0);
    expect(run('lscert', ['verify-cert', 'claim.json'], cwd, env).code).toBe(0);
  });

  it('the Kubernetes Indexed Job: a real manifest whose pods decide shard JOB_COMPLETION_INDEX + 1', () => {
    const docs = readFileSync(join(ROOT, 'examples', 'scale', 'lscert-indexed-job.yaml'), 'utf8')
      .split(/^---$/m)
      .map((d) => parse(d));
    const job = docs.find((d) => d?.kind === 'Job');
    expect(job).toMatchObject({ apiVersion: 'batch/v1', spec: { completionMode: 'Indexed' } });
    expect(docs.find((d) => d?.kind === 'PersistentVolumeClaim')?.spec.accessModes).toEqual(['ReadWriteMany']);
    const c = job.spec.template.spec.containers[0];
    const vars = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(Number(vars.N)).toBe(job.spec.completions);
    const script: string = c.args[0];
    expect(script).toContain('JOB_COMPLETION_INDEX');
    // The pod's script, run here for indices 0 and 1 of N = 2 (the problem and results folders set by hand).
    const results = mkdtempSync(join(tmpdir(), 'lscert-k8s-'));
    mkdirSync(join(results, 'shards'), { recursive: true });
    for (const i of ['0', '1']) {
      const r = run(c.command[0], [...c.command.slice(1), script], results, { ...env, RESULTS: results, JOB_COMPLETION_INDEX: i });
      expect(r.code, r.stderr).toBe(0);
    }
    const m = run(
      'lscert',
      ['merge-certs', '--out', join(results, 'claim.json'), join(results, 'shards', '1.json'), join(results, 'shards', '2.json')],
      results,
      env,
    );
    expect(m.code, m.stderr).toBe(0);
    const merge = parse(readFileSync(join(ROOT, 'examples', 'scale', 'lscert-merge-job.yaml'), 'utf8'));
    expect(merge.spec.template.spec.containers[0].args[0]).toMatch(/lscert merge-certs --out .*\n[\s\S]*lscert verify-cert/);
  });
});
