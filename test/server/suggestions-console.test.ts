/**
 * Suggestions over real HTTP on each store: the console's queue (filters, paging, sorting,
 * figures), answers through the rails (status machine, reply, assignment, conflicts), the
 * district's status view every kiosk pulls, and the photo upload (idempotent, bounded, images only).
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { upsertAdmin } from '../../server/store/admins';
import { openSqlite } from '../../server/store/open-database';
import { PhotoReceiptSchema, PHOTO_MAX_BYTES } from '../../src/protocol/suggestion-photos';
import { SuggestionStatusViewSchema } from '../../src/protocol/suggestion-status';
import type { SuggestionListResponse, SuggestionResponse } from '../../src/protocol/console-suggestions';
import { uuid7 } from '../../src/protocol/uuid7';
import { enrolledDevice } from '../support/fixtures';
import { suggestion } from '../support/people-fixtures';
import { pullAllAs, pushAs } from '../support/kiosk-http';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores';

/** A JPEG's first bytes and some body: the server judges an image by its magic bytes. */
function jpeg(size = 5000, fill = 7): Uint8Array {
  const b = new Uint8Array(size).fill(fill);
  b.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  b[size - 2] = 0xff;
  b[size - 1] = 0xd9;
  return b;
}

const put = (record: object, baseVersion = 0) => ({
  kind: 'suggestion',
  op: 'put',
  changeId: uuid7(),
  baseVersion,
  record,
});

