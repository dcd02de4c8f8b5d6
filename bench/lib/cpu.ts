/**
 * Where the CPU went during a load: the server's processes, PostgreSQL's
 * processes (every `postgres` process on this machine), the bench process that
 * makes the load, and how busy the whole machine was — read from /proc, in
 * cores (CPU seconds per second of wall time). On a machine of two cores the
 * load generator, the server and the database share them, so a rate that stops
 * growing with no lock waits is a machine that is full, and these say so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_S = 100;

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are the 12th and 13th.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function postgresPids(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') out.push(Number(name));
    } catch {
      // Ended meanwhile.
    }
  }
  return out;
}

function machineTicks(): { busy: number; all: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const all = v.reduce((a, b) => a + b, 0);
  return { busy: all - idle, all };
}

export interface CpuSplit {
  /** Cores used by each part, and the machine's busy share (0–1) of all its cores. */
  server: number;
  postgres: number;
  bench: number;
  machineBusy: number;
  cores: number;
}

/** Starts counting; `stop()` answers the split since. `serverPids` is read at both ends (workers fork at start). */
export function cpuMeter(serverPids: () => number[]): { stop(): CpuSplit } {
  const t0 = performance.now();
  const bench0 = process.cpuUsage();
  const machine0 = machineTicks();
  const server0 = new Map(serverPids().map((p) => [p, processTicks(p)]));
  const pg0 = new Map(postgresPids().map((p) => [p, processTicks(p)]));
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const sum = (pids: number[], before: Map<number, number>) =>
        pids.reduce((a, p) => a + processTicks(p) - (before.get(p) ?? 0), 0) / TICKS_PER_S / seconds;
      const bench = process.cpuUsage(bench0);
      const machine1 = machineTicks();
      return {
        server: sum(serverPids(), server0),
        // PostgreSQL starts a backend per new connection: those started meanwhile count from zero.
        postgres: sum(postgresPids(), pg0),
        bench: (bench.user + bench.system) / 1e6 / seconds,
        machineBusy: (machine1.busy - machine0.busy) / Math.max(1, machine1.all - machine0.all),
        cores: cpus().length,
      };
    },
  };
}

export function describeCpu(c: CpuSplit): string {
  return (
    `CPU in cores: server ${c.server.toFixed(2)}, PostgreSQL ${c.postgres.toFixed(2)}, load generator ${c.bench.toFixed(2)}; ` +
    `machine ${(c.machineBusy * 100).toFixed(0)}% busy of ${c.cores} cores`
  );
}
