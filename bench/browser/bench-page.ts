/**
 * Runs inside Chromium on the server's origin: the app's own write path,
 * log queries and sync pass, plus raw-IndexedDB baselines, exposed to the
 * benchmark driver as `window.bench`.
 */
import Dexie from 'dexie';
import { KioskDb, type OutboxEntry, type StoredVisit } from '../../src/db/kiosk-db';
import { recordVisit, storedVisit } from '../../src/db/record-visit';
import { logPage, logTotals } from '../../src/db/visit-log-queries';
import { localDay } from '../../src/domain/day';
import type { VisitRecord } from '../../src/protocol/schemas';
import { SERVICE_IDS, type ServiceId } from '../../src/protocol/services';
import { createApiClient } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import { encode } from 'uqr';
import { findMemberByPhone } from '../../src/db/people';
import { MAX_FRAME_PX, loadImageDecoder } from '../../src/kiosk/people/qr-decode';
import type { SealKey } from '../../src/protocol/sealed-box';
import { cardPayload, directoryEntry, newCardKey, newMemberNo, phoneHash } from '../../src/protocol/people';
import { uuid7 } from '../../src/protocol/uuid7';
import { benchPhone as phone, benchVisit as newRecord, pickServices } from '../lib/visits';
import { seedWishes, wishWallRenders } from './wish-wall';
import { directoryBench } from './directory-page';

const SERVICES: ServiceId[] = [...SERVICE_IDS];
let seq = 0;

async function fresh(name: string) {
  await Dexie.delete(name);
  return new KioskDb(name);
}

/** ms for each of n tap-ins through the app's write path (visit + outbox, one strict transaction). */
async function tapins(n: number): Promise<number[]> {
  const db = await fresh(`bench-tapin-${seq++}`);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await recordVisit(db, { services: pickServices(i), phone: phone(i) });
    times.push(performance.now() - t);
  }
  db.close();
  return times;
}

/** A fresh raw IndexedDB database for a baseline, with the stores `upgrade` makes. */
function openRaw(upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(`bench-raw-${seq++}`, 1);
    req.onupgradeneeded = () => upgrade(req.result);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** ms for each of n strict readwrite transactions on `stores`, each doing `write` for a new visit. */
async function timeRaw(
  idb: IDBDatabase,
  stores: string[],
  n: number,
  write: (tx: IDBTransaction, record: VisitRecord) => void,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const record = newRecord(i);
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction(stores, 'readwrite', { durability: 'strict' });
      write(tx, record);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    times.push(performance.now() - t);
  }
  idb.close();
  return times;
}

/** Baseline: a raw IndexedDB put of the same visit object, one strict transaction each. */
async function rawPuts(n: number): Promise<number[]> {
  const idb = await openRaw((db) => db.createObjectStore('visits', { keyPath: 'id' }));
  return timeRaw(idb, ['visits'], n, (tx, record) => tx.objectStore('visits').put(storedVisit(record)));
}

/** Baseline: the app's own two writes and indexes (visit + outbox entry) in raw IndexedDB, without Dexie. */
async function rawPairs(n: number): Promise<number[]> {
  const idb = await openRaw((db) => {
    const visits = db.createObjectStore('visits', { keyPath: 'id' });
    visits.createIndex('createdAt', 'createdAt');
    visits.createIndex('svcDays', 'svcDays', { multiEntry: true });
    db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('recordId', 'recordId');
  });
  return timeRaw(idb, ['visits', 'outbox'], n, (tx, record) => {
    tx.objectStore('visits').add(storedVisit(record));
    tx.objectStore('outbox').add({ kind: 'visit', op: 'put', recordId: record.id, record, queuedAt: record.createdAt });
  });
}

let logDb: KioskDb | undefined;

/** Fills the log database with n synced visits spread over `days` days before today. */
async function seedLog(n: number, days: number): Promise<void> {
  logDb = await fresh('bench-log');
  const now = Date.now();
  for (let start = 0; start < n; start += 5000) {
    const rows: StoredVisit[] = [];
    for (let i = start; i < Math.min(n, start + 5000); i++) {
      rows.push(storedVisit(newRecord(i, new Date(now - Math.floor((i / n) * days * 86_400_000)))));
    }
    await logDb.visits.bulkAdd(rows);
  }
}

const today = () => localDay(new Date());
const daysAgo = (d: number) => localDay(new Date(Date.now() - d * 86_400_000));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const logFirstPage = () =>
  timed(() => logPage(logDb!, { from: today(), to: today(), service: 'water', phoneEnd: '' }, 200));
const logDayTotals = () =>
  timed(() => logTotals(logDb!, { from: today(), to: today(), service: null, phoneEnd: '' }, SERVICES));
const logMonthTotals = () =>
  timed(() => logTotals(logDb!, { from: daysAgo(29), to: today(), service: null, phoneEnd: '' }, SERVICES));
const heapMb = () =>
  ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN) / 1e6;

let drainDb: KioskDb | undefined;

/**
 * Queues n visits (visit + outbox) for a drain, outside the timing. The kiosk holds
 * the server's key as enrollment left it, so settling seals and masks the phones as in the field.
 */
