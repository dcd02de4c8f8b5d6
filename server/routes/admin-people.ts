/**
 * The console's people routes under /api/v1/admin (signed-in admins only):
 * members, party organisations and events. Shapes and codes are the shared
 * contract in src/protocol/console-people.ts. Writes go through the rails as
 * console changes, so kiosks pull them.
 */
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import type * as v from 'valibot';
import type {
  EventDetailResponse,
  EventListResponse,
  EventResponse,
  MemberDeletedResponse,
  MemberListResponse,
  PartyOrgListResponse,
  PartyOrgResponse,
} from '../../src/protocol/console-people';
import {
  EventCreateRequestSchema,
  EventEditRequestSchema,
  EventListQuerySchema,
  MemberListQuerySchema,
  MergeMembersRequestSchema,
  PartyOrgCreateRequestSchema,
  PartyOrgEditRequestSchema,
  VersionRequestSchema,
} from '../../src/protocol/console-people';
import type { EventRecord, PartyOrgRecord } from '../../src/protocol/people';
import { parseWire, type ChangeResult } from '../../src/protocol/schemas';
import { uuid7 } from '../../src/protocol/uuid7';
import { requireStation, stationScope } from '../auth/access-guard';
import { allEvents, allPartyOrgs } from '../store/events';
import { listMembers, memberCountsByBranch, membersById } from '../store/members';
import type { Db } from '../store/schema';
import { getStation, listStations } from '../store/stations';
import { applyConsoleChange } from '../sync/console-change';
import { deleteMemberAtRequest } from '../sync/member-deletion';
import { mergeMembers, splitMember } from '../sync/member-merge';
import { sessionAdmin } from '../auth/admin-auth';
import { addressOf } from '../auth/client-address';
import { writeAudit } from '../store/audit-log';
import { fail, readBody } from './http';
import { attendanceViews, eventSummaries, memberDetail, memberSummary, names, signupViews } from './people-views';

function query<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  const parsed = parseWire(schema, c.req.query());
  if (!parsed.ok) fail(400, `Invalid query: ${parsed.message}`, 'bad_request');
  return parsed.value;
}

const bool = (s: 'true' | 'false' | undefined) => (s === undefined ? undefined : s === 'true');

/** Answers a console change's refusal as an HTTP error with its code. */
function failChange(result: ChangeResult): never {
  if (result.status === 'conflict') fail(409, 'It changed meanwhile; read it again', 'conflict');
  fail(
    400,
    result.reason ?? 'Refused',
    result.code === 'invalid_record' ? 'bad_request' : (result.code ?? 'bad_request'),
  );
}

