/**
 * The console's suggestions queue under /api/v1/admin (signed-in admins only): list,
 * read, answer (status, reply, assignee) and see the photo. Shapes and codes are the
 * shared contract in src/protocol/console-suggestions.ts. Answers go through the rails
 * as console changes, so versions and conflicts are the rails' and the kiosk pulls them.
 */
import { requireStation, stationScope } from '../auth/access-guard';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import {
  SuggestionListQuerySchema,
  SuggestionUpdateRequestSchema,
  type AssigneeListResponse,
  type SuggestionListResponse,
  type SuggestionResponse,
  type SuggestionSummary,
} from '../../src/protocol/console-suggestions';
import type { PhotoType } from '../../src/protocol/suggestion-photos';
import type { SuggestionRecord } from '../../src/protocol/wishes';
import type { Db } from '../store/schema';
import { suggestionPhoto } from '../store/suggestion-photos';
import {
  adminUsernames,
  getSuggestion,
  listSuggestions,
  suggestionFigures,
  type StoredSuggestion,
} from '../store/suggestions';
import { applyConsoleChange } from '../sync/console-change';
import { fail, readBody, readQuery } from './http';

function summary(s: StoredSuggestion): SuggestionSummary {
  const r = s.record;
  return {
    id: r.id,
    receiptCode: r.receiptCode,
    category: r.category,
    text: r.text,
    status: r.status,
    stationId: s.stationId,
    stationName: s.stationName,
    createdAt: r.createdAt,
    updatedAt: s.updatedAt,
    assignedTo: r.assignedTo ?? null,
    reply: r.reply ?? null,
    repliedAt: r.repliedAt ?? null,
    fromMember: r.memberId !== null,
    photo: s.photo ? { type: s.photo.type as PhotoType, bytes: s.photo.bytes } : null,
    version: s.version,
  };
}

export function adminSuggestionRoutes(db: Kysely<Db>) {
  const app = new Hono();

  async function found(id: string): Promise<StoredSuggestion> {
    const s = await getSuggestion(db, id.toLowerCase());
    if (!s) fail(404, 'There is no such suggestion', 'suggestion_not_found');
    return s;
  }

  app.get('/suggestions', async (c) => {
    const q = readQuery(c, SuggestionListQuerySchema);
    const limit = Math.min(Math.max(Number(q.limit ?? 50), 1), 200);
    const offset = Number(q.offset ?? 0);
    // A station manager's queue holds their stations' suggestions only.
    const scope = stationScope(c);
    const { rows, total } = await listSuggestions(db, { ...q, ...(scope ? { stationIds: scope } : {}), offset, limit });
    const by = await suggestionFigures(db);
    const count = (s: string) => by[s] ?? 0;
    let collected = 0;
    for (const n of Object.values(by)) collected += n;
    return c.json({
      suggestions: rows.map(summary),
      total,
      offset,
      limit,
      figures: {
        collected,
        resolved: count('resolved'),
        declined: count('declined'),
        inProgress: count('in_progress'),
        received: count('received'),
      },
    } satisfies SuggestionListResponse);
  });

  app.get('/suggestions/assignees', async (c) =>
    c.json({ admins: await adminUsernames(db) } satisfies AssigneeListResponse),
  );

  app.get('/suggestions/:id', async (c) => {
    const s = await found(c.req.param('id'));
    await requireStation(c, s.stationId);
    return c.json({ suggestion: summary(s) } satisfies SuggestionResponse);
  });

  app.post('/suggestions/:id', async (c) => {
    const body = await readBody(c, SuggestionUpdateRequestSchema);
    const held = await found(c.req.param('id'));
    await requireStation(c, held.stationId);
    const before = held.record;
    if (body.assignedTo && !(await adminUsernames(db)).includes(body.assignedTo)) {
      fail(400, 'Suggestions are assigned to the district’s admins', 'not_an_admin');
    }
    const status = body.status ?? before.status;
    const reply = body.reply ?? before.reply;
    if ((status === 'resolved' || status === 'declined') && status !== before.status && !reply) {
      fail(400, 'Tell the worker what was done: a reply is needed to resolve or decline', 'reply_required');
    }
    const { assignedTo: _a, reply: _r, repliedAt: _ra, ...rest } = before;
    const assignedTo = body.assignedTo === undefined ? before.assignedTo : (body.assignedTo ?? undefined);
    const replied = body.reply !== undefined && body.reply !== before.reply;
    const record: SuggestionRecord = {
      ...rest,
      status,
      ...(assignedTo ? { assignedTo } : {}),
      ...(reply ? { reply } : {}),
      ...(replied ? { repliedAt: new Date().toISOString() } : before.repliedAt ? { repliedAt: before.repliedAt } : {}),
    };
    const result = await applyConsoleChange(db, { kind: 'suggestion', op: 'put', baseVersion: body.version, record });
    if (result.status === 'conflict') fail(409, 'It changed meanwhile; read it again', 'conflict');
    if (result.status !== 'accepted' && result.status !== 'duplicate') {
      fail(
        400,
        result.reason ?? 'Refused',
        result.code === 'invalid_record' ? 'bad_request' : (result.code ?? 'bad_request'),
      );
    }
    return c.json({ suggestion: summary(await found(before.id)) } satisfies SuggestionResponse);
  });

  app.get('/suggestions/:id/photo', async (c) => {
    await requireStation(c, (await found(c.req.param('id'))).stationId);
    const photo = await suggestionPhoto(db, c.req.param('id').toLowerCase());
    if (!photo) fail(404, 'This suggestion has no photo', 'photo_not_found');
    return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': photo.type,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    });
  });

  return app;
}
