/** The station directory on the kiosk over fake-indexeddb: after a pull, nearest first with opening state; the host's hours correction. */
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { applyPullPage } from '../../src/db/apply-pull';
import { KioskDb } from '../../src/db/kiosk-db';
import { InvalidInput } from '../../src/db/people';
import { settlePush } from '../../src/db/settle-push';
import { nearbyStations, ownStation, setOpeningHours } from '../../src/db/station-directory';
import { NearbyScreen } from '../../src/kiosk/directory/NearbyScreen';
import { everyDay } from '../../src/protocol/opening-hours';
import type { PullChange } from '../../src/protocol/schemas';
import { renderKiosk } from './kiosk-harness';

const fresh = () => new KioskDb(`dir-${Math.random()}`);
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;
const HERE = { lat: 30.66, lng: 104.06 };
const north = (m: number) => HERE.lat + m / M_PER_DEG;
/** Monday 2026-11-30, 21:00 in Shanghai. */
const MONDAY_9PM = new Date('2026-11-30T13:00:00Z');

const own: PullChange = {
  kind: 'station',
  op: 'put',
  version: 2,
  record: {
    id: 's-own',
    name: '铜心驿站 · 康民药店分站',
    kind: 'branch',
    services: ['rest', 'water'],
    ...HERE,
    openingHours: everyDay('08:00', '20:00'),
    wifiName: 'KM-Guest',
    wifiPassword: 'own-pass-1',
  },
};
const entry = (
  id: string,
  name: string,
  metresNorth: number | null,
  more: Record<string, unknown> = {},
): PullChange => ({
  kind: 'station_entry',
  op: 'put',
  version: 1,
  record: {
    id,
    name,
    kind: 'branch',
    services: ['rest', 'charging'],
    ...(metresNorth === null ? {} : { lat: north(metresNorth), lng: HERE.lng }),
    ...more,
  },
});
const district = [
  own,
  entry('s-own', own.record.name as string, 0, { openingHours: everyDay('08:00', '20:00') }),
  entry('s-far', '铜心驿站 · 电信营业厅分站', 2400, { openingHours: everyDay('09:00', '18:00') }),
  entry('s-night', '铜心驿站 · 夜间便利店分站', 600, { openingHours: everyDay('20:00', '02:00') }),
  entry('s-mid', '铜心驿站 · 街道总站', 1500, { hours: '早八点到晚八点', wifiPassword: 'leaked-999' }),
  entry('s-nopos', '铜心驿站 · 新设分站（位置待定）', null),
  entry('s-old', '铜心驿站 · 已撤站点', 100, { archivedAt: '2026-06-01T00:00:00.000Z' }),
];

async function pulled() {
  const db = fresh();
  await applyPullPage(db, district, 'e.10', new Date());
  return db;
}

