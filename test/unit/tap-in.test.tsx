/** The courier's tap-in as a courier does it: big buttons, keypad, tiles, thank-you. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { renderKiosk } from './kiosk-harness';

function typeDigits(digits: string) {
  for (const d of digits) fireEvent.click(screen.getByRole('button', { name: d }));
}

describe('tap-in', () => {
  it('records a visit with a phone number and the chosen services, then thanks the courier', async () => {
    const { db, triggers } = await renderKiosk();
    expect(await screen.findByText('铜心驿站 · 康民药店分站')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /打卡签到/ }));
    typeDigits('13812345678');
    expect(screen.getByLabelText('请输入手机号').textContent).toBe('138 1234 5678');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    // The number is looked up in the member directory first (not a member: the visit keeps the phone).
    fireEvent.click(await screen.findByRole('button', { name: /饮水/ }));
    fireEvent.click(screen.getByRole('button', { name: /手机充电/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    expect(await screen.findByText('签到成功')).toBeTruthy();
    const visits = await db.visits.toArray();
    expect(visits).toHaveLength(1);
    // The visit row keeps the number masked; the change queued for the server carries it whole.
    expect(visits[0]).toMatchObject({ phone: '138****5678', services: ['charging', 'water'] });
    expect((await db.outbox.toArray())[0]?.record).toMatchObject({ phone: '13812345678' });
    // Stamped with the enrolled station, so a kiosk later enrolled elsewhere cannot misfile it.
    expect((await db.outbox.toArray()).map((e) => e.record.stationId)).toEqual(['s1']);
    expect(triggers).toContain('record');
  });

  it('lets a courier stay anonymous', async () => {
    const { db } = await renderKiosk();
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    fireEvent.click(screen.getByRole('button', { name: '匿名签到' }));
    fireEvent.click(screen.getByRole('button', { name: /歇脚休息/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    await screen.findByText('签到成功');
    expect((await db.visits.toArray())[0]?.phone).toBeNull();
  });

  it('cannot confirm without a service, nor go on with an incomplete phone number', async () => {
    await renderKiosk();
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    typeDigits('1381234');
    expect((screen.getByRole('button', { name: '下一步' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '匿名签到' }));
    // The instruction sits above the tiles, not on the disabled button.
    expect(screen.getByText('请选择一项或多项，选好后点“确认”')).toBeTruthy();
    expect((screen.getByRole('button', { name: '确认' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /饮水/ }));
    fireEvent.click(screen.getByRole('button', { name: /歇脚休息/ }));
    expect(screen.getByText('已选：歇脚休息和饮水。选好后点“确认”')).toBeTruthy();
  });

  it('shows on the thank-you screen what was recorded, the phone masked', async () => {
    await renderKiosk();
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    typeDigits('13812345678');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    fireEvent.click(await screen.findByRole('button', { name: /手机充电/ }));
    fireEvent.click(screen.getByRole('button', { name: /饮水/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    expect(await screen.findByText('手机充电和饮水')).toBeTruthy();
    expect(screen.getByText('138****5678')).toBeTruthy();
  });

  it('asks "还在吗？" with a countdown before the idle reset, and 继续 keeps the screen', async () => {
    await renderKiosk({ timeouts: { idleMs: 1500, idleWarnMs: 1400 } });
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    typeDigits('139');
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 1000 });
    expect(dialog.textContent).toMatch(/还在吗？\d 秒后回到首页/);
    fireEvent.click(screen.getByRole('button', { name: '继续' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByLabelText('请输入手机号').textContent).toBe('139');
  });

  it('returns home by itself after the thank-you', async () => {
    await renderKiosk({ timeouts: { doneMs: 50 } });
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    fireEvent.click(screen.getByRole('button', { name: '匿名签到' }));
    fireEvent.click(screen.getByRole('button', { name: /饮水/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    await screen.findByText('签到成功');
    await waitFor(() => expect(screen.getByRole('button', { name: /打卡签到/ })).toBeTruthy());
  });

  it('discards half-entered input when the kiosk is left idle', async () => {
    const { db } = await renderKiosk({ timeouts: { idleMs: 80 } });
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    typeDigits('13900001111');
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    // The number is looked up in the member directory first (not a member: the visit keeps the phone).
    fireEvent.click(await screen.findByRole('button', { name: /饮水/ }));
    await waitFor(() => expect(screen.getByRole('button', { name: /打卡签到/ })).toBeTruthy(), { timeout: 2000 });
    fireEvent.click(screen.getByRole('button', { name: /打卡签到/ }));
    expect(screen.getByLabelText('请输入手机号').textContent?.trim()).toBe('');
    expect(await db.visits.count()).toBe(0);
  });

  it('tells the courier when the tap-in could not be saved, and keeps earlier visits', async () => {
    const { db } = await renderKiosk();
    await db.visits.add({
      id: 'earlier',
      createdAt: new Date().toISOString(),
      services: ['rest'],
      phone: null,
      memberId: null,
      svcDays: ['rest|2026-01-01'],
    });
    // Any IndexedDB failure inside the write (quota, I/O) aborts the whole transaction.
    db.outbox.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    fireEvent.click(screen.getByRole('button', { name: '匿名签到' }));
    fireEvent.click(screen.getByRole('button', { name: /饮水/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    expect((await screen.findByRole('alert')).textContent).toContain('保存失败');
    expect(screen.queryByText('签到成功')).toBeNull();
    expect((await db.visits.toArray()).map((v) => v.id)).toEqual(['earlier']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('switches to English and back to Chinese for the next courier', async () => {
    await renderKiosk({ timeouts: { doneMs: 30 } });
    fireEvent.click(await screen.findByRole('button', { name: 'EN' }));
    expect(screen.getByRole('button', { name: /Tap in/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Tap in/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Stay anonymous' }));
    fireEvent.click(screen.getByRole('button', { name: /Drinking water/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await screen.findByText('You are tapped in');
    await waitFor(() => expect(screen.getByRole('button', { name: /打卡签到/ })).toBeTruthy());
  });
});
