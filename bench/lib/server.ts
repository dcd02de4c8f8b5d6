/**
 * The real server as a child process for benchmarks, with its peak RSS readable
 * from /proc. Every process it starts (with WORKERS=N, the primary and the N
 * processes it forks) is known by PID and ended by PID: on stop(), and, should
 * the bench exit without stopping it (an error, Ctrl-C), from an exit hook; if
 * the bench is killed outright, the kernel sends the server SIGTERM (setpriv).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchServer {
  url: string;
  /** Peak resident memory of the server process so far, in MB (with WORKERS=N, of the primary only). */
  peakRssMb(): number;
  /** The PIDs of the server's processes now: the one spawned and any it forked. */
  pids(): number[];
  stop(): Promise<void>;
}

/** Every PID a running bench server owns; the exit hook SIGKILLs whatever of them is still alive. */
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) killPid(pid, 'SIGKILL');
});

function killPid(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Running (a zombie not yet reaped has ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Processes whose parent is `pid` (node:cluster workers), from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces or parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // Ended while we looked.
    }
  }
  return out;
}

/** util-linux's setpriv, which execs its command (same PID) with a parent-death signal set. */
const SETPRIV = '/usr/bin/setpriv';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `server/main.ts` on a free port over DATA_DIR, serving DIST_DIR; `env`
 * adds to its environment (DATABASE_URL, WORKERS).
 */
export async function startBenchServer(
  dataDir: string,
  distDir: string,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  // BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server under the bench's load.
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const node = [process.execPath, ...extra, '--import', 'tsx', 'server/main.ts'];
  // Should this process die unhandled (SIGKILL), the server gets SIGTERM from the kernel and ends its workers.
  const [command, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', ...node] : node;
  const child: ChildProcess = spawn(command!, args, {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DIST_DIR: distDir, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid!;
  live.add(pid);
  const known = new Set<number>([pid]);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pids = () => {
    if (alive(pid)) for (const p of childrenOf(pid)) known.add(p);
    for (const p of known) live.add(p);
    return [...known].filter(alive);
  };
  async function stop() {
    const owned = pids();
    child.kill('SIGTERM');
    // main.ts ends its workers and then itself; whatever outlives the grace time is killed by PID.
    await Promise.race([exited, sleep(8000)]);
    for (let i = 0; i < 50 && owned.some(alive); i++) await sleep(100);
    for (const p of owned) if (alive(p)) killPid(p, 'SIGKILL');
    for (let i = 0; i < 50 && owned.some(alive); i++) await sleep(100);
    for (const p of known) live.delete(p);
    const left = owned.filter(alive);
    if (left.length) throw new Error(`bench server processes ${left.join(', ')} did not end`);
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      timer = setTimeout(() => reject(new Error(`server did not listen within 60 s: ${out}`)), 60_000);
    });
    // With WORKERS=N the primary announces the first worker's port; wait until all N are forked.
    const workers = Number(env.WORKERS ?? 1);
    for (let i = 0; i < 100 && workers > 1 && childrenOf(pid).length < workers; i++) await sleep(100);
    pids();
    return {
      url,
      pids,
      stop,
      peakRssMb() {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
      },
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
