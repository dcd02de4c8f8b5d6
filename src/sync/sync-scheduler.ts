/** Decides when to sync: on start, on `online`, after a new record (debounced), on a timer, and on demand; backs off on failure. */
import { backoffDelay } from '../domain/backoff';

export type SyncReason = 'start' | 'online' | 'record' | 'timer' | 'manual';

export interface SyncSchedulerOptions {
  /** One sync pass; throws when it failed. */
  run: () => Promise<void>;
  random?: () => number;
  debounceMs?: number;
  periodMs?: number;
}

export interface SyncScheduler {
  trigger(reason: SyncReason): void;
  stop(): void;
}

/** A scheduler that never runs two passes at once and retries failures with capped, jittered backoff. */
export function createSyncScheduler({
  run,
  random = Math.random,
  debounceMs = 1_500,
  periodMs = 60_000,
}: SyncSchedulerOptions): SyncScheduler {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;
  let running = false;
  let rerun = false;
  let failures = 0;
  let stopped = false;

  function schedule(delayMs: number, force = false) {
    const at = Date.now() + delayMs;
    if (stopped || (!force && at >= dueAt)) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(pass, delayMs);
  }

  async function pass() {
    dueAt = Infinity;
    if (running) {
      rerun = true;
      return;
    }
    running = true;
    try {
      await run();
      failures = 0;
      schedule(periodMs, true);
    } catch {
      failures++;
      schedule(backoffDelay(failures, random), true);
    } finally {
      running = false;
      if (rerun) {
        rerun = false;
        schedule(0);
      }
    }
  }

  return {
    trigger(reason) {
      if (reason === 'record') return schedule(debounceMs);
      if (reason === 'online' || reason === 'manual') failures = 0;
      schedule(0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
