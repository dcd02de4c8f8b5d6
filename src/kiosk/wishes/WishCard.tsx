import type { WishView } from '../../db/wishes';
import type { Lang } from '../../i18n/i18n';
import type { WishesStrings } from '../../i18n/wishes';

/** A date as a worker reads it on the wall: 11月26日 / 26 Nov. */
export function shortDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' }).format(new Date(iso));
}

/** What a wish's status line says: the status, who claimed it, when it was fulfilled. */
export function statusLine(w: WishView['record'], w8: WishesStrings, lang: Lang): string {
  const parts = [w8.statuses[w.status]];
  if (w.claimedBy && (w.status === 'claimed' || w.status === 'fulfilled')) parts.push(w8.claimedBy(w.claimedBy));
  if (w.status === 'fulfilled' && w.fulfilledAt) parts.push(w8.fulfilledAt(shortDate(w.fulfilledAt, lang)));
  return parts.join(' · ');
}

/** One wish on the wall: kind, status, the text (as text, never markup), the masked poster and the day. */
export function WishCard({
  wish,
  w8,
  lang,
  onOpen,
}: {
  wish: WishView;
  w8: WishesStrings;
  lang: Lang;
  onOpen?: (w: WishView) => void;
}) {
  const r = wish.record;
  return (
    <li class={`wish-card wish-${r.status}`}>
      <button type="button" class="wish-card-btn" onClick={() => onOpen?.(wish)}>
        <span class="wish-top">
          <span class={`wish-cat wish-cat-${r.category}`}>{w8.categories[r.category]}</span>
          <span class="wish-status">{statusLine(r, w8, lang)}</span>
        </span>
        <span class="wish-text">{r.text}</span>
        <span class="wish-foot">
          {r.posterName ?? w8.anonymousPoster} · {w8.postedAt(shortDate(r.createdAt, lang))}
          {wish.pending && <span class="wish-pending"> · {w8.pending}</span>}
        </span>
      </button>
    </li>
  );
}
