import { useState } from 'preact/hooks';
import { markConflictsSeen, unseenConflicts } from '../../db/conflicts';
import type { KioskDb } from '../../db/kiosk-db';
import { useLiveQuery } from '../../db/use-live-query';
import { moveWish, wishWall } from '../../db/wishes';
import { useLang } from '../../i18n/i18n';
import { useWishesT, type WishesStrings } from '../../i18n/wishes';
import { humanText } from '../../protocol/people';
import { parseWire } from '../../protocol/schemas';
import type { WishRecord } from '../../protocol/wishes';
import { shortDate, statusLine } from './WishCard';

export interface HostWishesProps {
  db: KioskDb;
  stationId: string;
}

const WHO = humanText(40, 'claimedBy');
/** Wishes per page of host mode's list (a district may hold hundreds). */
const PAGE = 8;

/** A wish's text cut to a phrase the host recognises. */
function gist(text: unknown): string {
  const chars = [...String(text ?? '')];
  return chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : chars.join('');
}

/** A lost wish edit in plain words: what this kiosk did, what the district had done, which stands. */
export function wishConflictText(w8: WishesStrings, mine: Record<string, unknown>, theirs: Record<string, unknown>) {
  const name = (s: unknown) =>
    typeof s === 'string' && s in w8.statuses ? w8.statuses[s as WishRecord['status']] : '';
  const theirsName = name(theirs.status);
  if (!theirsName) return w8.notFound;
  const text = gist(mine.text ?? theirs.text);
  // Both moved it the same way (two claims): who the district's side named is what differs.
  if (mine.status === theirs.status && typeof theirs.claimedBy === 'string') {
    return w8.conflictSame(text, theirsName, w8.claimedBy(theirs.claimedBy));
  }
  return w8.conflictLine(text, name(mine.status), theirsName);
}

/**
 * Host mode's wishes: this station's (or the district's) open and claimed wishes, claimed by a named
 * person or marked fulfilled, offline, as versioned changes; and, in plain words, any such change that
 * lost to the district's own.
 */
export function HostWishes({ db, stationId }: HostWishesProps) {
  const w8 = useWishesT();
  const lang = useLang();
  const [scope, setScope] = useState<'station' | 'district'>('station');
  const [page, setPage] = useState(0);
  const [who, setWho] = useState('');
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const wall = useLiveQuery(() => wishWall(db), [db], []);
  const lost = useLiveQuery(async () => (await unseenConflicts(db)).filter((c) => c.kind === 'wish'), [db], []);
  const todo = wall.filter(
    (w) =>
      (w.record.status === 'open' || w.record.status === 'claimed') &&
      (scope === 'district' || w.record.stationId === stationId),
  );
  const pages = Math.max(1, Math.ceil(todo.length / PAGE));
  const at = Math.min(page, pages - 1);
  const shown = todo.slice(at * PAGE, (at + 1) * PAGE);
  const choose = (s: 'station' | 'district') => {
    setScope(s);
    setPage(0);
  };

  async function move(id: string, to: 'claimed' | 'fulfilled') {
    const typed = who.trim();
    const parsed = typed ? parseWire(WHO, typed) : null;
    if (to === 'claimed' && !typed) return setMessage({ text: w8.hostWhoNeeded, ok: false });
    if (parsed && !parsed.ok) return setMessage({ text: w8.hostWhoBad, ok: false });
    const outcome = await moveWish(db, id, to, parsed?.ok ? parsed.value : null);
    if ('error' in outcome) {
      const now = wall.find((w) => w.record.id === id)?.record.status;
      setMessage({
        text:
          outcome.error === 'not_synced'
            ? w8.notSynced
            : outcome.error === 'status_backwards' && now
              ? w8.backwards(w8.statuses[now])
              : w8.notFound,
        ok: false,
      });
    } else setMessage({ text: to === 'claimed' ? w8.claimedOk : w8.fulfilledOk, ok: true });
  }

  return (
    <section class="host-wishes">
      {lost.length > 0 && (
        <div class="alert" role="alert">
          <strong>{w8.conflictTitle}</strong>
          {lost.map((c) => (
            <p key={c.changeId}>{wishConflictText(w8, c.mine, c.theirs)}</p>
          ))}
          <button type="button" class="btn btn-small" onClick={() => void markConflictsSeen(db)}>
            {w8.acknowledge}
          </button>
        </div>
      )}
      <div class="segmented" role="tablist">
        <button type="button" role="tab" aria-selected={scope === 'station'} onClick={() => choose('station')}>
          {w8.hostScopeStation}
        </button>
        <button type="button" role="tab" aria-selected={scope === 'district'} onClick={() => choose('district')}>
          {w8.hostScopeDistrict}
        </button>
      </div>
      <label class="field">
        <span class="field-label">{w8.hostWho}</span>
        <input
          class="text-input"
          type="text"
          autocomplete="off"
          placeholder={w8.hostWhoHint}
          value={who}
          onInput={(e) => setWho(e.currentTarget.value)}
        />
      </label>
      {message && (
        <p class={message.ok ? 'notice-ok' : 'error'} role="status">
          {message.text}
        </p>
      )}
      {todo.length === 0 && <p class="hint">{w8.hostEmpty}</p>}
      <ul class="host-wish-list">
        {shown.map((w) => (
          <li key={w.record.id} class="host-wish">
            <div class="host-wish-text">
              <span class={`wish-cat wish-cat-${w.record.category}`}>{w8.categories[w.record.category]}</span>
              <span class="wish-text-full">{w.record.text}</span>
              <span class="hint">
                {statusLine(w.record, w8, lang)} · {w.record.posterName ?? w8.anonymousPoster} ·{' '}
                {w8.postedAt(shortDate(w.record.createdAt, lang))}
                {w.record.stationId !== stationId ? ` · ${w8.otherStation}` : ''}
                {w.pending ? ` · ${w8.pending}` : ''}
              </span>
            </div>
            <div class="host-wish-actions">
              {w.record.status === 'open' && (
                <button type="button" class="btn btn-secondary" onClick={() => void move(w.record.id, 'claimed')}>
                  {w8.claim}
                </button>
              )}
              <button type="button" class="btn btn-primary" onClick={() => void move(w.record.id, 'fulfilled')}>
                {w8.fulfil}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav class="wish-pager" aria-label={w8.pageOf(at + 1, pages)}>
          <button type="button" class="btn btn-secondary" disabled={at === 0} onClick={() => setPage(at - 1)}>
            ‹ {w8.prevPage}
          </button>
          <span class="wish-page">{w8.pageOf(at + 1, pages)}</span>
          <button type="button" class="btn btn-secondary" disabled={at >= pages - 1} onClick={() => setPage(at + 1)}>
            {w8.nextPage} ›
          </button>
        </nav>
      )}
    </section>
  );
}
