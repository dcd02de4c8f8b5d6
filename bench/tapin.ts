/** Tap-in latency through the app's write path, against a raw IndexedDB put at the same durability. */
import { inPage, type BenchContext, type Figures } from './lib/context';
import { figure, percentile } from './lib/stats';

export async function benchTapIn(ctx: BenchContext): Promise<Figures> {
  const n = ctx.quick ? 300 : 2000;
  const app = { p50: [] as number[], p95: [] as number[], p99: [] as number[] };
  const raw = { p50: [] as number[], p95: [] as number[] };
  const pair: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const t = await inPage<number[]>(ctx.page, 'tapins', n);
    const b = await inPage<number[]>(ctx.page, 'rawPuts', n);
    pair.push(percentile(await inPage<number[]>(ctx.page, 'rawPairs', n), 95));
    app.p50.push(percentile(t, 50));
    app.p95.push(percentile(t, 95));
    app.p99.push(percentile(t, 99));
    raw.p50.push(percentile(b, 50));
    raw.p95.push(percentile(b, 95));
    ctx.log(`tap-in rep ${r + 1}: p95 ${percentile(t, 95).toFixed(2)} ms, raw p95 ${percentile(b, 95).toFixed(2)} ms`);
  }
  return {
    tapin_p50_ms: figure(app.p50, 'ms'),
    tapin_p95_ms: figure(app.p95, 'ms'),
    tapin_p99_ms: figure(app.p99, 'ms'),
    tapin_raw_idb_p50_ms: figure(raw.p50, 'ms'),
    tapin_raw_idb_p95_ms: figure(raw.p95, 'ms'),
    tapin_raw_idb_same_writes_p95_ms: figure(pair, 'ms'),
  };
}
