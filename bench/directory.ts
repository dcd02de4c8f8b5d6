/** The nearby-stations screen's query on the kiosk: a 500-station district, nearest first with opening state. */
import { inPage, type BenchContext, type Figures } from './lib/context';
import { figure, percentile } from './lib/stats';

export async function benchDirectory(ctx: BenchContext): Promise<Figures> {
  const stations = 500;
  const lookups = ctx.quick ? 30 : 100;
  await inPage(ctx.page, 'seedStations', stations);
  const nearest: number[] = [];
  const read: number[] = [];
  const rank: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const times = await inPage<number[]>(ctx.page, 'nearestLookups', lookups);
    nearest.push(percentile(times, 95));
    const parts = await inPage<{ read: number[]; rank: number[] }>(ctx.page, 'directoryParts', lookups);
    read.push(percentile(parts.read, 95));
    rank.push(percentile(parts.rank, 95));
    ctx.log(`directory rep ${r + 1}: nearest of ${stations} p95 ${percentile(times, 95).toFixed(1)} ms`);
  }
  return {
    directory_nearest_ms: figure(nearest, 'ms'),
    directory_read_p95_ms: figure(read, 'ms'),
    directory_rank_p95_ms: figure(rank, 'ms'),
  };
}
