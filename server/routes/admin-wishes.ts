/**
 * The console's micro-wish routes under /api/v1/admin (signed-in admins only): the
 * district's wishes with filters and paging, and claim / fulfil / withdraw. Every move
 * is a console change on the sync rails (server/sync/console-change.ts): it is based on
 * the version the admin saw, the server orders it against kiosks' changes, and kiosks pull it.
 * Shapes and codes: src/protocol/console-wishes.ts.
 */
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import {
  WishClaimRequestSchema,
  WishFulfilRequestSchema,
  WishListQuerySchema,
  WishVersionRequestSchema,
  type WishListResponse,
  type WishResponse,
  type WishSummary,
} from '../../src/protocol/console-wishes';
import type { ChangeResult } from '../../src/protocol/schemas';
import { WISH_STATUSES, type WishRecord, type WishStatus } from '../../src/protocol/wishes';
import { membersById } from '../store/members';
import type { Db } from '../store/schema';
import { allWishes, getWish, type StoredWish } from '../store/wishes';
import { applyConsoleChange } from '../sync/console-change';
import { fail, readBody, readQuery } from './http';

const DAY = 86_400_000;

/** The console's row of a wish; the poster's member number looked up from their registration. */
function summary(w: StoredWish, memberNos: Map<string, string>): WishSummary {
  const r = w.record;
  return {
    id: r.id,
    createdAt: r.createdAt,
    category: r.category,
    text: r.text,
    status: r.status,
    posterName: r.posterName ?? null,
    memberNo: r.memberId ? (memberNos.get(r.memberId) ?? null) : null,
    stationId: w.stationId,
    stationName: w.stationName,
    claimedBy: r.claimedBy ?? null,
    claimedAt: r.claimedAt ?? null,
    fulfilledAt: r.fulfilledAt ?? null,
    withdrawnAt: r.withdrawnAt ?? null,
    version: w.version,
  };
}

async function memberNumbers(db: Kysely<Db>, wishes: StoredWish[]): Promise<Map<string, string>> {
  const ids = wishes.flatMap((w) => (w.record.memberId ? [w.record.memberId] : []));
  const rows = await membersById(db, ids);
  return new Map([...rows].map(([id, m]) => [id, m.record.memberNo]));
}

/** A refused or lost move as an HTTP error with its stable code. */
function failMove(result: ChangeResult): never {
  if (result.status === 'conflict') fail(409, 'The wish changed meanwhile; read it again', 'conflict');
  if (result.code === 'status_backwards') fail(409, result.reason ?? 'The status cannot go back', 'status_backwards');
  if (result.code === 'not_found') fail(404, 'There is no such wish', 'wish_not_found');
  fail(400, result.reason ?? 'Refused', 'bad_request');
}

export function adminWishRoutes(db: Kysely<Db>) {
  const app = new Hono();

  app.get('/wishes', async (c) => {
    const q = readQuery(c, WishListQuerySchema);
    const limit = Math.min(Math.max(Number(q.limit ?? 50), 1), 200);
    const offset = Number(q.offset ?? 0);
    const now = Date.now();
    const scope = (await allWishes(db, q.station)).filter((w) => !q.category || w.record.category === q.category);
    const counts = Object.fromEntries(WISH_STATUSES.map((s) => [s, 0])) as Record<WishStatus, number>;
    for (const w of scope) counts[w.record.status]++;
    const matching = scope.filter((w) => {
      // Age in whole days, as an admin counts them ("a wish 2 days old" is within "at most 2 days").
      const days = Math.floor((now - Date.parse(w.record.createdAt)) / DAY);
      return (
        (!q.status || w.record.status === q.status) &&
        (q.minDays === undefined || days >= Number(q.minDays)) &&
        (q.maxDays === undefined || days <= Number(q.maxDays))
      );
    });
    const page = matching.slice(offset, offset + limit);
    const nos = await memberNumbers(db, page);
    return c.json({
      wishes: page.map((w) => summary(w, nos)),
      total: matching.length,
      offset,
      limit,
      counts,
    } satisfies WishListResponse);
  });

  /** Moves a wish from the copy the server holds now, based on the version the admin saw. */
  async function move(c: Context, version: number, change: (w: WishRecord, at: string) => WishRecord) {
    const held = await getWish(db, c.req.param('id') ?? '');
    if (!held) fail(404, 'There is no such wish', 'wish_not_found');
    const record = change(held.record, new Date().toISOString());
    const result = await applyConsoleChange(db, { kind: 'wish', op: 'put', baseVersion: version, record });
    if (result.status !== 'accepted') failMove(result);
    const now = (await getWish(db, record.id))!;
    return c.json({ wish: summary(now, await memberNumbers(db, [now])) } satisfies WishResponse);
  }

  app.post('/wishes/:id/claim', async (c) => {
    const { version, claimedBy } = await readBody(c, WishClaimRequestSchema);
    return move(c, version, (w, at) => ({ ...w, status: 'claimed', claimedBy, claimedAt: at }));
  });

  app.post('/wishes/:id/fulfil', async (c) => {
    const { version, claimedBy } = await readBody(c, WishFulfilRequestSchema);
    return move(c, version, (w, at) => ({
      ...w,
      status: 'fulfilled',
      fulfilledAt: at,
      ...(claimedBy && !w.claimedBy ? { claimedBy } : {}),
    }));
  });

  app.post('/wishes/:id/withdraw', async (c) => {
    const { version } = await readBody(c, WishVersionRequestSchema);
    return move(c, version, (w, at) => ({ ...w, status: 'withdrawn', withdrawnAt: at }));
  });

  return app;
}
