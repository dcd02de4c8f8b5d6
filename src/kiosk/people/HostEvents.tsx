import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import {
  attendanceOf,
  knownEvents,
  recordAttendance,
  signupsHeld,
  withdrawAttendance,
  type AttendanceOutcome,
  type FoundMember,
} from '../../db/people';
import { useLiveQuery } from '../../db/use-live-query';
import { useLang, useT } from '../../i18n/i18n';
import { usePeopleT } from '../../i18n/people';
import type { AttendanceRecord, EventRecord } from '../../protocol/people';
import { eventWhen } from './format';
import { MemberFinder } from './MemberFinder';

export interface HostEventsProps {
  db: KioskDb;
  stationId: string;
}

interface EventSummary {
  event: EventRecord;
  confirmed: number;
  waitlisted: number;
  members: number;
  walkIns: number;
}

function tally(records: AttendanceRecord[]) {
  let members = 0;
  let walkIns = 0;
  for (const a of records) {
    if (a.memberId) members++;
    else walkIns += a.count ?? 1;
  }
  return { members, walkIns };
}

/** Host mode: this station's events with sign-ups and attendance, and the station's registration counts. */
export function HostEvents({ db, stationId }: HostEventsProps) {
  const p = usePeopleT();
  const lang = useLang();
  const [open, setOpen] = useState<EventRecord | null>(null);
  const [summaries, setSummaries] = useState<EventSummary[]>([]);
  const registrations = useLiveQuery(() => db.registrations.toArray(), [db], []);
  const attendanceTotal = useLiveQuery(
    async () => (await db.attendance.toArray()).filter((a) => !a.withdraws).length,
    [db],
    0,
  );
  const load = useCallback(async () => {
    const events = (await knownEvents(db)).filter((e) => e.stationId === stationId && !e.cancelled);
    const signups = await signupsHeld(db);
    setSummaries(
      await Promise.all(
        events.map(async (event) => {
          const mine = signups.filter((s) => s.record.eventId === event.id);
          return {
            event,
            confirmed: mine.filter((s) => s.record.status === 'confirmed').length,
            waitlisted: mine.filter((s) => s.record.status === 'waitlisted').length,
            ...tally(await attendanceOf(db, event.id)),
          };
        }),
      ),
    );
  }, [db, stationId]);
  useEffect(() => void load(), [load, open]);

  if (open) return <Attendance db={db} stationId={stationId} event={open} onClose={() => setOpen(null)} />;
  const now = new Date().toISOString();
  const party = registrations.filter((r) => r.partyMember).length;
  const mobile = registrations.filter((r) => r.mobileParty).length;
  return (
    <section class="host-events">
      <div class="host-counts">
        <h3>{p.stationCounts}</h3>
        <p>
          {p.registeredHere(registrations.length)} · {p.partyHere(party, mobile)} · {p.attendanceHere(attendanceTotal)}
        </p>
      </div>
      {summaries.length === 0 && <p class="hint">{p.hostNoEvents}</p>}
      <ul class="event-list">
        {summaries.map((s) => {
          const ended = s.event.endsAt <= now;
          return (
            <li key={s.event.id} class="host-event">
              <div class="host-event-text">
                <span class={`event-kind event-kind-${s.event.kind}`}>{p.eventKinds[s.event.kind]}</span>
                <strong class="event-title">{s.event.title}</strong>
                <span class="event-when">
                  {eventWhen(s.event.startsAt, s.event.endsAt, lang)}
                  {ended ? ` · ${p.ended}` : ''}
                </span>
                <span>
                  {p.capacity(s.event.capacity)} · {p.signedUp(s.confirmed, s.waitlisted)}
                </span>
                <span>{p.attended(s.members, s.walkIns)}</span>
              </div>
              {!ended && (
                <button type="button" class="btn btn-primary" onClick={() => setOpen(s.event)}>
                  {p.openAttendance}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Recording who came: scan a card, type a phone, or count a walk-in; undo a mistake until the event ends. */
function Attendance({
  db,
  stationId,
  event,
  onClose,
}: {
  db: KioskDb;
  stationId: string;
  event: EventRecord;
  onClose: () => void;
}) {
  const t = useT();
  const p = usePeopleT();
  const lang = useLang();
  const [finding, setFinding] = useState(false);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const present = useLiveQuery(() => attendanceOf(db, event.id), [db, event.id], []);
  const names = useLiveQuery(
    async () => new Map((await db.directory.toArray()).map((d) => [d.id, `${d.displayName} · ${d.memberNo}`])),
    [db],
    new Map<string, string>(),
  );
  const say = (outcome: AttendanceOutcome, ok: string) => {
    if ('error' in outcome) {
      setMessage({
        text:
          outcome.error === 'event_ended'
            ? p.attendanceClosed
            : outcome.error === 'event_other_station'
              ? p.attendanceOther
              : p.eventGone,
        ok: false,
      });
    } else setMessage({ text: outcome.already ? p.alreadyPresent : ok, ok: !outcome.already });
  };
  async function mark(member: FoundMember) {
    setFinding(false);
    say(
      await recordAttendance(db, { eventId: event.id, stationId, memberId: member.id }),
      `${member.displayName} ${p.present}`,
    );
  }
  const { members, walkIns } = tally(present);
  return (
    <section class="attendance">
      <h3>{p.attendanceFor(event.title)}</h3>
      <p class="hint">{eventWhen(event.startsAt, event.endsAt, lang)}</p>
      <p>{p.attended(members, walkIns)}</p>
      {message && (
        <p class={message.ok ? 'notice-ok' : 'error'} role="status">
          {message.text}
        </p>
      )}
      {finding ? (
        <>
          <MemberFinder db={db} onFound={(m) => void mark(m)} />
          <button type="button" class="btn btn-secondary" onClick={() => setFinding(false)}>
            {t.back}
          </button>
        </>
      ) : (
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={onClose}>
            {t.back}
          </button>
          <button type="button" class="btn btn-secondary" onClick={() => setFinding(true)}>
            {p.scanCard} / {p.typePhone}
          </button>
          <button
            type="button"
            class="btn btn-primary"
            onClick={async () =>
              say(
                await recordAttendance(db, { eventId: event.id, stationId, memberId: null, count: 1 }),
                p.walkInRecorded,
              )
            }
          >
            {p.walkIn}
          </button>
        </div>
      )}
      <ul class="attendance-list">
        {present.map((a) => (
          <li key={a.id}>
            <span>{a.memberId ? (names.get(a.memberId) ?? a.memberId.slice(0, 8)) : p.walkInN(a.count ?? 1)}</span>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              onClick={async () =>
                say(await withdrawAttendance(db, { eventId: event.id, stationId, attendanceId: a.id }), p.undone)
              }
            >
              {p.undo}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
