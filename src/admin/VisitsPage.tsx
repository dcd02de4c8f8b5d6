import { useState } from 'preact/hooks';
import { SERVICE_IDS } from '../protocol/services';
import { adminApi } from './admin-api';
import { stationZoneDiffers } from './admin-time';
import { Time } from './Time';
import { adminT as t, countText, deviceLabel, listText, serviceNames } from './console-lang';
import { Notice } from './Notice';
import { useLoad } from './use-load';

interface Filters {
  from: string;
  to: string;
  station: string;
  service: string;
}

const NO_FILTERS: Filters = { from: '', to: '', station: '', service: '' };

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

/** A download of every visit the filters match, streamed by the server (no cap), in the order chosen. */
function downloadHref(f: Filters, format: 'excel' | 'csv' | 'ndjson', order: 'newest' | 'oldest'): string {
  const p = params(f);
  p.set('all', '1');
  p.set('format', format);
  p.set('order', order);
  return `/api/v1/export/visits?${p}`;
}

/** Synced visits across stations: filters, totals per service, and downloads of every matching visit. */
export function VisitsPage() {
  const stations = useLoad(() => adminApi.stations(), 'stations');
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  // What the table, the totals and the downloads show: the filters last searched with.
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [order, setOrder] = useState<'newest' | 'oldest'>('newest');
  const visits = useLoad(() => adminApi.visits(params(applied)), params(applied).toString());
  const set = (patch: Partial<Filters>) => setForm((f) => ({ ...f, ...patch }));
  const changed = JSON.stringify(form) !== JSON.stringify(applied);
  const rows = visits.data?.visits ?? [];
  const total = visits.data?.total ?? 0;
  const byService = visits.data?.byService ?? {};
  const zone = stationZoneDiffers();
  const used = SERVICE_IDS.filter((s) => (byService[s] ?? 0) > 0);
  return (
    <section>
      <form
        class="inline filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
          if (!changed) visits.reload();
        }}
      >
        <label>
          {t.from}
          <input type="date" value={form.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        </label>
        <label>
          {t.to}
          <input type="date" value={form.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </label>
        <label>
          {t.station}
          <select value={form.station} onChange={(e) => set({ station: e.currentTarget.value })}>
            <option value="">{t.allStations}</option>
            {(stations.data?.stations ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.archivedAt ? `${s.name} (${t.archived})` : s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.services}
          <select value={form.service} onChange={(e) => set({ service: e.currentTarget.value })}>
            <option value="">{t.allServices}</option>
            {SERVICE_IDS.map((s) => (
              <option key={s} value={s}>
                {serviceNames[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={visits.loading}>
          {t.filter}
        </button>
      </form>
      {changed && <p class="hint">{t.filtersChanged}</p>}
      <Notice text={visits.error} tone="error" />

      <section class="visit-totals" aria-label={t.totals}>
        <dl>
          <div class="total-all">
            <dt>{t.allVisits}</dt>
            <dd>{countText(total)}</dd>
          </div>
          {used.map((s) => (
            <div key={s}>
              <dt>{serviceNames[s]}</dt>
              <dd>{countText(byService[s] ?? 0)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section class="downloads" aria-label={t.downloadExcel}>
        <label>
          {t.order}
          <select value={order} onChange={(e) => setOrder(e.currentTarget.value === 'oldest' ? 'oldest' : 'newest')}>
            <option value="newest">{t.newestFirst}</option>
            <option value="oldest">{t.oldestFirst}</option>
          </select>
        </label>
        <a class="button primary" href={downloadHref(applied, 'excel', order)} download title={t.downloadExcelHint}>
          {t.downloadExcel} ({countText(total)})
        </a>
        <a class="button" href={downloadHref(applied, 'csv', order)} download>
          {t.downloadApiCsv}
        </a>
        <a class="button" href={downloadHref(applied, 'ndjson', order)} download>
          {t.downloadNdjson}
        </a>
        <small>{t.downloadHint(countText(total))}</small>
      </section>

      <p>
        {t.showing(rows.length, total)}
        {zone && <span class="hint"> · {t.timeZoneNote(zone)}</span>}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t.time}</th>
            <th>{t.station}</th>
            <th>{t.device}</th>
            <th>{t.services}</th>
            <th>{t.phone}</th>
            <th>{t.received}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && !visits.loading && (
            <tr>
              <td colSpan={6}>{t.none}</td>
            </tr>
          )}
          {rows.map((v) => (
            <tr key={v.id}>
              <td>
                <Time iso={v.createdAt} />
              </td>
              <td>{v.stationName}</td>
              <td>{deviceLabel({ id: v.deviceId, name: v.deviceName })}</td>
              <td class="wrap">{listText(v.services.map((s) => serviceNames[s]))}</td>
              <td>{v.phone || t.anonymous}</td>
              <td>
                <Time iso={v.receivedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
