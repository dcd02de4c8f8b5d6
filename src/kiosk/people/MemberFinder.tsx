import { useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import type { FoundMember } from '../../db/people';
import { usePeopleT } from '../../i18n/people';
import { CardScanner } from './CardScanner';
import { PhoneFinder } from './PhoneFinder';

export interface MemberFinderProps {
  db: KioskDb;
  onFound: (member: FoundMember) => void;
  /** Where to start: the camera, or the keypad. */
  start?: 'card' | 'phone';
  notFound?: preact.ComponentChildren;
}

/** Identifies a member by card (camera) or by phone (keypad), switchable either way. */
export function MemberFinder({ db, onFound, start = 'card', notFound }: MemberFinderProps) {
  const p = usePeopleT();
  const [by, setBy] = useState(start);
  return (
    <div class="member-finder">
      <div class="segmented" role="tablist">
        <button type="button" role="tab" aria-selected={by === 'card'} onClick={() => setBy('card')}>
          {p.scanCard}
        </button>
        <button type="button" role="tab" aria-selected={by === 'phone'} onClick={() => setBy('phone')}>
          {p.usePhone}
        </button>
      </div>
      {by === 'card' ? (
        <>
          <p class="hint">{p.scanHint}</p>
          <CardScanner db={db} onFound={onFound} />
        </>
      ) : (
        <PhoneFinder db={db} onFound={onFound} notFound={notFound} />
      )}
    </div>
  );
}
