/** Retention of personal data on the server (issue 12), on both stores: old visits lose their phone, old discards go. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDiscards } from '../../server/store/discarded';
import { applyRetention } from '../../server/store/retention';
import { queryVisits } from '../../server/store/visits';
import { handlePush } from '../../server/sync/push';
import type { PushRequest } from '../../src/protocol/schemas';
import { uuid7 } from '../../src/protocol/uuid7';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores';

describe.each(STORE_KINDS)('retention on %s', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(async () => {
    await store?.drop();
  });

  it('erases the phone of visits past the phone retention and keeps the visits; deletes old discards', async () => {
    const db = store.store.db;
    const device = await enrolledDevice(db);
    const now = new Date('2026-11-29T12:00:00Z');
    const old = { ...visit(['rest'], '13912345678'), createdAt: '2025-06-01T08:00:00.000Z' };
    const recent = { ...visit(['water'], '13800001111'), createdAt: '2026-11-20T08:00:00.000Z' };
    const authed = { id: device.deviceId, stationId: device.station.id, revoked: false };
    await handlePush(db, authed, pushBody([old, recent]) as PushRequest, { now });
    await recordDiscards(
      db,
      authed,
      {
        items: [
          {
            changeId: uuid7(),
            kind: 'visit',
            recordId: 'x',
            reason: 'refused',
            discardedAt: '2026-01-01T00:00:00.000Z',
            record: { id: 'x', phone: '13700002222' },
          },
        ],
      },
      new Date('2026-01-02T00:00:00Z'),
    );
    const outcome = await applyRetention(db, { visitPhoneDays: 365, discardedDays: 180 }, now);
    expect(outcome).toEqual({ phonesErased: 1, discardedDeleted: 1 });
    const visits = await queryVisits(db, { limit: 10 });
    expect(visits.map((v) => [v.id, v.phone]).sort()).toEqual(
      [
        [old.id, null],
        [recent.id, '13800001111'],
      ].sort(),
    );
    // Nothing more to do the second time.
    expect(await applyRetention(db, { visitPhoneDays: 365, discardedDays: 180 }, now)).toEqual({
      phonesErased: 0,
      discardedDeleted: 0,
    });
  });
});
