import { useState } from 'preact/hooks';
import { adminApi, type DeviceRow } from './admin-api';
import { formatTime } from './admin-time';
import { can } from './console-access';
import { accessT as a, adminT as t, deviceLabel } from './console-lang';
import { ConfirmBar } from './ConfirmBar';
import { ImportTransfer } from './ImportTransfer';
import { Time } from './Time';
import { Notice } from './Notice';
import { useAction } from './use-action';
import { useLoad } from './use-load';

/** A span of time in the console's words: `45 秒`, `12 分钟`, `3 小时`, `2 天`. */
export function spanText(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return a.secondsShort(s);
  if (s < 3600) return a.minutesShort(Math.round(s / 60));
  if (s < 48 * 3600) return a.hoursShort(Math.round(s / 3600));
  return a.daysShort(Math.round(s / 86400));
}

/** How far the kiosk's clock is off: the server measured `server − kiosk`, so a positive offset is a slow kiosk. */
function clockText(ms: number | null): string {
  if (ms === null) return '—';
  if (Math.abs(ms) < 1000) return '0';
  return ms > 0 ? a.behind(spanText(ms)) : a.ahead(spanText(ms));
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e8 ? 1 : 0);

/** Used of quota, and whether the browser keeps it (a line of its own, so the column stays narrow). */
function Storage({ d }: { d: DeviceRow }) {
  if (d.storageUsed === null && d.storagePersisted === null) return <>—</>;
  return (
    <>
      {a.storageUsed(mb(d.storageUsed ?? 0), d.storageQuota ? mb(d.storageQuota) : null)}
      <small>{a.persistence(d.storagePersisted)}</small>
    </>
  );
}

type Pending = { kind: 'revoke' | 'reenroll' | 'pinReset'; device: DeviceRow };

/**
 * The fleet: each kiosk's last report (version, queue and its oldest entry, refused records,
 * storage, clock, last sync), every flag said in words, and rename, re-enrollment code and
 * revoke behind a confirmation. Viewers see the figures only.
 */
