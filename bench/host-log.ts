/** The host's log over months of visits: first page for a day and a service, day and month totals, heap. */
import { inPage, type BenchContext, type Figures } from './lib/context';
import { figure } from './lib/stats';

export async function benchHostLog(ctx: BenchContext): Promise<Figures> {
  const n = ctx.quick ? 20_000 : 100_000;
  const t = Date.now();
  await inPage(ctx.page, 'seedLog', n, 30);
  ctx.log(`host log: seeded ${n} visits over 30 days in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const first: number[] = [];
  const day: number[] = [];
  const month: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    first.push(await inPage<number>(ctx.page, 'logFirstPage'));
    day.push(await inPage<number>(ctx.page, 'logDayTotals'));
    month.push(await inPage<number>(ctx.page, 'logMonthTotals'));
  }
  const heap = await inPage<number>(ctx.page, 'heapMb');
  return {
    log_first_page_ms: figure(first, 'ms'),
    log_day_totals_ms: figure(day, 'ms'),
    log_month_totals_ms: figure(month, 'ms'),
    log_heap_mb: figure([heap], 'MB'),
  };
}
