/**
 * Nothing lost, nothing doubled, nothing misattributed: kiosks of several
 * stations record visits and edit versioned tickets while the network between
 * them and the server misbehaves (including stalls longer than the client
 * waits), the server is SIGKILLed and restarted, restored from an older backup
 * mid-run, a transfer file is imported while its kiosk syncs, the console edits
 * the same tickets, an export reader tails the feed, and a real Chromium kiosk's
 * renderer is killed in the middle of a write. Ground truth is the harness's
 * own log of what each kiosk was asked to record, never the kiosks' databases.
 *
 * Seeds: CHAOS_SEEDS=1,2,3 (or the fixed list below plus one random seed, printed).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openNullable } from '../../server/auth/phone-seal';
import { openKioskBox } from '../../server/auth/seal-key';
import { loadServerSecret } from '../../server/auth/server-secret';
import { createApiToken } from '../../server/store/admins';
import { backupPostgres, backupSqlite, restorePostgres, restoreSqlite } from '../../server/store/backup';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { openSqlite, type OpenDatabase } from '../../server/store/open-database';
import { openPostgres } from '../../server/store/open-postgres';
import { sql } from 'kysely';
import { createStation } from '../../server/store/stations';
import { applyConsoleChange } from '../../server/sync/console-change';
import { importTransfer } from '../../server/sync/import-transfer';
import { zhCN } from '../../src/i18n/zh-CN';
import { uuid7 } from '../../src/protocol/uuid7';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { BrowserKiosk } from '../support/browser-kiosk';
import { startFaultProxy } from '../support/fault-proxy';
import { createRandom, type Random } from '../support/prng';
import { openTestStore, type StoreKind } from '../support/stores';
import { TEST_KINDS, type Ticket } from '../support/test-kinds';
import { CLIENT_TIMEOUT_MS, NodeKiosk } from './node-kiosk';
import { startServerProcess, type ServerProcess } from './server-process';

/** Which store the server runs on: CHAOS_STORE=postgres uses a fresh schema in the local PostgreSQL. */
const STORE = (process.env.CHAOS_STORE ?? 'sqlite') as StoreKind;
const FIXED_SEEDS = STORE === 'sqlite' ? [1, 20261129] : [1];
/** Server processes: one SQLite file takes one; on PostgreSQL three share the load (CHAOS_PROCESSES). */
const PROCESSES = STORE === 'sqlite' ? 1 : Number(process.env.CHAOS_PROCESSES ?? 3);
const SEEDS = process.env.CHAOS_SEEDS
  ? process.env.CHAOS_SEEDS.split(',').map(Number)
  : [...FIXED_SEEDS, Math.floor(Math.random() * 2 ** 31)];
const VISITS_PER_NODE_KIOSK = Number(process.env.CHAOS_VISITS ?? 400);
const BROWSER_VISITS = Number(process.env.CHAOS_BROWSER_VISITS ?? 16);
/** The real browser kiosk joins the first seed's run (CHAOS_BROWSER=all: every run). */
const browserFor = (i: number) => process.env.CHAOS_BROWSER === 'all' || i === 0;
const TICKETS = 12;
const CHAOS_ENTRY = 'test/chaos/chaos-server.ts';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Codes made here are spent by the server processes: all must key their hashes with one secret.
process.env.WAYSTATION_SECRET ??= randomBytes(32).toString('hex');
loadServerSecret(tmpdir());

/** Each seed's run stops its own server, proxy and browser when it ends. */
function cleanupsOfThisRun() {
  const list: (() => Promise<unknown> | void)[] = [];
  onTestFinished(async () => {
    for (const c of list.reverse()) await Promise.resolve(c()).catch(() => undefined);
  });
  return list;
}

