/** When the kiosk syncs: never two passes at once, backoff after failures, debounce after a new record. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSyncScheduler } from '../../src/sync/sync-scheduler';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sync scheduler', () => {
  it('backs off longer after each failure, and resets on success', async () => {
    const starts: number[] = [];
    let fail = true;
    const s = createSyncScheduler({
      run: async () => {
        starts.push(Date.now());
        if (fail) throw new Error('503');
      },
      random: () => 1,
      periodMs: 1e9,
    });
    s.trigger('start');
    for (let i = 0; i < 4; i++) await vi.advanceTimersToNextTimerAsync();
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps).toEqual([2000, 4000, 8000]);
    fail = false;
    s.trigger('manual');
    await vi.advanceTimersByTimeAsync(0);
    const n = starts.length;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(starts.length).toBe(n);
    s.stop();
  });

  it('never runs two passes at once, and runs again after a trigger that came in during a pass', async () => {
    let running = 0;
    let maxRunning = 0;
    let passes = 0;
    const s = createSyncScheduler({
      run: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 1000));
        running--;
        passes++;
      },
      periodMs: 1e9,
    });
    s.trigger('start');
    await vi.advanceTimersByTimeAsync(10);
    s.trigger('manual');
    s.trigger('online');
    await vi.advanceTimersByTimeAsync(5000);
    expect(maxRunning).toBe(1);
    expect(passes).toBe(2);
    s.stop();
  });

  it('waits a moment after a new record, so a burst of tap-ins goes in one pass', async () => {
    let passes = 0;
    const s = createSyncScheduler({ run: async () => void passes++, debounceMs: 1500, periodMs: 1e9 });
    s.trigger('record');
    await vi.advanceTimersByTimeAsync(500);
    s.trigger('record');
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(1500);
    expect(passes).toBe(1);
    s.stop();
  });

  it('syncs on a timer while nothing else happens', async () => {
    let passes = 0;
    const s = createSyncScheduler({ run: async () => void passes++, periodMs: 60_000 });
    s.trigger('start');
    await vi.advanceTimersByTimeAsync(180_500);
    expect(passes).toBe(4);
    s.stop();
  });
});
