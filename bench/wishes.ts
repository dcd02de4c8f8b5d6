/** The kiosk's wish wall over 500 open wishes of the district: read and first page drawn, in Chromium. */
import { inPage, type BenchContext, type Figures } from './lib/context';
import { figure, percentile } from './lib/stats';

export async function benchWishes(ctx: BenchContext): Promise<Figures> {
  await inPage(ctx.page, 'seedWishes', 500);
  const renders: number[] = [];
  const reads: number[] = [];
  const raws: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const { render, read, raw } = await inPage<{ render: number[]; read: number[]; raw: number[] }>(
      ctx.page,
      'wishWallRenders',
      ctx.quick ? 10 : 40,
    );
    renders.push(percentile(render, 95));
    reads.push(percentile(read, 95));
    raws.push(percentile(raw, 95));
    ctx.log(
      `wishes rep ${r + 1}: wall p95 ${percentile(render, 95).toFixed(1)} ms, read p95 ${percentile(read, 95).toFixed(1)} ms`,
    );
  }
  return {
    wish_wall_render_ms: figure(renders, 'ms'),
    wish_wall_read_p95_ms: figure(reads, 'ms'),
    wish_wall_raw_idb_read_p95_ms: figure(raws, 'ms'),
  };
}
