import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import { signUp, upcomingEvents, type FoundMember, type SignupOutcome } from '../../db/people';
import { useLang, useT } from '../../i18n/i18n';
import { usePeopleT } from '../../i18n/people';
import type { EventRecord } from '../../protocol/people';
import { eventWhen } from './format';
import { MemberFinder } from './MemberFinder';

export interface EventsFlowProps {
  db: KioskDb;
  onDone: () => void;
  onRegister: () => void;
  onActivity?: () => void;
}

/** 活动报名: the district's upcoming events, one chosen, the member identified, a seat requested. */
export function EventsFlow({ db, onDone, onRegister, onActivity }: EventsFlowProps) {
  const t = useT();
  const p = usePeopleT();
  const lang = useLang();
  const [events, setEvents] = useState<EventRecord[] | null>(null);
  const [chosen, setChosen] = useState<EventRecord | null>(null);
  const [who, setWho] = useState<FoundMember | null>(null);
  const [outcome, setOutcome] = useState<SignupOutcome | null>(null);
  useEffect(() => void upcomingEvents(db).then(setEvents), [db]);

  async function request(member: FoundMember) {
    onActivity?.();
    setWho(member);
    setOutcome(await signUp(db, chosen!.id, member.id));
  }

  if (chosen && outcome) {
    const message =
      'error' in outcome
        ? outcome.error === 'event_ended'
          ? p.eventEnded
          : p.eventGone
        : outcome.already
          ? p.alreadySignedUp(p.signupStatus[outcome.signup.record.status] ?? '')
          : p.signupSent;
    return (
      <main class="screen">
        <h1 class="screen-title">{chosen.title}</h1>
        {who && <p class="welcome">{p.welcome(who.displayName, who.memberNo)}</p>}
        <p class={'error' in outcome ? 'error' : 'notice-ok'} role="status">
          {message}
        </p>
        <div class="actions">
          <button type="button" class="btn btn-primary" onClick={onDone}>
            {p.done}
          </button>
        </div>
      </main>
    );
  }
  if (chosen) {
    return (
      <main class="screen screen-fit">
        <h1 class="screen-title">{chosen.title}</h1>
        <p class="hint">
          {p.eventKinds[chosen.kind]} · {eventWhen(chosen.startsAt, chosen.endsAt, lang)}
          {chosen.venue ? ` · ${chosen.venue}` : ''}
        </p>
        <p class="field-label">{p.signUpWho}</p>
        <MemberFinder
          db={db}
          start="phone"
          onFound={(m) => void request(m)}
          notFound={
            <button type="button" class="btn btn-secondary" onClick={onRegister}>
              {p.goRegister}
            </button>
          }
        />
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={() => setChosen(null)}>
            {t.back}
          </button>
        </div>
      </main>
    );
  }
  return (
    <main class="screen">
      <h1 class="screen-title">{p.eventsTitle}</h1>
      {events && events.length === 0 && <p class="hint">{p.eventsNone}</p>}
      <ul class="event-list">
        {(events ?? []).map((e) => (
          <li key={e.id}>
            <button type="button" class="event-item" onClick={() => setChosen(e)}>
              <span class={`event-kind event-kind-${e.kind}`}>{p.eventKinds[e.kind]}</span>
              <span class="event-title">{e.title}</span>
              <span class="event-when">{eventWhen(e.startsAt, e.endsAt, lang)}</span>
              {e.venue && <span class="event-venue">{e.venue}</span>}
              {e.description && <span class="event-desc">{e.description}</span>}
              <span class="event-capacity">{p.capacity(e.capacity)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={onDone}>
          {t.back}
        </button>
      </div>
    </main>
  );
}
