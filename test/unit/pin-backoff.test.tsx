/** The host PIN on the kiosk backs off after wrong tries (issue 12, attack 11), and a reload does not reset it. */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../src/domain/pin';
import { matchPinResetCode, pinResetCode } from '../../src/protocol/pin-reset';
import { lockAfter, waitMs } from '../../src/domain/pin-backoff';
import { PinScreen } from '../../src/host/PinScreen';
import { createDeviceSettings } from '../../src/settings/device-settings';

let n = 0;
async function settingsWithPin(pin: string) {
  const settings = createDeviceSettings(`pin-backoff-${++n}`);
  await settings.setPinHash(await hashPin(pin));
  return settings;
}

async function type(pin: string) {
  for (const d of pin) fireEvent.click(screen.getByRole('button', { name: d }));
  const confirm = screen.getByRole('button', { name: '确认' }) as HTMLButtonElement;
  await waitFor(() => expect(confirm.disabled).toBe(false));
  fireEvent.click(confirm);
}

describe('host PIN back-off', () => {
  it('locks after five wrong tries: twelve quick guesses, then the right PIN is still refused until the lock passes', async () => {
    const settings = await settingsWithPin('2468');
    let now = Date.parse('2026-11-29T10:00:00Z');
    let unlocked = 0;
    const view = render(
      <PinScreen settings={settings} onUnlock={() => unlocked++} onBack={() => {}} now={() => now} />,
    );
    for (let i = 1; i <= 5; i++) {
      await type('1111');
      await waitFor(async () => expect((await settings.getPinAttempts()).failures).toBe(i));
      now += 1000;
    }
    // The sixth wrong try cannot even be made: the screen says how long to wait, the confirm button is off.
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('输错次数太多'));
    expect(screen.getByRole('alert').textContent).toContain('30 秒');
    for (const d of '2468') fireEvent.click(screen.getByRole('button', { name: d }));
    expect((screen.getByRole('button', { name: '确认' }) as HTMLButtonElement).disabled).toBe(true);
    expect(unlocked).toBe(0);

    // A reload (a fresh screen over the same settings) keeps the lock.
    view.unmount();
    render(<PinScreen settings={settings} onUnlock={() => unlocked++} onBack={() => {}} now={() => now} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('输错次数太多'));

    // Once the lock has passed, the right PIN opens host mode and clears the count.
    now += 31_000;
    await waitFor(() => expect(screen.queryByText(/输错次数太多/)).toBeNull(), { timeout: 3000 });
    await type('2468');
    await waitFor(() => expect(unlocked).toBe(1));
    expect((await settings.getPinAttempts()).failures).toBe(0);
  });

  it('warns before the lock, and each further wrong try doubles it up to an hour', async () => {
    const settings = await settingsWithPin('2468');
    const now = Date.parse('2026-11-29T10:00:00Z');
    render(<PinScreen settings={settings} onUnlock={() => {}} onBack={() => {}} now={() => now} />);
    await type('1111');
    await waitFor(async () => expect((await settings.getPinAttempts()).failures).toBe(1));
    await type('1111');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('再错 3 次'));
    expect([5, 6, 7, 8, 30].map(lockAfter)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000]);
  });

  it('treats a lock stretched by a clock set back as the longest lock, not forever', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(waitMs({ failures: 9, lockedUntil: now + 400 * 86_400_000 }, now)).toBe(3_600_000);
    expect(waitMs({ failures: 9, lockedUntil: now - 1 }, now)).toBe(0);
  });
});

describe('host PIN reset with a code from the admin', () => {
  it('takes the next reset code once, sets a new PIN, and refuses the same code again', async () => {
    const settings = await settingsWithPin('2468');
    const deviceKey = 'wsk_test-device-key';
    await settings.setEnrollment({ deviceId: 'd1', stationId: 's1', token: 't', deviceKey, enrolledAt: '' });
    const code = await pinResetCode(deviceKey, 1);
    let unlocked = 0;
    const view = render(<PinScreen settings={settings} onUnlock={() => unlocked++} onBack={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: '忘记管理密码？' }));
    await screen.findByText('请输入 8 位重置码');
    await type('12345678');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('重置码不对或已经用过'));
    fireEvent.click(screen.getByRole('button', { name: '清除' }));
    await type(code);
    await screen.findByText('设置新的管理密码（4–8 位数字）');
    await type('1357');
    await screen.findByText('再输一次新的管理密码');
    await type('1357');
    await waitFor(() => expect(unlocked).toBe(1));
    expect(await verifyPin('1357', (await settings.getPinHash())!)).toBe(true);
    expect(await settings.getPinResetsUsed()).toBe(1);
    // The same code does not work twice; the next one the admin makes does.
    view.unmount();
    expect(await matchPinResetCode(deviceKey, 1, code)).toBeNull();
    expect(await matchPinResetCode(deviceKey, 1, await pinResetCode(deviceKey, 2))).toBe(2);
  });
});
