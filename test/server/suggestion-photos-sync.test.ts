/** A suggestion's photo through the kiosk's sync pass (fake-indexeddb) against the real server over HTTP. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskDb } from '../../src/db/kiosk-db';
import { leaveSuggestion, lookupSuggestion, photoCounts } from '../../src/db/suggestions';
import { applyConsoleChange } from '../../server/sync/console-change';
import { suggestionPhoto } from '../../server/store/suggestion-photos';
import { createApiClient, OfflineError } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import { enrolledDevice } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let db: KioskDb;
let token: string;
beforeEach(async () => {
  server = await startTestServer();
  db = new KioskDb(`kiosk-${Math.random()}`);
  token = (await enrolledDevice(server.store.db)).token;
});
afterEach(async () => {
  db.close();
  await server.close();
});

const bytes = new Uint8Array(3000).fill(5);
bytes.set([0xff, 0xd8, 0xff, 0xe0]);
const photo = { type: 'image/jpeg', bytes };

/** Answers as `fetch` would, except that photo uploads meet the given fault. */
function faultyPhotos(fault: 'offline' | 'lost-answer' | 'server-error'): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    if (!url.includes('/attachments/')) return fetch(input, init);
    if (fault === 'offline') throw new TypeError('fetch failed');
    if (fault === 'server-error') return new Response('{"error":"boom","code":"internal"}', { status: 500 });
    // The server stores the photo, then the answer is lost on the way back.
    await fetch(input, init);
    throw new TypeError('network connection lost');
  };
}

describe('suggestion photos through the sync pass', () => {
  it('uploads the photo after the record is confirmed, in the same pass', async () => {
    const s = await leaveSuggestion(db, { category: 'sanitation', text: '垃圾桶满了', memberId: null, photo });
    const report = await syncOnce({ db, client: createApiClient(server.url), token });
    expect(report).toMatchObject({ accepted: 1, photosUploaded: 1 });
    expect(await suggestionPhoto(server.store.db, s.id)).toEqual({ type: 'image/jpeg', bytes: expect.anything() });
    expect(new Uint8Array((await suggestionPhoto(server.store.db, s.id))!.bytes)).toEqual(bytes);
    expect(await photoCounts(db)).toEqual({ waiting: 0, refused: 0 });
  });

  it('keeps the photo when the upload fails or the kiosk goes offline after the record, and uploads it on a later pass', async () => {
    const s = await leaveSuggestion(db, { category: 'sanitation', text: '垃圾桶满了', memberId: null, photo });
    // The record went up, then the network dropped before the photo.
    await expect(
      syncOnce({ db, client: createApiClient(server.url, faultyPhotos('offline')), token }),
    ).rejects.toBeInstanceOf(OfflineError);
    expect(await db.outbox.count()).toBe(0);
    expect(await photoCounts(db)).toEqual({ waiting: 1, refused: 0 });
    // The server fails on it: still kept, the pass reports a failure so it is tried again.
    await expect(
      syncOnce({ db, client: createApiClient(server.url, faultyPhotos('server-error')), token }),
    ).rejects.toThrow();
    expect(await photoCounts(db)).toEqual({ waiting: 1, refused: 0 });
    expect((await db.photos.toArray())[0]).toMatchObject({ attempts: 2, lastError: 'internal' });
    expect(await suggestionPhoto(server.store.db, s.id)).toBeNull();
    // The server stores it but the answer is lost: the next upload of the same bytes is the same answer.
    await expect(
      syncOnce({ db, client: createApiClient(server.url, faultyPhotos('lost-answer')), token }),
    ).rejects.toBeInstanceOf(OfflineError);
    const report = await syncOnce({ db, client: createApiClient(server.url), token });
    expect(report.photosUploaded).toBe(1);
    expect(await photoCounts(db)).toEqual({ waiting: 0, refused: 0 });
    const stored = await server.store.db.selectFrom('suggestion_photos').select('id').execute();
    expect(stored).toHaveLength(1);
  });

  it('shows the district’s reply at the lookup after the next pull', async () => {
    const s = await leaveSuggestion(db, { category: 'traffic', text: '学府路口红绿灯太短', memberId: null });
    await syncOnce({ db, client: createApiClient(server.url), token });
    await applyConsoleChange(server.store.db, {
      kind: 'suggestion',
      op: 'put',
      baseVersion: 1,
      record: { ...s, status: 'resolved', reply: '已延长到 45 秒', repliedAt: new Date().toISOString() },
    });
    await syncOnce({ db, client: createApiClient(server.url), token });
    expect(await lookupSuggestion(db, s.receiptCode)).toMatchObject({
      found: { view: { status: 'resolved', reply: '已延长到 45 秒' }, pending: false },
    });
    // Another kiosk of the district finds it by code too, with no text of it.
    const other = new KioskDb(`kiosk-${Math.random()}`);
    const otherToken = (await enrolledDevice(server.store.db, '铜河电信营业厅')).token;
    await syncOnce({ db: other, client: createApiClient(server.url), token: otherToken });
    expect(await lookupSuggestion(other, s.receiptCode)).toMatchObject({
      found: { view: { status: 'resolved', reply: '已延长到 45 秒', stationName: '康民药店分站' }, text: null },
    });
    other.close();
  });
});
