import { useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import { findMemberByPhone, type FoundMember } from '../../db/people';
import { useT } from '../../i18n/i18n';
import { usePeopleT } from '../../i18n/people';
import { PHONE_PATTERN } from '../../protocol/schemas';
import { Keypad } from '../../ui/Keypad';
import { groupPhone } from '../IdentifyScreen';

export interface PhoneFinderProps {
  db: KioskDb;
  /** With the number typed, for a member who goes on to update their details. */
  onFound: (member: FoundMember, phone: string) => void;
  /** Shown when no member has the number (the caller decides what the worker can do then). */
  notFound?: preact.ComponentChildren;
}

/** Finds a member by the phone they registered with: typed on the keypad, checked against the directory's hashes. */
export function PhoneFinder({ db, onFound, notFound }: PhoneFinderProps) {
  const t = useT();
  const p = usePeopleT();
  const [digits, setDigits] = useState('');
  const [state, setState] = useState<'typing' | 'checking' | 'missing'>('typing');
  const valid = PHONE_PATTERN.test(digits);
  async function find() {
    setState('checking');
    const member = await findMemberByPhone(db, digits);
    if (member) onFound(member, digits);
    else setState('missing');
  }
  return (
    <div class="finder">
      <output class="phone-display" aria-label={p.findTitle}>
        {groupPhone(digits) || '\u00a0'}
      </output>
      {digits.length === 11 && !valid && <p class="error">{p.phoneInvalid}</p>}
      {state === 'missing' && (
        <div class="error" role="alert">
          <p class="error-line">{p.notFound}</p>
          {notFound}
        </div>
      )}
      <Keypad
        value={digits}
        maxLength={11}
        onChange={(d) => {
          setDigits(d);
          setState('typing');
        }}
        clearLabel={t.clear}
        deleteLabel={t.delete}
      />
      <button type="button" class="btn btn-primary btn-wide" disabled={!valid || state === 'checking'} onClick={find}>
        {state === 'checking' ? p.checking : t.next}
      </button>
    </div>
  );
}
