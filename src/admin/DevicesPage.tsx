import { useEffect, useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { adminApi, type DeviceRow } from './admin-api';

function offsetLabel(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return Math.abs(s) < 60 ? `${s} 秒` : `${Math.round(s / 60)} 分钟`;
}

/** Enrolled kiosks: station, last contact, clock offset; revoke a lost one. */
export function DevicesPage() {
  const [devices, setDevices] = useState<DeviceRow[]>([]);
  const load = () => void adminApi.devices().then((r) => setDevices(r.devices));
  useEffect(load, []);
  return (
    <table>
      <thead>
        <tr>
          <th>{t.device}</th>
          <th>{t.station}</th>
          <th>{t.enrolledAt}</th>
          <th>{t.lastSeen}</th>
          <th>{t.clockOffset}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {devices.length === 0 && (
          <tr>
            <td colSpan={6}>{t.none}</td>
          </tr>
        )}
        {devices.map((d) => (
          <tr key={d.id}>
            <td title={d.name}>{d.id}</td>
            <td>{d.stationName}</td>
            <td>{new Date(d.createdAt).toLocaleString()}</td>
            <td>{d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString() : t.never}</td>
            <td class={d.clockOffsetMs !== null && Math.abs(d.clockOffsetMs) > 300_000 ? 'warn' : ''}>
              {offsetLabel(d.clockOffsetMs)}
            </td>
            <td>
              {d.revokedAt ? (
                t.revoked
              ) : (
                <button
                  type="button"
                  onClick={() => confirm(t.revokeConfirm) && void adminApi.revokeDevice(d.id).then(load)}
                >
                  {t.revoke}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
