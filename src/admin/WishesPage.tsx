import { can } from './console-access';
import { useRef, useState } from 'preact/hooks';
import type { WishListQuery, WishSummary } from '../protocol/console-wishes';
import { WISH_CATEGORIES, WISH_STATUSES } from '../protocol/wishes';
import { formatTime } from './admin-time';
import './wishes-page.css';
import { Notice } from './Notice';
import { useStations } from './use-directory';
import { useLoad } from './use-load';
import { isStale, wishErrorText, wishesApi, wishesT } from './wishes-api';

const PAGE = 50;
type Filters = Omit<WishListQuery, 'offset' | 'limit' | 'minDays' | 'maxDays'>;
const AGES = {
  any: {},
  week: { maxDays: '7' },
  month: { maxDays: '30' },
  olderWeek: { minDays: '7' },
  olderMonth: { minDays: '30' },
};
type Age = keyof typeof AGES;

/** A wish's text cut to a phrase for a sentence about it. */
function gist(text: string): string {
  const chars = [...text];
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : text;
}

/**
 * The district's micro-wishes: filters (status, kind, station, age), server-side paging, and claim /
 * fulfil / withdraw on each, based on the version shown; every action ends in a sentence saying what happened.
 */
export function WishesPage() {
  const t = wishesT();
  const stations = useStations();
  const [filters, setFilters] = useState<Filters>({ status: 'open' });
  const [age, setAge] = useState<Age>('any');
  const [offset, setOffset] = useState(0);
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const query: WishListQuery = { ...filters, ...AGES[age], offset: String(offset), limit: String(PAGE) };
  const list = useLoad(() => wishesApi.list(query), JSON.stringify(query));
  const set = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setOffset(0);
  };

  /**
   * Runs one action at a time; a conflict or a backward move reloads the list so the admin sees what is
   * true now. Answers whether the row's form can close (done, or moot now).
   */
  async function act(action: () => Promise<unknown>, ok: string) {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    try {
      await action();
      setOutcome({ tone: 'ok', text: ok });
      list.reload();
      return true;
    } catch (err) {
      setOutcome({ tone: 'error', text: wishErrorText(err) });
      if (!isStale(err)) return false;
      list.reload();
      return true;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const data = list.data;
  const to = data ? Math.min(data.offset + data.limit, data.total) : 0;
  const pager = data && (
    <nav class="pager" aria-label={t.pageOf(data.offset + 1, to, data.total)}>
      <span>{t.pageOf(data.offset + 1, to, data.total)}</span>
      <button type="button" disabled={data.offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
        {t.prevPage}
      </button>
      <button type="button" disabled={to >= data.total} onClick={() => setOffset(offset + PAGE)}>
        {t.nextPage}
      </button>
    </nav>
  );
  return (
    <section>
      <form class="inline filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t.status}
          <select
            value={filters.status ?? ''}
            onChange={(e) => set({ status: WISH_STATUSES.find((s) => s === e.currentTarget.value) })}
          >
            <option value="">{t.allStatuses}</option>
            {WISH_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.statuses[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.category}
          <select
            value={filters.category ?? ''}
            onChange={(e) => set({ category: WISH_CATEGORIES.find((c) => c === e.currentTarget.value) })}
          >
            <option value="">{t.allCategories}</option>
            {WISH_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t.categories[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.station}
          <select value={filters.station ?? ''} onChange={(e) => set({ station: e.currentTarget.value || undefined })}>
            <option value="">{t.allStations}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.age}
          <select
            value={age}
            onChange={(e) => {
              setAge(e.currentTarget.value as Age);
              setOffset(0);
            }}
          >
            {(Object.keys(AGES) as Age[]).map((a) => (
              <option key={a} value={a}>
                {t.ages[a]}
              </option>
            ))}
          </select>
        </label>
      </form>
      {data && (
        <p class="wish-counts" data-testid="wish-counts">
          {t.counts(data.counts.open, data.counts.claimed, data.counts.fulfilled, data.counts.withdrawn)}
        </p>
      )}
      <Notice text={list.error} tone="error" />
      {outcome && <Notice text={outcome.text} tone={outcome.tone} />}
      {pager}
      <table aria-busy={list.loading} class="wish-table">
        <thead>
          <tr>
            <th>{t.postedAt}</th>
            <th>{t.station}</th>
            <th>{t.category}</th>
            <th>{t.text}</th>
            <th>{t.poster}</th>
            <th>{t.status}</th>
            <th>{t.actions}</th>
          </tr>
        </thead>
        <tbody>
          {data?.wishes.length === 0 && !list.loading && (
            <tr>
              <td colSpan={7}>{t.noWishes}</td>
            </tr>
          )}
          {(data?.wishes ?? []).map((w) => (
            <WishRow key={`${w.id}:${w.version}`} wish={w} busy={busy} act={act} />
          ))}
        </tbody>
      </table>
      {pager}
      <section class="downloads" aria-label={t.downloads}>
        <strong>{t.downloads}</strong>
        <a class="button" href="/api/v1/export/wishes?format=csv&all=1" download>
          {t.downloadCsv}
        </a>
        <a class="button" href="/api/v1/export/wishes?format=ndjson&all=1" download>
          {t.downloadNdjson}
        </a>
      </section>
    </section>
  );
}

/** One wish: what it says, who posted it (masked), its status, and the moves it still allows. */
function WishRow({
  wish: w,
  busy,
  act,
}: {
  wish: WishSummary;
  busy: boolean;
  act: (action: () => Promise<unknown>, ok: string) => Promise<boolean>;
}) {
  const t = wishesT();
  const [asking, setAsking] = useState<'claim' | 'fulfil' | 'withdraw' | null>(null);
  const [who, setWho] = useState('');
  const live = w.status === 'open' || w.status === 'claimed';
  const done = async (ok: Promise<boolean>) => {
    if (await ok) setAsking(null);
  };
  return (
    <tr class={live ? '' : 'muted'}>
      <td>{formatTime(w.createdAt)}</td>
      <td class="wish-station">{w.stationName}</td>
      <td>{t.categories[w.category]}</td>
      <td class="wish-text-cell">{w.text}</td>
      <td>
        {w.posterName ?? t.anonymous}
        {w.memberNo && <small class="sub mono">{t.memberNo(w.memberNo)}</small>}
      </td>
      <td>
        {t.statuses[w.status]}
        {w.claimedBy && <small class="sub">{t.claimedBy(w.claimedBy)}</small>}
      </td>
      <td class="wish-actions">
        {asking === 'claim' ? (
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              void done(act(() => wishesApi.claim(w.id, w.version, who), t.claimedOk(gist(w.text), who.trim())));
            }}
          >
            <label>
              {t.claimWho}
              <input
                type="text"
                value={who}
                maxLength={60}
                placeholder={t.claimWhoHint}
                onInput={(e) => setWho(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="primary" disabled={busy}>
              {t.claimConfirm}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              {t.cancel}
            </button>
          </form>
        ) : asking ? (
          <div class="confirm" role="group" aria-label={asking === 'fulfil' ? t.fulfil : t.withdraw}>
            <p>{asking === 'fulfil' ? t.fulfilAsk(gist(w.text)) : t.withdrawAsk(gist(w.text))}</p>
            <button
              type="button"
              class={asking === 'withdraw' ? 'primary danger' : 'primary'}
              disabled={busy}
              onClick={() =>
                void done(
                  asking === 'fulfil'
                    ? act(() => wishesApi.fulfil(w.id, w.version), t.fulfilledOk(gist(w.text)))
                    : act(() => wishesApi.withdraw(w.id, w.version), t.withdrawnOk(gist(w.text))),
                )
              }
            >
              {asking === 'fulfil' ? t.fulfil : t.withdraw}
            </button>
            <button type="button" disabled={busy} onClick={() => setAsking(null)}>
              {t.cancel}
            </button>
          </div>
        ) : (
          live &&
          can('write') && (
            <>
              {w.status === 'open' && (
                <button type="button" onClick={() => setAsking('claim')}>
                  {t.claim}
                </button>
              )}
              <button type="button" onClick={() => setAsking('fulfil')}>
                {t.fulfil}
              </button>
              <button type="button" onClick={() => setAsking('withdraw')}>
                {t.withdraw}
              </button>
            </>
          )
        )}
      </td>
    </tr>
  );
}
