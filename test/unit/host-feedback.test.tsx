/** Host mode answers every action: sync now, export, a backwards range, a PIN change; its figures add up. */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { discardQuarantined } from '../../src/db/quarantine';
import { reconcile } from '../../src/db/reconciliation';
import { recordVisit } from '../../src/db/record-visit';
import { verifyPin } from '../../src/domain/pin';
import type { SyncStatus } from '../../src/settings/device-settings';
import type { KioskSync } from '../../src/sync/kiosk-sync';
import { renderKiosk } from './kiosk-harness';

async function unlock(pin = '2468') {
  fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
  await screen.findByText('请输入店员管理密码', {}, { timeout: 10_000 });
  for (const d of pin) fireEvent.click(screen.getByRole('button', { name: d }));
  fireEvent.click(screen.getByRole('button', { name: '确认' }));
  await screen.findByRole('heading', { name: '同步状态' });
}

/** A sync service the test drives: each trigger runs a pass that ends with `outcome`. */
function scriptedSync(outcome: SyncStatus): KioskSync {
  const listeners = new Set<(s: SyncStatus, busy: boolean) => void>();
  return {
    trigger: () => {
      listeners.forEach((l) => l(outcome, true));
      setTimeout(() => listeners.forEach((l) => l(outcome, false)), 10);
    },
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    stop: () => {},
  };
}

describe('host feedback', () => {
  it('counts a discarded record on its own, so the figures add up', async () => {
    const { db } = await renderKiosk();
    for (let i = 0; i < 3; i++) await recordVisit(db, { services: ['rest'], phone: null });
    const [a, b] = await db.outbox.toArray();
    await db.transaction('rw', db.outbox, db.refused, async () => {
      for (const e of [a!, b!]) {
        await db.outbox.delete(e.seq!);
        await db.refused.put({ ...e, reason: 'x', code: 'invalid_record', rejectedAt: new Date().toISOString() });
      }
    });
    await discardQuarantined(db, a!.changeId);
    const c = await reconcile(db);
    expect(c).toMatchObject({ logged: 3, confirmed: 0, pending: 1, refused: 1, discarded: 1 });
    expect(c.confirmed + c.pending + c.refused + c.discarded).toBe(c.logged);
    await unlock();
    await waitFor(() =>
      expect(screen.getByTestId('reconcile').textContent).toBe(
        '本机记录 3 条：服务器已确认 0 条 · 待同步 1 条 · 被退回待处理 1 条 · 已放弃 1 条（最早一条刚刚记下）',
      ),
    );
  });

  it('says "syncing", then done, or failed with the reason in the host’s language', async () => {
    await renderKiosk({
      sync: scriptedSync({ lastAttemptAt: 'x', lastSuccessAt: null, lastError: 'Internal server error' }),
    });
    await unlock();
    fireEvent.click(screen.getByRole('button', { name: '立即同步' }));
    const result = await screen.findByTestId('sync-result');
    await waitFor(() => expect(result.textContent).toContain('同步没有成功：服务器出错'));
    expect(result.textContent).not.toContain('Internal');
  });

  it('words a refusal by the server’s code in the host’s language, never its English sentence', async () => {
    await renderKiosk({
      sync: scriptedSync({ lastAttemptAt: 'x', lastSuccessAt: null, lastError: 'server:503:server_busy' }),
    });
    await unlock();
    fireEvent.click(screen.getByRole('button', { name: '立即同步' }));
    const result = await screen.findByTestId('sync-result');
    await waitFor(() => expect(result.textContent).toContain('同步没有成功：服务器正忙'));
  });

  it('tells the host what the export did', async () => {
    await renderKiosk();
    await unlock();
    fireEvent.click(screen.getByRole('button', { name: /导出待同步记录/ }));
    const result = await screen.findByTestId('export-result');
    await waitFor(() => expect(result.textContent).toBe('没有待同步的记录，不需要导出'));
  });

  it('says a backwards date range is backwards instead of "no visits"', async () => {
    await renderKiosk();
    await unlock();
    const log = screen.getByRole('region', { name: '到访记录' });
    fireEvent.input(within(log).getByLabelText('从'), { target: { value: '2030-01-02' } });
    fireEvent.input(within(log).getByLabelText('到'), { target: { value: '2030-01-01' } });
    expect((await within(log).findByRole('alert')).textContent).toContain('开始日期晚于结束日期');
    expect(within(log).queryByText('这段时间没有到访记录')).toBeNull();
  });

  it('changes the PIN only with the current one and the new one twice', async () => {
    const { settings } = await renderKiosk();
    await unlock();
    fireEvent.click(screen.getByRole('button', { name: '修改管理密码' }));
    const type = (digits: string) => {
      for (const d of digits) fireEvent.click(screen.getByRole('button', { name: d }));
    };
    type('1111');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect((await screen.findByRole('alert')).textContent).toBe('现在的管理密码不对，请再输一次');
    type('2468');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    await screen.findByText(/新的管理密码/);
    type('13');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(screen.getByRole('alert').textContent).toBe('管理密码要 4 到 8 位数字，现在输入了 2 位');
    type('57');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    type('1358');
    fireEvent.click(screen.getByRole('button', { name: '保存新密码' }));
    expect(screen.getByRole('alert').textContent).toBe('两次输入的密码不一致，请再输一次第二遍');
    type('1357');
    fireEvent.click(screen.getByRole('button', { name: '保存新密码' }));
    expect(await screen.findByText('管理密码已修改，下次进入站点管理请用新密码')).toBeTruthy();
    expect(await verifyPin('1357', (await settings.getPinHash())!)).toBe(true);
  });
});