describe('the directory at the kiosk', () => {
  it('ranks the other stations by distance and marks which are open at the given time', async () => {
    const db = await pulled();
    const { here, stations } = await nearbyStations(db, 's-own', MONDAY_9PM);
    expect(here).toMatchObject({ id: 's-own', lat: HERE.lat });
    expect(stations.map((s) => s.entry.id)).toEqual(['s-night', 's-mid', 's-far', 's-nopos']);
    expect(stations.map((s) => s.open?.open ?? null)).toEqual([true, null, false, null]);
    expect(stations.map((s) => s.withinCircle)).toEqual([true, false, false, false]);
    expect(stations[0]).toMatchObject({ direction: 'n', walkMin: 11 });
  });

  it('never holds another station’s Wi-Fi password, even when a server sent one', async () => {
    const db = await pulled();
    const everything = JSON.stringify([await db.pulled.toArray(), await db.meta.toArray()]);
    expect(everything).not.toContain('leaked-999');
    // Its own station's full record stays: the thank-you screen shows the Wi-Fi.
    expect(everything).toContain('own-pass-1');
  });

  it('shows the nearest open station first on the screen, offline, with its distance and direction', async () => {
    const db = await pulled();
    render(<NearbyScreen db={db} stationId="s-own" onBack={() => {}} clock={() => MONDAY_9PM} />);
    const items = await screen.findAllByRole('listitem');
    const first = items[0]!;
    expect(within(first).getByRole('heading').textContent).toBe('铜心驿站 · 夜间便利店分站');
    expect(first.textContent).toContain('营业中');
    expect(first.textContent).toContain('600 米');
    expect(first.textContent).toContain('北方向');
    expect(first.textContent).toContain('一刻钟内');
    expect(items[2]!.textContent).toContain('已打烊');
    expect(items[2]!.textContent).toContain('明天 09:00 开门');
    expect(screen.queryByText(/已撤站点/)).toBeNull();
    expect(screen.getByRole('status').textContent).toBe(
      '最近的营业中驿站：铜心驿站 · 夜间便利店分站 · 600 米 · 北方向 · 步行约 11 分钟 · 骑行约 4 分钟',
    );
    expect(screen.getByText('区内还有 4 个驿站，步行一刻钟内 1 个')).toBeTruthy();
  });

  it('lets the host correct this station’s hours offline, as a change based on the server’s version', async () => {
    const db = await pulled();
    const later = everyDay('07:00', '22:00');
    await setOpeningHours(db, 's-own', later, MONDAY_9PM);
    const [queued] = await db.outbox.toArray();
    expect(queued).toMatchObject({ kind: 'station', baseVersion: 2, record: { id: 's-own', openingHours: later } });
    // The kiosk shows the correction at once (open at 21:00 now).
    expect((await ownStation(db, 's-own'))?.pending).toBe(1);
    expect((await nearbyStations(db, 's-own', MONDAY_9PM)).here?.openingHours).toEqual(later);
    // A second correction before the first synced is based on the version the first will make.
    await setOpeningHours(db, 's-own', everyDay('07:00', '23:00'), MONDAY_9PM);
    expect((await db.outbox.toArray()).map((e) => e.baseVersion)).toEqual([2, 3]);
    await settlePush(db, [queued!], [{ id: queued!.changeId, status: 'accepted', version: 3, receipt: 1 }], new Date());
    expect(await ownStation(db, 's-own')).toMatchObject({ version: 3, pending: 1 });
    await expect(
      setOpeningHours(db, 's-own', { week: [[{ from: '08:00', to: '08:00' }], [], [], [], [], [], []] }),
    ).rejects.toBeInstanceOf(InvalidInput);
  });
});

/** Host mode loads as a chunk and the save goes through IndexedDB: on a loaded machine that takes seconds. */
const SLOW = { timeout: 10_000 };

describe('the host’s opening hours', () => {
  it(
    'are corrected in host mode offline, and a change that lost to the district is told in plain words',
    { timeout: 60_000 },
    async () => {
      const { db, triggers } = await renderKiosk();
      fireEvent.click(await screen.findByRole('button', { name: '附近驿站' }));
      expect(await screen.findByText(/还没有收到其他驿站的信息/)).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: '返回' }));
      fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
      await screen.findByText('请输入店员管理密码', {}, SLOW);
      for (const d of '2468') fireEvent.click(screen.getByRole('button', { name: d }));
      fireEvent.click(screen.getByRole('button', { name: '确认' }));
      fireEvent.click(await screen.findByRole('button', { name: '修改营业时间' }, SLOW));
      const sunday = screen.getByRole('group', { name: '周日' });
      fireEvent.click(within(sunday).getByRole('button', { name: '休息' }));
      const monday = screen.getByRole('group', { name: '周一' });
      fireEvent.change(within(monday).getByRole('combobox', { name: '关门' }), { target: { value: '02:00' } });
      expect(within(monday).getByText('（次日）')).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: '保存营业时间' }));
      expect(await screen.findByText(/已保存。已在本机生效/, {}, SLOW)).toBeTruthy();
      const [queued] = await db.outbox.toArray();
      expect(queued).toMatchObject({ kind: 'station', baseVersion: 0, record: { id: 's1' } });
      expect((queued!.record.openingHours as { week: unknown[][] }).week[6]).toEqual([]);
      expect((queued!.record.openingHours as { week: unknown[][] }).week[0]).toEqual([{ from: '08:00', to: '02:00' }]);
      expect(triggers).toContain('record');
      expect(await screen.findByText(/周一 08:00–02:00/, {}, SLOW)).toBeTruthy();
      // The district renamed the station meanwhile: the server keeps its copy and the host reads why.
      await settlePush(
        db,
        [queued!],
        [
          {
            id: queued!.changeId,
            status: 'conflict',
            version: 1,
            current: { id: 's1', name: '铜心驿站 · 康民大药房分站', kind: 'branch', services: ['rest'] },
          },
        ],
        new Date(),
      );
      expect(await screen.findByText(/区里已先更新了这条驿站设置，本机离线时做的修改未生效/, {}, SLOW)).toBeTruthy();
      expect(await screen.findByText('铜心驿站 · 康民大药房分站', {}, SLOW)).toBeTruthy();
    },
  );
});
