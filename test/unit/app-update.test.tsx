/** A new app version waits for a safe moment: never in the middle of a tap-in. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { UpdateBridge } from '../../src/pwa/sw-bridge';
import { renderKiosk } from './kiosk-harness';

function waitingUpdate() {
  let applied = 0;
  const bridge: UpdateBridge = { isWaiting: () => true, subscribe: () => () => {}, apply: () => void applied++ };
  return { bridge, applied: () => applied };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('app update', () => {
  it('applies a waiting update once the home screen has been left alone', async () => {
    const update = waitingUpdate();
    await renderKiosk({ updates: update.bridge, timeouts: { updateIdleMs: 60 } });
    await screen.findByRole('button', { name: /打卡签到/ });
    await waitFor(() => expect(update.applied()).toBe(1));
  });

  it('does not apply it while a courier is tapping in', async () => {
    const update = waitingUpdate();
    await renderKiosk({ updates: update.bridge, timeouts: { updateIdleMs: 60 } });
    fireEvent.click(await screen.findByRole('button', { name: /打卡签到/ }));
    fireEvent.click(screen.getByRole('button', { name: '匿名签到' }));
    await sleep(250);
    expect(update.applied()).toBe(0);
    expect(screen.getByText('您需要哪些服务？')).toBeTruthy();
  });

  it('offers the update to the host, who can apply it at once', async () => {
    const update = waitingUpdate();
    await renderKiosk({ updates: update.bridge, timeouts: { updateIdleMs: 1e9 } });
    fireEvent.click(await screen.findByRole('button', { name: '站点管理' }));
    // Host mode is its own chunk: the PIN screen appears once it has loaded.
    await screen.findByText('请输入店员管理密码', {}, { timeout: 10_000 });
    for (const d of '2468') fireEvent.click(screen.getByRole('button', { name: d }));
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    fireEvent.click(await screen.findByRole('button', { name: /更新应用/ }));
    expect(update.applied()).toBe(1);
  });
});
