/**
 * The push handler, generic over the kinds registry: check every change on its
 * own, then in one transaction decide each against the ledger (duplicate or
 * refused by content) and, for versioned kinds, against the server's current
 * version (applied, merged or conflict); take receipts and feed positions; write.
 */
import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import { isRefusal, type AnyRecord, type CheckedChange, type KindRegistry } from '../../src/protocol/kinds';
import { KINDS } from '../../src/protocol/record-kinds';
import type { Change, ChangeResult, PushRequest, PushResponse } from '../../src/protocol/schemas';
import { contentHash, sameContent } from '../store/content-hash';
import type { AuthedDevice } from '../store/devices';
import { storeEpoch, takeFeedSeqs } from '../store/feed';
import { findChanges, insertChanges, lockDevice, takeReceipts, type NewLedgerRow } from '../store/ledger';
import type { CurrentRecord } from '../store/records';
import type { Db } from '../store/schema';
import { createKindRules } from './kind-rules';
import { kindStores, type AcceptedWrite, type KindStore } from './kind-stores';

export interface PushOptions {
  registry?: KindRegistry;
  now?: Date;
  /** False for an admin's import of a transfer file: it must not make a silent kiosk look alive. */
  touchDevice?: boolean;
  /** Opens a box a kiosk sealed to the server's key (server/auth/seal-key.ts); without it sealed phones are refused. */
  openSealed?: OpenSealed;
}

/** Opens text a kiosk sealed to the server's key; rejects when it cannot. */
export type OpenSealed = (box: string) => Promise<string>;

const cannotOpen: OpenSealed = () => Promise.reject(new Error('no key to open sealed boxes'));

/** A checked change with its content hash. */
interface Candidate extends CheckedChange {
  index: number;
  hash: string;
}

/** Another transaction stored one of our change ids between our read and our insert (PostgreSQL); retry. */
class LedgerRace extends Error {}

const NEUTRAL_TAKEN = 'This change id is already used for other content; the change was not stored';

/** Who writes: a kiosk (its device and station) or the console (no device, the record's station). */
export interface Actor {
  stationId: string;
  deviceId: string | null;
}

/** Stores a pushed batch for a device. Pushing the same changes again stores nothing new and answers `duplicate`. */
export async function handlePush(
  db: Kysely<Db>,
  device: AuthedDevice,
  body: PushRequest,
  opts: PushOptions = {},
): Promise<PushResponse> {
  const now = opts.now ?? new Date();
  const results = await commitChanges(db, { stationId: device.stationId, deviceId: device.id }, body, opts);
  return { results, serverTime: now.toISOString(), epoch: (await storeEpoch(db)).epoch };
}

/** A record naming another station than the device's (a station record names itself by its id). */
function namesOtherStation(c: CheckedChange, stationId: string): boolean {
  const named = c.kind === 'station' ? c.record.id : c.record.stationId;
  return typeof named === 'string' && named !== stationId;
}

/** Checks, decides and commits changes for one actor in one transaction; answers per change, in order. */
export async function commitChanges(
  db: Kysely<Db>,
  device: Actor,
  body: Pick<PushRequest, 'changes' | 'sentAt'>,
  { registry = KINDS, now = new Date(), touchDevice = true, openSealed = cannotOpen }: PushOptions = {},
): Promise<ChangeResult[]> {
  const receivedAt = now.toISOString();
  const results: ChangeResult[] = new Array(body.changes.length);
  const candidates: Candidate[] = [];
  const opened = await openSealedPhones(body.changes, openSealed);
  for (const [index, sent] of body.changes.entries()) {
    const id = sent.changeId ?? sent.record.id;
    const phone = opened.get(index);
    if (phone === null) {
      results[index] = {
        id,
        status: 'rejected',
        code: 'sealed_unreadable',
        reason: 'The sealed phone number was not sealed to this server’s key, or was changed',
      };
      continue;
    }
    const { sealedPhone: _sealed, ...change } =
      phone === undefined ? sent : { ...sent, record: { ...sent.record, phone } };
    const checked = registry.check(change, { byConsole: device.deviceId === null });
    if (isRefusal(checked)) {
      results[index] = { id, status: 'rejected', code: checked.code, reason: checked.reason };
    } else if (namesOtherStation(checked, device.stationId)) {
      results[index] = {
        id,
        status: 'rejected',
        code: 'wrong_station',
        reason: 'The record names another station than this device’s',
      };
    } else {
      candidates.push({ ...checked, index, hash: contentHash(checked) });
    }
  }
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const stores = kindStores(postgres ? 'postgres' : 'sqlite');
  const offset = body.sentAt ? now.getTime() - Date.parse(body.sentAt) : undefined;
  const seen = touchDevice ? { at: receivedAt, ...(offset === undefined ? {} : { clockOffsetMs: offset }) } : null;
  for (let attempt = 1; ; attempt++) {
    try {
      const decided = await db
        .transaction()
        .execute((trx) => commitBatch(trx, device, candidates, registry, stores, seen, receivedAt, postgres));
      for (const [index, result] of decided) results[index] = result;
      break;
    } catch (err) {
      if (!(err instanceof LedgerRace || isRetryable(err)) || attempt >= 5) throw err;
    }
  }
  return results;
}