export function DevicesPage() {
  const list = useLoad(() => adminApi.devices(), 'devices');
  const action = useAction();
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const all = list.data?.devices ?? [];
  const revokedCount = all.filter((d) => d.revokedAt).length;
  const devices = all.filter((d) => showRevoked || !d.revokedAt);
  const now = Date.now();
  const writable = can('write');

  function confirmPending() {
    if (!pending) return;
    const { kind, device } = pending;
    const name = deviceLabel(device);
    const done = () => {
      setPending(null);
      list.reload();
    };
    if (kind === 'revoke')
      void action.run(
        () => adminApi.revokeDevice(device.id),
        () => (done(), a.revokedDone(name)),
      );
    else if (kind === 'pinReset')
      void action.run(
        () => adminApi.pinResetCode(device.id),
        (c) => (done(), a.pinResetFor(name, c.code)),
      );
    else
      void action.run(
        () => adminApi.reenrollCode(device.id),
        (c) => (done(), t.reenrollFor(name, c.code, formatTime(c.expiresAt))),
      );
  }

  return (
    <section class="fleet">
      <p class="hint">{a.fleetHint}</p>
      <Notice text={list.error} tone="error" />
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />
      {pending && (
        <ConfirmBar
          text={
            pending.kind === 'revoke'
              ? a.revokeConfirm(deviceLabel(pending.device))
              : pending.kind === 'pinReset'
                ? a.pinResetConfirm(deviceLabel(pending.device))
                : a.reenrollConfirm(deviceLabel(pending.device))
          }
          action={
            pending.kind === 'revoke'
              ? a.confirmRevoke
              : pending.kind === 'pinReset'
                ? a.confirmPinReset
                : a.confirmReenroll
          }
          busy={action.busy}
          onConfirm={confirmPending}
          onCancel={() => setPending(null)}
        />
      )}
      <table class="fleet-table">
        <thead>
          <tr>
            <th>{a.kiosk}</th>
            <th>{a.lastSync}</th>
            <th>{a.appVersion}</th>
            <th>{a.queue}</th>
            <th>{a.quarantine}</th>
            <th>{a.storage}</th>
            <th>{a.clock}</th>
            {writable && <th>{a.actionsCol}</th>}
          </tr>
        </thead>
        {devices.length === 0 && !list.loading && (
          <tbody>
            <tr>
              <td colSpan={8}>{t.none}</td>
            </tr>
          </tbody>
        )}
        {devices.map((d) => {
          const lastSync = d.heartbeatAt ?? d.lastSeenAt;
          return (
            <tbody key={d.id} class={d.revokedAt ? 'revoked' : d.flags.length ? 'flagged' : ''}>
              <tr>
                <td>
                  {renaming?.id === d.id ? (
                    <form
                      class="rename"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void action.run(
                          () => adminApi.renameDevice(d.id, renaming.name.trim()),
                          (r) => {
                            setRenaming(null);
                            list.reload();
                            return t.deviceRenamed(r.name);
                          },
                        );
                      }}
                    >
                      <input
                        aria-label={t.deviceName}
                        required
                        maxLength={80}
                        value={renaming.name}
                        onInput={(e) => setRenaming({ id: d.id, name: e.currentTarget.value })}
                      />
                      <button type="submit" class="primary" disabled={action.busy}>
                        {action.busy ? t.saving : t.save}
                      </button>
                      <button type="button" disabled={action.busy} onClick={() => setRenaming(null)}>
                        {t.cancel}
                      </button>
                    </form>
                  ) : (
                    <strong class="device-name" title={d.id}>
                      {deviceLabel(d)}
                    </strong>
                  )}
                  <small class="station-of">{d.stationName}</small>
                  {d.revokedAt ? (
                    <span class="flag">{t.revoked}</span>
                  ) : (
                    d.flags.length === 0 && <span class="ok-chip">{a.allWell}</span>
                  )}
                </td>
                <td>
                  {lastSync ? (
                    <>
                      {a.ago(spanText(now - Date.parse(lastSync)))}
                      <small class="station-time">
                        <Time iso={lastSync} />
                      </small>
                    </>
                  ) : (
                    t.never
                  )}
                </td>
                <td>{d.appVersion ?? a.noHeartbeat}</td>
                <td>
                  {d.queueDepth ?? '—'}
                  {d.oldestPendingAt && (
                    <small class="station-time">
                      {a.oldestPending} {a.ago(spanText(now - Date.parse(d.oldestPendingAt)))}
                    </small>
                  )}
                </td>
                <td class={d.flags.includes('refused-records') ? 'warn' : ''}>
                  {a.quarantineDetail(d.quarantined ?? 0, d.discarded)}
                </td>
                <td
                  class={d.flags.includes('storage-not-persistent') || d.flags.includes('storage-lost') ? 'warn' : ''}
                >
                  <Storage d={d} />
                </td>
                <td class={d.flags.includes('clock-off') ? 'warn' : ''}>{clockText(d.clockOffsetMs)}</td>
                {writable && (
                  <td class="row-actions">
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() => setRenaming({ id: d.id, name: deviceLabel(d) })}
                    >
                      {t.rename}
                    </button>
                    {!d.revokedAt && (
                      <>
                        <button
                          type="button"
                          disabled={action.busy}
                          onClick={() => (action.clear(), setPending({ kind: 'reenroll', device: d }))}
                        >
                          {t.reenroll}
                        </button>
                        <button
                          type="button"
                          disabled={action.busy}
                          onClick={() => (action.clear(), setPending({ kind: 'pinReset', device: d }))}
                        >
                          {a.pinReset}
                        </button>
                        <button
                          type="button"
                          class="revoke"
                          disabled={action.busy}
                          onClick={() => (action.clear(), setPending({ kind: 'revoke', device: d }))}
                        >
                          {t.revoke}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
              {!d.revokedAt && d.flags.length > 0 && (
                <tr class="flag-help">
                  <td colSpan={writable ? 8 : 7}>
                    <ul>
                      {d.flags.map((f) => (
                        <li key={f}>
                          <span class="flag">{t.flags[f]}</span> {a.flagHelp[f]}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
      {revokedCount > 0 && (
        <label class="check">
          <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.currentTarget.checked)} />
          {a.showRevoked(revokedCount)}
        </label>
      )}
      {writable && <ImportTransfer onImported={list.reload} />}
    </section>
  );
}
