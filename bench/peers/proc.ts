/**
 * Child processes for `npm run bench -- peers`: whole-process wall time and peak memory
 * (`/usr/bin/time -v` when present; otherwise, for Node children, the child's own
 * `process.resourceUsage().maxRSS` written at exit by a preloaded hook, and nothing for other
 * programs), with a hard kill of the child's process group past a deadline.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcResult {
  /** Exit status, or null when killed by a signal. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, in milliseconds. */
  readonly wallMs: number;
  /** Peak resident set size in kB, or null when it could not be measured. */
  readonly maxRssKb: number | null;
  /** Whether the bench killed it at its hard deadline. */
  readonly killed: boolean;
}

const TIME = '/usr/bin/time';
export const haveGnuTime = existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;

/** Writes the Node child's peak RSS (kB) to $PEERS_RSS_FILE at exit (the fallback without /usr/bin/time). */
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import{writeFileSync as w}from'node:fs';process.on('exit',()=>{try{w(process.env.PEERS_RSS_FILE,String(process.resourceUsage().maxRSS))}catch{}});",
)}`;

let scratch: string | null = null;
const scratchDir = (): string => {
  scratch ??= mkdtempSync(join(tmpdir(), 'lscert-peers-proc-'));
  return scratch;
};
export const removeScratch = (): void => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
};

let seq = 0;

/**
 * Runs `cmd args` and measures it. `node: true` marks a Node program (the RSS hook applies
 * without /usr/bin/time). Past `hardMs` the whole process group is killed with SIGKILL.
 */
export function runMeasured(cmd: string, args: readonly string[], opts: { hardMs: number; node?: boolean; cwd?: string }): Promise<ProcResult> {
  const k = seq++;
  const timeFile = join(scratchDir(), `time-${k}.txt`);
  const rssFile = join(scratchDir(), `rss-${k}.txt`);
  let file = cmd;
  let argv = [...args];
  const env = { ...process.env };
  if (haveGnuTime) {
    file = TIME;
    argv = ['-v', '-o', timeFile, cmd, ...args];
  } else if (opts.node) {
    argv = ['--import', RSS_HOOK, ...args];
    env.PEERS_RSS_FILE = rssFile;
  }
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd: opts.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      // The group of the child this bench started (detached: its pid is the group id).
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }, opts.hardMs);
    const finish = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      let maxRssKb: number | null = null;
      if (haveGnuTime && existsSync(timeFile)) {
        const text = readFileSync(timeFile, 'utf8');
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
        if (m) maxRssKb = Number(m[1]);
        // GNU time exits with the child's status; a child killed by a signal is reported in the file.
        const sig = /Command terminated by signal (\d+)/.exec(text);
        if (sig && signal === null) signal = `signal ${sig[1]}`;
      } else if (!haveGnuTime && existsSync(rssFile)) {
        const v = Number(readFileSync(rssFile, 'utf8'));
        if (v > 0) maxRssKb = v;
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), wallMs, maxRssKb, killed });
    };
    child.on('error', (e) => {
      err.push(Buffer.from(String(e)));
      finish(null, 'spawn error');
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** The path of a program on PATH, or null. */
export function which(prog: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${prog}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : null;
}

/** The first line of `prog --version`, or null. */
export function versionOf(prog: string): string | null {
  const r = spawnSync(prog, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? (r.stdout.split('\n').find((l) => l.trim()) ?? '').trim() : null;
}

/**
 * Makes sure z3 and cvc5 are on PATH: `apt-get install -y z3 cvc5` when one is missing (and,
 * when that fails, `apt-get update` and once more). Returns what happened, for the record.
 */
export function ensureSolvers(log: (s: string) => void): string {
  if (which('z3') && which('cvc5')) return 'already installed';
  if (!which('apt-get')) return 'missing, and no apt-get to install them';
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (args: string[]) => {
    const [cmd, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
    log(`  ${asRoot ? '' : 'sudo -n '}apt-get ${args.join(' ')}`);
    return (
      spawnSync(cmd as string, argv as string[], { stdio: 'ignore', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0
    );
  };
  if (!apt(['install', '-y', 'z3', 'cvc5'])) {
    apt(['update']);
    apt(['install', '-y', 'z3', 'cvc5']);
  }
  const got = ['z3', 'cvc5'].filter((p) => which(p));
  return got.length === 2 ? 'installed by this run (apt-get install -y z3 cvc5)' : `apt-get install failed; present: ${got.join(', ') || 'none'}`;
}
