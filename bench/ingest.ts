/**
 * The server alone: one kiosk's 200-visit push over HTTP, one at a time; then
 * many kiosks reconnecting at once (100 simulated kiosks push batches
 * concurrently for a fixed time).
 */
import { MAX_BATCH_CHANGES } from '../src/protocol/limits';
import { uuid7 } from '../src/protocol/uuid7';
import type { BenchContext, Figures } from './lib/context';
import { figure, percentile } from './lib/stats';
import { benchVisit } from './lib/visits';

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

/** A full kiosk batch (200 visits) as the kiosk's push sends it. */
function fullBatchBody(): string {
  const now = new Date();
  const changes = Array.from({ length: MAX_BATCH_CHANGES }, (_, i) => {
    const record = benchVisit(i, now);
    return { changeId: record.id, kind: 'visit', op: 'put', record };
  });
  return JSON.stringify({ batchId: uuid7(), sentAt: now.toISOString(), changes });
}

/** ms from sending one push to its parsed answer, all visits accepted. */
async function timePush(url: string, token: string, body: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const answer = (await res.json()) as { results: { status: string }[] };
  const ms = performance.now() - t;
  if (!res.ok || answer.results.some((r) => r.status !== 'accepted')) throw new Error(`push answered ${res.status}`);
  return ms;
}

/** One kiosk pushing full batches back to back: the median push per repetition. */
async function benchPush200(ctx: BenchContext): Promise<number[]> {
  const pushes = ctx.quick ? 10 : 30;
  const token = await ctx.newDeviceToken();
  await timePush(ctx.server.url, token, fullBatchBody());
  const medians: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const bodies = Array.from({ length: pushes }, fullBatchBody);
    const times: number[] = [];
    for (const body of bodies) times.push(await timePush(ctx.server.url, token, body));
    medians.push(percentile(times, 50));
    ctx.log(`push rep ${r + 1}: 200 visits in ${medians.at(-1)!.toFixed(1)} ms (median of ${pushes})`);
  }
  return medians;
}

export async function benchIngest(ctx: BenchContext): Promise<Figures> {
  const push200 = await benchPush200(ctx);
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
    push_200_ms: figure(push200, 'ms', 1),
    ingest_visits_per_s: figure(rate, 'visits/s', 0),
    ingest_p50_ms: figure(p50, 'ms', 1),
    ingest_p99_ms: figure(p99, 'ms', 1),
    ingest_rss_mb: figure(rss, 'MB', 1),
  };
}
