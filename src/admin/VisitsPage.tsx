import { useEffect, useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { zhCN } from '../i18n/zh-CN';
import type { StationRecord } from '../protocol/schemas';
import { SERVICE_IDS } from '../protocol/services';
import { adminApi, type VisitRow } from './admin-api';
import { formatTime } from './admin-time';

interface Filters {
  from: string;
  to: string;
  station: string;
  service: string;
}

/** A local `YYYY-MM-DD` as the instant it starts, for the API's ISO filters. */
function startOf(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function params(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.from) p.set('from', startOf(f.from));
  if (f.to) p.set('to', startOf(f.to, 1));
  if (f.station) p.set('station', f.station);
  if (f.service) p.set('service', f.service);
  return p;
}

/** Synced visits across stations, with filters and the same filters applied to CSV / NDJSON downloads. */
export function VisitsPage() {
  const [stations, setStations] = useState<StationRecord[]>([]);
  const [filters, setFilters] = useState<Filters>({ from: '', to: '', station: '', service: '' });
  const [visits, setVisits] = useState<VisitRow[]>([]);
  const load = () => void adminApi.visits(params(filters)).then((r) => setVisits(r.visits));
  useEffect(() => {
    void adminApi.stations().then((r) => setStations(r.stations));
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loads once on mount; the filter form reloads on submit
  }, []);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const download = (format: 'csv' | 'ndjson') => {
    const p = params(filters);
    p.set('format', format);
    p.set('limit', '5000');
    return `/api/v1/export/visits?${p}`;
  };
  return (
    <section>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label>
          {t.from}
          <input type="date" value={filters.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        </label>
        <label>
          {t.to}
          <input type="date" value={filters.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </label>
        <label>
          {t.station}
          <select value={filters.station} onChange={(e) => set({ station: e.currentTarget.value })}>
            <option value="">{t.allStations}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.services}
          <select value={filters.service} onChange={(e) => set({ service: e.currentTarget.value })}>
            <option value="">{t.allServices}</option>
            {SERVICE_IDS.map((s) => (
              <option key={s} value={s}>
                {zhCN.services[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.filter}</button>
        <a class="button" href={download('csv')}>
          {t.downloadCsv}
        </a>
        <a class="button" href={download('ndjson')}>
          {t.downloadNdjson}
        </a>
      </form>
      <p>{t.showing(visits.length)}</p>
      <table>
        <thead>
          <tr>
            <th>{t.time}</th>
            <th>{t.station}</th>
            <th>{t.services}</th>
            <th>{t.phone}</th>
            <th>{t.received}</th>
          </tr>
        </thead>
        <tbody>
          {visits.length === 0 && (
            <tr>
              <td colSpan={5}>{t.none}</td>
            </tr>
          )}
          {visits.map((v) => (
            <tr key={v.id}>
              <td>{formatTime(v.createdAt)}</td>
              <td>{v.stationName}</td>
              <td>{v.services.map((s) => zhCN.services[s]).join('、')}</td>
              <td>{v.phone || t.anonymous}</td>
              <td>{formatTime(v.receivedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
