import { useState } from 'preact/hooks';
import { can } from './console-access';
import { peopleT as t } from './console-lang';
import type { EventListQuery, EventSummary } from '../protocol/console-people';
import { EVENT_KINDS } from '../protocol/people';
import { formatSpan } from './admin-time';
import { ConfirmBar } from './ConfirmBar';
import { EventDetail } from './EventDetail';
import { EventForm } from './EventForm';
import { ExportDownloads } from './ExportDownloads';
import { Notice } from './Notice';
import { peopleApi } from './people-api';
import { useAction } from './use-action';
import { useStations } from './use-directory';
import { useLoad } from './use-load';

const WHEN = ['upcoming', 'past', 'all'] as const;

/** Trainings, party meetings and volunteer activities: schedule, edit, cancel, and each one's sign-ups and attendance. */
export function EventsPage() {
  const stations = useStations();
  const [query, setQuery] = useState<EventListQuery>({ when: 'upcoming' });
  const list = useLoad(() => peopleApi.events(query), JSON.stringify(query));
  const action = useAction();
  // null: no form; 'new': scheduling; an event: editing it.
  const [form, setForm] = useState<EventSummary | 'new' | null>(null);
  const [cancelling, setCancelling] = useState<EventSummary | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const set = (patch: EventListQuery) => setQuery((q) => ({ ...q, ...patch }));
  if (openId) return <EventDetail id={openId} onBack={() => (setOpenId(null), list.reload())} />;
  const events = list.data?.events ?? [];
  const editing = form === 'new' ? null : form;
  return (
    <section>
      <form class="inline filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t.when}
          <select value={query.when} onChange={(e) => set({ when: WHEN.find((w) => w === e.currentTarget.value) })}>
            {WHEN.map((w) => (
              <option key={w} value={w}>
                {t[w]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.kind}
          <select
            value={query.kind ?? ''}
            onChange={(e) => set({ kind: EVENT_KINDS.find((k) => k === e.currentTarget.value) })}
          >
            <option value="">{t.allKinds}</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.eventKinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.station}
          <select value={query.station ?? ''} onChange={(e) => set({ station: e.currentTarget.value || undefined })}>
            <option value="">{t.allStations}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {!form && can('write') && (
          <button type="button" class="primary push-right" onClick={() => (action.clear(), setForm('new'))}>
            {t.schedule}
          </button>
        )}
      </form>
      <Notice text={list.error} tone="error" />
      {/* While the form is open its outcome shows beside its buttons, where the admin is looking. */}
      {!form && <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />}
      {form && (
        <EventForm
          key={editing?.id ?? 'new'}
          editing={editing}
          stations={stations}
          busy={action.busy}
          outcome={action.outcome}
          onInvalid={action.fail}
          onClose={() => setForm(null)}
          onSubmit={(req) =>
            void action.run(
              () =>
                req.op === 'create'
                  ? peopleApi.createEvent(req.body)
                  : peopleApi.editEvent(editing?.id ?? '', req.body),
              (r) => {
                setForm(null);
                list.reload();
                return editing ? t.eventSaved(r.event.title) : t.eventCreated(r.event.title);
              },
              list.reload,
            )
          }
        />
      )}
      {cancelling && (
        <ConfirmBar
          text={t.cancelConfirm(cancelling.title)}
          action={t.confirmCancelEvent}
          busy={action.busy}
          onCancel={() => setCancelling(null)}
          onConfirm={() =>
            void action.run(
              () => peopleApi.cancelEvent(cancelling.id, cancelling.version),
              (r) => {
                setCancelling(null);
                list.reload();
                return t.eventCancelled(r.event.title);
              },
              list.reload,
            )
          }
        />
      )}
      <table aria-busy={list.loading}>
        <thead>
          <tr>
            <th>{t.title}</th>
            <th>{t.kind}</th>
            <th>{t.station}</th>
            <th>{t.time}</th>
            <th class="num">{t.seatsHeader}</th>
            <th class="num">{t.waitlisted}</th>
            <th class="num">{t.attended}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && !list.loading && (
            <tr>
              <td colSpan={8}>{t.noEvents}</td>
            </tr>
          )}
          {events.map((e) => (
            <tr key={e.id} class={e.cancelled ? 'muted' : ''}>
              <td>
                {e.title}
                {e.cancelled && <span class="tag">{t.cancelledFlag}</span>}
              </td>
              <td>{t.eventKinds[e.kind]}</td>
              <td>{e.stationName}</td>
              <td>{formatSpan(e.startsAt, e.endsAt)}</td>
              <td class="num">{t.seats(e.confirmed, e.capacity)}</td>
              <td class="num">{e.waitlisted}</td>
              <td class="num">{e.attended}</td>
              <td class="row-actions">
                <button type="button" onClick={() => setOpenId(e.id)}>
                  {t.details}
                </button>
                {!e.cancelled && can('write') && (
                  <>
                    <button type="button" onClick={() => (action.clear(), setForm(e))}>
                      {t.edit}
                    </button>
                    {/* An event that has ended is history: it can be corrected, not cancelled. */}
                    {Date.parse(e.endsAt) > Date.now() && (
                      <button type="button" onClick={() => setCancelling(e)}>
                        {t.cancelEvent}
                      </button>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ExportDownloads names={['events', 'signups', 'attendance']} station={query.station} />
    </section>
  );
}
