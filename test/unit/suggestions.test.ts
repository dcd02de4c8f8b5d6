/** Suggestions on the kiosk, offline (fake-indexeddb): leave one with a receipt code, look it up by code here or at any kiosk. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../src/db/apply-pull';
import { KioskDb } from '../../src/db/kiosk-db';
import { InvalidInput } from '../../src/db/people';
import { settlePush } from '../../src/db/settle-push';
import { leaveSuggestion, lookupSuggestion, photoCounts, stationSuggestions } from '../../src/db/suggestions';
import { photosReadyToUpload } from '../../src/db/photo-queue';
import type { SuggestionStatusView } from '../../src/protocol/suggestion-status';

const fresh = () => new KioskDb(`s-${Math.random()}`);
const photo = { type: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) };

describe('suggestions at the kiosk', () => {
  it('leaves a suggestion offline with a receipt code, and finds it by that code whatever the case or dash', async () => {
    const db = fresh();
    const s = await leaveSuggestion(db, { category: 'traffic', text: '路口红绿灯时间太短', memberId: null });
    expect(s.receiptCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(await db.outbox.toArray()).toMatchObject([{ kind: 'suggestion', baseVersion: 0, record: { id: s.id } }]);
    const typed = s.receiptCode.toLowerCase().replace('-', ' ');
    expect(await lookupSuggestion(db, typed)).toMatchObject({
      found: { view: { status: 'received' }, pending: true, text: '路口红绿灯时间太短' },
    });
    // After the push and a pull with the district's reply, the lookup shows the reply.
    const [queued] = await db.outbox.toArray();
    await settlePush(db, [queued!], [{ id: queued!.changeId, status: 'accepted', receipt: 1, version: 1 }], new Date());
    await applyPullPage(
      db,
      [{ kind: 'suggestion', op: 'put', version: 2, record: { ...s, status: 'resolved', reply: '已调整为 45 秒' } }],
      '0.2',
      new Date(),
    );
    expect(await lookupSuggestion(db, s.receiptCode)).toMatchObject({
      found: { view: { status: 'resolved', reply: '已调整为 45 秒' }, pending: false },
    });
  });

  it('finds a suggestion left at another station through the district’s status view, after a pull', async () => {
    const db = fresh();
    const view: SuggestionStatusView = {
      id: '0195a0b2-0000-7000-8000-0000000000c1',
      receiptCode: 'K7M2-9QPA',
      createdAt: '2026-11-01T02:00:00.000Z',
      category: 'sanitation',
      status: 'in_progress',
      stationName: '铜河电信营业厅',
    };
    expect(await lookupSuggestion(db, 'K7M2-9QPA')).toEqual({ error: 'not_found' });
    await applyPullPage(db, [{ kind: 'suggestion_status', op: 'put', version: 2, record: view }], '0.1', new Date());
    await applyPullPage(
      db,
      [
        {
          kind: 'suggestion_status',
          op: 'put',
          version: 3,
          record: { ...view, status: 'resolved', reply: '已加装路灯' },
        },
      ],
      '0.2',
      new Date(),
    );
    expect(await lookupSuggestion(db, 'k7m29qpa')).toEqual({
      found: { view: { ...view, status: 'resolved', reply: '已加装路灯' }, pending: false, text: null },
    });
    // A code that cannot be one (misread letters, too short) and a well-formed code nobody holds.
    expect(await lookupSuggestion(db, 'O0I1-ABCD')).toEqual({ error: 'bad_code' });
    expect(await lookupSuggestion(db, 'K7M2')).toEqual({ error: 'bad_code' });
    expect(await lookupSuggestion(db, 'ABCD-EFGH')).toEqual({ error: 'not_found' });
  });

  it('keeps the photo beside the record, held back until the record is confirmed', async () => {
    const db = fresh();
    const s = await leaveSuggestion(db, { category: 'residential', text: '楼道灯坏了', memberId: null, photo });
    const [kept] = await db.photos.toArray();
    expect(kept).toMatchObject({ suggestionId: s.id, type: 'image/jpeg', bytes: photo.bytes, attempts: 0 });
    expect(await photosReadyToUpload(db)).toEqual([]);
    expect(await photoCounts(db)).toEqual({ waiting: 1, refused: 0 });
    expect((await stationSuggestions(db)).map((x) => [x.record.id, x.pending, x.photo])).toEqual([
      [s.id, true, 'waiting'],
    ]);
    const [queued] = await db.outbox.toArray();
    await settlePush(db, [queued!], [{ id: queued!.changeId, status: 'accepted', receipt: 1, version: 1 }], new Date());
    expect((await photosReadyToUpload(db)).map((p) => p.id)).toEqual([kept!.id]);
  });

  it('refuses empty, over-long, emoji-only text and an unknown category, and writes nothing', async () => {
    const db = fresh();
    for (const text of ['', '   ', '长'.repeat(501), '🙏🙏🙏', '\u202e反转']) {
      await expect(leaveSuggestion(db, { category: 'other', text, memberId: null, photo })).rejects.toBeInstanceOf(
        InvalidInput,
      );
    }
    await expect(
      leaveSuggestion(db, { category: 'money' as never, text: '路灯不亮', memberId: null }),
    ).rejects.toBeInstanceOf(InvalidInput);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.photos.count()).toBe(0);
  });
});
