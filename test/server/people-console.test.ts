/** The console's people routes and the people exports over real HTTP, answers parsed with the shared schemas. */
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken, upsertAdmin } from '../../server/store/admins';
import {
  EventDetailResponseSchema,
  EventListResponseSchema,
  EventResponseSchema,
  MemberDetailResponseSchema,
  MemberListResponseSchema,
  PartyOrgListResponseSchema,
  PartyOrgResponseSchema,
} from '../../src/protocol/console-people';
import { uuid7 } from '../../src/protocol/uuid7';
import { enrolledDevice, visit } from '../support/fixtures';
import { attendance, member, put, signup } from '../support/people-fixtures';
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

async function push(token: string, changes: unknown[]) {
  const res = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ batchId: uuid7(), changes }),
  });
  return ((await res.json()) as { results: { status: string; code?: string }[] }).results;
}

async function exported(name: string, query = '') {
  const { token } = await createApiToken(server.store.db, `bi-${uuid7()}`, { scopes: ['export', 'export:phones'] });
  const res = await fetch(`${server.url}/api/v1/export/${name}?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  // Decoded by hand: fetch's text() would drop the BOM the CSV must start with.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  if (query.includes('format=csv'))
    return { text, rows: [] as Record<string, unknown>[], cursor: res.headers.get('x-next-cursor') };
  const rows = text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { text, rows, cursor: res.headers.get('x-next-cursor') };
}

const visitOf = (memberId: string) => ({ kind: 'visit', op: 'put', record: { ...visit(), memberId } });

describe('a phone registered twice offline', () => {
  it('shows one member: visits re-pointed, the alias answers the survivor, and a split undoes it', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '电信营业厅分站');
    const first = member('13912345678', { name: '王师傅' });
    const second = member('13912345678', { name: '王师傅' });
    await push(a.token, [put('member', first), visitOf(first.id)]);
    await push(b.token, [put('member', second), visitOf(second.id)]);

    const visits = await exported('visits', 'format=ndjson');
    expect(visits.rows.map((r) => r.member_id)).toEqual([first.id, first.id]);
    expect(visits.rows.map((r) => r.member_id_recorded)).toEqual([first.id, second.id]);

    const byAlias = v.parse(MemberDetailResponseSchema, (await admin(`/members/${second.id}`)).json);
    expect(byAlias.member.id).toBe(first.id);
    expect(byAlias.resolvedFrom).toBe(second.id);
    expect(byAlias.aliases.map((m) => m.id)).toEqual([second.id]);
    expect(byAlias.visits).toHaveLength(2);
    expect(JSON.stringify(byAlias)).not.toContain('13912345678');

    const list = v.parse(MemberListResponseSchema, (await admin('/members')).json);
    expect(list.members.map((m) => m.id)).toEqual([first.id]);
    expect(list.members[0]!.phoneMasked).toBe('139****5678');

    const split = await admin(`/members/${second.id}/split`, {});
    expect(split.status).toBe(200);
    expect(v.parse(MemberDetailResponseSchema, split.json).member.id).toBe(second.id);
    expect((await exported('visits', 'format=ndjson')).rows.map((r) => r.member_id)).toEqual([first.id, second.id]);
    expect((await admin(`/members/${second.id}/split`, {})).json).toMatchObject({ code: 'not_merged' });
  });
});

describe('merging by hand', () => {
  it('re-points sign-ups and attendance in the console and the exports, and tells kiosks', async () => {
    const a = await enrolledDevice(server.store.db);
    const created = await admin('/events', {
      kind: 'training',
      title: '安全骑士培训',
      stationId: a.station.id,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      capacity: 5,
    });
    expect(created.status).toBe(201);
    const event = v.parse(EventResponseSchema, created.json).event;
    const keep = member('13800000001', { name: '赵一' });
    const alias = member('13800000002', { name: '赵一' });
    await push(a.token, [
      put('member', keep),
      put('member', alias),
      put('signup', signup(event.id, alias.id)),
      put('attendance', attendance(event.id, alias.id)),
    ]);
    const merged = await admin('/members/merge', { survivorId: keep.id, aliasId: alias.id });
    expect(merged.status).toBe(200);
    const detail = v.parse(MemberDetailResponseSchema, merged.json);
    expect(detail.signups.map((s) => [s.memberId, s.recordedMemberId])).toEqual([[keep.id, alias.id]]);
    expect(detail.attendance.map((s) => s.memberId)).toEqual([keep.id]);
    expect((await exported('signups', 'format=ndjson')).rows[0]).toMatchObject({
      member_id: keep.id,
      member_id_recorded: alias.id,
      status: 'confirmed',
      event_title: '安全骑士培训',
    });
    expect((await exported('attendance', 'format=ndjson')).rows[0]).toMatchObject({ member_id: keep.id });
    expect((await admin('/members/merge', { survivorId: keep.id, aliasId: alias.id })).json).toMatchObject({
      code: 'same_member',
    });
    expect((await admin('/members/merge', { survivorId: keep.id, aliasId: uuid7() })).status).toBe(404);
  });
});

describe('a merge of two people holding seats at one event', () => {
  it('keeps one seat for the person and gives the other to the first in line', async () => {
    const a = await enrolledDevice(server.store.db);
    const event = v.parse(
      EventResponseSchema,
      (
        await admin('/events', {
          kind: 'training',
          title: '网络食品安全知识',
          stationId: a.station.id,
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          capacity: 2,
        })
      ).json,
    ).event;
    const keep = member('13800000021');
    const alias = member('13800000022');
    const other = member('13800000023');
    const [s1, s2, s3] = [keep, alias, other].map((m) => signup(event.id, m.id));
    await push(a.token, [
      ...[keep, alias, other].map((m) => put('member', m)),
      ...[s1!, s2!, s3!].map((s) => put('signup', s)),
    ]);
    expect((await admin('/members/merge', { survivorId: keep.id, aliasId: alias.id })).status).toBe(200);
    const detail = v.parse(EventDetailResponseSchema, (await admin(`/events/${event.id}`)).json);
    expect(detail.confirmed.map((s) => s.id)).toEqual([s1!.id, s3!.id]);
    expect(detail.waitlist).toEqual([]);
    const rows = (await exported('signups', 'format=ndjson')).rows;
    const latest = new Map(rows.map((r) => [r.signup_id, r]));
    expect(latest.get(s2!.id)).toMatchObject({ status: 'confirmed', same_as: s1!.id, member_id: keep.id });
  });
});

describe('the member list', () => {
  it('searches by name, member number and last four digits, filters, and pages on the server', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '电信营业厅分站');
    const org = v.parse(
      PartyOrgResponseSchema,
      (await admin('/party-orgs', { name: '快递物流行业党委', type: 'industry_committee' })).json,
    ).org;
    const li = member('13811112222', { name: '李雷' });
    const han = member('13833334444', {
      name: '韩梅梅',
      occupation: 'courier',
      partyMember: true,
      mobileParty: true,
      homeOrg: '老家村党支部',
      branchId: org.id,
    });
    await push(a.token, [put('member', li)]);
    await push(b.token, [put('member', han)]);
    const ids = async (q: string) =>
      v.parse(MemberListResponseSchema, (await admin(`/members?${q}`)).json).members.map((m) => m.name);
    expect(await ids('q=梅')).toEqual(['韩梅梅']);
    expect(await ids(`q=${li.memberNo.replace('-', '').toLowerCase()}`)).toEqual(['李雷']);
    expect(await ids('q=2222')).toEqual(['李雷']);
    expect(await ids(`station=${b.station.id}`)).toEqual(['韩梅梅']);
    expect(await ids('occupation=courier')).toEqual(['韩梅梅']);
    expect(await ids('party=false')).toEqual(['李雷']);
    expect(await ids('mobile=true')).toEqual(['韩梅梅']);
    expect(await ids(`branch=${org.id}`)).toEqual(['韩梅梅']);
    expect(await ids('q=%25')).toEqual([]);
    const page = v.parse(MemberListResponseSchema, (await admin('/members?limit=1&offset=1')).json);
    expect([page.total, page.members.length]).toEqual([2, 1]);
    expect((await admin('/members?occupation=pilot')).json).toMatchObject({ code: 'bad_request' });
    expect((await admin(`/members/${uuid7()}`)).json).toMatchObject({ code: 'member_not_found' });
    const orgs = v.parse(PartyOrgListResponseSchema, (await admin('/party-orgs')).json).orgs;
    expect(orgs.map((o) => [o.name, o.memberCount])).toEqual([['快递物流行业党委', 1]]);
  });
});

describe('party organisations', () => {
  it('are created, edited and archived in the console, and pulled by kiosks; a stale edit is a conflict', async () => {
    const a = await enrolledDevice(server.store.db);
    const org = v.parse(
      PartyOrgResponseSchema,
      (await admin('/party-orgs', { name: '网约配送员联合党支部', type: 'joint_branch' })).json,
    ).org;
    const edited = await admin(`/party-orgs/${org.id}`, { version: org.version, archived: true });
    expect(v.parse(PartyOrgResponseSchema, edited.json).org).toMatchObject({ archived: true, version: 2 });
    expect((await admin(`/party-orgs/${org.id}`, { version: 1, name: '旧名' })).json).toMatchObject({
      code: 'conflict',
    });
    expect((await admin('/party-orgs', { name: '   ', type: 'joint_branch' })).json).toMatchObject({
      code: 'bad_request',
    });
    const res = await fetch(`${server.url}/api/v1/sync/pull`, { headers: { authorization: `Bearer ${a.token}` } });
    const pulled = ((await res.json()) as { changes: { kind: string; record: Record<string, unknown> }[] }).changes;
    expect(pulled.filter((c) => c.kind === 'party_org').at(-1)!.record).toMatchObject({ id: org.id, archived: true });
  });
});

describe('events in the console', () => {
  it('lists sign-ups, the waitlist in order and attendance; raising the capacity confirms the first in line', async () => {
    const a = await enrolledDevice(server.store.db);
    const event = v.parse(
      EventResponseSchema,
      (
        await admin('/events', {
          kind: 'volunteer',
          title: '铜心为民志愿服务',
          stationId: a.station.id,
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          capacity: 1,
        })
      ).json,
    ).event;
    const people = [member('13800000011'), member('13800000012'), member('13800000013')];
    const signups = people.map((p) => signup(event.id, p.id));
    await push(a.token, [...people.map((p) => put('member', p)), ...signups.map((s) => put('signup', s))]);
    await push(a.token, [put('attendance', attendance(event.id, null, { count: 4 }))]);
    let detail = v.parse(EventDetailResponseSchema, (await admin(`/events/${event.id}`)).json);
    expect(detail.confirmed.map((s) => s.id)).toEqual([signups[0]!.id]);
    expect(detail.waitlist.map((s) => [s.id, s.waitlistPosition])).toEqual([
      [signups[1]!.id, 1],
      [signups[2]!.id, 2],
    ]);
    expect(detail.event).toMatchObject({ confirmed: 1, waitlisted: 2, attended: 4 });
    const raised = await admin(`/events/${event.id}`, { version: 1, capacity: 2 });
    expect(v.parse(EventResponseSchema, raised.json).event).toMatchObject({ capacity: 2, confirmed: 2, waitlisted: 1 });
    detail = v.parse(EventDetailResponseSchema, (await admin(`/events/${event.id}`)).json);
    expect(detail.waitlist.map((s) => [s.id, s.waitlistPosition])).toEqual([[signups[2]!.id, 1]]);
    const cancelled = await admin(`/events/${event.id}/cancel`, { version: 2 });
    expect(v.parse(EventResponseSchema, cancelled.json).event.cancelled).toBe(true);
    expect((await push(a.token, [put('signup', signup(event.id, people[0]!.id))]))[0]!.code).toBe('event_not_found');
    expect((await admin('/events?when=all')).json).toMatchObject({
      events: [expect.objectContaining({ id: event.id })],
    });
  });

  it('refuses an unknown station, a bad body and an unknown event, each with its code', async () => {
    const base = {
      kind: 'training',
      title: '关爱心理健康',
      startsAt: '2030-01-01T02:00:00Z',
      endsAt: '2030-01-01T04:00:00Z',
      capacity: 10,
    };
    expect((await admin('/events', { ...base, stationId: 'nowhere' })).json).toMatchObject({
      code: 'station_not_found',
    });
    const a = await enrolledDevice(server.store.db);
    expect((await admin('/events', { ...base, stationId: a.station.id, endsAt: base.startsAt })).json).toMatchObject({
      code: 'bad_request',
    });
    expect((await admin(`/events/${uuid7()}`)).json).toMatchObject({ code: 'event_not_found' });
  });
});

describe('people exports', () => {
  it('give members as CSV with a BOM, phones and names masked unless asked for in clear, paged by cursor', async () => {
    const a = await enrolledDevice(server.store.db);
    await push(a.token, [
      put('member', member('13912345678', { name: '王师傅' })),
      put('member', member('13700000000')),
    ]);
    const csv = await exported('members', 'format=csv&limit=1');
    expect(csv.text.startsWith('\uFEFFmember_id,member_no,name,phone,occupation')).toBe(true);
    expect(csv.text).toContain('139****5678');
    expect(csv.text).not.toContain('13912345678');
    expect(csv.text).not.toContain('王师傅');
    const rest = await exported('members', `format=ndjson&cursor=${csv.cursor}`);
    expect(rest.rows).toHaveLength(1);
    const clear = await exported('members', 'format=ndjson&phones=clear');
    expect(clear.rows.map((r) => r.phone)).toEqual(['13912345678', '13700000000']);
    expect(clear.rows[0]).toMatchObject({ name: '王师傅', occupation: 'food_delivery', party_member: false });
    expect((await exported('events', 'format=ndjson')).rows).toEqual([]);
  });
});

describe('the demo network', () => {
  it('has party organisations, members (one a mobile party member), two upcoming events and a past one with attendance', async () => {
    const { seedDemoIfEmpty } = await import('../../server/demo-seed');
    await server.store.db.deleteFrom('admin_sessions').execute();
    await server.store.db.deleteFrom('admins').execute();
    const demo = await seedDemoIfEmpty(server.store.db);
    expect(demo).toBeDefined();
    const login = await fetch(`${server.url}/api/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: demo!.adminUser, password: demo!.adminPassword }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const orgs = v.parse(PartyOrgListResponseSchema, (await admin('/party-orgs')).json).orgs;
    expect(orgs.map((o) => o.name)).toContain('网约配送员联合党支部');
    const members = v.parse(MemberListResponseSchema, (await admin('/members')).json);
    expect(members.total).toBe(4);
    expect(members.members.filter((m) => m.mobileParty)).toHaveLength(1);
    const upcoming = v.parse(EventListResponseSchema, (await admin('/events')).json).events;
    expect(upcoming).toHaveLength(2);
    expect(upcoming.find((e) => e.kind === 'volunteer')).toMatchObject({ confirmed: 2, waitlisted: 1 });
    const past = v.parse(EventListResponseSchema, (await admin('/events?when=past')).json).events;
    expect(past).toHaveLength(1);
    expect(past[0]!.attended).toBe(7);
  });
});