export function adminPeopleRoutes(db: Kysely<Db>) {
  const app = new Hono();

  /** A manager touches members registered at their own stations only (an unknown member is the route's 404). */
  async function requireMemberStation(c: Context, id: string) {
    const member = (await membersById(db, [id])).get(id);
    if (member) await requireStation(c, member.stationId);
  }

  // ---------- members ----------
  app.get('/members', async (c) => {
    const q = query(c, MemberListQuerySchema);
    const limit = Math.min(Math.max(Number(q.limit ?? 50), 1), 200);
    const offset = Number(q.offset ?? 0);
    const { rows, total } = await listMembers(db, {
      q: q.q,
      stationId: q.station,
      stationIds: stationScope(c),
      occupation: q.occupation,
      partyMember: bool(q.party),
      mobileParty: bool(q.mobile),
      branchId: q.branch,
      includeMerged: q.merged === 'true',
      offset,
      limit,
    });
    const n = await names(db);
    return c.json({ members: rows.map((r) => memberSummary(r, n)), total, offset, limit } satisfies MemberListResponse);
  });

  app.post('/members/merge', async (c) => {
    const body = await readBody(c, MergeMembersRequestSchema);
    for (const id of [body.survivorId, body.aliasId]) await requireMemberStation(c, id);
    const outcome = await mergeMembers(db, body.survivorId, body.aliasId);
    if (!outcome.ok) fail(outcome.code === 'member_not_found' ? 404 : 409, outcome.message, outcome.code);
    return c.json(await memberDetail(db, outcome.memberId));
  });

  app.get('/members/:id', async (c) => {
    const detail = await memberDetail(db, c.req.param('id'));
    if (!detail) fail(404, 'There is no such member', 'member_not_found');
    await requireStation(c, detail.member.stationId);
    return c.json(detail);
  });

  app.post('/members/:id/split', async (c) => {
    await requireMemberStation(c, c.req.param('id'));
    const outcome = await splitMember(db, c.req.param('id'));
    if (!outcome.ok) fail(outcome.code === 'member_not_found' ? 404 : 409, outcome.message, outcome.code);
    return c.json(await memberDetail(db, outcome.memberId));
  });

  // Data-subject deletion: the worker asked the district to delete what it holds on them.
  app.post('/members/:id/delete', async (c) => {
    const memberId = c.req.param('id');
    const outcome = await deleteMemberAtRequest(db, memberId);
    if (!outcome.ok) fail(outcome.code === 'member_not_found' ? 404 : 409, outcome.message, outcome.code);
    await writeAudit(db, {
      actor: `admin:${(await sessionAdmin(db, c)) ?? '?'}`,
      action: 'member_deleted',
      detail: outcome.deleted.join(' '),
      address: addressOf(c),
    });
    return c.json({ deleted: outcome.deleted } satisfies MemberDeletedResponse);
  });

  // ---------- party organisations ----------
  async function orgView(id: string) {
    const org = (await allPartyOrgs(db)).find((o) => o.record.id === id);
    if (!org) fail(404, 'There is no such party organisation', 'party_org_not_found');
    const count = (await memberCountsByBranch(db)).get(id) ?? 0;
    return {
      org: {
        id,
        name: org.record.name,
        type: org.record.type,
        archived: org.record.archived ?? false,
        version: org.version,
        memberCount: count,
      },
    } satisfies PartyOrgResponse;
  }

  app.get('/party-orgs', async (c) => {
    const counts = await memberCountsByBranch(db);
    const orgs = (await allPartyOrgs(db)).map(({ record, version }) => ({
      id: record.id,
      name: record.name,
      type: record.type,
      archived: record.archived ?? false,
      version,
      memberCount: counts.get(record.id) ?? 0,
    }));
    return c.json({ orgs } satisfies PartyOrgListResponse);
  });

  app.post('/party-orgs', async (c) => {
    const body = await readBody(c, PartyOrgCreateRequestSchema);
    // A district record still lives at a station: the hub (listed first).
    const home = (await listStations(db))[0];
    if (!home) fail(409, 'Create a station first', 'station_not_found');
    const record: PartyOrgRecord = { id: uuid7(), name: body.name, type: body.type };
    const result = await applyConsoleChange(
      db,
      { kind: 'party_org', op: 'put', baseVersion: 0, record },
      { stationId: home.id },
    );
    if (result.status !== 'accepted') failChange(result);
    return c.json(await orgView(record.id), 201);
  });

  app.post('/party-orgs/:id', async (c) => {
    const body = await readBody(c, PartyOrgEditRequestSchema);
    const org = (await allPartyOrgs(db)).find((o) => o.record.id === c.req.param('id'));
    if (!org) fail(404, 'There is no such party organisation', 'party_org_not_found');
    const { version, ...fields } = body;
    const record = { ...org.record, ...fields };
    const result = await applyConsoleChange(db, { kind: 'party_org', op: 'put', baseVersion: version, record });
    if (result.status !== 'accepted') failChange(result);
    return c.json(await orgView(record.id));
  });

  // ---------- events ----------
  async function eventView(id: string) {
    const event = (await allEvents(db)).find((e) => e.record.id === id);
    if (!event) fail(404, 'There is no such event', 'event_not_found');
    const [summary] = await eventSummaries(db, [event], await names(db));
    return { event: summary! } satisfies EventResponse;
  }

  async function changeEvent(c: Context, id: string, version: number, change: (e: EventRecord) => EventRecord) {
    const event = (await allEvents(db)).find((e) => e.record.id === id);
    if (!event) fail(404, 'There is no such event', 'event_not_found');
    await requireStation(c, event.stationId);
    const record = change(event.record);
    const result = await applyConsoleChange(db, { kind: 'event', op: 'put', baseVersion: version, record });
    if (result.status !== 'accepted') failChange(result);
    return c.json(await eventView(id));
  }

  app.get('/events', async (c) => {
    const q = query(c, EventListQuerySchema);
    const now = new Date().toISOString();
    const when = q.when ?? 'upcoming';
    const scope = stationScope(c);
    const events = (await allEvents(db)).filter(
      (e) =>
        (!q.station || e.stationId === q.station) &&
        (!scope || scope.includes(e.stationId)) &&
        (!q.kind || e.record.kind === q.kind) &&
        (when === 'all' || (when === 'upcoming' ? e.record.endsAt > now : e.record.endsAt <= now)),
    );
    return c.json({ events: await eventSummaries(db, events, await names(db)) } satisfies EventListResponse);
  });

  app.post('/events', async (c) => {
    const body = await readBody(c, EventCreateRequestSchema);
    await requireStation(c, body.stationId);
    const station = await getStation(db, body.stationId);
    if (!station) fail(404, 'There is no such station', 'station_not_found');
    // Kiosks of other stations know no station names: the venue tells workers where to go.
    const record: EventRecord = { id: uuid7(), ...body, venue: body.venue || station.name };
    if (record.description === undefined) delete record.description;
    const result = await applyConsoleChange(
      db,
      { kind: 'event', op: 'put', baseVersion: 0, record },
      { stationId: body.stationId },
    );
    if (result.status !== 'accepted') failChange(result);
    return c.json(await eventView(record.id), 201);
  });

  app.get('/events/:id', async (c) => {
    const id = c.req.param('id');
    const { event } = await eventView(id);
    await requireStation(c, event.stationId);
    const n = await names(db);
    const signups = await signupViews(db, { eventId: id }, n);
    const lead = signups.filter((s) => s.sameAs === null);
    return c.json({
      event,
      confirmed: lead.filter((s) => s.status === 'confirmed'),
      waitlist: lead.filter((s) => s.status === 'waitlisted'),
      cancelled: lead.filter((s) => s.status === 'cancelled'),
      attendance: await attendanceViews(db, { eventId: id }, n),
    } satisfies EventDetailResponse);
  });

  app.post('/events/:id', async (c) => {
    const { version, ...fields } = await readBody(c, EventEditRequestSchema);
    return changeEvent(c, c.req.param('id'), version, (e) => ({ ...e, ...fields }));
  });

  app.post('/events/:id/cancel', async (c) => {
    const { version } = await readBody(c, VersionRequestSchema);
    return changeEvent(c, c.req.param('id'), version, (e) => ({ ...e, cancelled: true }));
  });

  return app;
}
