/**
 * The server alone: one kiosk's 200-visit push over HTTP, one at a time; then
 * many kiosks reconnecting at once. Closed loop: 100 simulated kiosks each keep
 * one 100-visit push in flight for a fixed time (the store's saturation rate).
 * Open loop: pushes arrive on a fixed schedule at half that rate, each timed
 * from when it was due, so a server that falls behind shows its queue.
 *
 * `benchIngest` runs these on the SQLite server; `benchIngestPostgres` runs the
 * two loads on PostgreSQL (a fresh schema, `synchronous_commit=on`), and the
 * closed loop again with two server processes (WORKERS=2).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Db } from '../server/store/schema';
import { MAX_BATCH_CHANGES } from '../src/protocol/limits';
import { uuid7 } from '../src/protocol/uuid7';
import { deferUndo } from './lib/cleanup';
import { cpuMeter, describeCpu, type CpuSplit } from './lib/cpu';
import type { BenchContext, Figures } from './lib/context';
import { enrollBenchKiosk } from './lib/devices';
import { createBenchSchema, sampleSessions, type SessionSample } from './lib/postgres';
import { startBenchServer, type BenchServer } from './lib/server';
import { figure, percentile } from './lib/stats';
import { benchVisit } from './lib/visits';

const KIOSKS = 100;
const BATCH = 100;
/** An open-loop push that leaves later than this after its due time counts as a late send. */
const LATE_MS = 10;

/** A server under load, and a handle on its store to count what it really stored. */
interface IngestTarget {
  url: string;
  db: Kysely<Db>;
}

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

/** Sends one push; answers the visits accepted (throws on an error answer). */
async function push(url: string, token: string, body: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const answer = (await res.json()) as { results: { status: string }[] };
  if (!res.ok) throw new Error(`push answered ${res.status}`);
  return answer.results.filter((r) => r.status === 'accepted').length;
}

async function kiosk(url: string, token: string, until: number, latencies: number[]): Promise<number> {
  let accepted = 0;
  while (Date.now() < until) {
    const body = batchBody();
    const t = performance.now();
    accepted += await push(url, token, body);
    latencies.push(performance.now() - t);
  }
  return accepted;
}

