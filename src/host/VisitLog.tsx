import { useMemo, useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { useLiveQuery } from '../db/use-live-query';
import { logPage, logTotals } from '../db/visit-log-queries';
import { localDay } from '../domain/day';
import { maskPhone } from '../domain/phone';
import type { LogFilter } from '../domain/visit-log';
import { formatNumber, joinList } from '../i18n/format';
import { useHostT } from '../i18n/backstage';
import { useLang } from '../i18n/i18n';
import { isServiceId, SERVICE_IDS, type ServiceId } from '../protocol/services';
import { PhoneTailFilter } from './PhoneTailFilter';

export interface VisitLogProps {
  db: KioskDb;
  catalogue: ServiceId[];
}

const MAX_ROWS = 200;

function timeLabel(iso: string, oneDay: boolean): string {
  const d = new Date(iso);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return oneDay ? hm : `${localDay(d).slice(5)} ${hm}`;
}

/** The host's visit log, read from the kiosk's own database (works offline): range, service, phone end, totals. */
export function VisitLog({ db, catalogue }: VisitLogProps) {
  const t = useHostT();
  const lang = useLang();
  const today = localDay(new Date());
  const [filter, setFilter] = useState<LogFilter>({ from: today, to: today, service: null, phoneEnd: '' });
  const services = useMemo(() => [...new Set([...catalogue, ...SERVICE_IDS])], [catalogue]);
  const shown = useLiveQuery(() => logPage(db, filter, MAX_ROWS), [db, filter], []);
  const counted = useLiveQuery(() => logTotals(db, filter, services), [db, filter, services], null);
  const totals = counted?.byService ?? new Map<ServiceId, number>();
  const set = (patch: Partial<LogFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const oneDay = filter.from === filter.to;
  // The date inputs hold min/max, but a typed date can still run backwards: say so instead of "no visits".
  const backwards = filter.from > filter.to;
  const stateLabel = { synced: t.stateSynced, pending: t.statePending, rejected: t.stateRejected };
  // Services outside the station's catalogue are shown only when someone used them.
  const listed = services.filter((s) => catalogue.includes(s) || (totals.get(s) ?? 0) > 0);
  return (
    <section class="panel" aria-label={t.log}>
      <div class="filters">
        <button type="button" class="btn btn-small" onClick={() => set({ from: today, to: today })}>
          {t.today}
        </button>
        <label>
          {t.from}
          <input
            type="date"
            value={filter.from}
            max={filter.to}
            onInput={(e) => e.currentTarget.value && set({ from: e.currentTarget.value })}
          />
        </label>
        <label>
          {t.to}
          <input
            type="date"
            value={filter.to}
            min={filter.from}
            onInput={(e) => e.currentTarget.value && set({ to: e.currentTarget.value })}
          />
        </label>
        <label>
          {t.servicesCol}
          <select
            value={filter.service ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set({ service: isServiceId(v) ? v : null });
            }}
          >
            <option value="">{t.allServices}</option>
            {listed.map((s) => (
              <option key={s} value={s}>
                {t.services[s]}
              </option>
            ))}
          </select>
        </label>
        <PhoneTailFilter value={filter.phoneEnd} onChange={(phoneEnd) => set({ phoneEnd })} />
      </div>
      {backwards && (
        <p class="error" role="alert">
          {t.rangeBackwards}
        </p>
      )}
      <dl class="totals" aria-label={t.total}>
        <div class="total">
          <dt>{t.total}</dt>
          <dd>{t.visitsN(counted?.visits ?? 0)}</dd>
        </div>
        {listed.map((s) => (
          <div class="total" key={s}>
            <dt>{t.services[s]}</dt>
            <dd>{formatNumber(totals.get(s) ?? 0, lang)}</dd>
          </div>
        ))}
      </dl>
      {backwards ? null : shown.length === 0 ? (
        <p class="hint">{t.noVisits}</p>
      ) : (
        <table class="log">
          <thead>
            <tr>
              <th>{t.time}</th>
              <th>{t.who}</th>
              <th>{t.servicesCol}</th>
              <th>{t.state}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((v) => (
              <tr key={v.id}>
                <td>{timeLabel(v.createdAt, oneDay)}</td>
                <td>{v.phone ? maskPhone(v.phone) : t.anonymousShort}</td>
                <td>
                  {joinList(
                    v.services.map((s) => t.services[s]),
                    lang,
                  )}
                </td>
                <td class={`state-${v.syncState}`}>{stateLabel[v.syncState]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(counted?.matching ?? 0) > shown.length && (
        <p class="hint">{t.showingLatest(shown.length, counted?.matching ?? 0)}</p>
      )}
    </section>
  );
}