describe.each(STORE_KINDS)('suggestions over HTTP on %s', (kind) => {
  let t: TestStore;
  let server: ServerType;
  let url: string;
  let cookie: string;

  beforeEach(async () => {
    t = await openTestStore(kind);
    const app = createApp({ db: t.store.db, version: 'test', timeZone: 'Asia/Shanghai' });
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await upsertAdmin(t.store.db, 'admin', 'correct horse');
    await upsertAdmin(t.store.db, 'zhang', 'correct horse 2');
    const login = await fetch(`${url}/api/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.drop();
  });

  async function admin<T = Record<string, unknown>>(path: string, body?: unknown) {
    const res = await fetch(`${url}/api/v1/admin${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie, origin: url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as T & { code?: string } };
  }

  function upload(token: string, id: string, suggestionId: string, bytes: Uint8Array, type = 'image/jpeg') {
    return fetch(`${url}/api/v1/attachments/${id}?suggestion=${suggestionId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
  }

  it('answers a suggestion in the console: assign, reply, move forward only, conflicts on a stale version', async () => {
    const a = await enrolledDevice(t.store.db, '康民药店分站');
    const s = suggestion();
    expect((await pushAs(url, a.token, [put(s)]))[0]).toMatchObject({ status: 'accepted', version: 1 });

    const assigned = await admin<SuggestionResponse>(`/suggestions/${s.id}`, { version: 1, assignedTo: 'zhang' });
    expect(assigned.status).toBe(200);
    expect(assigned.json.suggestion).toMatchObject({ assignedTo: 'zhang', status: 'received', version: 2 });
    // Someone who is not an admin of the district: refused, nothing changes.
    const stranger = await admin(`/suggestions/${s.id}`, { version: 2, assignedTo: '隔壁老王' });
    expect(stranger).toMatchObject({ status: 400, json: { code: 'not_an_admin' } });

    const working = await admin<SuggestionResponse>(`/suggestions/${s.id}`, { version: 2, status: 'in_progress' });
    expect(working.json.suggestion).toMatchObject({ status: 'in_progress', version: 3 });
    // Resolving tells the worker what was done.
    expect(await admin(`/suggestions/${s.id}`, { version: 3, status: 'resolved' })).toMatchObject({
      status: 400,
      json: { code: 'reply_required' },
    });
    // Someone else answered from the older copy: a conflict, not a silent overwrite.
    expect(await admin(`/suggestions/${s.id}`, { version: 2, reply: '晚了一步的回复' })).toMatchObject({
      status: 409,
      json: { code: 'conflict' },
    });
    const done = await admin<SuggestionResponse>(`/suggestions/${s.id}`, {
      version: 3,
      status: 'resolved',
      reply: '已联系物业，每天下午加清运一次',
    });
    expect(done.json.suggestion).toMatchObject({
      status: 'resolved',
      reply: '已联系物业，每天下午加清运一次',
      version: 4,
    });
    expect(done.json.suggestion.repliedAt).toBeTruthy();
    // Backwards: refused with its code, nothing changes.
    expect(await admin(`/suggestions/${s.id}`, { version: 4, status: 'in_progress' })).toMatchObject({
      status: 400,
      json: { code: 'status_backwards' },
    });
    // A reply that is only emoji, an unknown status: refused.
    expect((await admin(`/suggestions/${s.id}`, { version: 4, reply: '👍👍' })).status).toBe(400);
    expect((await admin(`/suggestions/${s.id}`, { version: 4, status: 'maybe' })).status).toBe(400);
    expect((await admin(`/suggestions/${uuid7()}`, { version: 1, status: 'resolved' })).json.code).toBe(
      'suggestion_not_found',
    );
    const now = await admin<SuggestionResponse>(`/suggestions/${s.id}`);
    expect(now.json.suggestion).toMatchObject({ status: 'resolved', version: 4, assignedTo: 'zhang' });

    // The station's kiosk pulls the whole answer back; the station kiosk cannot move it itself.
    const mine = (await pullAllAs(url, a.token)).filter((c) => c.kind === 'suggestion').at(-1);
    expect(mine).toMatchObject({ version: 4, record: { status: 'resolved', reply: '已联系物业，每天下午加清运一次' } });
    const byKiosk = await pushAs(url, a.token, [put({ ...s, status: 'declined' }, 4)]);
    expect(byKiosk[0]).toMatchObject({ status: 'rejected', code: 'server_field' });
  });

  it('puts a status view with the reply, but not the text, on every kiosk of the district', async () => {
    const a = await enrolledDevice(t.store.db, '康民药店分站');
    const b = await enrolledDevice(t.store.db, '铜河电信营业厅');
    const s = suggestion({ text: '我住3号楼，电话13800001234，楼道灯坏了' });
    await pushAs(url, a.token, [put(s)]);
    await admin(`/suggestions/${s.id}`, { version: 1, status: 'resolved', reply: '已修好楼道灯' });
    const views = (await pullAllAs(url, b.token)).filter((c) => c.kind === 'suggestion_status');
    const latest = views.at(-1)!;
    expect(v.is(SuggestionStatusViewSchema, latest.record)).toBe(true);
    expect(latest).toMatchObject({
      version: 2,
      record: {
        id: s.id,
        receiptCode: s.receiptCode,
        status: 'resolved',
        reply: '已修好楼道灯',
        stationName: '康民药店分站',
      },
    });
    expect(JSON.stringify(views)).not.toContain('13800001234');
    // Kiosk B holds no suggestion of A's itself.
    expect((await pullAllAs(url, b.token)).some((c) => c.kind === 'suggestion')).toBe(false);
    // Nor may a kiosk push a status view.
    const forged = await pushAs(url, b.token, [
      { kind: 'suggestion_status', op: 'put', changeId: uuid7(), baseVersion: 2, record: latest.record },
    ]);
    expect(forged[0]).toMatchObject({ status: 'rejected', code: 'op_not_allowed' });
  });

  it('lists the queue by category, station, status and age, paged and sorted on the server, with the figures', async () => {
    const a = await enrolledDevice(t.store.db, '康民药店分站');
    const b = await enrolledDevice(t.store.db, '铜河电信营业厅');
    const day = 86_400_000;
    const ago = (d: number) => new Date(Date.now() - d * day).toISOString();
    const old = suggestion({ createdAt: ago(20), category: 'traffic' });
    const mid = suggestion({ createdAt: ago(5) });
    const fresh = suggestion({ createdAt: ago(1), category: 'traffic' });
    await pushAs(url, a.token, [put(old), put(mid)]);
    await pushAs(url, b.token, [put(fresh)]);
    await admin(`/suggestions/${mid.id}`, { version: 1, status: 'resolved', reply: '已处理' });

    const list = async (q: string) => (await admin<SuggestionListResponse>(`/suggestions?${q}`)).json;
    const all = await list('');
    expect(all.suggestions.map((s) => s.id)).toEqual([old.id, mid.id, fresh.id]);
    expect(all.figures).toMatchObject({ collected: 3, resolved: 1, received: 2 });
    expect((await list('order=desc')).suggestions.map((s) => s.id)).toEqual([fresh.id, mid.id, old.id]);
    expect((await list('category=traffic')).suggestions.map((s) => s.id)).toEqual([old.id, fresh.id]);
    expect((await list(`station=${b.station.id}`)).suggestions.map((s) => s.stationName)).toEqual(['铜河电信营业厅']);
    expect((await list('status=open')).total).toBe(2);
    expect((await list('olderThan=7')).suggestions.map((s) => s.id)).toEqual([old.id]);
    const page = await list('limit=2&offset=2');
    expect(page).toMatchObject({ total: 3, offset: 2, limit: 2 });
    expect(page.suggestions.map((s) => s.id)).toEqual([fresh.id]);
    expect((await admin(`/suggestions?category=money`)).status).toBe(400);
    expect((await admin(`/suggestions?sort=whim`)).status).toBe(400);
    expect((await admin<{ admins: string[] }>('/suggestions/assignees')).json.admins).toEqual(['admin', 'zhang']);
  });

  it('takes a photo after its suggestion, once per id, bounded in size, images only', async () => {
    const a = await enrolledDevice(t.store.db, '康民药店分站');
    const b = await enrolledDevice(t.store.db, '铜河电信营业厅');
    const s = suggestion();
    const photoId = uuid7();
    const bytes = jpeg();
    // Before the suggestion reached the server: not found, nothing stored.
    expect((await upload(a.token, photoId, s.id, bytes)).status).toBe(404);
    await pushAs(url, a.token, [put(s)]);

    const first = await upload(a.token, photoId, s.id, bytes);
    expect(first.status).toBe(201);
    const receipt = v.parse(PhotoReceiptSchema, await first.json());
    expect(receipt).toMatchObject({ id: photoId, suggestionId: s.id, type: 'image/jpeg', bytes: bytes.length });
    // The same bytes again (the answer was lost): the same receipt.
    const again = await upload(a.token, photoId, s.id, bytes);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(receipt);
    // Other bytes under the same id, or a second photo: refused.
    const other = await upload(a.token, photoId, s.id, jpeg(5000, 9));
    expect(other.status).toBe(409);
    expect(((await other.json()) as { code: string }).code).toBe('attachment_id_taken');
    const second = await upload(a.token, uuid7(), s.id, jpeg(6000));
    expect(((await second.json()) as { code: string }).code).toBe('suggestion_has_photo');

    // Not an image, whatever it claims to be; too big; another station's kiosk; no token.
    const s2 = suggestion();
    await pushAs(url, a.token, [put(s2)]);
    const text = await upload(a.token, uuid7(), s2.id, new TextEncoder().encode('<svg onload=alert(1)>'), 'image/jpeg');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { code: string }).code).toBe('not_an_image');
    const huge = await upload(a.token, uuid7(), s2.id, jpeg(PHOTO_MAX_BYTES + 1));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { code: string }).code).toBe('photo_too_big');
    expect((await upload(b.token, uuid7(), s2.id, jpeg())).status).toBe(404);
    expect(
      (await fetch(`${url}/api/v1/attachments/${uuid7()}?suggestion=${s2.id}`, { method: 'PUT', body: 'x' })).status,
    ).toBe(401);
    expect((await admin<SuggestionResponse>(`/suggestions/${s2.id}`)).json.suggestion.photo).toBeNull();

    // The console sees the one photo, byte for byte, as an image.
    const listed = await admin<SuggestionResponse>(`/suggestions/${s.id}`);
    expect(listed.json.suggestion.photo).toEqual({ type: 'image/jpeg', bytes: bytes.length });
    const shown = await fetch(`${url}/api/v1/admin/suggestions/${s.id}/photo`, { headers: { cookie } });
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await shown.arrayBuffer())).toEqual(bytes);
    expect((await fetch(`${url}/api/v1/admin/suggestions/${s.id}/photo`)).status).toBe(401);
  });
});

describe('upgrading a store that already holds suggestions', () => {
  it('indexes them and puts their status view on the district feed (migration 0011)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystation-upgrade-'));
    try {
      const old = await openSqlite(dir, '0008-suggestion-codes');
      const s = suggestion({ status: 'resolved', reply: '已处理', repliedAt: new Date().toISOString() });
      const at = new Date().toISOString();
      await old.db
        .insertInto('stations')
        .values({ id: 'st1', name: '康民药店分站', kind: 'branch', services: '[]', created_at: at })
        .execute();
      await old.db
        .insertInto('records')
        .values({
          kind: 'suggestion',
          id: s.id,
          station_id: 'st1',
          version: 3,
          body: JSON.stringify(s),
          created_at: at,
          updated_at: at,
          feed_seq: 1,
        })
        .execute();
      await old.close();
      const store = await openSqlite(dir);
      const feed = await store.db
        .selectFrom('change_log')
        .selectAll()
        .where('kind', '=', 'suggestion_status')
        .execute();
      expect(feed).toHaveLength(1);
      expect(feed[0]).toMatchObject({ station_id: null, version: 3, record_id: s.id });
      expect(JSON.parse(feed[0]!.payload)).toEqual({
        id: s.id,
        receiptCode: s.receiptCode,
        createdAt: s.createdAt,
        category: 'sanitation',
        status: 'resolved',
        reply: '已处理',
        repliedAt: s.repliedAt,
        stationName: '康民药店分站',
      });
      const counter = await store.db.selectFrom('feed_counter').select('seq').executeTakeFirstOrThrow();
      expect(Number(counter.seq)).toBeGreaterThanOrEqual(Number(feed[0]!.seq));
      expect(await store.db.selectFrom('suggestion_index').select(['id', 'status']).execute()).toEqual([
        { id: s.id, status: 'resolved' },
      ]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
