import type { KioskDb } from '../../db/kiosk-db';
import type { FoundMember } from '../../db/people';
import { useT } from '../../i18n/i18n';
import { usePeopleT } from '../../i18n/people';
import { MemberFinder } from './MemberFinder';

export interface ScanTapInProps {
  db: KioskDb;
  onFound: (member: FoundMember) => void;
  onBack: () => void;
}

/** 扫码签到: a member card (or the member's phone) before choosing services. */
export function ScanTapIn({ db, onFound, onBack }: ScanTapInProps) {
  const t = useT();
  const p = usePeopleT();
  return (
    <main class="screen screen-fit">
      <h1 class="screen-title">{p.scanTitle}</h1>
      <MemberFinder db={db} onFound={onFound} />
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={onBack}>
          {t.back}
        </button>
      </div>
    </main>
  );
}