/** Decides and writes one batch inside one transaction; answers a result per candidate's index. */
async function commitBatch(
  trx: Transaction<Db>,
  device: Actor,
  candidates: Candidate[],
  registry: KindRegistry,
  stores: (kind: string) => KindStore,
  seen: { at: string; clockOffsetMs?: number } | null,
  receivedAt: string,
  postgres: boolean,
): Promise<Map<number, ChangeResult>> {
  const out = new Map<number, ChangeResult>();
  // Take a write lock before reading anything: the device's row orders this device's pushes; a
  // console change takes the feed counter's row. (On SQLite a transaction that reads first and
  // writes later fails at once with SQLITE_BUSY when another process wrote in between.)
  // On PostgreSQL row locks are taken as needed, records first; feed positions come from a sequence and
  // hold no lock (server/store/feed.ts).
  if (device.deviceId) await lockDevice(trx, device.deviceId);
  else if (!postgres) await takeFeedSeqs(trx, 0);
  const ledger = await findChanges(
    trx,
    candidates.map((c) => c.changeId),
  );
  // Per-kind rules (server/sync/kind-rules.ts) lock what they decide on before any current copy is read.
  const rules = createKindRules(trx, device, { lock: postgres, stores, receivedAt });
  await rules.prepare(candidates.filter((c) => !ledger.has(c.changeId)));
  const current = await loadCurrent(trx, candidates, stores);
  const firstInBatch = new Map<string, Candidate>();
  const accepted: { c: Candidate; write: Omit<AcceptedWrite, 'receipt' | 'feedSeq'> }[] = [];
  for (const c of candidates) {
    const id = c.changeId;
    const stored = ledger.get(id);
    const earlier = firstInBatch.get(id);
    if (stored) {
      out.set(
        c.index,
        stored.deviceId === device.deviceId && sameContent(stored.contentHash, c, c.hash)
          ? withNumbers({ id, status: 'duplicate' }, stored.receipt, stored.version)
          : { id, status: 'rejected', code: 'change_id_taken', reason: NEUTRAL_TAKEN },
      );
      continue;
    }
    if (earlier) {
      // The same change twice in one batch: the second mirrors the first once it is decided (below).
      if (earlier.hash !== c.hash)
        out.set(c.index, { id, status: 'rejected', code: 'change_id_taken', reason: NEUTRAL_TAKEN });
      continue;
    }
    firstInBatch.set(id, c);
    // Append-only kinds have no current copy to look up.
    const cur = c.spec.versioned ? current.get(`${c.kind}\u0000${c.recordId}`) : undefined;
    const decision = decide(c, cur, device);
    if (decision.status !== 'apply') {
      const { current: theirs, ...result } = decision.result;
      out.set(c.index, { id, ...result, ...(theirs ? { current: await rules.present(c.kind, theirs) } : {}) });
      continue;
    }
    const ruled = await rules.check(c, decision.record, cur);
    if (!ruled.ok) {
      out.set(c.index, { id, status: 'rejected', code: ruled.refusal.code, reason: ruled.refusal.reason });
      continue;
    }
    decision.record = ruled.record;
    // A record keeps the station it was made at (a district kind edited elsewhere stays where it was made).
    const ownerStation = current.get(`${c.kind}\u0000${c.recordId}`)?.stationId ?? device.stationId;
    accepted.push({
      c,
      write: {
        recordId: c.recordId,
        stationId: ownerStation,
        op: c.op,
        record: decision.record,
        version: decision.version,
      },
    });
    if (c.spec.versioned) {
      current.set(`${c.kind}\u0000${c.recordId}`, {
        stationId: ownerStation,
        version: decision.version!,
        record: decision.record,
      });
    }
  }
  // Console changes take no receipt: receipts number one device's changes.
  const firstReceipt = device.deviceId ? await takeReceipts(trx, device.deviceId, accepted.length, seen) : null;
  const feedSeqs = accepted.length > 0 ? await takeFeedSeqs(trx, accepted.length) : [];
  const rows: NewLedgerRow[] = accepted.map(({ c, write }, i) => ({
    changeId: c.changeId,
    kind: c.kind,
    recordId: c.recordId,
    stationId: device.stationId,
    deviceId: device.deviceId,
    receipt: firstReceipt === null ? null : firstReceipt + i,
    contentHash: c.hash,
    version: write.version,
  }));
  const inserted = await insertChanges(trx, rows, receivedAt);
  if (inserted.size !== rows.length) throw new LedgerRace();
  const byKind = new Map<string, AcceptedWrite[]>();
  for (const [i, { c, write }] of accepted.entries()) {
    const full: AcceptedWrite = {
      recordId: write.recordId,
      stationId: write.stationId,
      op: write.op,
      record: write.record,
      version: write.version,
      receipt: firstReceipt === null ? null : firstReceipt + i,
      feedSeq: feedSeqs[i]!,
    };
    const writes = byKind.get(c.kind);
    if (writes) writes.push(full);
    else byKind.set(c.kind, [full]);
    out.set(c.index, withNumbers({ id: c.changeId, status: 'accepted' }, full.receipt, write.version));
  }
  for (const [kind, writes] of byKind) {
    await stores(kind).write(trx, registry.get(kind)!, writes, device, receivedAt);
  }
  await rules.after();
  // Repeats inside the batch answer as their first did (a duplicate of it, with the same receipt).
  for (const c of candidates) {
    if (out.has(c.index)) continue;
    const first = out.get(firstInBatch.get(c.changeId)!.index)!;
    out.set(c.index, first.status === 'accepted' ? { ...first, status: 'duplicate' } : first);
  }
  return out;
}

