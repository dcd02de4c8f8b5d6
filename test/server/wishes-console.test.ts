/** The console's wish routes over real HTTP: filters and paging, claim / fulfil / withdraw on the rails, conflicts. */
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../server/store/admins';
import { WishListResponseSchema, WishResponseSchema } from '../../src/protocol/console-wishes';
import { uuid7 } from '../../src/protocol/uuid7';
import type { WishRecord } from '../../src/protocol/wishes';
import { enrolledDevice } from '../support/fixtures';
import { pullAllAs, pushAs } from '../support/kiosk-http';
import { member } from '../support/people-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let cookie: string;
beforeEach(async () => {
  server = await startTestServer();
  await upsertAdmin(server.store.db, 'admin', 'correct horse');
  const login = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterEach(async () => {
  await server.close();
});

async function admin(path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1/admin${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const put = (record: object, baseVersion = 0) => ({ kind: 'wish', op: 'put', changeId: uuid7(), baseVersion, record });

function wish(over: Partial<WishRecord> = {}, daysAgo = 0): WishRecord {
  const at = Date.now() - daysAgo * 86_400_000;
  return {
    id: uuid7(at),
    createdAt: new Date(at).toISOString(),
    category: 'daily_goods',
    text: '想要一副防风手套',
    memberId: null,
    status: 'open',
    ...over,
  };
}

/** The wish as the kiosk holding `token` holds it after pulling everything. */
async function kioskCopy(token: string, id: string) {
  return (await pullAllAs(server.url, token)).filter((c) => c.kind === 'wish' && c.record.id === id).at(-1);
}

describe('the console’s wishes', () => {
  it('lists the district’s wishes by status, category, station and age, page by page, with the poster’s member number', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '铜河电信营业厅');
    const m = member('13912345678');
    await pushAs(server.url, a.token, [{ kind: 'member', op: 'put', changeId: uuid7(), baseVersion: 0, record: m }]);
    const mine = wish({ memberId: m.id, posterName: '李*', category: 'legal', text: '想咨询工伤怎么认定' }, 10);
    await pushAs(server.url, a.token, [put(mine), put(wish({}, 1)), put(wish({}, 2))]);
    await pushAs(server.url, b.token, [put(wish({ category: 'training', text: '想学电脑' }, 3))]);

    const all = v.parse(WishListResponseSchema, (await admin('/wishes')).json);
    expect(all.total).toBe(4);
    expect(all.counts).toEqual({ open: 4, claimed: 0, fulfilled: 0, withdrawn: 0 });
    // Newest first; the poster by masked name and member number only.
    expect(all.wishes.at(-1)).toMatchObject({ id: mine.id, posterName: '李*', memberNo: m.memberNo });
    expect(JSON.stringify(all)).not.toContain('13912345678');

    const atB = v.parse(WishListResponseSchema, (await admin(`/wishes?station=${b.station.id}`)).json);
    expect(atB.wishes.map((w) => [w.text, w.stationName])).toEqual([['想学电脑', '铜河电信营业厅']]);
    expect((await admin('/wishes?category=legal')).json.total).toBe(1);
    const old = v.parse(WishListResponseSchema, (await admin('/wishes?minDays=7')).json);
    expect(old.wishes.map((w) => w.id)).toEqual([mine.id]);
    expect((await admin('/wishes?maxDays=2')).json.total).toBe(2);
    const page2 = v.parse(WishListResponseSchema, (await admin('/wishes?limit=3&offset=3')).json);
    expect([page2.total, page2.wishes.map((w) => w.id)]).toEqual([4, [mine.id]]);

    const bad = await admin('/wishes?status=lost');
    expect(bad).toMatchObject({ status: 400, json: { code: 'bad_query' } });
  });

  it('claims with a volunteer’s name, fulfils and withdraws; every kiosk pulls the new status; backwards is refused', async () => {
    const a = await enrolledDevice(server.store.db);
    const w = wish();
    const w2 = wish({ text: '想要一个手机支架' });
    await pushAs(server.url, a.token, [put(w), put(w2)]);

    const claimed = await admin(`/wishes/${w.id}/claim`, { version: 1, claimedBy: '铜河小哥志愿队' });
    expect(claimed.status).toBe(200);
    expect(v.parse(WishResponseSchema, claimed.json).wish).toMatchObject({
      status: 'claimed',
      claimedBy: '铜河小哥志愿队',
      version: 2,
    });
    const fulfilled = await admin(`/wishes/${w.id}/fulfil`, { version: 2 });
    expect(fulfilled.json).toMatchObject({ wish: { status: 'fulfilled', claimedBy: '铜河小哥志愿队', version: 3 } });
    expect(await kioskCopy(a.token, w.id)).toMatchObject({ version: 3, record: { status: 'fulfilled' } });

    // A fulfilled wish cannot be withdrawn or claimed again: a clear code, nothing changes.
    expect(await admin(`/wishes/${w.id}/withdraw`, { version: 3 })).toMatchObject({
      status: 409,
      json: { code: 'status_backwards' },
    });
    expect(await admin(`/wishes/${w.id}/claim`, { version: 3, claimedBy: '别人' })).toMatchObject({
      status: 409,
      json: { code: 'status_backwards' },
    });
    expect(await kioskCopy(a.token, w.id)).toMatchObject({ version: 3, record: { status: 'fulfilled' } });

    const withdrawn = await admin(`/wishes/${w2.id}/withdraw`, { version: 1 });
    expect(withdrawn.json).toMatchObject({ wish: { status: 'withdrawn', version: 2 } });
    expect(await kioskCopy(a.token, w2.id)).toMatchObject({ record: { status: 'withdrawn' } });

    // Bad input changes nothing.
    expect(await admin(`/wishes/${w2.id}/claim`, { version: 2, claimedBy: '   ' })).toMatchObject({
      status: 400,
      json: { code: 'bad_request' },
    });
    expect(await admin(`/wishes/${uuid7()}/withdraw`, { version: 1 })).toMatchObject({
      status: 404,
      json: { code: 'wish_not_found' },
    });
  });

  it('decides a kiosk’s offline fulfil against the console’s withdraw: one state everywhere, the loser told `conflict`', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '铜河电信营业厅');
    const w = wish();
    await pushAs(server.url, a.token, [put(w)]);
    // The console withdraws first; the host's fulfil, made offline from version 1, arrives later.
    expect((await admin(`/wishes/${w.id}/withdraw`, { version: 1 })).status).toBe(200);
    const [late] = await pushAs(server.url, a.token, [
      put({ ...w, status: 'fulfilled', fulfilledAt: new Date().toISOString() }, 1),
    ]);
    expect(late).toMatchObject({ status: 'conflict', version: 2, current: { status: 'withdrawn' } });

    // The other order: the kiosk's fulfil reaches the server first; the admin's withdraw from version 1 loses.
    const w2 = wish();
    await pushAs(server.url, a.token, [put(w2)]);
    const [first] = await pushAs(server.url, a.token, [
      put({ ...w2, status: 'fulfilled', fulfilledAt: new Date().toISOString() }, 1),
    ]);
    expect(first).toMatchObject({ status: 'accepted', version: 2 });
    expect(await admin(`/wishes/${w2.id}/withdraw`, { version: 1 })).toMatchObject({
      status: 409,
      json: { code: 'conflict' },
    });

    // Every side reads the same server-decided state.
    const list = v.parse(WishListResponseSchema, (await admin('/wishes')).json);
    const status = new Map(list.wishes.map((x) => [x.id, x.status]));
    expect([status.get(w.id), status.get(w2.id)]).toEqual(['withdrawn', 'fulfilled']);
    for (const token of [a.token, b.token]) {
      expect((await kioskCopy(token, w.id))?.record.status).toBe('withdrawn');
      expect((await kioskCopy(token, w2.id))?.record.status).toBe('fulfilled');
    }

    // A claim made from an older version still applies when it commutes (open → claimed while nothing moved it).
    const w3 = wish();
    await pushAs(server.url, a.token, [put(w3)]);
    expect(await admin(`/wishes/${w3.id}/claim`, { version: 1, claimedBy: '区妇联' })).toMatchObject({ status: 200 });
    const [fulfil] = await pushAs(server.url, a.token, [put({ ...w3, status: 'fulfilled' }, 1)]);
    expect(fulfil).toMatchObject({ status: 'accepted', version: 3 });
    expect(await kioskCopy(b.token, w3.id)).toMatchObject({ record: { status: 'fulfilled', claimedBy: '区妇联' } });
  });
});
