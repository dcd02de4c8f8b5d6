import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { maskPhone } from '../domain/phone';
import { joinList } from '../i18n/format';
import { useLang, useT } from '../i18n/i18n';
import type { ServiceId } from '../protocol/services';
import type { KioskState } from './kiosk-status';

/** What this tap-in stored, as the courier may see it again. */
export interface RecordedVisit {
  services: ServiceId[];
  /** The phone kept with the visit (none for a member or an anonymous tap-in); shown masked. */
  phone: string | null;
  /** A member's masked name and number, when the visit carries their member id. */
  member: { name: string; memberNo: string } | null;
}

export interface DoneScreenProps {
  afterMs: number;
  onDone: () => void;
  recorded: RecordedVisit;
  /** The kiosk's state, so the courier is told the record waits here when it cannot go to the server yet. */
  state: KioskState;
  /** What else to tell the worker (a member's sign-up answers). */
  children?: ComponentChildren;
}

/** Thank-you with what was recorded; returns home by itself, or at a touch. */
export function DoneScreen({ afterMs, onDone, recorded, state, children }: DoneScreenProps) {
  const t = useT();
  const lang = useLang();
  const [left, setLeft] = useState(Math.ceil(afterMs / 1000));
  useEffect(() => {
    const end = setTimeout(onDone, afterMs);
    const tick = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => {
      clearTimeout(end);
      clearInterval(tick);
    };
  }, [afterMs, onDone]);
  const who = recorded.member
    ? t.memberLabel(recorded.member.name, recorded.member.memberNo)
    : recorded.phone
      ? maskPhone(recorded.phone)
      : t.anonymousShort;
  const kept = state === 'revoked' ? t.doneKeptRevoked : state === 'online' ? null : t.doneKeptHere;
  return (
    <main class="screen done" onClick={onDone}>
      <div class="done-mark" aria-hidden="true">
        ✓
      </div>
      <h1 class="screen-title">{t.doneTitle}</h1>
      <p class="done-body">{t.doneBody}</p>
      <dl class="done-summary" aria-label={t.doneRecorded}>
        <div>
          <dt>{t.servicesCol}</dt>
          <dd>
            {joinList(
              recorded.services.map((s) => t.services[s]),
              lang,
            )}
          </dd>
        </div>
        <div>
          <dt>{t.who}</dt>
          <dd>{who}</dd>
        </div>
      </dl>
      {kept && <p class="done-kept">{kept}</p>}
      {children}
      <p class="hint">{t.doneReturn(left)}</p>
    </main>
  );
}
