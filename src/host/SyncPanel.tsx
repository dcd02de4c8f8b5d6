import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { discardQuarantined, retryQuarantined } from '../db/quarantine';
import { useLiveQuery } from '../db/use-live-query';
import { useLang, useT } from '../i18n/i18n';
import type { DeviceSettings, SyncStatus } from '../settings/device-settings';
import type { KioskSync } from '../sync/kiosk-sync';

export interface SyncPanelProps {
  db: KioskDb;
  settings: DeviceSettings;
  sync: KioskSync;
}

function when(iso: string | null, never: string, lang: string): string {
  return iso ? new Date(iso).toLocaleString(lang) : never;
}

/** Queue, last success, last error, "sync now", and the records the server refused. */
export function SyncPanel({ db, settings, sync }: SyncPanelProps) {
  const t = useT();
  const lang = useLang();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const queued = useLiveQuery(() => db.outbox.count(), [db], 0);
  const refused = useLiveQuery(() => db.quarantine.toArray(), [db], []);
  useEffect(() => {
    void settings.getSyncStatus().then(setStatus);
    return sync.subscribe((s, busy) => {
      setStatus(s);
      setSyncing(busy);
    });
  }, [settings, sync]);
  return (
    <section class="panel" aria-label={t.syncTitle}>
      <dl class="sync-facts">
        <dt>{t.queued}</dt>
        <dd data-testid="queued">{queued}</dd>
        <dt>{t.lastSuccess}</dt>
        <dd>{when(status?.lastSuccessAt ?? null, t.never, lang)}</dd>
        <dt>{t.lastError}</dt>
        <dd>{status?.lastError === 'offline' ? t.offline : (status?.lastError ?? t.none)}</dd>
      </dl>
      <button type="button" class="btn btn-primary" disabled={syncing} onClick={() => sync.trigger('manual')}>
        {syncing ? t.syncing : t.syncNow}
      </button>
      {refused.length > 0 && (
        <div class="quarantine">
          <h3>
            {t.quarantined} ({refused.length})
          </h3>
          <ul>
            {refused.map((q) => (
              <li key={q.recordId}>
                <span>{new Date(q.record.createdAt).toLocaleString(lang)}</span>
                <span class="reason">{q.reason}</span>
                <button
                  type="button"
                  class="btn btn-small"
                  onClick={() => void retryQuarantined(db, q.recordId).then(() => sync.trigger('manual'))}
                >
                  {t.retry}
                </button>
                {confirming === q.recordId ? (
                  <button
                    type="button"
                    class="btn btn-small btn-danger"
                    onClick={() => void discardQuarantined(db, q.recordId)}
                  >
                    {t.discardConfirm}
                  </button>
                ) : (
                  <button type="button" class="btn btn-small" onClick={() => setConfirming(q.recordId)}>
                    {t.discard}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
