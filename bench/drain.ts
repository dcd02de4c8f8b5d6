/**
 * Draining a queue to the server until committed, against one request per
 * visit to the same server, and against the storage floor: the same rows
 * inserted straight into SQLite in the same 200-row transactions, same disk.
 */
import { sealPublicKey } from '../server/auth/seal-key';
import { inPage, type BenchContext, type Figures } from './lib/context';
import { openRawSqlite } from './lib/raw-sqlite';
import { figure } from './lib/stats';

interface Drained {
  ms: number;
  networkMs: number;
  accepted: number;
  left: number;
}

async function drainOnce(ctx: BenchContext, n: number, batchSize?: number): Promise<number> {
  await inPage(ctx.page, 'queue', n, sealPublicKey());
  const token = await ctx.newDeviceToken();
  const cdp = process.env.BENCH_CPU_PROFILE && !batchSize ? await ctx.page.context().newCDPSession(ctx.page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const r = await inPage<Drained>(ctx.page, 'drain', token, batchSize);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify(profile));
  }
  if (r.accepted !== n || r.left !== 0) throw new Error(`drain stored ${r.accepted} of ${n}, ${r.left} left`);
  if (!batchSize) ctx.log(`  ${n} visits in ${r.ms.toFixed(0)} ms, of which pushes ${r.networkMs.toFixed(0)} ms`);
  return (n / r.ms) * 1000;
}

export async function benchDrain(ctx: BenchContext): Promise<Figures> {
  const n = ctx.quick ? 2000 : 10_000;
  const naiveN = ctx.quick ? 200 : 1000;
  const raw = await openRawSqlite(ctx.workDir, ctx.db);
  const batched: number[] = [];
  const naive: number[] = [];
  const rawRate: number[] = [];
  try {
    for (let r = 0; r < ctx.reps; r++) {
      batched.push(await drainOnce(ctx, n));
      naive.push(await drainOnce(ctx, naiveN, 1));
      rawRate.push(raw.insertRate(n));
      ctx.log(
        `drain rep ${r + 1}: ${batched.at(-1)!.toFixed(0)} visits/s batched, ${naive.at(-1)!.toFixed(0)} one per request, ${rawRate.at(-1)!.toFixed(0)} rows/s raw SQLite`,
      );
    }
  } finally {
    raw.close();
  }
  return {
    drain_visits_per_s: figure(batched, 'visits/s', 0),
    drain_10k_seconds: figure(
      batched.map((v) => 10_000 / v),
      's',
    ),
    drain_naive_visits_per_s: figure(naive, 'visits/s', 0),
    sqlite_raw_rows_per_s: figure(rawRate, 'rows/s', 0),
    // Each repetition's drain against the raw rate measured right after it.
    drain_vs_raw: figure(
      batched.map((v, i) => v / rawRate[i]!),
      '×',
      3,
    ),
  };
}
