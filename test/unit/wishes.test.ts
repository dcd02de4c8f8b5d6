/** Wishes on the kiosk, offline (fake-indexeddb): post, the wall, host moves. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../src/db/apply-pull';
import { KioskDb } from '../../src/db/kiosk-db';
import { InvalidInput } from '../../src/db/people';
import { settlePush } from '../../src/db/settle-push';
import { moveWish, postWish, wishWall } from '../../src/db/wishes';

const fresh = () => new KioskDb(`w-${Math.random()}`);

describe('wishes at the kiosk', () => {
  it('posts a wish offline with the poster’s masked name, and shows it on the wall', async () => {
    const db = fresh();
    const w = await postWish(db, {
      category: 'training',
      text: '想学电脑打字',
      poster: { id: '0195a0b2-0000-7000-8000-000000000001', displayName: '李*' },
    });
    const [queued] = await db.outbox.toArray();
    expect(queued).toMatchObject({ kind: 'wish', baseVersion: 0, record: { status: 'open', posterName: '李*' } });
    expect((await wishWall(db)).map((v) => [v.record.id, v.pending])).toEqual([[w.id, true]]);
    await expect(postWish(db, { category: 'other', text: '🎁🎁', poster: null })).rejects.toBeInstanceOf(InvalidInput);
  });

  it('lets the host move a wish forward from the server’s copy, never backwards or before it synced', async () => {
    const db = fresh();
    const w = await postWish(db, { category: 'daily_goods', text: '需要一副手套', poster: null });
    expect(await moveWish(db, w.id, 'claimed', '店员小张')).toEqual({ error: 'not_synced' });
    const [queued] = await db.outbox.toArray();
    await settlePush(db, [queued!], [{ id: queued!.changeId, status: 'accepted', receipt: 1, version: 1 }], new Date());
    const moved = await moveWish(db, w.id, 'claimed', '店员小张');
    expect(moved).toMatchObject({ record: { status: 'claimed', claimedBy: '店员小张' } });
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ baseVersion: 1 });
    expect(await moveWish(db, w.id, 'claimed', null)).toEqual({ error: 'status_backwards' });
    // Another kiosk's fulfilled wish from a month ago leaves the wall; a recent one stays.
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await applyPullPage(
      db,
      [
        {
          kind: 'wish',
          op: 'put',
          version: 3,
          record: { ...w, id: '0195a0b2-0000-7000-8000-0000000000aa', status: 'fulfilled', fulfilledAt: old },
        },
      ],
      '0.1',
      new Date(),
    );
    expect((await wishWall(db)).map((v) => v.record.id)).toEqual([w.id]);
  });
});