async function countVisits(db: Kysely<Db>): Promise<number> {
  const row = await db
    .selectFrom('visits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs `load` and checks the store gained exactly the visits the server answered accepted for. */
async function checkedLoad<T extends { accepted: number }>(target: IngestTarget, load: () => Promise<T>): Promise<T> {
  const before = await countVisits(target.db);
  const out = await load();
  if ((await countVisits(target.db)) - before !== out.accepted)
    throw new Error('the server answered accepted for visits it did not store');
  return out;
}

interface ClosedRun {
  accepted: number;
  rate: number;
  p50: number;
  p99: number;
}

/** Every kiosk keeps one push in flight for `seconds`: the rate the server sustains, and latency at it. */
function closedLoop(target: IngestTarget, tokens: string[], seconds: number): Promise<ClosedRun> {
  return checkedLoad(target, async () => {
    const latencies: number[] = [];
    const start = Date.now();
    const accepted = (
      await Promise.all(tokens.map((t) => kiosk(target.url, t, start + seconds * 1000, latencies)))
    ).reduce((a, b) => a + b, 0);
    const rate = accepted / ((Date.now() - start) / 1000);
    return { accepted, rate, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  });
}

interface OpenRun {
  accepted: number;
  sent: number;
  /** Sends that left more than LATE_MS after their due time (the client's own delay, included in latency). */
  late: number;
  maxLateMs: number;
  /** Most pushes in flight at once. */
  maxInFlight: number;
  p50: number;
  p99: number;
}

/**
 * Pushes of BATCH visits due every BATCH / visitsPerS seconds for `seconds`,
 * round-robin over the kiosks; each is sent when due whatever is still in
 * flight (fetch opens another connection when none is free: no cap), and its
 * latency runs from its due time to its parsed answer.
 */
function openLoop(target: IngestTarget, tokens: string[], visitsPerS: number, seconds: number): Promise<OpenRun> {
  return checkedLoad(target, async () => {
    const interval = (1000 * BATCH) / visitsPerS;
    const n = Math.max(1, Math.floor((seconds * 1000) / interval));
    const latencies: number[] = [];
    const pushes: Promise<number>[] = [];
    let late = 0;
    let maxLateMs = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const send = async (i: number, due: number) => {
      const body = batchBody();
      const lateBy = performance.now() - due;
      if (lateBy > LATE_MS) late++;
      maxLateMs = Math.max(maxLateMs, lateBy);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await push(target.url, tokens[i % tokens.length]!, body);
      } finally {
        inFlight--;
        latencies.push(performance.now() - due);
      }
    };
    const start = performance.now() + 20;
    await new Promise<void>((resolve) => {
      let i = 0;
      const tick = () => {
        while (i < n && start + i * interval <= performance.now()) {
          pushes.push(send(i, start + i * interval));
          i++;
        }
        if (i >= n) resolve();
        else setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
      };
      tick();
    });
    const accepted = (await Promise.all(pushes)).reduce((a, b) => a + b, 0);
    return {
      accepted,
      sent: n,
      late,
      maxLateMs,
      maxInFlight,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  });
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

const loadSeconds = (ctx: BenchContext) => (ctx.quick ? 3 : 20);

/**
 * The open loop at half the store's saturation rate (`saturation`, the median
 * closed-loop rate of this run), `ctx.reps` times; figures under `prefix`.
 */
async function openLoopFigures(
  ctx: BenchContext,
  target: IngestTarget,
  tokens: string[],
  saturation: number,
  prefix: string,
): Promise<Figures> {
  const offered = saturation / 2;
  const p50: number[] = [];
  const p99: number[] = [];
  const late: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const run = await openLoop(target, tokens, offered, loadSeconds(ctx));
    p50.push(run.p50);
    p99.push(run.p99);
    late.push(run.late);
    ctx.log(
      `${prefix} open rep ${r + 1}: ${run.sent} pushes due at ${offered.toFixed(0)} visits/s, p50 ${run.p50.toFixed(0)} ms, p99 ${run.p99.toFixed(0)} ms; ` +
        `${run.late} sent > ${LATE_MS} ms late (worst ${run.maxLateMs.toFixed(1)} ms), at most ${run.maxInFlight} in flight`,
    );
  }
  return {
    [`${prefix}_open_offered_visits_per_s`]: figure([offered], 'visits/s', 0),
    [`${prefix}_open_p50_ms`]: figure(p50, 'ms', 1),
    [`${prefix}_open_p99_ms`]: figure(p99, 'ms', 1),
    [`${prefix}_open_late_sends`]: figure(late, 'sends', 0),
  };
}

/** The SQLite server (the run's own): push latency, closed-loop ingest, open-loop latency. */
export async function benchIngest(ctx: BenchContext): Promise<Figures> {
  const push200 = await benchPush200(ctx);
  const tokens = await Promise.all(Array.from({ length: KIOSKS }, () => ctx.newDeviceToken()));
  const target = { url: ctx.server.url, db: ctx.db };
  const rate: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const run = await closedLoop(target, tokens, loadSeconds(ctx));
    rate.push(run.rate);
    p50.push(run.p50);
    p99.push(run.p99);
    rss.push(ctx.server.peakRssMb());
    ctx.log(`ingest rep ${r + 1}: ${run.rate.toFixed(0)} visits/s, p99 ${run.p99.toFixed(0)} ms`);
  }
  return {
    push_200_ms: figure(push200, 'ms', 1),
    ingest_visits_per_s: figure(rate, 'visits/s', 0),
    ingest_p50_ms: figure(p50, 'ms', 1),
    ingest_p99_ms: figure(p99, 'ms', 1),
    ingest_rss_mb: figure(rss, 'MB', 1),
    ...(await openLoopFigures(ctx, target, tokens, percentile(rate, 50), 'ingest')),
  };
}

function describeSessions(s: SessionSample): string {
  const parts = Object.entries(s.mean).map(([k, v]) => `${k} ${v.toFixed(1)}`);
  return `sessions in a transaction, mean of ${s.samples} samples: ${parts.join(', ') || 'none'}`;
}

const lockWaiters = (s: SessionSample) =>
  Object.entries(s.mean)
    .filter(([k]) => k.startsWith('row lock wait'))
    .reduce((a, [, v]) => a + v, 0);

/**
 * PostgreSQL: a fresh schema, a server with one process and one with two
 * (WORKERS=2) over it. Each repetition runs the closed loop on one, then on
 * two processes; then the open loop runs on the one-process server at half its
 * median closed-loop rate. Both servers and the schema end with the section.
 */
export async function benchIngestPostgres(ctx: BenchContext): Promise<Figures> {
  const schema = await createBenchSchema(ctx.log);
  const servers: { stop(): Promise<void> }[] = [];
  try {
    const s = schema.settings;
    ctx.note('postgres', s);
    ctx.log(
      `${s.version}, schema ${schema.name}: synchronous_commit=${s.synchronous_commit}, fsync=${s.fsync}, wal_sync_method=${s.wal_sync_method}, shared_buffers=${s.shared_buffers}`,
    );
    // Servers over one database share one secret, as README tells operators (a server with another refuses).
    const secret = randomBytes(32).toString('hex');
    const start = async (workers: number): Promise<BenchServer> => {
      const server = await startBenchServer(join(ctx.workDir, `pg-data-${workers}`), ctx.distDir, {
        DATABASE_URL: schema.url,
        WORKERS: String(workers),
        WAYSTATION_SECRET: secret,
      });
      servers.push({ stop: deferUndo(() => server.stop()) });
      ctx.log(`server with WORKERS=${workers} at ${server.url}, PIDs ${server.pids().join(', ')}`);
      return server;
    };
    const one = await start(1);
    const two = await start(2);
    let kiosks = 0;
    const tokens = await Promise.all(
      Array.from({ length: KIOSKS }, () => enrollBenchKiosk(schema.store.db, `bench pg ${kiosks++}`)),
    );
    const targetOne = { url: one.url, db: schema.store.db };
    const targetTwo = { url: two.url, db: schema.store.db };
    // Warm both (JIT, pools, both of the two processes listening) before measuring.
    for (const t of [targetOne, targetTwo]) await closedLoop(t, tokens, ctx.quick ? 1 : 3);
    const rate: number[] = [];
    const p50: number[] = [];
    const p99: number[] = [];
    const rateTwo: number[] = [];
    const waiters: number[] = [];
    const cpu: CpuSplit[] = [];
    for (let r = 0; r < ctx.reps; r++) {
      const sampler = sampleSessions(schema);
      const meter = cpuMeter(one.pids);
      const run = await closedLoop(targetOne, tokens, loadSeconds(ctx));
      cpu.push(meter.stop());
      const sessions = await sampler.stop();
      const runTwo = await closedLoop(targetTwo, tokens, loadSeconds(ctx));
      rate.push(run.rate);
      p50.push(run.p50);
      p99.push(run.p99);
      rateTwo.push(runTwo.rate);
      waiters.push(lockWaiters(sessions));
      ctx.log(
        `pg ingest rep ${r + 1}: ${run.rate.toFixed(0)} visits/s, p99 ${run.p99.toFixed(0)} ms; ` +
          `WORKERS=2: ${runTwo.rate.toFixed(0)} visits/s, p99 ${runTwo.p99.toFixed(0)} ms`,
      );
      ctx.log(`  one process, ${describeSessions(sessions)}`);
      ctx.log(`  one process, ${describeCpu(cpu.at(-1)!)}`);
    }
    return {
      pg_ingest_visits_per_s: figure(rate, 'visits/s', 0),
      pg_ingest_p50_ms: figure(p50, 'ms', 1),
      pg_ingest_p99_ms: figure(p99, 'ms', 1),
      pg_ingest_lock_waiters: figure(waiters, 'sessions', 1),
      // Where the CPU went in the one-process closed loop (the load generator shares the machine).
      pg_ingest_cpu_server_cores: figure(
        cpu.map((c) => c.server),
        'cores',
        2,
      ),
      pg_ingest_cpu_postgres_cores: figure(
        cpu.map((c) => c.postgres),
        'cores',
        2,
      ),
      pg_ingest_cpu_loadgen_cores: figure(
        cpu.map((c) => c.bench),
        'cores',
        2,
      ),
      pg_ingest_machine_busy: figure(
        cpu.map((c) => c.machineBusy * 100),
        '%',
        0,
      ),
      pg_ingest_2_workers_visits_per_s: figure(rateTwo, 'visits/s', 0),
      // Each repetition's two processes against the one process measured just before.
      ingest_workers_scaling: figure(
        rateTwo.map((v, i) => v / rate[i]!),
        '×',
        2,
      ),
      ...(await openLoopFigures(ctx, targetOne, tokens, percentile(rate, 50), 'pg_ingest')),
    };
  } finally {
    for (const server of servers.reverse()) {
      await server.stop().catch((err: unknown) => {
        ctx.log(`could not stop a bench server: ${(err as Error).message}`);
        process.exitCode = 1;
      });
    }
    await schema.drop();
  }
}
