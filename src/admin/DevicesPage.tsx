import { useState } from 'preact/hooks';
import { adminApi, type DeviceRow } from './admin-api';
import { formatTime } from './admin-time';
import { adminT as t, deviceLabel } from './console-lang';
import { ImportTransfer } from './ImportTransfer';
import { Time } from './Time';
import { Notice } from './Notice';
import { useAction } from './use-action';
import { useLoad } from './use-load';

function offsetLabel(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (Math.abs(s) < 60) return t.seconds(s);
  if (Math.abs(s) < 7200) return t.minutes(Math.round(s / 60));
  return t.hours_((s / 3600).toFixed(1));
}

function storageLabel(d: DeviceRow): string {
  if (d.storagePersisted === null) return '—';
  const used = d.storageUsed === null ? '' : ` · ${(d.storageUsed / 1e6).toFixed(1)} MB`;
  return `${d.storagePersisted ? t.persistent : t.notPersistent}${used}`;
}

/** Enrolled kiosks by name with their last heartbeat; flags the ones that need a look; rename, re-enroll, revoke. */
export function DevicesPage() {
  const list = useLoad(() => adminApi.devices(), 'devices');
  const action = useAction();
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const devices = list.data?.devices ?? [];
  return (
    <section>
      <Notice text={list.error} tone="error" />
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />
      <table>
        <thead>
          <tr>
            <th>{t.device}</th>
            <th>{t.station}</th>
            <th>{t.lastSeen}</th>
            <th>{t.confirmed}</th>
            <th>{t.queue}</th>
            <th>{t.clockOffset}</th>
            <th>{t.storage}</th>
            <th>{t.version}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {devices.length === 0 && !list.loading && (
            <tr>
              <td colSpan={9}>{t.none}</td>
            </tr>
          )}
          {devices.map((d) => (
            <tr key={d.id} class={d.flags.length ? 'flagged' : ''}>
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
                  <>
                    <span class="device-name" title={d.id}>
                      {deviceLabel(d)}
                    </span>
                    {d.flags.map((f) => (
                      <span key={f} class="flag">
                        {t.flags[f]}
                      </span>
                    ))}
                  </>
                )}
              </td>
              <td>{d.stationName}</td>
              <td>{d.lastSeenAt ? <Time iso={d.lastSeenAt} /> : t.never}</td>
              <td>{d.confirmed}</td>
              <td>{t.queueDetail(d.queueDepth, d.quarantined, d.discarded)}</td>
              <td class={d.flags.includes('clock-off') ? 'warn' : ''}>{offsetLabel(d.clockOffsetMs)}</td>
              <td class={d.flags.includes('storage-not-persistent') ? 'warn' : ''}>{storageLabel(d)}</td>
              <td>{d.appVersion ?? '—'}</td>
              <td class="row-actions">
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() => setRenaming({ id: d.id, name: deviceLabel(d) })}
                >
                  {t.rename}
                </button>
                {d.revokedAt ? (
                  t.revoked
                ) : (
                  <>
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(
                          () => adminApi.reenrollCode(d.id),
                          (c) => t.reenrollFor(deviceLabel(d), c.code, formatTime(c.expiresAt)),
                        )
                      }
                    >
                      {t.reenroll}
                    </button>
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() =>
                        confirm(t.revokeConfirm) && void action.run(() => adminApi.revokeDevice(d.id), list.reload)
                      }
                    >
                      {t.revoke}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ImportTransfer onImported={list.reload} />
    </section>
  );
}
