/** The home chip tells the truth about the kiosk, and tap-ins are recorded whatever it says. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { recordVisit } from '../../src/db/record-visit';
import { kioskState } from '../../src/kiosk/kiosk-status';
import type { SyncStatus } from '../../src/settings/device-settings';
import { renderKiosk } from './kiosk-harness';

const status = (lastError: string | null): SyncStatus => ({ lastAttemptAt: null, lastSuccessAt: null, lastError });

describe('home chip', () => {
  it('puts the most serious state first', () => {
    expect(kioskState(true, status(null), 0)).toBe('online');
    expect(kioskState(false, status(null), 0)).toBe('offline');
    expect(kioskState(true, status('offline'), 0)).toBe('unreachable');
    expect(kioskState(true, status('Internal server error'), 0)).toBe('unreachable');
    expect(kioskState(true, status(null), 2)).toBe('refused');
    expect(kioskState(false, status('refused'), 2)).toBe('revoked');
  });

  it('shows each state as a word and a shape, never colour alone', async () => {
    for (const [error, word] of [
      ['refused', '设备已停用'],
      ['offline', '连不上服务器'],
    ] as const) {
      const k = await renderKiosk({ status: status(error) });
      const chip = await screen.findByRole('status');
      await waitFor(() => expect(chip.textContent).toContain(word));
      expect(chip.querySelector('.chip-mark')?.textContent).toMatch(/[●▲✕]/);
      k.view.unmount();
    }
  });

  it('keeps recording tap-ins when the kiosk is revoked, and tells the courier the record waits here', async () => {
    const { db } = await renderKiosk({ status: status('refused') });
    await recordVisit(db, { services: ['water'], phone: null });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('✕设备已停用 · 待同步 1 条'));
    fireEvent.click(screen.getByRole('button', { name: /打卡签到/ }));
    fireEvent.click(screen.getByRole('button', { name: '匿名签到' }));
    fireEvent.click(screen.getByRole('button', { name: /歇脚休息/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    expect(await screen.findByText('签到成功')).toBeTruthy();
    expect(screen.getByText(/记录已保存在本机。这台设备需要重新登记/)).toBeTruthy();
    expect(await db.visits.count()).toBe(2);
  });
});
