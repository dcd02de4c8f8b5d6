/** Many kiosks reconnecting at once: 100 simulated kiosks push batches concurrently for a fixed time. */
import { uuid7 } from '../src/protocol/uuid7';
import type { BenchContext, Figures } from './lib/context';
import { figure, percentile } from './lib/stats';

const KIOSKS = 100;
const BATCH = 100;

function batchBody(): string {
  const now = new Date();
  const changes = Array.from({ length: BATCH }, (_, i) => ({
    kind: 'visit',
    op: 'put',
    record: {
      id: uuid7(now.getTime()),
      createdAt: now.toISOString(),
      services: i % 2 ? ['rest', 'water'] : ['charging'],
      phone: null,
      memberId: null,
    },
  }));
  return JSON.stringify({ batchId: uuid7(), sentAt: now.toISOString(), changes });
}

async function kiosk(url: string, token: string, until: number, latencies: number[]): Promise<number> {
  let accepted = 0;
  while (Date.now() < until) {
    const body = batchBody();
    const t = performance.now();
    const res = await fetch(`${url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const answer = (await res.json()) as { results: { status: string }[] };
    latencies.push(performance.now() - t);
    if (!res.ok) throw new Error(`push answered ${res.status}`);
    accepted += answer.results.filter((r) => r.status === 'accepted').length;
  }
  return accepted;
}

export async function benchIngest(ctx: BenchContext): Promise<Figures> {
  const seconds = ctx.quick ? 3 : 20;
  const tokens = await Promise.all(Array.from({ length: KIOSKS }, () => ctx.newDeviceToken()));
  const rate: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const before = await ctx.db
      .selectFrom('visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const latencies: number[] = [];
    const start = Date.now();
    const accepted = (
      await Promise.all(tokens.map((t) => kiosk(ctx.server.url, t, start + seconds * 1000, latencies)))
    ).reduce((a, b) => a + b, 0);
    const elapsed = (Date.now() - start) / 1000;
    const after = await ctx.db
      .selectFrom('visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(after.n) - Number(before.n) !== accepted)
      throw new Error('the server answered accepted for visits it did not store');
    rate.push(accepted / elapsed);
    p50.push(percentile(latencies, 50));
    p99.push(percentile(latencies, 99));
    rss.push(ctx.server.peakRssMb());
    ctx.log(
      `ingest rep ${r + 1}: ${(accepted / elapsed).toFixed(0)} visits/s, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );
  }
  return {
    ingest_visits_per_s: figure(rate, 'visits/s', 0),
    ingest_p50_ms: figure(p50, 'ms', 1),
    ingest_p99_ms: figure(p99, 'ms', 1),
    ingest_rss_mb: figure(rss, 'MB', 1),
  };
}
