/**
 * In the bench page: the kiosk's wish wall over a district of open wishes — the app's own read
 * (pulled copies with this kiosk's pending changes over them) and the wall component's first page.
 */
import Dexie from 'dexie';
import { h, render } from 'preact';
import { applyPullPage } from '../../src/db/apply-pull';
import { KioskDb } from '../../src/db/kiosk-db';
import { wishWall } from '../../src/db/wishes';
import { LangContext } from '../../src/i18n/i18n';
import { WishWall } from '../../src/kiosk/wishes/WishWall';
import { uuid7 } from '../../src/protocol/uuid7';
import { WISH_CATEGORIES } from '../../src/protocol/wishes';
import { benchVisit as newRecord } from '../lib/visits';

let wishDb: KioskDb | null = null;

/**
 * A kiosk that pulled n open wishes of the district (texts of 20 to 200 characters), has claimed 20 of
 * them and not synced yet, and holds 1,000 tap-ins queued from a day offline.
 */
export async function seedWishes(n: number): Promise<void> {
  await Dexie.delete('bench-wishes');
  wishDb = new KioskDb('bench-wishes');
  const base = '送餐路上想要一副防风手套，也想学电脑做表格，将来换个工作；孩子上学的事想咨询一下。';
  const changes = Array.from({ length: n }, (_, i) => ({
    kind: 'wish',
    op: 'put' as const,
    version: 1,
    record: {
      id: uuid7(Date.now() - i * 60_000),
      createdAt: new Date(Date.now() - i * 60_000).toISOString(),
      category: WISH_CATEGORIES[i % WISH_CATEGORIES.length]!,
      text: base.repeat(5).slice(0, 20 + ((i * 37) % 181)),
      memberId: null,
      ...(i % 3 === 0 ? { posterName: '李*' } : {}),
      status: 'open',
    },
  }));
  await applyPullPage(wishDb, changes, '0.1', new Date());
  await wishDb.outbox.bulkAdd(
    Array.from({ length: 1000 }, (_, i) => {
      const visit = newRecord(i);
      return {
        changeId: visit.id,
        kind: 'visit',
        op: 'put',
        recordId: visit.id,
        record: visit,
        queuedAt: visit.createdAt,
      };
    }),
  );
  for (const c of changes.slice(0, 20)) {
    await wishDb.outbox.add({
      changeId: uuid7(),
      kind: 'wish',
      op: 'put',
      recordId: c.record.id,
      record: { ...c.record, status: 'claimed', claimedBy: '铜河小哥志愿队' },
      baseVersion: 1,
      queuedAt: new Date().toISOString(),
    });
  }
}

/**
 * ms for each of n renders of the wall from nothing (read every wish, draw the first page, lay it out),
 * of the app's read alone, and of a bare IndexedDB read of the same records (the baseline).
 */
export async function wishWallRenders(n: number): Promise<{ render: number[]; read: number[]; raw: number[] }> {
  const host = document.createElement('div');
  host.style.cssText = 'width:1080px;height:1920px;display:flex;flex-direction:column;font-size:28px';
  document.body.append(host);
  const times: number[] = [];
  const reads: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await wishDb!.pulled.where('kind').equals('wish').toArray();
    raw.push(performance.now() - t);
    t = performance.now();
    await wishWall(wishDb!);
    reads.push(performance.now() - t);
    t = performance.now();
    const wishes = await wishWall(wishDb!);
    render(h(LangContext.Provider, { value: { lang: 'zh-CN', setLang: () => {} } }, h(WishWall, { wishes })), host);
    // The wall measures itself and redraws to the page that fits: let that settle, then lay out.
    for (let k = 0; k < 3; k++) await Promise.resolve();
    void host.offsetHeight;
    times.push(performance.now() - t);
    if (host.querySelectorAll('.wish-card').length === 0) throw new Error('the wall drew no card');
    render(null, host);
  }
  host.remove();
  return { render: times, read: reads, raw };
}
