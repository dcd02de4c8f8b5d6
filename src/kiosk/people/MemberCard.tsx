import { renderSVG } from 'uqr';
import { usePeopleT } from '../../i18n/people';
import { cardPayload, maskName, type MemberRecord } from '../../protocol/people';

export interface MemberCardProps {
  member: Pick<MemberRecord, 'id' | 'cardKey' | 'memberNo' | 'name'>;
  stationName: string;
  /** The heading; 注册成功 when left out. */
  title?: string;
  onDone: () => void;
}

/**
 * The end of registration: the member number and the card's QR on screen (to photograph),
 * and a card to print (print CSS keeps only the card, one per page).
 */
export function MemberCard({ member, stationName, title, onDone }: MemberCardProps) {
  const t = usePeopleT();
  // Our own SVG from our own text: nothing a user typed goes into it.
  const svg = renderSVG(cardPayload(member), { border: 2, ecc: 'M' });
  return (
    <main class="screen member-card-screen">
      <h1 class="screen-title">{title ?? t.cardTitle}</h1>
      <section class="member-card" aria-label={t.cardCaption}>
        <p class="member-card-caption">{t.cardCaption}</p>
        <div class="member-card-qr" dangerouslySetInnerHTML={{ __html: svg }} />
        <p class="member-card-name">{maskName(member.name)}</p>
        <p class="member-card-no">
          {t.cardMemberNo} <strong>{member.memberNo}</strong>
        </p>
        {stationName && <p class="member-card-station">{stationName}</p>}
      </section>
      <p class="hint">{t.cardHint}</p>
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={() => window.print()}>
          {t.print}
        </button>
        <button type="button" class="btn btn-primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </main>
  );
}
