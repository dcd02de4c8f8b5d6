/** The console's wish reads over SQLite and PostgreSQL alike: current copies, their station and version, newest first. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStation } from '../../server/store/stations';
import { allWishes, getWish } from '../../server/store/wishes';
import { applyConsoleChange } from '../../server/sync/console-change';
import { uuid7 } from '../../src/protocol/uuid7';
import type { WishRecord } from '../../src/protocol/wishes';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores';

describe.each(STORE_KINDS)('wishes in the store on %s', (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  function wish(daysAgo: number, text: string): WishRecord {
    const at = Date.now() - daysAgo * 86_400_000;
    return {
      id: uuid7(at),
      createdAt: new Date(at).toISOString(),
      category: 'legal',
      text,
      memberId: null,
      status: 'open',
    };
  }

  it('reads every wish with its station and version, newest first, and one by id', async () => {
    const db = t.store.db;
    const a = await createStation(db, { name: '康民药店分站', kind: 'branch' });
    const b = await createStation(db, { name: '铜河电信营业厅', kind: 'branch' });
    const older = wish(3, '想咨询欠薪怎么办');
    const newer = wish(1, '想咨询交通事故赔偿');
    const put = (record: WishRecord, baseVersion: number, stationId: string) =>
      applyConsoleChange(db, { kind: 'wish', op: 'put', baseVersion, record }, { stationId });
    expect((await put(older, 0, a.id)).status).toBe('accepted');
    expect((await put(newer, 0, b.id)).status).toBe('accepted');
    expect((await put({ ...older, status: 'claimed', claimedBy: '法律援助中心' }, 1, b.id)).status).toBe('accepted');

    const all = await allWishes(db);
    expect(all.map((w) => [w.record.text, w.version, w.stationName])).toEqual([
      ['想咨询交通事故赔偿', 1, '铜河电信营业厅'],
      // A wish stays at the station it was posted at, whoever moved it.
      ['想咨询欠薪怎么办', 2, '康民药店分站'],
    ]);
    expect((await allWishes(db, a.id)).map((w) => w.record.id)).toEqual([older.id]);
    expect(await getWish(db, older.id)).toMatchObject({ version: 2, record: { status: 'claimed' } });
    expect(await getWish(db, uuid7())).toBeUndefined();
  });
});
