import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import { knownEvents, signupsHeld, type SignupView } from '../../db/people';
import { useLang } from '../../i18n/i18n';
import { usePeopleT } from '../../i18n/people';
import type { EventRecord } from '../../protocol/people';
import { eventWhen } from './format';

/** A member's sign-ups for events not yet over, with the server's answer where it came back. */
export function SignupList({ db, memberId }: { db: KioskDb; memberId: string }) {
  const p = usePeopleT();
  const lang = useLang();
  const [rows, setRows] = useState<{ s: SignupView; e: EventRecord }[]>([]);
  useEffect(() => {
    void (async () => {
      const events = new Map((await knownEvents(db)).map((e) => [e.id, e]));
      const now = new Date().toISOString();
      setRows(
        (await signupsHeld(db, memberId)).flatMap((s) => {
          const e = events.get(s.record.eventId);
          return e && e.endsAt > now && s.record.status !== 'cancelled' ? [{ s, e }] : [];
        }),
      );
    })();
  }, [db, memberId]);
  if (rows.length === 0) return null;
  return (
    <section class="signup-list">
      <h2>{p.yourSignups}</h2>
      <ul>
        {rows.map(({ s, e }) => (
          <li key={s.record.id} class={`signup signup-${s.record.status}`}>
            <strong>{e.title}</strong> <span class="hint">{eventWhen(e.startsAt, e.endsAt, lang)}</span>
            <br />
            {p.signupStatus[s.record.status]}
            {s.record.status === 'waitlisted' && s.record.waitlistPosition
              ? p.waitlistAt(s.record.waitlistPosition)
              : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
