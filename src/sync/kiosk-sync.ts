/** The kiosk's sync service: `trigger` is the one entry; passes run under a Web Lock and report status to listeners. */
import type { KioskDb } from '../db/kiosk-db';
import { DEFAULT_RETENTION_DAYS, pruneSyncedVisits } from '../db/prune-visits';
import type { DeviceSettings, SyncStatus } from '../settings/device-settings';
import { HttpError, OfflineError, type ApiClient } from './api-client';
import { createSyncScheduler, type SyncReason } from './sync-scheduler';
import { withSyncLock } from './with-sync-lock';

export interface KioskSync {
  trigger(reason: SyncReason): void;
  /** Called with each new status, and with `syncing` while a pass runs. */
  subscribe(listener: (status: SyncStatus, syncing: boolean) => void): () => void;
  stop(): void;
}

/** Wires the scheduler to the kiosk's database, settings and server, and to the browser's `online` event. */
export function createKioskSync(
  db: KioskDb,
  settings: DeviceSettings,
  client: ApiClient,
  appVersion = 'dev',
): KioskSync {
  const listeners = new Set<(status: SyncStatus, syncing: boolean) => void>();
  const emit = (status: SyncStatus, syncing: boolean) => listeners.forEach((l) => l(status, syncing));

  async function pass() {
    const enrollment = await settings.getEnrollment();
    if (!enrollment) return;
    const before = await settings.getSyncStatus();
    const attemptAt = new Date().toISOString();
    emit(before, true);
    let status: SyncStatus = before;
    try {
      const ran = await withSyncLock(async () => {
        try {
          // The sync pass and the protocol's schemas load after the first screen (they are precached).
          const { syncOnce } = await import('./sync-once');
          await syncOnce({ db, client, token: enrollment.token, appVersion });
        } finally {
          // Retention holds offline too: phones must not stay past the window because the network is down.
          const station = await db.meta.get('station');
          const days = station?.key === 'station' ? station.value.retentionDays : undefined;
          await pruneSyncedVisits(db, days ?? DEFAULT_RETENTION_DAYS);
        }
      });
      // When another tab held the lock, that tab did the work and reports it.
      if (ran) status = { lastAttemptAt: attemptAt, lastSuccessAt: new Date().toISOString(), lastError: null };
    } catch (err) {
      // Kept as codes the host screen words in its own language: 'offline', 'refused', or
      // `server:<status>:<code>` for any other answer (never the server's English sentence).
      const message =
        err instanceof OfflineError
          ? 'offline'
          : err instanceof HttpError && err.status === 401
            ? 'refused'
            : err instanceof HttpError
              ? `server:${err.status}:${err.code ?? ''}`
              : 'server:0:';
      status = { ...before, lastAttemptAt: attemptAt, lastError: message };
      throw err;
    } finally {
      await settings.setSyncStatus(status);
      emit(status, false);
    }
  }

  const scheduler = createSyncScheduler({ run: pass });
  const onOnline = () => scheduler.trigger('online');
  globalThis.addEventListener?.('online', onOnline);
  return {
    trigger: (reason) => scheduler.trigger(reason),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      scheduler.stop();
      globalThis.removeEventListener?.('online', onOnline);
    },
  };
}
