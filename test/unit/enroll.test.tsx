/** Enrolling a kiosk as an installer does it: code, PIN twice, with a way back and errors that say what is wrong. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { verifyPin } from '../../src/domain/pin';
import { HttpError, createApiClient, type ApiClient } from '../../src/sync/api-client';
import { renderKiosk } from './kiosk-harness';

function typeDigits(digits: string) {
  for (const d of digits) fireEvent.click(screen.getByRole('button', { name: d }));
}
const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

/** A server that refuses every code but `good` (and `expiring`, which passes the check but is gone by enrollment). */
function fakeServer(good: string, expiring = ''): ApiClient & { tried: string[]; checked: string[] } {
  const tried: string[] = [];
  const checked: string[] = [];
  return {
    ...createApiClient('http://127.0.0.1:9'),
    tried,
    checked,
    checkEnrollCode: async (code) => {
      checked.push(code);
      if (code !== good && code !== expiring)
        throw new HttpError(403, 'Unknown, used or expired enrollment code', 'bad_enroll_code');
      return { stationId: 's1', stationName: '铜心驿站 · 测试分站' };
    },
    enroll: async (code) => {
      tried.push(code);
      if (code !== good) throw new HttpError(403, 'Unknown, used or expired enrollment code', 'bad_enroll_code');
      return {
        deviceId: 'd1',
        stationId: 's1',
        token: 'wsd_t',
        station: { id: 's1', name: '铜心驿站 · 测试分站', kind: 'branch', services: ['rest'] },
      };
    },
  };
}

describe('enrollment', () => {
  it('says what is wrong with a short code or PIN, instead of repeating the label', async () => {
    await renderKiosk({ enrolled: false, client: fakeServer('1234567890') });
    await screen.findByText('登记这台设备');
    typeDigits('12345');
    press('下一步');
    expect(screen.getByRole('alert').textContent).toBe('登记码是 10 位数字，现在输入了 5 位');
    typeDigits('67890');
    press('下一步');
    await screen.findByText(/第 2 步/);
    typeDigits('12');
    press('下一步');
    expect(screen.getByRole('alert').textContent).toBe('管理密码要 4 到 8 位数字，现在输入了 2 位');
  });

  it('checks the code before the PIN: a wrong one is refused at once, a right one names its station', async () => {
    const client = fakeServer('1111111111');
    await renderKiosk({ enrolled: false, client });
    await screen.findByText('登记这台设备');
    typeDigits('9999999999');
    press('下一步');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('登记码不对、已用过或已过期');
    expect(alert.textContent).not.toMatch(/[A-Za-z]{3}/);
    expect(screen.getByText(/第 1 步/)).toBeTruthy();
    press('清除');
    typeDigits('1111111111');
    press('下一步');
    await screen.findByText(/第 2 步/);
    expect(screen.getByText('登记码有效：这台签到机将登记到「铜心驿站 · 测试分站」')).toBeTruthy();
    expect(client.tried).toEqual([]);
    expect(client.checked).toEqual(['9999999999', '1111111111']);
  });

  it('goes back a step, and keeps both PINs when the code stops working before enrollment', async () => {
    const client = fakeServer('1111111111', '9999999999');
    const { settings } = await renderKiosk({ enrolled: false, client });
    await screen.findByText('登记这台设备');
    typeDigits('9999999999');
    press('下一步');
    await screen.findByText(/第 2 步/);
    typeDigits('2468');
    press('下一步');
    press('返回');
    expect(screen.getByText(/第 2 步.*管理密码/)).toBeTruthy();
    press('下一步');
    typeDigits('2468');
    press('登记');
    // The server's English never reaches the screen; the PINs are kept and said to be.
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('登记码不对、已用过或已过期');
    expect(alert.textContent).toContain('管理密码已保留');
    expect(alert.textContent).not.toMatch(/[A-Za-z]{3}/);
    press('清除');
    typeDigits('1111111111');
    press('登记');
    await waitFor(() => expect(screen.getByRole('button', { name: /打卡签到/ })).toBeTruthy());
    expect(client.tried).toEqual(['9999999999', '1111111111']);
    expect(await verifyPin('2468', (await settings.getPinHash())!)).toBe(true);
  });
});