async function queue(n: number, sealKey: SealKey): Promise<void> {
  drainDb = await fresh(`bench-drain-${seq++}`);
  await drainDb.meta.put({ key: 'sealKey', value: sealKey });
  for (let start = 0; start < n; start += 2000) {
    const visits: StoredVisit[] = [];
    const outbox: OutboxEntry[] = [];
    for (let i = start; i < Math.min(n, start + 2000); i++) {
      const record = newRecord(i);
      visits.push(storedVisit(record));
      outbox.push({
        changeId: record.id,
        kind: 'visit',
        op: 'put',
        recordId: record.id,
        record,
        queuedAt: record.createdAt,
      });
    }
    await drainDb.transaction('rw', drainDb.visits, drainDb.outbox, async () => {
      await drainDb!.visits.bulkAdd(visits);
      await drainDb!.outbox.bulkAdd(outbox);
    });
  }
}

/** Drains the queue to the server until committed; ms and how many the server accepted. */
async function drain(token: string, batchSize?: number) {
  // Time on the wire (request to parsed answer), to tell the kiosk's share from the server's.
  const client = createApiClient('');
  let networkMs = 0;
  const timedPush: typeof client.push = async (...args) => {
    const t = performance.now();
    try {
      return await client.push(...args);
    } finally {
      networkMs += performance.now() - t;
    }
  };
  const t = performance.now();
  const report = await syncOnce({ db: drainDb!, client: { ...client, push: timedPush }, token, batchSize });
  const ms = performance.now() - t;
  return { ms, networkMs, accepted: report.accepted, left: await drainDb!.outbox.count() };
}

let memberDb: KioskDb | undefined;
let memberPhones: string[] = [];

/** A random mainland mobile number (the last four digits spread evenly). */
function randomPhone(): string {
  return `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
}

/**
 * A kiosk directory of n members. `sample` of them carry a real slow hash (they are looked up);
 * the rest a well-formed hash of a random number, which costs a lookup the same to reject.
 */
async function seedDirectory(n: number, sample: number): Promise<void> {
  memberDb = await fresh('bench-members');
  memberPhones = [];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const p = randomPhone();
    const record = {
      id: uuid7(),
      createdAt: new Date().toISOString(),
      memberNo: newMemberNo(),
      name: '测试会员',
      phone: p,
      occupation: 'courier' as const,
      partyMember: false,
      consentVersion: '2026-11',
      consentAt: new Date().toISOString(),
      cardKey: newCardKey(),
    };
    if (i < sample) {
      memberPhones.push(p);
      rows.push({ ...(await directoryEntry(record)), version: 1 });
    } else {
      const fake = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0'));
      rows.push({
        id: record.id,
        memberNo: record.memberNo,
        displayName: '测*',
        phoneLast4: p.slice(7),
        phoneHash: `pbkdf2-sha256$10000$${fake.join('')}`,
        cardCheck: '0'.repeat(32),
        occupation: 'courier',
        partyMember: false,
        version: 1,
      });
    }
  }
  await memberDb.directory.bulkAdd(rows);
}

/** ms per lookup of each sampled member by phone (directory index by last four, then the hash check). */
async function memberLookups(): Promise<number[]> {
  const times: number[] = [];
  for (const p of memberPhones) {
    const t = performance.now();
    const found = await findMemberByPhone(memberDb!, p);
    times.push(performance.now() - t);
    if (!found) throw new Error('a seeded member was not found');
  }
  return times;
}

/** Baseline: the same index reads without any hash check. */
async function directoryReads(): Promise<number[]> {
  const times: number[] = [];
  for (const p of memberPhones) {
    const t = performance.now();
    await memberDb!.directory.where('phoneLast4').equals(p.slice(7)).toArray();
    times.push(performance.now() - t);
  }
  return times;
}

/** Baseline: one PBKDF2 phone hash alone. */
async function singleHashes(n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await phoneHash(randomPhone(), uuid7());
    times.push(performance.now() - t);
  }
  return times;
}

/** A 16:9 camera frame as the kiosk's reader sees it (scaled down): a member card's QR on grey. */
function cardFrame(): ImageData {
  const width = MAX_FRAME_PX;
  const height = Math.round((MAX_FRAME_PX * 9) / 16);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#8a8a8a';
  ctx.fillRect(0, 0, width, height);
  const { data, size } = encode(cardPayload({ id: uuid7(), cardKey: newCardKey() }), { border: 4, ecc: 'M' });
  const module = Math.floor((height * 0.7) / size);
  const left = (width - size * module) / 2;
  const top = (height - size * module) / 2;
  ctx.fillStyle = '#f4f4f4';
  ctx.fillRect(left, top, size * module, size * module);
  ctx.fillStyle = '#151515';
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (data[r]![c]) ctx.fillRect(left + c * module, top + r * module, module, module);
  }
  return ctx.getImageData(0, 0, width, height);
}

/** ms to decode each of n frames (a new card each), and the same frames with nothing to find (the common case). */
async function qrDecodes(n: number): Promise<{ card: number[]; empty: number[] }> {
  const decode = await loadImageDecoder();
  const card: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < n; i++) {
    const frame = cardFrame();
    let t = performance.now();
    if (!decode(frame)) throw new Error('the card was not decoded');
    card.push(performance.now() - t);
    frame.data.fill(138);
    t = performance.now();
    decode(frame);
    empty.push(performance.now() - t);
  }
  return { card, empty };
}

Object.assign(window, {
  bench: {
    tapins,
    rawPuts,
    rawPairs,
    seedLog,
    logFirstPage,
    logDayTotals,
    logMonthTotals,
    heapMb,
    queue,
    drain,
    seedDirectory,
    memberLookups,
    directoryReads,
    singleHashes,
    qrDecodes,
    seedWishes,
    wishWallRenders,
    ...directoryBench,
  },
});
