/** Wishes and suggestions on the rails over real HTTP: forward-only status, concurrent edits, receipt codes, exports. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../server/demo-seed';
import { createApiToken } from '../../server/store/admins';
import { applyConsoleChange } from '../../server/sync/console-change';
import { uuid7 } from '../../src/protocol/uuid7';
import type { WishRecord } from '../../src/protocol/wishes';
import { enrolledDevice } from '../support/fixtures';
import { suggestion } from '../support/people-fixtures';
import { pullAllAs, pushAs, type PulledChange } from '../support/kiosk-http';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const push = (token: string, changes: unknown[]) => pushAs(server.url, token, changes);

/** The newest copy (record and version) of each record of a kind a kiosk pulled. */
async function pulled(token: string, kind: string) {
  const latest = new Map<string, PulledChange>();
  for (const c of await pullAllAs(server.url, token)) if (c.kind === kind) latest.set(c.record.id as string, c);
  return latest;
}

const put = (kind: string, record: object, baseVersion = 0) => ({
  kind,
  op: 'put',
  changeId: uuid7(),
  baseVersion,
  record,
});

function wish(over: Partial<WishRecord> = {}): WishRecord {
  return {
    id: uuid7(),
    createdAt: new Date().toISOString(),
    category: 'daily_goods',
    text: '想要一个新的手机支架，骑车导航方便',
    memberId: null,
    status: 'open',
    ...over,
  };
}

describe('wishes', () => {
  it('reach every kiosk of the district and only move forward', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '铜河电信营业厅');
    const w = wish();
    expect((await push(a.token, [put('wish', w)]))[0]).toMatchObject({ status: 'accepted', version: 1 });
    // Kiosk B sees it on its wall after a pull.
    expect((await pulled(b.token, 'wish')).get(w.id)).toMatchObject({ version: 1, record: { status: 'open' } });

    const claimed = {
      ...w,
      status: 'claimed' as const,
      claimedBy: '铜河小哥志愿队',
      claimedAt: new Date().toISOString(),
    };
    expect((await push(b.token, [put('wish', claimed, 1)]))[0]).toMatchObject({ status: 'accepted', version: 2 });
    // Backwards, or another field changed with the status: refused, nothing changes.
    const back = await push(a.token, [put('wish', { ...w, status: 'open' }, 2)]);
    expect(back[0]).toMatchObject({ status: 'rejected', code: 'status_backwards' });
    const edited = await push(a.token, [put('wish', { ...claimed, status: 'fulfilled', text: '改了内容' }, 2)]);
    expect(edited[0]).toMatchObject({ status: 'rejected', code: 'server_field' });
    expect((await pulled(a.token, 'wish')).get(w.id)).toMatchObject({ version: 2, record: { status: 'claimed' } });
  });

  it('resolves a host fulfilling offline against the district withdrawing: the server decides, the loser is told', async () => {
    const a = await enrolledDevice(server.store.db);
    const w = wish();
    await push(a.token, [put('wish', w)]);
    // The console withdraws it (version 2) while the kiosk, offline, marks it fulfilled from version 1.
    const withdrawn = await applyConsoleChange(server.store.db, {
      kind: 'wish',
      op: 'put',
      baseVersion: 1,
      record: { ...w, status: 'withdrawn', withdrawnAt: new Date().toISOString() },
    });
    expect(withdrawn).toMatchObject({ status: 'accepted', version: 2 });
    const late = await push(a.token, [
      put('wish', { ...w, status: 'fulfilled', fulfilledAt: new Date().toISOString() }, 1),
    ]);
    expect(late[0]).toMatchObject({ status: 'conflict', version: 2, current: { status: 'withdrawn' } });
    // A concurrent change that commutes (claim, then fulfil from the same base) applies in order.
    const w2 = wish();
    await push(a.token, [put('wish', w2)]);
    await applyConsoleChange(server.store.db, {
      kind: 'wish',
      op: 'put',
      baseVersion: 1,
      record: { ...w2, status: 'claimed', claimedBy: '区妇联' },
    });
    const fulfil = await push(a.token, [put('wish', { ...w2, status: 'fulfilled' }, 1)]);
    expect(fulfil[0]).toMatchObject({ status: 'accepted', version: 3 });
  });

  it('refuse a new wish that is not open, only emoji, over-long or of an unknown category', async () => {
    const a = await enrolledDevice(server.store.db);
    const results = await push(a.token, [
      put('wish', wish({ status: 'claimed', claimedBy: '我' })),
      put('wish', wish({ text: '🙏🙏🙏' })),
      put('wish', wish({ text: '长'.repeat(201) })),
      put('wish', { ...wish(), category: 'money' }),
      put('wish', wish({ text: '\u202e反转' })),
    ]);
    expect(results.map((r) => r.code)).toEqual([
      'server_field',
      'invalid_record',
      'invalid_record',
      'invalid_record',
      'invalid_record',
    ]);
    expect(await pulled(a.token, 'wish')).toEqual(new Map());
  });
});