/** A reader that tails the visits export through every fault, restarting from the start when the epoch changes. */
function tailExport(serverUrl: () => string, token: string) {
  let epochRows = new Map<string, number>();
  let cursor = '0';
  let restarts = 0;
  let stop = false;
  async function page(): Promise<number> {
    const res = await fetch(`${serverUrl()}/api/v1/export/visits?format=ndjson&limit=500&cursor=${cursor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status === 410) {
      epochRows = new Map();
      cursor = '0';
      restarts++;
      return 1;
    }
    if (!res.ok) throw new Error(`export answered ${res.status}`);
    const text = await res.text();
    const lines = text.trim() ? text.trim().split('\n') : [];
    for (const line of lines) {
      const id = (JSON.parse(line) as { id: string }).id;
      epochRows.set(id, (epochRows.get(id) ?? 0) + 1);
    }
    cursor = res.headers.get('x-next-cursor') ?? cursor;
    return lines.length;
  }
  const running = (async () => {
    while (!stop) {
      try {
        if ((await page()) === 0) await sleep(50);
      } catch {
        await sleep(100); // The server is being killed or restored.
      }
    }
  })();
  return {
    /** Stops tailing, reads to the end of the feed, and answers how often each row was seen in the last epoch. */
    async finish() {
      stop = true;
      await running;
      while ((await page()) > 0);
      return { rows: epochRows, restarts };
    },
  };
}

describe('sync chaos', () => {
  it.each(SEEDS.map((seed, i) => [seed, i] as const))(
    'loses, doubles and misattributes nothing under faults (seed %i)',
    async (seed, runIndex) => {
      console.log(
        `sync-chaos: seed=${seed} store=${STORE} (replay with CHAOS_STORE=${STORE} CHAOS_SEEDS=${seed} npm run test:chaos)`,
      );
      const random = createRandom(seed);
      const cleanups = cleanupsOfThisRun();
      const phase = (what: string) =>
        console.log(`sync-chaos: seed=${seed} ${what} after ${Math.round(performance.now() - t0)} ms`);
      const t0 = performance.now();
      // The harness's own sessions have their own name, so terminating the servers' spares them.
      const testStore = await openTestStore(STORE, { applicationName: 'waystation-chaos' });
      cleanups.push(() => testStore.drop());
      const env = testStore.env;
      const workDir = mkdtempSync(join(tmpdir(), 'waystation-chaos-'));
      cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));

      // On PostgreSQL, several server processes behind the proxy's round-robin.
      const startAll = () => Promise.all(Array.from({ length: PROCESSES }, () => startServerProcess(env, CHAOS_ENTRY)));
      let servers: ServerProcess[] = await startAll();
      cleanups.push(() => Promise.all(servers.map((s) => s.stop())));
      const ports = () => servers.map((s) => s.port);
      let store: OpenDatabase = testStore.store;
      // The console and the import share the file with the server; both pause while it is restored.
      let storeGate: Promise<void> = Promise.resolve();
      const withStore = async <T>(fn: (s: OpenDatabase) => Promise<T>) => {
        await storeGate;
        return fn(store);
      };

      const stations = await Promise.all(
        ['药店分站', '超市分站', '营业厅分站'].map((name) => createStation(store.db, { name, kind: 'branch' })),
      );
      const nodeKiosks: NodeKiosk[] = [];
      for (const [i, station] of [stations[0]!, stations[0]!, stations[1]!, stations[1]!, stations[2]!].entries()) {
        const enrolled = await enrollDevice(store.db, (await createEnrollCode(store.db, station.id)).code, `node-${i}`);
        if (!enrolled.ok) throw new Error(enrolled.reason);
        // One kiosk's clock is three days fast, another's two hours slow.
        const skew = i === 1 ? 3 * 86_400_000 : i === 3 ? -2 * 3_600_000 : 0;
        nodeKiosks.push(
          new NodeKiosk(`node-${i}`, station.id, enrolled.deviceId, enrolled.token, enrolled.deviceKey, skew),
        );
      }
      // Tickets (a versioned kind) exist before the backup, so they exist in every epoch.
      const ticketIds: string[] = [];
      for (let i = 0; i < TICKETS; i++) {
        const ticket: Ticket = { id: uuid7(), createdAt: new Date().toISOString(), title: `心愿 ${i}`, status: 'open' };
        const made = await applyConsoleChange(
          store.db,
          { kind: 'ticket', op: 'put', baseVersion: 0, record: ticket },
          { stationId: stations[i % 3]!.id, registry: TEST_KINDS },
        );
        expect(made.status).toBe('accepted');
        ticketIds.push(ticket.id);
      }
      // Events exist before the backup too; registrations of a small pool of phones and sign-ups
      // (several kiosks at once) start once the restore is behind us: a restore loses what the
      // server took after the backup, and kiosks re-push only their visits on a resync.
      const events = await Promise.all(
        [5, 9].map(async (capacity, i) => {
          const record = {
            id: uuid7(),
            kind: 'training' as const,
            title: `安全骑士培训 ${i + 1}`,
            stationId: stations[i]!.id,
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
            capacity,
          };
          const made = await applyConsoleChange(
            store.db,
            { kind: 'event', op: 'put', baseVersion: 0, record },
            { stationId: record.stationId, registry: TEST_KINDS },
          );
          expect(made.status).toBe('accepted');
          return record;
        }),
      );
      const phones = Array.from({ length: 14 }, (_, i) => `139${String(10_000_000 + i * 7919).padStart(8, '0')}`);
      const api = await createApiToken(store.db, 'chaos reader');

      const proxy = await startFaultProxy(random, ports());
      cleanups.push(() => proxy.close());
      proxy.setStall(CLIENT_TIMEOUT_MS + 1000);
      const reader = tailExport(() => `http://127.0.0.1:${random.pick(ports())}`, api.token);

      let browser: Browser | null = null;
      let browserKiosk: BrowserKiosk | null = null;
      const browserLabels: string[] = [];
      const browserMaybe: string[] = [];
      if (browserFor(runIndex)) {
        browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
        cleanups.push(() => browser!.close());
        const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
        browserKiosk = new BrowserKiosk(context, await context.newPage(), proxy.url);
        await browserKiosk.enroll((await createEnrollCode(store.db, stations[1]!.id)).code);
      }
      const nodeDeviceIds = new Set(nodeKiosks.map((k) => k.deviceId));

      // Faults on, everything at once.
      proxy.setFaultRate(0.4);
      let recording = true;
      let kills = 0;
      let terminations = 0;
      let closes = 0;
      let crashes = 0;
      let imports = 0;
      let consoleEdits = 0;
      let restored = false;

      const nodeRuns = nodeKiosks.map(async (kiosk) => {
        for (let i = 0; i < VISITS_PER_NODE_KIOSK; i++) {
          await kiosk.tapIn(random);
          if (random.chance(0.004))
            await kiosk.tapInForeign(random.pick(stations.filter((s) => s.id !== kiosk.stationId)).id);
          if (random.chance(0.03)) await kiosk.editTicket(random);
          if (random.chance(0.08)) {
            const pass = kiosk.sync(proxy.url);
            if (random.chance(0.15)) {
              await sleep(random.int(15));
              kiosk.closeAndReopen();
              closes++;
            }
            // Sometimes the admin imports this kiosk's transfer file while it syncs.
            if (random.chance(0.05)) {
              const text = await kiosk.transferFile();
              const outcome = await withStore((s) => importTransfer(s.db, text, { openSealed: openKioskBox }));
              expect(outcome.ok).toBe(true);
              imports++;
            }
            await pass;
          }
          if (random.chance(0.05)) await sleep(random.int(40));
        }
      });

      // Registrations of a small pool of phones and sign-ups, from three more kiosks at once, under the
      // same faults and kills. They are enrolled once the restore is behind us: a restore loses what the
      // server took after the backup, and a kiosk's resync re-pushes only its visits.
      const peopleRun = (async () => {
        while (!restored) await sleep(50);
        const kiosks = await withStore(async (s) =>
          Promise.all(
            stations.map(async (station, i) => {
              const enrolled = await enrollDevice(s.db, (await createEnrollCode(s.db, station.id)).code, `people-${i}`);
              if (!enrolled.ok) throw new Error(enrolled.reason);
              return new NodeKiosk(`people-${i}`, station.id, enrolled.deviceId, enrolled.token, enrolled.deviceKey);
            }),
          ),
        );
        nodeKiosks.push(...kiosks);
        await Promise.all(
          kiosks.map(async (kiosk) => {
            for (let i = 0; i < 40; i++) {
              if (random.chance(0.5)) await kiosk.register(random, phones);
              else
                await kiosk.signUp(
                  random,
                  events.map((e) => e.id),
                );
              if (random.chance(0.3)) await kiosk.sync(proxy.url);
              if (random.chance(0.2)) await sleep(random.int(40));
            }
          }),
        );
      })();

      const consoleRun = (async () => {
        while (recording) {
          await sleep(100 + random.int(300));
          const id = random.pick(ticketIds);
          await withStore(async (s) => {
            const row = await s.db
              .selectFrom('records')
              .select(['version', 'body'])
              .where('id', '=', id)
              .executeTakeFirst();
            if (!row?.body) return;
            const t = JSON.parse(row.body) as Ticket;
            const next =
              t.status === 'open'
                ? random.pick(['claimed', 'withdrawn'] as const)
                : t.status === 'claimed'
                  ? random.pick(['done', 'withdrawn'] as const)
                  : null;
            if (!next) return;
            // Sometimes the console works from a page loaded a while ago (an older version).
            const base = Number(row.version) - (random.chance(0.3) ? 1 : 0);
            await applyConsoleChange(
              s.db,
              {
                kind: 'ticket',
                op: 'put',
                baseVersion: base,
                record: { ...t, status: next, ...(next === 'claimed' ? { claimedBy: '志愿者' } : {}) },
              },
              { registry: TEST_KINDS },
            );
            consoleEdits++;
          });
        }
      })();

      const browserRun = (async () => {
        if (!browserKiosk) return;
        for (let i = 0; i < BROWSER_VISITS; i++) {
          if (i === Math.floor(BROWSER_VISITS / 2)) {
            browserMaybe.push(await browserKiosk.tapInAndCrash(random));
            crashes++;
            continue;
          }
          browserLabels.push(await browserKiosk.tapIn(random));
          if (random.chance(0.15)) {
            await sleep(random.int(1500));
            await browserKiosk.reload();
          }
        }
      })();

      // The server's life: SIGKILLs, a backup, and one restore from that (older) backup.
      const backupFile = join(workDir, STORE === 'sqlite' ? 'backup.sqlite' : 'backup.dump');
      const progress = () =>
        nodeKiosks.reduce((n, k) => n + k.made.size, 0) / (nodeKiosks.length * VISITS_PER_NODE_KIOSK);
      const serverLife = (async () => {
        let backedUp = false;
        let nextKill = Date.now() + 1200 + random.int(2000);
        let nextTermination = Date.now() + 800 + random.int(1500);
        while (recording) {
          await sleep(100);
          if (!recording) break;
          if (!backedUp && progress() >= 0.25) {
            if (env.DATABASE_URL) await backupPostgres(env.DATABASE_URL, backupFile);
            else await backupSqlite(env.DATA_DIR!, backupFile);
            backedUp = true;
          } else if (backedUp && !restored && progress() >= 0.6) {
            let open!: () => void;
            storeGate = new Promise((r) => (open = r));
            // Whatever happens, the console and imports go on (and a failure fails the run, not hangs it).
            cleanups.push(() => open());
            await sleep(50);
            await Promise.all(servers.map((s) => s.stop()));
            await store.close();
            if (env.DATABASE_URL) await restorePostgres(env.DATABASE_URL, backupFile);
            else await restoreSqlite(env.DATA_DIR!, backupFile);
            store = env.DATABASE_URL
              ? await openPostgres(env.DATABASE_URL, { applicationName: 'waystation-chaos' })
              : await openSqlite(env.DATA_DIR!);
            testStore.store = store;
            servers = await startAll();
            proxy.setTarget(ports());
            restored = true;
            open();
          } else if (Date.now() >= nextKill) {
            // One process dies mid-push; the others (if any) keep serving while it comes back.
            const victim = random.int(servers.length);
            await servers[victim]!.kill();
            kills++;
            proxy.setTarget(servers.filter((_, i) => i !== victim).map((s) => s.port));
            await sleep(random.int(500));
            servers[victim] = await startServerProcess(env, CHAOS_ENTRY);
            proxy.setTarget(ports());
            nextKill = Date.now() + 1200 + random.int(2000);
          } else if (env.DATABASE_URL && Date.now() >= nextTermination) {
            nextTermination = Date.now() + 800 + random.int(1500);
            // PostgreSQL ends the servers' sessions in the middle of their transactions.
            await withStore((s) =>
              sql`select pg_terminate_backend(pid) from pg_stat_activity
                  where datname = current_database() and application_name = 'waystation-server:' || current_schema()`.execute(
                s.db,
              ),
            );
            terminations++;
          }
        }
      })();

      // A failure of the server's life (a restore that cannot run) fails the run at once instead of hanging it.
      await Promise.race([Promise.all([...nodeRuns, browserRun, peopleRun]), serverLife]).catch((err: unknown) => {
        recording = false;
        throw err;
      });
      recording = false;
      await Promise.all([serverLife, consoleRun]);
      expect(restored).toBe(true);
      phase('recorded');

      // Faults stop; everything drains (twice more at the end: conflicts and resyncs settle).
      proxy.setFaultRate(0);
      // Drained: every kiosk's queue is empty and its last pass went through whole (pull included),
      // with a patient client now that nothing stalls on purpose.
      for (let round = 0, clean = 0; round < 40 && clean < 2; round++) {
        const passed = await Promise.all(nodeKiosks.map((k) => k.sync(proxy.url, 15_000)));
        const pending = await Promise.all(nodeKiosks.map((k) => k.pending()));
        clean = passed.every(Boolean) && pending.every((n) => n === 0) ? clean + 1 : 0;
      }
      if (browserKiosk) {
        await browserKiosk.reload();
        // Drained means: nothing queued, and every visit the kiosk holds is on the server (a kiosk that has
        // not yet noticed the restore has an empty queue but must still push again what it holds).
        const held = async () => {
          const ids = (await browserKiosk!.visits()).map((v) => v.id);
          const onServer = await store.db
            .selectFrom('visits')
            .select('id')
            .where('id', 'in', ids.length ? ids : ['-'])
            .execute();
          return { pending: await browserKiosk!.pending(), missing: ids.length - onServer.length };
        };
        await expect.poll(held, { timeout: 90_000, interval: 500 }).toEqual({ pending: 0, missing: 0 });
      }

      phase('drained');

      // Ground truth against the server, field by field, with attribution.
      const db = store.db;
      const rows = await db.selectFrom('visits').selectAll().execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      let recorded = 0;
      let lost = 0;
      let misattributed = 0;
      const expectedIds = new Set<string>();
      for (const k of nodeKiosks) {
        for (const [id, v] of k.made) {
          recorded++;
          expectedIds.add(id);
          const row = byId.get(id);
          if (!row) {
            lost++;
            continue;
          }
          if (row.device_id !== k.deviceId || row.station_id !== k.stationId) misattributed++;
          expect({
            createdAt: row.created_at,
            services: JSON.parse(row.services),
            // Stored sealed under the server secret (README "Security").
            phone: openNullable(row.phone),
            memberId: row.member_id,
          }).toEqual({
            createdAt: v.createdAt,
            services: v.services,
            phone: v.phone,
            memberId: v.memberId,
          });
        }
      }
      // The browser kiosk: every tap-in that said 签到成功, and the one cut mid-write at most once, whole.
      let browserRows: typeof rows = [];
      if (browserKiosk) {
        browserRows = rows.filter((r) => !nodeDeviceIds.has(r.device_id));
        const labels = browserRows.map((r) =>
          (JSON.parse(r.services) as (keyof typeof zhCN.services)[]).map((s) => zhCN.services[s]).join(),
        );
        const expected = [...browserLabels];
        const extra = labels.length - expected.length;
        expect({ extra, maybe: browserMaybe.length }).toSatisfy(
          ({ extra: e, maybe }: { extra: number; maybe: number }) => e === 0 || e === maybe,
        );
        expect(labels.sort()).toEqual((extra === 0 ? expected : [...expected, ...browserMaybe]).sort());
        expect(new Set(browserRows.map((r) => r.station_id))).toEqual(new Set([stations[1]!.id]));
        recorded += expected.length;
        for (const r of browserRows) expectedIds.add(r.id);
      }
      // Doubles: rows the kiosks never made (a record stored twice under two ids), or a repeated id.
      const duplicates = rows.filter((r) => !expectedIds.has(r.id)).length + (rows.length - byId.size);
      const stored = rows.length - browserRows.length + (browserKiosk ? browserLabels.length : 0);

      // Refused on purpose: in quarantine on the kiosk, never on the server; nothing else refused.
      for (const k of nodeKiosks) {
        const refused = new Set(await k.db.refused.toCollection().primaryKeys());
        expect(refused).toEqual(k.meantToBeRefused);
        for (const id of k.meantToBeRefused) expect(byId.has(id)).toBe(false);
      }

      // Receipts: unique and contiguous per device; each kiosk's high-water is the server's count.
      for (const k of nodeKiosks) {
        const receipts = (
          await db.selectFrom('changes').select('receipt').where('device_id', '=', k.deviceId).execute()
        )
          .map((r) => Number(r.receipt))
          .sort((a, b) => a - b);
        expect(receipts).toEqual(receipts.map((_, i) => i + 1));
        const device = await db
          .selectFrom('devices')
          .select('receipt_seq')
          .where('id', '=', k.deviceId)
          .executeTakeFirstOrThrow();
        expect(await k.highWater()).toBe(Number(device.receipt_seq));
        expect(await k.db.meta.get('storageLost')).toBeUndefined();
      }

      // Tickets: one version per accepted change, no gaps, and every kiosk ends with the server's copy.
      let conflicts = 0;
      for (const k of nodeKiosks) conflicts += await k.db.conflicts.count();
      for (const id of ticketIds) {
        const row = await db
          .selectFrom('records')
          .select(['version', 'body'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const versions = (await db.selectFrom('changes').select('version').where('record_id', '=', id).execute())
          .map((r) => Number(r.version))
          .sort((a, b) => a - b);
        expect(versions).toEqual(versions.map((_, i) => i + 1));
        expect(versions.at(-1)).toBe(Number(row.version));
        for (const k of nodeKiosks) {
          const copy = await k.db.pulled.get(['ticket', id]);
          const state = async () =>
            JSON.stringify({
              kiosk: k.label,
              meta: await k.db.meta.where('key').anyOf('pullCursor', 'epoch', 'resyncing').toArray(),
              pulled: await k.db.pulled.count(),
              outbox: await k.db.outbox.count(),
            });
          expect(copy && { version: copy.version, record: copy.record }, copy ? '' : await state()).toEqual({
            version: Number(row.version),
            record: JSON.parse(row.body!),
          });
        }
      }

      // People: each registration stored once; one surviving member per phone, the rest merged into it.
      const madeMembers = nodeKiosks.flatMap((k) => [...k.members.values()]);
      const storedMembers = await db.selectFrom('members').select(['id', 'phone_key', 'merged_into']).execute();
      expect(storedMembers.map((m) => m.id).sort()).toEqual(madeMembers.map((m) => m.id).sort());
      const survivorsByPhone = new Map<string, string[]>();
      for (const m of storedMembers) {
        if (m.merged_into === null)
          survivorsByPhone.set(m.phone_key, [...(survivorsByPhone.get(m.phone_key) ?? []), m.id]);
      }
      expect([...survivorsByPhone.values()].filter((ids) => ids.length !== 1)).toEqual([]);
      for (const m of storedMembers) {
        if (m.merged_into !== null) expect(survivorsByPhone.get(m.phone_key)).toEqual([m.merged_into]);
      }
      // Sign-ups: each stored once and decided; no event oversold; the waitlist in receive order.
      const madeSignups = nodeKiosks.flatMap((k) => [...k.signups.values()]);
      const storedSignups = await db.selectFrom('signups').selectAll().orderBy('received_seq').execute();
      expect(storedSignups.map((s) => s.id).sort()).toEqual(madeSignups.map((s) => s.id).sort());
      expect(storedSignups.filter((s) => s.status === 'requested')).toEqual([]);
      for (const e of events) {
        const lead = storedSignups.filter((s) => s.event_id === e.id && s.same_as === null);
        const confirmed = lead.filter((s) => s.status === 'confirmed');
        const waiting = lead.filter((s) => s.status === 'waitlisted');
        expect(confirmed.length).toBe(Math.min(e.capacity, lead.length));
        expect(waiting.map((s) => Number(s.waitlist_position))).toEqual(waiting.map((_, i) => i + 1));
        const lastSeat = Math.max(0, ...confirmed.map((s) => Number(s.received_seq)));
        expect(waiting.every((s) => Number(s.received_seq) > lastSeat)).toBe(true);
        // A person holds one place per event: second sign-ups follow the first.
        const survivorOf = new Map(storedMembers.map((m) => [m.id, m.merged_into ?? m.id]));
        const people = lead.map((s) => survivorOf.get(s.member_id));
        expect(new Set(people).size).toBe(people.length);
      }
      console.log(
        `sync-chaos: seed=${seed} members=${madeMembers.length} survivors=${survivorsByPhone.size} signups=${madeSignups.length}`,
      );
      expect(madeMembers.length).toBeGreaterThan(survivorsByPhone.size);

      // The export reader saw every row of the final epoch exactly once.
      const tail = await reader.finish();
      expect(tail.restarts).toBeGreaterThan(0);
      expect([...tail.rows.values()].filter((n) => n !== 1)).toEqual([]);
      expect(new Set(tail.rows.keys())).toEqual(new Set(rows.map((r) => r.id)));

      const faults =
        Object.values(proxy.counts).reduce((a, b) => a + b, 0) + kills + terminations + closes + crashes + imports + 1;
      console.log(
        `sync-chaos: faults by kind ${JSON.stringify({ ...proxy.counts, serverKills: kills, pgTerminations: terminations, restores: 1, pageCloses: closes, rendererKills: crashes, importsDuringSync: imports, consoleEdits })}`,
      );
      console.log(
        `sync-chaos: seed=${seed} store=${STORE} processes=${PROCESSES} kiosks=${nodeKiosks.length + (browserKiosk ? 1 : 0)} kinds=2 recorded=${recorded} stored=${stored} duplicates=${duplicates} lost=${lost} misattributed=${misattributed} conflicts=${conflicts} faults=${faults}`,
      );
      expect(recorded).toBeGreaterThanOrEqual(2000);
      expect(duplicates).toBe(0);
      expect(lost).toBe(0);
      expect(misattributed).toBe(0);
      expect(stored).toBe(recorded);
      expect(kills).toBeGreaterThan(0);

      // The three-days-fast kiosk still synced, and the server measured its clock offset.
      const skewed = await db
        .selectFrom('devices')
        .select('clock_offset_ms')
        .where('name', '=', 'node-1')
        .executeTakeFirstOrThrow();
      expect(Number(skewed.clock_offset_ms)).toBeLessThan(-3 * 86_400_000 + 120_000);
    },
    900_000,
  );
});

export type { Random };
