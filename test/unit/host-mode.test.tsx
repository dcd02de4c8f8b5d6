/** Host mode on the kiosk: PIN, the offline visit log with filters and totals, masked phones. */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { KioskDb } from '../../src/db/kiosk-db';
import { storedVisit } from '../../src/db/record-visit';
import { localDay } from '../../src/domain/day';
import type { ServiceId } from '../../src/protocol/services';
import { uuid7 } from '../../src/protocol/uuid7';
import { renderKiosk } from './kiosk-harness';

async function seed(db: KioskDb, at: Date, services: ServiceId[], phone: string | null, synced = false) {
  const record = { id: uuid7(at.getTime()), createdAt: at.toISOString(), services, phone, memberId: null };
  await db.visits.add(storedVisit(record));
  if (!synced)
    await db.outbox.add({
      changeId: record.id,
      kind: 'visit',
      op: 'put',
      recordId: record.id,
      record,
      queuedAt: record.createdAt,
    });
}

async function unlock(pin: string) {
  fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
  // Host mode is its own chunk: the PIN screen appears once it has loaded.
  await screen.findByText('请输入店员管理密码', {}, { timeout: 10_000 });
  for (const d of pin) fireEvent.click(screen.getByRole('button', { name: d }));
  fireEvent.click(screen.getByRole('button', { name: '确认' }));
}

function todayAt(h: number) {
  const d = new Date();
  d.setHours(h, 0, 0, 0);
  return d;
}

describe('host mode', () => {
  it('refuses a wrong PIN and stays locked', async () => {
    await renderKiosk();
    await unlock('1111');
    expect((await screen.findByRole('alert')).textContent).toContain('密码不对');
    expect(screen.queryByText('到访记录')).toBeNull();
  });

  it('shows today’s visits with masked phones and per-service totals', async () => {
    const { db } = await renderKiosk();
    const yesterday = todayAt(10);
    yesterday.setDate(yesterday.getDate() - 1);
    await seed(db, todayAt(1), ['rest', 'water'], '13812345678', true);
    await seed(db, todayAt(2), ['water'], null);
    await seed(db, todayAt(3), ['charging', 'water'], '13900004321');
    await seed(db, yesterday, ['internet'], null);
    await unlock('2468');
    const log = await screen.findByRole('region', { name: '到访记录' });
    await waitFor(() => expect(within(log).getAllByRole('row')).toHaveLength(4));
    expect(within(log).getByText('138****5678')).toBeTruthy();
    expect(log.textContent).not.toContain('13812345678');
    const totals = within(log).getByLabelText('合计');
    expect(await within(totals).findByText('3 人次')).toBeTruthy();
    const water = within(totals).getByText('饮水').parentElement!;
    expect(water.textContent).toBe('饮水3');
    const internet = within(totals).getByText('免费上网').parentElement!;
    expect(internet.textContent).toBe('免费上网0');
  });

  it('filters by service, by the end of a phone number and by a date range', async () => {
    const { db } = await renderKiosk();
    const twoDaysAgo = todayAt(9);
    twoDaysAgo.setDate(twoDaysAgo.getDate() - 2);
    await seed(db, todayAt(1), ['rest'], '13812345678');
    await seed(db, todayAt(2), ['charging'], '13900004321');
    await seed(db, twoDaysAgo, ['internet'], null);
    await unlock('2468');
    const log = await screen.findByRole('region', { name: '到访记录' });
    // The visitor column of the log's body rows, once the log shows what the filter asks for.
    const visitors = () =>
      within(log)
        .queryAllByRole('row')
        .slice(1)
        .map((r) => r.children[1]?.textContent);
    await waitFor(() => expect(visitors()).toEqual(['139****4321', '138****5678']));
    fireEvent.change(within(log).getByRole('combobox'), { target: { value: 'charging' } });
    await waitFor(() => expect(visitors()).toEqual(['139****4321']));
    fireEvent.change(within(log).getByRole('combobox'), { target: { value: '' } });
    // The phone end is typed on the app's own keypad, not the system keyboard.
    fireEvent.click(within(log).getByRole('button', { name: /手机尾号/ }));
    for (const d of '5678') fireEvent.click(within(log).getByRole('button', { name: d }));
    fireEvent.click(within(log).getByRole('button', { name: '完成' }));
    await waitFor(() => expect(visitors()).toEqual(['138****5678']));
    fireEvent.click(within(log).getByRole('button', { name: /手机尾号/ }));
    fireEvent.click(within(log).getByRole('button', { name: '清除' }));
    fireEvent.click(within(log).getByRole('button', { name: '完成' }));
    fireEvent.input(within(log).getByLabelText('从'), { target: { value: localDay(twoDaysAgo) } });
    await waitFor(() => expect(visitors()).toEqual(['139****4321', '138****5678', '匿名']));
  });

  it('shows how many visits wait to sync', async () => {
    const { db } = await renderKiosk();
    await db.outbox.bulkAdd(
      [1, 2].map(() => ({
        changeId: uuid7(),
        kind: 'visit' as const,
        op: 'put' as const,
        recordId: uuid7(),
        record: {
          id: uuid7(),
          createdAt: new Date().toISOString(),
          services: ['rest' as const],
          phone: null,
          memberId: null,
        },
        queuedAt: new Date().toISOString(),
      })),
    );
    await unlock('2468');
    await waitFor(() => expect(screen.getByTestId('queued').textContent).toBe('2'));
  });

  it('locks itself when left idle', async () => {
    await renderKiosk({ timeouts: { hostIdleMs: 80 } });
    await unlock('2468');
    await screen.findByRole('heading', { name: '到访记录' });
    await waitFor(() => expect(screen.getByRole('button', { name: /打卡签到/ })).toBeTruthy(), { timeout: 2000 });
  });
});