describe('suggestions', () => {
  it('keep receipt codes unique, answer in the console, and come back to their station only', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '铜河电信营业厅');
    const s = suggestion();
    expect((await push(a.token, [put('suggestion', s)]))[0]).toMatchObject({ status: 'accepted' });
    // Another suggestion with the same code (two kiosks offline): refused, the code stays with the first.
    const twin = await push(b.token, [put('suggestion', suggestion({ receiptCode: s.receiptCode }))]);
    expect(twin[0]).toMatchObject({ status: 'rejected', code: 'receipt_code_taken' });
    // Pushing the same suggestion again is a duplicate, not a clash with itself.
    const again = await push(a.token, [put('suggestion', s)]);
    expect(again[0]!.status).not.toBe('rejected');

    // A kiosk cannot answer or move a suggestion; the district can, forward only.
    const byKiosk = await push(a.token, [put('suggestion', { ...s, status: 'resolved' }, 1)]);
    expect(byKiosk[0]).toMatchObject({ status: 'rejected', code: 'server_field' });
    const reply = await applyConsoleChange(server.store.db, {
      kind: 'suggestion',
      op: 'put',
      baseVersion: 1,
      record: { ...s, status: 'resolved', reply: '已联系物业，每天加清一次', repliedAt: new Date().toISOString() },
    });
    expect(reply).toMatchObject({ status: 'accepted', version: 2 });
    const backwards = await applyConsoleChange(server.store.db, {
      kind: 'suggestion',
      op: 'put',
      baseVersion: 2,
      record: { ...s, status: 'in_progress' },
    });
    expect(backwards).toMatchObject({ status: 'rejected', code: 'status_backwards' });

    expect((await pulled(a.token, 'suggestion')).get(s.id)).toMatchObject({
      version: 2,
      record: { status: 'resolved', reply: '已联系物业，每天加清一次' },
    });
    expect((await pulled(b.token, 'suggestion')).has(s.id)).toBe(false);
  });

  it('export as CSV with formulas defused and text kept as text', async () => {
    const a = await enrolledDevice(server.store.db);
    await push(a.token, [put('suggestion', suggestion({ text: '=HYPERLINK("http://x","点我") 路灯不亮' }))]);
    await push(a.token, [put('wish', wish({ text: '+1 想学电脑 <script>alert(1)</script>' }))]);
    const token = (await createApiToken(server.store.db, 'bi')).token;
    for (const [name, needle] of [
      ['suggestions', `"'=HYPERLINK`],
      ['wishes', `,'+1 想学电脑 <script>`],
    ] as const) {
      const res = await fetch(`${server.url}/api/v1/export/${name}?format=csv`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const body = new TextDecoder().decode(bytes);
      expect(body).toContain(needle);
    }
  });
});

describe('the demo network', () => {
  it('has wishes and suggestions in different states', async () => {
    await seedDemoIfEmpty(server.store.db);
    const token = (await createApiToken(server.store.db, 'bi')).token;
    const read = async (name: string) => {
      const res = await fetch(`${server.url}/api/v1/export/${name}?format=ndjson`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { status: string });
    };
    expect((await read('wishes')).map((w) => w.status).sort()).toEqual(['claimed', 'fulfilled', 'open']);
    expect((await read('suggestions')).map((w) => w.status).sort()).toEqual(['received', 'resolved']);
  });
});
