import { useEffect, useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { Notice } from './Notice';
import { adminApi, type DeviceRow } from './admin-api';
import { ImportTransfer } from './ImportTransfer';

function offsetLabel(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (Math.abs(s) < 60) return `${s} 秒`;
  if (Math.abs(s) < 7200) return `${Math.round(s / 60)} 分钟`;
  return `${(s / 3600).toFixed(1)} 小时`;
}

function storageLabel(d: DeviceRow): string {
  if (d.storagePersisted === null) return '—';
  const used = d.storageUsed === null ? '' : ` · ${(d.storageUsed / 1e6).toFixed(1)} MB`;
  return `${d.storagePersisted ? '持久' : '非持久'}${used}`;
}

/** Enrolled kiosks with their last heartbeat; flags the ones that need a look. */
export function DevicesPage() {
  const [devices, setDevices] = useState<DeviceRow[]>([]);
  const [message, setMessage] = useState('');
  const load = () => void adminApi.devices().then((r) => setDevices(r.devices));
  useEffect(load, []);
  async function reenroll(d: DeviceRow) {
    const c = await adminApi.reenrollCode(d.id);
    setMessage(t.reenrollFor(d.id, c.code, new Date(c.expiresAt).toLocaleString('zh-CN')));
  }
  return (
    <section>
      <Notice text={message} />
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
          {devices.length === 0 && (
            <tr>
              <td colSpan={9}>{t.none}</td>
            </tr>
          )}
          {devices.map((d) => (
            <tr key={d.id} class={d.flags.length ? 'flagged' : ''}>
              <td title={d.name}>
                {d.id}
                {d.flags.map((f) => (
                  <span key={f} class="flag">
                    {t.flags[f]}
                  </span>
                ))}
              </td>
              <td>{d.stationName}</td>
              <td>{d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString('zh-CN') : t.never}</td>
              <td>{d.confirmed}</td>
              <td>{t.queueDetail(d.queueDepth, d.quarantined, d.discarded)}</td>
              <td class={d.flags.includes('clock-off') ? 'warn' : ''}>{offsetLabel(d.clockOffsetMs)}</td>
              <td class={d.flags.includes('storage-not-persistent') ? 'warn' : ''}>{storageLabel(d)}</td>
              <td>{d.appVersion ?? '—'}</td>
              <td class="row-actions">
                {d.revokedAt ? (
                  t.revoked
                ) : (
                  <>
                    <button type="button" onClick={() => void reenroll(d)}>
                      {t.reenroll}
                    </button>
                    <button
                      type="button"
                      onClick={() => confirm(t.revokeConfirm) && void adminApi.revokeDevice(d.id).then(load)}
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
      <ImportTransfer onImported={load} />
    </section>
  );
}