/** Current copies of every versioned record the batch touches, keyed `kind\0id`. */
async function loadCurrent(trx: Transaction<Db>, candidates: Candidate[], stores: (kind: string) => KindStore) {
  const idsByKind = new Map<string, { spec: Candidate['spec']; ids: Set<string> }>();
  for (const c of candidates) {
    if (!c.spec.versioned) continue;
    const entry = idsByKind.get(c.kind) ?? { spec: c.spec, ids: new Set<string>() };
    entry.ids.add(c.recordId);
    idsByKind.set(c.kind, entry);
  }
  const current = new Map<string, CurrentRecord>();
  for (const [kind, { spec, ids }] of idsByKind) {
    for (const [id, row] of await stores(kind).current(trx, spec, [...ids])) current.set(`${kind}\u0000${id}`, row);
  }
  return current;
}

type Decision =
  | { status: 'apply'; record: AnyRecord | null; version: number | null }
  | { status: 'answer'; result: Omit<ChangeResult, 'id'> };

/**
 * The server decides the order of edits to a versioned record: a change based on
 * the current version applies; one based on an older version applies only when
 * the kind says it commutes (merge); otherwise the kiosk gets the server's copy.
 * Kiosk clocks play no part.
 */
function decide(c: Candidate, cur: CurrentRecord | undefined, device: Actor): Decision {
  if (!c.spec.versioned) return { status: 'apply', record: c.record, version: null };
  const deleting = c.op === 'delete';
  if (!cur) {
    if ((c.baseVersion ?? 0) !== 0 || deleting) {
      return { status: 'answer', result: { status: 'rejected', code: 'not_found', reason: 'There is no such record' } };
    }
    return { status: 'apply', record: c.record, version: 1 };
  }
  // Records of a station are edited only by that station's kiosks; district kinds by any kiosk of the district.
  if (cur.stationId !== device.stationId && c.spec.pulledBy !== 'district') {
    return { status: 'answer', result: { status: 'rejected', code: 'not_found', reason: 'There is no such record' } };
  }
  const next = cur.version + 1;
  if (c.baseVersion === cur.version) return { status: 'apply', record: deleting ? null : c.record, version: next };
  const merged = !deleting && cur.record && c.spec.merge ? c.spec.merge(cur.record, c.record) : null;
  if (merged) return { status: 'apply', record: merged, version: next };
  return {
    status: 'answer',
    result: {
      status: 'conflict',
      code: 'conflict',
      reason: 'The record changed on the server since this change was made',
      version: cur.version,
      current: cur.record ?? { id: c.recordId, deleted: true },
    },
  };
}

/** PostgreSQL chose this transaction as a deadlock's victim or could not serialise it: running it again is safe. */
function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '40P01' || code === '40001';
}

/** The result with its receipt and version where they are not null (optional wire fields are omitted, not null). */
function withNumbers(result: ChangeResult, receipt: number | null, version: number | null): ChangeResult {
  if (receipt !== null) result.receipt = receipt;
  if (version !== null) result.version = version;
  return result;
}

/** Opens the phones kiosks sent sealed (visits queued again after masking): index → phone, or null when unreadable. */
async function openSealedPhones(changes: Change[], open: OpenSealed): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  for (const [index, change] of changes.entries()) {
    if (change.sealedPhone === undefined) continue;
    out.set(index, await open(change.sealedPhone).catch(() => null));
  }
  return out;
}
