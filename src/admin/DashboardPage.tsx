import { useEffect, useRef, useState } from 'preact/hooks';
import type { OverviewQuery, OverviewResponse } from '../protocol/overview';
import { countText, serviceNames, adminT } from './console-lang';
import { DashboardCharts } from './DashboardCharts';
import { Notice } from './Notice';
import { dashboardT, loadOverview, overviewErrorText } from './overview-api';
import { useStations } from './use-directory';

const QUICK = [7, 30, 90, 365] as const;

/** Today as a calendar day in a zone (the district's, once the server said which). */
function today(zone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', zone ? { timeZone: zone } : {}).format(new Date());
}

function minusDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/** The overview for `query`; an answer to an older query is dropped, so quick filtering never shows stale figures. */
function useOverview(query: OverviewQuery) {
  const [data, setData] = useState<OverviewResponse | undefined>(undefined);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const key = JSON.stringify(query);
  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    performance.mark('overview-asked');
    loadOverview(query).then(
      (d) => {
        if (ticket !== latest.current) return;
        setData(d);
        setError('');
        setLoading(false);
      },
      (err: unknown) => {
        if (ticket !== latest.current) return;
        setError(overviewErrorText(err));
        setLoading(false);
      },
    );
    // The query is the key: a new one asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { data, error, loading };
}

function Figure({ label, value, detail }: { label: string; value: number; detail?: string }) {
  return (
    <div class="dash-card">
      <dt>{label}</dt>
      <dd>
        <strong>{countText(value)}</strong>
        {detail && <small>{detail}</small>}
      </dd>
    </div>
  );
}

/** 概览: the district's headline figures and its visits by day, station, service and hour, for chosen days and a station. */
export function DashboardPage() {
  const d = dashboardT();
  const stations = useStations();
  const [applied, setApplied] = useState<OverviewQuery>({});
  const [form, setForm] = useState<OverviewQuery>({});
  const { data, error, loading } = useOverview(applied);
  // The range the server chose fills the date inputs the first time.
  useEffect(() => {
    if (data) setForm((f) => (f.from || f.to ? f : { ...f, from: data.from, to: data.to }));
  }, [data]);
  // Functional updates: two inputs changed before a re-render must both stick.
  const set = (patch: OverviewQuery) => setForm((f) => ({ ...f, ...patch }));
  const quick = (days: number) => {
    const to = today(data?.timeZone);
    const next = { ...form, from: minusDays(to, days - 1), to };
    setForm(next);
    setApplied(next);
  };
  const o = data;
  const hostTypes = o
    ? d.hostTypes(
        Object.entries(o.stations.byHostType)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k === 'unset' ? d.unsetHost : adminT.hostTypes[k as keyof typeof adminT.hostTypes]} ${n}`)
          .join(' · '),
      )
    : '';
  return (
    <section class="dashboard" aria-busy={loading}>
      <form
        class="inline filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...form, station: form.station || undefined });
        }}
      >
        <label>
          {d.from}
          <input
            type="date"
            value={form.from ?? ''}
            onInput={(e) => set({ from: e.currentTarget.value || undefined })}
          />
        </label>
        <label>
          {d.to}
          <input type="date" value={form.to ?? ''} onInput={(e) => set({ to: e.currentTarget.value || undefined })} />
        </label>
        <label>
          {d.station}
          <select value={form.station ?? ''} onChange={(e) => set({ station: e.currentTarget.value || undefined })}>
            <option value="">{d.allStations}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={loading}>
          {d.show}
        </button>
        <span class="dash-quick">
          {QUICK.map((n) => (
            <button type="button" key={n} onClick={() => quick(n)} disabled={loading}>
              {d.quick[n]}
            </button>
          ))}
        </span>
      </form>
      <Notice text={error} tone="error" />
      {!o && loading && <p class="hint">{d.loading}</p>}
      {o && (
        <>
          <p class="hint">
            {d.rangeNote(o.from, o.to, o.timeZone)} · {d.stateNote}
          </p>
          <dl class="dash-cards" aria-label={d.heading}>
            <Figure label={d.visits} value={o.visits.total} detail={`${o.from} – ${o.to}`} />
            <Figure
              label={d.stations}
              value={o.stations.total}
              detail={[
                d.stationsDetail(o.stations.hub, o.stations.branch),
                hostTypes,
                o.stations.archived ? d.archived(o.stations.archived) : '',
              ]
                .filter(Boolean)
                .join('\n')}
            />
            <Figure
              label={d.devices}
              value={o.devices.total}
              detail={`${d.online} ${o.devices.online} · ${d.silent} ${o.devices.silent} · ${d.flagged} ${o.devices.flagged}`}
            />
            <Figure label={d.workers} value={o.people.workers} />
            <Figure
              label={d.partyMembers}
              value={o.people.partyMembers}
              detail={`${d.mobileParty} ${o.people.mobilePartyMembers}`}
            />
            <Figure label={d.trainings} value={o.trainings.held} detail={`${d.attendance} ${o.trainings.attendance}`} />
            <Figure label={d.wishes} value={o.wishes.posted} detail={`${d.fulfilled} ${o.wishes.fulfilled}`} />
            <Figure
              label={d.suggestions}
              value={o.suggestions.collected}
              detail={`${d.resolved} ${o.suggestions.resolved}`}
            />
          </dl>
          {o.visits.total === 0 ? (
            <p class="notice">{d.noVisits}</p>
          ) : (
            <DashboardCharts overview={o} serviceName={(s) => serviceNames[s]} />
          )}
          <p class="hint">{d.checkNote}</p>
        </>
      )}
    </section>
  );
}
