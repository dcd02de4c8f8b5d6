import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { discardQuarantined, openQuarantine, retryQuarantined } from '../db/quarantine';
import { markConflictsSeen, unseenConflicts } from '../db/conflicts';
import { reconcile } from '../db/reconciliation';
import { acknowledgeStorageLoss } from '../db/storage-loss';
import { useLiveQuery } from '../db/use-live-query';
import { formatDateTime } from '../i18n/format';
import { useHostT, type HostStrings } from '../i18n/backstage';
import { useLang, type Lang } from '../i18n/i18n';
import { serverErrorText } from '../i18n/server-errors';
import type { DeviceSettings, SyncStatus } from '../settings/device-settings';
import type { KioskSync } from '../sync/kiosk-sync';
import { StorageInfo } from './StorageInfo';
import { TransferExport } from './TransferExport';

export interface SyncPanelProps {
  db: KioskDb;
  settings: DeviceSettings;
  sync: KioskSync;
}

function when(iso: string | null, never: string, lang: Lang): string {
  return iso ? formatDateTime(iso, lang) : never;
}

/**
 * The sync service's last error in the host's words. It keeps 'offline' and 'refused' as codes; anything
 * else is the server's own (English) sentence, which never reaches the screen.
 */
export function syncErrorText(t: HostStrings, lang: Lang, error: string | null): string {
  if (!error) return t.none;
  if (error === 'offline') return t.syncErrorOffline;
  if (error === 'refused') return t.deviceRefused;
  const [, status, code] = /^server:(\d+):(.*)$/.exec(error) ?? [];
  // A known code in the host's language; anything else the plain "the server had a problem".
  return code ? serverErrorText(lang, code, Number(status)) : t.syncErrorServer;
}

/** Queue, last success, last error, "sync now", and the records the server refused. */
export function SyncPanel({ db, settings, sync }: SyncPanelProps) {
  const t = useHostT();
  const lang = useLang();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [syncing, setSyncing] = useState(false);
  /** Set when the host pressed 立即同步: the answer to that press is shown until the next one. */
  const [asked, setAsked] = useState<'waiting' | 'running' | 'done' | null>(null);
  const askedRef = useRef<'waiting' | 'running' | 'done' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const counts = useLiveQuery(() => reconcile(db), [db], null);
  const lost = useLiveQuery(() => db.meta.get('storageLost'), [db], undefined);
  const refused = useLiveQuery(() => openQuarantine(db), [db], []);
  const lostEdits = useLiveQuery(() => unseenConflicts(db), [db], []);
  const pruned = useLiveQuery(() => db.meta.get('quotaPrune'), [db], undefined);
  const waitedMin = counts?.oldestPendingAt
    ? Math.max(0, Math.floor((Date.now() - Date.parse(counts.oldestPendingAt)) / 60_000))
    : null;
  useEffect(() => {
    void settings.getSyncStatus().then(setStatus);
    return sync.subscribe((s, busy) => {
      setStatus(s);
      setSyncing(busy);
      // A ref, not a state updater: the pass's start and end may arrive before the next render.
      const a = askedRef.current;
      askedRef.current = a === null ? null : busy ? 'running' : 'done';
      setAsked(askedRef.current);
    });
  }, [settings, sync]);
  return (
    <section class="panel" aria-label={t.syncTitle}>
      {lost?.key === 'storageLost' && (
        <div class="alert" role="alert">
          <strong>{t.storageLostTitle}</strong>
          <p>{t.storageLostBody(lost.value.serverConfirmed, lost.value.localHighWater)}</p>
          <button
            type="button"
            class="btn btn-small"
            onClick={() => void acknowledgeStorageLoss(db).then(() => sync.trigger('manual'))}
          >
            {t.acknowledge}
          </button>
        </div>
      )}
      {lostEdits.length > 0 && (
        <div class="alert" role="alert">
          <strong>{t.conflictsTitle}</strong>
          {lostEdits.map((c) => (
            <p key={c.changeId}>{t.conflictBody(t.kindNames[c.kind] ?? t.kindOther)}</p>
          ))}
          <button type="button" class="btn btn-small" onClick={() => void markConflictsSeen(db)}>
            {t.acknowledge}
          </button>
        </div>
      )}
      {pruned?.key === 'quotaPrune' && (
        <div class="alert" role="status">
          <p>{t.quotaPruned(pruned.value.pruned)}</p>
          <button type="button" class="btn btn-small" onClick={() => void db.meta.delete('quotaPrune')}>
            {t.acknowledge}
          </button>
        </div>
      )}
      {counts && (
        <p class="reconcile" data-testid="reconcile">
          {t.reconcile(counts)}
          {waitedMin !== null && t.oldestPending(waitedMin)}
        </p>
      )}
      <dl class="sync-facts">
        <dt>{t.queued}</dt>
        <dd data-testid="queued">{counts?.pending ?? 0}</dd>
        <dt>{t.lastSuccess}</dt>
        <dd>{when(status?.lastSuccessAt ?? null, t.never, lang)}</dd>
        <dt>{t.lastError}</dt>
        <dd>{syncErrorText(t, lang, status?.lastError ?? null)}</dd>
        <StorageInfo />
      </dl>
      <button
        type="button"
        class="btn btn-primary"
        disabled={syncing}
        onClick={() => {
          askedRef.current = 'waiting';
          setAsked('waiting');
          sync.trigger('manual');
        }}
      >
        {syncing ? t.syncing : t.syncNow}
      </button>
      {asked && (
        <p class={asked === 'done' && status?.lastError ? 'error' : 'notice'} role="status" data-testid="sync-result">
          {asked !== 'done'
            ? t.syncing
            : status?.lastError
              ? t.syncFailed(syncErrorText(t, lang, status.lastError))
              : t.syncDone(when(status?.lastSuccessAt ?? null, t.never, lang))}
        </p>
      )}
      <TransferExport db={db} settings={settings} />
      {refused.length > 0 && (
        <div class="quarantine">
          <h3>
            {t.quarantined} ({refused.length})
          </h3>
          <ul>
            {refused.map((q) => (
              <li key={q.changeId}>
                <span>{formatDateTime(String(q.record.createdAt ?? q.rejectedAt), lang)}</span>
                <span class="reason">{(q.code && t.refusedReasons[q.code]) || t.refusedOther}</span>
                <button
                  type="button"
                  class="btn btn-small"
                  onClick={() => void retryQuarantined(db, q.changeId).then(() => sync.trigger('manual'))}
                >
                  {t.retry}
                </button>
                {confirming === q.changeId ? (
                  <button
                    type="button"
                    class="btn btn-small btn-danger"
                    onClick={() => void discardQuarantined(db, q.changeId)}
                  >
                    {t.discardConfirm}
                  </button>
                ) : (
                  <button type="button" class="btn btn-small" onClick={() => setConfirming(q.changeId)}>
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
